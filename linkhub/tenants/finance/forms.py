"""GOV.UK forms of the finance pages. Amounts are text fields: the service parses them into
pence and its refusal (not a number, negative, more than 2 decimal places) shows on the field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from linkhub.tenants.common.forms import date_field

from .models import CATEGORIES, INCOME_SOURCES

AMOUNT_HINT = "In pounds, for example 125.50"


def amount_field(label: str, hint: str = AMOUNT_HINT, required: bool = True):
    return StringField(
        label,
        widget=GovTextInput(),
        description=hint,
        validators=[DataRequired(f"Enter {label.lower()}")] if required else [Optional()],
    )


class YearForm(FlaskForm):
    start_year = IntegerField(
        "Year the financial year starts in",
        widget=GovTextInput(),
        description="For example, 2026 for 1 April 2026 to 31 March 2027",
        validators=[
            InputRequired("Enter the year the financial year starts in, like 2026"),
            NumberRange(min=2000, max=2100, message="Enter a year between 2000 and 2100"),
        ],
    )
    submit = SubmitField("Set up the year", widget=GovSubmitInput())


def budget_form(year, lines: dict):
    """A form with one amount per budget line, filled with the current budget."""
    from .money import plain

    class BudgetForm(FlaskForm):
        submit = SubmitField("Save the budget", widget=GovSubmitInput())

    for key, label in CATEGORIES.items():
        setattr(
            BudgetForm,
            key,
            StringField(
                label,
                widget=GovTextInput(),
                description=AMOUNT_HINT,
                default=plain(lines[key]) if key in lines else "0.00",
                validators=[Optional()],
            ),
        )
    return BudgetForm()


class SpendingForm(FlaskForm):
    entry_on = date_field("Date of the payment")
    counterparty = StringField(
        "Supplier", widget=GovTextInput(), validators=[DataRequired("Enter the supplier"), Length(max=200)]
    )
    category = SelectField(
        "Budget line", widget=GovSelect(), choices=list(CATEGORIES.items()), validators=[DataRequired()]
    )
    amount = amount_field("Amount")
    description = TextAreaField("What it was for (optional)", widget=GovTextArea(), validators=[Length(max=2000)])
    work_item_id = SelectField("Work item it was for (optional)", widget=GovSelect(), coerce=int)
    submit = SubmitField("Save spending", widget=GovSubmitInput())


class IncomeForm(FlaskForm):
    entry_on = date_field("Date received")
    category = RadioField(
        "Where the money came from",
        widget=GovRadioInput(),
        choices=list(INCOME_SOURCES.items()),
        validators=[DataRequired("Choose where the money came from")],
    )
    counterparty = StringField(
        "Paid by", widget=GovTextInput(), validators=[DataRequired("Enter who paid it"), Length(max=200)]
    )
    amount = amount_field("Amount")
    description = TextAreaField("Notes (optional)", widget=GovTextArea(), validators=[Length(max=2000)])
    submit = SubmitField("Save income", widget=GovSubmitInput())


class AdjustForm(FlaskForm):
    amount = amount_field("Change to the amount", "In pounds. Use a minus sign to take money off, for example -12.50")
    reason = TextAreaField(
        "Why it is corrected",
        widget=GovTextArea(),
        validators=[DataRequired("Enter why the entry is corrected"), Length(max=2000)],
    )
    entry_on = date_field("Date of the adjusting entry", description="Usually today. For example, 27 3 2027")
    submit = SubmitField("Record adjusting entry", widget=GovSubmitInput())


class ReceiptForm(FlaskForm):
    file = FileField(
        "Receipt",
        widget=GovFileInput(),
        description="A PDF or a photo (JPG, PNG, GIF or WebP), smaller than 10 MB",
        validators=[FileRequired("Choose a receipt file")],
    )
    submit = SubmitField("Upload receipt", widget=GovSubmitInput())


class MileageRateForm(FlaskForm):
    mileage_rate = amount_field("Rate a mile", "In pounds, for example 0.45")
    submit = SubmitField("Save the rate", widget=GovSubmitInput())


class ClaimForm(FlaskForm):
    spent_on = date_field("Date of the expense or journey")
    description = TextAreaField(
        "What it was for",
        widget=GovTextArea(),
        description="For example, ‘bus fare to the hospital visit on 3 May’",
        validators=[DataRequired("Enter what the expense was for"), Length(max=2000)],
    )
    expenses = amount_field("Money spent (optional)", "In pounds, for example 4.80. Not mileage.", required=False)
    miles = StringField(
        "Miles driven (optional)", widget=GovTextInput(), description="For example, 12.5", validators=[Optional()]
    )
    submit = SubmitField("Submit claim", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    decision = RadioField(
        "Your decision",
        widget=GovRadioInput(),
        choices=[("approve", "Approve the claim"), ("reject", "Reject the claim")],
        validators=[DataRequired("Choose whether to approve or reject the claim")],
    )
    note = TextAreaField("Note (needed to reject)", widget=GovTextArea(), validators=[Length(max=2000)])
    submit = SubmitField("Save decision", widget=GovSubmitInput())


class ImportForm(FlaskForm):
    file = FileField("CSV file", widget=GovFileInput(), validators=[FileRequired("Choose a CSV file")])
    submit = SubmitField("Check the file", widget=GovSubmitInput())
