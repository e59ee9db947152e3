"""Creating, saving, correcting and restoring articles: every change to an article's content.

Decisions worth knowing:

- `data` is a plain dict, checked by `article_data.clean`. Only the content keys are read
  (headline, summary, body, section_id, region_id, tags, source, hero_image_url, hero_caption,
  hero_image_id, author_ids); anything else a form posts (state, version, published_at,
  created_by...) never reaches the model. A key left out keeps its current value.
- Bylines: reporters never change them (they are the first byline of what they create); editors
  and admins choose them, from active reporters, editors and admins, at least one.
- The version column guards every save: a conditional `UPDATE ... WHERE version = expected` claims
  the save, so of two saves from the same version exactly one wins, on SQLite and PostgreSQL
  alike. The loser gets `StaleVersion` (409) saying who changed what since (see `conflicts`).
  One exception: when everything since the person's version is an autosave from the same editor
  page (its editing token), the save goes ahead (a Save clicked while that page's autosave is in
  flight must not conflict with itself). The token, not the person, decides: the same person's
  second tab or other device is someone else's save, and conflicts like one.
- A save that changes nothing keeps no revision and bumps no version.
- Every real save keeps a revision ("created", "saved", "autosaved", "restored", "corrected");
  an article that has none yet (seeded, imported) first gets an "original" one of its old text.
  Consecutive autosaves from one editor page within ten minutes update a single "autosaved"
  revision, so the history shows the writer's working copy, not one row per pause in typing; a
  revision another page wrote (text nobody else has) is never overwritten.
- A content change in a cleared state (workflow.CLEARED_STATES) applies the automatic "recheck"
  transition in the same transaction (the machine table stays the only source of state changes),
  with a note naming the changed fields and who saved.
- The slug follows the headline until the article is first scheduled or published, then never
  changes again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError

from editorial import clock, workflow
from editorial.articles.conflicts import snapshot, snapshot_of, stale_version
from editorial.articles.revisions.service import (
    keep_revision,
    newest_revision,
    stored_names,
)
from editorial.articles.row_claim import claim_version
from editorial.articles.save_rows import (
    columns_written,
    fields_after_text_save,
    indexed_text_changes,
    keep_save_revision,
    slug_fits,
    slug_may_follow,
    written_after_claim,
)
from editorial.articles.transitions.service import Request, apply
from editorial.articles.validation import NOTICE_MAX, TEXT_KEYS, clean, revision_data
from editorial.audit import record
from editorial.diff import changed_fields
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Correction, User, article_authors
from editorial.models.taxonomy import get_or_create_tag
from editorial.permissions import can
from editorial.refusal import Refused
from editorial.rendering import render_markdown
from editorial.signals import article_saved
from editorial.text import count_words, slugify, story_slug

ARTICLE_COLUMNS = [prop.key for prop in inspect(Article).column_attrs]
SLUG_ATTEMPTS = 5


@dataclass
class SaveResult:
    """What a save did: the revision it kept (None when nothing changed), the changed field labels,
    and whether the article went back to fact-check."""

    article: Article
    revision: ArticleRevision | None
    changed: list[str] = field(default_factory=list)
    rechecked: bool = False


def create_article(actor: User, data: dict[str, Any], **family: Any) -> Article:
    """A new draft from `data`, by `actor`, who is its byline unless an editor chose others.

    `family` (language, family_id, source_revision_id) places a translation in its family; left
    out, the draft is in the site's default language and starts a family of its own.
    """
    if not can(actor, "article.create"):
        raise Refused("Your role doesn't allow writing articles.", status=403)
    values = clean(data, actor, None)
    if "authors" not in values:
        values["authors"] = [actor]
    article = Article(created_by=actor, state=workflow.DRAFT, version=1, **family)
    _assign(article, values)
    _flush_claiming_slug(article)
    store_byline_order(article)
    revision = keep_revision(article, actor, "created")
    record("article.created", article, actor=actor, headline=article.headline)
    article_saved.send(article, actor=actor, revision=revision)
    return article


def save_article(
    article: Article,
    actor: User,
    data: dict[str, Any],
    expected_version: int,
    *,
    autosave: bool = False,
    editing_token: str | None = None,
) -> SaveResult:
    """Save `data` over `article` if it is still at `expected_version` (else `StaleVersion`).

    `editing_token` names the editor page the save comes from (`forms.new_editing_token`).
    """
    if not can(actor, "article.edit", article):
        raise Refused("You can't edit this article now.", status=403)
    if autosave and article.state != workflow.DRAFT:
        raise Refused("Only drafts are saved automatically. Use Save.", status=409)
    known = stored_names(article)  # one read for the form's check, the snapshots, the revision
    values = clean(data, actor, article, known)
    return _save(
        article,
        actor,
        values,
        expected_version,
        reason="autosaved" if autosave else "saved",
        action="article.autosaved" if autosave else "article.saved",
        editing_token=editing_token or None,
        known=known,
    )


def correct_article(
    article: Article, actor: User, data: dict[str, Any], expected_version: int, notice: str
) -> SaveResult:
    """Change a published article's text with a dated public correction notice."""
    if not can(actor, "article.correct", article):
        raise Refused("Only editors can correct a published article.", status=403)
    notice = " ".join((notice or "").split())
    if not notice:
        raise Refused("Write the correction notice readers will see.", field="notice")
    if len(notice) > NOTICE_MAX:
        raise Refused(f"Keep the notice under {NOTICE_MAX} characters.", field="notice")
    values = clean(data, actor, article)
    result = _save(
        article,
        actor,
        values,
        expected_version,
        reason="corrected",
        action="article.corrected",
        require_change="Nothing in the article changed. Make the correction in the text too.",
        audit={"notice": notice},
    )
    article.corrections.append(Correction(actor_id=actor.id, notice=notice, at=clock.now()))
    return result


