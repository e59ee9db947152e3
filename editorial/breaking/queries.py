"""Breaking headlines: what the desk and the public ticker read (this feature's SQL).

Reads only: the desk's four lists (as rows with the buttons each status allows), the article
suggestions for the link field, and the live rows behind the ticker, the API and the feed. The
rules they follow (status, running order) are in `editorial.breaking.rules`; the changes
are in `editorial.breaking.service`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask import Flask, current_app
from sqlalchemy import ColumnElement, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.expression import Executable

from editorial import editions, kept_polls
from editorial.breaking import service
from editorial.breaking.rows import RowAction
from editorial.breaking.rules import (
    RUNNING_ORDER,
    STATUSES,
    live_condition,
    movable,
    running_order_key,
    status_at,
)
from editorial.clock import now
from editorial.extensions import db
from editorial.fast_polls import Ask
from editorial.models import Article, BreakingHeadline, publicly_visible
from editorial.raw_reads import Reads

EXPIRED_WINDOW = timedelta(hours=24)  # how long the desk keeps showing what ran
DESK_LIMIT = 500
DEFAULT_POLL_SECONDS = 15


# -- The live ticker --------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveItem:
    """One headline as the ticker, the API and the feed show it: no ORM object needed."""

    id: int
    version: int
    text: str
    starts_at: datetime
    ends_at: datetime
    pinned: bool
    article_slug: str | None  # only while the linked article is public
    anchor: str = ""  # where on that page (a live post promoted: `post-<id>`)


@cache
def _held() -> Any:
    """The linked story's alias, made once: aliasing a wide table builds a proxy per column,
    which cost the ticker's 304 more than its query did."""
    return aliased(Article, name="held")


def embargoed_link(at: datetime | BindParameter[Any]) -> ColumnElement[bool]:
    """SQL condition: the headline links a story whose embargo holds at `at` (its words are the
    story's, so it stays off the ticker, and the missed-publish alarm says why)."""
    held = _held()
    return exists(
        select(held.id)
        .where(held.id == BreakingHeadline.article_id, held.embargo_until > at)
        .correlate(BreakingHeadline)
    )


def live_items(
    at: datetime, language: str | None = None, connection: Reads | None = None
) -> list[LiveItem]:
    """The live headlines at `at` of the edition `language` (default: this request's), in running
    order, with the slug of a story public now (on the session's connection, or the one given:
    the poll gate's). One statement, built once (`_live_statement`)."""
    connection = connection or db.session.connection()
    values = {"at": at, "now": now(), "language": language or editions.code()}
    return [LiveItem(*row) for row in connection.execute(_live_statement(), values)]


@cache
def _live_statement() -> Executable:
    """`live_items`' statement with the times and the language bound at run time: building it
    (the visibility rule, the embargo's EXISTS) cost the ticker's 304 more than running it."""
    at: BindParameter[Any] = bindparam("at")
    visible = and_(Article.id == BreakingHeadline.article_id, publicly_visible(bindparam("now")))
    return (
        select(
            BreakingHeadline.id,
            BreakingHeadline.version,
            BreakingHeadline.text,
            BreakingHeadline.starts_at,
            BreakingHeadline.ends_at,
            BreakingHeadline.pinned,
            Article.slug,
            BreakingHeadline.anchor,
        )
        .outerjoin(Article, visible)
        .where(
            live_condition(at),
            ~embargoed_link(at),
            BreakingHeadline.language == bindparam("language"),
        )
        .order_by(*RUNNING_ORDER)
    )


