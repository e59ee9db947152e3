"""The insights' filters, all in the address: period (7, 30, 90 days, or from/to dates in the
newsroom's zone), section, language, person. A reporter or fact-checker is always filtered to
themselves (`permissions`: "insights.everyone" is for editors and admins)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import quote_plus, urlencode

from editorial import clock

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class Filters:
    """What the page shows: [start, end) in UTC, the days it spans, and the narrowing."""

    first_day: date
    last_day: date
    days: int | None  # 7/30/90, or None for dates typed
    start: datetime
    end: datetime
    section_id: int | None = None
    language: str | None = None
    person_id: int | None = None

    def query(self, **extra: Any) -> str:
        """The address's query string for these filters (plus `extra`)."""
        args: dict[str, Any] = {}
        if self.days:
            args["period"] = self.days
        else:
            args["from"], args["to"] = self.first_day.isoformat(), self.last_day.isoformat()
        for name, value in (
            ("section", self.section_id),
            ("language", self.language),
            ("person", self.person_id),
        ):
            if value:
                args[name] = value
        args.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(args)

    @property
    def narrows(self) -> bool:
        """Whether a section, a language or a person narrows the stories."""
        return bool(self.section_id or self.language or self.person_id)

    @cached_property
    def _plain_query(self) -> str:
        return self.query()

    def figure_query(self, key: str) -> str:
        """`query(figure=key)`, the filters' part worked out once (a page links every number)."""
        return f"{self._plain_query}&figure={quote_plus(key)}"

    def for_person(self, person_id: int) -> Filters:
        """The same filters, narrowed to one person."""
        return replace(self, person_id=person_id)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else None


def parse(args: Any, zone: str, now: datetime | None = None) -> Filters:
    """The filters in `args` (a request's query), anything unreadable falling back to defaults."""
    now = now or clock.now()
    today = clock.to_local(now, zone).date()
    first, last = _day(args.get("from")), _day(args.get("to"))
    days: int | None = None
    if first and last and first <= last and (last - first).days < MAX_DAYS:
        pass
    else:
        period = _int(args.get("period"))
        days = period if period in PERIODS else DEFAULT_DAYS
        first, last = today - timedelta(days=days - 1), today
    start = clock.from_local(datetime.combine(first, time()), zone)
    end = clock.from_local(datetime.combine(last + timedelta(days=1), time()), zone)
    language = (args.get("language") or "").strip()[:12] or None
    return Filters(
        first,
        last,
        days,
        start,
        end,
        section_id=_int(args.get("section")),
        language=language if language and language.isascii() and language.isalpha() else None,
        person_id=_int(args.get("person")),
    )
