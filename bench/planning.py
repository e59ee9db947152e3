"""The planning desk in the benchmark (issue 22): 2,000 plans, stage deadlines, a few embargoes.

`seed_plans` spreads 2,000 plans over the half year around now (two months back, four ahead),
about eleven a day: a tenth proposed, most planned (a tenth of those with no slot yet, the
calendar's tray), a third started (linked to an active story, one plan each), a few killed. An
unstarted plan carries its filed, edited and checked deadlines before its slot. Every active story
gets its current stage's deadline near now, and thirty drafts an embargo lifting within the next
two weeks (drafts only: a scheduled story under embargo would raise the missed-publish alarm on
the benchmark's servers). What the calendar's month view and the budget day read.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article
from editorial.models.planning import (
    DEADLINE_STAGES,
    KILLED,
    PLANNED,
    PROPOSED,
    STARTED,
    ArticleDeadline,
    Plan,
)

PLANS = 2_000
BACK, AHEAD = timedelta(days=60), timedelta(days=120)
EMBARGOES = 30
CHUNK = 500
STATUSES = [PROPOSED] * 10 + [PLANNED] * 55 + [STARTED] * 30 + [KILLED] * 5
SLUGS = [
    "budget-vote", "port-strike", "heatwave", "fuel-prices", "court-ruling", "election-debate",
    "wheat-harvest", "rail-strike", "museum-reopens", "cup-final", "bank-rates", "floods",
]  # fmt: skip


def seed_plans(
    editors: list[int],
    reporters: list[int],
    sections: list[int],
    now: datetime,
    rng: random.Random,
    count: int = PLANS,
) -> int:
    """Insert `count` plans, the active stories' deadlines and a few embargoes; commits nothing.
    Returns how many plans."""
    # By id: read in the table's physical order, the plans were dealt to other stories
    # whenever the story rows' storage changed (bench:seed10).
    active = list(
        db.session.execute(
            select(Article.id, Article.state, Article.section_id)
            .where(Article.state.in_(DEADLINE_STAGES))
            .order_by(Article.id)
        )
    )
    startable = list(active)
    rng.shuffle(startable)
    rows: list[dict[str, Any]] = []
    span = (BACK + AHEAD).total_seconds()
    for n in range(count):
        status = rng.choice(STATUSES)
        article = startable.pop() if status == STARTED and startable else None
        if status == STARTED and article is None:
            status = PLANNED
        start = now - BACK + timedelta(seconds=rng.uniform(0, span))
        start = start.replace(minute=rng.choice((0, 30)), second=0, microsecond=0)
        slotless = status == PLANNED and rng.random() < 0.1
        unstarted = status in (PROPOSED, PLANNED) and not slotless
        rows.append(
            {
                "working_title": f"{rng.choice(SLUGS)}-{n + 1}",
                "languages": rng.choice(("en", "en", "en", "en,ar", "ar", "es")),
                "section_id": article.section_id if article else rng.choice(sections),
                "owner_id": rng.choice(editors),
                "reporter_id": rng.choice(reporters),
                "planned_words": rng.choice((400, 600, 800, 1200)),
                "slot_start": None if slotless else start,
                "slot_end": None if slotless or rng.random() < 0.6 else start + timedelta(hours=2),
                "filed_by": start - timedelta(days=1) if unstarted else None,
                "edited_by": start - timedelta(hours=12) if unstarted else None,
                "checked_by": start - timedelta(hours=6) if unstarted else None,
                "notes": "",
                "status": status,
                "kill_note": "Dropped at the morning meeting." if status == KILLED else "",
                "article_id": article.id if article else None,
                "created_by_id": rng.choice(editors),
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    for first in range(0, len(rows), CHUNK):
        db.session.execute(insert(Plan), rows[first : first + CHUNK])
    deadlines = [
        {
            "article_id": row.id,
            "stage": row.state,
            "due_at": now + timedelta(hours=rng.uniform(-24, 96)),
            "origin": "plan",
            "set_at": now,
        }
        for row in active
    ]
    for first in range(0, len(deadlines), CHUNK):
        db.session.execute(insert(ArticleDeadline), deadlines[first : first + CHUNK])
    drafts = [row.id for row in active if row.state == workflow.DRAFT][:EMBARGOES]
    for article_id in drafts:
        db.session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(
                embargo_until=now + timedelta(hours=rng.uniform(2, 14 * 24)),
                embargo_source="Bench Journal",
                embargo_reason="journal embargo",
            )
        )
    return count
