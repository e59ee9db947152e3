"""Seed the large newsroom into an empty, migrated database, fast: SQLAlchemy Core bulk inserts.

What goes in (defaults): 200 people of every role (a few deactivated) with one known sign-in per
role, 10,000 articles dealt across every state, section and region (most published, their
publish times spread over the past six months, a day's worth on the board's published column),
bylines, tags, the transition history each article's state implies (the shortest way there
through `workflow.TRANSITIONS`, as `editorial.demo` finds it), one revision per article at its
current version, a week of read counts, 50 breaking headlines of which 10 are live, and one
live story with 1,000 posts (`bench.live_seed`).

Bodies are the demo newsroom's 48 stories (a few paragraphs each, Markdown with subheadings,
quotes and links): each distinct body is rendered to HTML once, not once per row. Passwords are
hashed once (argon2 is slow on purpose). Rows go in past SQLAlchemy's per-row work
(`bench.bulk.insert_rows`: PostgreSQL's COPY, SQLite's executemany), the story tables' plain
indexes (and PostgreSQL's foreign keys) built after their rows, SQLite's pages written once
(`bench.bulk`), so 10,000 articles take seconds where the tests' factories take a minute.
`python -m bench.seed_profile` times each step; `python -m bench.seed_check` prints what a
seeding wrote, table by table, to compare two versions of this module.

Run on its own (the database must be migrated: `flask --app wsgi init`):
`python -m bench.seed --database-url sqlite:////tmp/big.sqlite3 --articles 10000`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TextIO

from flask import Flask
from sqlalchemy import Table, func, select, text

from bench.arabic import LANGUAGE as ARABIC
from bench.arabic import arabic_target, seed_arabic
from bench.bulk import analyze, indexes_dropped, insert_rows, sqlite_written_once
from bench.claims import ledger_target, seed_claims
from bench.front_seed import curate_front
from bench.live_seed import live_target, seed_live
from bench.planning import seed_plans
from bench.story_history import history_rows
from editorial import clock, create_app, languages, workflow
from editorial.audit import record
from editorial.database import refresh_statistics
from editorial.demo.history import StatePath, paths_from_draft
from editorial.demo.load import ARTICLES as DEMO_ARTICLES
from editorial.demo.load import BREAKING as DEMO_BREAKING
from editorial.extensions import Model, db
from editorial.insights.summary import rebuild as rebuild_summary
from editorial.models import (
    Article,
    ArticleFamily,
    ArticleRead,
    ArticleRevision,
    ArticleTransition,
    BreakingHeadline,
    Region,
    Role,
    Section,
    SiteSettingsRow,
    Tag,
    User,
    article_authors,
    article_tags,
)
from editorial.models.translation_marks import refresh_marks
from editorial.passwords import hash_password
from editorial.rendering import render_markdown
from editorial.search.upkeep import reindex_all
from editorial.text import count_words, slugify

PASSWORD = "bench-newsroom-2026"  # noqa: S105 - a throwaway benchmark database's sign-in
DOMAIN = "bench.example.com"
# The one known sign-in per role (all share PASSWORD).
LOGINS: dict[Role, str] = {
    Role.ADMIN: f"admin@{DOMAIN}",
    Role.EDITOR: f"editor@{DOMAIN}",
    Role.FACT_CHECKER: f"checker@{DOMAIN}",
    Role.REPORTER: f"reporter@{DOMAIN}",
}

ARTICLES = 10_000
PEOPLE = 200
HEADLINES = 50
LIVE_HEADLINES = 10
# Of every 200 people / articles: how many of each role / final state.
ROLE_SHARES: dict[Role, int] = {
    Role.ADMIN: 4,
    Role.EDITOR: 24,
    Role.FACT_CHECKER: 16,
    Role.REPORTER: 156,
}
INACTIVE_REPORTERS = 6
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
AUTOSAVE_DRAFTS = 32  # twice the most connections: two writers rarely race for one draft
CHUNK = 500  # rows per INSERT (24 columns x 500 stays well under SQLite's 32,766 parameters)
EXTRA_TAGS = [
    "Budget", "Courts", "Parliament", "Refugees", "Ports", "Wildfires", "Floods", "Heatwave",
    "Tourism", "Housing", "Education", "Universities", "Strikes", "Labour", "Banking", "Debt",
    "Currency", "Gold", "Wheat", "Fisheries", "Rail", "Aviation", "Space", "Telecoms", "Startups",
    "Privacy", "Film", "Books", "Theatre", "Archaeology", "Museums", "Basketball", "Tennis",
    "Chess", "Cycling", "Nutrition", "Hospitals", "Mental health", "Air quality", "Oceans",
]  # fmt: skip
FIRST_NAMES = [
    "Rima", "Omar", "Layla", "Karim", "Sami", "Dana", "Amal", "Jad", "Maya", "Nour", "Hadi",
    "Lina", "Ziad", "Yara", "Tarek", "Rania", "Fadi", "Hiba", "Walid", "Salma", "Bassel", "Mira",
    "Nadim", "Joumana",
]  # fmt: skip
LAST_NAMES = [
    "Khoury", "Saleh", "Mansour", "Aziz", "Farah", "Youssef", "Nasser", "Haddad", "Rahal",
    "Hamdan", "Sayegh", "Awad", "Daher", "Issa",
]  # fmt: skip
DESK_OF_HELP = (
    "the realistic archive: the desk of a newsroom of this many articles, the rest published "
    "(--articles 100000 --desk-of 10000: ~1,650 in progress); default: the desk grows too"
)
HEADLINE_PREFIXES = ["", "", "", "Live: ", "Analysis: ", "Explainer: ", "Update: ", "Inside: "]
# The tables the stories fill, and those the app's rebuilds fill after them: their plain
# indexes are built once their rows are in (`bench.bulk.indexes_dropped`).
ARTICLE_TABLES = (
    "article_families",
    "articles",
    "article_authors",
    "article_tags",
    "article_transitions",
    "article_revisions",
)
# (PostgreSQL's search index: its GIN index built at once, not through its pending list.)
REBUILT_TABLES = ("article_search", "insight_stage_totals", "insight_fact_check_events")
# The tables whose statistics the rebuilds' joins need (`articles` the search rebuild analyzes).
REBUILDS_READ = ("article_tags", "tags", "article_transitions")


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


@dataclass(frozen=True)
class Targets:
    """The rows the benchmark's requests are about."""

    editor_draft_id: int  # the editor page (GET /articles/<id>/edit)
    presence_draft_id: int  # the heartbeat write and the presence poll
    autosave_draft_ids: list[int]  # the autosave write: a draft per writer, taken in turn
    article_slug: str  # a public story with tags, bylines and a section
    section_id: int  # the board's one filter
    ledger_article_id: int = 0  # the fact-check ledger page (bench.claims)
    ledger_claim_id: int = 0  # the verdict change
    arabic_article_slug: str = ""  # a public Arabic story (bench.arabic), as `article_slug`
    live_slug: str = ""  # the live story with 1,000 posts (bench.live_seed): its page and poll
    live_article_id: int = 0  # its desk's address, where an editor posts
    live_version: int = 0  # its version when seeded (the poll's `since` and ETag)
    arabic_live_slug: str = ""  # the Arabic edition's live story (its page)


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


