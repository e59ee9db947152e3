"""Shared form pieces: the base every form extends, validators and id coercion."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, ValidationError

from editorial.passwords import password_problem
from editorial.text import clean_text


def _clean_filter(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


class Form(FlaskForm):
    """The base of every form here: each text field's input goes through `text.clean_text`.

    Characters XML 1.0 forbids are gone before validation, so lengths count what is kept and no
    headline, summary, name or breaking text can break a feed. Passwords are kept exactly as typed.
    """

    class Meta:
        """WTForms' hook for every field a form binds."""

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            """Add the cleaning filter to every text field (StringField and its kinds)."""
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                filters = tuple(unbound_field.kwargs.get("filters", ()))
                options["filters"] = (_clean_filter, *filters)
            return unbound_field.bind(form=form, **options)


class NewPassword:
    """WTForms validator: the password policy, with the reason in words."""

    def __init__(self, email_field: str | None = None, name_field: str | None = None) -> None:
        self.email_field = email_field
        self.name_field = name_field

    def __call__(self, form: Any, field: Any) -> None:
        email = form[self.email_field].data if self.email_field else ""
        name = form[self.name_field].data if self.name_field else ""
        problem = password_problem(field.data or "", email=email or "", name=name or "")
        if problem:
            raise ValidationError(problem)


MAX_DATABASE_INT = 2_147_483_647  # ids and versions are 32-bit integer columns


def database_int(value: Any) -> int:
    """`value` as an int that fits an id or version column (0 to 2^31-1); ValueError otherwise.

    A hand-made "999999999999999999999" must be refused like "abc", not reach the database and
    overflow it (found by tests/test_fuzz.py).
    """
    number = int(str(value).strip())
    if not 0 <= number <= MAX_DATABASE_INT:
        raise ValueError(f"{number} is out of range")
    return number


def optional_database_int(value: Any) -> int | None:
    """Like `database_int`, with None for an empty value."""
    if value in (None, "", "None"):
        return None
    return database_int(value)
