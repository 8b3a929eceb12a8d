"""Live metrics: one registry of named measures that reports, targets and the PAR index read from.

Each app that owns data registers its measures in its own `metrics.py` (discovered at start-up):

    from par.metrics import Measurement, metric

    @metric("plans.tasks_on_time_pct", label=_("Plan tasks completed on time"), unit="%",
            formula=_("lead assignments done by their due date ÷ lead assignments due in the period × 100"))
    def tasks_on_time(scope: Scope) -> Measurement:
        ...

A measure is computed for a `Scope`: a unit's subtree (the unit and every unit below it) over a period of
days, both ends included. It returns a `Measurement`: the value, the numerator and denominator when it is a
ratio, the formula with the numbers filled in, and the rows it used, so that every figure on a report or a
score sheet can be explained down to the records behind it.

A measure may also have a batch form, registered with `@batch(code)` under it: the values for many units at
once, {unit id: value}, from one GROUP BY per depth (`Scopes.grouped`), for pages and reports that need the
measure for every commune of a province. `values(code, units, start, end)` uses it, or computes unit by unit for
a measure that has none yet. Measures that read the same grouped rows (tasks due, completed and on time) share
one read through `@shared` inside a `with sharing():` block.
"""

from par.metrics.registry import (
    MeasuredRow,
    Measurement,
    Metric,
    QueryRows,
    Scope,
    Scopes,
    UnknownMetricError,
    Values,
    all_metrics,
    amount,
    batch,
    choices,
    count,
    get,
    measure,
    metric,
    percent,
    ratio,
    shared,
    sharing,
    values,
)

__all__ = [
    "Measurement",
    "MeasuredRow",
    "Metric",
    "QueryRows",
    "Scope",
    "Scopes",
    "UnknownMetricError",
    "Values",
    "all_metrics",
    "amount",
    "batch",
    "choices",
    "count",
    "get",
    "measure",
    "metric",
    "percent",
    "ratio",
    "shared",
    "sharing",
    "values",
]
