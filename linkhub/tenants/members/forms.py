from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSelect, GovSubmitInput
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Optional

from linkhub.tenants.common.forms import date_field, text

from .models import CONSENT_WORDING, CONTACT_METHODS, INVOLVEMENT, KINDS, ORGANISATION_TYPES


def _radio(label, choices, message, **kw):
    return RadioField(
        label, widget=GovRadioInput(), choices=list(choices.items()), validators=[DataRequired(message)], **kw
    )


class PersonFields(FlaskForm):
    kind = _radio("Who is joining?", KINDS, "Choose whether this is an individual or an organisation")
    involvement = _radio(
        "How will they be involved?", INVOLVEMENT, "Choose member or participant", default="participant"
    )
    name = text("Name", "Enter the name", description="For an organisation, its name.")
    organisation_type = RadioField(
        "Kind of organisation (organisations only)",
        widget=GovRadioInput(),
        choices=list(ORGANISATION_TYPES.items()),
        validators=[Optional()],
    )
    email = text("Email address (optional)", max_len=254)
    phone = text("Telephone (optional)", max_len=40)
    address = text("Postal address (optional)", max_len=2000, area=True)
    contact_method = _radio("How should the LINk contact them?", CONTACT_METHODS, "Choose how to contact them")
    interests_text = text(
        "What are they interested in? (optional)",
        max_len=5000,
        area=True,
        description="For example, mental health services, or care homes.",
    )

    def values(self) -> dict:
        return dict(
            kind=self.kind.data,
            involvement=self.involvement.data,
            name=self.name.data,
            organisation_type=self.organisation_type.data or None,
            email=self.email.data or "",
            phone=self.phone.data or "",
            address=self.address.data or "",
            contact_method=self.contact_method.data,
            interests_text=self.interests_text.data or "",
        )


class JoinForm(PersonFields):
    works_for_nhs = RadioField(
        "Do you work for an NHS trust, NHS foundation trust, Primary Care Trust or Strategic Health Authority?",
        widget=GovRadioInput(),
        choices=[("no", "No"), ("yes", "Yes")],
        default="no",
        description="You can still join as an individual: you declare it, so the LINk can manage any conflict of interest.",
        validators=[DataRequired("Choose yes or no")],
    )
    employer = text("If yes, your employer", max_len=200)
    job_role = text("If yes, your job", max_len=200)
    consent = BooleanField(CONSENT_WORDING, widget=GovCheckboxInput())
    website = StringField("Leave this field empty", validators=[Optional()])
    submit = SubmitField("Ask to join", widget=GovSubmitInput())


class PersonForm(PersonFields):
    consent_to_contact = BooleanField("They agree to be contacted in the way chosen", widget=GovCheckboxInput())
    notes = text("Notes (optional)", max_len=5000, area=True)
    submit = SubmitField("Save", widget=GovSubmitInput())


class DeclineForm(FlaskForm):
    reason = text("Why is the request not accepted? (optional)", max_len=2000, area=True)
    submit = SubmitField("Decline the request", widget=GovSubmitInput(), render_kw={"class": "govuk-button--warning"})


class LeaveForm(FlaskForm):
    remove_details = BooleanField(
        "Remove their name, contact details, notes and declarations of interest",
        widget=GovCheckboxInput(),
        default=True,
        description="What they did stays on record, shown as ‘A former member’.",
    )
    submit = SubmitField("Record that they have left", widget=GovSubmitInput())


class InterestForm(FlaskForm):
    employer = text("Employer or organisation", "Enter the employer or organisation")
    role = text("Role (optional)")
    interest = text("The interest", "Describe the interest", 2000, area=True)
    provider_id = SelectField("Provider it relates to (optional)", widget=GovSelect(), coerce=int)
    declared_on = date_field("Date declared")
    submit = SubmitField("Record the declaration", widget=GovSubmitInput())


class RenewForm(FlaskForm):
    still_current = RadioField(
        "Does the declaration still stand?",
        widget=GovRadioInput(),
        choices=[("yes", "Yes, renew it for another year"), ("no", "No, it has ended")],
        validators=[DataRequired("Choose yes or no")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
