"""What a report needs before it may go to the level above: the required sections of its template written.

A required section is satisfied by text in the section itself or in any section nested under it (the sections
that follow it with a greater depth), so "III. Đánh giá chung" is written when its "Ưu điểm" is
(docs/decisions/0141).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from par.reporting.models import Report, SectionText, TemplateSection


def full_number(section: TemplateSection, parents: list[TemplateSection]) -> str:
    """The section's number with its parents' ("II.2"), as officials cite a part of the outline."""
    numbers = [p.number for p in parents if p.number] + ([section.number] if section.number else [])
    return ".".join(numbers)


def missing_sections(report: Report) -> list[str]:
    """The required sections of the report's template with no text in them or below them, as "II.2. Title"."""
    written = {
        section_id
        for section_id, text in SectionText.objects.filter(report=report).values_list("section_id", "text")
        if text.strip()
    }
    return _missing(list(report.template.sections.order_by("order")), written)


def _missing(sections: list[TemplateSection], written: Iterable[int]) -> list[str]:
    written = set(written)
    missing: list[str] = []
    parents: list[TemplateSection] = []
    for index, section in enumerate(sections):
        parents = [p for p in parents if p.depth < section.depth]
        if section.required:
            part = [section]
            for later in sections[index + 1 :]:
                if later.depth <= section.depth:
                    break
                part.append(later)
            if not any(s.pk in written for s in part):
                number = full_number(section, parents)
                missing.append(f"{number}. {section.title}" if number else section.title)
        parents.append(section)
    return missing


def missing_sections_message(missing: list[str]) -> str:
    return _("The report cannot be submitted: these required sections have no text yet: %(sections)s.") % {
        "sections": "; ".join(missing)
    }


def outside_life_message(unit, period) -> str:
    """Why `unit` has no report for `period`: it was set up after the data window or ended before it."""
    values = {
        "unit": unit.name,
        "period": period.name,
        "start": period.start.strftime("%d/%m/%Y"),
        "cutoff": period.cutoff.strftime("%d/%m/%Y"),
    }
    if unit.valid_from is not None and unit.valid_from > period.cutoff:
        return _(
            "%(unit)s exists from %(day)s, after the data window of %(period)s (%(start)s – %(cutoff)s): "
            "it has no report for this period."
        ) % {**values, "day": unit.valid_from.strftime("%d/%m/%Y")}
    return _(
        "%(unit)s existed until %(day)s, before the data window of %(period)s (%(start)s – %(cutoff)s): "
        "it has no report for this period."
    ) % {**values, "day": unit.valid_to.strftime("%d/%m/%Y")}
