from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, DateField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

MARKDOWN_HINT = (
    "Markdown: a blank line between paragraphs, ## for a heading, - for a list, "
    "[words](https://…) for a link. Anything else is shown as text."
)


def _markdown(label: str, hint: str = "") -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=(hint + " " if hint else "") + MARKDOWN_HINT,
        validators=[Optional(), Length(max=20000)],
        render_kw={"rows": 8},
    )


class ProfileForm(FlaskForm):
    about = _markdown("About the LINk", "Who you are and what you do for local people.")
    host_about = _markdown("About the host organisation", "Who supports the LINk and how.")
    get_involved = _markdown("How to get involved", "Ways to give views, join and volunteer.")
    contact_email = StringField("Contact email", widget=GovTextInput(), validators=[Optional(), Length(max=254)])
    contact_phone = StringField("Contact telephone", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    contact_text_phone = StringField(
        "Textphone or Relay UK number", widget=GovTextInput(), validators=[Optional(), Length(max=40)]
    )
    contact_address = TextAreaField(
        "Postal address", widget=GovTextArea(), validators=[Optional(), Length(max=1000)], render_kw={"rows": 4}
    )
    opening_hours = StringField(
        "When the phone is answered",
        widget=GovTextInput(),
        description="For example, Monday to Friday, 9am to 5pm",
        validators=[Optional(), Length(max=200)],
    )
    other_formats = TextAreaField(
        "More about other formats (optional)",
        widget=GovTextArea(),
        description="Anything to add to the standard words on asking for large print, easy read, audio, Braille or another language.",
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )
    preview = SubmitField("Preview", widget=GovSubmitInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


class NewsForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(), validators=[DataRequired("Enter a title"), Length(max=200)])
    summary = StringField(
        "Summary (optional)",
        widget=GovTextInput(),
        description="One or two sentences for the list of news.",
        validators=[Optional(), Length(max=400)],
    )
    body = TextAreaField(
        "News post",
        widget=GovTextArea(),
        description=MARKDOWN_HINT,
        validators=[DataRequired("Write the news post"), Length(max=50000)],
        render_kw={"rows": 14},
    )
    preview = SubmitField("Preview", widget=GovSubmitInput())
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class EventForm(FlaskForm):
    title = StringField(
        "Name", widget=GovTextInput(), validators=[DataRequired("Enter the event's name"), Length(max=200)]
    )
    kind = RadioField(
        "What is it?",
        widget=GovRadioInput(),
        choices=[("meeting", "A public meeting (decisions are taken there)"), ("event", "An event or drop-in")],
        default="meeting",
        validators=[DataRequired("Choose what kind of event it is")],
    )
    on = DateField(
        "Date",
        widget=GovDateInput(),
        format="%d %m %Y",
        description="For example, 27 3 2027",
        validators=[DataRequired("Enter the date")],
    )
    at = StringField(
        "Start time",
        widget=GovTextInput(),
        description="24-hour clock, for example 18:30",
        validators=[
            DataRequired("Enter the start time"),
            Regexp(r"^([01]?\d|2[0-3]):[0-5]\d$", message="Enter a time like 18:30"),
        ],
        render_kw={"class": "govuk-input--width-5"},
    )
    place = StringField("Where", widget=GovTextInput(), validators=[Optional(), Length(max=300)])
    description = TextAreaField(
        "About it", widget=GovTextArea(), validators=[Optional(), Length(max=5000)], render_kw={"rows": 5}
    )
    is_public = BooleanField("Show it on the public site", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save", widget=GovSubmitInput())
