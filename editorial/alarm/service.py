"""What is late now (`late_now`, reads only), and raising and clearing the alarms for it
(`sound`: exactly once each across processes, by the alarms table's unique key).

Both the scheduler's pass and every editor's banner poll call `sound`, so an alarm is raised
whether the scheduler runs or not; a pass that has nothing new to raise or clear writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, exists, or_, select, update

from editorial import clock, workflow
from editorial.audit import record
from editorial.breaking.queries import embargoed_link
from editorial.breaking.rules import live_condition
from editorial.database import changed_rows, insert_missing, reading, writing
from editorial.extensions import db
from editorial.inbox.service import notify
from editorial.models import Article, BreakingHeadline, Kind, PublishAlarm, Role, User
from editorial.models.alarms import HEADLINE, STORY
from editorial.people.queries import on_duty

GRACE = timedelta(minutes=1)


@dataclass(frozen=True)
class Late:
    """One thing that should be public and is not."""

    kind: str  # STORY or HEADLINE
    subject: str  # "story:12"
    due_at: datetime
    late_by: timedelta
    title: str
    why: str  # why it can't go out as it is ("" when nothing refuses it: the scheduler stopped)
    article: Article | None
    headline: BreakingHeadline | None

    @property
    def late_text(self) -> str:
        """ "3 min", "2 h 5 min": how late, in words."""
        minutes = int(self.late_by.total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def late_now(at: datetime | None = None) -> list[Late]:
    """Every story and headline late at `at` (default now) by more than the grace minute: two
    indexed reads (scheduled stories by state and time; the live headlines)."""
    at = at or clock.now()
    late: list[Late] = []
    stories = db.session.scalars(
        select(Article).where(_story_late(at - GRACE)).order_by(Article.published_at)
    )
    release = workflow.BY_NAME["release"]
    for article in stories:
        due = clock.as_utc(article.published_at or at)
        why = workflow.check_guard(release, article, None) or ""
        title = article.headline or "Untitled"
        late.append(Late(STORY, f"{STORY}:{article.id}", due, at - due, title, why, article, None))
    headlines = db.session.scalars(
        select(BreakingHeadline)
        .where(_headline_late(at, at - GRACE))
        .order_by(BreakingHeadline.starts_at)
    )
    for headline in headlines:
        due = clock.as_utc(headline.starts_at)
        linked = headline.article
        why = (
            f"Its story is {linked.embargo_notice}."
            if linked is not None and linked.embargo_notice
            else "It is not on the ticker."
        )
        late.append(
            Late(
                HEADLINE,
                f"{HEADLINE}:{headline.id}",
                due,
                at - due,
                headline.text,
                why,
                linked,
                headline,
            )  # fmt: skip
        )
    return late


def _story_late(due_by: datetime | BindParameter[Any]) -> ColumnElement[bool]:
    """Scheduled for `due_by` (now less the grace minute) or earlier, and still not out."""
    return and_(Article.state == workflow.SCHEDULED, Article.published_at <= due_by)


def _headline_late(
    at: datetime | BindParameter[Any], due_by: datetime | BindParameter[Any]
) -> ColumnElement[bool]:
    """Live for over the grace minute and still off the ticker (the ticker's own condition:
    `breaking.queries.live_items` leaves out exactly the headlines `embargoed_link` names)."""
    return and_(live_condition(at), BreakingHeadline.starts_at <= due_by, embargoed_link(at))


def anything_late(at: datetime | None = None) -> bool:
    """Whether anything is late at all: one query, what a desk page asks before drawing the
    banner (the details are read only when the answer is yes)."""
    at = at or clock.now()
    return bool(
        db.session.scalar(select(or_(*late_conditions())), {"at": at, "due_by": at - GRACE})
    )


@cache
def late_conditions() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Whether a story, and whether a headline, is late: built once, `at` and `due_by` bound
    (`anything_late` and the poll gate's `quiet.quiet_etag` ask the same two conditions)."""
    at: BindParameter[Any] = bindparam("at")
    due_by: BindParameter[Any] = bindparam("due_by")
    stories = exists(select(Article.id).where(_story_late(due_by)))
    headlines = exists(select(BreakingHeadline.id).where(_headline_late(at, due_by)))
    return stories, headlines


