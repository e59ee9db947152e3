"""The deadlines' reads: the mark a story shows for the stage it is in now ("due in 2 h 10 min",
"overdue by 35 min"), read for a whole list of cards in one query (`attach`), the deadlines of
one story for its page, and the section defaults.

A list (the board, My queue) calls `attach` on its stories once; the template global
`deadline_mark(article)` then reads what was attached, so no card runs a query. An article
page, which shows one story, reads its own on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.models import Article, Section
from editorial.models.planning import (
    DEADLINE_LABELS,
    DEADLINE_STAGES,
    ArticleDeadline,
    SectionDeadlineDefault,
)

_KEY = "_deadline_mark"


def spoken(delta: timedelta) -> str:
    """ "2 h 10 min", "35 min", "1 day 3 h", "less than a minute": a length of time in words."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        unit = "day" if days == 1 else "days"
        return f"{days} {unit} {hours} h" if hours else f"{days} {unit}"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def time_left(due: datetime, at: datetime) -> str:
    """ "due in 2 h 10 min" or "overdue by 35 min"."""
    left = clock.as_utc(due) - at
    if abs(left.total_seconds()) < 60:
        return "due now"
    return f"due in {spoken(left)}" if left.total_seconds() > 0 else f"overdue by {spoken(left)}"


@dataclass(frozen=True)
class Mark:
    """A story's deadline for the stage it is in, as the desk shows it."""

    stage: str
    due_at: datetime
    origin: str
    at: datetime

    @property
    def label(self) -> str:
        """ "Edited by"."""
        return DEADLINE_LABELS[self.stage]

    @property
    def overdue(self) -> bool:
        """Past the deadline."""
        return clock.as_utc(self.due_at) <= self.at

    @property
    def words(self) -> str:
        """ "due in 2 h 10 min" / "overdue by 35 min"."""
        return time_left(self.due_at, self.at)


def attach(articles: Iterable[Article], at: datetime | None = None) -> None:
    """Give each article the mark of the stage it is in now, from one query for all of them."""
    wanted = [a for a in articles if a.__dict__.get(_KEY, (None,))[0] != a.state]
    if not wanted:
        return
    at = at or clock.now()
    keys = [(a.id, a.state) for a in wanted if a.state in DEADLINE_STAGES]
    found: dict[int, Mark] = {}
    if keys:
        rows = db.session.execute(
            select(
                ArticleDeadline.article_id,
                ArticleDeadline.stage,
                ArticleDeadline.due_at,
                ArticleDeadline.origin,
            ).where(  # fmt: skip
                # By article on the (article, stage) unique index, the stage kept here: a
                # row-value IN made SQLite read the whole table.
                ArticleDeadline.article_id.in_({article_id for article_id, _ in keys})
            )
        )
        wanted_keys = set(keys)
        for article_id, stage, due, origin in rows:
            if (article_id, stage) in wanted_keys:
                found[article_id] = Mark(stage, clock.as_utc(due), origin, at)
    for article in wanted:
        # Kept with the state it was read for: a story moved since is read again.
        article.__dict__[_KEY] = (article.state, found.get(article.id))


def mark_of(article: Article | None) -> Mark | None:
    """The article's mark (template global `deadline_mark`): attached by its list, or read now."""
    if article is None:
        return None
    attach([article])
    mark: Mark | None = article.__dict__[_KEY][1]
    return mark


def remember(article: Article, deadlines: dict[str, ArticleDeadline]) -> None:
    """The article's mark from its deadlines just read (`deadlines_of`), as `attach` would read
    it again after a change: the story's panel shows both, one statement fewer on every draw."""
    row = deadlines.get(article.state) if article.state in DEADLINE_STAGES else None
    mark = Mark(row.stage, clock.as_utc(row.due_at), row.origin, clock.now()) if row else None
    article.__dict__[_KEY] = (article.state, mark)


def deadlines_of(article: Article) -> dict[str, ArticleDeadline]:
    """Every stage's deadline of one story, by stage."""
    rows = db.session.scalars(
        select(ArticleDeadline).where(ArticleDeadline.article_id == article.id)
    )
    return {row.stage: row for row in rows}


def defaults_of(section_id: int) -> dict[str, int]:
    """A section's default minutes by stage."""
    rows = db.session.execute(
        select(SectionDeadlineDefault.stage, SectionDeadlineDefault.minutes).where(
            SectionDeadlineDefault.section_id == section_id
        )
    )
    return {stage: minutes for stage, minutes in rows}


def all_defaults() -> list[tuple[Section, dict[str, int]]]:
    """Every section in menu order with its defaults: two queries."""
    sections = list(db.session.scalars(select(Section).order_by(Section.position, Section.name)))
    rows = db.session.execute(
        select(
            SectionDeadlineDefault.section_id,
            SectionDeadlineDefault.stage,
            SectionDeadlineDefault.minutes,
        )
    )
    by_section: dict[int, dict[str, int]] = {}
    for section_id, stage, minutes in rows:
        by_section.setdefault(section_id, {})[stage] = minutes
    return [(section, by_section.get(section.id, {})) for section in sections]


def within(minutes: int) -> str:
    """ "4 h", "90 min" → "1 h 30 min": a default as the admin page says it."""
    return spoken(timedelta(minutes=minutes))
