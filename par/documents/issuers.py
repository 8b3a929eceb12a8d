"""How a unit is named on its documents (Decree 30/2020/NĐ-CP, Appendix I): the issuing body's lines in the
header, its name in running text, its symbol and the place of the dateline."""

from __future__ import annotations

from dataclasses import dataclass

from par.orgunits.models import COMMUNE_KINDS, UnitKind

COMMITTEE_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT, *COMMUNE_KINDS})
ADMIN_PREFIXES = (
    "Tỉnh ",
    "Thành phố ",
    "Thị xã ",
    "Thị trấn ",
    "Huyện ",
    "Quận ",
    "Xã ",
    "Phường ",
    "Đặc khu ",
)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


def _place_name(name: str) -> str:
    for prefix in ADMIN_PREFIXES:
        if name.lower().startswith(prefix.lower()):
            return name[len(prefix) :]
    return name


@dataclass(frozen=True)
class Issuer:
    """How a unit is named on its documents: header lines, name in running text, symbol and place."""

    name_lines: tuple[str, ...]
    full_name: str
    symbol: str
    place: str
    managing_body: str = ""
    is_committee: bool = False


def issuer_for(unit) -> Issuer:
    """The issuing body of a unit's documents, in the form Decree 30 prescribes.

    A people's committee is named without a managing body ("ỦY BAN NHÂN DÂN" / "TỈNH THANH HÓA"); a
    department or public-service unit carries its managing body on the upper line ("UBND TỈNH THANH HÓA" above
    "SỞ TƯ PHÁP"). The place in the dateline is the administrative unit where the body sits.
    """
    ancestors = list(unit.ancestors())  # one query (none for a root unit)
    chain = [unit, *reversed(ancestors)]
    seat = next((u for u in chain if u.kind in COMMITTEE_KINDS), unit)
    place = _place_name(seat.name)
    if unit.kind in COMMITTEE_KINDS:
        return Issuer(
            name_lines=("ỦY BAN NHÂN DÂN", unit.name.upper()),
            full_name=f"Ủy ban nhân dân {_lower_first(unit.name)}",
            symbol="UBND",
            place=place,
            is_committee=True,
        )
    managing = ""
    if ancestors:
        parent = ancestors[-1]
        managing = f"UBND {parent.name.upper()}" if parent.kind in COMMITTEE_KINDS else parent.name.upper()
    return Issuer(
        name_lines=(unit.name.upper(),),
        full_name=unit.name,
        symbol=_initials(unit.name),
        place=place,
        managing_body=managing,
    )
