"""The article desk's reads that are not a domain operation: suggestions, revisions, activity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from editorial import clock, workflow
from editorial.articles.revisions.service import newest_first
from editorial.extensions import db
from editorial.models import (
    Article,
    ArticleAssignment,
    ArticleRevision,
    ArticleTransition,
    Comment,
    Correction,
    Tag,
    User,
    article_tags,
)
from editorial.permissions import visible_articles
from editorial.text import slugify


def tags_starting_with(term: str, limit: int, person: User) -> list[Tag]:
    """Tags whose name (or slug) starts with `term`, by name, that are on an article `person`
    may see.

    A tag that exists only on someone else's draft would tell what that draft is about, so the
    tags offered follow the same visibility as the articles (`permissions.visible_articles`).
    """
    matches = Tag.name.istartswith(term, autoescape=True)
    if slugify(term) != "untitled":  # a name with no ASCII letters has no useful slug
        matches |= Tag.slug.startswith(slugify(term), autoescape=True)
    seen = (
        select(article_tags.c.tag_id)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(visible_articles(person))
    )
    query = select(Tag).where(matches, Tag.id.in_(seen)).order_by(Tag.name).limit(limit)
    return list(db.session.scalars(query))


def revisions_of(article: Article) -> list[ArticleRevision]:
    """The article's revisions, newest first, with who made each."""
    return list(
        db.session.scalars(newest_first(article).options(selectinload(ArticleRevision.actor)))
    )


def moves_of(article: Article, revisions: list[ArticleRevision]) -> dict[int, ArticleTransition]:
    """The move each "transition" revision was kept for, by revision id (the History page says
    "Moved from Edit to Fact-check", not only "Moved").

    A move writes its transition row and then its revision, one of each, in one transaction, so
    the n-th newest transition revision belongs to the n-th newest transition. Paired from the
    newest: moves made before revisions were kept have no revision and are left over.
    """
    kept = [r for r in revisions if r.reason == "transition"]
    if not kept:
        return {}
    moves = db.session.scalars(
        select(ArticleTransition)
        .where(ArticleTransition.article_id == article.id)
        .order_by(ArticleTransition.id.desc())
        .limit(len(kept))
    )
    newest_first_kept = sorted(kept, key=lambda r: r.id, reverse=True)
    return {revision.id: move for revision, move in zip(newest_first_kept, moves, strict=False)}


@dataclass(frozen=True)
class Entry:
    """One line of an article's activity: what happened, when, by whom (None: the system)."""

    at: datetime
    kind: str  # "transition", "assignment", "comment", "correction", "created"
    actor: User | None
    item: Any


ACTIVITY_PAGE = 60


def activity(article: Article, limit: int = ACTIVITY_PAGE) -> list[Entry]:
    """The article's newest `limit` events of every kind, newest first, in one merged timeline.

    Transitions, assignments, comments (not deleted ones) and corrections are each read newest
    first up to `limit` with their people loaded, so the statements don't grow with the history.
    """
    sources: list[tuple[str, Any, Any]] = [
        ("transition", ArticleTransition, (selectinload(ArticleTransition.actor),)),
        (
            "assignment",
            ArticleAssignment,
            (
                selectinload(ArticleAssignment.actor),
                selectinload(ArticleAssignment.before),
                selectinload(ArticleAssignment.after),
            ),
        ),
        ("correction", Correction, (selectinload(Correction.actor),)),
    ]
    entries: list[Entry] = []
    for kind, model, options in sources:
        rows = db.session.scalars(
            select(model)
            .where(model.article_id == article.id)
            .order_by(model.at.desc(), model.id.desc())
            .limit(limit)
            .options(*options)
        )
        entries += [Entry(row.at, kind, row.actor, row) for row in rows]
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.article_id == article.id, Comment.deleted_at.is_(None))
        .order_by(Comment.at.desc(), Comment.id.desc())
        .limit(limit)
        .options(selectinload(Comment.actor))
    )
    entries += [Entry(row.at, "comment", row.actor, row) for row in comments]
    entries.sort(key=lambda entry: clock.as_utc(entry.at), reverse=True)
    entries = entries[:limit]
    if len(entries) < limit:
        entries.append(Entry(article.created_at, "created", article.created_by, article))
    return entries


def sent_back_by(article: Article) -> ArticleTransition | None:
    """The move that sent the story back to where it is now (`workflow.SENDS_BACK`: returned,
    flagged, unpublished), with its note and who made it; None once it has moved on since."""
    latest = db.session.scalar(
        select(ArticleTransition)
        .where(ArticleTransition.article_id == article.id)
        .order_by(ArticleTransition.at.desc(), ArticleTransition.id.desc())
        .limit(1)
        .options(selectinload(ArticleTransition.actor))
    )
    return latest if latest is not None and latest.name in workflow.SENDS_BACK else None
