"""Signals other apps listen to. Sent after commit only, so a listener never sees a rolled-back change."""

from django.dispatch import Signal

# Sent after the commit of every dossier action, with `code` (the dossier code) and `dossier_id`: the portal
# drops its cached public view of that code.
dossier_changed = Signal()
