"""The seeded newsroom's side rows: its tags, a week of read counts and its breaking headlines.

Split from `bench.seed`, which calls these in order (`bench.seed_profile` times each by name).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from bench.seed_articles import Body, Staff, insert, table_of
from editorial.demo.load import BREAKING as DEMO_BREAKING
from editorial.models import ArticleRead, BreakingHeadline, Role, Tag
from editorial.text import slugify

EXTRA_TAGS = [
    "Budget", "Courts", "Parliament", "Refugees", "Ports", "Wildfires", "Floods", "Heatwave",
    "Tourism", "Housing", "Education", "Universities", "Strikes", "Labour", "Banking", "Debt",
    "Currency", "Gold", "Wheat", "Fisheries", "Rail", "Aviation", "Space", "Telecoms", "Startups",
    "Privacy", "Film", "Books", "Theatre", "Archaeology", "Museums", "Basketball", "Tennis",
    "Chess", "Cycling", "Nutrition", "Hospitals", "Mental health", "Air quality", "Oceans",
]  # fmt: skip


def seed_tags(bodies: list[Body]) -> dict[str, int]:
    names = sorted({tag for body in bodies for tag in body.tags} | set(EXTRA_TAGS))
    rows: list[dict[str, Any]] = [
        {"id": n + 1, "name": name, "slug": slugify(name)} for n, name in enumerate(names)
    ]
    insert(table_of(Tag), rows)
    return {row["name"]: row["id"] for row in rows}


def seed_reads(recent: list[dict[str, Any]], now: datetime, rng: random.Random) -> None:
    today: date = now.date()
    rows = [
        {"article_id": a["id"], "day": today - timedelta(days=day), "count": rng.randint(1, 900)}
        for day in range(7)
        for a in rng.sample(recent, min(len(recent), 100))
    ]
    unique = {(row["article_id"], row["day"]): row for row in rows}
    insert(table_of(ArticleRead), list(unique.values()))


def seed_headlines(
    count: int, live: int, recent: list[dict[str, Any]], staff: Staff, now: datetime,
    rng: random.Random,
) -> int:  # fmt: skip
    editors = staff.active[Role.EDITOR]
    rows = []
    kinds = ["live"] * live + ["scheduled", "expired", "expired", "withdrawn"] * count
    for n, kind in enumerate(kinds[:count]):
        if kind == "live":
            start = now - timedelta(minutes=rng.uniform(10, 300))
            end = now + timedelta(hours=rng.uniform(3, 12))
        elif kind == "scheduled":
            start = now + timedelta(hours=rng.uniform(2, 120))
            end = start + timedelta(hours=6)
        elif kind == "expired":
            end = now - timedelta(hours=rng.uniform(1, 480))
            start = end - timedelta(hours=6)
        else:
            start = now - timedelta(hours=rng.uniform(2, 72))
            end = start + timedelta(hours=6)
        linked = recent[-(n + 1)]["id"] if kind == "live" and n % 3 == 0 and recent else None
        by = editors[n % len(editors)]
        created = min(start, now) - timedelta(minutes=15)
        rows.append(
            {
                "text": DEMO_BREAKING[n % len(DEMO_BREAKING)]["text"],
                "article_id": linked,
                "starts_at": start,
                "ends_at": end,
                "pinned": kind == "live" and n == 0,
                "position": 0,
                "withdrawn_at": start + timedelta(minutes=30) if kind == "withdrawn" else None,
                "created_by_id": by,
                "updated_by_id": by,
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
    insert(table_of(BreakingHeadline), rows)
    return sum(1 for kind in kinds[:count] if kind == "live")
