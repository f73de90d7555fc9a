from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, SelectField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional

from linkhub.tenants.common.forms import date_field, text
from linkhub.platform.db import MAX_ID
from linkhub.platform.validation import form_id

from .models import VISIT_TYPES


class RepresentativeForm(FlaskForm):
    name = text("Name", "Enter the representative's name")
    authorised_on = date_field("Date authorised")
    authorisation_expires_on = date_field("Authorisation ends (optional)", required=False)
    dbs_checked_on = date_field("Date of DBS check")
    dbs_expires_on = date_field("DBS check valid until")
    training_completed_on = date_field("Enter and view training completed (optional)", required=False)
    training_notes = text("Training notes (optional)", max_len=5000, area=True)
    submit = SubmitField("Add to the register", widget=GovSubmitInput())


class RenewalForm(FlaskForm):
    dbs_checked_on = date_field("Date of the new DBS check")
    dbs_expires_on = date_field("DBS check valid until")
    authorisation_expires_on = date_field("Authorisation ends (optional)", required=False)
    submit = SubmitField("Save", widget=GovSubmitInput())


class VisitForm(FlaskForm):
    provider_id = SelectField(
        "Provider",
        widget=GovSelect(),
        coerce=form_id,
        description="From the service directory",
        validators=[DataRequired("Choose the provider")],
    )
    service_id = SelectField("Service (optional)", widget=GovSelect(), coerce=form_id, validators=[Optional()])
    premises = text("Premises", "Enter the premises")
    purpose = text("Purpose of the visit (optional)", max_len=20000, area=True)
    planned_on = date_field("Date of the visit")
    visit_type = RadioField(
        "Announced or unannounced",
        widget=GovRadioInput(),
        choices=list(VISIT_TYPES.items()),
        default="announced",
        validators=[DataRequired("Choose announced or unannounced")],
    )
    unannounced_reason = text("Why the visit cannot be announced (unannounced visits only)", max_len=5000, area=True)
    notice_sent_on = date_field("Date the notice letter was sent (optional)", required=False)
    regulator_activity_checked = BooleanField(
        "We have checked the regulator's planned activity", widget=GovCheckboxInput()
    )
    regulator_activity_notes = text("Regulator activity noted (optional)", max_len=5000, area=True)
    submit = SubmitField("Plan the visit", widget=GovSubmitInput())


class TeamForm(FlaskForm):
    representative_id = SelectField(
        "Authorised representative",
        widget=GovSelect(),
        coerce=form_id,
        validators=[DataRequired("Choose an authorised representative")],
    )
    is_lead = BooleanField("Leads the visit", widget=GovCheckboxInput())
    submit = SubmitField("Assign", widget=GovSubmitInput())


class RecordForm(FlaskForm):
    carried_out_on = date_field("Date of the visit")
    findings = text("Findings", "Enter what the visit found", 50000, area=True)
    observations = text("Observations (optional)", max_len=50000, area=True)
    spoke_with_people_using = IntegerField(
        "People using the service spoken to",
        widget=GovTextInput(),
        default=0,
        description="A number only: never record names",
        validators=[Optional(), NumberRange(min=0, max=MAX_ID, message="Enter 0 or more")],
    )
    spoke_with_relatives = IntegerField(
        "Relatives and carers spoken to",
        widget=GovTextInput(),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_ID, message="Enter 0 or more")],
    )
    spoke_with_staff = IntegerField(
        "Staff spoken to",
        widget=GovTextInput(),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_ID, message="Enter 0 or more")],
    )
    submit = SubmitField("Save the visit record", widget=GovSubmitInput())


class AccuracySentForm(FlaskForm):
    sent_on = date_field("Date the draft was sent to the provider")
    submit = SubmitField("Start the factual accuracy check", widget=GovSubmitInput())


class AccuracyResponseForm(FlaskForm):
    responded_on = date_field("Date of the provider's response")
    response = text("Provider's comments (optional)", max_len=50000, area=True)
    submit = SubmitField("Record response", widget=GovSubmitInput())
