"""Story families: a family's members, its source, and how far a translation lags its source.

A translation records the source revision it was made from (or last marked up to date with,
`Article.source_revision_id`). It is out of date once the source has a newer revision that changed
its content: a save, an autosave, a correction or a restored revision. The revision a transition
keeps holds the same text as the one before it, so a transition alone never makes it out of date.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from editorial.extensions import db
from editorial.models.history import ArticleRevision

# The revisions that carry no change of the text (a copy kept at a transition).
NOT_A_CHANGE = ("transition",)


@dataclass(frozen=True)
class SourceLag:
    """A translation's source changed since it was made: from which revision, since which."""

    source_id: int
    from_revision_id: int  # what the translation matches (made from, or marked up to date with)
    since_version: int  # the source's first newer revision ("out of date since revision N")
    newest_revision_id: int  # the source's newest revision that changed its text


def source_lag(source_revision_id: int | None) -> SourceLag | None:
    """How the translation made from revision `source_revision_id` lags its source; None when
    it is up to date (or is no translation). One query on the revisions' article index."""
    if source_revision_id is None:
        return None
    made_from = db.session.get(ArticleRevision, source_revision_id)
    if made_from is None:
        return None
    newer = db.session.execute(
        select(ArticleRevision.id, ArticleRevision.version)
        .where(
            ArticleRevision.article_id == made_from.article_id,
            ArticleRevision.id > made_from.id,
            ArticleRevision.reason.not_in(NOT_A_CHANGE),
        )
        .order_by(ArticleRevision.id)
    ).all()
    if not newer:
        return None
    return SourceLag(made_from.article_id, made_from.id, newer[0].version, newer[-1].id)
