"""Breaking headlines: what the desk and the public ticker read (this feature's SQL).

Reads only: the desk's four lists (as rows with the buttons each status allows), the article
suggestions for the link field, and the live rows behind the ticker, the API and the feed. The
rules they follow (status, running order) are in `editorial.breaking.rules`; the changes
are in `editorial.breaking.service`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, bindparam, exists, or_, select
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.expression import Executable

from editorial import editions
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


def ticker_state(at: datetime, language: str | None = None) -> Ticker:
    """The live ticker at `at`: what every public page and the desk's preview show.

    A plain query, cached nowhere: `editorial.public.chrome.breaking_ticker()` keeps it per request.
    """
    poll = int(current_app.config.get("BREAKING_POLL_SECONDS", DEFAULT_POLL_SECONDS))
    items = live_items(at, language)
    return Ticker(items=items, etag=signature(items, f"ticker:{poll}"), poll_seconds=poll)


def ticker_version(ask: Ask) -> str | None:
    """The ticker poll's ETag for the poll gate (`fast_polls`): `ticker_state`'s, from the same
    read, in the address's edition (None where the view decides the edition)."""
    language = ask.edition()
    if language is None:
        return None
    poll = int(ask.app.config.get("BREAKING_POLL_SECONDS", DEFAULT_POLL_SECONDS))
    return signature(live_items(ask.now, language, ask.connection), f"ticker:{poll}")


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
