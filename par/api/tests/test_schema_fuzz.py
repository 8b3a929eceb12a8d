"""schemathesis against the API's own schema (/api/v1/schema/), on a live server with a small demo province:
anonymously, with a unit officer's token and with the province PAR officer's token, every check on. It must
find nothing: the schema tells the truth about every answer (issue 16, decision 0126).

The demo data is the demo's own (each app's `load_demo`) on the small slice of Thanh Hóa the other tests use,
so that the lists, reports, dossiers and scores it reads are real. schemathesis runs as its command line, with
its settings in `schemathesis.toml` beside this file; a failure prints its report.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from par.accounts.models import User
from par.apitokens.models import TokenAccess
from par.apitokens.testing import issue_key
from par.core.testing import make_units
from par.demo.loaders import demo_loaders
from par.demo.management.commands.load_demo import Command as LoadDemo

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.fuzz,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="runs against the production database engine"
    ),
]

HERE = Path(__file__).parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def demo(live_server, settings, monkeypatch):
    """The demo's data on the small slice of the province; the users of `load_demo` with their roles."""
    # A year of dossiers is 3000 in the demo; a hundred show every state and keep the setup short.
    monkeypatch.setattr("par.dossiers.demo.DEFAULT_COUNT", 100)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("seed_calendar", stdout=out)
    call_command("load_demo_procedures", stdout=out)
    slice_ = make_units()
    units = {
        "province": slice_.province,
        "justice": slice_.justice,
        "home_affairs": slice_.home_affairs,
        "ward": slice_.ward_bim_son,
    }
    LoadDemo(stdout=out)._users(units)
    for _label, module in demo_loaders():
        module.load_demo(units, stdout=out)
    return units


def schemathesis(base_url: str, header: str | None, cwd: Path) -> subprocess.Popen:
    """The command line, started in `cwd` (schemathesis keeps its notes in ./.schemathesis)."""
    args = [str(SCHEMATHESIS), "--config-file", str(HERE / "schemathesis.toml"), "--no-color", "run"]
    args += [f"{base_url}/api/v1/schema/", "--checks", "all", "--workers", "1"]
    if header:
        args += ["--header", header]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd)  # noqa: S603


def token(username: str) -> str:
    user = User.objects.get(username=username)
    return f"Authorization: Token {issue_key(user, access=TokenAccess.WRITE)}"


def test_schemathesis_finds_no_answer_that_breaks_the_schema_for_any_caller(demo, live_server, tmp_path):
    # The three callers run side by side: the data is read-mostly and each run's writes are refused or
    # stay within what the others may meet (a changed version is a documented 409).
    callers = {
        "anonymous": None,
        "unit officer": token("canbo.bimson"),
        "province PAR officer": token("cchc.tinh"),
    }
    runs = {}
    for name, header in callers.items():
        cwd = tmp_path / name.replace(" ", "-")
        cwd.mkdir()
        runs[name] = schemathesis(live_server.url, header, cwd)
    reports = {name: run.communicate(timeout=900)[0] for name, run in runs.items()}
    failed = {name: reports[name][-15000:] for name, run in runs.items() if run.returncode != 0}
    assert not failed, "\n\n".join(f"== {name}\n{report}" for name, report in failed.items())
    # A run that loaded the schema tested every operation in it (70 when this was written), not none.
    tested = {name: re.search(r"Tested: (\d+)", report) for name, report in reports.items()}
    assert all(found and int(found[1]) >= 60 for found in tested.values()), reports
