"""Live coverage's reads: the story, its version (the polls' one read), the desk's stream, the
readers' pages of posts, key events, what changed since a version, and which stories are live
(the LIVE marks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask import g, has_request_context
from sqlalchemy import ColumnElement, Select, bindparam, case, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.expression import Executable

from editorial import clock, editions, loaded_rows
from editorial.extensions import db
from editorial.models import (
    Article,
    Image,
    LivePost,
    LivePostRevision,
    LiveStory,
    Role,
    User,
    publicly_visible,
)
from editorial.models.live import public_posts
from editorial.raw_reads import Reads

PAGE_SIZE = 20
DESK_SIZE = 60
KEY_EVENTS = 12
CHANGES = 50  # a poll that is further behind than this gets the page again


def story(article_id: int) -> LiveStory | None:
    return db.session.get(LiveStory, article_id)


def story_held(article_id: int) -> LiveStory | None:
    """The story, read now and held until the commit (`FOR UPDATE` on PostgreSQL; SQLite's
    writes hold the whole file): a post's write starts from its version (`answers.Change`)
    without reading it a second time (`version(lock=True)`). Read past the ORM's execution
    (`loaded_rows.get_holding`): its statement set-up and load were most of the read."""
    return loaded_rows.get_holding(LiveStory, article_id, key_share=False)


def version(
    article_id: int, *, lock: bool = False, connection: Reads | None = None
) -> tuple[int, bool] | None:
    """The story's version and whether it is live: one primary-key read, for the polls. With
    `lock`, the row is held (`FOR UPDATE` on PostgreSQL; SQLite's writes hold the whole file)
    until the commit, so a desk action knows the version its own changes start from. On the
    session's connection, or the one given (the poll gate's)."""
    query = select(LiveStory.version, LiveStory.ended_at).where(LiveStory.article_id == article_id)
    connection = connection or db.session.connection()
    row = connection.execute(query.with_for_update() if lock else query).first()
    return None if row is None else (row.version, row.ended_at is None)


def public_version(
    slug: str, language: str, at: datetime, connection: Reads
) -> tuple[int, int, bool] | None:
    """The readers' poll's one read: the id of the story visible at `at` at `slug` in edition
    `language`, its live story's version and whether it is live; None if either is missing."""
    values = {"slug": slug, "language": language, "now": at}
    row = connection.execute(_public_version_statement(), values).first()
    return None if row is None else (int(row[0]), int(row[1]), row[2] is None)


@cache
def _public_version_statement() -> Executable:
    """`public_version`'s statement, the address and the time bound at run time: built once
    (building the visibility rule each poll cost more than running it: bench:public-polls)."""
    return (
        select(Article.id, LiveStory.version, LiveStory.ended_at)
        .join(LiveStory, LiveStory.article_id == Article.id)
        .where(
            Article.slug == bindparam("slug"),
            Article.language == bindparam("language"),
            publicly_visible(bindparam("now")),
        )
        .limit(1)
    )


def _loaded(query: Select[LivePost]) -> Select[LivePost]:
    return query.options(
        selectinload(LivePost.author),
        selectinload(LivePost.coauthors),
        selectinload(LivePost.image),
    )


def _on_desk(query: Select[LivePost]) -> Select[LivePost]:
    """The desk's posts carry their authors, their claims and who cleared them (not their
    picture: the desk does not show it)."""
    return query.options(
        selectinload(LivePost.author),
        selectinload(LivePost.coauthors),
        selectinload(LivePost.claims),
        selectinload(LivePost.checked_by),
    )


