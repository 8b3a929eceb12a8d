"""With a replica configured the roll-up's figures are read there, and a reviewer who has just changed a report
reads them from "default" (decision 0176). The "replica" alias of the tests mirrors the test database; the alias
that ran each query tells where it went (transactional: inside a transaction everything stays on "default")."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from par.portal.tests.test_replica_reads import ROUTED, queries_by_alias
from par.reporting.tests.helpers import D, form_data
from par.reporting.tests.test_rollup import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
AUTH = "django.contrib.auth.middleware.AuthenticationMiddleware"
PINNED = [
    *settings.MIDDLEWARE[: settings.MIDDLEWARE.index(AUTH) + 1],
    "par.core.db_router.PinAfterWriteMiddleware",
    *settings.MIDDLEWARE[settings.MIDDLEWARE.index(AUTH) + 1 :],
]


def value_reads(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if 'FROM "reporting_datavalue"' in sql]


def test_the_roll_up_reads_its_figures_from_the_replica_until_the_reviewer_changes_a_report(world, units):  # noqa: F811
    with ROUTED, override_settings(MIDDLEWARE=PINNED):
        client = Client()  # built here, so that it runs the middleware of the override
        client.force_login(world.reviewer)
        rollup = reverse("reporting:rollup", args=[world.q3.pk, units.province.pk])
        with queries_by_alias() as found:
            assert client.get(rollup).status_code == 200
        assert value_reads(found["replica"]) and not value_reads(found["default"])
        # The access check itself stays on "default": who may see what is never read from a lagging copy.
        assert found["default"]

        table = world.tables[8]
        body = form_data(table, {"hs_tiep_nhan": {"province": D(51)}}, world.province.version)
        values = reverse("reporting:report_values", args=[world.province.pk, table.pk])
        assert client.post(values, body).status_code == 302
        with queries_by_alias() as after:
            assert client.get(rollup).status_code == 200
    assert value_reads(after["default"]) and not after["replica"]
