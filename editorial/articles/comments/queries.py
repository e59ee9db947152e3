"""The thread's reads: whether anything changed (the poll) and one page of threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import CompoundSelect, Select, and_, bindparam, case, func, select, union_all
from sqlalchemy.orm import aliased, selectinload

from editorial.extensions import db
from editorial.fast_polls import Ask
from editorial.models import Article, Comment, User
from editorial.models.comments import CommentState
from editorial.permissions import inside_to_row, visible_to_row
from editorial.raw_reads import Reads, session_reads

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


# The same count and last change as the story's columns, for `thread_version`'s one read.
_COUNT_AND_CHANGED = (
    select(func.count(Comment.id)).where(Comment.article_id == Article.id).scalar_subquery(),
    select(func.max(Comment.updated_at)).where(Comment.article_id == Article.id).scalar_subquery(),
)


def thread_joined(check: Select[Any]) -> Select[Any]:
    """The poll gate's session check with the thread poll's read (`cheap_poll(joined=...)`):
    the story, where the person of the session's row may see inside it (`visible_to_row` and
    `inside_to_row`: `visible_articles` and `inside_articles` in SQL), and its thread's count
    and last change; one statement (on PostgreSQL the poll's second round trip went:
    bench:pgpolls)."""
    return check.add_columns(Article.id, *_COUNT_AND_CHANGED).outerjoin(
        Article,
        and_(Article.id == bindparam("article_id"), visible_to_row(), inside_to_row()),
    )


def thread_version(ask: Ask) -> str | None:
    """The thread poll's ETag for the poll gate (`fast_polls`), or None when the person may not
    see inside the story (the view then answers 404 or 403, as it always has): the thread's
    state (`thread_state`'s count and last change), read with the session's row
    (`thread_joined`)."""
    if ask.person is None or not ask.person.rows:
        return None
    found, count, changed = ask.person.rows[0]
    if found is None:
        return None
    return ThreadState(count or 0, changed).etag


@dataclass(frozen=True)
class Person:
    """Who wrote or resolved a comment, as the thread shows them."""

    id: int
    display_name: str


@dataclass
class ThreadComment(CommentState):
    """A comment as the thread list draws it (`comments/_thread.html`, `_comment.html`): its
    columns and the names it shows, read as plain rows rather than built as `Comment` objects
    (a post's answer draws 50 threads, and building them was a fifth of its cost)."""

    id: int
    parent_id: int | None
    body: str
    at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    resolved_at: datetime | None
    outside_name: str | None
    actor_id: int | None
    actor: Person | None = None
    resolved_by: Person | None = None
    replies: list[ThreadComment] = field(default_factory=list)


@dataclass
class Thread:
    """The threads to show (oldest first), how many older ones are folded behind a link, and
    the thread's state (`thread_state`) read with them."""

    threads: list[ThreadComment]
    earlier: int
    state: ThreadState


_THREAD_COLUMNS = (
    Comment.id,
    Comment.parent_id,
    Comment.body,
    Comment.at,
    Comment.edited_at,
    Comment.deleted_at,
    Comment.resolved_at,
    Comment.outside_name,
    Comment.actor_id,
    Comment.resolved_by_id,
)


# Built once, with bind parameters (a post's answer and every desk page read them). The threads'
# count with `thread_state`'s count and last change: one statement, not two.
_COUNTS = select(
    func.count(case((Comment.parent_id.is_(None), Comment.id))),
    func.count(Comment.id),
    func.max(Comment.updated_at),
).where(Comment.article_id == bindparam("article_id"))


def _threads_read(limit: int | None) -> CompoundSelect[Any]:
    """The newest `limit` threads (all with None), their replies, and the names of who wrote
    and resolved each, in one statement: the threads with their columns once (`top`, the last
    entries of `ix_comments_article_at`), then their replies found through them by
    `ix_comments_parent_id`, so neither side reads more of the table than it returns (a reply
    found by `parent_id IN` beside `id IN` in one WHERE could be planned as a scan on
    PostgreSQL; the threads found again by their ids were hashed against a scan of every
    comment there, bench:comment11)."""
    top = (
        select(*_THREAD_COLUMNS)
        .where(Comment.article_id == bindparam("article_id"), Comment.parent_id.is_(None))
        .order_by(Comment.at.desc(), Comment.id.desc())
        .limit(limit)
        .cte("top")
    )
    actor, resolver = aliased(User), aliased(User)
    names = (actor.display_name, resolver.display_name)
    threads = (
        select(*top.c, *names)
        .outerjoin(actor, actor.id == top.c.actor_id)
        .outerjoin(resolver, resolver.id == top.c.resolved_by_id)
    )
    replies = (
        select(*_THREAD_COLUMNS, *names)
        .join(top, Comment.parent_id == top.c.id)
        .outerjoin(actor, actor.id == Comment.actor_id)
        .outerjoin(resolver, resolver.id == Comment.resolved_by_id)
    )
    return union_all(threads, replies)


_THREADS_PAGE = _threads_read(PAGE)
_THREADS_ALL = _threads_read(None)


def threads_of(article_id: int, *, everything: bool = False) -> Thread:
    """The article's newest PAGE threads (all with `everything`), with replies and people's names.

    The number of statements is the same for 5 comments and for 500 (two: the counts with the
    thread's state, then the threads with their replies and names).
    """
    given: dict[str, Any] = {"article_id": article_id}
    with session_reads(db.session) as reads:  # past the ORM's execution: the same rows
        total, count, changed = reads.execute(_COUNTS, given).one()
        rows = list(reads.execute(_THREADS_ALL if everything else _THREADS_PAGE, given))
    tops = sorted((row for row in rows if row.parent_id is None), key=_in_order)
    shown = [_thread_comment(row) for row in tops]
    by_id = {comment.id: comment for comment in shown}
    for reply in sorted((row for row in rows if row.parent_id is not None), key=_in_order):
        by_id[reply.parent_id].replies.append(_thread_comment(reply))
    return Thread(shown, (total or 0) - len(shown), ThreadState(count or 0, changed))


def _in_order(row: Any) -> tuple[datetime, int]:
    """The order the list draws threads (the newest page of them) and replies in, oldest
    first: `at`, then `id`, as the reads ordered them."""
    return row.at, row.id


def _person(person_id: int | None, name: str | None) -> Person | None:
    """Who wrote or resolved a comment, with the name read beside it (None: nobody)."""
    return Person(person_id, name) if person_id is not None and name is not None else None


def _thread_comment(row: Any) -> ThreadComment:
    *_, actor_name, resolver_name = row
    actor = _person(row.actor_id, actor_name)
    return ThreadComment(
        id=row.id,
        parent_id=row.parent_id,
        body=row.body,
        at=row.at,
        edited_at=row.edited_at,
        deleted_at=row.deleted_at,
        resolved_at=row.resolved_at,
        outside_name=row.outside_name,
        actor_id=row.actor_id,
        actor=actor,
        resolved_by=_person(row.resolved_by_id, resolver_name),
    )


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


def thread_context(
    article: Article, *, everything: bool = False, page: Thread | None = None
) -> dict[str, Any]:
    """What `comments/_thread.html` needs for `article` (`page`: its threads as already read)."""
    if page is None:
        page = threads_of(article.id, everything=everything)
    return {
        "article": article,
        "threads": page.threads,
        "earlier": page.earlier,
        "state": page.state,
        "poll_seconds": current_app.config["POLL_SECONDS"],
    }


def box_context(article: Article, **extra: Any) -> dict[str, Any]:
    """What `comments/_box.html` (the new-comment form) needs; `typed`/`error` after a refusal."""
    return {"article": article, "typed": "", "error": None, **extra}
