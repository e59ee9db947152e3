"""The admin area's reads: the people list (search, filters, pages) and open-session counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from editorial import clock
from editorial.extensions import db
from editorial.models import Role, User, UserSession

PEOPLE_PER_PAGE = 25


@dataclass(frozen=True)
class PeopleFilter:
    """What the people list is narrowed to: text in the name or email, a role, active or not."""

    q: str = ""
    role: Role | None = None
    active: bool | None = None
    page: int = 1


@dataclass(frozen=True)
class PeoplePage:
    """One page of people, with each one's open sessions and whether there are more pages."""

    people: list[User]
    sessions: dict[int, int]
    page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PEOPLE_PER_PAGE))


def like_pattern(text: str, *, anywhere: bool = True) -> str:
    """A LIKE pattern (escape character `\\`) for `text` lower-cased: inside, or at the start."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%" if anywhere else f"{escaped}%"


def _filtered(query: Select[Any], wanted: PeopleFilter) -> Select[Any]:
    if wanted.q:
        pattern = like_pattern(wanted.q)
        query = query.where(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                func.lower(User.email).like(pattern, escape="\\"),
            )
        )
    if wanted.role is not None:
        query = query.where(User.role == wanted.role)
    if wanted.active is not None:
        query = query.where(User.active.is_(wanted.active))
    return query


def people_page(wanted: PeopleFilter) -> PeoplePage:
    """The page of people `wanted` asks for: the active first, then by name."""
    total = db.session.scalar(
        _filtered(select(User), wanted).with_only_columns(func.count(User.id)).order_by(None)
    )
    query = (
        _filtered(select(User), wanted)
        .order_by(User.active.desc(), User.display_name, User.id)
        .limit(PEOPLE_PER_PAGE)
        .offset((wanted.page - 1) * PEOPLE_PER_PAGE)
    )
    people: list[User] = list(db.session.scalars(query))
    return PeoplePage(people, open_sessions([p.id for p in people]), wanted.page, total or 0)


def _open() -> ColumnElement[bool]:
    """A session that still lets its browser in: not ended, neither idle nor too old."""
    now = clock.now()
    config = current_app.config
    return and_(
        UserSession.ended_at.is_(None),
        UserSession.last_seen_at > now - config["SESSION_IDLE_TIMEOUT"],
        UserSession.created_at > now - config["SESSION_ABSOLUTE_TIMEOUT"],
    )


def open_sessions(user_ids: list[int]) -> dict[int, int]:
    """How many open sessions each of `user_ids` has (missing: none)."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(UserSession.user_id, func.count(UserSession.id))
        .where(UserSession.user_id.in_(user_ids), _open())
        .group_by(UserSession.user_id)
    )
    return {user_id: count for user_id, count in rows}


def session_count(user: User) -> int:
    """How many browsers `user` is signed in on now."""
    return open_sessions([user.id]).get(user.id, 0)


def on_duty() -> list[User]:
    """The active editors and admins on duty (admins pick them on the people pages): told when a
    stage is long overdue and when a publish is missed."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.on_duty.is_(True),
                User.active.is_(True),
                User.role.in_((Role.EDITOR, Role.ADMIN)),
            )
            .order_by(User.id)
        )
    )
