"""The editor's heartbeat, answered from one read on statements built once (bench:writes4h).

The heartbeat (`views.presence_heartbeat`) used to load the story and the person as ORM
objects, upsert, commit, then load both again (the commit expired them) and every other
editor with their `User`, and render the notice. Now one Core statement reads, inside the
heartbeat's own transaction, what it decides from: the story's columns if the person may see it
(the rule of `permissions.visible_articles`, as `get_visible_article` keeps it), whether the
person and each other editor are on its byline, and who else had it open (`STALE_AFTER`), in
the notice's order. Who may edit is still `permissions.can(..., "article.edit", ...)`, asked of
light stand-ins built from those columns. The upsert and the leaving delete are statements
built once per dialect, and the notice's fragment is kept per list of names (it shows nothing
else).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from flask import render_template
from sqlalchemy import and_, bindparam, delete, exists, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.expression import Executable

from editorial.articles.presence.service import STALE_AFTER
from editorial.bounded import Bounded
from editorial.extensions import db
from editorial.models import Article, EditorPresence, Role, User
from editorial.models.article import article_authors
from editorial.permissions import EDITORS, Viewer, can, per_viewer, visible_articles
from editorial.raw_reads import reads_on


def _on_byline(user_id: Any) -> Any:
    return exists(
        select(article_authors.c.article_id).where(
            article_authors.c.article_id == Article.id, article_authors.c.user_id == user_id
        )
    )


def _story_and_others(visible: Any) -> Executable:
    """The story's state and translator, whether the viewer is on its byline, and each other
    person who had it open since `since` (NULLs when nobody), with their role, whether active,
    their name and whether they are on the byline: `editing_now`'s read, newest first."""
    return (
        select(
            Article.state,
            Article.translator_id,
            _on_byline(bindparam("viewer_id")).label("viewer_writes"),
            EditorPresence.user_id,
            User.role,
            User.active,
            User.display_name,
            _on_byline(EditorPresence.user_id).label("writes"),
        )
        .select_from(Article)
        .outerjoin(
            EditorPresence,
            and_(
                EditorPresence.article_id == Article.id,
                EditorPresence.last_seen >= bindparam("since"),
                EditorPresence.user_id != bindparam("viewer_id"),
            ),
        )
        .outerjoin(User, User.id == EditorPresence.user_id)
        .where(Article.id == bindparam("article_id"), visible)
        .order_by(EditorPresence.last_seen.desc(), EditorPresence.user_id)
    )


_ANY_STORY_AND_OTHERS = _story_and_others(true())  # editors and admins see every story


class _Story:
    """The columns `permissions._edit_article` reads of an article, and its byline as far as
    the read saw it (the viewer and the others)."""

    def __init__(self, state: Any, translator_id: int | None, byline: set[int]) -> None:
        self.state = state
        self.translator_id = translator_id
        self.byline = byline

    def is_author(self, user: Any) -> bool:
        """Whether `user` is on the byline (`Article.is_author`)."""
        return user.id in self.byline


class _Person:
    """Another editor as `can` sees a person: id, role, whether active (no `User` built)."""

    is_authenticated = True

    def __init__(self, user_id: int, role: Role, active: bool, display_name: str) -> None:
        self.id = user_id
        self.role = role
        self.is_active = active
        self.display_name = display_name

    def has_role(self, *roles: Role) -> bool:
        """`User.has_role`."""
        return self.role in roles


class Beat:
    """What a heartbeat decides from: whether the viewer may edit the story, and the names of
    the others `service.editing_now` would show."""

    def __init__(self, editing: bool, others: tuple[str, ...]) -> None:
        self.editing = editing
        self.others = others


def read(person: Viewer, article_id: int, now: datetime) -> Beat | None:
    """The story as `person` may see it and who else is editing it, from one statement in the
    session's transaction; None when they may not see it (the view answers 404)."""
    statement = (
        _ANY_STORY_AND_OTHERS
        if person.has_role(*EDITORS)
        else per_viewer(person, "heartbeat", lambda: _story_and_others(visible_articles(person)))
    )
    reads = reads_on(db.session.connection())
    try:
        rows = list(
            reads.execute(
                statement,
                {"article_id": article_id, "since": now - STALE_AFTER, "viewer_id": person.id},
            )
        )
    finally:
        reads.close()
    if not rows:
        return None
    state, translator_id, viewer_writes = rows[0][:3]
    others = [_Person(*row[3:7]) for row in rows if row[3] is not None]
    byline = {row[3] for row in rows if row[3] is not None and row[7]}
    if viewer_writes:
        byline.add(person.id)
    story = _Story(state, translator_id, byline)
    names = tuple(other.display_name for other in others if can(other, "article.edit", story))
    return Beat(can(person, "article.edit", story), names)


@cache
def _beat_statement(dialect: str) -> Executable:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = bindparam("now", type_=EditorPresence.__table__.c.last_seen.type)
    return (
        insert(EditorPresence)
        .values(article_id=bindparam("article_id"), user_id=bindparam("user_id"), last_seen=now)
        .on_conflict_do_update(index_elements=["article_id", "user_id"], set_={"last_seen": now})
    )


_LEAVE = delete(EditorPresence).where(
    EditorPresence.article_id == bindparam("article_id"),
    EditorPresence.user_id == bindparam("user_id"),
)


def beat(article_id: int, user_id: int, now: datetime) -> None:
    """`service.heartbeat` on a statement built once (the caller commits)."""
    connection = db.session.connection()
    connection.execute(
        _beat_statement(connection.dialect.name),
        {"article_id": article_id, "user_id": user_id, "now": now},
    )


def leave(article_id: int, user_id: int) -> None:
    """`service.leave` on a statement built once (the caller commits)."""
    db.session.connection().execute(_LEAVE, {"article_id": article_id, "user_id": user_id})


NOTICES_KEPT = 256
_NOTICES: Bounded[tuple[str, ...], str] = Bounded(NOTICES_KEPT)


def notice(names: Sequence[str]) -> str:
    """The notice's fragment (`articles/_presence.html`) for these names, drawn once per list:
    it shows the names and nothing else."""
    key = tuple(names)
    found = _NOTICES.get(key)
    if found is None:
        editors = [_Person(0, Role.REPORTER, True, name) for name in key]
        found = render_template("articles/_presence.html", editors=editors)
        _NOTICES.put(key, found)
    return found