def restore_revision(
    article: Article, actor: User, revision: ArticleRevision, expected_version: int
) -> SaveResult:
    """Make an older revision's content current again, as a new save and a new revision."""
    if revision.article_id != article.id:
        raise Refused("That revision belongs to another article.", status=404)
    if not can(actor, "article.restore_revision", article):
        raise Refused("Only editors can restore an older version.", status=403)
    values = clean(revision_data(revision), actor, article)
    return _save(
        article,
        actor,
        values,
        expected_version,
        reason="restored",
        action="article.revision_restored",
        require_change="That version is the same as the article now.",
        audit={"revision_id": revision.id, "from_version": revision.version},
    )


def _save(
    article: Article,
    actor: User,
    values: dict[str, Any],
    expected_version: int,
    *,
    reason: str,
    action: str,
    require_change: str | None = None,
    audit: dict[str, Any] | None = None,
    editing_token: str | None = None,
    known: dict[str, Any] | None = None,
) -> SaveResult:
    # One read of the newest revision serves the stale check, the "original" below and the
    # autosave run (`_keep_save_revision`): revisions at or below this version only change with
    # a save or transition that moves the version, which the conditional update below refuses.
    behind = article.version != expected_version
    latest = newest_revision(article) if behind else None
    if behind and not _only_this_pages_autosaves_since(
        article, actor, expected_version, editing_token, latest
    ):
        raise stale_version(article, expected_version, actor)
    known = stored_names(article) if known is None else known
    before = snapshot(article, known)
    changed_keys = _changed_keys(article, values, known)
    if not changed_keys:
        if require_change:
            raise Refused(require_change)
        return SaveResult(article, None)

    from_state, from_version = article.state, article.version
    if not behind:
        latest = newest_revision(article)
    if latest is None:
        # Made before revisions were kept (imported, seeded): keep what it said before this save,
        # so this change, and any conflict with it, can be shown word by word.
        latest = keep_revision(article, article.created_by, "original", known)
    # The row's columns come back with the claim; what this save has read of its bylines, tags,
    # section and picture stays: any change to them moves the version the claim just took.
    content = columns_written(article, values, changed_keys)
    indexed = content is not None and indexed_text_changes(article, content)
    if not claim_version(article, from_version, clock.now(), content):  # someone saved meanwhile
        db.session.refresh(article, ARTICLE_COLUMNS)
        raise stale_version(article, expected_version, actor)

    if content is None:
        _assign(article, {key: values[key] for key in changed_keys})
        if "authors" in changed_keys:
            db.session.flush()  # the byline's rows, before their positions are written
            store_byline_order(article)
    # No flush here: the row, the revision and the audit row go in one (the next statement's).
    # A text-only save changed columns and no name: its content is `before`'s names with the
    # columns read again, for the comparison and the revision alike (read once, not twice more).
    fields = None if content is None else fields_after_text_save(article, before)
    after = snapshot(article, known) if fields is None else snapshot_of(article, fields)
    changed = changed_fields(before, after)
    revision, moved = keep_save_revision(
        article, actor, reason, from_version, editing_token, latest, known, fields
    )
    details = {"version": article.version, "fields": changed, **(audit or {})}
    # A text-only save's index row and audit line go past the unit of work with the revision.
    written = None if content is None else (action, details)
    written_after_claim(article, actor, moved, indexed, written)
    if content is None:
        record(action, article, actor=actor, **details)
    rechecked = False
    if from_state in workflow.CLEARED_STATES:
        note = f"Changed after clearance: {', '.join(changed)}. Saved by {actor.display_name}."
        apply(article, "recheck", None, Request(note=note))
        rechecked = True
    article_saved.send(article, actor=actor, revision=revision)
    return SaveResult(article, revision, changed, rechecked)


