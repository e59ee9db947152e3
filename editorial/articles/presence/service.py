"""Who is editing an article now: heartbeats from the editor page, read back as a notice.

A heartbeat is an upsert on (article, person) so two tabs or two app servers never collide on the
primary key. Someone counts as editing for `STALE_AFTER` after their last heartbeat; the editor
beats every 15 seconds, so a tab that vanished without a word (a crash, a lost connection) drops
off within 35 seconds with no cleanup job. A closed or left page says so at once: the editor
sends a `leaving` beacon on `pagehide`, and the desk page polls the notice every `POLL_SECONDS`.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from editorial import clock
from editorial.database import upsert
from editorial.extensions import db
from editorial.models import Article, EditorPresence, User
from editorial.permissions import can

STALE_AFTER = timedelta(seconds=35)  # two missed heartbeats and some slack
HEARTBEAT_SECONDS = 15


def heartbeat(article: Article, user: User) -> None:
    """Record that `user` has `article` open in the editor now."""
    now = clock.now()
    upsert(
        EditorPresence,
        {"article_id": article.id, "user_id": user.id, "last_seen": now},
        keys=["article_id", "user_id"],
        update={"last_seen": now},
    )


def leave(article: Article, user: User) -> None:
    """`user` closed the editor (or saved and left): stop showing them at once."""
    db.session.execute(
        delete(EditorPresence).where(
            EditorPresence.article_id == article.id, EditorPresence.user_id == user.id
        )
    )


def signature(article: Article, viewer: User | None = None) -> str:
    """What the notice would say, as a short hash, from one light query (no person loaded):
    who else had `article` open in the last minute, in order, with what decides whether they
    still count (their role, whether active, their name) and the story's state and version.
    The desk page's poll answers 304 while it holds (nobody came or went)."""
    query = (
        select(EditorPresence.user_id, User.role, User.active, User.display_name)
        .join(User, User.id == EditorPresence.user_id)
        .where(
            EditorPresence.article_id == article.id,
            EditorPresence.last_seen >= clock.now() - STALE_AFTER,
        )
        .order_by(EditorPresence.last_seen.desc(), EditorPresence.user_id)
    )
    if viewer is not None:
        query = query.where(EditorPresence.user_id != viewer.id)
    rows = ";".join(
        f"{i}:{role}:{active}:{name}" for i, role, active, name in db.session.execute(query)
    )
    what = f"{article.id}:{article.state}:{article.version}:{article.editor_id}|{rows}"
    return "p" + hashlib.sha256(what.encode()).hexdigest()[:24]


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
