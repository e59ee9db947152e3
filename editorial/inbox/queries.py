"""The inbox's reads: the unread state (count and newest id, one index range) and a page.

A page is newest first by time (`ix_notifications_recipient_time`), grouped by story, and says
of each story only what the reader may see now: a story they can no longer open is not named.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import Select, bindparam, func, select, tuple_
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from editorial import languages
from editorial.extensions import db
from editorial.fast_polls import Ask
from editorial.identity import current_identity
from editorial.languages import Language
from editorial.models import Article, Kind, Notification, User, WeeklySummary
from editorial.permissions import can, inside_articles, visible_articles
from editorial.raw_reads import Reads
from editorial.request_reads import request_reads

PAGE = 30


@dataclass(frozen=True)
class Unread:
    """How many notifications are unread and the newest one's id: the badge's ETag."""

    count: int
    newest: int

    @property
    def etag(self) -> str:
        return f"n{self.count}-{self.newest}"


# Built once: the badge's poll runs it for every open page, every few seconds.
_UNREAD = select(func.count(Notification.id), func.max(Notification.id)).where(
    Notification.recipient_id == bindparam("person_id"), Notification.read_at.is_(None)
)


# The same two numbers as columns of the poll gate's session check, correlated to the person's
# row (`cheap_poll(with_session=...)`): the badge's 304 sends that one statement.
UNREAD_WITH_SESSION = tuple(
    select(aggregate)
    .where(Notification.recipient_id == User.id, Notification.read_at.is_(None))
    .scalar_subquery()
    for aggregate in (func.count(Notification.id), func.max(Notification.id))
)


def unread(person_id: int, connection: Reads | None = None) -> Unread:
    """One range scan of `ix_notifications_unread`, however many notifications there are
    (Core, on the session's connection or the poll gate's: no ORM step for two numbers)."""
    if connection is None:
        with request_reads() as reads:
            count, newest = reads.execute(_UNREAD, {"person_id": person_id}).one()
    else:
        count, newest = connection.execute(_UNREAD, {"person_id": person_id}).one()
    return Unread(count or 0, newest or 0)


def badge_version(ask: Ask) -> str | None:
    """The badge poll's ETag for the poll gate (`fast_polls`): `unread`'s two numbers, read
    with the session's row (`UNREAD_WITH_SESSION`)."""
    if ask.person is None:
        return None
    count, newest = ask.person.also
    return Unread(count or 0, newest or 0).etag


def unread_for_page(person_id: int) -> Unread:
    """`unread`, read once per request (the navigation and the page may both ask)."""
    cached: Unread | None = g.get("_unread")
    if cached is None:
        cached = g._unread = unread(person_id)
    return cached


def unread_now() -> Unread | None:
    """The signed-in person's unread count for the navigation's badge (template global
    `inbox_unread`); None when nobody is signed in."""
    who = current_identity()  # the id alone: no `User` built for a badge
    return unread_for_page(who.id) if who is not None else None


@dataclass
class Story:
    """A page's notifications about one story, newest first, and what the reader may see of it.

    `headline` is None when they may no longer open the story (the page then says so instead of
    naming it); `inside` is False when they may no longer read its notes and comments, so the
    excerpts (a comment's words, a note) are left out with it.
    """

    article_id: int | None
    headline: str | None
    inside: bool
    items: list[Notification]
    lang: Language  # the story's language: its headline's `lang` and `dir`
    plan_id: int | None = None  # a planned story's notifications (no article): the plan's


@dataclass
class Page:
    """One page of the inbox, newest first, grouped by story (in the order of each story's newest
    notification), and the id to continue from (None: the last page)."""

    stories: list[Story]
    older: int | None


