"""The demo newsroom's fronts (issue 23): each edition's front page arranged by an editor, a
section front or two, a shorter summary on one lead (the story keeps its own), a planned story
holding a slot, an earlier version to restore, and tomorrow morning's lead scheduled; and a week
of reads, so "Most read" has stories that earned their place.

Added last, through the fronts' own service (audited as an editor would be), once the stories
have got where they are.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select

from editorial.clock import FrozenClock
from editorial.extensions import db
from editorial.fronts import service
from editorial.models import Article, Plan, Section, User, publicly_visible
from editorial.models.planning import KILLED, STARTED
from editorial.models.reads import record_read
from editorial.newsroom import current

SECTION_FRONTS = 2  # section fronts arranged per edition (the rest stay newest first)


def _public(language: str, *where: ColumnElement[bool]) -> list[Article]:
    return list(
        db.session.scalars(
            select(Article)
            .where(publicly_visible(), Article.language == language, *where)
            .order_by(Article.published_at.desc(), Article.id.desc())
        )
    )


def _arrange_front_page(language: str, editor: User, frozen: FrozenClock, now: datetime) -> int:
    stories = _public(language)
    pictured = [a for a in stories if a.hero_image_id or a.hero_image_url]
    if not pictured:
        return 0
    front = service.front_of(language, None)
    # Version 1: the newest pictured story leads.
    service.put_story(front, "lead", 0, pictured[0].id, editor)
    rest = [a for a in stories if a.id != pictured[0].id]
    for position, article in enumerate(rest[1:5]):  # not simply the newest: the editor's order
        service.put_story(front, "top", position, article.id, editor)
    service.publish(front, editor, "Morning front")
    published = 1
    # Version 2: another lead, with a shorter summary on this front only (its first sentence).
    if len(pictured) > 1:
        service.put_story(front, "lead", 0, pictured[1].id, editor)
        first, dot, more = pictured[1].summary.partition(". ")
        short = first + "." if dot and more else ""
        service.override(front, "lead", 0, editor, headline="", summary=short, image_id=None)
        for position, article in enumerate(rest[5:8]):
            service.put_story(front, "also", position, article.id, editor)
        plan = db.session.scalar(
            select(Plan)
            .where(Plan.status.not_in([KILLED, STARTED]), Plan.languages.contains(language))
            .order_by(Plan.slot_start, Plan.id)
            .limit(1)
        )
        if plan is not None:  # the slot waits for the planned story, and fills when it runs
            service.put_plan(front, "also", 3, plan.id, editor)
        service.publish(front, editor, "New lead")
        published += 1
    # Tomorrow at seven: a third lead, scheduled the night before.
    if len(pictured) > 2:
        service.put_story(front, "lead", 0, pictured[2].id, editor)
        service.schedule(front, now.replace(hour=7, minute=0) + timedelta(days=1), editor)
    return published


def _arrange_sections(language: str, editor: User) -> int:
    arranged = 0
    for section in db.session.scalars(select(Section).order_by(Section.position, Section.id)):
        pictured = _public(language, Article.section_id == section.id,
                           Article.hero_image_id.is_not(None))  # fmt: skip
        if len(pictured) < 2 or arranged >= SECTION_FRONTS:
            continue
        front = service.front_of(language, section)
        service.put_story(front, "lead", 0, pictured[-1].id, editor)  # an older, longer read
        service.publish(front, editor, "Weekend read leads")
        arranged += 1
    return arranged


def _add_reads(now: datetime) -> None:
    """A week of reads: a few stories read a lot, most a little (below the box's threshold)."""
    stories = db.session.scalars(select(Article.id).where(publicly_visible()).order_by(Article.id))
    for index, article_id in enumerate(stories):
        for age in range(7):
            for _ in range((index * 37 + age * 11) % 9 if index % 3 == 0 else index % 2):
                record_read(article_id, (now - timedelta(days=age)).date())


def add_fronts(editor: User, now: datetime, frozen: FrozenClock) -> int:
    """Every edition's curated fronts, and the week's reads; how many versions were published."""
    _add_reads(now)
    frozen.set(now)
    count = 0
    for edition in current().published_languages:
        count += _arrange_front_page(edition.code, editor, frozen, now)
        count += _arrange_sections(edition.code, editor)
    frozen.set(now)
    return count
