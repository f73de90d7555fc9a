from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (GovDateInput, GovRadioInput, GovSelect, GovSubmitInput, GovTextArea,
                                                GovTextInput)
from wtforms import DateField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from .models import ORGANISATION_KINDS

DATE_FORMAT = "%d %m %Y"


def date_field(label: str, required: bool = True, description: str = "For example, 27 3 2026"):
    message = f"Enter the {label.lower()} as a real date, like 27 3 2026"
    return DateField(label, widget=GovDateInput(), format=DATE_FORMAT, description=description,
                     validators=[InputRequired(message)] if required else [Optional()])


def text(label: str, required_message: str | None = None, max_len: int = 200, area: bool = False, **kw):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    field = TextAreaField if area else StringField
    return field(label, widget=GovTextArea() if area else GovTextInput(), validators=validators + [Length(max=max_len)], **kw)


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class OrganisationForm(FlaskForm):
    name = text("Organisation name", "Enter the organisation's name")
    kind = RadioField("Kind of organisation", widget=GovRadioInput(), choices=list(ORGANISATION_KINDS.items()),
                      validators=[DataRequired("Choose the kind of organisation")])
    email = StringField("Email address (optional)", widget=GovTextInput(),
                        validators=[Optional(), Email("Enter an email address like name@example.com")])
    address = text("Address (optional)", max_len=2000, area=True)
    submit = SubmitField("Add organisation", widget=GovSubmitInput())


class ContactForm(FlaskForm):
    name = text("Name", "Enter the contact's name")
    job_title = text("Job title (optional)")
    email = StringField("Email address (optional)", widget=GovTextInput(),
                        validators=[Optional(), Email("Enter an email address like name@example.com")])
    phone = text("Phone (optional)", max_len=40)
    submit = SubmitField("Add contact", widget=GovSubmitInput())


class RequestForm(FlaskForm):
    organisation_id = SelectField("Organisation", widget=GovSelect(), coerce=int,
                                  validators=[DataRequired("Choose the organisation")])
    subject = text("Subject", "Enter a subject")
    question = text("Information requested", "Enter the information you are asking for", 20000, area=True)
    issue_ref = text("Issue reference (optional)", max_len=40, description="The number of the issue this request is about")
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class SentForm(FlaskForm):
    sent_on = date_field("Date sent")
    submit = SubmitField("Send and start the clock", widget=GovSubmitInput())


class RequestResponseForm(FlaskForm):
    outcome = RadioField("Outcome", widget=GovRadioInput(), validators=[DataRequired("Choose the outcome")],
                         choices=[("answered", "Answered"), ("partly_answered", "Partly answered"), ("refused", "Refused")])
    responded_on = date_field("Date of the response")
    response = text("Response (optional)", max_len=50000, area=True)
    submit = SubmitField("Record response", widget=GovSubmitInput())


class ExtensionForm(FlaskForm):
    due_on = date_field("New due date")
    reason = text("Reason for the extension", "Enter the reason for the extension", 2000, area=True)
    submit = SubmitField("Record extension", widget=GovSubmitInput())


class ReferralForm(FlaskForm):
    organisation_id = SelectField("Overview and Scrutiny Committee", widget=GovSelect(), coerce=int,
                                  validators=[DataRequired("Choose the committee")])
    matter = text("Matter referred", "Enter the matter referred")
    details = text("Details (optional)", max_len=20000, area=True)
    issue_refs = text("Issue references (optional)", max_len=400, description="Numbers of the issues that are evidence, for example 12, 15")
    report_id = SelectField("Report as evidence (optional)", widget=GovSelect(), coerce=int, validators=[Optional()])
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class ReferForm(FlaskForm):
    referred_on = date_field("Date referred")
    submit = SubmitField("Refer and start the clock", widget=GovSubmitInput())


class ReferralResponseForm(FlaskForm):
    status = RadioField("Committee's answer", widget=GovRadioInput(), validators=[DataRequired("Choose the committee's answer")],
                        choices=[("acknowledged", "Acknowledged"), ("responded", "Responded"), ("closed", "Closed with an outcome")])
    responded_on = date_field("Date of the committee's answer")
    response = text("Response (optional)", max_len=50000, area=True)
    outcome = text("Outcome (optional)", max_len=20000, area=True)
    submit = SubmitField("Record answer", widget=GovSubmitInput())
