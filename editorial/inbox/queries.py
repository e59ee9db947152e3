"""The inbox's reads: the unread state (count and newest id, one index range) and a page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from editorial.extensions import db
from editorial.identity import signed_in_person
from editorial.models import Notification

PAGE = 30


@dataclass(frozen=True)
class Unread:
    """How many notifications are unread and the newest one's id: the badge's ETag."""

    count: int
    newest: int

    @property
    def etag(self) -> str:
        return f"n{self.count}-{self.newest}"


def unread(person_id: int) -> Unread:
    """One range scan of `ix_notifications_unread`, however many notifications there are."""
    count, newest = db.session.execute(
        select(func.count(Notification.id), func.max(Notification.id)).where(
            Notification.recipient_id == person_id, Notification.read_at.is_(None)
        )
    ).one()
    return Unread(count or 0, newest or 0)


def unread_for_page(person_id: int) -> Unread:
    """`unread`, read once per request (the navigation and the page may both ask)."""
    cached: Unread | None = g.get("_unread")
    if cached is None:
        cached = g._unread = unread(person_id)
    return cached


def unread_now() -> Unread | None:
    """The signed-in person's unread count for the navigation's badge (template global
    `inbox_unread`); None when nobody is signed in."""
    person = signed_in_person()
    return unread_for_page(person.id) if person is not None else None


@dataclass
class Page:
    """One page of the inbox, newest first, and the id to continue from (None: the last page)."""

    items: list[Notification]
    older: int | None


def page(person_id: int, before: int | None = None, *, unread_only: bool = False) -> Page:
    """Up to PAGE notifications older than `before`, with article and actor loaded (joined)."""
    query = (
        select(Notification)
        .where(Notification.recipient_id == person_id)
        .order_by(Notification.id.desc())
        .limit(PAGE + 1)
        .options(joinedload(Notification.article), joinedload(Notification.actor))
    )
    if before is not None:
        query = query.where(Notification.id < before)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = list(db.session.scalars(query))
    older = rows[PAGE - 1].id if len(rows) > PAGE else None
    return Page(rows[:PAGE], older)