def _bodies() -> list[Body]:
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


def _table(model: type[Model]) -> Table:
    return model.metadata.tables[model.__tablename__]


def _insert(table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk-insert `rows` into `table` past SQLAlchemy's per-row work (`bench.bulk`)."""
    insert_rows(table, rows)


def _dealt(shares: dict[Any, int], count: int, rng: random.Random) -> list[Any]:
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


def _seed_people(count: int, password_hash: str, now: datetime, rng: random.Random) -> Staff:
    roles = _dealt(ROLE_SHARES, count, rng)
    # The known sign-ins come first, one per role.
    known = list(LOGINS)
    for role in known:
        roles.remove(role)
    roles = known + roles
    rows = []
    names = [f"{first} {last}" for last in LAST_NAMES for first in FIRST_NAMES]
    rng.shuffle(names)
    by_role: dict[Role, list[int]] = {role: [] for role in Role}
    active: dict[Role, list[int]] = {role: [] for role in Role}
    inactive_left = INACTIVE_REPORTERS
    display: dict[int, str] = {}
    for n, role in enumerate(roles):
        person_id = n + 1
        name = names[n % len(names)] + ("" if n < len(names) else f" {n // len(names) + 1}")
        email = LOGINS[role] if n < len(known) else f"{role.value}{person_id}@{DOMAIN}"
        is_active = not (role == Role.REPORTER and n >= len(known) and inactive_left > 0)
        if not is_active:
            inactive_left -= 1
        rows.append(
            {
                "id": person_id,
                "email": email,
                "display_name": name,
                "role": role,
                "active": is_active,
                "password_hash": password_hash,
                "created_at": now - timedelta(days=400 - n),
                "last_sign_in_at": None,
            }
        )
        by_role[role].append(person_id)
        if is_active:
            active[role].append(person_id)
        display[person_id] = name
    _insert(_table(User), rows)
    return Staff(by_role, active, display)


def _seed_tags(bodies: list[Body]) -> dict[str, int]:
    names = sorted({tag for body in bodies for tag in body.tags} | set(EXTRA_TAGS))
    rows: list[dict[str, Any]] = [
        {"id": n + 1, "name": name, "slug": slugify(name)} for n, name in enumerate(names)
    ]
    _insert(_table(Tag), rows)
    return {row["name"]: row["id"] for row in rows}


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
        self.bodies = _bodies()
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


def _states(count: int, desk_of: int | None, rng: random.Random) -> list[str]:
    """Every article's final state: dealt by `STATE_SHARES` (the desk grows with the archive),
    or, with `desk_of`, the desk a newsroom of `desk_of` articles has (its drafts to scheduled,
    and spiked) and the rest published: the archive grows, the desk does not."""
    if desk_of is None or desk_of >= count:
        return _dealt(STATE_SHARES, count, rng)
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


def _seed_articles(
    plan: ArticlePlan,
    count: int,
    rng: random.Random,
    report: SeedReport,
    desk_of: int | None = None,
) -> list[dict[str, Any]]:
    states = _states(count, desk_of, rng)
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
        _insert(_table(ArticleFamily), families)
        _insert(_table(Article), columns)
        _insert(article_authors, bylines)
        _insert(article_tags, tagged)
        _insert(_table(ArticleTransition), history)
        _insert(_table(ArticleRevision), revisions)
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


def _seed_reads(recent: list[dict[str, Any]], now: datetime, rng: random.Random) -> None:
    today: date = now.date()
    rows = [
        {"article_id": a["id"], "day": today - timedelta(days=day), "count": rng.randint(1, 900)}
        for day in range(7)
        for a in rng.sample(recent, min(len(recent), 100))
    ]
    unique = {(row["article_id"], row["day"]): row for row in rows}
    _insert(_table(ArticleRead), list(unique.values()))


def _seed_headlines(
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
    _insert(_table(BreakingHeadline), rows)
    return sum(1 for kind in kinds[:count] if kind == "live")


def _advance_sequences() -> None:
    """PostgreSQL: move the id sequences past the ids given explicitly (SQLite needs nothing)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("users", "tags", "article_families", "articles", "claims"):
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed names
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


def seed(
    articles: int = ARTICLES,
    people: int = PEOPLE,
    headlines: int = HEADLINES,
    live: int = LIVE_HEADLINES,
    seed_value: int = 14,
    desk_of: int | None = None,
    curate: bool = True,
    archive_days: int | None = None,
) -> SeedReport:
    """Fill the app's (migrated, taxonomy-seeded, otherwise empty) database; commits.

    `desk_of`: the realistic archive, whose desk (drafts to scheduled, spiked) stays the size
    a newsroom of `desk_of` articles has and whose other stories are all published (100,000
    with `desk_of=10_000`: about 1,650 in progress); without it the desk grows in proportion.
    `curate`: the English front page arranged and published by an editor, as a newsroom's is
    (`bench.front_seed`); without it the front fills itself, newest first.
    `archive_days`: how far back the published stories go (180 days without it; 100,000 over
    1,000 days is a newsroom publishing 100 a day).
    Needs an app context. Refuses a database that already has people.
    """
    with sqlite_written_once():  # `bench.bulk`: each page written once
        if db.session.scalar(select(User.id).limit(1)) is not None:
            raise SystemExit("The benchmark seeds an empty database; this one already has people.")
        started = time.perf_counter()
        rng = random.Random(seed_value)
        now = clock.now()
        report = SeedReport()
        sections = list(db.session.scalars(select(Section).order_by(Section.id)))
        regions = list(db.session.scalars(select(Region).order_by(Region.id)))
        if not sections or not regions:
            raise SystemExit("Seed the taxonomy first (flask --app wsgi init).")
        staff = _seed_people(people, hash_password(PASSWORD), now, rng)
        report.people = people
        tags = _seed_tags(_bodies())
        plan = ArticlePlan(staff, tags, sections, regions, now, rng)
        if archive_days:
            plan.archive = timedelta(days=archive_days)
        with indexes_dropped(ARTICLE_TABLES):  # built once the stories are in (`bench.bulk`)
            recent = _seed_articles(plan, articles, rng, report, desk_of)
            _advance_sequences()  # before the ORM adds rows of its own (the Arabic stories)
            report.arabic, translated_moves = seed_arabic(now, rng, staff.active[Role.ADMIN][0])
        report.transitions += translated_moves
        _seed_reads(recent, now, rng)
        report.live_headlines = _seed_headlines(headlines, live, recent, staff, now, rng)
        report.headlines = headlines
        report.claims = seed_claims(
            staff.active[Role.EDITOR][0], staff.active[Role.FACT_CHECKER], now, rng
        )
        report.plans = seed_plans(
            staff.active[Role.EDITOR],
            staff.active[Role.REPORTER],
            [section.id for section in sections],
            now,
            rng,
        )
        report.live_posts = seed_live(staff.active[Role.EDITOR][:6], now, rng)
        seed_live(staff.active[Role.EDITOR][:6], now, rng, language=ARABIC)
        _advance_sequences()  # the claims' explicit ids too
        if curate:
            curate_front()
        analyze(REBUILDS_READ)  # the rebuilds' reads planned on the rows now in (`bench.bulk`)
        with indexes_dropped(REBUILT_TABLES):
            reindex_all(db.session.connection())  # rows were inserted in bulk, past the signals
            rebuild_summary(db.session.connection())  # the transitions too, past the flush hook
        refresh_marks(db.session.connection())  # the translations' "out of date" marks, likewise
        record("bench.seeded", None, articles=articles, people=people, headlines=headlines)
        db.session.commit()
        refresh_statistics()  # as a newsroom's database has them: the scheduler keeps them
        _analyze_postgresql()
    report.seconds = time.perf_counter() - started
    return report


def _analyze_postgresql() -> None:
    """PostgreSQL's statistics and visibility map for the bulk-inserted tables, as autovacuum
    gives a newsroom's database over time (`VACUUM ANALYZE`): without the statistics the first
    minutes of a run are planned blind (at 100,000 stories the board read every byline, 38 ms,
    instead of 141 by index: bench:pg-plans); without the visibility map every index-only probe
    of a byline fetches its row too, so the planner read all 131,414 bylines three times over
    for the board's people filter, 302 ms, where the vacuumed database probes them, 22 ms
    (bench:staff-flat)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def targets() -> Targets:
    """The drafts, story and section the benchmark's requests use (needs an app context)."""
    drafts = list(
        db.session.scalars(
            select(Article.id)
            .where(Article.state == workflow.DRAFT)
            .order_by(Article.id)
            .limit(2 + AUTOSAVE_DRAFTS)
        )
    )
    if len(drafts) < 3:
        raise SystemExit("The benchmark needs at least three drafts; seed more articles.")
    slug = db.session.scalar(
        select(Article.slug)
        .where(
            Article.state == workflow.PUBLISHED,
            Article.region_id.is_not(None),
            # The default edition's story: at 100,000 the newest was an Arabic translation,
            # so the English article's row timed a 301 to /ar/news/... instead of the page.
            Article.language == languages.DEFAULT_CODE,
        )
        .order_by(Article.published_at.desc())
        .limit(1)
    )
    section_id = db.session.scalar(select(Section.id).order_by(Section.position, Section.id))
    if slug is None or section_id is None:
        raise SystemExit("The benchmark needs a published story and a section.")
    ledger_article_id, ledger_claim_id = ledger_target()
    live_slug, live_article_id, live_version = live_target()
    return Targets(
        drafts[0],
        drafts[1],
        drafts[2:],
        slug,
        section_id,
        ledger_article_id,
        ledger_claim_id,
        arabic_target(),
        live_slug,
        live_article_id,
        live_version,
        live_target(ARABIC)[0],
    )


SEED_CACHE_KIB = 256 * 1024  # SQLite's page cache while seeding: the one connection's, freed after


def seeding_app(database_url: str) -> Flask:
    """An app on `database_url` for seeding: no scheduler, its own throwaway secret."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": os.urandom(16).hex(),
            "SCHEDULER_ENABLED": False,
            # A bulk load's indexes want their pages in memory: the app's small per-connection
            # cache (config.SQLITE_CACHE_KIB, sized for many pooled connections) made SQLite
            # re-read index pages for every chunk.
            "SQLITE_CACHE_KIB": SEED_CACHE_KIB,
        }
    )


def describe(report: SeedReport) -> str:
    """One paragraph saying what was seeded, for the console and BENCHMARKS.md."""
    states = ", ".join(f"{state} {report.states[state]:,}" for state in workflow.STATES)
    return (
        f"{report.articles:,} articles ({states}), {report.people} people, "
        f"{report.headlines} breaking headlines ({report.live_headlines} live), "
        f"{report.transitions:,} transitions, {report.revisions:,} revisions, "
        f"{report.claims:,} fact-check claims, "
        f"{report.arabic:,} Arabic translations of published stories, "
        f"{report.plans:,} plans with the active stories' deadlines, "
        f"a live story with {report.live_posts:,} posts in English and one in Arabic "
        f"in {report.seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.seed`: seed an already migrated database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--desk-of", type=int, help=DESK_OF_HELP)
    args = parser.parse_args(argv)
    app = seeding_app(args.database_url)
    with app.app_context():
        print(describe(seed(args.articles, desk_of=args.desk_of)))


if __name__ == "__main__":
    main()
