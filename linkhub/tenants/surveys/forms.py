"""Forms of the survey builder. The answering pages have no WTForms class per survey: their
questions come from the database, so they are read by ``answers.check`` (with this module's
``AnswerForm`` for the CSRF token and the honeypot)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional

from linkhub.tenants.common.forms import date_field, text
from linkhub.tenants.feedback.models import THEMES

from .models import LAYOUTS, QUESTION_KINDS


class SurveyForm(FlaskForm):
    title = text("Title", "Enter the survey's title")
    description = text(
        "Introduction (optional)",
        max_len=5000,
        area=True,
        description="What the survey is for and how the answers will be used. Shown before the first question.",
    )
    layout = RadioField(
        "How should the questions be shown?",
        widget=GovRadioInput(),
        choices=list(LAYOUTS.items()),
        default="one_per_page",
        validators=[DataRequired("Choose how the questions are shown")],
    )
    closes_on = date_field("Closing date (optional)", required=False)
    theme = SelectField(
        "What is the survey mostly about?",
        widget=GovSelect(),
        choices=list(THEMES.items()),
        default="other",
        description="Each response also goes into the feedback intake under this theme.",
    )
    service_id = SelectField("Which service is it about? (optional)", widget=GovSelect(), coerce=int, default=0)
    equality_section = BooleanField(
        "Add the optional equality monitoring questions at the end", widget=GovCheckboxInput()
    )
    submit = SubmitField("Save survey", widget=GovSubmitInput())


class QuestionForm(FlaskForm):
    kind = RadioField(
        "Type of question",
        widget=GovRadioInput(),
        choices=list(QUESTION_KINDS.items()),
        validators=[DataRequired("Choose the type of question")],
    )
    title = text("Question", "Enter the question", max_len=300)
    hint = text("Hint (optional)", max_len=1000)
    options = text(
        "Answers to choose from",
        max_len=5000,
        area=True,
        description="For radios and checkboxes: one answer a line.",
    )
    scale_max = IntegerField(
        "Scale from 1 to",
        widget=GovTextInput(),
        default=5,
        description="For a scale: the highest number, from 2 to 10.",
        validators=[Optional(), NumberRange(2, 10, "Enter a number from 2 to 10")],
    )
    required = BooleanField("People must answer this question", widget=GovCheckboxInput())
    submit = SubmitField("Add question", widget=GovSubmitInput())


class JointForm(FlaskForm):
    working_group_id = RadioField(
        "Working group", widget=GovRadioInput(), coerce=int, validators=[DataRequired("Choose a working group")]
    )
    submit = SubmitField("Run the survey jointly", widget=GovSubmitInput())


class AnswerForm(FlaskForm):
    """The CSRF token of an answering page; the honeypot is read from the request as is."""

    website = StringField("Leave this field empty")
