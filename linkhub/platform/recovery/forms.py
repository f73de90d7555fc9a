from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from .services import MIN_LENGTH


class AskForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        filters=[lambda v: v.strip() if v else v],
        validators=[
            DataRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.com"),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class NewPasswordForm(FlaskForm):
    token = HiddenField()
    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {MIN_LENGTH} characters",
        validators=[
            DataRequired("Enter a new password"),
            Length(min=MIN_LENGTH, message=f"Passwords must be at least {MIN_LENGTH} characters"),
        ],
    )
    confirm = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Enter the new password again"), EqualTo("password", "The passwords do not match")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())
