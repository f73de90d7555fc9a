from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, DataRequired, Length, NumberRange

from linkhub.tenants.feedback.models import THEMES
from linkhub.platform.validation import form_id

from .models import CARE_SECTORS, ISSUE_SCOPES, ISSUE_STATUSES, TRIGGER_KINDS


class IssueForm(FlaskForm):
    title = StringField(
        "Title", widget=GovTextInput(), validators=[DataRequired("Enter a title for the issue"), Length(max=200)]
    )
    theme = SelectField(
        "Theme",
        widget=GovSelect(),
        choices=[("", "Choose a theme")] + list(THEMES.items()),
        validators=[DataRequired("Choose the theme")],
    )
    provider_id = SelectField("Provider", widget=GovSelect(), coerce=form_id)
    summary = TextAreaField("Summary (optional)", widget=GovTextArea(), validators=[Length(max=5000)])
    submit = SubmitField("Create issue", widget=GovSubmitInput())


class ReferencesForm(FlaskForm):
    references = StringField(
        "Add feedback by reference",
        widget=GovTextInput(),
        description="Separate references with spaces or commas, for example 7KQ2M9XH4R X4RT8PQ2ZB",
        validators=[
            DataRequired("Enter the reference of at least one piece of feedback"),
            Length(max=5000, message="Enter 5000 characters or fewer"),
        ],
    )
    submit = SubmitField("Add feedback", widget=GovSubmitInput())


class StatusForm(FlaskForm):
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=list(ISSUE_STATUSES.items()),
        validators=[DataRequired("Choose a status")],
    )
    submit = SubmitField("Change status", widget=GovSubmitInput())


class ClassifyForm(FlaskForm):
    scope = RadioField(
        "How far does the issue reach?",
        widget=GovRadioInput(),
        choices=list(ISSUE_SCOPES.items()) + [("", "Not classified yet")],
        default="",
        validators=[Optional()],
    )
    care_sector = RadioField(
        "Is it about health or social care?",
        widget=GovRadioInput(),
        choices=list(CARE_SECTORS.items()) + [("", "Not classified yet")],
        default="",
        validators=[Optional()],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class TriggerRuleForm(FlaskForm):
    name = StringField(
        "Name", widget=GovTextInput(), validators=[DataRequired("Enter a name for the trigger point"), Length(max=120)]
    )
    kind = RadioField(
        "What does it count?",
        widget=GovRadioInput(),
        choices=list(TRIGGER_KINDS.items()),
        validators=[DataRequired("Choose what the trigger point counts")],
    )
    threshold = IntegerField(
        "At least how many?",
        widget=GovTextInput(),
        validators=[DataRequired("Enter a number"), NumberRange(1, 10_000, "Enter a number from 1 to 10,000")],
    )
    window_days = IntegerField(
        "Within how many days?",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter a number of days"),
            NumberRange(1, 366, "Enter a number of days from 1 to 366"),
        ],
    )
    submit = SubmitField("Add trigger point", widget=GovSubmitInput())
