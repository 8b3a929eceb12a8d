"""This app's endpoints under /api/v1/ (found by par.api.urls, decision 0118)."""


def register(router) -> None:
    from par.plans.api.views import AssignmentViewSet, PlanViewSet, ProgressUpdateViewSet, TaskViewSet

    router.register("plans", PlanViewSet, basename="plan")
    router.register("plan-tasks", TaskViewSet, basename="plan-task")
    router.register("plan-assignments", AssignmentViewSet, basename="plan-assignment")
    router.register("plan-updates", ProgressUpdateViewSet, basename="plan-update")
