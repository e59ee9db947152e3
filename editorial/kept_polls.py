"""A public poll's answer kept under the versions it was read under, its window of time and the
page cache's time slot (issue 28, bench:public-polls).

The BREAKING ticker's poll and a reader's live story poll are asked by every open public page,
and almost always find nothing new. Their ETag is a pure function of rows and the clock: the
live headlines (and the stories they link), or a story's visibility and its live version. So
the answer is kept, as `alarm.quiet` keeps whether anything is late, with:

- the versions it was read under (`Stamp.versions`): the site's (`page_cache`), the desk's and
  the live desks' (`board_version`), read first, in one statement. Every committed write to a
  headline, a story, a person, a setting (the desk's version) or a live story and its posts
  (the live desks') through the ORM moves one of them, in a request, a job or a command alike;
- the page cache's time slot (`page_cache.slot_seconds`, at least 5 s), as public pages'
  ETags carry it: a write past the ORM (raw SQL, a restore) moves no version, and shows within
  a slot, as it does on a page;
- the window of time over which the clock alone cannot change the answer (`since`, `until`):
  from the moment it was read to the next moment the clock would change it (a headline's start
  or end, a linked story's embargo lifting or its publish time coming). None: nothing coming.

A request under the same stamp at a moment in that window gets what the reads would give; any
other reads again and keeps the new answer. The versions are read before the rows, so a write
landing meanwhile is kept under the older stamp at worst (and read again at the next poll).
Kept per process, bounded by count (`KEPT`), for each poll's own key (the edition, the
address); `FRAGMENT_CACHE_ENTRIES = 0` (caching off) keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from flask import Flask
from sqlalchemy import func, select

from editorial import page_cache
from editorial.board_version import LIVE_ROW, ROW
from editorial.bounded import Bounded
from editorial.models import SiteVersion
from editorial.raw_reads import Reads

V = TypeVar("V")
KEPT = 1024
EXTENSION = "editorial.kept_polls"


def _number(row: int) -> Any:
    found = select(SiteVersion.number).where(SiteVersion.id == row).scalar_subquery()
    return func.coalesce(found, 0)


# The three versions in one statement (one row, 0 for a row not written yet), built once.
VERSIONS = select(_number(1), _number(ROW), _number(LIVE_ROW))


@dataclass(frozen=True)
class Stamp:
    """What a kept answer was read under: the three versions and the time slot."""

    versions: tuple[int, int, int]
    slot: int

    @property
    def site_version(self) -> int:
        return self.versions[0]


def stamp(app: Flask, connection: Reads, at: datetime) -> Stamp:
    """The versions now (one statement on `connection`) and `at`'s time slot."""
    row = connection.execute(VERSIONS).one()
    return stamp_of(app, (int(row[0]), int(row[1]), int(row[2])), at)


def stamp_of(app: Flask, versions: tuple[int, int, int], at: datetime) -> Stamp:
    """The stamp of `versions` (as `VERSIONS` read them, e.g. with a poll's session check)
    at `at`'s time slot."""
    return Stamp(versions, int(at.timestamp() // page_cache.slot_seconds(app)))


@dataclass(frozen=True)
class Kept(Generic[V]):
    """An answer read under `stamp`, true from `since` until `until` (None: nothing the clock
    alone could change is coming)."""

    stamp: Stamp
    since: datetime
    until: datetime | None
    value: V

    def holds(self, stamp: Stamp, at: datetime) -> bool:
        """Whether this answer is the reads' at `at` under `stamp`."""
        return stamp == self.stamp and self.since <= at and (self.until is None or at < self.until)


def _kept(app: Flask) -> Bounded[Hashable, Kept[Any]] | None:
    if int(app.config.get("FRAGMENT_CACHE_ENTRIES", 1)) == 0:
        return None
    found: Bounded[Hashable, Kept[Any]] | None = app.extensions.get(EXTENSION)
    if found is None:
        found = app.extensions.setdefault(EXTENSION, Bounded(KEPT))
    return found


def answer(
    app: Flask,
    key: Hashable,
    stamp: Stamp,
    at: datetime,
    read: Callable[[], tuple[V, datetime | None] | None],
) -> V | None:
    """The answer kept for `key` if it holds under `stamp` at `at`; else `read()`'s (the value
    and the moment the clock alone would change it), kept. None (`read` could not say: a story
    not visible, an edition not known) is not kept."""
    kept = _kept(app)
    found = kept.get(key) if kept is not None else None
    if found is not None and found.holds(stamp, at):
        value: V = found.value
        return value
    fresh = read()
    if fresh is None:
        return None
    if kept is not None:
        kept.put(key, Kept(stamp, at, fresh[1], fresh[0]))
    return fresh[0]
