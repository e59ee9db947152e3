"""After a save: the claims whose quote and the located passages no longer in the text.

One receiver for both (a save of a story with neither, most of them, sends one statement): the
quotes and passages still counted are read as plain columns, in one statement; the claims and
locations gone from the text, if any, are then marked as `service.mark_changed_text` and
`locations.forget_moved_passages` do (those two read their ORM rows themselves, whole).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, literal, select, union_all

from editorial.articles.claims.locations import forget_moved_passages
from editorial.articles.claims.service import mark_changed_text, plain_text
from editorial.extensions import db
from editorial.models import Article, Claim, ClaimLocation, User
from editorial.signals import article_saved

# Built once: every save of every story sends it.
_QUOTED = union_all(
    select(literal("claim").label("kind"), Claim.id, Claim.text).where(
        Claim.article_id == bindparam("article_id"), Claim.text_changed.is_(False)
    ),
    select(literal("location").label("kind"), ClaimLocation.id, ClaimLocation.passage).where(
        ClaimLocation.article_id == bindparam("article_id"), ClaimLocation.absent.is_(False)
    ),
)


def _on_saved(article: Article, actor: User | None = None, **_: Any) -> None:
    # On the connection past the ORM's execution (as the translations' check that follows),
    # after what the session's own `execute` would autoflush.
    session = db.session()
    session._autoflush()
    quoted = session.connection().execute(_QUOTED, {"article_id": article.id}).all()
    if not quoted:
        return
    body = plain_text(article.body_html)
    gone = {(kind, row_id) for kind, row_id, text in quoted if text not in body}
    if any(kind == "claim" for kind, _ in gone):
        mark_changed_text(article, actor)
    if any(kind == "location" for kind, _ in gone):
        forget_moved_passages(article, actor)


def init_saved() -> None:
    """Subscribe to saves (blinker keeps one connection per receiver)."""
    article_saved.connect(_on_saved)
