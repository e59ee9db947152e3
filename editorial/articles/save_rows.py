"""What a save writes past the unit of work: its row's content with its version claim, its run's
autosaved revision moved forward by one UPDATE (`articles.service._save` decides when), and a
text-only save's search index row and audit line (`written_after_claim`: on PostgreSQL one
statement with a moved revision's UPDATE, bench:autosave12).

A text-only save (the autosave of a draft, most saves) then leaves nothing for the ORM to flush:
the effects a flush hook had are the caller's to do (the search index's write, the audit row
written at once); the others follow statements as they followed the flush (the desk's and
insights' versions note the tables and columns an UPDATE sets).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CTE, Table, bindparam, update
from sqlalchemy.orm.attributes import set_committed_value

from editorial import clock, workflow
from editorial.articles.revisions.service import content_fields, keep_revision
from editorial.articles.validation import TEXT_KEYS
from editorial.audit import record_written, record_written_after
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, User
from editorial.rendering import render_markdown
from editorial.rows_written import cleaned
from editorial.search.documents import POSTGRES_UPSERT_CTE, document, postgres_params
from editorial.search.upkeep import index_written
from editorial.text import count_words, story_slug

AUTOSAVE_COALESCE = timedelta(minutes=10)
# Built once: every autosave after the first of a run sends it (on a connection, as Core; on
# PostgreSQL as a CTE of the save's audit INSERT, `written_after_claim`).
_MOVED = ("version", "headline", "summary", "body", "fields", "at")
_REVISIONS = cast(Table, ArticleRevision.__table__)
_MOVE_REVISION = (
    update(_REVISIONS)
    .where(_REVISIONS.c.id == bindparam("revision_id"))
    .values({name: bindparam(f"moved_{name}", type_=_REVISIONS.c[name].type) for name in _MOVED})
)
_MOVE_CTE = _MOVE_REVISION.cte("revision_moved")


def columns_written(
    article: Article, values: dict[str, Any], changed_keys: list[str]
) -> dict[str, Any] | None:
    """What the save's claim writes with the version when every change is a plain column (text
    fields, the body's HTML and word count; the slug kept): the row is written by that one
    statement, so no object of the article is left for the unit of work. None otherwise (a
    section, region, picture, tags, byline, or a headline its slug follows: `_assign`).

    Each string passes through `text.clean_text`, as the mapper's `clean_stored_text` does for
    a flushed row."""
    if not all(key in TEXT_KEYS for key in changed_keys):
        return None
    if (
        "headline" in changed_keys
        and slug_may_follow(article)
        and not slug_fits(article.slug, values["headline"])
    ):
        return None
    content = {key: values[key] for key in changed_keys}
    if "body" in content:
        content["body_html"] = render_markdown(content["body"])
        content["word_count"] = count_words(content["body"])
    return cleaned(content)


def indexed_text_changes(article: Article, content: dict[str, Any]) -> bool:
    """Whether `content` changes what the search index holds of `article` (as its flush hook
    reads the flushed history of the headline, summary and body's HTML)."""
    return any(
        key in content and content[key] != getattr(article, key)
        for key in ("headline", "summary", "body_html")
    )


# The columns among a revision's other content (`content_fields`): a text-only save may change
# the first three, and reads them all again.
_FIELD_COLUMNS = (
    "source",
    "hero_image_url",
    "hero_caption",
    "section_id",
    "region_id",
    "hero_image_id",
)


def fields_after_text_save(article: Article, before: dict[str, Any]) -> dict[str, Any]:
    """`content_fields(article)` after a save whose changes were all columns (`columns_written`),
    from `before` (its `snapshot` before the save): the names (section, region, tags, byline,
    picture) as they were, the columns as they are now, in `content_fields`' order."""
    fields = {key: value for key, value in before.items() if key not in _SNAPSHOT_TEXT}
    fields.update({key: getattr(article, key) for key in _FIELD_COLUMNS})
    return fields


_SNAPSHOT_TEXT = frozenset({"headline", "summary", "body"})


def keep_save_revision(
    article: Article,
    actor: User,
    reason: str,
    from_version: int,
    editing_token: str | None,
    previous: ArticleRevision | None,
    known: dict[str, Any],
    fields: dict[str, Any] | None = None,
) -> tuple[ArticleRevision, dict[str, Any] | None]:
    """The save's revision; an autosave moves its run's revision (`previous`, the newest before
    this save) forward instead of adding one. `fields`: the article's other content, when read
    already (`fields_after_text_save`). With the revision, a moved one's UPDATE parameters, which
    the caller sends (`written_after_claim`), or None."""
    if reason != "autosaved":
        return keep_revision(article, actor, reason, known), None
    if (
        previous is not None
        and previous.reason == "autosaved"
        and previous.actor_id == actor.id
        and editing_token is not None
        and (previous.fields or {}).get("editing_token") == editing_token
        and previous.version == from_version
        and clock.now() - previous.at < AUTOSAVE_COALESCE
    ):
        # One working-copy revision per run of autosaves: move the previous one forward, with
        # one UPDATE of its row (what the unit of work would write, without it).
        run_started = (previous.fields or {}).get("autosave_since", from_version)
        moved = {
            "version": article.version,
            "headline": article.headline,
            "summary": article.summary,
            "body": article.body,
            "fields": {
                **(content_fields(article, known) if fields is None else fields),
                "autosave_since": run_started,
                "editing_token": editing_token,
            },
            "at": clock.now(),
        }
        for name, value in moved.items():
            set_committed_value(previous, name, value)
        return previous, {"revision_id": previous.id} | {
            f"moved_{name}": value for name, value in moved.items()
        }
    fresh = keep_revision(article, actor, reason, known)
    fresh.fields = {**fresh.fields, "autosave_since": from_version, "editing_token": editing_token}
    return fresh, None


def written_after_claim(
    article: Article,
    actor: User,
    moved: dict[str, Any] | None,
    indexed: bool,
    audit: tuple[str, dict[str, Any]] | None,
) -> None:
    """What a save writes after its claim whose results nobody reads, on the session's
    connection past the ORM's execution (the claim, sent through it, has told its listeners the
    desk changed; none follows a revision's text or the index): the search index's row when its
    text changed (`indexed`, what `search.upkeep`'s flush hook does for a flushed story), the
    run's revision moved (`moved`, from `keep_save_revision`), a text-only save's audit line
    (`audit`: its action and details, `audit.record_written`). On PostgreSQL the three are one
    statement, the first two the audit INSERT's CTEs (bench:autosave12); elsewhere in turn."""
    session = db.session()
    action, details = audit if audit is not None else ("", {})
    if audit is None or session.get_bind().dialect.name != "postgresql":
        if indexed:
            index_written(session, [article])
        if moved is not None:
            session.connection().execute(_MOVE_REVISION, moved)
        if audit is not None:
            record_written(action, article, actor=actor, **details)
        return
    before: tuple[CTE, ...] = ()
    params: dict[str, Any] = {}
    if indexed:
        before += (POSTGRES_UPSERT_CTE,)
        params |= postgres_params(document(article))
    if moved is not None:
        before += (_MOVE_CTE,)
        params |= moved
    record_written_after(before, params, action, article, actor=actor, **details)


def slug_may_follow(article: Article) -> bool:
    """Once an article has been (or is set to be) public, its address is fixed."""
    return article.first_published_at is None and article.state not in (
        workflow.SCHEDULED,
        workflow.PUBLISHED,
    )


def slug_fits(slug: str, headline: str) -> bool:
    base = story_slug(headline)
    suffix = slug.removeprefix(base)
    return slug == base or (suffix.startswith("-") and suffix[1:].isdigit())
