"""Reading the "Cơ quan thực hiện" cell: who leads, who coordinates, which unit groups, which named units.

A cell such as "- Xây dựng dự thảo văn bản pháp luật: các sở, ban, ngành cấp tỉnh. - Thẩm định văn bản: Sở Tư
pháp. - Cơ quan phối hợp: Văn phòng UBND tỉnh." is read in three steps:

1. `parse_performers` cuts it into segments at role labels ("Cơ quan chủ trì:", "Cơ quan phối hợp, tổng hợp:",
   "Thẩm định văn bản:"…); a segment's role comes from its label, text before any label leads.
2. Inside a segment, collective phrases become unit groups ("các sở, ban, ngành cấp tỉnh" → departments), and
   what is left is cut into names on ";" "," " và " " - " — but only where the parts are known units:
   "Sở Văn hóa, Thể thao và Du lịch" stays one name, so does "Đài Phát thanh và Truyền hình Thanh Hóa".
3. `UnitMatcher` resolves each name to a unit of the province valid on the plan's reference date, tolerant of
   case, diacritics, NFC/NFD, punctuation and the usual abbreviations (UBND, Sở TT&TT, VP UBND tỉnh…).

Names that match nothing are returned, never dropped: the user maps them to a unit or keeps them in the text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from par.orgunits.groups import UnitGroup
from par.orgunits.models import Unit, UnitKind
from par.orgunits.querysets import subtree_q
from par.plans.importing.rows import clean_cell, fold, fold_with_origin
from par.plans.models import UnitRole

# --- Role labels ------------------------------------------------------------------------------------------------

# Words of a label ("Cơ quan phối hợp, tổng hợp:") that make its units coordinating; "chủ trì" wins over them.
_COORDINATING_WORDS = re.compile(
    r"phoi\s+hop|tong\s+hop|huong\s+dan|theo\s+doi|don\s+doc|kiem\s+tra|giam\s+sat"
)
_LEAD_WORDS = re.compile(r"chu\s+tri")
# A colon-ended phrase is a label only if it names a role; "Các Sở: Nội vụ, Tư pháp" is not a label.
_ROLE_WORDS = re.compile(
    r"co\s+quan|don\s+vi|chu\s+tri|thuc\s+hien|xay\s+dung|du\s+thao|tham\s+dinh|trien\s+khai|"
    + _COORDINATING_WORDS.pattern
)
# "Cơ quan phối hợp các sở, ban, ngành…": officials drop the colon after the three common labels.
_BARE_LABEL = re.compile(
    r"(?:co\s+quan|don\s+vi)\s+(?:chu\s+tri|phoi\s+hop|thuc\s+hien)(?:\s*,\s*(?:tong\s+hop|thuc\s+hien))?(?=\s|$)"
)
_LABEL_MAX_WORDS = 12
_BOUNDARY_BEFORE = re.compile(r"(?:^|[.;:\n]|\s[-–—•+]|^[-–—•+])\s*$")


def _role_of_label(label: str) -> str:
    if _LEAD_WORDS.search(label):
        return UnitRole.LEAD
    if _COORDINATING_WORDS.search(label):
        return UnitRole.COORDINATING
    return UnitRole.LEAD


@dataclass
class _Segment:
    role: str
    start: int  # in the cell text
    end: int


def _segments(text: str, folded: str, origin: list[int], default_role: str) -> list[_Segment]:
    """Cut the cell at role labels; returns the spans of text (in `text`) that each label governs."""
    labels: list[tuple[int, int, str]] = []  # folded start, folded end (after the colon), role
    for colon in re.finditer(":", folded):
        start = max(folded.rfind(c, 0, colon.start()) for c in ".;:\n") + 1
        bullet = folded.rfind(" - ", start, colon.start())
        start = bullet + 3 if bullet >= 0 else start
        candidate = folded[start : colon.start()].strip(" -–—•+\t")
        if (
            candidate
            and len(candidate.split()) <= _LABEL_MAX_WORDS
            and _ROLE_WORDS.search(candidate)
            and not re.search(r"[0-9]", candidate)
        ):
            labels.append((start, colon.end(), _role_of_label(candidate)))
    for bare in _BARE_LABEL.finditer(folded):
        inside = any(s <= bare.start() < e for s, e, _ in labels)
        if not inside and _BOUNDARY_BEFORE.search(folded[: bare.start()]):
            labels.append((bare.start(), bare.end(), _role_of_label(bare.group())))
    labels.sort()

    def at(position: int) -> int:
        return origin[position] if position < len(origin) else len(text)

    segments: list[_Segment] = []
    previous_end, previous_role = 0, default_role
    for start, end, role in labels:
        segments.append(_Segment(previous_role, at(previous_end), at(start)))
        previous_end, previous_role = end, role
    segments.append(_Segment(previous_role, at(previous_end), len(text)))
    return [s for s in segments if text[s.start : s.end].strip(" \n-–—•+.;:,")]


# --- Unit groups ------------------------------------------------------------------------------------------------

_UB = r"(?:ubnd|uy\s+ban\s+nhan\s+dan)"
_C = r"\s*,\s*"
_LOCAL = r"(?:huyen|thi\s+xa|thanh\s+pho|quan)"
_GROUP_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        UnitGroup.DEPARTMENTS,
        re.compile(
            rf"(?:cac\s+)?(?:so{_C}ban{_C}nganh|so{_C}nganh|so\s+ban\s+nganh|co\s+quan{_C}don\s+vi\s+cap\s+tinh"
            rf"|co\s+quan\s+chuyen\s+mon(?:\s+cap\s+tinh|\s+thuoc\s+{_UB}\s+(?:tinh|{_LOCAL}))?"
            rf"|phong{_C}ban(?:{_C}nganh)?(?:{_C}don\s+vi)?(?:\s+chuyen\s+mon)?"
            rf"(?:\s+(?:thuoc|cua)\s+{_UB}\s+{_LOCAL})?)"
            rf"(?:{_C}(?:co\s+quan|don\s+vi))?(?:\s+(?:cap\s+tinh|thuoc\s+tinh|tinh)(?![a-z]))?"
        ),
    ),
    (
        UnitGroup.DISTRICTS,
        re.compile(
            rf"(?:{_UB}\s+)?(?:cap\s+huyen|(?:cac\s+)?huyen{_C}thi\s+xa{_C}thanh\s+pho(?:\s+thuoc\s+tinh)?)"
        ),
    ),
    (
        UnitGroup.COMMUNES,
        re.compile(
            rf"(?:{_UB}\s+)?(?:cap\s+xa|(?:cac\s+)?xa{_C}phuong{_C}(?:thi\s+tran|dac\s+khu)"
            rf"|(?:cac\s+)?phuong{_C}xa(?:{_C}thi\s+tran)?|cac\s+xa{_C}phuong|cac\s+(?:xa|phuong))(?![a-z])"
        ),
    ),
    (
        UnitGroup.PUBLIC_SERVICE_UNITS,
        re.compile(
            r"(?:cac\s+)?don\s+vi\s+(?:don\s+vi\s+)?su\s+nghiep(?:\s+cong\s+lap)?(?:\s+truc\s+thuoc)?"
        ),
    ),
]


def _group_spans(folded: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Non-overlapping group phrases in folded[start:end], leftmost-longest first."""
    found = []
    for group, pattern in _GROUP_PATTERNS:
        for match in pattern.finditer(folded, start, end):
            if (
                match.start() == 0 or not folded[match.start() - 1].isalnum()
            ) and match.end() > match.start():
                found.append((match.start(), match.end(), group))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, str]] = []
    for item in found:
        if not chosen or item[0] >= chosen[-1][1]:
            chosen.append(item)
    return chosen


