"""Signing in and out, changing one's password, and the rule that every page needs a sign-in.

Sessions live on the server (`UserSession`): the cookie carries only a random token, so signing
out, deactivation, a role change or a password change end it for good, whoever kept a copy.
`views` has the pages, `forms` their forms, `sessions` the session loader and the sign-in rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint

F = TypeVar("F", bound=Callable[..., Any])

bp = Blueprint("auth", __name__)


def public(view: F) -> F:
    """Mark a view as open to everyone; every other view needs a signed-in user."""
    view._public = True  # type: ignore[attr-defined]  # a marker on the function object
    return view


from editorial.auth import profile, views  # noqa: E402,F401  (views register on bp)
from editorial.auth.sessions import init_auth  # noqa: E402

__all__ = ["bp", "init_auth", "public"]
