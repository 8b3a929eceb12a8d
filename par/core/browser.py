"""Playwright driving Debian's Chromium for the browser tests (no browser download)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.db import connections
from playwright.sync_api import Page, sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("PAR_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@contextlib.contextmanager
def browser_page(name: str) -> Iterator[Page]:
    """A fresh page in headless Chromium; on failure a full-page screenshot goes to test-results/NAME.png."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium is not installed: run scripts/ensure-chromium (make test does)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        try:
            yield page
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            raise
        finally:
            # While Playwright's sync API is open its event loop counts as running in this thread, so Django hands
            # ORM calls made here connections of their own (kept per async context, not per thread). Nothing else
            # closes them: left open, they keep the test database busy when it is dropped at the end of the run.
            connections.close_all()
            browser.close()
