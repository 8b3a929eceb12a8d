"""The document frame of a report form: what stands around the narrative, which differs from province to province
and from one kind of unit to another (docs/decisions/0133).

On the template: the document title ("BÁO CÁO"), the subject line and an opening paragraph before the first
heading. Per kind of unit (`TemplateFrame`): the addressee ("Kính gửi"), the signing authority and the title of
the signer, and the default recipients ("Nơi nhận"). Texts may name placeholders, filled in when the document is
made: {period}, {year}, {next_year}, {unit}, {parent}.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from par.orgunits.models import COMMUNE_KINDS, UnitKind

PLACEHOLDERS = {
    "period": _("the period as written in a sentence (“Quý III năm 2026”, “năm 2026”)"),
    "year": _("the year of the period"),
    "next_year": _("the year after the period"),
    "unit": _("the reporting body (“Ủy ban nhân dân tỉnh Thanh Hóa”, “Sở Tư pháp”)"),
    "parent": _("the body the unit reports to (“Ủy ban nhân dân tỉnh Thanh Hóa”); empty for the province"),
}

COMMITTEE = "TM. ỦY BAN NHÂN DÂN"
_TO_PARENT = "{parent} (để b/c);\nSở Nội vụ (để tổng hợp);\nLưu: VT."
_COMMITTEE_FRAME = {
    "addressee": "{parent}",
    "on_behalf": COMMITTEE,
    "signer_title": "CHỦ TỊCH",
    "recipients": _TO_PARENT,
}
# The frame a new template starts with, per kind of unit: a people's committee signs on behalf of the committee
# by its chair; a department or a public-service unit by its director, without a line of authority (Decree
# 30/2020/NĐ-CP, Appendix I, II.8).
DEFAULT_FRAMES: dict[str, dict[str, str]] = {
    UnitKind.PROVINCE: {
        "addressee": "Bộ Nội vụ",
        "on_behalf": COMMITTEE,
        "signer_title": "CHỦ TỊCH",
        "recipients": "Bộ Nội vụ (để b/c);\nThường trực Tỉnh ủy, Thường trực HĐND tỉnh (để b/c);\n"
        "Chủ tịch, các Phó Chủ tịch UBND tỉnh;\nLưu: VT.",
    },
    UnitKind.DEPARTMENT: {
        "addressee": "{parent}",
        "on_behalf": "",
        "signer_title": "GIÁM ĐỐC",
        "recipients": _TO_PARENT,
    },
    UnitKind.DISTRICT: _COMMITTEE_FRAME,
    **dict.fromkeys(COMMUNE_KINDS, _COMMITTEE_FRAME),
    UnitKind.PUBLIC_SERVICE: {
        "addressee": "{parent}",
        "on_behalf": "",
        "signer_title": "GIÁM ĐỐC",
        "recipients": "{parent} (để b/c);\nLưu: VT.",
    },
}


def check_placeholders(text: str) -> None:
    """Refuse a text naming a placeholder that does not exist, or with an unpaired brace."""
    try:
        names = {
            name for _lit, name, _spec, _conv in string.Formatter().parse(text or "") if name is not None
        }
    except ValueError:
        raise ValidationError(_("A brace is not closed: write placeholders as {period}.")) from None
    unknown = sorted(n for n in names if n not in PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s; the ones you may use are %(known)s.")
            % {
                "names": ", ".join(f"{{{n}}}" for n in unknown),
                "known": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS),
            }
        )


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with its placeholders replaced (a text saved through the forms never names an unknown one)."""
    try:
        return (text or "").format_map(values)
    except (KeyError, ValueError, IndexError):
        return text or ""


class TemplateFrame(models.Model):
    """The parts of the document that depend on the kind of unit: addressee, signing authority, recipients."""

    template = models.ForeignKey(
        "reporting.ReportTemplate",
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="frames",
    )
    unit_kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices)
    addressee = models.TextField(_("addressee (Kính gửi)"), blank=True)
    on_behalf = models.CharField(_("signing authority"), max_length=255, blank=True)
    signer_title = models.CharField(_("title of the signer"), max_length=120)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        app_label = "reporting"
        verbose_name = _("document frame")
        verbose_name_plural = _("document frames")
        ordering = ["template", "unit_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "unit_kind"],
                name="template_frame_unique",
                violation_error_message=_("This template already has a frame for this kind of unit."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_unit_kind_display())

    def clean(self) -> None:
        errors = {}
        for name in ("addressee", "on_behalf", "signer_title", "recipients"):
            try:
                check_placeholders(getattr(self, name))
            except ValidationError as exc:
                errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)


def default_frames(template) -> list[TemplateFrame]:
    """Unsaved frames for every kind of unit, with the default wording."""
    return [
        TemplateFrame(template=template, unit_kind=kind, **DEFAULT_FRAMES[kind]) for kind in UnitKind.values
    ]


def frame_for(template, unit_kind: str) -> TemplateFrame:
    """The template's frame for a kind of unit (the default wording where the template has none)."""
    frame = next((f for f in template.frames.all() if f.unit_kind == unit_kind), None)
    if frame is None:
        frame = TemplateFrame(template=template, unit_kind=unit_kind, **DEFAULT_FRAMES[unit_kind])
    return frame


def period_phrase(name: str) -> str:
    """The period's name as it reads inside a sentence: "Năm 2026" → "năm 2026"; "Quý III năm 2026" unchanged."""
    return name[:1].lower() + name[1:] if name.startswith("Năm ") else name


def lines(text: str) -> list[str]:
    """The non-empty lines of a text, without list dashes."""
    return [line.strip().lstrip("-–•").strip() for line in (text or "").splitlines() if line.strip("-–• \t")]


def recipient_lines(text: str) -> list[str]:
    """The recipients punctuated as Decree 30/2020/NĐ-CP, Appendix I, II.9.b requires: every line ends with ";"
    and the last one ("Lưu: VT, …") with "."."""
    items = lines(text) or ["Lưu: VT."]
    result = []
    for i, item in enumerate(items):
        last = i == len(items) - 1
        body = item.rstrip(";.,")
        result.append(f"{body}." if last else f"{body};")
    return result


@dataclass(frozen=True)
class Signature:
    """The signature block: the lines above the signer's name (authority, then title), in capitals."""

    authority: tuple[str, ...]
    title: tuple[str, ...]


DEPUTY_PREFIX = "PHÓ "
WRITTEN_OUT = ("KT.", "TM.", "TL.", "TUQ.", "Q.")


def signature(frame: TemplateFrame, typed_title: str = "") -> Signature:
    """The authority from the template's frame for the unit's kind, and the signer's title.

    The title typed on the report replaces the frame's; a deputy signs for the head ("KT. CHỦ TỊCH" above
    "PHÓ CHỦ TỊCH", Decree 30/2020/NĐ-CP, Article 13). The authority line never comes from the typed title, so a
    department's report is never signed on behalf of a people's committee.
    """
    authority = tuple(line.upper() for line in lines(frame.on_behalf))
    head = frame.signer_title.strip().upper()
    typed = " ".join((typed_title or "").split()).upper()
    if not typed or typed == head:
        return Signature(authority, (head,))
    if typed.startswith(WRITTEN_OUT):
        return Signature(authority, (typed,))
    if typed.startswith(DEPUTY_PREFIX) and head and not head.startswith(WRITTEN_OUT):
        return Signature(authority, (f"KT. {head}", typed))
    return Signature(authority, (typed,))
