"""Text helpers for Vietnamese written by hand: one way of folding case and diacritics, for parsing what officials
typed (with the position of every character) and for searching."""

import unicodedata
from decimal import Decimal

from django.utils.formats import number_format


def fold_with_origin(text: str) -> tuple[str, list[int]]:
    """Lower-case, diacritic-free text, with the index in `text` of every folded character.

    Officials type "Ủy"/"Uỷ", "Hóa"/"Hoá", "quý"/"quy", NFC or NFD, upper or lower case; structure is found on
    the folded form, while names and labels are sliced from what was written.
    """
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in "đĐ":
            folded = "d"  # đ has no decomposition
        else:
            folded = unicodedata.normalize("NFKD", char).lower()
            folded = "".join(c for c in folded if not unicodedata.combining(c))
        for c in folded:
            chars.append(c)
            origin.append(index)
    return "".join(chars), origin


def fold(text: str) -> str:
    """Lower-case, diacritic-free form of `text` for matching ("Đăng KÝ" → "dang ky", "m²" → "m2").

    NFKD also unfolds what a keyboard or a PDF copy slips in: full-width digits, ligatures, superscripts, the
    no-break space. Spaces are kept as they are, so that positions still map through `fold_with_origin`.
    """
    return fold_with_origin(text)[0]


def search_key(text: str) -> str:
    """The folded form with single spaces, as a search column stores it (catalogue: code and name)."""
    return " ".join(fold(text).split())


def number_text(value) -> str:
    """A number as the reader writes it, without trailing zeros (Vietnamese: 1.234,5 · 11,25 · 100)."""
    value = Decimal(str(value)).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True, force_grouping=True)
