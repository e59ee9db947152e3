"""A story's byline as its people's ids alone, for `Article.is_author` (issue 28, bench:writes9).

A permission rule that asks whether someone is on the byline (`permissions._writes`,
`_change_claims`: a reporter's every story page, a claim verdict) loaded the byline, a `User`
built for each person, to compare ids. A stored story whose byline is not loaded reads the ids
alone, once, after what the session would autoflush; they are kept on the story until it is
expired (`article._forget_source_lag`), as a loaded byline would be. A loaded byline (perhaps
changed, not yet flushed) is always the one asked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm.attributes import set_committed_value

from editorial.extensions import db
from editorial.loaded_rows import as_loaded
from editorial.models.user import User
from editorial.raw_reads import session_reads

KEPT = "_byline_ids"  # where the ids are kept, in the story's `__dict__`
_STATEMENT: list[Select[Any]] = []  # built once, at first use (the table is `article`'s)


def _statement() -> Select[Any]:
    if not _STATEMENT:
        byline = db.metadata.tables["article_authors"]
        _STATEMENT.append(
            select(byline.c.user_id).where(byline.c.article_id == bindparam("article_id"))
        )
    return _STATEMENT[0]


def byline_ids(article: Any) -> frozenset[int] | None:
    """The ids of the people on `article`'s byline as stored, or None when its byline is loaded
    or it is not stored (then the byline itself is what to ask)."""
    state = inspect(article)
    if "authors" not in state.unloaded or not state.persistent:
        return None
    ids: frozenset[int] | None = article.__dict__.get(KEPT)
    if ids is None:
        with session_reads(db.session()) as reads:
            found = reads.execute(_statement(), {"article_id": article.id})
            ids = article.__dict__[KEPT] = frozenset(row[0] for row in found)
    return ids


_PEOPLE: list[Select[Any]] = []  # the byline's people, as its lazy load reads them: built once


def _people_statement() -> Select[Any]:
    if not _PEOPLE:
        byline, users = db.metadata.tables["article_authors"], db.metadata.tables["users"]
        _PEOPLE.append(
            select(users)
            .select_from(users, byline)
            .where(bindparam("article_id") == byline.c.article_id, users.c.id == byline.c.user_id)
            .order_by(byline.c.position)
        )
    return _PEOPLE[0]


def byline_of(article: Any) -> list[Any]:
    """`article.authors`, loaded (when it is not, and the story is stored) by the statement its
    lazy load sends, read past the ORM's execution after what the session would autoflush, each
    person the session's own if it holds them (`loaded_rows.as_loaded`): the notifications'
    people (`inbox.people_on`, a transition's byline) without the loader's set-up."""
    state = inspect(article)
    if "authors" in state.unloaded and state.persistent:
        with session_reads(db.session()) as reads:
            rows = reads.execute(_people_statement(), {"article_id": article.id})
            people = [as_loaded(User, row._asdict()) for row in rows]
        set_committed_value(article, "authors", people)
    return list(article.authors)
