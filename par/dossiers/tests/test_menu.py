"""The navigation entries of the one-stop shop follow the roles, without a database query."""

import pytest

from par.accounts.models import Role
from par.dossiers.menu import items


class Person:
    is_superuser = False


@pytest.mark.parametrize(
    ("roles", "keys"),
    [
        (set(), []),
        ({Role.ONE_STOP_CLERK}, ["dossiers.desk", "dossiers.search", "dossiers.board"]),
        ({Role.PROCESSING_OFFICER}, ["dossiers.queue", "dossiers.search", "dossiers.board"]),
        ({Role.PAR_OFFICER}, ["dossiers.board"]),
    ],
)
def test_each_role_sees_its_one_stop_pages(roles, keys):
    # No django_db mark: any query here would raise.
    entries = items(Person(), roles)
    assert [e["key"] for e in entries] == keys
