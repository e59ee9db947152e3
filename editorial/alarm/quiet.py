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

from flask import Flask, current_app
from sqlalchemy import BindParameter, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Executable

from editorial import clock, workflow
from editorial.alarm.service import GRACE, etag, late_conditions, open_alarms
from editorial.board_version import board_version, board_version_if_read
from editorial.extensions import db
from editorial.fragment_cache import EXTENSION as FRAGMENTS
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, BreakingHeadline
from editorial.raw_reads import Reads

EXTENSION = "editorial.alarm_quiet"
POLL_EXTENSION = "editorial.alarm_quiet_poll"  # the poll gate's slot (`quiet_etag`)


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


def quiet_etag(app: Flask, reads: Reads, at: datetime, version: int) -> str | None:
    """The banner's ETag when nothing is late at `at` and no alarm is open, else None: then
    `sound` has nothing to raise or clear (it would write nothing) and the banner is empty, so
    its ETag is `etag([], at)`, what the poll gate (`alarm.views.banner_version`) answers.
    Anything late, or an open alarm that may need clearing, is None: the view sounds, as it
    always has. Kept as `anything_late` is, per desk version (`version`, read with the session
    check) and clock window, in a slot of its own.

    Its question also counts open alarms, whose rows move no version (`bookkeeping`). That
    holds: an answer is kept only when nothing was late and no alarm was open, and within its
    window nothing turns late, so nobody (`sound`, in any process) opens an alarm before a
    version or the window moves; an alarm clearing only makes the banner quieter. So a 304
    while all is quiet sends no read past the session check's (bench:alarm-kept)."""
    slot: list[Answer | None] = app.extensions.setdefault(POLL_EXTENSION, [None])
    kept = slot[0]
    if kept is None or not kept.holds(version, at):
        kept = _read(at, version, reads)
        # Only a quiet answer is kept: an open alarm clears with no version moving.
        if not kept.late and app.extensions[FRAGMENTS].max_entries != 0:  # 0: caching off
            slot[0] = kept
    return None if kept.late else etag([], at)


def _read(at: datetime, version: int, reads: Reads | None = None) -> Answer:
    """The answer at `at` under `version`: on the session (`anything_late`), or with `reads`
    on the poll gate's connection, open alarms counted (`quiet_etag`)."""
    due_by = at - GRACE
    values = {"at": at, "due_by": due_by}
    if reads is None:
        row = db.session.execute(_statement(), values).one()
    else:
        row = reads.execute(_statement(alarms=True), values).one()
    late, story_due, starts, ends, lifts = row
    # A scheduled story and a headline turn late a grace minute after their time.
    turning = [moment + GRACE for moment in (story_due, starts) if moment is not None]
    upcoming = turning + [moment for moment in (ends, lifts) if moment is not None]
    return Answer(version, at, min(upcoming) if upcoming else None, bool(late))


@cache
def _statement(alarms: bool = False) -> Executable:
    """Whether anything is late (with `alarms`, or an alarm is open: the poll gate's question),
    and when that could next change by the clock alone: the next scheduled story's time past
    `due_by`, and of the headlines still to end, the next start past `due_by`, the next end and
    the next embargo of a linked story to lift. Built once each."""
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
    stirring = or_(*late_conditions(), *([open_alarms()] if alarms else []))
    return select(
        stirring,
        story_due.scalar_subquery(),
        starts.scalar_subquery(),
        ends.scalar_subquery(),
        lifts.scalar_subquery(),
    )
