from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Optional

from linkhub.tenants.common.forms import date_field
from linkhub.tenants.common.forms import text as text_field

from .models import BODIES, BODY_ROLES, DISAGREEMENT_STAGES, MEETING_KINDS, ROUTES, STRUCTURES


def radios(label, choices, message, **kw):
    return RadioField(
        label, widget=GovRadioInput(), choices=list(choices.items()), validators=[DataRequired(message)], **kw
    )


class StructureForm(FlaskForm):
    model = radios("How is the LINk structured?", STRUCTURES, "Choose how the LINk is structured")
    description = text_field("How it works here (optional)", max_len=10000, area=True)
    decision_procedure = text_field("How decisions are made (optional)", max_len=10000, area=True)
    disagreement_procedure = text_field("What happens if people do not agree (optional)", max_len=10000, area=True)
    submit = SubmitField("Save the structure", widget=GovSubmitInput())


class SeatForm(FlaskForm):
    body = radios("Which body?", BODIES, "Choose the hub or the steering group")
    person_id = SelectField("Person", widget=GovSelect(), coerce=int)
    role = radios("Role", BODY_ROLES, "Choose their role", default="member")
    started_on = date_field("Date they started")
    submit = SubmitField("Add the seat", widget=GovSubmitInput())


class DocumentForm(FlaskForm):
    title = text_field("Title", "Enter the document's title")
    text = text_field("Text", "Enter the text of the governing document", 200000, area=True, render_kw={"rows": 20})
    change_note = text_field("What changed (optional)", max_len=5000, area=True)
    adopted_on = date_field("Date adopted (optional)", required=False)
    decision_id = SelectField("Decision that adopted it (optional)", widget=GovSelect(), coerce=int)
    submit = SubmitField("Save as a new version", widget=GovSubmitInput())


class MeetingForm(FlaskForm):
    title = text_field("Title", "Enter the meeting's title")
    kind = radios("Kind of meeting", MEETING_KINDS, "Choose the kind of meeting")
    held_on = date_field("Date")
    start_time = StringField(
        "Start time (optional)", widget=GovTextInput(), description="For example, 18:30", validators=[Optional()]
    )
    location = text_field("Where (optional)", max_len=300)
    is_public = radios(
        "Is the meeting open to the public?",
        {"yes": "Yes, a public meeting", "no": "No, a closed meeting"},
        "Choose whether the meeting is public",
        default="yes",
    )
    closed_reason = text_field("If closed, why (required for a closed meeting)", max_len=2000, area=True)
    agenda = text_field("Agenda (optional)", max_len=20000, area=True, description="One item a line.")
    submit = SubmitField("Save the meeting", widget=GovSubmitInput())


class MinutesForm(FlaskForm):
    minutes = text_field("Minutes", "Enter the minutes", 50000, area=True, render_kw={"rows": 15})
    approved_on = date_field("Date the minutes were approved (optional)", required=False)
    submit = SubmitField("Save the minutes", widget=GovSubmitInput())


class PaperForm(FlaskForm):
    title = text_field("Title of the paper", "Enter the paper's title")
    file = FileField(
        "File", widget=GovFileInput(), description="PDF, image, Word or OpenDocument file or plain text, up to 10 MB."
    )
    submit = SubmitField("Upload the paper", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    title = text_field("What was decided?", "Enter what was decided")
    details = text_field("Details (optional)", max_len=20000, area=True)
    route = radios("How was it decided?", ROUTES, "Choose how the decision was made")
    meeting_id = SelectField("Meeting (for a decision at a meeting)", widget=GovSelect(), coerce=int)
    decided_on = date_field("Date of the decision (optional for a decision at a meeting)", required=False)
    decided_by_id = SelectField("Who decided (delegated or urgent decisions)", widget=GovSelect(), coerce=int)
    provider_id = SelectField(
        "Provider the decision is about (optional)",
        widget=GovSelect(),
        coerce=int,
        description="Declared interests in this provider of the people taking part are shown and recorded.",
    )
    participants = SelectMultipleField(
        "Who took part", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    issue_ids = SelectMultipleField(
        "Issues it is about (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    work_item_ids = SelectMultipleField(
        "Work items (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    priority_criterion_ids = SelectMultipleField(
        "Priority criteria (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    report_ids = SelectMultipleField(
        "Reports (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    submit = SubmitField("Record the decision", widget=GovSubmitInput())


class RatifyForm(FlaskForm):
    ratified_on = date_field("Date it was ratified")
    meeting_id = SelectField("Meeting that ratified it (optional)", widget=GovSelect(), coerce=int)
    submit = SubmitField("Record ratification", widget=GovSubmitInput())


class DisagreementForm(FlaskForm):
    subject = text_field("What is it about?", "Enter what the disagreement is about")
    description = text_field("Describe the disagreement", "Describe the disagreement", 10000, area=True)
    raised_on = date_field("Date raised")
    raised_by_id = SelectField("Raised by (optional)", widget=GovSelect(), coerce=int)
    stage = radios(
        "Stage of the procedure", DISAGREEMENT_STAGES, "Choose the stage of the procedure", default="informal"
    )
    submit = SubmitField("Record the disagreement", widget=GovSubmitInput())


class HandleForm(FlaskForm):
    stage = radios("Stage of the procedure", DISAGREEMENT_STAGES, "Choose the stage of the procedure")
    handling = text_field("How it is being handled", "Say how it is being handled", 10000, area=True)
    submit = SubmitField("Save", widget=GovSubmitInput())


class CloseForm(FlaskForm):
    status = radios(
        "How did it end?", {"resolved": "Resolved", "withdrawn": "Withdrawn"}, "Choose resolved or withdrawn"
    )
    outcome = text_field("Outcome", "Enter the outcome", 10000, area=True)
    decision_id = SelectField("Decision that settled it (optional)", widget=GovSelect(), coerce=int)
    submit = SubmitField("Close the disagreement", widget=GovSubmitInput())