def signature(items: list[LiveItem], salt: str = "") -> str:
    """A short hash of what the ticker shows: it changes whenever the live set or a row changes.

    Computed at request time from the live rows, so it also changes when the clock alone starts or
    ends a headline. `salt` covers anything else the rendering depends on (the poll interval).
    """
    payload = ";".join(f"{i.id}:{i.version}:{i.article_slug or ''}" for i in items)
    return hashlib.sha256(f"{salt}|{payload}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Ticker:
    """What the ticker partial needs: the live headlines, their hash and the poll interval."""

    items: list[LiveItem]
    etag: str
    poll_seconds: int


def poll_seconds(app: Flask) -> int:
    """How often every public page polls the ticker (part of its ETag)."""
    return int(app.config.get("BREAKING_POLL_SECONDS", DEFAULT_POLL_SECONDS))


def ticker_state(at: datetime, language: str | None = None) -> Ticker:
    """The live ticker at `at`: what every public page and the desk's preview show.

    A plain query, cached nowhere: `editorial.public.chrome.breaking_ticker()` keeps it per request.
    """
    poll = poll_seconds(current_app)
    items = live_items(at, language)
    return Ticker(items=items, etag=signature(items, f"ticker:{poll}"), poll_seconds=poll)


@dataclass(frozen=True)
class KeptTicker:
    """The ticker as its poll keeps it (`kept_polls`): its state, and the fragment drawn from it
    once per script root (the links' prefix), filled by the first poll that needs it."""

    state: Ticker
    drawn: dict[str, str] = field(default_factory=dict, compare=False)


def kept_ticker(
    app: Flask, connection: Reads, stamp: kept_polls.Stamp, at: datetime, language: str
) -> KeptTicker:
    """The ticker of edition `language` at `at`, kept under `stamp` until the clock alone would
    change it (`kept_polls`): while it holds, a poll reads nothing but the versions."""
    poll = poll_seconds(app)

    def read() -> tuple[KeptTicker, datetime | None]:
        items = live_items(at, language, connection)
        state = Ticker(items=items, etag=signature(items, f"ticker:{poll}"), poll_seconds=poll)
        return KeptTicker(state), next_change(connection, at, language)

    found = kept_polls.answer(app, ("ticker", language, poll), stamp, at, read)
    assert found is not None  # noqa: S101 - `read` always answers
    return found


def next_change(connection: Reads, at: datetime, language: str) -> datetime | None:
    """The next moment after `at` the clock alone could change edition `language`'s ticker: a
    headline still to end starting or ending, or a story one links lifting its embargo or
    reaching its publish time (its link, or the headline itself, appears then)."""
    row = connection.execute(_next_change_statement(), {"at": at, "language": language}).one()
    moments = [moment for moment in row if moment is not None]
    return min(moments) if moments else None


@cache
def _next_change_statement() -> Executable:
    """`next_change`'s statement, the time and the language bound at run time: built once."""
    at: BindParameter[Any] = bindparam("at")
    running = and_(
        BreakingHeadline.withdrawn_at.is_(None),
        BreakingHeadline.ends_at > at,
        BreakingHeadline.language == bindparam("language"),
    )
    starts = select(func.min(BreakingHeadline.starts_at)).where(
        running, BreakingHeadline.starts_at > at
    )
    ends = select(func.min(BreakingHeadline.ends_at)).where(running)
    linked = aliased(Article, name="linked")
    linking = BreakingHeadline.article_id == linked.id
    lifts = select(func.min(linked.embargo_until)).join(BreakingHeadline, linking)
    publishes = select(func.min(linked.published_at)).join(BreakingHeadline, linking)
    lifts = lifts.where(running, linked.embargo_until > at)
    publishes = publishes.where(running, linked.published_at > at)
    return select(
        starts.scalar_subquery(),
        ends.scalar_subquery(),
        lifts.scalar_subquery(),
        publishes.scalar_subquery(),
    )


def ticker_version(ask: Ask) -> str | None:
    """The ticker poll's ETag for the poll gate (`fast_polls`): `ticker_state`'s, kept
    (`kept_ticker`), in the address's edition (None where the view decides the edition)."""
    stamp = ask.stamp()
    language = ask.edition()
    if language is None:
        return None
    return kept_ticker(ask.app, ask.connection, stamp, ask.now, language).state.etag


# -- The desk ---------------------------------------------------------------------------------


def desk_lists(at: datetime, language: str | None = None) -> dict[str, list[BreakingHeadline]]:
    """The desk's four lists at `at`: live (running order), upcoming, expired in the last 24 h and
    withdrawn (recently, or that would still run), each in the order the desk shows it; only
    the headlines of edition `language` when one is given (the desk's language filter)."""
    since = at - EXPIRED_WINDOW
    query = select(BreakingHeadline)
    if language:
        query = query.where(BreakingHeadline.language == language)
    rows = db.session.scalars(
        query.options(
            selectinload(BreakingHeadline.article),
            selectinload(BreakingHeadline.created_by),
            selectinload(BreakingHeadline.updated_by),
        )
        .where(or_(BreakingHeadline.ends_at > since, BreakingHeadline.withdrawn_at > since))
        .order_by(BreakingHeadline.id.desc())
        .limit(DESK_LIMIT)
    ).all()
    lists: dict[str, list[BreakingHeadline]] = {status: [] for status in STATUSES}
    for headline in rows:
        lists[status_at(headline, at)].append(headline)
    lists["live"].sort(key=running_order_key)
    lists["scheduled"].sort(key=lambda h: (h.starts_at, h.id))
    lists["expired"].sort(key=lambda h: (h.ends_at, h.id), reverse=True)
    lists["withdrawn"].sort(key=lambda h: (h.withdrawn_at or at, h.id), reverse=True)
    return lists


@dataclass(frozen=True)
class Row:
    """One headline as the desk lists it: its status, the buttons it gets, where it can move."""

    headline: BreakingHeadline
    status: str
    actions: tuple[RowAction, ...]
    up: bool = False
    down: bool = False


def desk_rows(at: datetime, language: str | None = None) -> dict[str, list[Row]]:
    """The desk's four lists as rows (of edition `language`, if given), with the buttons each
    status allows."""
    lists = desk_lists(at, language)
    moves = movable(lists["live"])
    return {
        status: [
            Row(h, status, service.allowed(status), *moves.get(h.id, (False, False)))
            for h in headlines
        ]
        for status, headlines in lists.items()
    }


def row_of(headline: BreakingHeadline, rows: dict[str, list[Row]], at: datetime) -> Row:
    """`headline`'s row in `rows`, or a row of its own if no list shows it any more."""
    for listed in rows.values():
        for item in listed:
            if item.headline.id == headline.id:
                return item
    status = status_at(headline, at)
    return Row(headline, status, service.allowed(status))


def placement(rows: dict[str, list[Row]]) -> dict[str, list[int]]:
    """Which headline ids each list shows, in order: compared before and after a change."""
    return {status: [row.headline.id for row in listed] for status, listed in rows.items()}


def suggest_articles(query: str, limit: int = 8) -> list[Article]:
    """Public articles whose headline contains `query` (the latest when empty), newest first."""
    stmt = select(Article).where(publicly_visible())
    if query.strip():
        stmt = stmt.where(Article.headline.icontains(query.strip(), autoescape=True))
    stmt = stmt.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))
