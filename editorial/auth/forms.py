"""The sign-in, change-password and profile forms."""

from __future__ import annotations

from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

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


def _has_a_letter(_form: object, field: StringField) -> None:
    if field.data and not any(c.isalpha() for c in field.data):
        # /author/<digits> is the page by id, so a slug of digits alone could never be reached.
        raise ValidationError("Use at least one letter, so the address isn't just a number.")


class ProfileForm(Form):
    """One's public profile: the name on bylines, a short bio, the author page's address."""

    display_name = StringField(
        "Name",
        validators=[
            DataRequired("Enter your name as readers should see it."),
            Length(max=120, message="A name is at most 120 characters."),
        ],
        description="On your bylines and your author page.",
    )
    bio = TextAreaField(
        "Public bio",
        validators=[Length(max=1000, message="A bio is at most 1,000 characters.")],
        description="A few lines on your author page. Plain text.",
    )
    slug = StringField(
        "Author page address",
        filters=[lambda value: value.strip().lower() if isinstance(value, str) else value],
        validators=[
            Optional(),
            Length(min=2, max=60, message="Between 2 and 60 characters."),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message="Use lower-case letters, digits and single hyphens, like amal-nasser.",
            ),
            _has_a_letter,
        ],
        description="Your page is at /author/ followed by this. Empty: /author/ and a number.",
    )
    submit = SubmitField("Save profile")


class PhotoForm(Form):
    """The author page's photo: a library picture's number, or nothing to take the photo off."""

    image_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])


class ForgotPasswordForm(Form):
    """The email address to send a reset link to."""

    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        description="The address you sign in with. A link to choose a new password goes there.",
    )
    submit = SubmitField("Send me a link")


class ChooseNewPasswordForm(Form):
    """A new password twice: reached by an emailed link, so no current password."""

    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), NewPassword()],
        description="At least 8 characters; a passphrase of several words is best.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[EqualTo("new_password", "The two new passwords are different.")],
    )
    submit = SubmitField("Set my password and sign in")
