"""PAR's settings with no middleware and the baseline URLs: the floor under any view served by Django."""

from par.settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.loadapp.urls"
