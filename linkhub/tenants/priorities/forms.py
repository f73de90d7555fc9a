from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange

from .models import DIRECTIONS, MAX_SCORE, MAX_WEIGHT, MIN_SCORE

SCORES = list(range(MIN_SCORE, MAX_SCORE + 1))
SCORE_LABELS = {0: "0 – not at all", 5: "5 – very much"}


class CriterionForm(FlaskForm):
    name = StringField(
        "Name", widget=GovTextInput(), validators=[DataRequired("Enter a name for the criterion"), Length(max=120)]
    )
    description = TextAreaField(
        "What scorers should think about (optional)", widget=GovTextArea(), validators=[Length(max=2000)]
    )
    weight = IntegerField(
        "Weight",
        widget=GovTextInput(),
        description=f"A whole number from 1 to {MAX_WEIGHT}. A criterion with weight 2 counts twice as much as one with weight 1.",
        validators=[
            InputRequired(f"Enter a weight from 1 to {MAX_WEIGHT}"),
            NumberRange(1, MAX_WEIGHT, f"The weight must be a whole number from 1 to {MAX_WEIGHT}"),
        ],
    )
    direction = RadioField(
        "What does a high score mean?",
        widget=GovRadioInput(),
        choices=list(DIRECTIONS.items()),
        default="positive",
        validators=[DataRequired("Choose what a high score means")],
    )
    active = BooleanField("Use this criterion in the ranking", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save criterion", widget=GovSubmitInput())


def _score(value):
    """Anything that is not a whole number becomes -1, which the range check then refuses
    with the same plain message as 9 or -2."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def score_form(criteria, data=None) -> FlaskForm:
    """A form with one 0–5 radio group per criterion, named ``criterion_<id>``."""

    class ScoreForm(FlaskForm):
        submit = SubmitField("Save scores", widget=GovSubmitInput())

    for criterion in criteria:
        message = f"Choose a score from {MIN_SCORE} to {MAX_SCORE} for {criterion.name.lower()}"
        setattr(
            ScoreForm,
            f"criterion_{criterion.id}",
            RadioField(
                criterion.name,
                widget=GovRadioInput(),
                coerce=_score,
                validate_choice=False,
                choices=[(s, SCORE_LABELS.get(s, str(s))) for s in SCORES],
                validators=[InputRequired(message), AnyOf(SCORES, message=message)],
            ),
        )
    return ScoreForm(data=data)
