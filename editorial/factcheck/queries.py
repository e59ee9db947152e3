"""The fact-check queue's reads: the articles waiting for a check, oldest first, with their claim
progress, and the people to filter by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select
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

    def args(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.section_id:
            args["section"] = self.section_id
        if self.assignee is not None:
            args["assignee"] = self.assignee
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


QUEUE_LIMIT = 200


def waiting(person: User, filters: QueueFilters) -> list[QueueRow]:
    """Articles in fact-check that `person` may see, oldest waiting first, with claim progress."""
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
            .limit(QUEUE_LIMIT)
        ).unique()
    )
    attach_tallies(articles)
    attach_location_tallies(articles)
    attach_checklists(articles)  # the Clear step's checklist marks, one query per kind of fact
    return [QueueRow(a, a.state_changed_at, a.claim_tally, a.location_tally) for a in articles]


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
