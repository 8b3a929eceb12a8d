"""Demo data for surveys: the SIPAS questionnaire, a link for the ward and a kiosk at the Department of Justice,
with anonymous responses. Idempotent: a second run writes nothing."""

from __future__ import annotations

from par.surveys import actions
from par.surveys.defaults import sipas_questionnaire
from par.surveys.models import Mode, Question, QuestionKind, Questionnaire

# Loaded by `manage.py load_demo` after the apps named here (decision 0118).
AFTER: tuple[str, ...] = ()

# Answers of the demo respondents on the 5-point scale (one row per respondent, cycled over the questions).
PATTERNS = [[5, 4, 4, 5], [4, 4, 3, 4], [5, 5, 5, 4], [3, 4, 2, 4], [4, 5, 4, 4], [2, 3, 4, 3]]


def load_demo(units: dict, stdout) -> None:
    if Questionnaire.objects.filter(owner=units["province"], code="SIPAS").exists():
        return
    q = sipas_questionnaire(units["province"])
    questions = list(Question.objects.filter(section__questionnaire=q, kind=QuestionKind.SCALE))
    for unit, mode, count in ((units["ward"], Mode.LINK, 12), (units["justice"], Mode.KIOSK, 8)):
        link = actions.do_create_link(q, unit=unit, mode=mode, actor=None)
        for i, token in enumerate(actions.do_issue_tokens(link, count=count + 5, actor=None)[:count]):
            pattern = PATTERNS[i % len(PATTERNS)]
            actions.do_submit_response(
                token.value,
                {str(question.pk): str(pattern[j % len(pattern)]) for j, question in enumerate(questions)},
            )
    stdout.write("Surveys: SIPAS questionnaire with 20 responses\n")
