"""The access layer under a token's scope: the checks actions make after the object was found visible."""

from __future__ import annotations

import pytest

from par.accounts.access import TokenScope, has_role, visible_units
from par.accounts.models import Role
from par.orgunits.models import Unit
from par.scoring.access import council_owner_ids, is_council
from par.scoring.models import IndexFramework

pytestmark = pytest.mark.django_db


def through_token(user, *, read_only=False, units=None):
    """`user` as a request authenticated by a token with this scope would carry it."""
    user.token_scope = TokenScope(
        read_only=read_only, unit_paths=None if units is None else tuple(u.path for u in units)
    )
    return user


def test_no_role_counts_through_a_read_only_token(people, units):
    officer = through_token(people.par_officer, read_only=True)
    assert not has_role(officer, units.justice, {Role.PAR_OFFICER})
    assert set(visible_units(officer)) == set(
        visible_units(people.par_officer.__class__.objects.get(pk=officer.pk))
    )


def test_a_role_counts_only_inside_the_tokens_units(people, units):
    officer = through_token(people.par_officer, units=[units.justice])
    assert has_role(officer, units.justice, {Role.PAR_OFFICER})
    assert not has_role(officer, units.home_affairs, {Role.PAR_OFFICER})
    assert not has_role(officer, units.province, {Role.PAR_OFFICER})


def test_a_report_is_written_only_inside_the_tokens_units_and_never_through_a_read_token(people, units):
    from par.reporting.access import can_author

    both = people.justice_officer
    both.memberships.create(unit=units.home_affairs, role=Role.UNIT_OFFICER)
    assert can_author(through_token(both, units=[units.justice]), units.justice)
    assert not can_author(through_token(both, units=[units.justice]), units.home_affairs)
    assert not can_author(through_token(both, read_only=True), units.justice)


def test_the_index_council_reaches_only_frameworks_issued_inside_the_tokens_units(people, units):
    def council_units(user):
        return set(Unit.objects.filter(pk__in=council_owner_ids(user)).values_list("code", flat=True))

    framework = IndexFramework(owner=units.province)
    appraiser = people.appraiser  # at Sở Nội vụ: sits on the province's council
    assert is_council(appraiser, framework) and "38" in council_units(appraiser)
    scoped = through_token(appraiser, units=[units.home_affairs])
    assert not is_council(scoped, framework)
    assert council_units(scoped) == {"38.SNV"}
