"""Forms: the public "Share your views" form and staff entry of feedback from other channels."""

from __future__ import annotations

from datetime import date

from linkhub.platform.forms import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional
from linkhub.platform import clock
from linkhub.platform.validation import form_id

from linkhub.tenants.equality.forms import add_questions, answers_of

from .models import MAX_TEXT, RATINGS, STAFF_CHANNELS, THEMES

AGE_BANDS = [
    "Under 18",
    "18 to 24",
    "25 to 34",
    "35 to 44",
    "45 to 54",
    "55 to 64",
    "65 to 74",
    "75 or over",
    "Prefer not to say",
]


class FeedbackForm(FlaskForm):
    service_id = SelectField(
        "Which service is it about?",
        widget=GovSelect(),
        coerce=form_id,
        description="Choose from the list, or type the name below if it is not there.",
    )
    service_text = StringField(
        "If the service is not in the list, type its name",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200)],
    )
    what_happened = TextAreaField(
        "What happened?",
        widget=GovCharacterCount(),
        description="Tell us about your experience. Do not include names or other details that could identify someone.",
        validators=[
            DataRequired("Enter what happened"),
            Length(max=MAX_TEXT, message=f"What happened must be {MAX_TEXT:,} characters or fewer"),
        ],
    )
    month = IntegerField(
        "Month", widget=GovTextInput(), validators=[Optional(), NumberRange(1, 12, "Enter a month from 1 to 12")]
    )
    year = IntegerField(
        "Year", widget=GovTextInput(), validators=[Optional(), NumberRange(2000, 2100, "Enter a real year, like 2026")]
    )
    theme = SelectField(
        "What is it mostly about?",
        widget=GovSelect(),
        choices=[("", "Choose one")] + list(THEMES.items()),
        validators=[DataRequired("Choose what it is mostly about")],
    )
    rating = RadioField(
        "How did it feel?",
        widget=GovRadioInput(),
        coerce=form_id,
        choices=[(k, v) for k, v in RATINGS.items()],
        validators=[Optional()],
    )
    name = StringField("Your name (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    email = StringField(
        "Email address (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Email("Enter an email address in the correct format, like name@example.com")],
    )
    phone = StringField("Telephone number (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=30)])
    consent_to_contact = BooleanField("You can contact me about my feedback", widget=GovCheckboxInput())
    # Honeypot: hidden from people (and assistive technology); bots fill it in.
    website = StringField("Leave this field empty", validators=[Optional()])
    submit = SubmitField("Send your views", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Rules across fields (WTForms' Optional() stops a blank field's own checks)."""
        ok = super().validate(extra_validators)
        if (self.month.data is None) != (self.year.data is None) and not (self.month.errors or self.year.errors):
            self.year.errors.append("Enter both the month and the year, or neither")
            ok = False
        elif (
            self.month.data
            and self.year.data
            and not (self.month.errors or self.year.errors)
            and date(self.year.data, self.month.data, 1) > clock.today()
        ):
            self.year.errors.append("The month must be this month or in the past")
            ok = False
        if not self.service_id.data and not (self.service_text.data or "").strip():
            self.service_text.errors.append("Choose the service, or type its name")
            ok = False
        return ok

    def happened_month(self) -> date | None:
        return date(self.year.data, self.month.data, 1) if self.year.data and self.month.data else None

    def equality_answers(self) -> dict:
        """The census equality questions (tenants/equality), stored apart from the feedback."""
        return answers_of(self)


add_questions(FeedbackForm)


class StaffFeedbackForm(FeedbackForm):
    channel = RadioField(
        "How was it received?",
        widget=GovRadioInput(),
        choices=list(STAFF_CHANNELS.items()),
        validators=[DataRequired("Choose how the feedback was received")],
    )
    submit = SubmitField("Save feedback", widget=GovSubmitInput())


class ImportForm(FlaskForm):
    file = FileField(
        "CSV file",
        widget=GovFileInput(),
        validators=[FileRequired("Choose a CSV file"), FileAllowed(["csv"], "The file must be a CSV")],
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class MergeForm(FlaskForm):
    duplicate_id = SelectField(
        "Merge this duplicate into the contact above",
        widget=GovSelect(),
        coerce=form_id,
        validators=[DataRequired("Choose the duplicate contact")],
    )
    submit = SubmitField("Merge contacts", widget=GovSubmitInput())
