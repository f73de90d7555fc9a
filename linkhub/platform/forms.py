"""Platform forms (GOV.UK widgets; CSRF from flask-wtf on every form)."""

from __future__ import annotations

from datetime import date

import flask_wtf
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
from .validation import CONTROL_MESSAGE, form_id, has_control

DATE_MESSAGE = "Enter a real date, like 27 3 2026"
CHOICE_MESSAGE = "Choose one of the options in the list"


def _stock_choice_error(error) -> bool:
    # WTForms: "Not a valid choice.", "Invalid Choice: could not coerce.", "Invalid choice(s): one or
    # more data inputs could not be coerced.", "'x' is not a valid choice for this field."
    text = str(error).lower()
    return text.startswith("invalid choice") or "not a valid choice" in text


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form with what every LINkHub form needs before any service sees its data
    (every form in the package derives from this one; tests/architecture checks it):

    - a control character (a NUL byte and the like) in any submitted value is an error on that
      field, so the page shows it in the GOV.UK error summary;
    - a GOV.UK date (three inputs) also accepts one ISO value (``planned_on=2026-12-20``); any
      other number of values is an error on the field, never a crash when the page is shown
      again (the widget expects exactly day, month and year).
    """

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)
        for field in self:
            if isinstance(field.widget, GovDateInput):
                _three_part_date(field)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            # WTForms' own words for a choice it cannot read ("Invalid Choice: could not coerce.")
            # are not GOV.UK style: say what to do instead.
            if any(_stock_choice_error(e) for e in field.errors):
                field.errors = [CHOICE_MESSAGE, *(e for e in field.errors if not _stock_choice_error(e))]
            if any(has_control(v) for v in field.raw_data or ()):
                field.errors = list(field.errors) + [CONTROL_MESSAGE]
                valid = False
        return valid


def _three_part_date(field) -> None:
    raw = field.raw_data
    if raw is None or len(raw) == 3:
        return
    if not raw:  # not sent at all: the widget shows the field's data (WTForms kept it)
        field.raw_data = None
        return
    if len(raw) == 1 and isinstance(raw[0], str) and raw[0].strip():
        try:
            day = date.fromisoformat(raw[0].strip())
        except ValueError:
            pass
        else:
            field.raw_data, field.data, field.process_errors = [str(day.day), str(day.month), str(day.year)], day, []
            return
    if not raw or not any(isinstance(v, str) and v.strip() for v in raw):
        field.raw_data, field.data, field.process_errors = ["", "", ""], None, []
        return
    # Kept (padded or cut to three) so the page shows what was sent, with the error.
    shown = [v if isinstance(v, str) else "" for v in raw][:3]
    field.raw_data = shown + [""] * (3 - len(shown))
    field.data, field.process_errors = None, [DATE_MESSAGE]


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
        "Whose access ends on that date?", widget=GovCheckboxesInput(), coerce=form_id, validators=[Optional()]
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
