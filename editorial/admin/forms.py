"""The people page's forms: one row's access, and adding a person."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from editorial.forms import Form, NewPassword
from editorial.models import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class UserAccessForm(Form):
    """One row of the people table: role and whether the account works."""

    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active")
    submit = SubmitField("Save")


class NewUserForm(Form):
    """Add a person with a first password they should change."""

    display_name = StringField(
        "Name", validators=[DataRequired("Enter the person's name."), Length(max=120)]
    )
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter an email address."), Email("That isn't an email address.")],
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.REPORTER.value)
    password = PasswordField(
        "First password",
        validators=[DataRequired("Choose a first password."), NewPassword("email", "display_name")],
    )
    submit = SubmitField("Add person")
