"""/api/v1/survey-questionnaires: questionnaires the caller may see, and …/indices/ with the satisfaction
index per aspect, per unit and per procedure, over the responses of the units the caller sees."""


def register(router) -> None:
    from par.surveys.api.views import QuestionnaireViewSet

    router.register("survey-questionnaires", QuestionnaireViewSet, basename="survey-questionnaire")
