from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import DataRequired

from linkhub.tenants.common.forms import date_field, text

from .models import REQUESTER_KINDS


class RequestForm(FlaskForm):
    requester_kind = RadioField(
        "Who is asking?",
        widget=GovRadioInput(),
        choices=list(REQUESTER_KINDS.items()),
        validators=[DataRequired("Choose who is asking")],
    )
    organisation = text("Organisation", "Enter the organisation's name")
    contact_name = text("Your name", "Enter your name")
    email = StringField("Email address", widget=GovTextInput(), validators=[DataRequired("Enter your email address")])
    title = text("What would you like the LINk to look into?", "Enter what you would like the LINk to look into")
    description = text(
        "Describe the work and why it is needed",
        "Describe the work and why it is needed",
        max_len=10_000,
        area=True,
        description="For example, which services and people it is about, and what you would do with the findings.",
    )
    wanted_by = date_field("When would you like it by? (optional)", required=False)
    submit = SubmitField("Send the request", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    decision = RadioField(
        "Decision",
        widget=GovRadioInput(),
        choices=[("accept", "Accept: add it to the work programme"), ("decline", "Decline")],
        validators=[DataRequired("Choose accept or decline")],
    )
    reasons = text(
        "Reasons",
        "Give the reasons for the decision",
        max_len=5000,
        area=True,
        description="The requester receives these by email.",
    )
    owner = text("Who owns the work? (if accepted)")
    outcome = text("Measurable outcome (if accepted)", max_len=5000, area=True)
    target_on = date_field("Target date (if accepted)", required=False)
    submit = SubmitField("Record the decision", widget=GovSubmitInput())
