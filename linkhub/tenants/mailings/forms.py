from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class SubscribeForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"), Length(max=254)],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    name = StringField("Your name (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    # A honeypot: hidden from people, filled by bots (no tracking, no third-party check).
    website = StringField("Leave this empty", validators=[Optional()])
    submit = SubmitField("Send me the newsletter", widget=GovSubmitInput())


class PreferencesForm(FlaskForm):
    newsletter = BooleanField(
        "Send me the newsletter",
        widget=GovCheckboxInput(),
        description="News of what the network is doing and how to get involved, about once a month.",
    )
    digest = BooleanField(
        "Send me the weekly digest",
        widget=GovCheckboxInput(),
        description="For members and staff: new feedback, trigger points reached and deadlines coming up.",
    )
    submit = SubmitField("Save my choices", widget=GovSubmitInput())


class NewsletterForm(FlaskForm):
    subject = StringField(
        "Subject", widget=GovTextInput(), validators=[DataRequired("Enter a subject"), Length(max=200)]
    )
    body = TextAreaField(
        "Newsletter",
        widget=GovTextArea(),
        description="Markdown: a blank line between paragraphs, ## for a heading, - for a list, [text](https://…) for a link.",
        validators=[DataRequired("Write the newsletter"), Length(max=50000)],
        render_kw={"rows": 16},
    )
    preview = SubmitField("Preview", widget=GovSubmitInput())
    submit = SubmitField("Save draft", widget=GovSubmitInput())
