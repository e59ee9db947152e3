"""The editor page: drawing it around a form (new or existing article, as typed), its live
preview as readers will see it, and what a save answers.

Shared by the editor's views (`editor`, `autosave`, `assist`, `corrections`) and the picture
panel's upload (`editorial.media.editor`), which all answer with this page; the editor's GET
keeps its content whole (`editor_kept`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from editorial import clock, languages, newsroom, workflow
from editorial.articles.comments.queries import open_threads
from editorial.articles.conflicts import StaleVersion
from editorial.articles.forms import ArticleForm, ContentFields
from editorial.articles.panels import actions_context
from editorial.articles.presence.service import HEARTBEAT_SECONDS, editing_now
from editorial.articles.queries import sent_back_by
from editorial.articles.service import SaveResult
from editorial.articles.translations.queries import source_context
from editorial.articles.validation import (
    byline_candidates,
    is_former_author,
    may_change_bylines,
)
from editorial.board_version import board_version_if_read
from editorial.extensions import db
from editorial.forms import optional_database_int
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.media import picker
from editorial.models import Article, Image, Region, Section, SectionGroup, User
from editorial.models.article import reading_minutes
from editorial.models.taxonomy import regions_in_order, sections_in_order
from editorial.permissions import can
from editorial.refusal import Refused, answer
from editorial.rendering import render_body
from editorial.templating import local_time
from editorial.text import count_words, slugify

Rendered = str | tuple[str, int] | Response


@dataclass
class PreviewStory:
    """What the public story head shows, from the editor's form as typed (nothing saved)."""

    headline: str
    section: Section | None
    region: Region | None
    authors: list[User]
    source: str
    published_at: datetime | None
    read_minutes: int
    tags: list[PreviewTag] = field(default_factory=list)
    hero_image: Image | None = None
    hero_image_url: str = ""
    hero_caption: str = ""


@dataclass(frozen=True)
class PreviewTag:
    """A tag as typed: its name and the slug its page would have."""

    name: str
    slug: str


def _an_id(value: str | None) -> int | None:
    """A posted id, or None for an empty or unreadable one (the preview never refuses)."""
    try:
        return optional_database_int(value)
    except ValueError:
        return None


def _typed_id(name: str, fallback: int | None) -> int | None:
    return _an_id(request.form.get(name)) if name in request.form else fallback


def preview_story(form: ContentFields, article: Article | None, words: int) -> PreviewStory:
    """The story head from what is typed (posted form fields), else from the saved article."""
    section_id = _typed_id("section_id", article.section_id if article else None)
    region_id = _typed_id("region_id", article.region_id if article else None)
    if "author_ids" in request.form:
        ids = [i for i in map(_an_id, request.form.getlist("author_ids")) if i]
        people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids[:20])))}
        authors = [people[i] for i in ids[:20] if i in people]
    else:
        authors = list(article.authors) if article else [current_person()]
    if "tags" in request.form:
        names = [n.strip() for n in (request.form.get("tags") or "").split(",") if n.strip()]
        tags = [PreviewTag(name, slugify(name)) for name in dict.fromkeys(names[:30])]
    else:
        tags = [PreviewTag(t.name, t.slug) for t in article.tags] if article else []
    return PreviewStory(
        headline=form.headline.data or "Your headline",
        section=db.session.get(Section, section_id) if section_id else None,
        region=db.session.get(Region, region_id) if region_id else None,
        authors=authors,
        source=form.source.data or "",
        published_at=article.published_at if article else None,
        read_minutes=reading_minutes(words, article.language if article else None),
        tags=tags,
        hero_image=_typed_picture(form, article),
        hero_image_url=str(
            request.form.get("hero_image_url", article.hero_image_url if article else "")
        ),
        hero_caption=str(request.form.get("hero_caption", article.hero_caption if article else "")),
    )


def _typed_picture(form: ContentFields, article: Article | None) -> Image | None:
    """The picture as chosen in the form (posted), else the saved one."""
    if "hero_image_id" in request.form:
        image_id = _an_id(request.form.get("hero_image_id"))
        return db.session.get(Image, image_id) if image_id else None
    return article.hero_image if article else None


def preview_context(form: ContentFields, article: Article | None = None) -> dict[str, Any]:
    """What `_preview.html` shows: the typed text rendered exactly as the public page renders it,
    inside the public page's own story head and tags; `preview_url` is where the live preview
    and the full-width one post the form (naming the article, for what the form doesn't hold)."""
    body = form.body.data or ""
    words = count_words(body)
    rendered = render_body(body)
    return {
        "preview_url": (
            url_for("articles.preview", article=article.id)
            if article
            else url_for("articles.preview")
        ),
        "preview_story": preview_story(form, article, words),
        "preview_headline": form.headline.data or "",
        "preview_summary": form.summary.data or "",
        "preview_html": rendered.html,
        "preview_shown_as_text": rendered.shown_as_text,
        "preview_dropped": rendered.dropped,
        "word_count": words,
        "read_minutes": reading_minutes(words, article.language if article else None),
        # The story as its edition lays it out: Arabic right to left as a whole.
        "preview_language": article.lang if article else languages.get(newsroom.default_language()),
    }


