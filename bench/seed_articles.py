"""The seed's stories: every row of each article worked out (`ArticlePlan`: the article, its
byline, tags, transition history and revision) and written a chunk at a time past SQLAlchemy's
per-row work (`bench.bulk.insert_rows`). `bench.seed` calls `seed_articles` with the people
and tags it seeded; split from `bench.seed` (it passed 780 lines).
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TextIO

from sqlalchemy import Table, func, select

from bench.bulk import insert_rows
from bench.story_history import history_rows
from editorial import languages, workflow
from editorial.demo.history import StatePath, paths_from_draft
from editorial.demo.load import ARTICLES as DEMO_ARTICLES
from editorial.extensions import Model, db
from editorial.models import (
    Article,
    ArticleFamily,
    ArticleRevision,
    ArticleTransition,
    Region,
    Role,
    Section,
    SiteSettingsRow,
    article_authors,
    article_tags,
)
from editorial.rendering import render_markdown
from editorial.text import count_words, slugify

# Of every 200 articles: how many end in each state.
STATE_SHARES: dict[str, int] = {
    workflow.PUBLISHED: 160,
    workflow.DRAFT: 12,
    workflow.EDIT: 8,
    workflow.FACT_CHECK: 6,
    workflow.READY: 4,
    workflow.SCHEDULED: 3,
    workflow.SPIKED: 7,
}
ARCHIVE = timedelta(days=180)  # published stories go back this far
CHUNK = 500  # rows per INSERT (24 columns x 500 stays well under SQLite's 32,766 parameters)
HEADLINE_PREFIXES = ["", "", "", "Live: ", "Analysis: ", "Explainer: ", "Update: ", "Inside: "]


@dataclass
class SeedReport:
    """What was seeded and how long it took."""

    articles: int = 0
    people: int = 0
    headlines: int = 0
    live_headlines: int = 0
    transitions: int = 0
    revisions: int = 0
    claims: int = 0
    arabic: int = 0  # Arabic translations (bench.arabic)
    plans: int = 0  # planned stories (bench.planning)
    live_posts: int = 0  # posts of each live story, English and Arabic (bench.live_seed)
    seconds: float = 0.0
    states: Counter[str] = field(default_factory=Counter)


class Progress:
    """A one-line progress bar on a stream (redrawn in place on a terminal, else every quarter)."""

    def __init__(self, label: str, total: int, stream: TextIO = sys.stderr) -> None:
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done = 0
        self.started = time.perf_counter()
        self.tty = stream.isatty()
        self._quarter = 0

    def advance(self, count: int) -> None:
        """Count `count` more items done and redraw."""
        self.done = min(self.total, self.done + count)
        fraction = self.done / self.total
        if self.tty:
            filled = int(fraction * 30)
            bar = "#" * filled + "." * (30 - filled)
            elapsed = time.perf_counter() - self.started
            self.stream.write(
                f"\r  {self.label:<10} [{bar}] {self.done:>6,}/{self.total:,}  {elapsed:5.1f} s"
            )
            self.stream.flush()
        elif int(fraction * 4) > self._quarter or self.done == self.total:
            self._quarter = int(fraction * 4)
            self.stream.write(f"  {self.label}: {self.done:,}/{self.total:,}\n")

    def close(self) -> None:
        """End the bar's line."""
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


@dataclass(frozen=True)
class Body:
    """A distinct story text, rendered once."""

    headline: str
    summary: str
    body: str
    body_html: str
    word_count: int
    source: str
    tags: list[str]


def bodies() -> list[Body]:
    return [
        Body(
            item["headline"],
            item["summary"],
            item["body"],
            render_markdown(item["body"]),
            count_words(item["body"]),
            item["source"],
            list(item["tags"]),
        )
        for item in DEMO_ARTICLES
    ]


def table_of(model: type[Model]) -> Table:
    return model.metadata.tables[model.__tablename__]


