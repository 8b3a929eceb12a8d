"""The permissions accounts grants on units to the apps below it (orgunits asks `user.has_perm`)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_province_par_officer_may_change_units_anywhere_below_the_province(people, units):
    assert people.par_officer.has_perm("orgunits.change_unit", units.province)
    assert people.par_officer.has_perm("orgunits.change_unit", units.ward_bim_son)


def test_a_department_head_may_not_change_units_even_in_their_own_department(people, units):
    assert not people.justice_head.has_perm("orgunits.change_unit", units.justice)


def test_a_role_grants_only_the_permissions_listed_for_it(people, units):
    assert not people.par_officer.has_perm("orgunits.delete_unit", units.justice)
    assert not people.par_officer.has_perm("orgunits.change_unit")  # no unit: no object permission
    assert not people.par_officer.has_perm("orgunits.change_unit", people.justice_head)  # not a unit


def test_an_inactive_officer_has_no_permission(people, units):
    people.par_officer.is_active = False
    assert not people.par_officer.has_perm("orgunits.change_unit", units.justice)