def taxonomy_context(keep_section: Any = None, keep_region: Any = None) -> dict[str, Any]:
    """Sections in their two menus and regions, for the selects: retired ones left out, except
    the one the story already has (`keep_*`), so saving it never drops it."""
    sections = [s for s in sections_in_order(retired=True) if not s.retired or s.id == keep_section]
    regions = [r for r in regions_in_order(retired=True) if not r.retired or r.id == keep_region]
    return {
        "section_groups": [
            (group.value, [s for s in sections if s.group == group]) for group in SectionGroup
        ],
        "regions": regions,
    }


def byline_choices(form: ContentFields, article: Article | None) -> Markup:
    """The byline's checkboxes (`articles/_byline_choices.html`): a box for every active writer
    (a hundred and more people, each a `User` loaded and a row drawn) and whoever is already on
    the byline, ticked as the form says.

    On a page that read the desk's version first (the editor's GET) they are kept under it,
    the byline and the ticks: every change to a person (joining, leaving, a new role or name)
    or to the byline moves the version. A form posted back is drawn afresh."""
    already = list(article.authors) if article else []

    def render() -> str:
        return render_template(
            "articles/_byline_choices.html",
            byline_people=byline_candidates(already),
            former_author=is_former_author,
            form=form,
        )

    version = board_version_if_read()
    ticked = form.author_ids.data or []
    if version is None or not all(isinstance(person_id, int) for person_id in ticked):
        return Markup(render())  # noqa: S704  (a template's escaped output)
    key = ("articles.byline_choices", version, tuple(p.id for p in already), tuple(ticked))
    return Markup(fragment_cache().get_or_render(key, render))  # noqa: S704  (escaped output)


def render_editor(
    form: ArticleForm,
    article: Article | None,
    *,
    status: int = 200,
    conflict: StaleVersion | None = None,
    picture_panel: dict[str, Any] | None = None,
) -> Rendered:
    """The editor page around `form` (new when `article` is None); `picture_panel` is the
    picture panel's context after an upload or a library search (`editorial.media.editor`).
    The editor's GET keeps the page's content whole instead (`articles.editor_kept`)."""
    context = editor_context(
        form, article, status=status, conflict=conflict, picture_panel=picture_panel
    )
    if article is not None:
        context["editors"] = editing_now(article, current_person())
    return render_template("articles/edit.html", **context), status


def editor_context(
    form: ArticleForm,
    article: Article | None,
    *,
    status: int = 200,
    conflict: StaleVersion | None = None,
    picture_panel: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What `articles/_editor.html` shows around `form`, but who else is editing (`editors`,
    which no version follows: the caller's)."""
    person = current_person()
    context: dict[str, Any] = {
        "form": form,
        "article": article,
        "conflict": conflict,
        "refused": status >= 400,  # the form holds unsaved text (static/js/keep.js)
        "bylines_editable": may_change_bylines(person),
        "byline_choices": byline_choices(form, article) if may_change_bylines(person) else "",
        "heartbeat_seconds": HEARTBEAT_SECONDS,
        "editor_language": article.lang if article else languages.get(newsroom.default_language()),
        **taxonomy_context(form.section_id.data, form.region_id.data),
        **preview_context(form, article),
    }
    context["picture_panel"] = picture_panel or picker.panel_context(
        article, picker.chosen_picture(form.hero_image_id.data)
    )
    if article is not None:
        context |= actions_context(article, next=url_for("articles.show", article_id=article.id))
        context["article"] = article
        context["autosave_on"] = article.state == workflow.DRAFT
        context |= source_context(article, person)
        if can(person, "article.history", article):  # notes and comments are the inside
            context["sent_back"] = sent_back_by(article)
            context["open_threads"] = open_threads(article.id)
    return context


def refused_save(form: ArticleForm, article: Article, refused: Refused) -> Rendered:
    """The editor as typed after a refused save: 409 with the other person's change shown, else
    the refusal's own status (`refusal.answer`: 422 to fix, 403 audited) beside the field."""
    refusal = answer(refused, "article.edit", article)
    form.show_refusal(refused)
    if isinstance(refused, StaleVersion):
        return render_editor(form, article, status=409, conflict=refused)
    return render_editor(form, article, status=refusal.status)


def saved_message(result: SaveResult) -> str:
    """What the writer is told after a save."""
    if result.revision is None:
        return "Nothing had changed, so there was nothing to save."
    message = f"Saved at {local_time(clock.now(), '%H:%M')} (version {result.article.version})."
    if result.rechecked:
        message += " It had been cleared, so it has gone back to fact-check."
    return message
