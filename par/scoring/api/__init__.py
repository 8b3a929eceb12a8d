"""/api/v1/index-frameworks, index-assessments, index-scores, index-publications: scoped reads, writes through
the actions.

Errors through par.core.http.api_exception_handler, as in every API (decision 0106): an object outside the
caller's scope is 404, like a missing one; a visible object the caller may not change is 403; a rule the action
refuses is 400 with its message; a stale `version` (approval) or `ranking_version` (publication) is 409 with
{"detail", "code": "conflict"}, and for an approval the current figures under `current`.
"""


def register(router) -> None:
    from par.scoring.api.views import AssessmentViewSet, FrameworkViewSet, PublicationViewSet, ScoreViewSet

    router.register("index-frameworks", FrameworkViewSet, basename="index-framework")
    router.register("index-assessments", AssessmentViewSet, basename="index-assessment")
    router.register("index-scores", ScoreViewSet, basename="index-score")
    router.register("index-publications", PublicationViewSet, basename="index-publication")
