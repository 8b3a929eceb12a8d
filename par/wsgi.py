"""WSGI entry point (gunicorn par.wsgi): the public lookup through a lean handler, the rest as usual."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "par.settings")

from par.core.lean import get_application  # noqa: E402  (the settings module must be named first)

application = get_application()
