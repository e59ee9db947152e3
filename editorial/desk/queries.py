"""What the board shows, from the database: whose articles, which column, in what order.

A board costs the same number of queries however many articles there are: one query counting
every column (a UNION ALL of each column's count on its index), one for the first page of every
column (a UNION ALL of each column's first page, found through the (state, publish time) index),
and eager loading for what the cards show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from flask import current_app
from sqlalchemy import Select, and_, func, or_, select, union, union_all
from sqlalchemy.orm import defer, joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from editorial import clock, workflow
from editorial.articles.assignment.service import Duty, takeable
from editorial.board_version import board_version
from editorial.deadlines.queries import attach as attach_deadlines
from editorial.desk.staleness import PATIENCE, spoken
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, Role, User, article_authors, on_byline
from editorial.models.checklists import attach as attach_checklists
from editorial.models.claims import attach_tallies
from editorial.permissions import visible_articles
from editorial.planning.queries import attach as attach_plans

# Every state but spiked gets a column, in the machine's order.
COLUMNS: tuple[str, ...] = workflow.BOARD_STATES
# The published column shows only what went out this recently.
PUBLISHED_WINDOW = timedelta(hours=24)
# A card waiting longer than this in its state is marked stale (DESK_STALE_AFTER overrides; why
# each stage has its own limit: `desk.staleness`).
STALE_AFTER: dict[str, timedelta] = {state: p.after for state, p in PATIENCE.items()}
# How each column is sorted: work waits longest-first; scheduled goes soonest-first; the rest
# newest-first. (column, descending) pairs; the id breaks ties in the same direction.
ORDERING: dict[str, tuple[str, bool]] = {
    workflow.SCHEDULED: ("published_at", False),
    workflow.PUBLISHED: ("published_at", True),
    workflow.SPIKED: ("state_changed_at", True),
}
DEFAULT_ORDERING = ("state_changed_at", False)


@dataclass(frozen=True)
class Filters:
    """What the board is narrowed to; empty means everything the person may see."""

    section_id: int | None = None
    region_id: int | None = None
    person_id: int | None = None
    mine: bool = False
    text: str = ""
    language: str = ""  # a catalogue code; empty: every language

    @property
    def active(self) -> bool:
        """Whether anything is filtered."""
        return self != Filters()

    def args(self) -> dict[str, Any]:
        """The query-string arguments that reproduce these filters (only the ones set)."""
        values = {
            "q": self.text,
            "section": str(self.section_id or ""),
            "region": str(self.region_id or ""),
            "person": str(self.person_id or ""),
            "mine": "y" if self.mine else "",
            "lang": self.language,
        }
        return {name: value for name, value in values.items() if value}

    def conditions(self, user: User) -> list[ColumnElement[bool]]:
        """SQL conditions for these filters, with bound parameters only."""
        conditions: list[ColumnElement[bool]] = []
        # The section and region are compared as expressions (`+ 0`), so the database finds
        # the board's stories by state and filters them, rather than reading every story of the
        # section in the archive through its index (SQLite's statistics prefer that index).
        if self.section_id:
            conditions.append(Article.section_id + 0 == self.section_id)
        if self.region_id:
            conditions.append(Article.region_id + 0 == self.region_id)
        if self.language:
            conditions.append(Article.language == self.language)
        if self.person_id:
            conditions.append(involves(self.person_id))
        if self.mine:
            conditions.append(involves(user.id))
        if self.text:
            pattern = "%" + _escape_like(self.text) + "%"
            conditions.append(Article.headline.ilike(pattern, escape="\\"))
        return conditions


@dataclass
class Card:
    """One article on the board, with what this person can do to it."""

    article: Article
    # Whether this person may attempt any transition on it (the card's menu of actions); which
    # ones, and their guards, are worked out when the menu is opened (`desk.views.card_menu`).
    has_actions: bool
    stale: bool = False
    stale_after: timedelta | None = None
    stale_why: str = ""  # why this stage has that limit (`desk.staleness.PATIENCE`)
    # What the card's clock shows: "publishes" (at), "published" (ago) or "waiting" (for).
    timing: str = "waiting"
    when: datetime | None = None
    take: Duty | None = None  # the unassigned work this person could take ("Take it")

    @property
    def stale_limit(self) -> str:
        """The stage's limit as the board says it ("6 h", "3 days"), or "" without one."""
        return spoken(self.stale_after) if self.stale_after else ""


