"""Who is editing an article now: heartbeats from the editor page, read back as a notice.

A heartbeat is an upsert on (article, person) so two tabs or two app servers never collide on the
primary key. Someone counts as editing for `STALE_AFTER` after their last heartbeat; the editor
beats every 15 seconds, so a tab that vanished without a word (a crash, a lost connection) drops
off within 35 seconds with no cleanup job; its row stays until the worker's hourly sweep
(`forget_stale`) deletes rows older than `FORGOTTEN_AFTER`, so the table holds about a day's
editing, not every story anyone ever opened. A closed or left page says so at once: the editor
sends a `leaving` beacon on `pagehide`, and the desk page polls the notice every `POLL_SECONDS`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Select, Table, and_, bindparam, delete, select
from sqlalchemy.orm import aliased, joinedload

from editorial import clock, jobs
from editorial.database import upsert
from editorial.extensions import db
from editorial.fast_polls import Ask
from editorial.models import Article, EditorPresence, User
from editorial.permissions import can, visible_to_row
from editorial.raw_reads import Reads

STALE_AFTER = timedelta(seconds=35)  # two missed heartbeats and some slack
HEARTBEAT_SECONDS = 15
FORGOTTEN_AFTER = timedelta(hours=12)  # far past STALE_AFTER: only the sweep reads it


def heartbeat(article: Article, user: User) -> None:
    """Record that `user` has `article` open in the editor now."""
    now = clock.now()
    upsert(
        EditorPresence,
        {"article_id": article.id, "user_id": user.id, "last_seen": now},
        keys=["article_id", "user_id"],
        update={"last_seen": now},
    )


# Built once, on the table: every transition sends it.
_PRESENCE = cast(Table, EditorPresence.__table__)
_LEAVE = delete(_PRESENCE).where(
    _PRESENCE.c.article_id == bindparam("article_id"),
    _PRESENCE.c.user_id == bindparam("user_id"),
)


def leave(article: Article, user: User) -> None:
    """`user` closed the editor (or saved and left): stop showing them at once.

    On the session's connection past the ORM's execution (no object is kept of a presence row,
    and no listener follows the table: it is bookkeeping), after what is pending is flushed as
    `Session.execute` did, so the rows are written in the same order: a transition sent it
    through the ORM's bulk DELETE, its identity map walked for nothing (bench:workflow8)."""
    session = db.session()
    session._autoflush()
    session.connection().execute(_LEAVE, {"article_id": article.id, "user_id": user.id})


@jobs.periodic("presence.sweep", minutes=60)
def forget_stale() -> int:
    """The worker's hourly run: delete the rows of editors' tabs that went quiet more than
    `FORGOTTEN_AFTER` ago without saying they were leaving; how many went."""
    cutoff = clock.now() - FORGOTTEN_AFTER
    gone = db.session.execute(delete(EditorPresence).where(EditorPresence.last_seen < cutoff))
    return int(getattr(gone, "rowcount", 0) or 0)


def signature(article: Article, viewer: User | None = None) -> str:
    """What the notice would say, as a short hash, from one light query (no person loaded):
    who else had `article` open in the last minute, in order, with what decides whether they
    still count (their role, whether active, their name) and the story's state and version.
    The desk page's poll answers 304 while it holds (nobody came or went)."""
    return signature_of(
        db.session.connection(),
        (article.id, article.state, article.version, article.editor_id),
        viewer.id if viewer is not None else None,
        clock.now(),
    )


_OTHERS = (
    select(EditorPresence.user_id, User.role, User.active, User.display_name)
    .join(User, User.id == EditorPresence.user_id)
    .where(
        EditorPresence.article_id == bindparam("article_id"),
        EditorPresence.last_seen >= bindparam("since"),
        EditorPresence.user_id != bindparam("viewer_id"),
    )
    .order_by(EditorPresence.last_seen.desc(), EditorPresence.user_id)
)


def signature_of(connection: Reads, story: Any, viewer_id: int | None, at: datetime) -> str:
    """`signature` from the story's (id, state, version, editor_id) columns, on `connection`."""
    article_id, state, version, editor_id = story
    found = connection.execute(
        _OTHERS, {"article_id": article_id, "since": at - STALE_AFTER, "viewer_id": viewer_id or 0}
    )
    return _digest(article_id, state, version, editor_id, found)


def _digest(article_id: int, state: Any, version: Any, editor_id: Any, others: Any) -> str:
    rows = ";".join(f"{i}:{role}:{active}:{name}" for i, role, active, name in others)
    what = f"{article_id}:{state}:{version}:{editor_id}|{rows}"
    return "p" + hashlib.sha256(what.encode()).hexdigest()[:24]


def presence_joined(check: Select[Any]) -> Select[Any]:
    """The poll gate's session check with the presence poll's read (`cheap_poll(joined=...)`):
    the story's columns where the person of the session's row may see it (`visible_to_row`,
    as `permissions.visible_articles`), everyone else's presence row and its person joined,
    their `last_seen` last, in `_OTHERS`' order; one statement for every role (on PostgreSQL
    the poll's second round trip went: bench:pgpolls)."""
    other = aliased(User, name="present")
    return (
        check.add_columns(
            Article.id,
            Article.state,
            Article.version,
            Article.editor_id,
            EditorPresence.user_id,
            other.role,
            other.active,
            other.display_name,
            EditorPresence.last_seen,
        )
        .outerjoin(Article, and_(Article.id == bindparam("article_id"), visible_to_row()))
        .outerjoin(
            EditorPresence,
            and_(EditorPresence.article_id == Article.id, EditorPresence.user_id != User.id),
        )
        .outerjoin(other, other.id == EditorPresence.user_id)
        .order_by(EditorPresence.last_seen.desc(), EditorPresence.user_id)
    )


def presence_version(ask: Ask) -> str | None:
    """The presence poll's ETag for the poll gate (`fast_polls`), or None when the person may
    not see the story (the view answers 404): the story's columns and who else is there, read
    with the session's row (`presence_joined`)."""
    person = ask.person
    if person is None or not person.rows or person.rows[0][0] is None:
        return None
    _id, state, version, editor_id = person.rows[0][:4]
    # Who is still there is decided here, not bound into the read: a time bound at every poll
    # cost the served 304 more than the rest of its read (bench:presence2).
    since = ask.now - STALE_AFTER
    others = [row[4:8] for row in person.rows if row[4] is not None and row[8] >= since]
    return _digest(ask.args["article_id"], state, version, editor_id, others)


def editing_now(article: Article, viewer: User | None = None) -> list[User]:
    """Active people other than `viewer` who had `article` open in the last minute and may still
    edit it.

    Once the story moves past what someone may edit (their own submit, or anyone's move), their
    editor can save nothing: they have left it, whatever their last heartbeat says.
    """
    query = (
        select(EditorPresence)
        .options(joinedload(EditorPresence.user))
        .where(
            EditorPresence.article_id == article.id,
            EditorPresence.last_seen >= clock.now() - STALE_AFTER,
        )
        .order_by(EditorPresence.last_seen.desc(), EditorPresence.user_id)
    )
    if viewer is not None:
        query = query.where(EditorPresence.user_id != viewer.id)
    rows = db.session.scalars(query)
    return [row.user for row in rows if can(row.user, "article.edit", article)]
