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
"""

from par.metrics.registry import (
    MeasuredRow,
    Measurement,
    Metric,
    QueryRows,
    Scope,
    UnknownMetricError,
    all_metrics,
    choices,
    count,
    get,
    measure,
    metric,
    ratio,
)

__all__ = [
    "Measurement",
    "MeasuredRow",
    "Metric",
    "QueryRows",
    "Scope",
    "UnknownMetricError",
    "all_metrics",
    "choices",
    "count",
    "get",
    "measure",
    "metric",
    "ratio",
]
