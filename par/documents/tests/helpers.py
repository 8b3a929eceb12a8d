"""Test helpers shared by the document tests and the apps that export documents."""

from __future__ import annotations

import os

import pytest

from par.documents import pdf

# Real conversions need LibreOffice. Where it is absent they are skipped, except when the run says it must be
# there (the lead's CI sets PAR_REQUIRE_LIBREOFFICE=1): then they run and fail, rather than pass unseen.
_SKIP_CONVERSIONS = pytest.mark.skipif(
    pdf.soffice_path() is None and os.environ.get("PAR_REQUIRE_LIBREOFFICE") != "1",
    reason="LibreOffice (soffice) is not installed; scripts/ensure-libreoffice installs it",
)


def needs_libreoffice(test):
    """Mark a test that converts with the real LibreOffice (`-m libreoffice` selects them)."""
    return pytest.mark.libreoffice(_SKIP_CONVERSIONS(test))
