"""The census questions as GOV.UK radios (mixed into other forms with :func:`add_questions`), and
the population profile form for one question."""

from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, DecimalField, RadioField, StringField, SubmitField
from wtforms.validators import NumberRange, Optional, Length

from .categories import QUESTIONS, answers

CONSENT = (
    "I agree that my answers to these questions are kept, apart from what I said, and used only in "
    "totals to check who the LINk hears from"
)


def add_questions(form_class):
    """Add ``eq_<question>`` radios and ``equality_consent`` to a form class (all optional)."""
    for question, spec in QUESTIONS.items():
        setattr(
            form_class,
            f"eq_{question}",
            RadioField(spec["label"], widget=GovRadioInput(), choices=answers(question), validators=[Optional()]),
        )
    form_class.equality_consent = BooleanField(CONSENT, widget=GovCheckboxInput())
    return form_class


def answers_of(form) -> dict[str, str]:
    return {q: getattr(form, f"eq_{q}").data for q in QUESTIONS if getattr(form, f"eq_{q}").data}


def population_form(question: str):
    class PopulationForm(FlaskForm):
        source = StringField(
            "Where the figures come from",
            widget=GovTextInput(),
            description="For example, Census 2021, ONS, table TS021 for your local authority",
            validators=[Optional(), Length(max=300)],
        )
        submit = SubmitField("Save", widget=GovSubmitInput())

    for code, label in QUESTIONS[question]["answers"]:
        setattr(
            PopulationForm,
            code,
            DecimalField(
                f"{label} (%)",
                widget=GovTextInput(),
                places=1,
                validators=[Optional(), NumberRange(0, 100, "Enter a percentage from 0 to 100")],
                render_kw={"class": "govuk-input--width-4", "inputmode": "decimal"},
            ),
        )
    return PopulationForm
