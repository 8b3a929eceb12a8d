"""Fixtures of the PAR index tests: the one-stop fixtures (calendar, procedures, one-stop staff), for the criteria
measured from dossiers and ratings."""

from par.dossiers.tests.conftest import national, procedures, staff  # noqa: F401 (fixtures)
