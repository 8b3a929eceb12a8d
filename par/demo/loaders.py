"""Every app's demo loader, in an order that respects what each one reads (decision 0118).

An app with demo data has `demo.py` with `load_demo(units, stdout)` (idempotent) and `AFTER`: the labels of the
apps whose demo data it reads. The loaders run after everything they name; among those free to run, in
INSTALLED_APPS order, so the order is the same on every run. No list of apps here.
"""

from __future__ import annotations

from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from par.core.discovery import announcing


def demo_loaders() -> list[tuple[str, ModuleType]]:
    """(app label, demo module) for every app with `load_demo`, each after the apps in its AFTER."""
    found = [(label, module) for label, module in announcing("demo") if hasattr(module, "load_demo")]
    labels = {label for label, _module in found}
    waits: dict[str, set[str]] = {}
    for label, module in found:
        after = set(getattr(module, "AFTER", ()))
        unknown = {name for name in after if not apps.is_installed(f"par.{name}")}
        if unknown:
            raise ImproperlyConfigured(f"par.{label}.demo: AFTER names apps not installed: {sorted(unknown)}")
        waits[label] = after & labels  # an installed app without demo data holds nobody up
    ordered: list[tuple[str, ModuleType]] = []
    done: set[str] = set()
    while len(ordered) < len(found):
        ready = next(((label, m) for label, m in found if label not in done and waits[label] <= done), None)
        if ready is None:
            stuck = sorted(label for label in labels if label not in done)
            raise ImproperlyConfigured(f"Demo loaders wait on each other: {stuck}")
        ordered.append(ready)
        done.add(ready[0])
    return ordered
