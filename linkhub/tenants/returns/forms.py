"""GOV.UK forms of returns, indicators and joint reviews."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from linkhub.tenants.common.forms import date_field

from .models import DIRECTIONS, FREQUENCIES, MEASURES, NARRATIVE, RETURN_KINDS


class ReturnForm(FlaskForm):
    kind = RadioField(
        "Kind of return",
        widget=GovRadioInput(),
        choices=list(RETURN_KINDS.items()),
        validators=[DataRequired("Choose the kind of return")],
    )
    period_start = date_field(
        "First day of the period",
        description="1 April or 1 October for a six-monthly return, 1 April for an annual report. For example, 1 4 2026",
    )
    submit = SubmitField("Start the return", widget=GovSubmitInput())


def narrative_form(ret):
    class NarrativeForm(FlaskForm):
        submit = SubmitField("Save", widget=GovSubmitInput())

    for key, label in NARRATIVE.items():
        setattr(
            NarrativeForm,
            key,
            TextAreaField(
                label,
                widget=GovTextArea(),
                default=(ret.narrative or {}).get(key, ""),
                validators=[Optional(), Length(max=20_000)],
            ),
        )
    return NarrativeForm()


class IndicatorForm(FlaskForm):
    name = StringField(
        "Name", widget=GovTextInput(), validators=[DataRequired("Enter the indicator's name"), Length(max=200)]
    )
    definition = TextAreaField(
        "Definition",
        widget=GovTextArea(),
        description="What is counted, and how, as agreed with the local authority",
        validators=[DataRequired("Enter how the indicator is defined"), Length(max=5000)],
    )
    direction = RadioField("Target", widget=GovRadioInput(), choices=list(DIRECTIONS.items()), default="at_least")
    target = IntegerField(
        "Target value",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the target as a whole number"), NumberRange(min=0, max=10_000_000)],
    )
    frequency = RadioField(
        "How often it is measured",
        widget=GovRadioInput(),
        choices=list(FREQUENCIES.items()),
        validators=[DataRequired("Choose how often the indicator is measured")],
    )
    measure = SelectField("Where the values come from", widget=GovSelect(), choices=list(MEASURES.items()))
    submit = SubmitField("Save indicator", widget=GovSubmitInput())


class ValueForm(FlaskForm):
    period_start = date_field("First day of the period", description="For example, 1 4 2026")
    value = IntegerField(
        "Value",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the value as a whole number"), NumberRange(min=0, max=10_000_000)],
    )
    note = TextAreaField("Note", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Record value", widget=GovSubmitInput())


class DrawForm(FlaskForm):
    period_start = date_field("First day of the period", description="For example, 1 4 2026")
    submit = SubmitField("Take the value from the data", widget=GovSubmitInput())


class ReviewForm(FlaskForm):
    period_start = date_field("Period reviewed: first day")
    period_end = date_field("Period reviewed: last day")
    held_on = date_field("Date of the review")
    attendees = TextAreaField(
        "Who took part", widget=GovTextArea(), validators=[DataRequired("Enter who took part"), Length(max=5000)]
    )
    findings = TextAreaField(
        "What the review found",
        widget=GovTextArea(),
        validators=[DataRequired("Enter what the review found"), Length(max=20_000)],
    )
    agreed_actions = TextAreaField("Actions agreed", widget=GovTextArea(), validators=[Optional(), Length(max=20_000)])
    submit = SubmitField("Save the review", widget=GovSubmitInput())
