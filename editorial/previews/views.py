"""The desk's side of preview links: the story's panel, making a link (its address shown once)
and revoking one. The reviewer's side is `reviewer.py`."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.board_version import board_version_if_known, moved_by_this_request
from editorial.csrf_holes import HOLE, fill
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person, signed_in_person
from editorial.models import Article, PreviewLink
from editorial.permissions import can, get_visible_article
from editorial.previews import queries, service
from editorial.previews.forms import ActionForm, LinkForm
from editorial.refusal import Refused, answer
from editorial.urls import public_url

ACTION = "preview.manage"


def panel_context(article: Article, form: LinkForm | None = None) -> dict[str, Any]:
    """What `previews/_panel.html` shows: the links for whoever may see inside the story, the
    form for whoever may make one."""
    inside, manage = _may(article)
    return {
        "article": article,
        "inside": inside,
        "manage": manage,
        "links": queries.links_of(article) if inside else [],
        "form": form or LinkForm(formdata=None),
        "action_form": ActionForm(formdata=None),
    }


def panel_html(article: Article, oob: bool = False) -> Markup:
    """The story page's Preview links panel for this request (the template global
    `preview_panel`, drawn by `articles/_previews_slot.html` on the desk page and beside a
    verdict's or a transition's answer).

    A story with no links (nearly every one) shows the same panel to everyone who may do the
    same with it: kept per (story, may see inside, may make one, out of band), with a hole for
    the CSRF token (its form and its two WTForms objects were a tenth of a verdict's CPU). A
    story with links is drawn afresh: its links' views and states move with no version."""
    inside, manage = _may(article)
    links = queries.links_of(article) if inside and _has_links(article.id) else []
    if links:
        html = render_template("previews/_panel.html", p=panel_context(article), oob=oob)
        return Markup(html)  # noqa: S704  (a template's escaped output)

    def render() -> str:
        p = {"article": article, "inside": inside, "manage": manage, "links": []}
        if manage:
            p |= {"form": LinkForm(formdata=None), "action_form": ActionForm(formdata=None)}
        return render_template("previews/_panel.html", p=p, oob=oob, csrf_token=lambda: HOLE)

    key = ("previews.panel", article.id, inside, manage, oob)
    return fill(fragment_cache().get_or_render(key, render), generate_csrf)


def _has_links(article_id: int) -> bool:
    """Whether the story has any link, kept under the desk's version when this request has read
    it (nothing more is read for it): making or revoking a link moves that version (a reviewer's
    view, which does not, changes no answer here). None at the version just before this
    request's own write is none at the version it moved to, unless that write made a link (only
    this blueprint's views do), so a run of verdicts reads it once. A "yes" kept under a version
    that had none (a read that saw a later link) only costs reading the links (`links_of`),
    which decide what is drawn, as before."""
    board = board_version_if_known()
    if board is None:
        return queries.has_links(article_id)
    cache = fragment_cache()

    def read() -> bool:
        if moved_by_this_request() == board and request.blueprint != "previews":
            if cache.peek((HAS_LINKS, article_id, board - 1)) is False:
                return False
        return queries.has_links(article_id)

    found: bool = cache.get_or_render((HAS_LINKS, article_id, board), read)
    return found


HAS_LINKS = "previews.has_links"


def _may(article: Article) -> tuple[bool, bool]:
    """Whether this request's person may see inside the story, and make a link to it."""
    person = signed_in_person()
    inside = person is not None and can(person, "article.history", article)
    return inside, inside and can(person, ACTION, article)


def create(article_id: int) -> tuple[str, int]:
    """Make a link for a named reviewer; the answer shows its address, this once."""
    person = current_person()
    article = get_visible_article(person, article_id)
    form = LinkForm()
    error = None
    if form.validate_on_submit():
        try:
            made = service.create(
                article,
                person,
                name=form.reviewer_name.data or "",
                email=form.reviewer_email.data or "",
                note=form.note.data or "",
                pinned=form.follows.data != "latest",
                hours=form.hours.data or service.DEFAULT_HOURS,
            )
        except Refused as refused:
            refusal = answer(refused, ACTION, article)
            error, status = refusal.message, refusal.status
        else:
            db.session.commit()
            address = public_url("previews.show", token=made.token)
            page = render_template("previews/created.html", link=made.link, address=address)
            return page, 201
    else:
        status = 422
        if not can(person, ACTION, article):  # refused before what was typed is even read
            denied = Refused("You can't share a preview of this story.", status=403)
            error, status = answer(denied, ACTION, article).message, 403
    context = panel_context(article, form)
    return render_template("previews/new.html", error=error, **context), status


def revoke(article_id: int, link_id: int) -> Response:
    """End a link at once."""
    person = current_person()
    article = get_visible_article(person, article_id)
    link = db.session.get(PreviewLink, link_id)
    back = url_for("articles.show", article_id=article.id) + "#previews"
    if link is None or link.article_id != article.id:
        abort(404)
    try:
        service.revoke(link, person)
    except Refused as refused:
        refusal = answer(refused, ACTION, article)
        if htmx.is_htmx():
            context = panel_context(article) | {"error": refusal.message}
            return htmx.fragment("previews/_panel.html", p=context, status=refusal.status)
        flash(refusal.message, "error")
        return redirect(back)
    db.session.commit()
    return htmx.done(
        f"Revoked: {link.reviewer_name}'s link no longer opens the story.",
        lambda: render_template("previews/_panel.html", p=panel_context(article)),
        back,
    )
