"""When a card on the board is stale: how long a story may wait in each stage, and why.

A mark on a third of the board is a mark nobody reads, so "stale" is not one number for every
stage: a draft waiting a day is normal, a story in fact-check for six hours is not. `PATIENCE` is
the one table of those limits; the board's cards read it (`desk.queries.CardMaker`, which a
newsroom may override with `DESK_STALE_AFTER`), and the demo newsroom spreads its work inside it
so that its board marks only the story that has overstayed (`demo.load`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from editorial import workflow


@dataclass(frozen=True)
class Patience:
    """How long a story may wait in a stage before the board marks it stale (`after`), and why
    that long, in words the mark shows (`why`)."""

    after: timedelta
    why: str


# Stages without a row (scheduled, published, spiked) wait for the clock, not for a person.
PATIENCE: dict[str, Patience] = {
    workflow.DRAFT: Patience(
        timedelta(days=3),
        "A draft is the reporter's own: it may take days of reporting before it is submitted.",
    ),
    workflow.EDIT: Patience(
        timedelta(days=1),
        "A submitted story is edited the day it comes in, or its news goes cold.",
    ),
    workflow.FACT_CHECK: Patience(
        timedelta(hours=6),
        "A check is hours of work, not days, and the story waits for it to run.",
    ),
    workflow.READY: Patience(
        timedelta(hours=2),
        "A cleared story is news ready to go: publish or schedule it before it dates.",
    ),
}


def spoken(span: timedelta) -> str:
    """ "3 days", "1 day", "6 h", "45 min": a limit as the board says it."""
    minutes = int(span.total_seconds() // 60)
    if minutes >= 24 * 60 and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day" if days == 1 else f"{days} days"
    if minutes >= 60 and minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"
