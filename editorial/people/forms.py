"""The admin area's forms: adding a person, their name and email, a role, a confirmation."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from editorial.forms import Form, NewPassword
from editorial.models import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


def _email_field() -> EmailField:
    return EmailField(
        "Email",
        validators=[
            DataRequired("Enter an email address."),
            Email("That isn't an email address."),
            Length(max=254, message="An email address is at most 254 characters."),
        ],
    )


def _name_field() -> StringField:
    return StringField(
        "Name",
        validators=[
            DataRequired("Enter the person's name."),
            Length(max=120, message="A name is at most 120 characters."),
        ],
    )


class NewUserForm(Form):
    """Add a person with a first password they must change: typed by the admin, or generated."""

    display_name = _name_field()
    email = _email_field()
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.REPORTER.value)
    password = PasswordField(
        "Temporary password",
        validators=[Optional(), NewPassword("email", "display_name")],
        description="Leave it empty and one is made up and shown to you once. "
        "They choose their own at first sign-in either way.",
    )
    invite = BooleanField(
        "Email them an invitation instead",
        default=True,
        description="They get a link, good once for a week, to choose their own password and "
        "sign in; no temporary password is made.",
    )
    submit = SubmitField("Add person")


class DetailsForm(Form):
    """A person's display name and email."""

    display_name = _name_field()
    email = _email_field()
    submit = SubmitField("Save")


class RoleForm(Form):
    """The role to change to (asked on the person's page, confirmed on the next)."""

    role = SelectField("New role", choices=ROLE_CHOICES)
    submit = SubmitField("Change role…")


class ConfirmForm(Form):
    """A confirmation; `typed` is only asked for when someone deactivates their own account."""

    role = SelectField("Role", choices=ROLE_CHOICES, validators=[Optional()])
    typed = StringField("Type your email address to confirm", validators=[Length(max=254)])
    submit = SubmitField("Confirm")
