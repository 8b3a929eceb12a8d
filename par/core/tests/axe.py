"""Accessibility checks in the browser tests: axe-core (vendored in vendor/axe/) run on the page as it stands.

`axe_browser(name)` opens one Chromium page for a whole test module (launching Chromium once per module keeps the
run short); `serious_violations(page)` runs axe on it and returns the violations of impact "serious" or
"critical", and `describe` prints them one rule and one element a line for the failure message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from django.db import connections
from playwright.sync_api import Page, sync_playwright

from par.core.browser import ARTIFACTS, CHROMIUM_FLAGS, chromium_path

AXE = Path(__file__).parent / "vendor" / "axe" / "axe.min.js"
SERIOUS = ("serious", "critical")
WIDTHS = (1366, 390)
# The WCAG 2.x A and AA rules and axe's best practices, as the "no serious violation" asks.
RUN_OPTIONS = {"resultTypes": ["violations"]}


@contextlib.contextmanager
def axe_browser(name: str) -> Iterator[Page]:
    """One headless Chromium page for a module's checks. The site's Content-Security-Policy forbids inline
    scripts, so the page is opened with CSP bypassed for axe's injected script only (the pages' own headers are
    unchanged and tested elsewhere)."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium is not installed: run scripts/ensure-chromium (make test does)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(
            viewport={"width": WIDTHS[0], "height": 900}, locale="vi-VN", bypass_csp=True
        )
        page = context.new_page()
        try:
            yield page
        finally:
            # See par.core.browser.browser_page: connections opened while Playwright's loop runs are closed here.
            connections.close_all()
            browser.close()


def serious_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => window.axe.run(document, options)", RUN_OPTIONS)
    return [v for v in result["violations"] if v["impact"] in SERIOUS]


def describe(violations: list[dict]) -> str:
    """The violations, readable: the rule, its impact and help, then each element with axe's summary."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:400]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def check_page(page: Page, url: str, name: str) -> dict[int, str]:
    """Open `url` at each width and run axe; the readable violations by width (empty when there are none).
    A page with violations is kept as a screenshot in test-results/."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_load_state("load")
        violations = serious_violations(page)
        if violations:
            found[width] = describe(violations)
            ARTIFACTS.mkdir(exist_ok=True)
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / f"axe-{name}-{width}.png"), full_page=True)
    return found


def report(found: dict[int, str]) -> str:
    return "\n".join(f"At {width} px:\n{text}" for width, text in found.items())
