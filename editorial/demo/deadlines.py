"""The demo's deadlines (issue 22): two sections' default deadlines, a deadline on every story
still being worked on (most with time left, a few overdue, so the board shows both marks), and an
editor on duty, so the scheduler's first passes escalate what is late as a newsroom would see.

Each deadline is set by hand by an editor, some hours before now under the loader's frozen clock
(an overdue deadline was in the future when it was set), through the feature's own service.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from editorial.clock import FrozenClock
from editorial.deadlines.service import set_deadline, set_on_duty, set_section_defaults
from editorial.extensions import db
from editorial.models import Article, Section, User
from editorial.models.planning import DEADLINE_STAGES

# Section: (stage, minutes) rules an admin set.
DEFAULTS = {
    "Politics": {"edit": 4 * 60, "fact_check": 3 * 60},
    "Economy": {"edit": 6 * 60, "fact_check": 4 * 60, "ready": 2 * 60},
}
# How far from now each story's deadline is, in minutes, in turn: negative ones are overdue.
OFFSETS = (130, -35, 250, 45, -80, 600, 20, -190, 1440, 95)


def add_deadlines(now: datetime, frozen: FrozenClock, editor: User, admin: User) -> int:
    """Set the demo's defaults and deadlines; returns how many stories got a deadline."""
    sections = {s.name: s for s in db.session.scalars(select(Section))}
    for name, rules in DEFAULTS.items():
        if name in sections:
            minutes: dict[str, int | None] = dict(rules)
            set_section_defaults(sections[name], minutes, admin)
    set_on_duty(editor, True, admin)
    stories = db.session.scalars(
        select(Article).where(Article.state.in_(DEADLINE_STAGES)).order_by(Article.id)
    )
    count = 0
    for article, offset in zip(stories, OFFSETS * 10, strict=False):
        frozen.set(now - timedelta(hours=4))  # set before any of them was due
        set_deadline(article, article.state, now + timedelta(minutes=offset), editor)
        count += 1
    frozen.set(now)
    return count
