"""Translations' reads: the article page's Translations panel and the editor's source column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from editorial import languages, workflow
from editorial.articles.conflicts import revision_snapshot, snapshot
from editorial.articles.translations.service import (
    family_members,
    family_source,
    missing_languages,
)
from editorial.diff import FieldDiff, compare, condense
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, User
from editorial.models.families import SourceLag
from editorial.permissions import can


@dataclass(frozen=True)
class Member:
    """One language of a family as the panel shows it."""

    article: Article
    language: languages.Language
    state_label: str
    is_source: bool
    lag: SourceLag | None
    visible: bool  # the person may open it


def panel_context(article: Article, person: User, error: str | None = None) -> dict[str, Any]:
    """What `translations/_panel.html` needs: each language of the family, and Translate."""
    source = family_source(article)
    family = family_members(article)
    members = [
        Member(
            member,
            member.lang,
            workflow.STATE_LABELS.get(member.state, member.state),
            member.id == source.id,
            member.source_lag,
            can(person, "article.view", member),
        )
        for member in family
    ]
    translating = can(person, "article.translate", source)
    return {
        "translations": {
            "article": article,
            "members": members,
            "missing": missing_languages(article, family) if translating else [],
            "can_translate": translating,
            "error": error,
        }
    }


def paragraphs(text: str) -> list[str]:
    """A Markdown body's paragraphs: the blocks between blank lines."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def source_context(article: Article, person: User) -> dict[str, Any]:
    """The editor's source column for translation `article`: the source paragraph by paragraph
    in its own direction, and, when it changed since, the change word by word. Empty for an
    article that is no translation, or whose source the person may not see."""
    if not article.is_translation:
        return {}
    source = family_source(article)
    if source.id == article.id or not can(person, "article.view", source):
        return {}
    return {
        "translation_source": {
            "source": source,
            "language": source.lang,
            "paragraphs": paragraphs(source.body),
            **lag_context(article),
        }
    }


def lag_context(article: Article) -> dict[str, Any]:
    """ "The source changed since this translation": the lag and the word diff from the revision
    it was made from to the source now (the revisions' own comparison, condensed)."""
    lag = article.source_lag
    if lag is None:
        return {"lag": None, "diffs": []}
    made_from = db.session.get(ArticleRevision, lag.from_revision_id)
    source = db.session.get(Article, lag.source_id)
    if made_from is None or source is None:
        return {"lag": None, "diffs": []}
    diffs = compare(revision_snapshot(made_from), snapshot(source))
    condensed = [FieldDiff(d.name, d.label, condense(d.segments)) for d in diffs if d.changed]
    return {"lag": lag, "diffs": condensed, "source_language": source.lang}
