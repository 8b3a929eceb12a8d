"""Which database alias each read uses with a replica configured (decision 0176). The "replica" alias of the
tests is a mirror of the test database (par.settings_test), so the data is the same and only the alias that ran a
query tells where it went. Transactional: inside a transaction every read stays on "default" by design."""

from __future__ import annotations

import time
from contextlib import ExitStack, contextmanager

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from par.core.db_router import PIN_KEY, replica_reads
from par.dossiers.models import Dossier
from par.portal.lookup import invalidate
from par.portal.tests.conftest import NOW
from par.portal.tokens import lookup_url

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.time_machine(NOW, tick=True),
]
ROUTED = override_settings(DATABASE_ROUTERS=["par.core.db_router.ReplicaRouter"], PAR_REPLICA_PIN_SECONDS=10)


@contextmanager
def queries_by_alias():
    """Yields {"default": [...], "replica": [...]}: the SQL each alias ran inside the block."""
    with ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in ("default", "replica")
        }
        found: dict[str, list[str]] = {}
        yield found
    found.update({alias: [q["sql"] for q in c.captured_queries] for alias, c in captured.items()})


def dossier_reads(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if 'FROM "dossiers_dossier"' in sql]


def test_a_public_lookup_reads_the_dossier_from_the_replica(client, dossiers):
    cache.clear()
    with ROUTED, queries_by_alias() as found:
        html = client.get(lookup_url(dossiers.open.code)).content.decode()
    assert dossiers.open.code in html
    assert dossier_reads(found["replica"]) and not dossier_reads(found["default"])


def test_without_the_router_the_lookup_reads_from_default(client, dossiers):
    cache.clear()
    with queries_by_alias() as found:
        client.get(lookup_url(dossiers.open.code))
    assert dossier_reads(found["default"]) and not found["replica"]


def test_a_dossier_that_just_changed_is_read_from_default_until_the_replica_can_have_replayed_it(
    client, dossiers, time_machine
):
    cache.clear()
    with ROUTED:
        invalidate(dossiers.open.code)  # what each transition does after it commits
        with queries_by_alias() as found:
            client.get(lookup_url(dossiers.open.code))
        assert dossier_reads(found["default"]) and not dossier_reads(found["replica"])
        cache.clear()  # the locmem cache keeps the marker by wall-clock time: drop it as its expiry would
        with queries_by_alias() as later:
            client.get(lookup_url(dossiers.open.code))
    assert dossier_reads(later["replica"])


def test_reads_inside_a_transaction_and_every_write_stay_on_default(dossiers):
    with ROUTED, queries_by_alias() as found, replica_reads():
        assert Dossier.objects.filter(pk=dossiers.open.pk).exists()
        with transaction.atomic():
            assert Dossier.objects.filter(pk=dossiers.open.pk).exists()
        dossier = Dossier.objects.get(pk=dossiers.open.pk)
        assert dossier._state.db == "replica"
        dossier.save(update_fields=["version"])
    assert len(dossier_reads(found["replica"])) == 2
    assert len(dossier_reads(found["default"])) == 1
    assert any(sql.startswith("UPDATE") for sql in found["default"])
    assert not any(sql.startswith("UPDATE") for sql in found["replica"])


def test_outside_replica_reads_nothing_goes_to_the_replica(dossiers):
    with ROUTED, queries_by_alias() as found:
        assert Dossier.objects.filter(pk=dossiers.open.pk).exists()
    assert not found["replica"]


def test_a_signed_in_user_who_just_changed_something_reads_from_default(rf, people, dossiers):
    request = rf.get("/")
    request.user = people.ward_clerk
    request.session = {PIN_KEY: time.time() + 10}
    with ROUTED, queries_by_alias() as found, replica_reads(request):
        assert Dossier.objects.filter(pk=dossiers.open.pk).exists()
    assert dossier_reads(found["default"]) and not found["replica"]
    request.session = {PIN_KEY: time.time() - 1}
    with ROUTED, queries_by_alias() as later, replica_reads(request):
        assert Dossier.objects.filter(pk=dossiers.open.pk).exists()
    assert dossier_reads(later["replica"])
