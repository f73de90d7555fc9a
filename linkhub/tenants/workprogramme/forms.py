from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    SelectMultipleField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .models import LINK_KINDS, STATUSES

DATE_FORMAT = "%d %m %Y"


class WorkItemForm(FlaskForm):
    title = StringField(
        "What is the work?",
        widget=GovTextInput(),
        validators=[DataRequired("Enter what the work item is"), Length(max=200)],
    )
    issue_id = SelectField("Issue it comes from", widget=GovSelect(), coerce=int)
    owner = StringField(
        "Owner",
        widget=GovTextInput(),
        description="The person who leads it. They do not need an account.",
        validators=[DataRequired("Enter who owns the work item"), Length(max=200)],
    )
    outcome = TextAreaField(
        "Measurable outcome",
        widget=GovTextArea(),
        description="How will you know it worked? For example, ‘average handover time under 30 minutes by March’.",
        validators=[DataRequired("Enter a measurable outcome"), Length(max=5000)],
    )
    target_on = DateField(
        "Target date",
        widget=GovDateInput(),
        format=DATE_FORMAT,
        description="For example, 31 3 2027",
        validators=[InputRequired("Enter the target date as a real date, like 31 3 2027")],
    )
    task_group_id = SelectField("Task group", widget=GovSelect(), coerce=int)
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=list(STATUSES.items()),
        default="not_started",
        validators=[DataRequired("Choose a status")],
    )
    linked_kind = SelectField(
        "Power used or report written (optional)",
        widget=GovSelect(),
        choices=[("", "None yet")] + list(LINK_KINDS.items()),
        validators=[Optional()],
    )
    linked_id = IntegerField(
        "Its number (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=1, message="Enter the number of the request, referral, visit or report"),
        ],
    )
    submit = SubmitField("Save work item", widget=GovSubmitInput())


class StatusForm(FlaskForm):
    status = RadioField(
        "Status", widget=GovRadioInput(), choices=list(STATUSES.items()), validators=[DataRequired("Choose a status")]
    )
    submit = SubmitField("Update status", widget=GovSubmitInput())


class TaskGroupForm(FlaskForm):
    name = StringField(
        "Name", widget=GovTextInput(), validators=[DataRequired("Enter a name for the task group"), Length(max=120)]
    )
    purpose = TextAreaField("Purpose", widget=GovTextArea(), validators=[Optional(), Length(max=5000)])
    member_ids = SelectMultipleField(
        "Members",
        widget=GovCheckboxesInput(),
        coerce=int,
        description="People from the register of members and participants.",
        validators=[Optional()],
    )
    submit = SubmitField("Save task group", widget=GovSubmitInput())


class AchievedForm(FlaskForm):
    achieved = TextAreaField(
        "What did the work achieve?",
        widget=GovTextArea(),
        description="What actually changed, in plain words. It is shown on the public work programme: "
        "do not name people who gave feedback.",
        validators=[
            DataRequired("Enter what the work achieved"),
            Length(max=5000, message="What it achieved must be 5000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save what it achieved", widget=GovSubmitInput())
