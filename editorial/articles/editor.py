"""The article editor: write and save, preview as readers will see it, autosave drafts.

Views are thin: the forms check what a person can fix, `editorial.services.articles` does the
saving (permissions, the version guard, revisions, the recheck rule). Every refusal re-renders
the form with what was typed: 422 beside the field, 409 with the other person's change shown and
the current version in the form, so saving again (after merging) succeeds.

The live preview and word count are an enhancement (htmx after a pause in typing, editor.js for
the count on every key); without JavaScript the "Preview" button re-renders the page with the
preview filled and saves nothing.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy import select
from werkzeug.wrappers import Response

from editorial import clock, workflow
from editorial.articles import bp
from editorial.articles.editor_forms import ArticleForm, ContentFields, NewArticleForm
from editorial.articles.pages import actions_context
from editorial.database import read_only
from editorial.extensions import db
from editorial.models import Article, Region, Section, SectionGroup, Tag, User
from editorial.models.article import reading_minutes
from editorial.permissions import can, deny, get_article_for, get_visible_article, require
from editorial.rendering import render_markdown
from editorial.services import Refused
from editorial.services.article_data import byline_candidates, may_change_bylines
from editorial.services.articles import SaveResult, create_article, save_article
from editorial.services.conflicts import StaleVersion
from editorial.services.presence import HEARTBEAT_SECONDS, editing_now
from editorial.templating import local_time
from editorial.text import count_words, slugify

TAG_SUGGESTIONS = 10

Rendered = str | tuple[str, int] | Response


def preview_context(form: ContentFields) -> dict[str, Any]:
    """What `_preview.html` shows: the typed text rendered exactly as the public page renders it."""
    body = form.body.data or ""
    words = count_words(body)
    return {
        "preview_headline": form.headline.data or "",
        "preview_summary": form.summary.data or "",
        "preview_html": render_markdown(body),
        "word_count": words,
        "read_minutes": reading_minutes(words),
    }


def attach_error(form: ContentFields, refused: Refused) -> None:
    """Put a service refusal beside its field (or above the form when it names none)."""
    target = getattr(form, refused.field, None) if refused.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, str(refused)]
    else:
        form.form_errors.append(str(refused))


def taxonomy_context() -> dict[str, Any]:
    """Sections in their two menus and regions, for the selects."""
    sections = db.session.scalars(select(Section).order_by(Section.position, Section.name)).all()
    return {
        "section_groups": [
            (group.value, [s for s in sections if s.group == group]) for group in SectionGroup
        ],
        "regions": db.session.scalars(select(Region).order_by(Region.position, Region.name)).all(),
    }


def render_editor(
    form: ArticleForm,
    article: Article | None,
    *,
    status: int = 200,
    conflict: StaleVersion | None = None,
) -> Rendered:
    """The editor page around `form` (new when `article` is None)."""
    context: dict[str, Any] = {
        "form": form,
        "article": article,
        "conflict": conflict,
        "bylines_editable": may_change_bylines(current_user),
        "byline_people": byline_candidates(),
        "heartbeat_seconds": HEARTBEAT_SECONDS,
        **taxonomy_context(),
        **preview_context(form),
    }
    if article is not None:
        context |= actions_context(article, next=url_for("articles.show", article_id=article.id))
        context["article"] = article
        context["editors"] = editing_now(article, current_user)
        context["autosave_on"] = article.state == workflow.DRAFT
    return render_template("articles/edit.html", **context), status


def _form_for(article: Article) -> ArticleForm:
    return ArticleForm(
        data={
            "version": article.version,
            "headline": article.headline,
            "summary": article.summary,
            "body": article.body,
            "source": article.source,
            "section_id": article.section_id,
            "region_id": article.region_id,
            "tags": ", ".join(tag.name for tag in article.tags),
            "hero_image_url": article.hero_image_url,
            "hero_caption": article.hero_caption,
            "author_ids": [author.id for author in article.authors],
        }
    )


def signed_in_user() -> User:
    """The signed-in user itself, not the request-bound proxy, for services and signals to keep."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


@bp.route("/new", methods=["GET", "POST"])
@require("article.create")
def new() -> Rendered:
    """Start an article; saving it creates a draft with you on the byline."""
    form = NewArticleForm()
    if request.method == "GET":
        form.author_ids.data = [current_user.id]
        return render_editor(form, None)
    if form.preview.data:
        return render_editor(form, None)
    if form.validate():
        try:
            article = create_article(signed_in_user(), form.data_for_save(bylines=True))
        except Refused as refused:
            db.session.rollback()
            attach_error(form, refused)
        else:
            db.session.commit()
            flash("Draft created. It is saved; keep writing.", "success")
            return redirect(url_for("articles.edit", article_id=article.id))
    return render_editor(form, None, status=422)


@bp.route("/<int:article_id>/edit", methods=["GET", "POST"])
def edit(article_id: int) -> Rendered:
    """Edit an article's content; a save from an out-of-date version answers 409."""
    article = get_article_for(current_user, "article.edit", article_id)
    if request.method == "GET":
        return render_editor(_form_for(article), article)
    form = ArticleForm()
    if form.preview.data:
        return render_editor(form, article)
    if not form.validate():
        return render_editor(form, article, status=422)
    try:
        data = form.data_for_save(may_change_bylines(current_user))
        result = save_article(article, signed_in_user(), data, form.version.data)
    except StaleVersion as conflict:
        return _conflict(form, article_id, conflict)
    except Refused as refused:
        return _refused(form, article_id, refused)
    db.session.commit()
    flash(_saved_message(result), "success" if result.revision else "info")
    if not can(current_user, "article.edit", result.article):
        return redirect(url_for("articles.show", article_id=article_id))
    return redirect(url_for("articles.edit", article_id=article_id))


