"""Platform forms (GOV.UK widgets; CSRF from flask-wtf on every form)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovFileInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp

from .models import REGIONS


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.com"),
        ],
    )
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[DataRequired("Enter your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class NetworkForm(FlaskForm):
    name = StringField(
        "Network name", widget=GovTextInput(), validators=[DataRequired("Enter the network name"), Length(max=200)]
    )
    slug = StringField(
        "Web address name",
        widget=GovTextInput(),
        description="Lower-case letters, numbers and hyphens, for example sheffield",
        validators=[
            DataRequired("Enter the web address name"),
            Length(min=2, max=63),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message="Use lower-case letters, numbers and single hyphens only"),
        ],
    )
    local_authority = StringField(
        "Local authority",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the local authority"), Length(max=200)],
    )
    region = SelectField(
        "Region",
        widget=GovSelect(),
        choices=[("", "Choose a region")] + [(r, r) for r in REGIONS],
        validators=[DataRequired("Choose a region")],
    )
    host_organisation = StringField(
        "Host organisation",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the host organisation"), Length(max=200)],
    )
    submit = SubmitField("Create network", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A form that is only a button (CSRF-protected)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class ServiceFeedbackForm(FlaskForm):
    """The beta banner's form: what someone thinks of LINkHub itself (read by the operator)."""

    message = TextAreaField(
        "What do you think of this service?",
        widget=GovTextArea(),
        description="Do not include personal or medical details. To give your views about a care "
        "service, use that network's ‘Share your views’ form instead.",
        validators=[
            DataRequired("Enter your feedback"),
            Length(max=5000, message="Feedback must be 5000 characters or fewer"),
        ],
    )
    reply_to = EmailField(
        "Email address (optional)",
        widget=GovTextInput(),
        description="Only if you would like a reply",
        validators=[
            Optional(),
            Length(max=254),
            Email("Enter an email address in the correct format, like name@example.com"),
        ],
    )
    page = HiddenField()
    submit = SubmitField("Send feedback", widget=GovSubmitInput())


class HandOverForm(FlaskForm):
    new_host = StringField(
        "New host organisation",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the new host organisation"), Length(max=200)],
    )
    access_ends_on = DateField(
        "Date the old host's staff lose access",
        widget=GovDateInput(),
        format="%d %m %Y",
        description="For example, 31 3 2011. Until then both hosts' staff can work in the LINk.",
        validators=[InputRequired("Enter the date as a real date, like 31 3 2011")],
    )
    membership_ids = SelectMultipleField(
        "Whose access ends on that date?", widget=GovCheckboxesInput(), coerce=int, validators=[Optional()]
    )
    note = StringField("Note (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Hand the LINk over", widget=GovSubmitInput())


class ImportForm(FlaskForm):
    file = FileField("Export file (ZIP)", widget=GovFileInput())
    slug = StringField(
        "Web address name (optional)",
        widget=GovTextInput(),
        description="Leave empty to keep the exported one.",
        validators=[Optional(), Length(max=63)],
    )
    submit = SubmitField("Import the LINk", widget=GovSubmitInput())
