"""The calendar's reads: the items of a span of days, each kind read by its own indexed query.

Every kind keeps its own time: a plan's slot (`plans.slot_start`), a deadline
(`article_deadlines.due_at`, or an unstarted plan's `filed_by`/`edited_by`/`checked_by`), a
scheduled publish (`articles.published_at` in the scheduled state), an embargo's lift
(`articles.embargo_until`, while it holds) and a headline's start and end. An item is one of those
times, never a story's "date": a story with a slot, a deadline and an embargo is three items.

Who sees what is the desk's rule: editors and admins everything; others the plans the planning
desk shows them (`planning.queries.visible_plans`: the ones they are on, and those of stories they
see inside) and the articles they may see (deadlines: the ones they may see inside); headlines
only those who run the breaking desk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import g, url_for
from sqlalchemy import ColumnElement, and_, literal, or_, select

from editorial import clock, newsroom, workflow
from editorial.calendar.items import (
    DEADLINE,
    EMBARGO,
    HEADLINE,
    PLAN_DEADLINES,
    PUBLISH,
    SLOT,
    SLOTTED,
    Filters,
    Item,
)
from editorial.desk.queries import involves
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, User
from editorial.models.planning import (
    DEADLINE_LABELS,
    DEADLINE_STAGES,
    PLANNED,
    PROPOSED,
    ArticleDeadline,
    Plan,
)
from editorial.permissions import can, inside_articles, visible_articles
from editorial.planning.queries import visible_plans


def items_between(
    user: User, start: datetime, end: datetime, filters: Filters, kept: Iterable[Item] | None = None
) -> list[Item]:
    """Every item of the kinds `filters` shows, from `start` to `end` (UTC), that `user` may
    see, in time order. `kept`: `timeless_items` of the same arguments, if the caller keeps them
    (the calendar page keeps them per desk version: `calendar.views.index`)."""
    found = list(timeless_items(user, start, end, filters) if kept is None else kept)
    if filters.shows(EMBARGO):
        found += _embargoes(user, start, end, filters)
    return sorted(found, key=lambda item: (_utc(item.at), item.kind, item.ident))


def timeless_items(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    """The items of `items_between` that the clock alone never changes: all but the embargoes
    (only lifts still to come are shown). What they show moves the desk's version."""
    found: list[Item] = []
    if filters.shows(SLOT):
        found += _slots(user, start, end, filters)
    if filters.shows(DEADLINE):
        found += _deadlines(user, start, end, filters)
        found += _plan_deadlines(user, start, end, filters)
    if filters.shows(PUBLISH):
        found += _publishes(user, start, end, filters)
    if filters.shows(HEADLINE) and can(user, "breaking.manage"):
        found += _headlines(start, end, filters)
    return found


def _utc(value: datetime | None) -> datetime:
    return clock.as_utc(value) if value is not None else datetime.max.replace(tzinfo=UTC)


def by_day(items: Iterable[Item]) -> dict[date, list[Item]]:
    """Items grouped on their local date."""
    grouped: dict[date, list[Item]] = defaultdict(list)
    zone = ZoneInfo(newsroom.zone())
    for item in items:
        if item.at is not None:
            grouped[clock.as_utc(item.at).astimezone(zone).date()].append(item)
    return grouped


def tray(user: User, filters: Filters) -> list[Item]:
    """The "Unscheduled" tray: planned stories (not proposed, killed or started) with no slot."""
    if not filters.shows(SLOT):
        return []
    rows = db.session.execute(
        select(Plan.id, Plan.working_title, Plan.languages, Plan.article_id)
        .where(Plan.status == PLANNED, Plan.slot_start.is_(None), *plan_scope(user, filters))
        .order_by(Plan.created_at, Plan.id)
    )
    hrefs = _hrefs()
    return [
        Item(
            SLOT,
            "slot",
            r.id,
            None,
            r.working_title,
            "Unscheduled",
            _plan_href(hrefs, r.id, r.article_id),
            language=_first(r.languages),
        )
        for r in rows
    ]


def _first(languages: str) -> str:
    return languages.split(",", 1)[0] if languages else ""


_ANY = 999_999_999  # an id no row has, replaced in an address pattern


