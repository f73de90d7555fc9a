"""Forms for people: invitations, roles, accepting an invitation, and API tokens."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..models import NETWORK_ROLES, ROLE_LABELS

ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in NETWORK_ROLES]
ROLE_HINTS = {
    "network_admin": "Manages the network's people and settings, and everything staff do",
    "staff": "Runs the network's records, feedback, issues, powers and reports",
    "member": "Reads the network's pages, scores priorities and joins task groups",
    "authorised_representative": "Carries out enter and view visits (needs a DBS check and authorisation)",
    "local_authority": "A contract officer or OSC member of the local authority: reads the returns, "
    "performance indicators and published work, never feedback, contacts or anything unpublished",
}


class InviteForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="We will send an invitation to this address. They join when they accept it.",
        validators=[
            DataRequired("Enter the email address of the person to invite"),
            Length(max=254),
            Email("Enter an email address in the correct format, like name@example.com"),
        ],
    )
    role = RadioField(
        "Role", widget=GovRadioInput(), choices=ROLE_CHOICES, validators=[DataRequired("Choose the role to offer")]
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class RoleForm(FlaskForm):
    role = RadioField(
        "New role", widget=GovRadioInput(), choices=ROLE_CHOICES, validators=[DataRequired("Choose a role")]
    )
    submit = SubmitField("Change role", widget=GovSubmitInput())


class NewAccountForm(FlaskForm):
    name = StringField(
        "Full name", widget=GovTextInput(), validators=[DataRequired("Enter your full name"), Length(max=200)]
    )
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description="At least 12 characters",
        validators=[
            DataRequired("Enter a password"),
            Length(min=12, max=200, message="Passwords must be 12 characters or more"),
        ],
    )
    confirm = PasswordField(
        "Confirm your password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Confirm your password"), EqualTo("password", message="The passwords do not match")],
    )
    submit = SubmitField("Create account and join", widget=GovSubmitInput())


class TokenForm(FlaskForm):
    name = StringField(
        "Name of the token",
        widget=GovTextInput(),
        description="What it is for, for example Survey import",
        validators=[DataRequired("Enter a name for the token"), Length(max=100)],
    )
    access = SelectField(
        "Network and role",
        widget=GovSelect(),
        description="The token can do what this role can do, in this network only",
        validators=[DataRequired("Choose the network and role the token acts with")],
    )
    expires = RadioField(
        "Expires",
        widget=GovRadioInput(),
        default="90",
        choices=[("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")],
        validators=[DataRequired("Choose when the token expires")],
    )
    submit = SubmitField("Create token", widget=GovSubmitInput())


class FirstAdminForm(InviteForm):
    """The operator invites a new network's first admin: the role is fixed."""

    role = None
