from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import DataRequired, Optional

from linkhub.tenants.common.forms import date_field, text
from linkhub.platform.validation import form_id


class RequestForm(FlaskForm):
    organisation_id = SelectField(
        "Organisation", widget=GovSelect(), coerce=form_id, validators=[DataRequired("Choose the organisation")]
    )
    subject = text("Subject", "Enter a subject")
    question = text("Information requested", "Enter the information you are asking for", 20000, area=True)
    issue_ref = text(
        "Issue reference (optional)", max_len=40, description="The number of the issue this request is about"
    )
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class SentForm(FlaskForm):
    sent_on = date_field("Date sent")
    submit = SubmitField("Send and start the clock", widget=GovSubmitInput())


class RequestResponseForm(FlaskForm):
    outcome = RadioField(
        "Outcome",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose the outcome")],
        choices=[("answered", "Answered"), ("partly_answered", "Partly answered"), ("refused", "Refused")],
    )
    responded_on = date_field("Date of the response")
    response = text("Response (optional)", max_len=50000, area=True)
    submit = SubmitField("Record response", widget=GovSubmitInput())


class ReferralForm(FlaskForm):
    organisation_id = SelectField(
        "Overview and Scrutiny Committee",
        widget=GovSelect(),
        coerce=form_id,
        validators=[DataRequired("Choose the committee")],
    )
    matter = text("Matter referred", "Enter the matter referred")
    details = text("Details (optional)", max_len=20000, area=True)
    issue_refs = text(
        "Issue references (optional)",
        max_len=400,
        description="Numbers of the issues that are evidence, for example 12, 15",
    )
    report_id = SelectField(
        "Report as evidence (optional)", widget=GovSelect(), coerce=form_id, validators=[Optional()]
    )
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class ReferForm(FlaskForm):
    referred_on = date_field("Date referred")
    submit = SubmitField("Refer and start the clock", widget=GovSubmitInput())


class ReferralResponseForm(FlaskForm):
    status = RadioField(
        "Committee's answer",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose the committee's answer")],
        choices=[("acknowledged", "Acknowledged"), ("responded", "Responded"), ("closed", "Closed with an outcome")],
    )
    responded_on = date_field("Date of the committee's answer")
    response = text("Response (optional)", max_len=50000, area=True)
    outcome = text("Outcome (optional)", max_len=20000, area=True)
    submit = SubmitField("Record answer", widget=GovSubmitInput())
