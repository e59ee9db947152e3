"""Story families: a family's members, its source, and how far a translation lags its source.

A translation records the source revision it was made from (or last marked up to date with,
`Article.source_revision_id`). It is out of date once the source has a newer revision that changed
its content: a save, an autosave, a correction or a restored revision. The revision a transition
keeps holds the same text as the one before it, so a transition alone never makes it out of date.

That rule is written once, `stale_rule`; its answer is stored on the translation
(`Article.source_changed`), set when such a revision of its source lands and recomputed when its
`source_revision_id` changes (`models.translation_marks`, at every flush), so every page that
says "out of date" reads the mark, and My queue's count reads only the marked rows of a
translator (issue 28: the rule run per translation grew with a translator's history). How it
lags (since which revision, the newest change) is read only for a marked translation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import aliased

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
    newest_at: datetime  # when it was kept (a scheduled translation's release compares it)


def source_lag(source_revision_id: int | None) -> SourceLag | None:
    """How the translation made from revision `source_revision_id` lags its source, by the rule;
    None when it is up to date (or is no translation). One query on the revisions' article
    index. `Article.source_lag` asks it only of a translation marked out of date."""
    if source_revision_id is None:
        return None
    made_from = db.session.get(ArticleRevision, source_revision_id)
    if made_from is None:
        return None
    newer = db.session.execute(
        select(ArticleRevision.id, ArticleRevision.version, ArticleRevision.at)
        .where(
            ArticleRevision.article_id == made_from.article_id,
            ArticleRevision.id > made_from.id,
            ArticleRevision.reason.not_in(NOT_A_CHANGE),
        )
        .order_by(ArticleRevision.id)
    ).all()
    if not newer:
        return None
    return SourceLag(
        made_from.article_id, made_from.id, newer[0].version, newer[-1].id, newer[-1].at
    )


def attach_lags(articles: Iterable[Any]) -> None:
    """Work out `source_lag` for every translation in `articles` with two queries in all (a
    list page's; none when no translation is marked out of date), and keep each on its article
    as `Article.source_lag` would."""
    articles = list(articles)
    translations = [a for a in articles if a.source_revision_id is not None and a.source_changed]
    for article in articles:
        if article.source_revision_id is None or not article.source_changed:
            article.__dict__["_source_lag"] = None
    if not translations:
        return
    made_from = {
        row.id: row
        for row in db.session.execute(
            select(ArticleRevision.id, ArticleRevision.article_id).where(
                ArticleRevision.id.in_({a.source_revision_id for a in translations})
            )
        )
    }
    sources = {row.article_id for row in made_from.values()}
    newer: dict[int, list[Any]] = {}
    if sources:
        for row in db.session.execute(
            select(
                ArticleRevision.id,
                ArticleRevision.version,
                ArticleRevision.article_id,
                ArticleRevision.at,
            )
            .where(
                ArticleRevision.article_id.in_(sources),
                ArticleRevision.id > min(made_from),
                ArticleRevision.reason.not_in(NOT_A_CHANGE),
            )
            .order_by(ArticleRevision.id)
        ):
            newer.setdefault(row.article_id, []).append(row)
    for article in translations:
        origin = made_from.get(article.source_revision_id)
        later = [r for r in newer.get(origin.article_id, []) if r.id > origin.id] if origin else []
        article.__dict__["_source_lag"] = (
            SourceLag(origin.article_id, origin.id, later[0].version, later[-1].id, later[-1].at)
            if origin and later
            else None
        )


@cache
def _revision_aliases() -> tuple[Any, Any]:
    """The two aliases of the revisions the conditions below compare, made once (an alias
    builds a proxy per column; `publicly_visible` asks on every public query)."""
    return aliased(ArticleRevision, name="made_from"), aliased(ArticleRevision, name="newer")


def stale_rule(source_revision_id: Any) -> ColumnElement[bool]:
    """SQL condition, the rule itself: the translation made from `source_revision_id` is out of
    date (its source has a newer revision that changed its text). `Article.source_changed` keeps
    its answer; migration 0049's backfill is this, written out in SQL."""
    return _newer_change(source_revision_id)


def changed_after(source_revision_id: Any, since: Any) -> ColumnElement[bool]:
    """SQL condition: the source of the translation made from `source_revision_id` has a newer
    revision that changed its text, kept after `since` (a scheduled translation's scheduling):
    what `workflow_guards.source_unchanged_since_scheduled` says, for `publicly_visible`."""
    return _newer_change(source_revision_id, since)


def _newer_change(source_revision_id: Any, since: Any = None) -> ColumnElement[bool]:
    """A revision of the source newer than `source_revision_id` that changed its text (and
    kept after `since`, when given)."""
    made_from, newer = _revision_aliases()
    conditions = [
        made_from.id == source_revision_id,
        newer.article_id == made_from.article_id,
        newer.id > made_from.id,
        newer.reason.not_in(NOT_A_CHANGE),
    ]
    if since is not None:
        conditions.append(newer.at > since)
    return exists(select(newer.id).where(*conditions))
