"""Whether anything is late, for a staff page's banner, read once per desk version and time window
rather than once a request (issue 28, bench:staff-chrome).

Every editor's staff page asks, before drawing the missed-publish banner, whether anything is
late (`service.anything_late`: one statement). What it reads is rows a write to which moves the
desk's version (`editorial.board_version`: stories' state, time and embargo, headlines'
window, withdrawal and link) and the clock. So the answer is kept with the version it was read
under and the window of time over which the clock alone cannot change it: from the moment it
was read up to the next moment anything could turn late or stop being late (a scheduled story's
time plus the grace minute, a live headline's start plus the grace minute, its end, its linked
story's embargo lifting). A request at a time in that window under the same version gets the
same answer the statement would give; any other reads it again (one statement, both answers).

What that promises: a committed write moves the version, so it shows on the next page in every
process; a story whose time passes shows at the first page after its grace minute, whether or
not anything was written. The version is read before the statement, so a write landing
meanwhile is read under the older version at worst. One slot per app (the last answer): the
desk has one answer at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import BindParameter, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Executable

from editorial import clock, workflow
from editorial.alarm.service import GRACE, late_conditions
from editorial.board_version import board_version, board_version_if_read
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, BreakingHeadline

EXTENSION = "editorial.alarm_quiet"


@dataclass(frozen=True)
class Answer:
    """Whether anything is late, read under `version`, true from `since` until `until` (None:
    nothing the clock alone could change is coming)."""

    version: int
    since: datetime
    until: datetime | None
    late: bool

    def holds(self, version: int, at: datetime) -> bool:
        """Whether this answer is the statement's at `at` under `version`."""
        return (
            version == self.version and self.since <= at and (self.until is None or at < self.until)
        )


def anything_late(at: datetime | None = None) -> bool:
    """`service.anything_late(at)`, kept per desk version and window (see the module's
    docstring). The desk's version is this request's if a kept part has read it, else read."""
    at = at or clock.now()
    if fragment_cache().max_entries == 0:  # caching off (FRAGMENT_CACHE_ENTRIES=0)
        return _read(at, 0).late
    version = board_version_if_read()
    version = board_version() if version is None else version
    slot: list[Answer | None] = current_app.extensions.setdefault(EXTENSION, [None])
    kept = slot[0]
    if kept is not None and kept.holds(version, at):
        return kept.late
    answer = _read(at, version)
    slot[0] = answer
    return answer.late


def _read(at: datetime, version: int) -> Answer:
    due_by = at - GRACE
    row = db.session.execute(_statement(), {"at": at, "due_by": due_by}).one()
    late, story_due, starts, ends, lifts = row
    # A scheduled story and a headline turn late a grace minute after their time.
    turning = [moment + GRACE for moment in (story_due, starts) if moment is not None]
    upcoming = turning + [moment for moment in (ends, lifts) if moment is not None]
    return Answer(version, at, min(upcoming) if upcoming else None, bool(late))


@cache
def _statement() -> Executable:
    """Whether anything is late, and when that could next change by the clock alone: the next
    scheduled story's time past `due_by`, and of the headlines still to end, the next start past
    `due_by`, the next end and the next embargo of a linked story to lift. Built once."""
    at: BindParameter[Any] = bindparam("at")
    due_by: BindParameter[Any] = bindparam("due_by")
    story_due = select(func.min(Article.published_at)).where(
        Article.state == workflow.SCHEDULED, Article.published_at > due_by
    )
    running = and_(BreakingHeadline.withdrawn_at.is_(None), BreakingHeadline.ends_at > at)
    starts = select(func.min(BreakingHeadline.starts_at)).where(
        running, BreakingHeadline.starts_at > due_by
    )
    ends = select(func.min(BreakingHeadline.ends_at)).where(running)
    linked = aliased(Article, name="linked")
    lifts = (
        select(func.min(linked.embargo_until))
        .join(BreakingHeadline, BreakingHeadline.article_id == linked.id)
        .where(running, linked.embargo_until > at)
    )
    return select(
        or_(*late_conditions()),
        story_due.scalar_subquery(),
        starts.scalar_subquery(),
        ends.scalar_subquery(),
        lifts.scalar_subquery(),
    )
