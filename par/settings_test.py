"""Settings of the test suite and the benchmarks (pyproject's DJANGO_SETTINGS_MODULE, bench/run.py): the production
settings, given explicitly what a deployment must supply, since par.settings refuses to start without it when
DEBUG is off (decision 0099).

Each value is a default: the environment still wins (a test of the settings themselves runs manage.py in a
subprocess with an environment of its own).
"""

import os
import secrets

# A throw-away key per test process; nothing signed in a test outlives it.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("PAR_SITE_URL", "http://testserver")
# The test client and the live server speak plain HTTP: no redirect to HTTPS (HSTS and Secure cookies stay on).
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Tests open and drop databases and start live-server threads: no connection outlives its request there.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")

from par.settings import *  # noqa: E402, F403

# A "replica" alias on the test database itself (TEST MIRROR): the router's tests install
# par.core.db_router.ReplicaRouter with override_settings and see which alias each read used. Without the router
# (the rest of the suite) nothing reads through it.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
