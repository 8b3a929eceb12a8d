"""One English message, one meaning (docs/decisions/0145).

Django merges every catalogue of the project into one: for a message id without a context only one translation
wins (the project catalogue, then the apps in INSTALLED_APPS order), and every other app shows it. A returned
report was shown as "Hình thức trả kết quả" that way, the one-stop shop's word. So a message without a context
must read the same in every catalogue, and a word known to mean two things here always carries a context
(`pgettext`, `{% translate … context … %}`).
"""

from __future__ import annotations

import gettext
from collections import defaultdict
from pathlib import Path

from django.conf import settings

CATALOGUES = [
    Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES",
    *sorted(Path(settings.BASE_DIR, "par").glob("*/locale/vi/LC_MESSAGES")),
]

# English words with two Vietnamese meanings in this project; each use must name its sense in a context.
AMBIGUOUS = {
    "Returned": "a report sent back to its unit (Bị trả lại) / how a dossier's result is handed over",
}


def _compiled(locale: Path) -> dict:
    with (locale / "django.mo").open("rb") as stream:
        return gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]


def _without_context(catalogues: dict[str, dict]) -> dict[str, dict[str, str]]:
    """{message id: {catalogue: translation}} for every message without a context (plural forms left out)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for name, catalogue in catalogues.items():
        for key, text in catalogue.items():
            if isinstance(key, str) and key and "\x04" not in key:
                found[key][name] = text
    return found


def _differing(found: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {msgid: by for msgid, by in found.items() if len(set(by.values())) > 1}


def _project() -> dict[str, dict[str, str]]:
    return _without_context({str(locale.parents[2]): _compiled(locale) for locale in CATALOGUES})


def test_a_message_without_a_context_reads_the_same_in_every_catalogue():
    differing = _differing(_project())
    assert differing == {}, "Same English, different Vietnamese: give each sense a context (pgettext):\n" + (
        "\n".join(f"  {msgid!r}: {by}" for msgid, by in sorted(differing.items()))
    )


def test_a_word_with_two_senses_is_never_used_without_a_context():
    bare = {msgid: sorted(by) for msgid, by in _project().items() if msgid in AMBIGUOUS}
    assert bare == {}, f"Use pgettext for these words ({AMBIGUOUS}): {bare}"


def test_the_check_catches_one_word_in_two_senses_and_lets_contexts_through():
    found = _without_context(
        {
            "dossiers": {"Returned": "Hình thức trả kết quả", "Save": "Lưu lại"},
            "reporting": {
                "Returned": "Bị trả lại",
                "Save": "Lưu lại",
                "report state\x04Returned": "Bị trả lại",
            },
        }
    )
    assert _differing(found) == {"Returned": {"dossiers": "Hình thức trả kết quả", "reporting": "Bị trả lại"}}


def test_a_returned_report_and_a_dossiers_return_method_each_read_their_own_word(db):
    from django.utils import translation

    from par.dossiers.forms import ActionForm
    from par.reporting.models import ReportState

    with translation.override("vi"):
        assert str(ReportState.RETURNED.label) == "Bị trả lại"
        assert str(ActionForm.base_fields["method"].label) == "Hình thức trả kết quả"