# --- Names ----------------------------------------------------------------------------------------------------------

# A dash is never a hard separator: "Sở Lao động - Thương binh và Xã hội" is one name; leading bullets are
# trimmed from each name.
_HARD_SEPARATOR = re.compile(r";|\n|\.(?=\s|$)")
_SOFT_SEPARATOR = re.compile(r",|\s+va\s+|\s+[-–—]\s+")
_NAME_EDGES = " \t-–—•+*.,;:()"
_LEADING_AND = re.compile(r"^(?:va|cung|voi)\s+", re.IGNORECASE)


def _tidy_name(name: str) -> str:
    name = name.strip(_NAME_EDGES)
    folded, origin = fold_with_origin(name)
    leading = _LEADING_AND.match(folded)
    if leading:
        name = name[origin[leading.end()] :] if leading.end() < len(origin) else ""
    return " ".join(name.split()).strip(_NAME_EDGES)


def _names_in(piece: str, knows: Callable[[str], bool]) -> list[str]:
    """Cut a piece between hard separators into names, joining soft-separated parts that only make sense whole."""
    folded, origin = fold_with_origin(piece)
    atoms: list[tuple[int, int]] = []
    kinds: list[str] = []  # the separator after each atom: "," or "soft"
    position = 0
    for sep in _SOFT_SEPARATOR.finditer(folded):
        atoms.append((position, sep.start()))
        kinds.append("," if "," in sep.group() else "soft")
        position = sep.end()
    atoms.append((position, len(folded)))
    kinds.append(",")

    def original(i: int, j: int) -> str:
        start = origin[atoms[i][0]] if atoms[i][0] < len(origin) else len(piece)
        end = origin[atoms[j][1] - 1] + 1 if atoms[j][1] > 0 else 0
        return piece[start:end]

    names: list[str] = []
    pending: int | None = None  # first atom of a run of unknown atoms
    i = 0
    while i < len(atoms):
        match_end = next((j for j in range(len(atoms) - 1, i - 1, -1) if knows(original(i, j))), None)
        if match_end is not None:
            if pending is not None:
                names.append(original(pending, i - 1))
                pending = None
            names.append(original(i, match_end))
            i = match_end + 1
            continue
        if pending is None:
            pending = i
        if kinds[i] == ",":
            names.append(original(pending, i))
            pending = None
        i += 1
    if pending is not None:
        names.append(original(pending, len(atoms) - 1))
    return [n for n in (_tidy_name(n) for n in names) if any(c.isalpha() for c in n)]