def _conflict(form: ContentFields, article_id: int, conflict: StaleVersion) -> Rendered:
    """The form as typed, now carrying the current version, with what the other person changed."""
    db.session.rollback()
    article = db.session.get(Article, article_id) or abort(404)
    form.version.data = conflict.current_version
    form.version.raw_data = [str(conflict.current_version)]
    form.form_errors.append(str(conflict))
    return render_editor(form, article, status=409, conflict=conflict)  # type: ignore[arg-type]


def _refused(form: ArticleForm, article_id: int, refused: Refused) -> Rendered:
    db.session.rollback()
    article = db.session.get(Article, article_id) or abort(404)
    if refused.status == 403:
        deny("article.edit", article)
    attach_error(form, refused)
    return render_editor(form, article, status=422 if refused.status != 409 else 409)


def _saved_message(result: SaveResult) -> str:
    if result.revision is None:
        return "Nothing had changed, so there was nothing to save."
    message = f"Saved at {local_time(clock.now(), '%H:%M')} (version {result.article.version})."
    if result.rechecked:
        message += " It had been cleared, so it has gone back to fact-check."
    return message


@bp.route("/<int:article_id>/autosave", methods=["POST"])
def autosave(article_id: int) -> Rendered:
    """Save a draft while its writer types (htmx); never over someone else's newer save.

    A conflict stops autosaving (the status element comes back without its trigger) and shows
    what the other person changed; the writer's text stays in the form for a normal Save.
    """
    article = get_visible_article(current_user, article_id)
    if request.htmx and not can(current_user, "article.edit", article):
        # A page left open after the article moved on (submitted, spiked): stop quietly.
        label = workflow.STATE_LABELS[article.state]
        message = (
            f"Autosave stopped: the article is in {label} now and you can't edit it there. "
            "Your text is still in the form; copy what you need."
        )
        return _autosave_stopped(article_id, message=message)
    article = get_article_for(current_user, "article.edit", article_id)
    form = ArticleForm()
    if not form.validate():
        if not request.htmx:
            return render_editor(form, article, status=422)
        problem = next(iter(form.errors.values()))[0]
        return _autosave_status(article, f"Not saved automatically: {problem}", status=422)
    try:
        data = form.data_for_save(may_change_bylines(current_user))
        result = save_article(article, signed_in_user(), data, form.version.data, autosave=True)
    except StaleVersion as conflict:
        if not request.htmx:
            return _conflict(form, article_id, conflict)
        db.session.rollback()
        return _autosave_stopped(article_id, conflict=conflict)
    except Refused as refused:
        if not request.htmx or refused.status == 403:
            return _refused(form, article_id, refused)
        db.session.rollback()
        return _autosave_stopped(article_id, message=str(refused))
    db.session.commit()
    if not request.htmx:
        flash(_saved_message(result), "success")
        return redirect(url_for("articles.edit", article_id=article_id))
    if result.revision is None:
        return _autosave_status(article, "All changes saved.")
    return _autosave_status(
        article, f"Saved automatically at {local_time(clock.now(), '%H:%M')}.", saved=True
    )


def _autosave_status(
    article: Article, message: str, *, status: int = 200, saved: bool = False
) -> Rendered:
    html = render_template(
        "articles/_autosave_status.html", article=article, message=message, saved=saved
    )
    return html, status


def _autosave_stopped(
    article_id: int, *, conflict: StaleVersion | None = None, message: str = ""
) -> Response:
    article = db.session.get(Article, article_id) or abort(404)
    html = render_template(
        "articles/_autosave.html",
        article=article,
        autosave_on=False,
        conflict=conflict,
        message=message,
    )
    response = make_response(html, 409 if conflict else 200)
    response.headers["HX-Reswap"] = "outerHTML"  # replace the trigger element: autosave stops
    return response


@bp.route("/preview", methods=["POST"])
@read_only
@require("article.create")
def preview() -> Rendered:
    """The typed headline, summary and body rendered as the public page will (nothing is saved)."""
    form = ContentFields(meta={"csrf": False})  # CSRFProtect has checked the token already
    context = preview_context(form)
    if request.htmx:
        return render_template("articles/_preview.html", oob_counts=True, **context)
    return render_template(
        "articles/panel.html", title="Preview", partial="articles/_preview.html", **context
    )


@bp.route("/tags")
@read_only
@require("article.create")
def tag_suggestions() -> Rendered:
    """Existing tags starting with the last comma-separated name typed (for the <datalist>)."""
    typed = request.args.get("q", request.args.get("tags", ""))[:1500]
    before, _, last = typed.rpartition(",")
    term = " ".join(last.split())
    chosen = [" ".join(name.split()) for name in before.split(",") if name.strip()]
    tags: list[Tag] = []
    if term:
        matches = Tag.name.istartswith(term, autoescape=True)
        if slugify(term) != "untitled":  # a name with no ASCII letters has no useful slug
            matches |= Tag.slug.startswith(slugify(term), autoescape=True)
        tags = list(
            db.session.scalars(
                select(Tag).where(matches).order_by(Tag.name).limit(TAG_SUGGESTIONS + len(chosen))
            )
        )
    taken = {slugify(name) for name in chosen}
    prefix = ", ".join(chosen) + ", " if chosen else ""
    options = [prefix + tag.name for tag in tags if tag.slug not in taken][:TAG_SUGGESTIONS]
    context = {"options": options, "term": term}
    if request.htmx:
        return render_template("articles/_tag_options.html", **context)
    return render_template(
        "articles/panel.html", title="Tags", partial="articles/_tag_list.html", **context
    )