def open_alarms() -> ColumnElement[bool]:
    """SQL condition: an alarm is open (raised and not yet cleared)."""
    return exists(select(PublishAlarm.id).where(PublishAlarm.cleared_at.is_(None)))


def etag(late: list[Late], at: datetime) -> str:
    """The banner's ETag: what is late and the minute (so "late by" moves on once a minute)."""
    minute = at.replace(second=0, microsecond=0) if late else None
    payload = ";".join(f"{item.subject}@{item.due_at.isoformat()}:{item.why}" for item in late)
    return hashlib.sha256(f"{minute}|{payload}".encode()).hexdigest()[:32]


def _editors() -> list[User]:
    """Who hears of a missed publish in the inbox: the editors on duty, or every editor when
    nobody is (the banner shows on every editor's desk either way)."""
    return on_duty() or list(
        db.session.scalars(
            select(User).where(User.active.is_(True), User.role.in_((Role.EDITOR, Role.ADMIN)))
        )
    )


def sound(at: datetime | None = None) -> list[Late]:
    """Raise an alarm for each late thing not yet raised (audit event and the editors told, once)
    and clear each open alarm that is resolved (once). Returns what is late. Commits its writes."""
    at = at or clock.now()
    with reading():
        late = late_now(at)
        open_alarms = list(
            db.session.execute(
                select(PublishAlarm.id, PublishAlarm.subject, PublishAlarm.due_at).where(
                    PublishAlarm.cleared_at.is_(None)
                )
            )
        )
        db.session.commit()
    keys = {(item.subject, item.due_at) for item in late}
    known = {(subject, clock.as_utc(due)) for _id, subject, due in open_alarms}
    for item in late:
        if (item.subject, item.due_at) not in known:
            with writing():
                _raise(item, at)
                db.session.commit()
    for alarm_id, subject, due in open_alarms:
        if (subject, clock.as_utc(due)) not in keys:
            with writing():
                _clear(alarm_id, at)
                db.session.commit()
    return late


def _raise(item: Late, at: datetime) -> None:
    values = {
        "kind": item.kind,
        "subject": item.subject,
        "article_id": item.article.id if item.article else None,
        "headline_id": item.headline.id if item.headline else None,
        "due_at": item.due_at,
        "raised_at": at,
    }
    if not insert_missing(PublishAlarm, values):
        return  # another process (or poll) raised it first
    target = item.article if item.kind == STORY else item.headline
    due = clock.machine_time(item.due_at)
    record("alarm.raised", target, kind=item.kind, due=due, why=item.why)
    if item.article is not None:
        text = f"Late by {item.late_text}. {item.why}".strip()
        notify(_editors(), Kind.MISSED, item.article, None, text=text)


def _clear(alarm_id: int, at: datetime) -> None:
    cleared = changed_rows(
        update(PublishAlarm)
        .where(PublishAlarm.id == alarm_id, PublishAlarm.cleared_at.is_(None))
        .values(cleared_at=at)
        .execution_options(synchronize_session=False)
    )
    if cleared != 1:
        return
    alarm = db.session.get(PublishAlarm, alarm_id)
    if alarm is None:
        return
    target: Article | BreakingHeadline | None = None
    if alarm.kind == STORY and alarm.article_id:
        target = db.session.get(Article, alarm.article_id)
    elif alarm.kind == HEADLINE and alarm.headline_id:
        target = db.session.get(BreakingHeadline, alarm.headline_id)
    record("alarm.cleared", target, kind=alarm.kind, due=clock.machine_time(alarm.due_at))