@dataclass
class Performers:
    """The units a cell names, by role: groups (UnitGroup values) and names as written."""

    lead_names: list[str] = field(default_factory=list)
    coordinating_names: list[str] = field(default_factory=list)
    lead_groups: list[str] = field(default_factory=list)
    coordinating_groups: list[str] = field(default_factory=list)

    def add(self, role: str, *, name: str = "", group: str = "") -> None:
        """Add a name or group once; a unit already leading is not also listed as coordinating."""
        lead = role == UnitRole.LEAD
        if group:
            target = self.lead_groups if lead else self.coordinating_groups
            if group not in target:
                target.append(group)
        if name:
            target = self.lead_names if lead else self.coordinating_names
            if name not in target:
                target.append(name)


def parse_performers(
    text: str,
    *,
    default_role: str = UnitRole.LEAD,
    knows: Callable[[str], bool] = lambda name: False,
    into: Performers | None = None,
) -> Performers:
    """Read a performing-units cell into groups and names by role; `knows` tells a unit name from a fragment."""
    result = into if into is not None else Performers()
    text = clean_cell(text)
    if not text:
        return result
    folded, origin = fold_with_origin(text)
    for segment in _segments(text, folded, origin, default_role):
        seg_text = text[segment.start : segment.end]
        seg_folded, seg_origin = fold_with_origin(seg_text)
        cursor = 0
        pieces: list[str] = []
        for start, end, group in _group_spans(seg_folded, 0, len(seg_folded)):
            result.add(segment.role, group=group)
            pieces.append(seg_text[_at(seg_origin, cursor, seg_text) : _at(seg_origin, start, seg_text)])
            cursor = end
        pieces.append(seg_text[_at(seg_origin, cursor, seg_text) :])
        for chunk in pieces:
            for piece in _HARD_SEPARATOR.split(chunk):
                for name in _names_in(piece, knows):
                    result.add(segment.role, name=name)
    return result


def _at(origin: list[int], position: int, text: str) -> int:
    return origin[position] if position < len(origin) else len(text)


# --- Matching names to units -----------------------------------------------------------------------------------

# Abbreviations officials use in plan tables, on canonical text (folded, "&" read as "và", punctuation gone).
_ABBREVIATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?:{p})\b"), full)
    for p, full in [
        (r"ubnd", "uy ban nhan dan"),
        (r"hdnd", "hoi dong nhan dan"),
        (r"vp", "van phong"),
        (r"tt va tt|tttt|ttvtt", "thong tin va truyen thong"),
        (r"kh va dt|khdt|kh dt|khvdt", "ke hoach va dau tu"),
        (r"kh va cn|khcn|kh cn", "khoa hoc va cong nghe"),
        (r"ld tb va xh|ldtb va xh|ldtbxh|ld tbxh|ld tb xh", "lao dong thuong binh va xa hoi"),
        (r"tn va mt|tnmt|tn mt", "tai nguyen va moi truong"),
        (r"nn va ptnt|nnptnt|nn ptnt", "nong nghiep va phat trien nong thon"),
        (r"nn va mt|nnmt", "nong nghiep va moi truong"),
        (r"gd va dt|gddt|gd dt", "giao duc va dao tao"),
        (r"vh tt va dl|vhttdl|vh tt dl|vh ttdl", "van hoa the thao va du lich"),
        (r"gtvt|gt vt", "giao thong van tai"),
        (r"ttpvhcc", "trung tam phuc vu hanh chinh cong"),
        (r"bql", "ban quan ly"),
        (r"kkt", "khu kinh te"),
        (r"kcn", "khu cong nghiep"),
        (r"tc kh|tckh", "tai chinh ke hoach"),
        (r"tp", "thanh pho"),
        (r"tx", "thi xa"),
    ]
]
_KIND_WORDS = r"(?:tinh|thanh\s+pho|huyen|thi\s+xa|quan|xa|phuong|thi\s+tran|dac\s+khu)"
_COMMITTEE_PREFIX = re.compile(rf"^uy ban nhan dan (?={_KIND_WORDS}(?: |$))")
_BARE_KIND = re.compile(rf"(?:{_KIND_WORDS})")
# Not "quận": "Các cơ quan liên quan" ends in "quan".
_TRAILING_KIND = re.compile(r" (?:tinh|huyen|thi xa|thanh pho)$")
_PLACE_KIND_PREFIX = re.compile(rf"^{_KIND_WORDS}\s+")
_PARENTHESES = re.compile(r"\([^()]*\)")


