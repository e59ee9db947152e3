"""Breaking headlines: the changes editors make, and the row actions as one table.

`ROW_ACTIONS` is the whole of what an editor can do to a headline from its row (edit, extend,
move, pin, end, withdraw, restore): in which statuses, by which operation, with which buttons and
words. The desk's URLs (`blueprint`), its buttons, the check below ("is this allowed now") and the
tests all read it, so the page and the server cannot disagree.

Each operation refuses a stale or impossible change (`Refused`, `Stale`), changes the row and adds
an audit event to the caller's transaction; the caller commits once, so a change and its audit row
land together or not at all. The version column makes a concurrent change fail at flush as well.

The rules these changes check (status, running order, validation) are in `rules`; what a row
action is (its types), in `rows`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from editorial.audit import record, record_written
from editorial.breaking.rows import Choice, RowAction
from editorial.breaking.rules import (
    FURTHEST_AHEAD,
    STATUSES,
    Prepared,
    iso,
    live_condition,
    movable,
    running_order_key,
    status_at,
)
from editorial.breaking.written import write_headline
from editorial.extensions import db
from editorial.models import BreakingHeadline, User
from editorial.refusal import Refused
from editorial.webhooks import events as webhooks

STALE = "Someone else changed this headline meanwhile. Here it is as it stands now."


class Stale(Refused):
    """The headline changed since the page that asked for this change was drawn."""


def create(prepared: Prepared, *, actor: User, at: datetime) -> BreakingHeadline:
    """Schedule a new headline (live at once if it starts now)."""
    if prepared.problems:
        raise Refused(next(iter(prepared.problems.values())))
    c = prepared.checked
    article = prepared.article
    headline = BreakingHeadline(
        text=c.text,
        language=prepared.language,
        article_id=article.id if article is not None else None,
        starts_at=c.starts_at,
        ends_at=c.ends_at,
        pinned=prepared.pinned,
        position=0,
        withdrawn_at=None,
        anchor="",
        created_by_id=actor.id,
        updated_by_id=actor.id,
        created_at=at,
        updated_at=at,
        version=1,
    )
    # One INSERT past the unit of work (`written`), its event and audit row said here: the
    # flush hooks that said them cost more than the write (bench:live8).
    write_headline(headline, article, actor)
    webhooks.headline_added(headline)
    record_written("breaking.created", headline, actor=actor, **_snapshot(headline))
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
    headline.language = prepared.language
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
    """Refuse a stale change, or one the table does not allow now; returns the status at `at`."""
    if version != headline.version:
        raise Stale(STALE)
    status = status_at(headline, at)
    if status not in BY_NAME[action].statuses:
        raise Refused(BY_NAME[action].refused)
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
        "language": headline.language,
    }


# -- The row actions --------------------------------------------------------------------------


RUNNING = ("scheduled", "live")

# In the order a row shows them.
ROW_ACTIONS: tuple[RowAction, ...] = (
    RowAction(
        "edit",
        "Edit",
        STATUSES,
        update,
        refused="This headline can't be edited now.",
        done={"changed": "Saved.", "unchanged": "Nothing to change."},
        opens_form=True,
    ),
    RowAction(
        "extend",
        "Extend",
        RUNNING,
        extend,
        refused="Only an upcoming or live headline can be extended.",
        field="minutes",
        choices=(
            Choice("+30 min", "Extended by 30 min: it now ends {ends}.", "30", 30),
            Choice("+1 h", "Extended by 1 h: it now ends {ends}.", "60", 60),
        ),
    ),
    RowAction(
        "move",
        "Move",
        ("live",),
        move,
        refused="Only a live headline has a place in the running order.",
        field="direction",
        choices=(
            Choice("↑ Up", "Moved up in the running order.", "up", "up", lambda r: r.up),
            Choice("↓ Down", "Moved down in the running order.", "down", "down", lambda r: r.down),
        ),
    ),
    RowAction(
        "pin",
        "Pin",
        RUNNING,
        set_pinned,
        refused="Only an upcoming or live headline can be pinned.",
        field="pinned",
        choices=(
            Choice("Pin", "Pinned: it runs first.", "1", True, lambda r: not r.headline.pinned),
            Choice("Unpin", "Unpinned.", "0", False, lambda r: r.headline.pinned),
        ),
    ),
    RowAction(
        "end",
        "End now",
        ("live",),
        end_now,
        refused="Only a live headline can be ended now.",
        done="Ended: it is off the ticker.",
    ),
    RowAction(
        "withdraw",
        "Withdraw",
        RUNNING,
        withdraw,
        refused="Only an upcoming or live headline can be withdrawn.",
        done={"live": "Withdrawn: it is off the ticker.", "scheduled": "Withdrawn: it won't run."},
        style="danger",
    ),
    RowAction(
        "restore",
        "Restore",
        ("withdrawn",),
        restore,
        refused="Only a withdrawn headline can be restored.",
        done={
            "live": "Restored: it is live again.",
            "scheduled": "Restored: it will run at its start time.",
            "expired": "Restored, but its end has passed: edit it to run it again.",
        },
    ),
)
BY_NAME: dict[str, RowAction] = {action.name: action for action in ROW_ACTIONS}
EXTENSIONS = tuple(choice.argument for choice in BY_NAME["extend"].choices)  # minutes


def allowed(status: str) -> tuple[RowAction, ...]:
    """The row actions a headline in `status` allows, in the order its row shows them."""
    return tuple(action for action in ROW_ACTIONS if status in action.statuses)


# Status -> the names of what it allows (for docs and tests; the table is the source).
ACTIONS: dict[str, tuple[str, ...]] = {
    status: tuple(action.name for action in allowed(status)) for status in STATUSES
}


def perform(
    action: RowAction,
    choice: Choice,
    headline: BreakingHeadline,
    *,
    version: int,
    actor: User,
    at: datetime,
) -> Any:
    """Press a row button: run `action`'s operation with `choice`'s argument, if it takes one.

    Returns what the operation answered (withdraw and restore: a status), for `choice.message`.
    """
    arguments = () if action.field is None else (choice.argument,)
    return action.operation(headline, *arguments, version=version, actor=actor, at=at)
