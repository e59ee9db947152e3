"""The one place the app asks what time it is, so tests can freeze it.

Everything is stored in UTC; `to_local`/`from_local` convert at the edges for the newsroom's zone.
"""

from __future__ import annotations

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


def to_local(value: datetime, zone: str) -> datetime:
    """A UTC time as wall-clock time in `zone`."""
    return as_utc(value).astimezone(ZoneInfo(zone))


def from_local(value: datetime, zone: str) -> datetime:
    """A naive wall-clock time typed in `zone`, as aware UTC.

    A time that does not exist (the gap when clocks go forward) is taken with `fold=0`, which
    zoneinfo resolves to the offset before the change; an ambiguous one is taken the first time.
    """
    return value.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC)
