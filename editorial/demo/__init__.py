"""The demo newsroom loaded by `flask demo`: people of every role and articles in every state.

The newsroom itself is data, in `newsroom.json` beside this module (see `editorial.demo.content`).

The passwords are published in the README on purpose: this is demo data for a laptop, never for a
real newsroom (`flask demo` refuses a database that already has people).
"""

from __future__ import annotations

from datetime import timedelta
from itertools import cycle

from sqlalchemy import select

from editorial import clock
from editorial.audit import record
from editorial.demo.content import DemoArticle, read_newsroom
from editorial.extensions import db
from editorial.models import Article, ArticleTransition, Region, Role, Section, User
from editorial.passwords import hash_password
from editorial.rendering import render_markdown
from editorial.services.revisions import keep_revision
from editorial.services.taxonomy import get_or_create_tag
from editorial.text import count_words, slugify

DEMO_PASSWORD = "newsroom-demo-2026"  # noqa: S105 - documented demo credential, see module doc

NEWSROOM = read_newsroom()
DEMO_USERS: list[tuple[str, str, Role]] = NEWSROOM.people
ARTICLES: list[DemoArticle] = NEWSROOM.articles
BREAKING: list[str] = NEWSROOM.breaking

# The moves that bring a demo article to each state, with who made them and the note.
PATHS: dict[str, list[tuple[str, str, str, str]]] = {
    "draft": [],
    "edit": [("submit", "draft", "edit", "author")],
    "fact_check": [
        ("submit", "draft", "edit", "author"),
        ("send_to_fact_check", "edit", "fact_check", "editor"),
    ],
    "ready": [
        ("submit", "draft", "edit", "author"),
        ("send_to_fact_check", "edit", "fact_check", "editor"),
        ("clear", "fact_check", "ready", "checker"),
    ],
    "scheduled": [
        ("submit", "draft", "edit", "author"),
        ("send_to_fact_check", "edit", "fact_check", "editor"),
        ("clear", "fact_check", "ready", "checker"),
        ("schedule", "ready", "scheduled", "editor"),
    ],
    "published": [
        ("submit", "draft", "edit", "author"),
        ("send_to_fact_check", "edit", "fact_check", "editor"),
        ("clear", "fact_check", "ready", "checker"),
        ("publish", "ready", "published", "editor"),
    ],
    "spiked": [("submit", "draft", "edit", "author"), ("spike", "edit", "spiked", "editor")],
}
NOTES = NEWSROOM.notes
# How many demo articles are in each state. They are dealt out in turn (newest first, 90 minutes
# apart), so every board column holds fresh and ageing work and the last day has publications.
STATE_COUNTS = NEWSROOM.state_counts


def _state_plan() -> list[str]:
    remaining = dict(STATE_COUNTS)
    plan: list[str] = []
    while any(remaining.values()):
        for state, left in remaining.items():
            if left:
                plan.append(state)
                remaining[state] -= 1
    return plan


STATE_PLAN = _state_plan()


def load_demo() -> int:
    """Create the demo people and articles; returns the number of articles."""
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    people = {}
    for email, name, role in DEMO_USERS:
        people[email] = User(email=email, display_name=name, role=role, password_hash=password_hash)
        db.session.add(people[email])
    db.session.flush()
    reporters = [u for u in people.values() if u.role == Role.REPORTER]
    editors = [u for u in people.values() if u.role == Role.EDITOR]
    checkers = [u for u in people.values() if u.role == Role.FACT_CHECKER]
    sections = {s.name: s for s in db.session.scalars(select(Section))}
    regions = {r.name: r for r in db.session.scalars(select(Region))}

    now = clock.now()
    reporter_cycle, editor_cycle, checker_cycle = cycle(reporters), cycle(editors), cycle(checkers)
    for index, (item, state) in enumerate(zip(ARTICLES, STATE_PLAN, strict=False)):
        age = timedelta(minutes=90 * index + 40)
        article = Article(
            slug=slugify(str(item["headline"]), 120),
            headline=str(item["headline"]),
            summary=str(item["summary"]),
            body=str(item["body"]),
            body_html=render_markdown(str(item["body"])),
            word_count=count_words(str(item["body"])),
            source=str(item["source"]),
            section=sections[str(item["section"])],
            region=regions.get(str(item["region"])) if item["region"] else None,
            state=state,
            created_at=now - age - timedelta(hours=6),
            updated_at=now - age,
            state_changed_at=now - age,
        )
        author = next(reporter_cycle)
        article.authors = [author] if index % 5 else [author, next(reporter_cycle)]
        article.created_by = author
        article.tags = [get_or_create_tag(str(name)) for name in item["tags"]]  # type: ignore[attr-defined]
        if state != "draft":
            article.editor = next(editor_cycle)
        if state in ("fact_check", "ready", "scheduled", "published"):
            article.fact_checker = next(checker_cycle)
        if state == "published":
            article.published_at = article.first_published_at = now - age
        elif state == "scheduled":
            article.published_at = now + timedelta(hours=2 + index % 5)
        db.session.add(article)
        db.session.flush()
        _history(article, author)
    count = min(len(ARTICLES), len(STATE_PLAN))
    # The audit log stays truthful: one event for the load, not invented per-move history.
    record("demo.loaded", None, people=len(DEMO_USERS), articles=count)
    return count


def _history(article: Article, author: User) -> None:
    """The transitions, revision and audit trail that brought `article` to its state."""
    actors = {"author": author, "editor": article.editor, "checker": article.fact_checker}
    steps = PATHS[article.state]
    span = article.state_changed_at - article.created_at
    keep_revision(article, author, "created")
    for number, (name, source, target, who) in enumerate(steps, start=1):
        at = article.created_at + span * number / len(steps)
        actor = actors[who] or author
        db.session.add(
            ArticleTransition(
                article_id=article.id,
                name=name,
                from_state=source,
                to_state=target,
                actor_id=actor.id,
                at=at,
                note=NOTES.get(name, ""),
            )
        )
    article.version = len(steps) + 1
