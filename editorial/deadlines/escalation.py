"""Who an escalation step tells, when each step's time comes, and what the notification says.

| step | when | who is told |
| --- | --- | --- |
| soon | `DEADLINE_WARNING_MINUTES` before | the stage's holder (`holders`) |
| due | at the deadline | the desk owner: the plan's owner, else the story's editor |
| overdue | `DEADLINE_OVERDUE_MINUTES` after | the editors on duty (admins pick them) |

A stage's holder: the draft's byline, the assigned editor in edit and ready, the fact-checker in
fact-check.

A scheduler that was stopped sends, when it comes back, every step whose time has come (each
once), worded for the moment it is sent: a holder told late is told the deadline has passed.
The rows and the sending are `service.escalate`'s; this module only reads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from editorial import clock, newsroom, workflow
from editorial.deadlines.queries import time_left
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.planning import (
    DEADLINE_LABELS,
    DUE,
    OVERDUE,
    SOON,
    DeadlineWarning,
    Plan,
)
from editorial.people.queries import on_duty

Key = tuple[int, str, datetime, str]  # article, stage, due time, step


def steps_due(due: datetime, at: datetime, lead: timedelta, overdue: timedelta) -> list[str]:
    """The steps of a deadline `due` whose time has come at `at`, in order."""
    steps = []
    if at >= due - lead:
        steps.append(SOON)
    if at >= due:
        steps.append(DUE)
    if at >= due + overdue:
        steps.append(OVERDUE)
    return steps


def sent_steps(pending: list[tuple[int, str, datetime]]) -> set[Key]:
    """Which steps of `pending` deadlines were sent already: one query for all of them."""
    if not pending:
        return set()
    ids = sorted({article_id for article_id, _, _ in pending})
    rows = db.session.execute(
        select(
            DeadlineWarning.article_id,
            DeadlineWarning.stage,
            DeadlineWarning.due_at,
            DeadlineWarning.step,
        ).where(DeadlineWarning.article_id.in_(ids))
    )
    return {(a, stage, clock.as_utc(due), step) for a, stage, due, step in rows}


def holders(article: Article) -> list[User | None]:
    """Who holds the stage the story is in."""
    if article.state == workflow.DRAFT:
        return list(article.authors)
    if article.state == workflow.FACT_CHECK:
        return [article.fact_checker]
    return [article.editor]


def desk_owner(article: Article) -> User | None:
    """The plan's owner when the story was planned, else its editor."""
    owner = db.session.scalar(
        select(User).join(Plan, Plan.owner_id == User.id).where(Plan.article_id == article.id)
    )
    return owner or article.editor


def told(article: Article, step: str) -> list[User | None]:
    """Who step `step` tells about `article` (`inbox.service.notify` then leaves out anyone who
    may not see inside the story, or is deactivated)."""
    if step == SOON:
        return holders(article)
    if step == DUE:
        return [desk_owner(article)]
    return list(on_duty())


def wording(stage: str, due: datetime, at: datetime) -> str:
    """ "Edited by 16:00, Sat 5 Dec (Asia/Beirut): due in 30 min." in the newsroom's zone."""
    zone = newsroom.zone()
    local = clock.to_local(due, zone).strftime("%H:%M, %a %-d %b")
    return f"{DEADLINE_LABELS[stage]} {local} ({zone}): {time_left(due, at)}."
