"""Federation forms (GOV.UK widgets; CSRF from flask-wtf on every form). Choices that depend on
the data (pathways, networks) are filled in by the view."""

from __future__ import annotations

from datetime import date

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from linkhub.platform.models import REGIONS

from .models import DEFAULT_THRESHOLD, MIN_THRESHOLD

WHOLE_NUMBER = Regexp(r"^\s*\d{1,4}\s*$", message="Enter the suppression threshold as a whole number, like 5")


def _at_least_minimum(form, field):
    if (field.data or "").strip().isdigit() and int(field.data) < MIN_THRESHOLD:
        raise ValidationError(f"The suppression threshold cannot be below {MIN_THRESHOLD}")


def threshold_field():
    return StringField(
        "Suppression threshold",
        widget=GovTextInput(),
        default=str(DEFAULT_THRESHOLD),
        description=f"Counts below this number are never shown across networks; at least {MIN_THRESHOLD}",
        validators=[DataRequired("Enter the suppression threshold"), WHOLE_NUMBER, _at_least_minimum],
    )


class UnpublishForm(FlaskForm):
    reason = TextAreaField(
        "Why is the joint report being unpublished?",
        widget=GovTextArea(),
        description="Kept in the federation log with your name",
        validators=[DataRequired("Say why the joint report is being unpublished"), Length(max=5000)],
    )
    submit = SubmitField("Unpublish the joint report", widget=GovSubmitInput())


class PathwayForm(FlaskForm):
    name = StringField(
        "Pathway name", widget=GovTextInput(), validators=[DataRequired("Enter the pathway's name"), Length(max=120)]
    )
    description = TextAreaField(
        "Description (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)]
    )
    stages = TextAreaField(
        "Stages",
        widget=GovTextArea(),
        description="One stage a line, in the order people go through them",
        validators=[DataRequired("Enter at least two stages, one a line"), Length(max=5000)],
    )
    submit = SubmitField("Define the pathway", widget=GovSubmitInput())

    def stage_names(self) -> list[str]:
        return [line.strip() for line in (self.stages.data or "").splitlines() if line.strip()]


class WorkingGroupForm(FlaskForm):
    name = StringField(
        "Working group name",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the working group's name"), Length(max=200)],
    )
    region = SelectField(
        "Region",
        widget=GovSelect(),
        choices=[("", "Choose a region")] + [(r, r) for r in REGIONS],
        validators=[DataRequired("Choose a region")],
    )
    pathway = SelectField("Pathway", widget=GovSelect(), validators=[DataRequired("Choose a pathway")])
    convenor = SelectField(
        "Convenor network",
        widget=GovSelect(),
        description="It convenes the group and is a member",
        validators=[DataRequired("Choose the convenor network")],
    )
    networks = SelectMultipleField("Other member networks", widget=GovCheckboxesInput(), validators=[Optional()])
    agreement_text = TextAreaField(
        "Sharing agreement (optional)",
        widget=GovTextArea(),
        description="Version 1; each member network's admin must accept it before sharing",
        validators=[Optional(), Length(max=20000)],
    )
    suppression_threshold = threshold_field()
    submit = SubmitField("Set up the working group", widget=GovSubmitInput())


class MemberForm(FlaskForm):
    network = SelectField("Network", widget=GovSelect(), validators=[DataRequired("Choose a network to add")])
    submit = SubmitField("Add the network", widget=GovSubmitInput())


class AgreementForm(FlaskForm):
    text = TextAreaField(
        "Text of the agreement",
        widget=GovTextArea(),
        validators=[DataRequired("Enter the text of the agreement"), Length(max=20000)],
    )
    suppression_threshold = threshold_field()
    submit = SubmitField("Publish the new version", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A form that is only a button (CSRF-protected)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class RecommendationForm(FlaskForm):
    organisation = StringField(
        "Organisation",
        widget=GovTextInput(),
        description="For example, the ambulance trust",
        validators=[DataRequired("Enter the organisation the recommendation is to"), Length(max=200)],
    )
    organisation_email = StringField(
        "Organisation's email address (optional)",
        widget=GovTextInput(),
        description="The recommendation is sent here when the report is published",
        validators=[Optional(), Length(max=254)],
    )
    text = TextAreaField(
        "Recommendation", widget=GovTextArea(), validators=[DataRequired("Enter the recommendation"), Length(max=5000)]
    )
    submit = SubmitField("Add recommendation", widget=GovSubmitInput())


class DayMonthYearField(DateField):
    """A GOV.UK date (three inputs) that also takes one ISO value ("2026-12-20"); anything else
    is an empty answer, never a crash when the page is shown again with its error."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if self.raw_data is not None and len(self.raw_data) != 3:
            try:
                day = date.fromisoformat((self.raw_data[0] if len(self.raw_data) == 1 else "").strip())
                self.raw_data, self.data, self.process_errors = [str(day.day), str(day.month), str(day.year)], day, []
            except ValueError:
                self.raw_data, self.data, self.process_errors = None, None, []


class RecommendationResponseForm(FlaskForm):
    response_status = RadioField(
        "What did the organisation say?",
        widget=GovRadioInput(),
        choices=[("accepted", "Accepted"), ("partly_accepted", "Partly accepted"), ("rejected", "Rejected")],
        validators=[DataRequired("Choose whether the organisation accepted the recommendation")],
    )
    responded_on = DayMonthYearField(
        "Date of the response",
        widget=GovDateInput(),
        format="%d %m %Y",
        description="For example, 27 3 2026",
        validators=[InputRequired("Enter the date of the response as a real date, like 27 3 2026")],
    )
    response = TextAreaField(
        "Their response (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=20000)]
    )
    submit = SubmitField("Save the response", widget=GovSubmitInput())


class RecommendationImpactForm(FlaskForm):
    impact = TextAreaField(
        "What changed because of the recommendation?",
        widget=GovTextArea(),
        validators=[DataRequired("Enter what changed because of the recommendation"), Length(max=20000)],
    )
    submit = SubmitField("Save the impact", widget=GovSubmitInput())