def _place_name(unit_name: str) -> str:
    """ "Tỉnh Thanh Hóa" → "thanh hoa", "Thị xã Bỉm Sơn" → "bim son"."""
    return _PLACE_KIND_PREFIX.sub("", _base(unit_name))


def _base(name: str) -> str:
    text = fold(unicodedata.normalize("NFC", _PARENTHESES.sub(" ", name))).replace("&", " va ")
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text


def committee_name(name: str) -> str:
    """A unit's or a people's committee's name without "Ủy ban nhân dân": "UBND THỊ XÃ BỈM SƠN" → "thi xa bim son"."""
    return _COMMITTEE_PREFIX.sub("", _base(name))


@dataclass
class UnitMatcher:
    """Resolves names to the province's units valid on `day`; a name within `prefer`'s subtree wins a tie."""

    province: Unit
    day: dt.date
    prefer: Unit | None = None
    units: list[Unit] = field(init=False)
    _index: dict[str, list[Unit]] = field(init=False)
    _suffix: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        self.units = list(Unit.objects.as_of(self.day).filter(subtree_q(self.province.path)).order_by("path"))
        places = {_place_name(self.province.name)}
        places |= {_place_name(u.name) for u in self.units if u.kind == UnitKind.DISTRICT}
        if self.prefer is not None:
            places.add(_place_name(self.prefer.name))
        alternatives = "|".join(re.escape(p) for p in sorted(places - {""}, key=len, reverse=True)) or "$^"
        self._suffix = re.compile(rf" (?:(?:{_KIND_WORDS}) )?(?:{alternatives})$")
        self._index = {}
        for unit in self.units:
            for name in {unit.name, unit.short_name} - {""}:
                self._add(self.canonical(name), unit)
        # The issuing committee itself: "UBND tỉnh", "UBND thị xã" when the plan is the district's.
        self._add("uy ban nhan dan", self.province)
        self._add(self.canonical(self.province.name), self.province)
        for unit in (u for u in (self.province, self.prefer) if u is not None):
            kind = _PLACE_KIND_PREFIX.match(_base(unit.name))
            if kind:
                self._add(kind.group().strip(), unit)

    def _add(self, key: str, unit: Unit) -> None:
        units = self._index.setdefault(key, [])
        if unit not in units:
            units.append(unit)

    def canonical(self, name: str) -> str:
        """The comparable form of a unit name: folded, abbreviations expanded, place qualifiers dropped."""
        text = _base(name)
        text = _COMMITTEE_PREFIX.sub("", text)
        # "Sở Tư pháp tỉnh Thanh Hóa", "Phòng Nội vụ thị xã": drop the place, then a bare "tỉnh"/"thị xã"; but
        # never down to a bare kind word ("Thành phố Sầm Sơn" is not "thành phố").
        shorter = _TRAILING_KIND.sub("", self._suffix.sub("", text))
        if len(shorter.split()) >= 2 and not _BARE_KIND.fullmatch(shorter):
            text = shorter
        return text

    def candidates(self, name: str) -> list[Unit]:
        """Every unit the name could mean, the issuing unit's own subtree first."""
        units = self._index.get(self.canonical(name), [])
        if self.prefer is not None and len(units) > 1:
            own = [u for u in units if u.path.startswith(self.prefer.path)]
            units = own or units
        return units

    def knows(self, name: str) -> bool:
        """True when the name is a unit (or an ambiguous one): used to decide where a cell is cut."""
        return bool(self.candidates(name))

    def match(self, name: str) -> Unit | None:
        """The one unit the name means, or None when it means none or several."""
        units = self.candidates(name)
        return units[0] if len(units) == 1 else None

    def suggestions(self, name: str, limit: int = 3) -> list[Unit]:
        """Units whose names are close to `name`, best first, for the user to choose from."""
        exact = self.candidates(name)
        if exact:
            return exact[:limit]
        keys = difflib.get_close_matches(self.canonical(name), list(self._index), n=limit, cutoff=0.75)
        found: list[Unit] = []
        for key in keys:
            for unit in self._index[key]:
                if unit not in found:
                    found.append(unit)
        return found[:limit]

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code valid on the day, inside the province."""
        return next((u for u in self.units if u.code == code.strip()), None)
