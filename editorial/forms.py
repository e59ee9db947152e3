"""Shared form pieces."""

from __future__ import annotations

from typing import Any

from wtforms import ValidationError

from editorial.passwords import password_problem


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