@dataclass
class Column:
    """A state's column: its count, the cards of one page and where the next page is."""

    state: str
    label: str
    count: int
    cards: list[Card] = field(default_factory=list)
    page: int = 1
    more_url: str | None = None

    @property
    def remaining(self) -> int:
        """How many cards the pages after this one hold."""
        return max(0, self.count - self.page * page_size())


def page_size() -> int:
    """Cards per column page (DESK_PAGE_SIZE)."""
    return max(1, int(current_app.config["DESK_PAGE_SIZE"]))


def involves(user_id: int) -> ColumnElement[bool]:
    """SQL: the person is on the byline, or is the assigned editor or fact-checker."""
    return or_(on_byline(user_id), Article.editor_id == user_id, Article.fact_checker_id == user_id)


def board_scope(user: User) -> ColumnElement[bool]:
    """SQL: the articles `user` has on the board: reporters their own, others what they can see."""
    if user.has_role(Role.REPORTER):
        return on_byline(user.id)
    return visible_articles(user)


def people_on_board(user: User) -> list[tuple[int, str, bool]]:
    """(id, name, active) of everyone on a byline or assigned on `user`'s board, in one query.

    The person filter offers only them: choosing anyone else could only show an empty board.
    Only the articles on the board count (not the published archive): that is what it filters.
    """
    scope = board_scope(user)
    involved = union(
        *(
            branch
            for part in on_board_parts(clock.now())
            for branch in (
                select(article_authors.c.user_id).where(
                    article_authors.c.article_id.in_(select(Article.id).where(scope, part))
                ),
                select(Article.editor_id).where(scope, part),
                select(Article.fact_checker_id).where(scope, part),
            )
        )
    )
    rows = db.session.execute(
        select(User.id, User.display_name, User.active)
        .where(User.id.in_(involved))
        .order_by(User.display_name)
    )
    return [(id_, name, active) for id_, name, active in rows]


