"""/api/v1/reporting-periods, reports, report-values, report-status: scoped reads, writes through the actions.

Errors through par.core.http.api_exception_handler, as in every API (decision 0106): an object outside the caller's
scope is 404, like a missing one; a visible report the caller may not change is 403; a rule the action refuses is
400 with its message; a stale `version` is 409 with {"detail", "code": "conflict"}.
"""


def register(router) -> None:
    from par.reporting.api.views import PeriodViewSet, ReportViewSet

    router.register("reporting-periods", PeriodViewSet, basename="reporting-period")
    router.register("reports", ReportViewSet, basename="report")
