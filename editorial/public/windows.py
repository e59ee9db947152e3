"""How long what readers may see stays the same by the clock alone: the window a kept public part
holds under one site version (issue 28, bench:public-keys).

The public parts (`public.fragments`) used to be keyed on the page cache's 5-second slot, so
every part was drawn again every 5 s though nothing had changed. What the clock alone changes in
them is known in advance: a scheduled story turns public at its time, an embargo lifts at its
time, a breaking headline starts and ends at its times (`models.publicly_visible`, the ticker's
`live_items`). So one statement reads the next such moment (after `at`), and the answer is kept
(one slot per app, as `alarm.quiet` keeps whether anything is late) with the site version it
was read under: a part drawn under that version before that moment is what a fresh draw would
give, and its key holds the moment (`until`), so at the moment itself every part is drawn again.

What moves the version: every write a reader could see, in a request (`page_cache`), and out
of one (a job, a command, a test's factory: `page_cache.bump_outside_requests`). The week's
most read, which readers' visits change without any write that moves it, is kept apart under
the page cache's slot (`fragments.MOST_READ`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import BindParameter, and_, bindparam, func, select
from sqlalchemy.sql import Executable

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline

EXTENSION = "editorial.public_window"


@dataclass(frozen=True)
class Window:
    """Under site version `version`, nothing a reader may see changes by the clock alone from
    `since` until `until` (None: nothing is coming)."""

    version: int
    since: datetime
    until: datetime | None

    def holds(self, version: int, at: datetime) -> bool:
        """Whether `at` under `version` is inside this window."""
        return (
            version == self.version and self.since <= at and (self.until is None or at < self.until)
        )


def until(version: int, at: datetime) -> datetime | None:
    """The next moment after `at` the clock alone changes what readers may see, under `version`:
    kept per app, read again only under another version or past that moment."""
    slot: list[Window | None] = current_app.extensions.setdefault(EXTENSION, [None])
    kept = slot[0]
    if kept is not None and kept.holds(version, at):
        return kept.until
    row = db.session.execute(_statement(), {"at": at}).one()
    upcoming = [moment for moment in row if moment is not None]
    window = Window(version, at, min(upcoming) if upcoming else None)
    slot[0] = window
    return window.until


@cache
def _statement() -> Executable:
    """The next moment after `at` that a story turns public by its time or its embargo lifting,
    or a headline not withdrawn starts or ends. Each on an index; built once."""
    at: BindParameter[Any] = bindparam("at")
    shown = Article.state.in_((workflow.PUBLIC_STATE, workflow.DUE_STATE))
    due = select(func.min(Article.published_at)).where(shown, Article.published_at > at)
    lifts = select(func.min(Article.embargo_until)).where(Article.embargo_until > at)
    running = and_(BreakingHeadline.withdrawn_at.is_(None), BreakingHeadline.ends_at > at)
    starts = select(func.min(BreakingHeadline.starts_at)).where(
        running, BreakingHeadline.starts_at > at
    )
    ends = select(func.min(BreakingHeadline.ends_at)).where(running)
    return select(
        due.scalar_subquery(),
        lifts.scalar_subquery(),
        starts.scalar_subquery(),
        ends.scalar_subquery(),
    )