def _newest_first(query: Select[Notification]) -> Select[Notification]:
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def page(person: User, before: int | None = None, *, unread_only: bool = False) -> Page:
    """Up to PAGE notifications older than notification `before` (by time, then id), with
    article and actor loaded (joined); an unknown `before` starts from the newest."""
    query = _newest_first(
        select(Notification)
        .where(Notification.recipient_id == person.id)
        .limit(PAGE + 1)
        .options(
            joinedload(Notification.article),
            joinedload(Notification.actor),
            joinedload(Notification.plan),
        )
    )
    if before is not None:
        anchor = db.session.execute(
            select(Notification.created_at, Notification.id).where(
                Notification.id == before, Notification.recipient_id == person.id
            )
        ).first()
        if anchor is not None:
            query = query.where(tuple_(Notification.created_at, Notification.id) < tuple_(*anchor))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = list(db.session.scalars(query))
    older = rows[PAGE - 1].id if len(rows) > PAGE else None
    return Page(grouped(person, rows[:PAGE]), older)


def grouped(person: User, items: list[Notification]) -> list[Story]:
    """`items` (newest first) by story, with what `person` may still see of each: two queries
    for the whole page (`permissions`' SQL conditions), however many stories it names."""
    ids = {item.article_id for item in items if item.article_id is not None}
    may_open = _matching(ids, visible_articles(person))
    inside = _matching(ids, inside_articles(person))
    stories: dict[tuple[str, int], Story] = {}
    for item in items:
        if item.article is None and item.plan_id is None:
            _notice_item(item, stories)
            continue
        if item.article is None:
            _plan_item(person, item, stories)
            continue
        story = stories.get(("article", item.article.id))
        if story is None:
            opens = item.article.id in may_open
            story = stories[("article", item.article.id)] = Story(
                item.article.id,
                (item.article.headline or "Untitled") if opens else None,
                opens and item.article.id in inside,
                [],
                item.article.lang,
            )
        story.items.append(item)
    return list(stories.values())


def _notice_item(item: Notification, stories: dict[tuple[str, int], Story]) -> None:
    """A notice about no story: a webhook endpoint paused (grouped under "Webhooks"), or a
    section's weekly summary (under "Weekly summaries")."""
    weekly = item.kind == Kind.WEEKLY
    key = ("weekly" if weekly else "notice", 0)
    story = stories.get(key)
    if story is None:
        title = "Weekly summaries" if weekly else "Webhooks"
        story = stories[key] = Story(None, title, True, [], languages.get("en"))
    story.items.append(item)


def weekly_filters(notification_id: int) -> dict[str, str]:
    """The /insights filters of the weekly summary sent as notification `notification_id`
    (its section and its seven days; none if its record is gone)."""
    row = db.session.scalar(
        select(WeeklySummary).where(WeeklySummary.notification_id == notification_id)
    )
    return row.insights_query() if row is not None else {}


def _plan_item(person: User, item: Notification, stories: dict[tuple[str, int], Story]) -> None:
    """A planned story's notification (no article yet): grouped by plan, named by its working
    title only while `person` may still see the plan."""
    plan = item.plan
    if plan is None:
        return
    story = stories.get(("plan", plan.id))
    if story is None:
        sees = can(person, "plan.view", plan)
        story = stories[("plan", plan.id)] = Story(
            None,
            f"Plan: {plan.working_title}" if sees else None,
            sees,
            [],
            languages.get((plan.language_codes or [""])[0]),
            plan.id,
        )
    story.items.append(item)


def _matching(ids: set[int], condition: ColumnElement[bool]) -> set[int]:
    if not ids:
        return set()
    return set(db.session.scalars(select(Article.id).where(Article.id.in_(ids), condition)))


def may_open(person: User, item: Notification) -> tuple[bool, bool]:
    """Whether `person` may open `item`'s story (or plan) now, and see inside it."""
    if item.article_id is None and item.plan_id is None:  # a notice: its page
        sees = can(person, "insights.everyone" if item.kind == Kind.WEEKLY else "webhooks.manage")
        return sees, sees
    if item.article_id is None:
        sees = item.plan is not None and can(person, "plan.view", item.plan)
        return sees, sees
    return (
        can(person, "article.view", item.article),
        can(person, "article.history", item.article),
    )
