"""Form pieces every domain's pages use: GOV.UK date and text fields, a confirm button, an
extension of a deadline, and organisations with their contacts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from .models import ORGANISATION_KINDS

DATE_FORMAT = "%d %m %Y"


class DateInput(GovDateInput):
    """GOV.UK date input that also renders a POST which left out some of its three boxes
    (a hand-made request): the missing boxes show empty instead of failing to unpack."""

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3]
        return super().map_gov_params(field, **kwargs)


def date_field(label: str, required: bool = True, description: str = "For example, 27 3 2026"):
    message = f"Enter the {label.lower()} as a real date, like 27 3 2026"
    return DateField(
        label,
        widget=DateInput(),
        format=DATE_FORMAT,
        description=description,
        validators=[InputRequired(message)] if required else [Optional()],
    )


def text(label: str, required_message: str | None = None, max_len: int = 200, area: bool = False, **kw):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    field = TextAreaField if area else StringField
    return field(
        label, widget=GovTextArea() if area else GovTextInput(), validators=validators + [Length(max=max_len)], **kw
    )


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class OrganisationForm(FlaskForm):
    name = text("Organisation name", "Enter the organisation's name")
    kind = RadioField(
        "Kind of organisation",
        widget=GovRadioInput(),
        choices=list(ORGANISATION_KINDS.items()),
        validators=[DataRequired("Choose the kind of organisation")],
    )
    email = StringField(
        "Email address (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Email("Enter an email address like name@example.com")],
    )
    address = text("Address (optional)", max_len=2000, area=True)
    submit = SubmitField("Add organisation", widget=GovSubmitInput())


class ContactForm(FlaskForm):
    name = text("Name", "Enter the contact's name")
    job_title = text("Job title (optional)")
    email = StringField(
        "Email address (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Email("Enter an email address like name@example.com")],
    )
    phone = text("Phone (optional)", max_len=40)
    submit = SubmitField("Add contact", widget=GovSubmitInput())


class ExtensionForm(FlaskForm):
    due_on = date_field("New due date")
    reason = text("Reason for the extension", "Enter the reason for the extension", 2000, area=True)
    submit = SubmitField("Record extension", widget=GovSubmitInput())