def _only_this_pages_autosaves_since(
    article: Article,
    actor: User,
    expected_version: int,
    editing_token: str | None,
    latest: ArticleRevision | None,
) -> bool:
    """Whether every change since `expected_version` is one run of autosaves from this page
    (`latest`: the article's newest revision)."""
    if latest is None or latest.reason != "autosaved" or latest.actor_id != actor.id:
        return False
    if editing_token is None or (latest.fields or {}).get("editing_token") != editing_token:
        return False
    run_started = (latest.fields or {}).get("autosave_since", latest.version)
    return latest.version == article.version and run_started <= expected_version < article.version


def _changed_keys(article: Article, values: dict[str, Any], known: dict[str, Any]) -> list[str]:
    changed = [key for key in TEXT_KEYS if key in values and values[key] != getattr(article, key)]
    for key in ("section", "region", "hero_image"):
        if key in values and getattr(values[key], "id", None) != getattr(article, key + "_id"):
            changed.append(key)
    if "tags" in values:
        unread = "tags" in inspect(article).unloaded and "tag_slugs" in known  # read with names
        slugs = known["tag_slugs"] if unread else [t.slug for t in article.tags]
        if sorted(slugify(n) for n in values["tags"]) != sorted(slugs):
            changed.append("tags")
    if "authors" in values and [u.id for u in values["authors"]] != [u.id for u in article.authors]:
        changed.append("authors")
    return changed


def _assign(article: Article, values: dict[str, Any]) -> None:
    """Put `values` on the article, re-rendering the body and following the headline's slug."""
    for key in TEXT_KEYS:
        if key in values:
            setattr(article, key, values[key])
    if "body" in values:
        article.body_html = render_markdown(article.body)
        article.word_count = count_words(article.body)
    for key in ("section", "region", "hero_image"):
        if key in values:
            setattr(article, key, values[key])
            # Its column too: a save flushes once, after the revision has read the row's ids.
            setattr(article, key + "_id", getattr(values[key], "id", None))
    if "tags" in values:
        article.tags = [get_or_create_tag(name) for name in values["tags"]]
    if "authors" in values:
        article.authors = list(values["authors"])
    if "headline" in values and article.id is not None and slug_may_follow(article):
        if not slug_fits(article.slug, article.headline):
            _flush_claiming_slug(article)
    article.updated_at = clock.now()


def _flush_claiming_slug(article: Article) -> None:
    """Give `article` its headline's slug, unique even against a request doing the same now.

    The slug is chosen from what the database holds, then written in a savepoint; if another
    request took the same slug in between (both saw it free), the unique constraint refuses
    the second write, and it tries the next free one instead of answering 500.
    """
    tried: set[str] = set()
    for _ in range(SLUG_ATTEMPTS):
        slug = _unique_slug(article.headline, exclude=article.id, taken_too=tried)
        try:
            # Everything else is flushed as the savepoint begins; only the slug's write is in it.
            with db.session.begin_nested():
                article.slug = slug
                db.session.add(article)
                db.session.flush()
            return
        except IntegrityError as error:
            if "slug" not in str(error.orig):
                raise
            tried.add(slug)
    raise Refused("Too many people are saving this headline at once. Save again.", status=409)


def _unique_slug(
    headline: str, exclude: int | None = None, taken_too: set[str] | None = None
) -> str:
    """The headline's slug, with -2, -3... appended if another article has it."""
    base = story_slug(headline)
    query = select(Article.slug).where(Article.slug.startswith(base, autoescape=True))
    if exclude is not None:
        query = query.where(Article.id != exclude)
    with db.session.no_autoflush:  # the article's own pending row has no slug yet
        taken = set(db.session.scalars(query)) | (taken_too or set())
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def store_byline_order(article: Article) -> None:
    """Write each author's position, so the byline keeps the order it was given in."""
    for position, author in enumerate(article.authors):
        db.session.execute(
            update(article_authors)
            .where(
                article_authors.c.article_id == article.id,
                article_authors.c.user_id == author.id,
            )
            .values(position=position)
        )
