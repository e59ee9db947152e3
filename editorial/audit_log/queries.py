"""The audit log's reads: filters, keyset pages (by id, newest first) and the CSV export's rows.

Keyset paging (`id < before`) costs the same on the first page and the thousandth, so the log
stays fast at a million rows; an offset would read and throw away every row before the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from editorial import clock
from editorial.audit_log.sentences import sentences
from editorial.database import reading
from editorial.extensions import db
from editorial.models import AuditEvent, User
from editorial.people.queries import like_pattern

EVENTS_PER_PAGE = 50
EXPORT_BATCH = 1000
CSV_COLUMNS = ("id", "at_utc", "actor_id", "actor", "action", "object_type", "object_id", "ip")


@dataclass(frozen=True)
class AuditFilter:
    """Who did it (name or email), the action (or its start, `user.`), the object (`user:3`,
    or `article`), a range of days in the newsroom's zone, and the keyset page (`before` an id)."""

    person: str = ""
    action: str = ""
    object: str = ""
    since: date | None = None
    until: date | None = None
    before: int | None = None

    def is_set(self) -> bool:
        """Whether anything narrows the log (the page is not part of that)."""
        return bool(self.person or self.action or self.object or self.since or self.until)


def _day_start(day: date, zone: str) -> datetime:
    return clock.from_local(datetime.combine(day, time()), zone)


def filtered(query: Select[Any], wanted: AuditFilter, zone: str) -> Select[Any]:
    """`query` narrowed to the events `wanted` describes (every filter but the page)."""
    if wanted.person:
        pattern = like_pattern(wanted.person)
        people = select(User.id).where(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                func.lower(User.email).like(pattern, escape="\\"),
            )
        )
        query = query.where(
            or_(
                AuditEvent.actor_id.in_(people),
                func.lower(AuditEvent.actor_label).like(pattern, escape="\\"),
            )
        )
    if wanted.action:
        prefix = like_pattern(wanted.action, anywhere=False)
        query = query.where(func.lower(AuditEvent.action).like(prefix, escape="\\"))
    if wanted.object:
        kind, _, object_id = wanted.object.partition(":")
        query = query.where(AuditEvent.object_type == kind.strip().lower())
        if object_id.strip():
            query = query.where(AuditEvent.object_id == object_id.strip())
    if wanted.since:
        query = query.where(AuditEvent.at >= _day_start(wanted.since, zone))
    if wanted.until:
        query = query.where(AuditEvent.at < _day_start(wanted.until + timedelta(days=1), zone))
    return query


@dataclass(frozen=True)
class AuditPage:
    """One page of events and the id the next (older) page starts before, if there is one."""

    events: list[AuditEvent]
    older_than: int | None
    sentences: dict[int, str | None]


def audit_page(wanted: AuditFilter, zone: str) -> AuditPage:
    """The newest events `wanted` matches, before `wanted.before` if it is set."""
    query = filtered(select(AuditEvent).options(selectinload(AuditEvent.actor)), wanted, zone)
    if wanted.before is not None:
        query = query.where(AuditEvent.id < wanted.before)
    rows: list[AuditEvent] = list(
        db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(EVENTS_PER_PAGE + 1))
    )
    more = len(rows) > EVENTS_PER_PAGE
    events = rows[:EVENTS_PER_PAGE]
    return AuditPage(events, events[-1].id if more and events else None, sentences(events))


def export_rows(app: Flask, wanted: AuditFilter, zone: str) -> Iterator[list[str]]:
    """Every event `wanted` matches as CSV values, newest first, read a batch at a time.

    Each batch is its own short read (an app context and a deferred transaction of its own,
    closed before its rows are yielded) of plain columns, so memory stays flat however many rows
    there are, no cursor or lock is held while a slow client reads, and nothing depends on the
    request's context outliving the view.
    """
    yield [*CSV_COLUMNS, "details"]
    before: int | None = None
    while True:
        with app.app_context(), reading():
            query = filtered(select(*_EXPORTED), wanted, zone)
            if before is not None:
                query = query.where(AuditEvent.id < before)
            batch = db.session.execute(
                query.order_by(AuditEvent.id.desc()).limit(EXPORT_BATCH)
            ).all()
            db.session.rollback()
        for row in batch:
            at = clock.as_utc(row.at).isoformat() if row.at else ""
            values = [str(row.id), at, str(row.actor_id or ""), row.actor_label or ""]
            values += [row.action, row.object_type or "", row.object_id or "", row.ip or ""]
            values.append(json.dumps(row.details or {}, ensure_ascii=False, sort_keys=True))
            yield values
        if len(batch) < EXPORT_BATCH:
            return
        before = batch[-1].id


_EXPORTED = (
    AuditEvent.id,
    AuditEvent.at,
    AuditEvent.actor_id,
    AuditEvent.actor_label,
    AuditEvent.action,
    AuditEvent.object_type,
    AuditEvent.object_id,
    AuditEvent.ip,
    AuditEvent.details,
)
