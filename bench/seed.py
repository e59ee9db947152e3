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
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select, text

from bench.arabic import LANGUAGE as ARABIC
from bench.arabic import arabic_target, seed_arabic
from bench.bulk import analyze, indexes_dropped, sqlite_written_once, uncompressed
from bench.claims import ledger_target, seed_claims
from bench.front_seed import curate_front
from bench.live_seed import live_target, seed_live
from bench.planning import seed_plans
from bench.seed_articles import (
    ArticlePlan,
    SeedReport,
    Staff,
    bodies,
    dealt,
    insert,
    seed_articles,
    table_of,
)
from bench.seed_extras import seed_headlines, seed_reads, seed_tags
from bench.seed_rebuilds import rebuild_and_commit
from editorial import clock, create_app, languages, workflow
from editorial.audit import record
from editorial.database import refresh_statistics
from editorial.extensions import db
from editorial.models import (
    Article,
    Region,
    Role,
    Section,
    User,
)
from editorial.models.translation_marks import refresh_marks
from editorial.passwords import hash_password

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
# Of every 200 people: how many of each role.
ROLE_SHARES: dict[Role, int] = {
    Role.ADMIN: 4,
    Role.EDITOR: 24,
    Role.FACT_CHECKER: 16,
    Role.REPORTER: 156,
}
INACTIVE_REPORTERS = 6
AUTOSAVE_DRAFTS = 32  # twice the most connections: two writers rarely race for one draft
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
# The tables whose values the seed stores without trying pglz (`bench.bulk.uncompressed`);
# `articles` too since `bench.planning` reads its stories by id, not in the heap's order
# (which the rows' stored sizes decide: bench:seed10).
UNCOMPRESSED_TABLES = ("articles", "article_revisions")
# The tables whose statistics the rebuilds' joins need (`articles` the search rebuild analyzes).
REBUILDS_READ = ("article_tags", "tags", "article_transitions")


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


def _seed_people(count: int, password_hash: str, now: datetime, rng: random.Random) -> Staff:
    roles = dealt(ROLE_SHARES, count, rng)
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
    insert(table_of(User), rows)
    return Staff(by_role, active, display)


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
        tags = seed_tags(bodies())
        plan = ArticlePlan(staff, tags, sections, regions, now, rng)
        if archive_days:
            plan.archive = timedelta(days=archive_days)
        # Indexes built once the stories are in; revisions stored without pglz (`bench.bulk`).
        with indexes_dropped(ARTICLE_TABLES), uncompressed(UNCOMPRESSED_TABLES):
            recent = seed_articles(plan, articles, rng, report, desk_of)
            _advance_sequences()  # before the ORM adds rows of its own (the Arabic stories)
            report.arabic, translated_moves = seed_arabic(now, rng, staff.active[Role.ADMIN][0])
        report.transitions += translated_moves
        seed_reads(recent, now, rng)
        report.live_headlines = seed_headlines(headlines, live, recent, staff, now, rng)
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

        def finish() -> None:
            refresh_marks(db.session.connection())  # the translations' "out of date" marks
            record("bench.seeded", None, articles=articles, people=people, headlines=headlines)

        # The search index and the insights summary (side by side on PostgreSQL), committed.
        rebuild_and_commit(finish)
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
