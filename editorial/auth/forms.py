"""The sign-in and change-password forms."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from editorial.forms import Form, NewPassword
from editorial.passwords import MAX_LENGTH


class SignInForm(Form):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired("Enter your email address.")])
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=MAX_LENGTH)],
    )
    submit = SubmitField("Sign in")


class ChangePasswordForm(Form):
    """The current password, then the new one twice."""

    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), NewPassword()],
        description="At least 8 characters; a passphrase of several words is best.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[EqualTo("new_password", "The two new passwords are different.")],
    )
    submit = SubmitField("Change password")
