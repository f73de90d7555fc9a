from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired, Optional

from linkhub.tenants.common.forms import date_field, text

from .models import CHANNELS, DIRECTIONS


class CorrespondenceForm(FlaskForm):
    direction = RadioField(
        "Received or sent?",
        widget=GovRadioInput(),
        choices=list(DIRECTIONS.items()),
        validators=[DataRequired("Choose whether it was received or sent")],
    )
    channel = RadioField(
        "How?",
        widget=GovRadioInput(),
        choices=list(CHANNELS.items()),
        validators=[DataRequired("Choose a letter, email, call or meeting")],
    )
    dated_on = date_field("Date")
    organisation_id = SelectField(
        "Organisation",
        widget=GovSelect(),
        coerce=int,
        description="Commissioners, providers, OSCs, regulators and other LINks: one list.",
    )
    person = text("Person (optional)", description="Who wrote, called or met, at the organisation.")
    subject = text("Subject", "Enter the subject")
    summary = text("Summary (optional)", max_len=20000, area=True)
    issue_ids = SelectMultipleField(
        "Issues (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    information_request_ids = SelectMultipleField(
        "Requests for information (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    report_ids = SelectMultipleField(
        "Reports (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    osc_referral_ids = SelectMultipleField(
        "Referrals to the OSC (optional)", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    attachment = FileField(
        "Attachment (optional)",
        widget=GovFileInput(),
        description="PDF, image, Word or OpenDocument file or plain text, up to 10 MB. Attach more afterwards.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class AttachForm(FlaskForm):
    file = FileField(
        "File", widget=GovFileInput(), description="PDF, image, Word or OpenDocument file or plain text, up to 10 MB."
    )
    submit = SubmitField("Attach", widget=GovSubmitInput())
