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

from editorial.extensions import db
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
