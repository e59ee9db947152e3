"""The thread's reads: whether anything changed (the poll) and one page of threads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from editorial.extensions import db
from editorial.fast_polls import Ask
from editorial.models import Article, Comment, User
from editorial.permissions import visible_columns
from editorial.raw_reads import Reads

PAGE = 50  # threads shown at first; older ones behind "Show earlier comments"


@dataclass(frozen=True)
class ThreadState:
    """How many comments the article has and when the latest change was: the poll's ETag."""

    count: int
    changed: datetime | None

    @property
    def etag(self) -> str:
        stamp = self.changed.timestamp() if self.changed else 0
        return f"c{self.count}-{stamp:.6f}"


# Built once: every open article page polls it.
_THREAD_STATE = select(func.count(Comment.id), func.max(Comment.updated_at)).where(
    Comment.article_id == bindparam("article_id")
)


def thread_state(article_id: int, connection: Reads | None = None) -> ThreadState:
    """One indexed read (`ix_comments_article_updated`): the thread's count and last change."""
    connection = connection or db.session.connection()
    count, changed = connection.execute(_THREAD_STATE, {"article_id": article_id}).one()
    return ThreadState(count or 0, changed)


def thread_version(ask: Ask) -> str | None:
    """The thread poll's ETag for the poll gate (`fast_polls`), or None when the person may not
    see inside the story (the view then answers 404 or 403, as it always has)."""
    article_id = ask.args["article_id"]
    if ask.person is None or not visible_columns(
        ask.connection, ask.person, article_id, inside=True
    ):
        return None
    return thread_state(article_id, ask.connection).etag


@dataclass
class Thread:
    """The threads to show (oldest first), and how many older ones are folded behind a link."""

    threads: list[Comment]
    earlier: int


def threads_of(article_id: int, *, everything: bool = False) -> Thread:
    """The article's newest PAGE threads (all with `everything`), with replies and people loaded.

    The number of statements is the same for 5 comments and for 500.
    """
    top = Comment.parent_id.is_(None)
    total = (
        db.session.scalar(
            select(func.count(Comment.id)).where(Comment.article_id == article_id, top)
        )
        or 0
    )
    query = (
        select(Comment)
        .where(Comment.article_id == article_id, top)
        .order_by(Comment.at.desc(), Comment.id.desc())
        .options(
            selectinload(Comment.actor),
            selectinload(Comment.resolved_by),
            selectinload(Comment.replies).selectinload(Comment.actor),
        )
    )
    if not everything:
        query = query.limit(PAGE)
    shown = list(db.session.scalars(query))
    shown.reverse()
    return Thread(shown, total - len(shown))


@dataclass
class OpenThreads:
    """The article's unresolved threads: how many, and the newest few (replies counted)."""

    count: int
    newest: list[Comment]


def open_threads(article_id: int, limit: int = 5) -> OpenThreads:
    """The threads still waiting on someone (not resolved, not deleted), newest first.

    Two statements, however long the conversation: the count, and the newest `limit` threads
    with their authors and replies.
    """
    waiting = (
        Comment.article_id == article_id,
        Comment.parent_id.is_(None),
        Comment.resolved_at.is_(None),
        Comment.deleted_at.is_(None),
    )
    count = db.session.scalar(select(func.count(Comment.id)).where(*waiting)) or 0
    newest = db.session.scalars(
        select(Comment)
        .where(*waiting)
        .order_by(Comment.at.desc(), Comment.id.desc())
        .limit(limit)
        .options(selectinload(Comment.actor), selectinload(Comment.replies))
    )
    return OpenThreads(count, list(newest))


def people_named(term: str, limit: int = 8) -> list[User]:
    """Active people whose name has a word starting with `term` (the @mention suggestions)."""
    term = term.strip()
    if not term:
        query = select(User)
    else:
        starts = User.display_name.istartswith(term, autoescape=True)
        inner = User.display_name.icontains(" " + term, autoescape=True)
        query = select(User).where(starts | inner)
    return list(
        db.session.scalars(
            query.where(User.active.is_(True)).order_by(User.display_name).limit(limit)
        )
    )


def thread_context(article: Article, *, everything: bool = False) -> dict[str, Any]:
    """What `comments/_thread.html` needs for `article`."""
    page = threads_of(article.id, everything=everything)
    return {
        "article": article,
        "threads": page.threads,
        "earlier": page.earlier,
        "state": thread_state(article.id),
        "poll_seconds": current_app.config["POLL_SECONDS"],
    }


def box_context(article: Article, **extra: Any) -> dict[str, Any]:
    """What `comments/_box.html` (the new-comment form) needs; `typed`/`error` after a refusal."""
    return {"article": article, "typed": "", "error": None, **extra}
