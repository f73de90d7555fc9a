from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from linkhub.tenants.common.forms import date_field, text
from linkhub.platform.validation import form_id

from .models import REPORT_TYPES


PLAIN_HINT = (
    "A few short sentences in everyday words, for the public and for search results. Required to "
    "publish. Its reading age is shown on the report's page: aim for 9 to 11."
)


class EasyReadForm(FlaskForm):
    easy_read = TextAreaField(
        "Easy read version (optional)",
        widget=GovTextArea(),
        description=(
            "One idea a sentence, short everyday words, and a heading for each part. Markdown: a blank line "
            "between paragraphs, ## for a heading, - for a list. Leave it empty to have no easy read version."
        ),
        validators=[Optional(), Length(max=50000)],
        render_kw={"rows": 16},
    )
    preview = SubmitField("Preview", widget=GovSubmitInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


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
        "Plain-language summary",
        max_len=5000,
        area=True,
        description=PLAIN_HINT,
    )
    body = text("Report", max_len=200_000, area=True, description="Leave a blank line between paragraphs")
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class DraftForm(FlaskForm):
    title = text("Title", "Enter the report's title")
    summary = text("Plain-language summary", max_len=5000, area=True, description=PLAIN_HINT)
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
