"""What the calendar is made of: an item (one time of one kind), the filters in the address, and
the span of days a view shows, in the newsroom's zone (weeks start on Monday)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from editorial import clock, newsroom, workflow
from editorial.models.planning import DEADLINE_LABELS, PLANNED, PROPOSED, STARTED

SLOT, DEADLINE, PUBLISH, EMBARGO, HEADLINE = "slot", "deadline", "publish", "embargo", "headline"
KINDS: dict[str, str] = {
    SLOT: "Publish slots",
    DEADLINE: "Deadlines",
    PUBLISH: "Scheduled publish times",
    EMBARGO: "Embargo lifts",
    HEADLINE: "Breaking headlines",
}
# What each item's own time is called, by its source (the part of a move's address).
PLAN_DEADLINES = {
    "filed_by": DEADLINE_LABELS[workflow.DRAFT],
    "edited_by": DEADLINE_LABELS[workflow.EDIT],
    "checked_by": DEADLINE_LABELS[workflow.FACT_CHECK],
}
# The sources a person can move: a plan's slot, a plan's deadline, an article's deadline, a
# scheduled publish, an embargo's lift. A headline's times are the breaking desk's.
MOVABLE = ("slot", "plan-deadline", "deadline", "publish", "embargo")
VIEWS = ("week", "month", "day")
SLOTTED = (PROPOSED, PLANNED, STARTED)
# An item's own size but for its text's characters: its slots, two strings' headers (title,
# address), two moments (its time and a slot's end).
_OWN = 16 + 8 * 10 + 2 * sys.getsizeof("") + 2 * sys.getsizeof(datetime.min)


@dataclass(frozen=True, slots=True)
class Item:
    """One time on the calendar: its kind, what it is, when (aware UTC) and where it leads."""

    kind: str
    source: str  # slot, plan-deadline, deadline, publish, embargo, headline-start, headline-end
    ident: int  # the plan, deadline, article or headline
    at: datetime | None  # None: a plan in the unscheduled tray
    title: str
    label: str  # "Slot", "Filed by", "Publishes", "Embargo lifts", "Headline starts"
    href: str
    which: str = ""  # a plan deadline's column
    end: datetime | None = None  # a slot's window
    language: str = ""

    @property
    def key(self) -> str:
        """Its id in the page (`item-slot-12`, `item-plan-deadline-3-filed_by`)."""
        return "-".join(part for part in ("item", self.source, str(self.ident), self.which) if part)

    @property
    def address(self) -> str:
        """Its part of a move's address (`/calendar/move/<address>/<id>`): a plan's deadline
        names its column (`plan-filed_by`)."""
        return f"plan-{self.which}" if self.source == "plan-deadline" else self.source

    @property
    def movable(self) -> bool:
        return self.source in MOVABLE

    def __sizeof__(self) -> int:
        """About what it holds alone: itself, its title, address and times (kinds, labels and
        languages are strings every item shares). What a kept list of items
        (`calendar.views._timeless`) counts against `FRAGMENT_CACHE_BYTES`, without walking
        every attribute of thousands of items."""
        return _OWN + len(self.title) + len(self.href)


@dataclass
class Filters:
    """What the calendar is narrowed to, as the address says (`?section=3&kind=slot`)."""

    section_id: int | None = None
    language: str = ""
    person_id: int | None = None
    kinds: tuple[str, ...] = ()  # none chosen: every kind

    @classmethod
    def read(cls, args: Any) -> Filters:
        """From a request's (or a posted `back` address's) arguments; unknown values dropped."""
        kinds = tuple(k for k in args.getlist("kind") if k in KINDS)
        language = args.get("lang", "")
        return cls(
            section_id=_number(args.get("section")),
            language=language if language in newsroom.current().languages else "",
            person_id=_number(args.get("person")),
            kinds=kinds,
        )

    def shows(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def args(self) -> dict[str, Any]:
        """The filters as address arguments (empty ones left out), for every link to keep."""
        found: dict[str, Any] = {}
        if self.section_id:
            found["section"] = self.section_id
        if self.language:
            found["lang"] = self.language
        if self.person_id:
            found["person"] = self.person_id
        if self.kinds:
            found["kind"] = list(self.kinds)
        return found


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@dataclass
class Span:
    """The days a view shows: local dates from `first` to `last`, and their UTC bounds."""

    view: str
    anchor: date
    first: date
    last: date
    days: list[date] = field(default_factory=list)

    @classmethod
    def of(cls, view: str, anchor: date) -> Span:
        """A week (Monday first), a month's weeks, or one day, around `anchor`."""
        if view == "day":
            first = last = anchor
        elif view == "month":
            start = anchor.replace(day=1)
            following = (start + timedelta(days=32)).replace(day=1)
            first = start - timedelta(days=start.weekday())
            end = following - timedelta(days=1)
            last = end + timedelta(days=6 - end.weekday())
        else:
            first = anchor - timedelta(days=anchor.weekday())
            last = first + timedelta(days=6)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return cls(view, anchor, first, last, days)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.first, self.last)

    @property
    def previous(self) -> date:
        """The anchor of the view before this one (the month before, the week, the day)."""
        if self.view == "month":
            return (self.anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
        return self.anchor - timedelta(days=1 if self.view == "day" else 7)

    @property
    def following(self) -> date:
        """The anchor of the view after this one."""
        if self.view == "month":
            return (self.anchor.replace(day=28) + timedelta(days=4)).replace(day=1)
        return self.anchor + timedelta(days=1 if self.view == "day" else 7)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC from `first`'s local midnight to the midnight after `last`."""
    zone = newsroom.zone()
    start = clock.from_local(datetime(first.year, first.month, first.day), zone)
    after = last + timedelta(days=1)
    return start, clock.from_local(datetime(after.year, after.month, after.day), zone)


def local_day(value: datetime) -> date:
    """The newsroom's date of a UTC time."""
    return clock.to_local(value, newsroom.zone()).date()
