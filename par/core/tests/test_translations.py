"""The Vietnamese catalogue is complete and compiled: every message id has a translation in the .mo file."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
# The project catalogue plus each app's own catalogue (par/<app>/locale), which Django merges at run time.
CATALOGUES = [LOCALE, *sorted(Path(settings.BASE_DIR, "par").glob("*/locale/vi/LC_MESSAGES"))]


def _po_msgids(locale: Path) -> set[str]:
    text = (locale / "django.po").read_text(encoding="utf-8")
    ids = set()
    for block in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match and "#~" not in block:
            msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
            if msgid:
                ids.add(msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8"))
    return ids


@pytest.mark.parametrize("locale", [c for c in CATALOGUES if (c / "django.po").exists()], ids=str)
def test_every_message_in_the_vietnamese_catalogue_is_translated_and_compiled(locale):
    with (locale / "django.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]
    keys = {(k[0] if isinstance(k, tuple) else k).split("\x04")[-1] for k, v in compiled.items() if v}
    missing = sorted(_po_msgids(locale) - keys)
    assert missing == [], f"untranslated or not compiled: {missing[:10]}"


def test_the_interface_answers_in_vietnamese_by_default(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in html and "Sign in" not in html


def test_an_apps_own_catalogue_wins_over_djangos_bundled_translation(db):
    from django.utils import translation

    with translation.override("vi"):
        # Django's admin translates "History" as "Bản ghi nhớ"; the dossier page means its processing history.
        word = "History"  # a variable, so that the catalogue tools do not collect it from this test
        assert translation.gettext(word) == "Quá trình xử lý"
