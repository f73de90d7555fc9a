from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired, Optional

from linkhub.tenants.common.forms import date_field, text
from linkhub.platform.validation import form_id

from .models import REPORT_TYPES


class ReportForm(FlaskForm):
    title = text("Title", "Enter the report's title")
    report_type = RadioField(
        "Type of report",
        widget=GovRadioInput(),
        choices=list(REPORT_TYPES.items()),
        default="network_report",
        validators=[DataRequired("Choose the type of report")],
    )
    summary = text(
        "Summary", max_len=5000, area=True, description="A few sentences for the public and for search results"
    )
    body = text("Report", max_len=200_000, area=True, description="Leave a blank line between paragraphs")
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class DraftForm(FlaskForm):
    title = text("Title", "Enter the report's title")
    summary = text("Summary", max_len=5000, area=True)
    body = text("Report", max_len=200_000, area=True)
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class CorrectionForm(DraftForm):
    note = text(
        "What was corrected and why",
        "Say what was corrected and why",
        5000,
        area=True,
        description="Shown in the report's public history",
    )
    submit = SubmitField("Save correction", widget=GovSubmitInput())


class RecommendationForm(FlaskForm):
    text = text("Recommendation", "Enter the recommendation", 20000, area=True)
    organisation_id = SelectField(
        "Organisation asked to act (optional)", widget=GovSelect(), coerce=form_id, validators=[Optional()]
    )
    submit = SubmitField("Add recommendation", widget=GovSubmitInput())


class SubjectForm(FlaskForm):
    service_id = SelectField(
        "Provider or service the report is about",
        widget=GovSelect(),
        validators=[DataRequired("Choose a provider or service")],
    )
    submit = SubmitField("Add", widget=GovSubmitInput())


class SendForm(FlaskForm):
    organisation_ids = SelectMultipleField(
        "Send to",
        widget=GovCheckboxesInput(),
        coerce=form_id,
        validators=[DataRequired("Choose at least one organisation")],
    )
    sent_on = date_field("Date sent")
    submit = SubmitField("Send and start the clocks", widget=GovSubmitInput())


class ReasonForm(FlaskForm):
    reason = text("Reason", "Enter the reason", 5000, area=True)
    submit = SubmitField("Continue", widget=GovSubmitInput())


class RecipientResponseForm(FlaskForm):
    responded_on = date_field("Date of the response")
    response = text("Response (optional)", max_len=50000, area=True)
    submit = SubmitField("Record response", widget=GovSubmitInput())


class RecommendationResponseForm(FlaskForm):
    response_status = RadioField(
        "Response",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose the response")],
        choices=[("accepted", "Accepted"), ("partly_accepted", "Partly accepted"), ("rejected", "Rejected")],
    )
    responded_on = date_field("Date of the response")
    response = text("What they said (optional)", max_len=50000, area=True)
    action_promised = text("Action promised (optional)", max_len=20000, area=True)
    follow_up_on = date_field("Follow-up date (optional)", required=False)
    submit = SubmitField("Record response", widget=GovSubmitInput())


class ImpactForm(FlaskForm):
    impact = text("What changed", "Describe what changed", 20000, area=True)
    evidence = text("Evidence (optional)", max_len=20000, area=True)
    submit = SubmitField("Record impact", widget=GovSubmitInput())
