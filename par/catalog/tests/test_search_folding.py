"""The catalogue's search folds text the one way the whole code base does (par.core.text.fold)."""

from importlib import import_module

import pytest
from django.apps import apps

from par.catalog.actions import do_update_procedure
from par.catalog.models import Procedure

pytestmark = pytest.mark.django_db

refold = import_module("par.catalog.migrations.0002_refold_search_text").refold


def test_a_name_with_a_superscript_or_full_width_digits_is_found_as_a_reader_types_it(
    client_for, land, people
):
    name = "Đăng ký đất đai cho thửa đất dưới ３０ m²"
    do_update_procedure(land, changes={"name": name}, actor=people.par_officer)
    assert list(Procedure.objects.search("30 m2").values_list("code", flat=True)) == ["1.012765"]
    page = client_for(people.justice_officer).get("/procedures/", {"q": "dat 30 m2"})
    assert page.status_code == 200 and land.code in page.content.decode()


def test_the_data_migration_refolds_the_stored_search_column(birth, land):
    # As the former fold (NFD) stored it: the superscript kept.
    Procedure.objects.filter(pk=land.pk).update(
        name="Thửa đất dưới 30 m²", search_text="1.012765 thua dat duoi 30 m²"
    )
    Procedure.objects.filter(pk=birth.pk).update(search_text="stale")
    refold(apps, None)
    assert dict(Procedure.objects.values_list("code", "search_text")) == {
        "1.001193": "1.001193 dang ky khai sinh",
        "1.012765": "1.012765 thua dat duoi 30 m2",
    }
