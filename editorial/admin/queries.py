"""The admin area's reads."""

from __future__ import annotations

from sqlalchemy import select

from editorial.extensions import db
from editorial.models import User


def people() -> list[User]:
    """Everyone, the active first, by name."""
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.display_name)))
