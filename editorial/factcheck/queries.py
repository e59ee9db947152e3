"""The fact-check queue's reads: the articles waiting for a check, oldest first, with their claim
progress, and the people to filter by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, Role, User
from editorial.models.checklists import attach as attach_checklists
from editorial.models.claim_locations import LocationTally, attach_location_tallies
from editorial.models.claims import ClaimTally, attach_tallies
from editorial.permissions import visible_articles


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters from the address: a section, an assignee (a person or "none")."""

    section_id: int | None = None
    assignee: int | str | None = None  # a user id, or "none" for unassigned

    def args(self, page: int = 1) -> dict[str, Any]:
        """The address's values for these filters (and a page after the first)."""
        args: dict[str, Any] = {}
        if self.section_id:
            args["section"] = self.section_id
        if self.assignee is not None:
            args["assignee"] = self.assignee
        if page > 1:
            args["page"] = page
        return args


@dataclass(frozen=True)
class QueueRow:
    """One article waiting for its check: its own claims, and for a translation of a checked
    story the source claims to locate in it (None otherwise)."""

    article: Article
    waiting_since: datetime
    tally: ClaimTally
    locations: LocationTally | None = None

    @property
    def to_locate(self) -> int:
        """Source claims neither located in the translation nor marked absent yet."""
        return self.locations.total - self.locations.located if self.locations else 0


QUEUE_LIMIT = 200  # the heading counts up to this many ("200+"), reading no more
PAGE = 50  # rows a page shows, oldest waiting first; "Next" for the rest


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue: its rows, whether more follow, and the queue's size up to
    `QUEUE_LIMIT` (the heading's "(37)" or "(200+)")."""

    rows: list[QueueRow]
    more: bool
    counted: int


def waiting(person: User, filters: QueueFilters, page: int = 1) -> QueuePage:
    """Articles in fact-check that `person` may see, oldest waiting first, with claim progress:
    the `page`th `PAGE` of them.

    A checker works from the top; a desk with hundreds waiting drew every row (200, each with
    its names, tallies and checklist) where a person reads the first screens, so the rest are a
    "Next" away."""
    conditions: list[ColumnElement[bool]] = [
        Article.state == workflow.FACT_CHECK,
        visible_articles(person),
    ]
    if filters.section_id:
        conditions.append(Article.section_id == filters.section_id)
    if filters.assignee == "none":
        conditions.append(Article.fact_checker_id.is_(None))
    elif isinstance(filters.assignee, int):
        conditions.append(Article.fact_checker_id == filters.assignee)
    articles = list(
        db.session.scalars(
            select(Article)
            .where(*conditions)
            .options(
                joinedload(Article.section),
                joinedload(Article.fact_checker),
                selectinload(Article.authors),
            )
            .order_by(Article.state_changed_at, Article.id)
            .offset((page - 1) * PAGE)
            .limit(PAGE + 1)
        ).unique()
    )
    more = len(articles) > PAGE
    articles = articles[:PAGE]
    if page == 1 and not more:
        counted = len(articles)
    else:
        first = select(Article.id).where(*conditions).limit(QUEUE_LIMIT).subquery()
        counted = db.session.scalar(select(func.count()).select_from(first)) or 0
    attach_tallies(articles)
    attach_location_tallies(articles)
    attach_checklists(articles)  # the Clear step's checklist marks, one query per kind of fact
    rows = [QueueRow(a, a.state_changed_at, a.claim_tally, a.location_tally) for a in articles]
    return QueuePage(rows, more, counted)


def assignees() -> list[User]:
    """Everyone who holds a check now or could (active fact-checkers), for the filter."""
    # Asked of each person on the (fact_checker_id, state) index, so the read is one probe per
    # person, not every story in fact-check (3,000 on the stress seed's desk: 12 ms).
    holds = exists().where(Article.fact_checker_id == User.id, Article.state == workflow.FACT_CHECK)
    return list(
        db.session.scalars(
            select(User)
            .where(or_(holds, and_(User.role == Role.FACT_CHECKER, User.active)))
            .order_by(User.display_name)
        )
    )
