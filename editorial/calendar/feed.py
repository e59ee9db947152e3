"""A person's private calendar feed (`/calendar/feed/<token>.ics`): their slots and deadlines.

Read by calendar apps, which cannot sign in: the secret token in the address is the key (256
bits, `service.feed_token`; resetting it makes the old address answer 404). It holds the items
the person is on, as they may see them on the desk, a month back and a year ahead. Times are
written in UTC (`...Z`), the newsroom's zone named (`X-WR-TIMEZONE`) for apps that show it;
written by the `icalendar` library, so escaping and line folding are RFC 5545's.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event
from sqlalchemy import select

from editorial import clock, newsroom, urls
from editorial.calendar.items import DEADLINE, SLOT, Filters, Item
from editorial.calendar.queries import items_between
from editorial.extensions import db
from editorial.models import User

BACK, AHEAD = timedelta(days=31), timedelta(days=366)
DEADLINE_MINUTES = 15  # a deadline is a moment; calendar apps draw it as a short event


def person_for(token: str) -> User | None:
    """The active person whose feed address carries `token`, or None."""
    if not token or len(token) > 64:
        return None
    person = db.session.scalar(select(User).where(User.calendar_token == token))
    return person if person is not None and person.is_active else None


def ics(person: User) -> bytes:
    """`person`'s slots and deadlines as an iCalendar file."""
    now = clock.now()
    filters = Filters(person_id=person.id, kinds=(SLOT, DEADLINE))
    items = items_between(person, now - BACK, now + AHEAD, filters)
    calendar = Calendar()
    calendar.add("prodid", f"-//{newsroom.current().newsroom_name}//Editorial desk//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{newsroom.current().newsroom_name}: {person.display_name}")
    calendar.add("x-wr-timezone", newsroom.zone())
    for item in items:
        calendar.add_component(_event(item, now))
    return bytes(calendar.to_ical())


def _event(item: Item, now: object) -> Event:
    start = clock.as_utc(item.at or clock.now())  # items_between gives dated items only
    if item.end is not None:
        end = clock.as_utc(item.end)
    else:
        end = start + timedelta(minutes=DEADLINE_MINUTES)
    event = Event()
    event.add("uid", f"{item.key}@{urls.public_base_url().split('//', 1)[-1]}")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{item.label}: {item.title}")
    event.add("categories", [item.kind])
    event.add("url", urls.absolute(item.href))
    return event
