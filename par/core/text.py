"""Text helpers for Vietnamese written by hand: folding case and diacritics while remembering positions."""

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
    """Lower-case, diacritic-free form of `text` for matching."""
    return fold_with_origin(text)[0]


def number_text(value) -> str:
    """A number as the reader writes it, without trailing zeros (Vietnamese: 1.234,5 · 11,25 · 100)."""
    value = Decimal(str(value)).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True, force_grouping=True)
