"""The one place the app asks what time it is, so tests can freeze it.

Everything is stored in UTC; `to_local`/`from_local` convert at the edges for the newsroom's zone,
and `parse_local` is THE parser for every date and time a person types (every form uses it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_frozen: datetime | None = None


def now() -> datetime:
    """The current time, timezone-aware in UTC (or the frozen time inside `frozen`)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[FrozenClock]:
    """Freeze `now()` at `at` (aware) for the duration of the block; `.tick()` moves it on."""
    global _frozen
    previous = _frozen
    _frozen = at.astimezone(UTC)
    try:
        yield FrozenClock()
    finally:
        _frozen = previous


class FrozenClock:
    """Handle returned by `frozen`: moves the frozen time."""

    def tick(self, **delta: float) -> datetime:
        """Advance the frozen clock by a `timedelta(**delta)` and return the new time."""
        global _frozen
        if _frozen is None:
            raise RuntimeError("tick() only works inside clock.frozen()")
        _frozen = _frozen + timedelta(**delta)
        return _frozen

    def set(self, at: datetime) -> None:
        """Put the frozen clock at `at`."""
        global _frozen
        _frozen = at.astimezone(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime as UTC (how SQLite hands them back) and convert an aware one."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def machine_time(value: datetime) -> str:
    """`value` as machines read it: UTC, to the second, with a Z ("2026-12-04T14:58:32Z").

    The one formatter for every machine-readable time: `<time datetime>`, JSON-LD, OpenGraph,
    Atom, the breaking API and its audit details. HTML's `datetime` takes one to three digits of
    a second's fraction at most (Python's `isoformat()` writes six), and readers need none.
    """
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_local(value: datetime, zone: str) -> datetime:
    """A UTC time as wall-clock time in `zone`."""
    return as_utc(value).astimezone(ZoneInfo(zone))


def from_local(value: datetime, zone: str) -> datetime:
    """A naive wall-clock time typed in `zone`, as aware UTC.

    A time that does not exist (the gap when clocks go forward) is taken with `fold=0`, which
    zoneinfo resolves to the offset before the change; an ambiguous one is taken the first time.
    """
    return value.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC)


MIN_YEAR, MAX_YEAR = 2000, 2100
# What a datetime-local input sends ("2027-03-28T02:30", seconds optional), or typed with a space.
# ASCII digits only: `\d` would also take Arabic-Indic and other digits.
_LOCAL = re.compile(
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})[T ](?P<h>[0-9]{2}):(?P<mi>[0-9]{2})"
    r"(?::(?P<s>[0-9]{2})(?:\.[0-9]{1,6})?)?"
)
_OFFSET = re.compile(r"\s*(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)")


class TimeProblem(ValueError):
    """A typed time that can't be taken, with the reason in words; `kind` names which problem.

    Kinds: "unreadable", "offset", "year", "gap" (clocks go forward: the time never happens),
    "overlap" (clocks go back: it happens twice).
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


#: How every time input shows a time: the newsroom's 24-hour clock ("2026-12-01 14:30").
INPUT_FORMAT = "%Y-%m-%d %H:%M"


def parse_local(text: str, zone: str) -> datetime:
    """A date and time typed in `zone` (the newsroom's), as aware UTC; `TimeProblem` otherwise.

    The one parser for every form: it refuses an explicit offset (times are entered in the
    newsroom's zone, and the form says which), years outside MIN_YEAR..MAX_YEAR (so the zone
    conversion can never overflow), and a wall-clock time that does not exist or happens twice
    when the clocks change, naming the day and the zone.
    """
    text = (text or "").strip()
    match = _LOCAL.match(text)
    rest = text[match.end() :] if match else text
    if match and rest and _OFFSET.fullmatch(rest):
        raise TimeProblem(f"Give the time as it is in {zone}, without an offset or Z.", "offset")
    if not match or rest:
        raise TimeProblem("Give the date and time as YYYY-MM-DD HH:MM.", "unreadable")
    year = int(match["y"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TimeProblem(f"Give a year between {MIN_YEAR} and {MAX_YEAR}.", "year")
    try:
        wall = datetime(
            year, int(match["mo"]), int(match["d"]), int(match["h"]), int(match["mi"]),
            int(match["s"] or 0),
        )  # fmt: skip
    except ValueError:
        raise TimeProblem("Give a real date and time.", "unreadable") from None
    tz = ZoneInfo(zone)
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        day = f"{wall.day} {wall:%B %Y}"
        if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
            raise TimeProblem(
                f"{wall:%H:%M} does not exist on {day} in {zone}: clocks go forward. "
                "Give a time after the change.",
                "gap",
            )
        raise TimeProblem(
            f"{wall:%H:%M} happens twice on {day} in {zone}: clocks go back. "
            "Give a time outside the repeated hour.",
            "overlap",
        )
    return first.astimezone(UTC)
