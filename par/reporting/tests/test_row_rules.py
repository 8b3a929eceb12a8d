"""Each kind of appendix row has one table of rules (ROW_RULES): a row that breaks one shows that rule's message
on that field and on no other; the report app's modules stay under 600 lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from par.reporting.models import ROW_RULES, Aggregation, AppendixTable, DataElement, PercentMode, ValueType

# For each rule in ROW_RULES, in order: a row of that kind that breaks it and only it (the rows of the rate are
# filled in by the test: they need saved rows).
BREAKING = [
    {"value_type": ValueType.PERCENT, "aggregation": Aggregation.SUM},
    {"value_type": ValueType.INTEGER, "aggregation": Aggregation.SUM, "source_metric": "not-additive"},
    {"value_type": ValueType.RANK, "aggregation": Aggregation.RATE},
    {"value_type": ValueType.RANK, "aggregation": Aggregation.OWN, "table": "no total"},
    {"aggregation": Aggregation.RATE, "rate_numerator": "other appendix"},
    {"aggregation": Aggregation.RATE, "rate_denominator": "other appendix"},
    {"aggregation": Aggregation.RATE, "percent_mode": PercentMode.ENTERED},
    {"aggregation": Aggregation.RATE, "done_metric": "any.source"},
]


@pytest.fixture
def tables():
    from par.reporting.models import ReportTemplate

    template = ReportTemplate.objects.create(code="t", year=2026, name="Mẫu")
    with_total = AppendixTable.objects.create(
        template=template, number=1, title="Có cột tổng", columns=[{"key": "total", "title": "Tổng số"}]
    )
    without = AppendixTable.objects.create(
        template=template, number=2, title="Không có cột tổng", columns=[{"key": "note", "title": "Ghi chú"}]
    )
    return with_total, without


def _row(tables, **fields) -> DataElement:
    with_total, without = tables
    table = without if fields.pop("table", None) == "no total" else with_total
    here = DataElement.objects.create(table=with_total, order=90, number="90.", code="a", label="A")
    there = DataElement.objects.create(table=without, order=91, number="91.", code="b", label="B")
    if fields.get("aggregation") == Aggregation.RATE:
        fields.setdefault("rate_numerator", here)
        fields.setdefault("rate_denominator", here)
        for name in ("rate_numerator", "rate_denominator"):
            if fields[name] == "other appendix":
                fields[name] = there
    return DataElement(table=table, order=1, number="1.", code="row", label="Dòng", **fields)


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(ROW_RULES)))
def test_a_row_that_breaks_one_rule_of_its_kind_shows_that_rule_on_that_field_alone(
    tables, index, monkeypatch
):
    from par import metrics

    class NotAdditive:
        additive = False

    monkeypatch.setattr(metrics, "get", lambda code: NotAdditive())
    rule = ROW_RULES[index]
    row = _row(tables, **BREAKING[index])
    with pytest.raises(ValidationError) as refused:
        row.clean()
    assert refused.value.message_dict == {rule.field: [str(rule.message)]}


def test_the_rules_table_names_every_kind_of_row_once_per_message():
    assert len(BREAKING) == len(ROW_RULES)
    assert all(
        isinstance(rule.field, str) and rule.field in {f.name for f in DataElement._meta.fields}
        for rule in ROW_RULES
    )


def test_no_module_of_the_report_app_is_over_600_lines():
    app = Path(__file__).resolve().parent.parent
    long = {
        str(path.relative_to(app)): n
        for path in app.rglob("*.py")
        if "migrations" not in path.parts
        and "tests" not in path.parts
        and (n := len(path.read_text().splitlines())) > 600
    }
    assert long == {}
