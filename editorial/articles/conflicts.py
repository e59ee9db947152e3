"""What changed while you were editing: the answer a refused (stale) save carries.

Every save, transition, restore and correction keeps a revision at the version it produced, so
the version a person started from can be found again and compared, word by word, with the article
as it is now. `StaleVersion` is the `Refused` (409) a stale save raises; views show its diff and
keep the refused text in the form.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_app_context
from sqlalchemy import select

from editorial import clock, newsroom
from editorial.articles.revisions.service import content_fields, newest_revision
from editorial.diff import FieldDiff, compare, condense
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, User
from editorial.refusal import Refused

# What a revision's reason reads as in "NAME saved this article at 14:02".
VERBS = {
    "created": "created",
    "saved": "saved",
    "autosaved": "saved",
    "restored": "restored an older version of",
    "corrected": "corrected",
    "transition": "moved",
}


class StaleVersion(Refused):
    """A save against version `base_version` when the article is at `current_version` (409).

    `changes` compares the version the person started from with the current one, field by field;
    `since` lists the revisions made meanwhile (who, when, why); `latest` is the newest of them.
    """

    def __init__(
        self,
        message: str,
        *,
        base_version: int,
        current_version: int,
        changes: list[FieldDiff],
        since: list[ArticleRevision],
        base_found: bool,
    ) -> None:
        super().__init__(message, status=409)
        self.base_version = base_version
        self.current_version = current_version
        self.changes = changes
        self.since = since
        self.base_found = base_found

    @property
    def latest(self) -> ArticleRevision | None:
        """The newest change made meanwhile."""
        return self.since[-1] if self.since else None

    @property
    def changed(self) -> list[FieldDiff]:
        """Only the fields that differ, long unchanged stretches shortened for reading."""
        return [FieldDiff(d.name, d.label, condense(d.segments)) for d in self.changes if d.changed]


def snapshot(article: Article, known: dict[str, Any] | None = None) -> dict[str, Any]:
    """The article's content now, in the shape `editorial.diff.compare` reads (`known`: as
    `revisions.service.content_fields`)."""
    return snapshot_of(article, content_fields(article, known))


def snapshot_of(article: Article, fields: dict[str, Any]) -> dict[str, Any]:
    """`snapshot` with the article's other content already read (`content_fields`)."""
    return {
        "headline": article.headline,
        "summary": article.summary,
        "body": article.body,
        **fields,
    }


def revision_snapshot(revision: ArticleRevision) -> dict[str, Any]:
    """A revision's content, in the same shape as `snapshot`."""
    return {
        **(revision.fields or {}),
        "headline": revision.headline,
        "summary": revision.summary,
        "body": revision.body,
    }


def revision_at(article: Article, version: int) -> ArticleRevision | None:
    """The newest revision holding `article` as it was at `version` (or the closest before it)."""
    return newest_revision(article, at_most=version)


def stale_version(article: Article, base_version: int, viewer: User | None = None) -> StaleVersion:
    """The refusal for a save that started from `base_version`, saying what changed since.

    When the newest change is `viewer`'s own (another tab or device), the message says so.
    """
    base = revision_at(article, base_version)
    since = list(
        db.session.scalars(
            select(ArticleRevision)
            .where(
                ArticleRevision.article_id == article.id,
                ArticleRevision.version > base_version,
            )
            .order_by(ArticleRevision.version, ArticleRevision.id)
        )
    )
    changes = compare(revision_snapshot(base), snapshot(article)) if base else []
    latest = since[-1] if since else None
    if latest is None:
        message = conflict_message(None, None)
    else:
        message = conflict_message(latest.actor, latest.at, latest.reason)
        if viewer is not None and latest.actor_id == viewer.id:
            at = f" at {_hh_mm(latest.at)}" if latest.at else ""
            message = f"You saved this article{at} in another tab or window."
    return StaleVersion(
        message,
        base_version=base_version,
        current_version=article.version,
        changes=changes,
        since=since,
        base_found=base is not None,
    )


def conflict_message(who: User | None, when: datetime | None, reason: str = "saved") -> str:
    """ "Elie Editor saved this article at 14:02 while you were editing." """
    name = who.display_name if who else "Someone"
    if who is None and reason == "transition":
        name = "The system"
    verb = VERBS.get(reason, "changed")
    at = f" at {_hh_mm(when)}" if when else ""
    return f"{name} {verb} this article{at} while you were editing."


def _hh_mm(value: datetime) -> str:
    zone = newsroom.zone() if has_app_context() else "UTC"
    return clock.to_local(value, zone).strftime("%H:%M")