def insert(table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk-insert `rows` into `table` past SQLAlchemy's per-row work (`bench.bulk`)."""
    insert_rows(table, rows)


def dealt(shares: dict[Any, int], count: int, rng: random.Random) -> list[Any]:
    """`count` values in proportion to `shares`, shuffled (every value at least once)."""
    total = sum(shares.values())
    values = [value for value, share in shares.items() for _ in range(share)]
    dealt = [values[n % total] for n in range(count)]
    rng.shuffle(dealt)
    for value in shares:  # every state (and role) appears, however small `count` is
        if value not in dealt:
            dealt[rng.randrange(len(dealt))] = value
    return dealt


@dataclass
class Staff:
    """The seeded people by role, as ids."""

    by_role: dict[Role, list[int]]
    active: dict[Role, list[int]]
    names: dict[int, str]


class ArticlePlan:
    """Works out every row of one article: the article, its byline, tags, history, revision."""

    def __init__(
        self,
        staff: Staff,
        tags: dict[str, int],
        sections: list[Section],
        regions: list[Region],
        now: datetime,
        rng: random.Random,
    ) -> None:
        self.staff, self.tags, self.now, self.rng = staff, tags, now, rng
        self.archive = ARCHIVE
        self.sections, self.regions = sections, regions
        self.paths: dict[str, StatePath] = paths_from_draft()
        self.bodies = bodies()
        self.writers = staff.active[Role.REPORTER] + staff.active[Role.EDITOR][:6]
        self.tag_names = list(tags)
        self.slugs: dict[str, str] = {}  # a few hundred headlines, each slugified once

    def times(
        self, state: str, published_rank: float
    ) -> tuple[datetime, datetime, datetime | None]:
        """(created_at, state_changed_at, published_at) for an article ending in `state`.

        `published_rank` (0 = oldest, 1 = newest) places a published story in the archive.
        """
        rng, now = self.rng, self.now
        lifetime = timedelta(hours=rng.uniform(2, 30))
        if state == workflow.PUBLISHED:
            published = (
                now - self.archive * (1 - published_rank) - timedelta(minutes=rng.uniform(5, 25))
            )
            return published - lifetime, published, published
        if state == workflow.SCHEDULED:
            changed = now - timedelta(hours=rng.uniform(1, 48))
            return changed - lifetime, changed, now + timedelta(hours=rng.uniform(3, 240))
        if state == workflow.SPIKED:
            changed = now - timedelta(days=rng.uniform(1, 120))
            return changed - lifetime, changed, None
        changed = now - timedelta(minutes=rng.uniform(10, 4 * 24 * 60))
        return (changed if state == workflow.DRAFT else changed - lifetime), changed, None

    def rows(
        self, article_id: int, state: str, published_rank: float
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """The article row, its byline rows, its tag rows and its transition rows."""
        rng = self.rng
        path = self.paths[state]
        body = self.bodies[article_id % len(self.bodies)]
        section = self.sections[article_id % len(self.sections)]
        region = self.regions[article_id % len(self.regions)] if article_id % 9 else None
        authors = [self.writers[article_id % len(self.writers)]]
        if rng.random() < 0.2:
            second = rng.choice(self.writers)
            if second not in authors:
                authors.append(second)
        editor = rng.choice(self.staff.active[Role.EDITOR]) if state != workflow.DRAFT else None
        needs_checker = any(row.needs_fact_checker for row in path)
        checker = rng.choice(self.staff.active[Role.FACT_CHECKER]) if needs_checker else None
        if not any(row.name == "submit" for row in path):
            editor = None  # never handed to the desk (a draft, or spiked as a draft)
        created, changed, published = self.times(state, published_rank)
        prefix = HEADLINE_PREFIXES[article_id % len(HEADLINE_PREFIXES)]
        headline = f"{prefix}{body.headline}"
        slug = self.slugs.get(headline) or self.slugs.setdefault(headline, slugify(headline, 100))
        article = {
            "id": article_id,
            "slug": f"{slug}-{article_id}",
            "headline": headline,
            "summary": body.summary,
            "body": body.body,
            "body_html": body.body_html,
            "source": body.source,
            "hero_image_url": "",
            "hero_caption": "",
            "word_count": body.word_count,
            "section_id": section.id,
            "region_id": region.id if region else None,
            "created_by_id": authors[0],
            "editor_id": editor,
            "fact_checker_id": checker,
            "state": state,
            "version": 1 + len(path),
            "created_at": created,
            "updated_at": changed,
            "state_changed_at": changed,
            "published_at": published,
            "first_published_at": published if state == workflow.PUBLISHED else None,
        }
        byline = [
            {"article_id": article_id, "user_id": person, "position": position}
            for position, person in enumerate(authors)
        ]
        names = list(dict.fromkeys(body.tags + rng.sample(self.tag_names, rng.randint(0, 2))))
        tagged = [{"article_id": article_id, "tag_id": self.tags[name]} for name in names[:4]]
        people = {
            "author": authors[0],
            "editor": editor,
            "checker": checker,
            "admin": self.staff.active[Role.ADMIN][0],
        }
        history = history_rows(article_id, path, created, changed, people)
        article["_tag_names"] = names[:4]
        article["_authors"] = authors
        return article, byline, tagged, history

    def revision(self, article: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any]:
        """The article's one revision: its content at its current version."""
        section = next(s for s in self.sections if s.id == article["section_id"])
        region = next((r for r in self.regions if r.id == article["region_id"]), None)
        return {
            "article_id": article["id"],
            "at": article["state_changed_at"],
            "actor_id": history[-1]["actor_id"] if history else article["created_by_id"],
            "version": article["version"],
            "reason": "transition" if history else "created",
            "headline": article["headline"],
            "summary": article["summary"],
            "body": article["body"],
            "fields": {
                "source": article["source"],
                "section": section.name,
                "section_id": section.id,
                "region": region.name if region else "",
                "region_id": region.id if region else None,
                "tags": article["_tag_names"],
                "authors": [self.staff.names[a] for a in article["_authors"]],
                "author_ids": article["_authors"],
                "hero_image_url": "",
                "hero_caption": "",
            },
        }


def final_states(count: int, desk_of: int | None, rng: random.Random) -> list[str]:
    """Every article's final state: dealt by `STATE_SHARES` (the desk grows with the archive),
    or, with `desk_of`, the desk a newsroom of `desk_of` articles has (its drafts to scheduled,
    and spiked) and the rest published: the archive grows, the desk does not."""
    if desk_of is None or desk_of >= count:
        return dealt(STATE_SHARES, count, rng)
    total = sum(STATE_SHARES.values())
    desk = {
        state: max(1, desk_of * share // total)
        for state, share in STATE_SHARES.items()
        if state != workflow.PUBLISHED
    }
    states = [state for state, n in desk.items() for _ in range(n)]
    states += [workflow.PUBLISHED] * (count - len(states))
    rng.shuffle(states)
    return states


def seed_articles(
    plan: ArticlePlan,
    count: int,
    rng: random.Random,
    report: SeedReport,
    desk_of: int | None = None,
) -> list[dict[str, Any]]:
    states = final_states(count, desk_of, rng)
    # What the column defaults would give each row (`_new_family`, `_default_language`), given
    # here: a default that runs a query per row took a third of the articles' time.
    language = default_language()
    family = db.session.scalar(select(func.coalesce(func.max(ArticleFamily.id), 0))) or 0
    published_total = max(1, states.count(workflow.PUBLISHED))
    published_seen = 0
    progress = Progress("articles", count)
    recent: list[dict[str, Any]] = []
    for start in range(0, count, CHUNK):
        articles, bylines, tagged, history, revisions = [], [], [], [], []
        for n in range(start, min(count, start + CHUNK)):
            state = states[n]
            rank = published_seen / published_total
            if state == workflow.PUBLISHED:
                published_seen += 1
            article, byline, tags, steps = plan.rows(n + 1, state, rank)
            revisions.append(plan.revision(article, steps))
            articles.append(article)
            bylines += byline
            tagged += tags
            history += steps
            report.states[state] += 1
        columns = [{k: v for k, v in a.items() if not k.startswith("_")} for a in articles]
        families = [{"id": family + n} for n in range(1, len(columns) + 1)]
        for row, family_row in zip(columns, families, strict=True):
            row["family_id"], row["language"] = family_row["id"], language
        family += len(families)
        insert(table_of(ArticleFamily), families)
        insert(table_of(Article), columns)
        insert(article_authors, bylines)
        insert(article_tags, tagged)
        insert(table_of(ArticleTransition), history)
        insert(table_of(ArticleRevision), revisions)
        report.transitions += len(history)
        report.revisions += len(revisions)
        recent = [a for a in recent + columns if a["state"] == workflow.PUBLISHED][-300:]
        progress.advance(len(articles))
    progress.close()
    report.articles = count
    return recent


def default_language() -> str:
    """The site's default language, as an article inserted without one gets it."""
    setting = db.session.scalar(select(SiteSettingsRow.languages).where(SiteSettingsRow.id == 1))
    return languages.parse_codes(setting)[0]
