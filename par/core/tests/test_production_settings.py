"""Production fails closed: without its own key or address the server refuses to start, and a production
configuration passes `manage.py check --deploy` (decision 0099).

Starting a server is tried with manage.py in a subprocess with an environment of its own; the other cases read
par/settings.py in this process, with the environment replaced for the test."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "Vq8mZ2rL5tX1wN7pC4hJ9sD6fG0bY3eA" * 2,
    "ALLOWED_HOSTS": "dichvucong.thanhhoa.gov.vn",
    "PAR_SITE_URL": "https://dichvucong.thanhhoa.gov.vn",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto,https",
}


def manage(tmp_path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "par.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }
    return subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def read_settings(monkeypatch, env: dict[str, str]) -> dict:
    """par/settings.py evaluated with `env` as the whole environment."""
    monkeypatch.setattr(os, "environ", dict(env))
    return runpy.run_path(str(ROOT / "par" / "settings.py"))


def without(name: str) -> dict[str, str]:
    return {k: v for k, v in PRODUCTION.items() if k != name}


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = manage(tmp_path, without("SECRET_KEY"), "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_starts_without_a_key_or_address(tmp_path):
    result = manage(tmp_path, {"DEBUG": "1"}, "check")
    assert result.returncode == 0, result.stderr


def test_a_production_configuration_passes_the_deployment_checks(tmp_path):
    result = manage(tmp_path, PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_key_printed_in_the_settings(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        read_settings(monkeypatch, {**PRODUCTION, "SECRET_KEY": "par-development-key-not-for-production"})


def test_the_old_switch_no_longer_lets_production_use_the_printed_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        read_settings(monkeypatch, {**without("SECRET_KEY"), "PAR_INSECURE_DEFAULT_KEY": "1"})


def test_production_without_the_site_address_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PAR_SITE_URL is not set"):
        read_settings(monkeypatch, without("PAR_SITE_URL"))


def test_a_site_address_that_is_not_a_web_address_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PAR_SITE_URL must be an address"):
        read_settings(monkeypatch, {**PRODUCTION, "PAR_SITE_URL": "dichvucong.thanhhoa.gov.vn"})


def test_development_uses_the_development_server_address(monkeypatch):
    values = read_settings(monkeypatch, {"DEBUG": "1"})
    assert values["PAR_SITE_URL"] == "http://127.0.0.1:8000"
    assert values["SECURE_SSL_REDIRECT"] is False and values["SESSION_COOKIE_SECURE"] is False


def test_production_defaults_are_https_only(monkeypatch):
    values = read_settings(monkeypatch, without("SECURE_PROXY_SSL_HEADER"))
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in values  # trusted only when the operator names the proxy's header


def test_deployment_settings_are_read_from_the_environment(monkeypatch):
    env = {
        **PRODUCTION,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0",
        "SECURE_HSTS_PRELOAD": "1",
        "SECURE_COOKIES": "0",
        "PAR_SITE_URL": "https://dichvucong.thanhhoa.gov.vn/",
    }
    values = read_settings(monkeypatch, env)
    assert (values["SECURE_SSL_REDIRECT"], values["SECURE_HSTS_SECONDS"]) == (False, 600)
    assert (values["SECURE_HSTS_INCLUDE_SUBDOMAINS"], values["SECURE_HSTS_PRELOAD"]) == (False, True)
    assert (values["SESSION_COOKIE_SECURE"], values["CSRF_COOKIE_SECURE"]) == (False, False)
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["PAR_SITE_URL"] == "https://dichvucong.thanhhoa.gov.vn"


def test_a_proxy_header_without_its_value_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER"):
        read_settings(monkeypatch, {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"})


@pytest.mark.django_db
def test_behind_the_proxy_a_forwarded_https_request_is_served_and_plain_http_is_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/healthz")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    forwarded = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert forwarded.status_code == 200
    assert forwarded["Strict-Transport-Security"].startswith(f"max-age={settings.SECURE_HSTS_SECONDS}")


def test_the_production_server_command_refuses_to_start_without_a_key(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **without("SECRET_KEY"),
    }
    result = subprocess.run(  # noqa: S603 (the project's own script, fixed arguments)
        [str(ROOT / "scripts" / "serve-prod")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()  # it stopped before migrating anything
