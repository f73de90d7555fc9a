from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional
from linkhub.platform.validation import form_id

from .models import PROVIDER_KINDS, SERVICE_TYPES


class ProviderForm(FlaskForm):
    name = StringField(
        "Provider name", widget=GovTextInput(), validators=[DataRequired("Enter the provider's name"), Length(max=200)]
    )
    kind = RadioField(
        "Kind of provider",
        widget=GovRadioInput(),
        choices=list(PROVIDER_KINDS.items()),
        validators=[DataRequired("Choose the kind of provider")],
    )
    submit = SubmitField("Add provider", widget=GovSubmitInput())


class ServiceForm(FlaskForm):
    provider_id = SelectField(
        "Provider", widget=GovSelect(), coerce=form_id, validators=[DataRequired("Choose a provider")]
    )
    name = StringField(
        "Service name", widget=GovTextInput(), validators=[DataRequired("Enter the service's name"), Length(max=200)]
    )
    service_type = SelectField(
        "Type of service",
        widget=GovSelect(),
        choices=[("", "Choose a type")] + list(SERVICE_TYPES.items()),
        validators=[DataRequired("Choose the type of service")],
    )
    location = StringField("Location (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    ods_code = StringField(
        "ODS code (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=20)],
        description="The NHS Organisation Data Service code, like RHQ01 or C84001",
    )
    cqc_location_id = StringField(
        "CQC location ID (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=20)],
        description="From the service's page on the CQC website, like 1-101612345",
    )
    submit = SubmitField("Add service", widget=GovSubmitInput())
