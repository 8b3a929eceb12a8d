"""Apps announce themselves: the menu, the API router and the demo loader find each app's own module here.

An app that has menu entries keeps them in its `menu.py`, API routes in its `api/__init__.py`, demo
data in its `demo.py`; nothing central lists the apps (decision 0118). `announcing(name)` returns the modules of
that name of every installed PAR app, in `INSTALLED_APPS` order, imported once and remembered: the menu is drawn
on every page and must cost no more than a dictionary look-up. The cache is dropped when a test changes
`INSTALLED_APPS` (`override_settings`), so a test app shows up as a real one would.
"""

from __future__ import annotations

import functools
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import module_has_submodule

PREFIX = "par."


@functools.cache
def announcing(module_name: str) -> tuple[tuple[str, ModuleType], ...]:
    """(app label, module) for every installed PAR app that has `par.<app>.<module_name>`, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith(PREFIX) or not module_has_submodule(config.module, module_name):
            continue
        found.append((config.label, import_module(f"{config.name}.{module_name}")))
    return tuple(found)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting == "INSTALLED_APPS":
        announcing.cache_clear()