def _hrefs() -> tuple[str, str]:
    """The desk page's and a plan's page's addresses with their one id as `{}`, built once a
    request: a month of items is thousands of links, and building each with `url_for` was a
    third of the page's time (and looking the patterns up per link, a tenth)."""
    kept: tuple[str, str] | None = g.get("calendar_hrefs")
    if kept is None:
        kept = (
            url_for("articles.show", article_id=_ANY).replace(str(_ANY), "{}"),
            url_for("planning.show", plan_id=_ANY).replace(str(_ANY), "{}"),
        )
        g.calendar_hrefs = kept
    return kept


def article_href(article_id: int) -> str:
    """An article's desk page."""
    return _hrefs()[0].format(article_id)


def plan_href(plan_id: int, article_id: int | None) -> str:
    """Where a plan's item leads: its story once started, else the plan's page."""
    return _plan_href(_hrefs(), plan_id, article_id)


def _plan_href(hrefs: tuple[str, str], plan_id: int, article_id: int | None) -> str:
    return hrefs[1].format(plan_id) if article_id is None else hrefs[0].format(article_id)


def plan_scope(user: User, filters: Filters) -> list[ColumnElement[bool]]:
    """SQL: the plans `user` may see, narrowed by `filters`."""
    # The planning desk's own rule: the plans one is on, and those of stories one sees inside.
    conditions: list[ColumnElement[bool]] = [visible_plans(user)]
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


def article_scope(
    user: User, filters: Filters, *, inside: bool = False
) -> list[ColumnElement[bool]]:
    """SQL: the articles `user` may see (inside: see into), narrowed by `filters`."""
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
        ).where(
            Plan.status.in_(SLOTTED),
            Plan.slot_start >= start,
            Plan.slot_start < end,
            *plan_scope(user, filters),
        )
    )
    hrefs = _hrefs()
    return [
        Item(
            SLOT,
            "slot",
            r.id,
            r.slot_start,
            r.working_title,
            "Slot",
            _plan_href(hrefs, r.id, r.article_id),
            end=r.slot_end,
            language=_first(r.languages),
        )
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
            *plan_scope(user, filters),
        )
    )
    hrefs = _hrefs()
    found = []
    for r in rows:
        for name, label in PLAN_DEADLINES.items():
            due = getattr(r, name)
            if due is not None and start <= clock.as_utc(due) < end:
                found.append(
                    Item(
                        DEADLINE,
                        "plan-deadline",
                        r.id,
                        due,
                        r.working_title,
                        label,
                        hrefs[1].format(r.id),
                        which=name,
                        language=_first(r.languages),
                    )
                )
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
        )
        .join(Article, Article.id == ArticleDeadline.article_id)
        .where(
            ArticleDeadline.due_at >= start,
            ArticleDeadline.due_at < end,
            Article.state.in_(DEADLINE_STAGES),
            *article_scope(user, filters, inside=True),
        )
    )
    order = {stage: n for n, stage in enumerate(DEADLINE_STAGES)}
    hrefs = _hrefs()
    return [
        Item(
            DEADLINE,
            "deadline",
            r.id,
            r.due_at,
            r.headline or r.slug,
            DEADLINE_LABELS.get(r.stage, r.stage),
            hrefs[0].format(r.article_id),
            language=r.language,
        )
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
            *article_scope(user, filters),
        )
    )
    hrefs = _hrefs()
    return [
        Item(
            PUBLISH,
            "publish",
            r.id,
            r.published_at,
            r.headline or r.slug,
            "Publishes",
            hrefs[0].format(r.id),
            language=r.language,
        )
        for r in rows
    ]


def _embargoes(user: User, start: datetime, end: datetime, filters: Filters) -> list[Item]:
    """Lifts still to come, of stories not yet out (a published story has nothing held)."""
    rows = db.session.execute(
        select(
            Article.id, Article.headline, Article.slug, Article.embargo_until, Article.language
        ).where(
            Article.embargo_until > clock.now(),
            Article.embargo_until >= start,
            Article.embargo_until < end,
            Article.state.not_in((workflow.PUBLISHED, workflow.SPIKED)),
            *article_scope(user, filters),
        )
    )
    hrefs = _hrefs()
    return [
        Item(
            EMBARGO,
            "embargo",
            r.id,
            r.embargo_until,
            r.headline or r.slug,
            "Embargo lifts",
            hrefs[0].format(r.id),
            language=r.language,
        )
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
            ).where(column >= start, column < end, *conditions)
        )
        found += [
            Item(HEADLINE, source, r.id, r.at, r.text, label, href, language=r.language)
            for r in rows
        ]
    return found
