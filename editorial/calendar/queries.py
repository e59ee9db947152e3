"""The calendar's reads: the items of a span of days, each kind read by its own indexed query.

Every kind keeps its own time: a plan's slot (`plans.slot_start`), a deadline
(`article_deadlines.due_at`, or an unstarted plan's `filed_by`/`edited_by`/`checked_by`), a
scheduled publish (`articles.published_at` in the scheduled state), an embargo's lift
(`articles.embargo_until`, while it holds) and a headline's start and end. An item is one of those
times, never a story's "date": a story with a slot, a deadline and an embargo is three items.

Who sees what is the desk's rule: editors and admins everything; others the plans they are on and
the articles they may see (deadlines: the articles they may see inside); headlines only those
who run the breaking desk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app, url_for
from sqlalchemy import ColumnElement, and_, literal, or_, select

from editorial import clock, newsroom, workflow
from editorial.desk.queries import involves
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, User
from editorial.models.planning import (
    DEADLINE_LABELS,
    DEADLINE_STAGES,
    KILLED,
    PLANNED,
    PROPOSED,
    STARTED,
    ArticleDeadline,
    Plan,
)
from editorial.permissions import can, inside_articles, visible_articles

SLOT, DEADLINE, PUBLISH, EMBARGO, HEADLINE = "slot", "deadline", "publish", "embargo", "headline"
KINDS: dict[str, str] = {
    SLOT: "Publish slots",
    DEADLINE: "Deadlines",
    PUBLISH: "Scheduled publish times",
    EMBARGO: "Embargo lifts",
    HEADLINE: "Breaking headlines",
}
# What each item's own time is called, by its source (the part of a move's address).
PLAN_DEADLINES = {
    "filed_by": DEADLINE_LABELS[workflow.DRAFT],
    "edited_by": DEADLINE_LABELS[workflow.EDIT],
    "checked_by": DEADLINE_LABELS[workflow.FACT_CHECK],
}
# The sources a person can move: a plan's slot, a plan's deadline, an article's deadline, a
# scheduled publish, an embargo's lift. A headline's times are the breaking desk's.
MOVABLE = ("slot", "plan-deadline", "deadline", "publish", "embargo")
VIEWS = ("week", "month", "day")
SLOTTED = (PROPOSED, PLANNED, STARTED)


@dataclass(frozen=True)
class Item:
    """One time on the calendar: its kind, what it is, when (aware UTC) and where it leads."""

    kind: str
    source: str  # slot, plan-deadline, deadline, publish, embargo, headline-start, headline-end
    ident: int  # the plan, deadline, article or headline
    at: datetime | None  # None: a plan in the unscheduled tray
    title: str
    label: str  # "Slot", "Filed by", "Publishes", "Embargo lifts", "Headline starts"
    href: str
    which: str = ""  # a plan deadline's column
    end: datetime | None = None  # a slot's window
    language: str = ""

    @property
    def key(self) -> str:
        """Its id in the page (`item-slot-12`, `item-plan-deadline-3-filed_by`)."""
        return "-".join(part for part in ("item", self.source, str(self.ident), self.which) if part)

    @property
    def movable(self) -> bool:
        return self.source in MOVABLE


@dataclass
class Filters:
    """What the calendar is narrowed to, as the address says (`?section=3&kind=slot`)."""

    section_id: int | None = None
    language: str = ""
    person_id: int | None = None
    kinds: tuple[str, ...] = ()  # none chosen: every kind

    @classmethod
    def read(cls, args: Any) -> Filters:
        """From a request's (or a posted `back` address's) arguments; unknown values dropped."""
        kinds = tuple(k for k in args.getlist("kind") if k in KINDS)
        language = args.get("lang", "")
        return cls(
            section_id=_number(args.get("section")),
            language=language if language in newsroom.current().languages else "",
            person_id=_number(args.get("person")),
            kinds=kinds,
        )

    def shows(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def args(self) -> dict[str, Any]:
        """The filters as address arguments (empty ones left out), for every link to keep."""
        found: dict[str, Any] = {}
        if self.section_id:
            found["section"] = self.section_id
        if self.language:
            found["lang"] = self.language
        if self.person_id:
            found["person"] = self.person_id
        if self.kinds:
            found["kind"] = list(self.kinds)
        return found


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@dataclass
class Span:
    """The days a view shows: local dates from `first` to `last`, and their UTC bounds."""

    view: str
    anchor: date
    first: date
    last: date
    days: list[date] = field(default_factory=list)

    @classmethod
    def of(cls, view: str, anchor: date) -> Span:
        """A week (Monday first), a month's weeks, or one day, around `anchor`."""
        if view == "day":
            first = last = anchor
        elif view == "month":
            start = anchor.replace(day=1)
            following = (start + timedelta(days=32)).replace(day=1)
            first = start - timedelta(days=start.weekday())
            end = following - timedelta(days=1)
            last = end + timedelta(days=6 - end.weekday())
        else:
            first = anchor - timedelta(days=anchor.weekday())
            last = first + timedelta(days=6)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return cls(view, anchor, first, last, days)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.first, self.last)

    @property
    def previous(self) -> date:
        """The anchor of the view before this one (the month before, the week, the day)."""
        if self.view == "month":
            return (self.anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
        return self.anchor - timedelta(days=1 if self.view == "day" else 7)

    @property
    def following(self) -> date:
        """The anchor of the view after this one."""
        if self.view == "month":
            return (self.anchor.replace(day=28) + timedelta(days=4)).replace(day=1)
        return self.anchor + timedelta(days=1 if self.view == "day" else 7)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC from `first`'s local midnight to the midnight after `last`."""
    zone = newsroom.zone()
    start = clock.from_local(datetime(first.year, first.month, first.day), zone)
    after = last + timedelta(days=1)
    return start, clock.from_local(datetime(after.year, after.month, after.day), zone)


def local_day(value: datetime) -> date:
    """The newsroom's date of a UTC time."""
    return clock.to_local(value, newsroom.zone()).date()


def items_between(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    """Every item of the kinds `filters` shows, from `start` to `end` (UTC), that `user` may
    see, in time order."""
    found: list[Item] = []
    if filters.shows(SLOT):
        found += _slots(user, start, end, filters)
    if filters.shows(DEADLINE):
        found += _deadlines(user, start, end, filters)
        found += _plan_deadlines(user, start, end, filters)
    if filters.shows(PUBLISH):
        found += _publishes(user, start, end, filters)
    if filters.shows(EMBARGO):
        found += _embargoes(user, start, end, filters)
    if filters.shows(HEADLINE) and can(user, "breaking.manage"):
        found += _headlines(start, end, filters)
    return sorted(found, key=lambda item: (_utc(item.at), item.kind, item.ident))


def _utc(value: datetime | None) -> datetime:
    return clock.as_utc(value) if value is not None else datetime.max.replace(tzinfo=UTC)


def by_day(items: Iterable[Item]) -> dict[date, list[Item]]:
    """Items grouped on their local date."""
    grouped: dict[date, list[Item]] = defaultdict(list)
    for item in items:
        if item.at is not None:
            grouped[local_day(item.at)].append(item)
    return grouped


def tray(user: User, filters: Filters) -> list[Item]:
    """The "Unscheduled" tray: planned stories (not proposed, killed or started) with no slot."""
    if not filters.shows(SLOT):
        return []
    rows = db.session.execute(
        select(Plan.id, Plan.working_title, Plan.languages, Plan.article_id)
        .where(Plan.status == PLANNED, Plan.slot_start.is_(None), *_plan_scope(user, filters))
        .order_by(Plan.created_at, Plan.id)
    )
    return [
        Item(
            SLOT,
            "slot",
            r.id,
            None,
            r.working_title,
            "Unscheduled",
            plan_href(r.id, r.article_id),
            language=_first(r.languages),
        )  # fmt: skip
        for r in rows
    ]


def _first(languages: str) -> str:
    return languages.split(",", 1)[0] if languages else ""


def plan_href(plan_id: int, article_id: int | None) -> str:
    """Where a plan's item leads: its story once started, else the plan's page."""
    if article_id is not None:
        return url_for("articles.show", article_id=article_id)
    if "planning.show" in current_app.view_functions:
        return url_for("planning.show", plan_id=plan_id)
    return url_for("calendar.move_form", source="slot", ident=plan_id)


def _plan_scope(user: User, filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not can(user, "calendar.everything"):
        conditions.append(
            or_(
                Plan.reporter_id == user.id, Plan.owner_id == user.id, Plan.created_by_id == user.id
            )  # fmt: skip
        )
    if filters.section_id:
        conditions.append(Plan.section_id == filters.section_id)
    if filters.language:
        padded = literal(",") + Plan.languages + literal(",")
        conditions.append(padded.like(f"%,{filters.language},%"))
    if filters.person_id:
        conditions.append(
            or_(Plan.reporter_id == filters.person_id, Plan.owner_id == filters.person_id)
        )
    return conditions


def _article_scope(
    user: User, filters: Filters, *, inside: bool = False
) -> list[ColumnElement[bool]]:
    conditions = [inside_articles(user) if inside else visible_articles(user)]
    if filters.section_id:
        conditions.append(Article.section_id == filters.section_id)
    if filters.language:
        conditions.append(Article.language == filters.language)
    if filters.person_id:
        conditions.append(involves(filters.person_id))
    return conditions


def _slots(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    rows = db.session.execute(
        select(
            Plan.id,
            Plan.working_title,
            Plan.languages,
            Plan.article_id,
            Plan.slot_start,
            Plan.slot_end,
        ).where(  # fmt: skip
            Plan.status.in_(SLOTTED),
            Plan.slot_start >= start,
            Plan.slot_start < end,
            *_plan_scope(user, filters),
        )
    )
    return [
        Item(
            SLOT,
            "slot",
            r.id,
            r.slot_start,
            r.working_title,
            "Slot",
            plan_href(r.id, r.article_id),
            end=r.slot_end,
            language=_first(r.languages),
        )  # fmt: skip
        for r in rows
    ]


def _plan_deadlines(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    """An unstarted plan's deadlines (a started one's are its article's)."""
    columns = {name: getattr(Plan, name) for name in PLAN_DEADLINES}
    within = [and_(column >= start, column < end) for column in columns.values()]
    rows = db.session.execute(
        select(Plan.id, Plan.working_title, Plan.languages, *columns.values()).where(
            Plan.status.in_((PROPOSED, PLANNED)),
            Plan.article_id.is_(None),
            or_(*within),
            *_plan_scope(user, filters),
        )
    )
    found = []
    for r in rows:
        for name, label in PLAN_DEADLINES.items():
            due = getattr(r, name)
            if due is not None and start <= clock.as_utc(due) < end:
                found.append(Item(DEADLINE, "plan-deadline", r.id, due, r.working_title, label,
                                  plan_href(r.id, None), which=name,
                                  language=_first(r.languages)))  # fmt: skip
    return found


def _deadlines(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    """Article deadlines of stages not left yet (a stage done has no deadline to keep)."""
    rows = db.session.execute(
        select(
            ArticleDeadline.id,
            ArticleDeadline.stage,
            ArticleDeadline.due_at,
            Article.id.label("article_id"),
            Article.headline,
            Article.slug,
            Article.state,
            Article.language,
        )  # fmt: skip
        .join(Article, Article.id == ArticleDeadline.article_id)
        .where(
            ArticleDeadline.due_at >= start,
            ArticleDeadline.due_at < end,
            Article.state.in_(DEADLINE_STAGES),
            *_article_scope(user, filters, inside=True),
        )
    )
    order = {stage: n for n, stage in enumerate(DEADLINE_STAGES)}
    return [
        Item(
            DEADLINE,
            "deadline",
            r.id,
            r.due_at,
            r.headline or r.slug,
            DEADLINE_LABELS.get(r.stage, r.stage),
            url_for("articles.show", article_id=r.article_id),
            language=r.language,
        )  # fmt: skip
        for r in rows
        if order.get(r.stage, -1) >= order.get(r.state, 99)
    ]


def _publishes(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    rows = db.session.execute(
        select(
            Article.id, Article.headline, Article.slug, Article.published_at, Article.language
        ).where(
            Article.state == workflow.SCHEDULED,
            Article.published_at >= start,
            Article.published_at < end,
            *_article_scope(user, filters),
        )
    )
    return [
        Item(
            PUBLISH,
            "publish",
            r.id,
            r.published_at,
            r.headline or r.slug,
            "Publishes",
            url_for("articles.show", article_id=r.id),
            language=r.language,
        )  # fmt: skip
        for r in rows
    ]


def _embargoes(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    """Lifts still to come, of stories not yet out (a published story has nothing held)."""
    rows = db.session.execute(
        select(
            Article.id, Article.headline, Article.slug, Article.embargo_until, Article.language
        ).where(  # fmt: skip
            Article.embargo_until > clock.now(),
            Article.embargo_until >= start,
            Article.embargo_until < end,
            Article.state.not_in((workflow.PUBLISHED, workflow.SPIKED)),
            *_article_scope(user, filters),
        )
    )
    return [
        Item(
            EMBARGO,
            "embargo",
            r.id,
            r.embargo_until,
            r.headline or r.slug,
            "Embargo lifts",
            url_for("articles.show", article_id=r.id),
            language=r.language,
        )  # fmt: skip
        for r in rows
    ]


def _headlines(start: datetime, end: datetime, filters: Filters) -> list[Item]:
    conditions: list[ColumnElement[bool]] = [BreakingHeadline.withdrawn_at.is_(None)]
    if filters.language:
        conditions.append(BreakingHeadline.language == filters.language)
    if filters.person_id:
        conditions.append(BreakingHeadline.created_by_id == filters.person_id)
    if filters.section_id:
        conditions.append(
            BreakingHeadline.article_id.in_(
                select(Article.id).where(Article.section_id == filters.section_id)
            )
        )
    found = []
    href = url_for("breaking.index")
    for column, source, label in (
        (BreakingHeadline.starts_at, "headline-start", "Headline starts"),
        (BreakingHeadline.ends_at, "headline-end", "Headline ends"),
    ):
        rows = db.session.execute(
            select(
                BreakingHeadline.id,
                BreakingHeadline.text,
                BreakingHeadline.language,
                column.label("at"),
            ).where(column >= start, column < end, *conditions)  # fmt: skip
        )
        found += [Item(HEADLINE, source, r.id, r.at, r.text, label, href, language=r.language)
                  for r in rows]  # fmt: skip
    return found


def one(user: User, source: str, ident: int, which: str = "") -> Item | None:
    """The movable item `source`/`ident` as `user` sees it now, or None (gone, or not theirs to
    see: the view answers 404 either way)."""
    none = Filters()
    if source == "slot":
        plan = db.session.scalar(
            select(Plan).where(Plan.id == ident, Plan.status.in_(SLOTTED), *_plan_scope(user, none))
        )
        if plan is None:
            return None
        return Item(SLOT, source, plan.id, plan.slot_start, plan.working_title,
                    "Slot" if plan.slot_start else "Unscheduled",
                    plan_href(plan.id, plan.article_id), end=plan.slot_end)  # fmt: skip
    if source == "plan-deadline":
        plan = db.session.scalar(
            select(Plan).where(
                Plan.id == ident,
                Plan.status.in_((PROPOSED, PLANNED)),
                Plan.article_id.is_(None),
                *_plan_scope(user, none),
            )  # fmt: skip
        )
        if plan is None or which not in PLAN_DEADLINES:
            return None
        return Item(DEADLINE, source, plan.id, getattr(plan, which), plan.working_title,
                    PLAN_DEADLINES[which], plan_href(plan.id, None), which=which)  # fmt: skip
    if source == "deadline":
        row = db.session.execute(
            select(ArticleDeadline, Article)
            .join(Article, Article.id == ArticleDeadline.article_id)
            .where(ArticleDeadline.id == ident, *_article_scope(user, none, inside=True))
        ).first()
        if row is None:
            return None
        deadline, article = row
        return Item(DEADLINE, source, deadline.id, deadline.due_at, article.headline or article.slug,
                    DEADLINE_LABELS.get(deadline.stage, deadline.stage),
                    url_for("articles.show", article_id=article.id))  # fmt: skip
    if source in ("publish", "embargo"):
        article = db.session.scalar(
            select(Article).where(Article.id == ident, *_article_scope(user, none))
        )
        if article is None:
            return None
        href = url_for("articles.show", article_id=article.id)
        title = article.headline or article.slug
        if source == "publish" and article.state == workflow.SCHEDULED:
            return Item(PUBLISH, source, article.id, article.published_at, title, "Publishes", href)
        if source == "embargo" and article.embargo_holds:
            return Item(EMBARGO, source, article.id, article.embargo_until, title, "Embargo lifts",
                        href)  # fmt: skip
    return None
