"""What the survey pages post. Lenient: the actions check the rules and explain a missing value."""

from __future__ import annotations

from django import forms

from par.core.forms import OptionalInteger, Text, TextList


class AnswersForm(forms.Form):
    """A citizen's answers: `q<question id>` fields, as many as the questionnaire has, and the kiosk's ticket."""

    ticket = Text()

    def answers(self) -> dict[str, str]:
        """Question id → the answer as posted; the action checks them against the questionnaire."""
        return {name[1:]: value for name, value in self.data.items() if name.startswith("q")}


class SectionForm(forms.Form):
    title = Text()
    aspect = Text()


class QuestionForm(forms.Form):
    section = OptionalInteger()
    text = Text()
    kind = Text()


class LinkForm(forms.Form):
    unit = OptionalInteger()
    procedure = OptionalInteger()
    mode = Text()


class TokensForm(forms.Form):
    count = OptionalInteger()


class KioskOpenForm(forms.Form):
    link = OptionalInteger()
    label = Text()


class ReviewForm(forms.Form):
    """The council's decision on flagged kiosk answers."""

    decision = Text()
    response = TextList()
    note = Text()