def desk_posts(article_id: int, limit: int = DESK_SIZE) -> list[LivePost]:
    """Every post not deleted, newest first: the desk's stream (waiting ones included)."""
    query = (
        select(LivePost)
        .where(LivePost.article_id == article_id, LivePost.deleted_at.is_(None))
        .order_by(LivePost.created_at.desc(), LivePost.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(_on_desk(query)))


def desk_ids(article_id: int, limit: int = DESK_SIZE) -> set[int]:
    """The ids of the posts the desk's stream shows (`desk_posts`), without loading them."""
    query = (
        select(LivePost.id)
        .where(LivePost.article_id == article_id, LivePost.deleted_at.is_(None))
        .order_by(LivePost.created_at.desc(), LivePost.id.desc())
        .limit(limit)
    )
    return set(db.session.scalars(query))


def desk_post(article_id: int, post_id: int) -> LivePost | None:
    """One post of the story as the desk draws it (claims, authors)."""
    query = select(LivePost).where(LivePost.id == post_id, LivePost.article_id == article_id)
    return db.session.scalar(_on_desk(query))


def desk_changed(article_id: int, since: int, limit: int = 20) -> list[LivePost]:
    """The posts changed after version `since` (deleted ones too), as the desk draws them: a
    desk action's own changes, read back under the story's lock (`version(lock=True)`)."""
    query = (
        select(LivePost)
        .where(LivePost.article_id == article_id, LivePost.seq > since)
        .order_by(LivePost.id)
        .limit(limit)
    )
    return list(db.session.scalars(_on_desk(query)))


def desk_pinned(article_id: int) -> LivePost | None:
    """The pinned post, for the desk's pinned box (it may be older than the stream shows)."""
    query = select(LivePost).where(
        LivePost.article_id == article_id, LivePost.pinned, LivePost.deleted_at.is_(None)
    )
    return db.session.scalar(_on_desk(query).limit(1))


def pinned_id(article_id: int) -> int | None:
    """The pinned post's id (`desk_pinned` without loading it)."""
    query = select(LivePost.id).where(
        LivePost.article_id == article_id, LivePost.pinned, LivePost.deleted_at.is_(None)
    )
    return db.session.scalar(query.limit(1))


@dataclass
class Counts:
    public: int
    waiting: int


def counts(article_id: int) -> Counts:
    """How many posts are out and how many wait (an editor or a check), in one query: read
    from `ix_live_posts_article_counted` alone (`count(*)`: a post's id is in no index
    PostgreSQL can scan alone with it), on the session's connection past the ORM's execution
    (a statement built once; what is pending is flushed first, as `Session.execute` did)."""
    session = db.session()
    session._autoflush()
    row = session.connection().execute(_counts_statement(), {"article_id": article_id}).one()
    return Counts(public=int(row[1]), waiting=int(row[0]) - int(row[1]))


@cache
def _counts_statement() -> Executable:
    out = case((LivePost.published_at.is_not(None), 1), else_=0)
    return select(func.count(), func.coalesce(func.sum(out), 0)).where(
        LivePost.article_id == bindparam("article_id"), LivePost.deleted_at.is_(None)
    )


@dataclass(frozen=True)
class Person:
    """A name in a list of people (the composer's co-authors, the reporters who post
    directly): what the lists show, read as two columns rather than as users (a newsroom of
    200 was 200 ORM rows, their settings decoded, on every desk page and post)."""

    id: int
    display_name: str


_STAFF = (Role.REPORTER, Role.EDITOR, Role.ADMIN)


def staff() -> list[Person]:
    """Who can be named a post's co-author: active reporters, editors and admins."""
    return _people(User.role.in_(_STAFF))


def reporters() -> list[Person]:
    """The active reporters: those an editor may let post directly."""
    return _people(User.role == Role.REPORTER)


def _people(role: ColumnElement[bool]) -> list[Person]:
    query = select(User.id, User.display_name).where(User.active.is_(True), role)
    rows = db.session.execute(query.order_by(User.display_name))
    return [Person(row.id, row.display_name) for row in rows]


def staff_by_id(ids: list[int]) -> list[User]:
    """The active staff among `ids` (a co-author list as posted), as users, in no order."""
    if not ids:
        return []
    query = select(User).where(User.id.in_(ids), User.active.is_(True), User.role.in_(_STAFF))
    return list(db.session.scalars(query))


def recent_pictures(limit: int = 30) -> list[Image]:
    """The library's newest pictures, for the composer's picture choice."""
    query = select(Image).order_by(Image.created_at.desc(), Image.id.desc()).limit(limit)
    return [image for image in db.session.scalars(query) if image.complete]


def post(article_id: int, post_id: int) -> LivePost | None:
    found = db.session.get(LivePost, post_id)
    return found if found is not None and found.article_id == article_id else None


def revisions(post_id: int) -> list[LivePostRevision]:
    query = select(LivePostRevision).where(LivePostRevision.post_id == post_id)
    return list(db.session.scalars(query.order_by(LivePostRevision.id.desc())))


@dataclass
class Page:
    """A page of a live story's public posts (newest first) and what the page shows above."""

    pinned: LivePost | None
    key_events: list[LivePost]
    posts: list[LivePost]
    older: int | None  # the `before` of the next page, None on the last


def _stream(article_id: int) -> Select[LivePost]:
    return select(LivePost).where(LivePost.article_id == article_id, public_posts())


def public_page(article_id: int, before: int | None = None) -> Page:
    """Pinned post, key events, and `PAGE_SIZE` posts older than post `before` (keyset paging:
    as fast on page 50 as on page 1). Four queries whatever the story's size."""
    query = _stream(article_id).where(LivePost.pinned.is_(False))
    if before is not None:
        query = query.where(LivePost.id < before)
    query = query.order_by(LivePost.id.desc()).limit(PAGE_SIZE + 1)
    posts = list(db.session.scalars(_loaded(query)))
    older = posts[PAGE_SIZE - 1].id if len(posts) > PAGE_SIZE else None
    pinned = db.session.scalar(_loaded(_stream(article_id).where(LivePost.pinned)).limit(1))
    keys = _stream(article_id).where(LivePost.key_event).order_by(LivePost.id.desc())
    return Page(
        pinned=pinned,
        key_events=list(db.session.scalars(keys.limit(KEY_EVENTS))),
        posts=posts[:PAGE_SIZE],
        older=older,
    )


def latest_public(article_id: int, limit: int) -> list[LivePost]:
    """The newest public posts (JSON-LD's liveBlogUpdate, the feed)."""
    query = _stream(article_id).order_by(LivePost.id.desc()).limit(limit)
    return list(db.session.scalars(_loaded(query)))


def changed_since(article_id: int, seq: int) -> list[LivePost] | None:
    """Every post changed after version `seq` (deleted and held back ones too, to take them
    off the page); None when more changed than a poll should carry."""
    query = (
        select(LivePost)
        .where(LivePost.article_id == article_id, LivePost.seq > seq)
        .order_by(LivePost.id)
        .limit(CHANGES + 1)
    )
    found = list(db.session.scalars(_loaded(query)))
    return None if len(found) > CHANGES else found


@dataclass(frozen=True)
class LiveMark:
    """A story live now, as the LIVE marks need it."""

    article_id: int
    slug: str
    language: str
    visible: bool  # publicly visible now (the navigation links only to such a story)


def _marks(article_id: int | None = None) -> list[LiveMark]:
    """The stories live now, read once a request; with `article_id`, that article's live story
    (live or ended) is loaded by the same statement, so the story's page costs one query for
    its section, its cards' badges and the navigation's entry."""
    if has_request_context() and "live_marks" in g:
        return list(g.live_marks)
    values = {"now": clock.now(), "article_id": article_id or -1}
    rows = list(db.session.execute(_marks_statement(), values))
    marks = [
        LiveMark(row[0].article_id, row.slug, row.language, bool(row.visible))
        for row in rows
        if row[0].ended_at is None
    ]
    if has_request_context():
        g.live_marks = marks
        g.live_page_story = next((row[0] for row in rows if row[0].article_id == article_id), None)
    return marks


@cache
def _marks_statement() -> Select[Any]:
    """`_marks`' statement, the time and the article bound at run time: built once (building
    the visibility rule and the statement's cache key cost a search page, whose cards ask it
    each time, more than running it: bench:public-speed)."""
    visible = case((publicly_visible(bindparam("now")), True), else_=False)
    return (
        select(LiveStory, Article.slug, Article.language, visible.label("visible"))
        .join(Article, Article.id == LiveStory.article_id)
        .where(or_(LiveStory.ended_at.is_(None), LiveStory.article_id == bindparam("article_id")))
        .order_by(LiveStory.started_at.desc())
    )


def story_for_page(article_id: int) -> LiveStory | None:
    """The article's live story for its public page (usually no statement of its own)."""
    if not has_request_context() or "live_marks" in g:
        return db.session.get(LiveStory, article_id)
    _marks(article_id)
    return g.live_page_story  # type: ignore[no-any-return]


def live_ids() -> set[int]:
    """The ids of the articles live now: the cards' LIVE badge."""
    return {mark.article_id for mark in _marks()}


def live_now_in_edition() -> LiveMark | None:
    """The newest live story readers of this edition can see (the navigation's LIVE entry)."""
    code = editions.code()
    return next((m for m in _marks() if m.visible and m.language == code), None)
