"""The calendar's writes: moving one item's time, and a person's private feed address.

A move goes to the service that owns that one time, so nothing else moves with it and that
owner's rules still hold: a plan's slot and an unstarted plan's deadlines to the planning desk
(`planning.service.move_slot` / `move_deadline`), an article's stage deadline to the deadlines
feature (`deadlines.service.set_deadline`), a scheduled publish through the state machine's
`reschedule` row (so the embargo guard applies), an embargo's lift to `embargo.service` (which
refuses bringing it forward: that is an early lift, for two editors). Each of those audits its own
change; this module audits only the feed address.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TypeVar

from editorial import clock
from editorial.articles.transitions import service as transitions
from editorial.audit import record
from editorial.calendar.items import Item
from editorial.deadlines import service as deadlines
from editorial.embargo import service as embargo
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.planning import ArticleDeadline, Plan
from editorial.permissions import can
from editorial.planning import service as planning
from editorial.refusal import Refused

T = TypeVar("T")
TOKEN_BYTES = 32  # 256 bits: the address is the only key to the feed


def _found(row: T | None) -> T:
    if row is None:  # deleted since the item was read
        raise Refused("It is gone: someone removed it meanwhile.", status=404)
    return row


def move(item: Item, when: datetime, actor: User) -> bool:
    """Move `item`'s own time to `when` (aware UTC); returns whether anything changed. A slot's
    window keeps its length. Raises `Refused` with the owner's reason."""
    if not can(actor, "calendar.move", item):
        raise Refused("Only editors move items on the calendar.", status=403)
    if item.source == "slot":
        plan = _found(db.session.get(Plan, item.ident))
        end = None
        if plan.slot_start is not None and plan.slot_end is not None:
            end = when + (clock.as_utc(plan.slot_end) - clock.as_utc(plan.slot_start))
        return planning.move_slot(plan, when, end, actor)
    if item.source == "plan-deadline":
        plan = _found(db.session.get(Plan, item.ident))
        return planning.move_deadline(plan, item.which, when, actor)
    if item.source == "deadline":
        deadline = _found(db.session.get(ArticleDeadline, item.ident))
        return deadlines.set_deadline(deadline.article, deadline.stage, when, actor, origin="hand")
    article = _found(db.session.get(Article, item.ident))
    if item.source == "publish":
        if item.at is not None and clock.as_utc(item.at) == when:
            return False
        transitions.apply(article, "reschedule", actor, transitions.Request(publish_at=when))
        return True
    if item.source == "embargo":
        return embargo.set_embargo(
            article, actor, when, article.embargo_source, article.embargo_reason
        )
    raise Refused("That can't be moved here.", status=404)


def feed_token(person: User) -> str:
    """`person`'s calendar feed token, made on first asking."""
    if person.calendar_token:
        return person.calendar_token
    person.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    record("calendar.address_made", person, actor=person)
    return person.calendar_token


def reset_token(person: User) -> str:
    """A new token for `person`'s feed: the old address answers 404 from now on."""
    person.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    record("calendar.address_reset", person, actor=person)
    return person.calendar_token
