"""Breaking headlines: the changes editors make, each checked against the rules and audited.

Each operation refuses a stale or impossible change (`Refused`, `Stale`), changes the row and adds
an audit event to the caller's transaction; the caller commits once, so a change and its audit row
land together or not at all. The version column makes a concurrent change fail at flush as well.

The rules these changes check (status, running order, validation) are in `breaking_rules`; the two
modules are kept apart so that each stays under ~400 lines and reads in one sitting.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from editorial.audit import record
from editorial.extensions import db
from editorial.models import BreakingHeadline, User
from editorial.services import Refused
from editorial.services.breaking_rules import (
    EXTENSIONS,
    FURTHEST_AHEAD,
    Prepared,
    iso,
    live_condition,
    movable,
    running_order_key,
    status_at,
)

# What can be done to a headline in each status: the buttons and the services both read this.
ACTIONS: dict[str, tuple[str, ...]] = {
    "scheduled": ("edit", "extend", "withdraw", "pin"),
    "live": ("edit", "extend", "end", "withdraw", "pin", "move"),
    "expired": ("edit",),
    "withdrawn": ("edit", "restore"),
}
REFUSED = {
    "extend": "Only an upcoming or live headline can be extended.",
    "end": "Only a live headline can be ended now.",
    "withdraw": "Only an upcoming or live headline can be withdrawn.",
    "restore": "Only a withdrawn headline can be restored.",
    "pin": "Only an upcoming or live headline can be pinned.",
    "move": "Only a live headline has a place in the running order.",
}
STALE = "Someone else changed this headline meanwhile. Here it is as it stands now."


class Stale(Refused):
    """The headline changed since the page that asked for this change was drawn."""


def create(prepared: Prepared, *, actor: User, at: datetime) -> BreakingHeadline:
    """Schedule a new headline (live at once if it starts now)."""
    if prepared.problems:
        raise Refused(next(iter(prepared.problems.values())))
    c = prepared.checked
    headline = BreakingHeadline(
        text=c.text,
        article=prepared.article,
        starts_at=c.starts_at,
        ends_at=c.ends_at,
        pinned=prepared.pinned,
        created_by=actor,
        updated_by=actor,
        created_at=at,
        updated_at=at,
    )
    db.session.add(headline)
    db.session.flush()
    record("breaking.created", headline, actor=actor, **_snapshot(headline))
    return headline


def update(
    headline: BreakingHeadline, prepared: Prepared, *, version: int, actor: User, at: datetime
) -> dict[str, list[Any]]:
    """Apply an edit; returns the changes as {field: [old, new]} (empty when nothing changed)."""
    _begin(headline, "edit", version=version, at=at)
    if prepared.problems:
        raise Refused(next(iter(prepared.problems.values())))
    before = _snapshot(headline)
    c = prepared.checked
    headline.text = c.text
    headline.article = prepared.article
    headline.starts_at = c.starts_at
    headline.ends_at = c.ends_at
    headline.pinned = prepared.pinned
    after = _snapshot(headline)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        _touch(headline, actor, at)
        record("breaking.updated", headline, actor=actor, changes=changes)
    return changes


def extend(
    headline: BreakingHeadline, minutes: int, *, version: int, actor: User, at: datetime
) -> None:
    """Run it `minutes` longer."""
    _begin(headline, "extend", version=version, at=at)
    if minutes not in EXTENSIONS:
        raise Refused("Extend by 30 minutes or by an hour.")
    old = headline.ends_at
    new = old + timedelta(minutes=minutes)
    if new - at > FURTHEST_AHEAD:
        raise Refused("That would run it more than a year from now.")
    headline.ends_at = new
    _touch(headline, actor, at)
    record("breaking.extended", headline, actor=actor, minutes=minutes, old=iso(old), new=iso(new))


def end_now(headline: BreakingHeadline, *, version: int, actor: User, at: datetime) -> None:
    """Take a live headline off the ticker now, as if its end had come."""
    _begin(headline, "end", version=version, at=at)
    old = headline.ends_at
    # The end must stay after the start, even for a headline that started this very instant.
    headline.ends_at = max(at, headline.starts_at + timedelta(microseconds=1))
    _touch(headline, actor, at)
    record("breaking.ended", headline, actor=actor, old=iso(old), new=iso(headline.ends_at))


def withdraw(headline: BreakingHeadline, *, version: int, actor: User, at: datetime) -> str:
    """Pull it (live or upcoming) by hand; returns the status it had."""
    status = _begin(headline, "withdraw", version=version, at=at)
    headline.withdrawn_at = at
    _touch(headline, actor, at)
    record("breaking.withdrawn", headline, actor=actor, was=status)
    return status


def restore(headline: BreakingHeadline, *, version: int, actor: User, at: datetime) -> str:
    """Undo a withdrawal; returns the status it now has (by the clock)."""
    _begin(headline, "restore", version=version, at=at)
    withdrawn_at = headline.withdrawn_at
    headline.withdrawn_at = None
    _touch(headline, actor, at)
    status = status_at(headline, at)
    record(
        "breaking.restored",
        headline,
        actor=actor,
        now=status,
        withdrawn_at=iso(withdrawn_at) if withdrawn_at else None,
    )
    return status


def set_pinned(
    headline: BreakingHeadline, pinned: bool, *, version: int, actor: User, at: datetime
) -> bool:
    """Pin (runs first) or unpin; returns whether anything changed."""
    _begin(headline, "pin", version=version, at=at)
    if headline.pinned == pinned:
        return False
    headline.pinned = pinned
    _touch(headline, actor, at)
    record("breaking.pinned" if pinned else "breaking.unpinned", headline, actor=actor)
    return True


def move(
    headline: BreakingHeadline, direction: str, *, version: int, actor: User, at: datetime
) -> None:
    """Swap a live headline with its neighbour (same pin) in the running order.

    The live headlines are then numbered 1, 2, 3... in their new order, so the editors' order
    holds until someone changes it; a headline going live later (position 0) runs above them.
    """
    _begin(headline, "move", version=version, at=at)
    live = list(db.session.scalars(select(BreakingHeadline).where(live_condition(at))))
    live.sort(key=running_order_key)
    up, down = movable(live)[headline.id]
    if direction not in ("up", "down"):
        raise Refused("Move it up or down.")
    if (direction == "up" and not up) or (direction == "down" and not down):
        group = "pinned" if headline.pinned else "unpinned"
        where = "first" if direction == "up" else "last"
        raise Refused(f"It is already {where} among the {group} headlines.")
    n = live.index(headline)
    m = n - 1 if direction == "up" else n + 1
    live[n], live[m] = live[m], live[n]
    for place, item in enumerate(live, start=1):
        if item.position != place:
            item.position = place
    _touch(headline, actor, at)
    record(
        "breaking.moved",
        headline,
        actor=actor,
        direction=direction,
        old=n + 1,
        new=m + 1,
        order=[item.id for item in live],
    )


def _begin(headline: BreakingHeadline, action: str, *, version: int, at: datetime) -> str:
    """Refuse a stale or impossible change; returns the headline's status at `at`."""
    if version != headline.version:
        raise Stale(STALE)
    status = status_at(headline, at)
    if action not in ACTIONS[status]:
        raise Refused(REFUSED[action])
    return status


def _touch(headline: BreakingHeadline, actor: User, at: datetime) -> None:
    headline.updated_by = actor
    headline.updated_at = at


def _snapshot(headline: BreakingHeadline) -> dict[str, Any]:
    return {
        "text": headline.text,
        "article_id": headline.article.id if headline.article else None,
        "starts_at": iso(headline.starts_at),
        "ends_at": iso(headline.ends_at),
        "pinned": headline.pinned,
    }
