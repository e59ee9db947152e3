"""Who is asking: the signed-in person as a `User`, not Flask-Login's proxy.

Services take a real `User` (they compare ids, store it on rows, send it with signals); one
function unwraps the proxy so no view repeats `current_user._get_current_object()`.
"""

from __future__ import annotations

from typing import cast

from flask import abort, has_request_context
from flask_login import current_user

from editorial.models import User


def signed_in_person() -> User | None:
    """The signed-in person, or None (signed out, or outside a request)."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    return cast(User, current_user._get_current_object())


def current_person() -> User:
    """The signed-in person, for views behind the sign-in rule (401 if there is none)."""
    person = signed_in_person()
    if person is None:
        abort(401)
    return person
