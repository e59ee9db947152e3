"""The planning desk's reads: which plans a person may see (as SQL, so lists and single pages
agree with `permissions`' `plan.view`), the filtered list, one day's (or a range's) budget
grouped by section, and the plan linked to a story for the board and the article page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import abort
from sqlalchemy import Select, or_, select, true
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from editorial import clock, newsroom
from editorial.extensions import db
from editorial.models import Article, Role, User
from editorial.models.planning import KILLED, PLAN_STATUSES, PROPOSED, Plan
from editorial.permissions import can, inside_articles

LIST_MAX = 200  # a list page holds this many plans at most (the filters narrow it)


def visible_plans(user: User) -> ColumnElement[bool]:
    """SQL matching exactly the plans `permissions`' `plan.view` lets `user` see."""
    if can(user, "plan.manage"):
        return true()
    inside = select(Article.id).where(inside_articles(user))
    return or_(
        Plan.reporter_id == user.id,
        Plan.owner_id == user.id,
        Plan.created_by_id == user.id,
        Plan.article_id.in_(inside),
    )


def get_plan(user: User, plan_id: int) -> Plan:
    """The plan if `user` may see it, else 404 (never 403: ids leak nothing)."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or not can(user, "plan.view", plan):
        abort(404)
    return plan


def _loaded(query: Select[Any]) -> Select[Any]:
    return query.options(
        joinedload(Plan.owner), joinedload(Plan.reporter), joinedload(Plan.article)
    )


@dataclass
class Filters:
    """The list's filters, as the address gives them (unknown values are dropped)."""

    status: str = ""
    section_id: int | None = None
    person_id: int | None = None
    when: str = ""  # "", "unscheduled" (the tray) or "scheduled"

    def args(self) -> dict[str, Any]:
        """The filters as address arguments (empty ones left out)."""
        given = {"status": self.status, "section": self.section_id, "person": self.person_id}
        given["when"] = self.when
        return {key: value for key, value in given.items() if value}


def plans(user: User, filters: Filters) -> list[Plan]:
    """The plans `user` may see that match `filters`: the unscheduled tray first, then by slot."""
    query = _loaded(select(Plan).where(visible_plans(user)))
    if filters.status in PLAN_STATUSES:
        query = query.where(Plan.status == filters.status)
    if filters.section_id is not None:
        query = query.where(Plan.section_id == filters.section_id)
    if filters.person_id is not None:
        query = query.where(
            or_(Plan.owner_id == filters.person_id, Plan.reporter_id == filters.person_id)
        )
    if filters.when == "unscheduled":
        query = query.where(Plan.slot_start.is_(None))
    elif filters.when == "scheduled":
        query = query.where(Plan.slot_start.is_not(None))
    query = query.order_by(Plan.slot_start.is_not(None), Plan.slot_start, Plan.id).limit(LIST_MAX)
    return list(db.session.scalars(query).unique())


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The newsroom's days `first` to `last` (inclusive) as a UTC range [start, end)."""
    zone = newsroom.zone()
    start = clock.from_local(datetime.combine(first, time()), zone)
    end = clock.from_local(datetime.combine(last + timedelta(days=1), time()), zone)
    return start, end


def today() -> date:
    """Today in the newsroom's zone."""
    return clock.to_local(clock.now(), newsroom.zone()).date()


@dataclass
class SectionBudget:
    """One section's part of the budget: its plans by slot, and their planned words."""

    name: str
    rows: list[Plan] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(plan.planned_words for plan in self.rows)


def budget(user: User, first: date, last: date) -> list[SectionBudget]:
    """The planned and in-progress stories with a slot from `first` to `last` (the newsroom's
    days), each plan and its story one row, grouped by section in menu order; proposals and
    killed plans are not on the budget."""
    start, end = day_bounds(first, last)
    query = _loaded(
        select(Plan).where(
            visible_plans(user),
            Plan.status.not_in((PROPOSED, KILLED)),
            Plan.slot_start >= start,
            Plan.slot_start < end,
        )
    ).order_by(Plan.slot_start, Plan.id)
    groups: dict[int | None, SectionBudget] = {}
    found = list(db.session.scalars(query).unique())
    order: dict[int | None, tuple[int, int, str]] = {None: (1, 0, "")}
    for plan in found:
        section = plan.section
        key = section.id if section else None
        if key not in groups:
            groups[key] = SectionBudget(section.name if section else "No section")
            if section is not None:
                order[key] = (0, section.position, section.name)
        groups[key].rows.append(plan)
    return [groups[key] for key in sorted(groups, key=lambda k: order[k])]


@dataclass(frozen=True)
class Linked:
    """What a story's card and page show of the plan it was started from."""

    id: int
    slot_start: datetime | None
    slot_end: datetime | None


_KEY = "_linked_plan"


def attach(articles: Iterable[Article]) -> None:
    """Give each article the live (not killed) plan it was started from, if any: one query of
    four columns for the stories a page shows (the board's cards), however many plans exist."""
    wanted = {a.id: a for a in articles if _KEY not in a.__dict__}
    if not wanted:
        return
    rows = db.session.execute(
        select(Plan.article_id, Plan.id, Plan.slot_start, Plan.slot_end).where(
            Plan.article_id.in_(wanted), Plan.status != KILLED
        )
    )
    found = {row[0]: Linked(*row[1:]) for row in rows}
    for article_id, article in wanted.items():
        article.__dict__[_KEY] = found.get(article_id)


def plan_for(article: Article) -> Linked | None:
    """The article's plan (template global `plan_of`): attached by its list, or read now."""
    attach([article])
    linked: Linked | None = article.__dict__[_KEY]
    return linked


def people(*roles: Role) -> list[User]:
    """Active people of `roles`, by name (the owner and reporter pickers)."""
    query = select(User).where(User.active.is_(True), User.role.in_(roles))
    return list(db.session.scalars(query.order_by(User.display_name)))
