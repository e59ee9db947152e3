"""The desk's version: a number that moves on with every committed change a board could show.

The board's refresh poll (every open desk, every minute, all day) keys its ETag on it: while the
number, the viewer, the address and the minute are the same, the board is the same, and the poll
answers 304 after one primary-key read instead of drawing the board again (issue 28).

What moves it: any transaction that writes a row of a table other than those no board shows
(`UNSEEN`: sessions, presence, read counts, the inbox, the audit trail, the site's version...),
through the ORM's unit of work or an ORM-enabled INSERT/UPDATE/DELETE, in a request, a job or a
command alike. The increment rides in the writer's own transaction (as the site's version
does), so a poll that sees the new number sees the change. It is the second row of
`site_version` (`ROW`), so it needs no table of its own.

The board page keeps its rendered board and filter form under the same number
(`desk.views.kept_board`), and the BREAKING desk's lists poll keys its ETag on it
(`breaking.views.lists_etag`): headlines, the stories they link and the people they name are
tables a write to which moves it.

Live coverage's tables move a version of their own instead (`live_version`, the third row):
the live desk keeps its body under both (`live.views.kept_desk`).

The minute in the ETag covers what the clock alone changes on a board (how long a card has
waited, the published column's 24 hours, a scheduled story's time coming).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, has_request_context
from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from editorial.bookkeeping import BOOKKEEPING
from editorial.counters import bump_counters
from editorial.extensions import db
from editorial.models import SiteVersion
from editorial.page_cache import (
    bump_wanted_at_commit,
    bumped_at_commit,
    keep_site_version,
    site_version_read,
)
from editorial.raw_reads import Reads
from editorial.request_reads import request_reads

SITE_ROW = 1  # site_version's row 1 is the public site's version (editorial.page_cache)
ROW = 2
LIVE_ROW = 3  # the live desks' version (`live_version`)
INSIGHTS_ROW = 4  # insights' version (`editorial.insights.version`), read with these
CLOSED_ROW = 5  # insights' closed days' version (`editorial.insights.version`), read on a build
_CHANGED = "editorial.board_changed"  # Session.info: this transaction wrote something a board shows
_BUMPED = "editorial.board_bumped"
_THIS_REQUEST = "_editorial_board_version"  # flask.g: read once by a read-only page
_LIVE_THIS_REQUEST = "_editorial_live_version"  # flask.g: read with it
_INSIGHTS_THIS_REQUEST = "_editorial_insights_version"  # flask.g: read with it
_MOVING = "editorial.board_moving_to"  # Session.info: the number this transaction moved it to
_MOVED = "_editorial_board_moved_to"  # flask.g: the number this request's last commit moved it to
_KNOWN = "_editorial_board_version_known"  # flask.g: read in this request since its last commit
# Tables written often that no board shows: writing only these leaves the version alone. Live
# coverage and the fronts are shown on their own desks, never on a card.
UNSEEN = BOOKKEEPING | {
    "live_stories",
    "live_posts",
    "live_post_revisions",
    "live_post_claims",
    "live_post_coauthors",
    "fronts",
    "front_slots",
    "front_versions",
}


# Live coverage's tables: writing any of them moves the live desks' version (`LIVE_ROW`).
LIVE_TABLES = frozenset(
    {"live_stories", "live_posts", "live_post_revisions", "live_post_claims", "live_post_coauthors"}
)


_VERSION = select(SiteVersion.number).where(SiteVersion.id == ROW)
_LIVE_VERSION = select(SiteVersion.number).where(SiteVersion.id == LIVE_ROW)
# The site's, the desk's, the live desks' and insights' versions in one statement (a kept staff
# page's first read: `board_version_this_request`); without the site's when it was read first.
_VERSIONS = select(SiteVersion.id, SiteVersion.number).where(
    SiteVersion.id.in_((SITE_ROW, ROW, LIVE_ROW, INSIGHTS_ROW))
)
_SITE_AND_DESK = select(SiteVersion.id, SiteVersion.number).where(
    SiteVersion.id.in_((SITE_ROW, ROW))
)
_DESK_VERSIONS = select(SiteVersion.id, SiteVersion.number).where(
    SiteVersion.id.in_((ROW, LIVE_ROW, INSIGHTS_ROW))
)


def board_version(connection: Reads | None = None) -> int:
    """The desk's version now (0 before anything has changed): one primary-key read (on the
    session's connection, or the one given: the poll gate's)."""
    number = int((connection or db.session.connection()).execute(_VERSION).scalar() or 0)
    if connection is None and has_request_context():
        setattr(g, _KNOWN, number)
    return number


def board_version_known() -> int:
    """The desk's version as this request last read it since its last commit, else read now:
    a number every committed change of what a board shows moves on (the house rules' too).

    Read now in a request that has not read the site's version yet (a transition's guard, before
    its settings), both are read in one statement on the session's connection, what is pending
    flushed first as `page_cache.site_version` does: one read where there were two."""
    if not has_request_context():
        return board_version()
    known: int | None = g.get(_KNOWN)
    if known is not None:
        return known
    if site_version_read():
        return board_version()
    session = db.session()
    session._autoflush()
    numbers = {id_: number for id_, number in session.connection().execute(_SITE_AND_DESK)}
    keep_site_version(int(numbers.get(SITE_ROW) or 0))
    number = int(numbers.get(ROW) or 0)
    setattr(g, _KNOWN, number)
    return number


def live_version() -> int:
    """The live desks' version now: moved on by every committed write to a live story, its
    posts, their claims, co-authors and revisions (`LIVE_TABLES`, which the desk's version
    leaves alone), whoever writes them; one primary-key read."""
    number = db.session.connection().execute(_LIVE_VERSION).scalar()
    return int(number or 0)


def live_version_this_request() -> int:
    """`live_version()` as this request read it with the desk's (`board_version_this_request`,
    which a page calls first), else read now."""
    board_version_this_request()
    kept: int | None = g.get(_LIVE_THIS_REQUEST)
    return live_version() if kept is None else kept


def board_version_this_request() -> int:
    """`board_version()`, read once a request: a read-only page keeping several parts under it
    (the board, its filter form, the navigation's queue count) reads it before any of them.

    The site's version (`page_cache.site_version`: the settings, the newsroom's zone, a kept
    part's key) and the live desks' (`live_version`) are read in the same statement, one
    snapshot, unless this request has read the site's already (issue 28, bench:staff-bar)."""
    if _THIS_REQUEST not in g:
        site_read = site_version_read()
        with request_reads() as reads:
            numbers = {
                id_: number
                for id_, number in reads.execute(_DESK_VERSIONS if site_read else _VERSIONS)
            }
        setattr(g, _THIS_REQUEST, int(numbers.get(ROW) or 0))
        setattr(g, _KNOWN, getattr(g, _THIS_REQUEST))
        setattr(g, _LIVE_THIS_REQUEST, int(numbers.get(LIVE_ROW) or 0))
        setattr(g, _INSIGHTS_THIS_REQUEST, int(numbers.get(INSIGHTS_ROW) or 0))
        if not site_read:
            keep_site_version(int(numbers.get(SITE_ROW) or 0))
    number: int = getattr(g, _THIS_REQUEST)
    return number


def insights_version_this_request() -> int:
    """Insights' version (`editorial.insights.version`: moved by the writes that change what
    /insights counts or names), read with the desk's in one statement, once a request."""
    board_version_this_request()
    number: int = g.get(_INSIGHTS_THIS_REQUEST, 0)
    return number


def board_version_now() -> int:
    """`board_version()` read now (an action's answer, after its commit), with the site's version
    in the same statement (`page_cache.site_version` then gives it) unless this request has read
    that already: one read past the ORM's execution for both, where the answer read each."""
    if site_version_read():
        return board_version()
    with request_reads() as reads:
        numbers = {id_: number for id_, number in reads.execute(_VERSIONS)}
    keep_site_version(int(numbers.get(SITE_ROW) or 0))
    number = int(numbers.get(ROW) or 0)
    setattr(g, _KNOWN, number)
    return number


def board_version_if_read() -> int | None:
    """The desk's version if this request has read it through `board_version_this_request`
    (before what it shows), else None: a part may then be kept under it at no extra read."""
    number: int | None = g.get(_THIS_REQUEST)
    return number


def board_version_if_known() -> int | None:
    """The desk's version as this request has read it since its last commit (a page's first
    read, an answer's `board_version_now`), else None, reading nothing: what a write moves it
    for may be kept under it at no extra read."""
    if not has_request_context():
        return None
    number: int | None = g.get(_KNOWN)
    return number


def moved_by_this_request() -> int | None:
    """The desk's version this request's last committed write moved it to, or None (nothing it
    committed moved it): when `board_version()` still reads that number, no other write has
    landed since, and the one before it was the version just before this request's own write
    (the bump holds the row until the commit, so versions follow the commits one by one)."""
    number: int | None = g.get(_MOVED)
    return number


def note_written() -> None:
    """Say that this transaction wrote what a board (or a kept desk search) shows past the ORM
    (Core SQL: a rebuilt search index), so the desk's version moves on at its commit."""
    db.session().info[_CHANGED] = True


def _seen(table_name: str | None) -> bool:
    return table_name is not None and table_name not in UNSEEN


def _live(table_name: str | None) -> bool:
    return table_name in LIVE_TABLES


# Each row of `site_version` this module moves on: (row, which tables move it, Session.info's
# "written" and "moved" keys).
def _no_table(_table_name: str | None) -> bool:
    """No table alone moves insights' rows (`INSIGHTS_CHANGED`, `CLOSED_CHANGED` say)."""
    return False


# Insights' rows are marked written by `insights.version`'s own hooks (what it follows is
# columns, not tables) and moved here with the others, in the order of their rows: every
# transaction takes the rows' locks in one order (the site's, row 1, first, before the commit or
# with it), so two on PostgreSQL never wait for each other (a deadlock in .ci/run at 9839c30,
# when insights moved its rows from a listener of its own that ran before these).
INSIGHTS_CHANGED = "editorial.insights_changed"
CLOSED_CHANGED = "editorial.insights_closed_changed"
_WATCHED: tuple[tuple[int, Callable[[str | None], bool], str, str], ...] = (
    (ROW, _seen, _CHANGED, _BUMPED),
    (LIVE_ROW, _live, _CHANGED + ".live", _BUMPED + ".live"),
    (INSIGHTS_ROW, _no_table, INSIGHTS_CHANGED, "editorial.insights_bumped"),
    (CLOSED_ROW, _no_table, CLOSED_CHANGED, "editorial.insights_closed_bumped"),
)


def _table_of(instance: Any) -> str | None:
    table = getattr(type(instance), "__table__", None)
    return getattr(table, "name", None)


def _note_flush(session: Session, _context: Any) -> None:
    tables = {_table_of(instance) for instance in (*session.new, *session.dirty, *session.deleted)}
    for _row, watched, changed, _bumped in _WATCHED:
        if any(watched(name) for name in tables):
            session.info[changed] = True


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(state.statement, "table", None), "name", None)
        for _row, watched, changed, _bumped in _WATCHED:
            if watched(name):
                state.session.info[changed] = True


