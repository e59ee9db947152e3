"""Translations' writes: translate a story into another language, mark a translation up to date.

Each checks permission and input, changes, writes an audit row, in the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from editorial import languages, newsroom
from editorial.articles.assignment import service as assignment
from editorial.articles.revisions.service import keep_revision, newest_revision
from editorial.articles.service import create_article
from editorial.audit import record
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, User
from editorial.permissions import can
from editorial.refusal import Refused


def family_members(article: Article) -> list[Article]:
    """Every article of `article`'s family, the source first, then by language code."""
    members = db.session.scalars(select(Article).where(Article.family_id == article.family_id))
    return sorted(members, key=lambda a: (a.is_translation, a.language, a.id))


def family_source(article: Article) -> Article:
    """The article `article` was translated from (itself when it is the source)."""
    if article.source_revision is None:
        return article
    return db.session.get(Article, article.source_revision.article_id) or article


def missing_languages(
    article: Article, members: list[Article] | None = None
) -> list[languages.Language]:
    """The newsroom's languages `article`'s family has no article in yet (`members`: the family,
    when the caller has just read it)."""
    family = family_members(article) if members is None else members
    present = {member.language for member in family}
    return [lang for lang in newsroom.current().published_languages if lang.code not in present]


def current_revision(source: Article, actor: User | None) -> ArticleRevision:
    """The source's newest revision (kept now if it has none yet: seeded or imported)."""
    revision = newest_revision(source)
    if revision is None:
        revision = keep_revision(source, actor or source.created_by, "original")
        db.session.flush()
    return revision


def translate(article: Article, actor: User, language: str, headline: str) -> Article:
    """A draft in `language` in `article`'s family, translated from the family's source.

    Carries the source's section, region, tags, source line and picture (its caption is the
    translator's to translate); the byline is the source's when an editor translates, the
    translator's own otherwise. Records the source revision it is made from.
    """
    source = family_source(article)
    if not can(actor, "article.translate", source):
        raise Refused(
            "Only editors, and reporters on their own stories, can translate.", status=403
        )
    if language not in newsroom.current().languages:
        raise Refused("Choose one of the newsroom's languages.", field="language")
    if any(member.language == language for member in family_members(source)):
        name = languages.get(language).english_name
        raise Refused(f"This story already has an {name} version.", field="language", status=409)
    made_from = current_revision(source, actor)
    data = {
        "headline": headline,
        "source": source.source,
        "section_id": source.section_id or "",
        "region_id": source.region_id or "",
        "tags": ", ".join(tag.name for tag in source.tags),
        "hero_image_id": source.hero_image_id or "",
        "hero_image_url": source.hero_image_url,
        "hero_caption": source.hero_caption,
        "author_ids": [author.id for author in source.authors],
    }
    try:
        with db.session.begin_nested():
            translation = create_article(
                actor,
                data,
                language=language,
                family_id=source.family_id,
                source_revision_id=made_from.id,
            )
    except IntegrityError:
        raise Refused("Someone started that translation a moment ago.", status=409) from None
    # The story's embargo holds every language of it (`embargo.service`): the new one too.
    translation.embargo_until = source.embargo_until
    translation.embargo_source, translation.embargo_reason = (
        source.embargo_source,
        source.embargo_reason,
    )
    # Whoever starts it translates it, until someone else is assigned (the Assignment panel).
    translation.translator_id = actor.id
    assignment.recorded(translation, assignment.TRANSLATOR, None, actor, actor)
    record(
        "article.translated",
        translation,
        actor=actor,
        source_id=source.id,
        language=language,
        source_revision_id=made_from.id,
    )
    return translation


def mark_up_to_date(article: Article, actor: User) -> ArticleRevision:
    """Record that translation `article` now matches its source's newest revision."""
    if not article.is_translation:
        raise Refused("This story is not a translation.", status=404)
    if not can(actor, "article.mark_up_to_date", article):
        raise Refused("You can't change this translation now.", status=403)
    lag = article.source_lag
    if lag is None:
        raise Refused("This translation is already up to date with its source.", status=409)
    source = db.session.get(Article, lag.source_id)
    if source is None:  # deleted a moment ago
        raise Refused("The source is gone. Reload the page.", status=409)
    newest = current_revision(source, actor)
    article.source_revision_id = newest.id
    article.forget_source_lag()
    record(
        "article.translation_up_to_date",
        article,
        actor=actor,
        from_revision_id=lag.from_revision_id,
        source_revision_id=newest.id,
        source_version=newest.version,
    )
    return newest