def people_on_board_kept(
    user: User, version: int | None = None
) -> tuple[tuple[int, str, bool], ...]:
    """`people_on_board`, kept in the fragment cache while the desk's version (`version` if the
    caller has read it), the person and the minute (the published column's 24 hours) are the
    same: the board refresh's own key. It was the board's heaviest query (its UNION of every
    column's bylines and assignees)."""
    minute = int(clock.now().timestamp() // 60)
    key = ("desk.people_on_board", board_version() if version is None else version, user.id, minute)
    return fragment_cache().get_or_render(key, lambda: tuple(people_on_board(user)))


def in_column(state: str, now: datetime) -> ColumnElement[bool]:
    """SQL: the article belongs in `state`'s column (published: only the last 24 hours)."""
    if state == workflow.PUBLISHED:
        return and_(Article.state == state, Article.published_at >= now - PUBLISHED_WINDOW)
    return Article.state == state


def on_board(now: datetime) -> ColumnElement[bool]:
    """SQL: the article is in some column (or spiked): older published work has left the board.

    Spelled as two ranges of the (state, publish time) index, the states named rather than "not
    published", so the database reads the board's stories and not the archive."""
    return or_(
        Article.state.in_([state for state in workflow.STATES if state != workflow.PUBLISHED]),
        and_(
            Article.state == workflow.PUBLISHED,
            Article.published_at >= now - PUBLISHED_WINDOW,
        ),
    )


def on_board_parts(now: datetime) -> list[ColumnElement[bool]]:
    """`on_board` as one condition per column (and spiked), each one range of the (state,
    publish time) index: a UNION of them reads the board's stories however large the archive,
    where one OR of them looks to SQLite's statistics like most of the table."""
    return [in_column(state, now) for state in workflow.STATES]


def ordering(state: str) -> list[Any]:
    """ORDER BY clauses for one column."""
    name, descending = ORDERING.get(state, DEFAULT_ORDERING)
    columns = (getattr(Article, name), Article.id)
    return [c.desc() if descending else c.asc() for c in columns]


def _card_loading() -> list[Any]:
    """Load what a card shows up front, so rendering runs no queries."""
    return [
        selectinload(Article.authors),
        joinedload(Article.section),
        joinedload(Article.region),
        joinedload(Article.editor),
        joinedload(Article.fact_checker),
        defer(Article.body_html),
    ]


def count_by_state(conditions: list[ColumnElement[bool]], now: datetime) -> dict[str, int]:
    """Articles per column (and spiked) matching `conditions`, in one query: each column's count
    on one range of the (state, publish time) index, put together with UNION ALL. (One OR of
    the ranges, `on_board`, made SQLite walk the whole index, the archive included: 91 ms at
    100,000 stories against 0.1 ms this way.)"""
    counts = union_all(
        *(
            select(Article.state, func.count(Article.id))
            .where(*conditions, part)
            .group_by(Article.state)
            for part in on_board_parts(now)
        )
    )
    found: dict[str, int] = {}
    for state, count in db.session.execute(counts):
        found[state] = found.get(state, 0) + count
    return found


def first_pages(
    conditions: list[ColumnElement[bool]], size: int, now: datetime
) -> dict[str, list[Article]]:
    """The first `size` articles of every column, in one query: each column's first page found
    through the (state, publish time) index and put together with UNION ALL, so the published
    column reads its newest `size` and not the archive (a window over every story on the board
    read all of them)."""
    picks = [
        select(Article.id)
        .where(*conditions, in_column(state, now))
        .order_by(*ordering(state))
        .limit(size)
        .subquery()
        for state in COLUMNS
    ]
    chosen = union_all(*(select(pick.c.id) for pick in picks))
    stmt: Select[Article] = select(Article).where(Article.id.in_(chosen)).options(*_card_loading())
    pages: dict[str, list[Article]] = {state: [] for state in COLUMNS}
    for article in db.session.scalars(stmt).unique():
        pages[article.state].append(article)
    for state, cards in pages.items():  # each column in its own order (`ordering`)
        name, descending = ORDERING.get(state, DEFAULT_ORDERING)
        cards.sort(key=partial(_sort_key, name), reverse=descending)
    # The fact-check cards' claim progress and Clear guard: one grouped count for all of them.
    attach_tallies(pages.get(workflow.FACT_CHECK, []), always=True)
    # Every card's deadline mark: one query for the whole board.
    attach_deadlines(article for cards in pages.values() for article in cards)
    attach_plans(article for cards in pages.values() for article in cards)
    # Every card's checklist mark: one query per kind of fact for the whole board.
    attach_checklists([article for cards in pages.values() for article in cards])
    return pages


def _sort_key(name: str, article: Article) -> tuple[bool, Any, int]:
    """A card's place in its column as the SQL ordered it; a story without the time (a
    scheduled one whose time was cleared, an old row without `state_changed_at`) comes first."""
    value = getattr(article, name)
    return value is not None, value, article.id


def column_page(
    state: str, conditions: list[ColumnElement[bool]], page: int, size: int
) -> tuple[list[Article], bool]:
    """Page `page` of one column, and whether there is a page after it."""
    rows = db.session.scalars(
        select(Article)
        .where(*conditions)
        .order_by(*ordering(state))
        .offset((page - 1) * size)
        .limit(size + 1)
        .options(*_card_loading())
    ).unique()
    articles = list(rows)
    attach_tallies(a for a in articles[:size] if a.state == workflow.FACT_CHECK)
    attach_deadlines(articles[:size])
    attach_plans(articles[:size])
    attach_checklists(articles[:size])
    return articles[:size], len(articles) > size


class CardMaker:
    """Builds the cards of one request."""

    def __init__(self, user: User, now: datetime) -> None:
        self.user = user
        self.now = now
        self.stale_after: dict[str, timedelta] = current_app.config.get(
            "DESK_STALE_AFTER", STALE_AFTER
        )
        # Whether the person may attempt any transition depends only on the story's state and
        # whether they are on its byline (`workflow.permitted`): worked out once per pair.
        self._may_act: dict[tuple[str, bool], bool] = {}

    def __call__(self, article: Article) -> Card:
        """The card for `article`: whether it has actions for this person, staleness, what its
        clock shows. The guards are not run here: the menu that lists them is fetched when
        opened, so a board does not check every card's house rules for nothing."""
        pair = (article.state, article.is_author(self.user))
        has_actions = self._may_act.get(pair)
        if has_actions is None:
            has_actions = any(
                workflow.permitted(t, article, self.user) for t in workflow.TRANSITIONS
            )
            self._may_act[pair] = has_actions
        limit = self.stale_after.get(article.state)
        stale = limit is not None and self.now - clock.as_utc(article.state_changed_at) > limit
        timing, when = "waiting", article.state_changed_at
        if article.published_at and article.state == workflow.SCHEDULED:
            timing, when = "publishes", article.published_at
        elif article.published_at and article.state == workflow.PUBLISHED:
            timing, when = "published", article.published_at
        take = takeable(article, self.user)
        patience = PATIENCE.get(article.state)
        why = patience.why if patience else ""
        return Card(article, has_actions, stale, limit, why, timing, when, take)


def _escape_like(text: str) -> str:
    """`text` with LIKE's wildcards taken literally ("50%" finds "50%", not "500")."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