def _bump_before_commit(session: Session) -> None:
    """Move each version on in the committing transaction, once, if it wrote what that version
    follows (what is still pending counts: the commit's own flush comes after this), and the
    site's if the commit is to move it (`page_cache.bump_wanted_at_commit`): all in one
    statement, in the order of their rows (a transition's commit sent three, bench:workflow8)."""
    tables = {_table_of(instance) for instance in (*session.new, *session.dirty, *session.deleted)}
    rows = [SITE_ROW] if bump_wanted_at_commit(session) else []
    for row, watched, changed, bumped in _WATCHED:
        if session.info.get(bumped):
            continue
        if not (session.info.get(changed) or any(watched(name) for name in tables)):
            continue
        session.info[bumped] = True
        rows.append(row)
    if not rows:
        return
    numbers = bump_counters(SiteVersion, rows, session)
    if SITE_ROW in numbers:
        bumped_at_commit(session, numbers[SITE_ROW])
    if ROW in numbers:
        session.info[_MOVING] = numbers[ROW]


def _committed(session: Session) -> None:
    """Tell the request what its commit moved the desk's version to (`moved_by_this_request`),
    only once committed: a rolled-back bump never happened."""
    moved = session.info.pop(_MOVING, None)
    if moved is not None:
        for carry in _CARRIED:
            carry(session, moved)
        if has_request_context():
            setattr(g, _MOVED, moved)
    _transaction_ended(session)


# What this process keeps under the desk's version and carries over its own commits' moves
# (`carried_over`): each called with the session and the number its commit moved it to.
_CARRIED: list[Callable[[Session, int], None]] = []


def carried_over(carry: Callable[[Session, int], None]) -> None:
    """Call `carry(session, number)` after every commit of this process that moved the desk's
    version, to `number` (once per process): something kept at `number - 1` that the
    transaction did not change holds at `number` (only it stands between: the row is locked
    from the bump to the commit)."""
    if carry not in _CARRIED:
        _CARRIED.append(carry)


def _transaction_ended(session: Session) -> None:
    session.info.pop(_MOVING, None)
    if has_request_context():
        g.pop(_KNOWN, None)
    for _row, _watched, changed, bumped in _WATCHED:
        session.info.pop(changed, None)
        session.info.pop(bumped, None)


def init_board_version() -> None:
    """Follow every session's writes (once per process: the events are the Session class's)."""
    if event.contains(Session, "before_commit", _bump_before_commit):
        return
    event.listen(Session, "after_flush", _note_flush)
    event.listen(Session, "do_orm_execute", _note_statement)
    event.listen(Session, "before_commit", _bump_before_commit)
    event.listen(Session, "after_commit", _committed)
    event.listen(Session, "after_rollback", _transaction_ended)
