"""The live desk's buttons: start and end the coverage, choose who posts directly, and each
post's actions (publish, pin, key event, needs check, clear, promote, delete). Every one is a
real `<form method=post>`: a plain post comes back to the desk page; with htmx, start, end and
who posts directly redraw the desk, and a post's button is answered by `answers.Change`, only
the posts it changed (and the pinned box and counts), out of band."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from editorial import clock, htmx
from editorial.extensions import db
from editorial.identity import current_person
from editorial.live import checks, queries, service
from editorial.live.answers import Change
from editorial.live.forms import ActionForm
from editorial.live.views import desk_article, desk_context, live_story, refused_desk
from editorial.models import Article, LivePost, Role, User
from editorial.page_cache import changes_no_page
from editorial.refusal import Refused

# name -> (what it does, its permission (for a refusal's audit row), what the toast says)
POST_ACTIONS: dict[str, tuple[Callable[[LivePost, User], object], str, str]] = {
    "publish": (lambda p, u: service.publish(p, u, clock.now()), "live.manage", "Published."),
    "pin": (lambda p, u: service.set_pinned(p, True, u), "live.manage", "Pinned: it shows first."),
    "unpin": (lambda p, u: service.set_pinned(p, False, u), "live.manage", "Unpinned."),
    "key": (lambda p, u: service.set_key_event(p, True, u), "live.manage", "Marked a key event."),
    "unkey": (
        lambda p, u: service.set_key_event(p, False, u),
        "live.manage",
        "No longer a key event.",
    ),
    "check": (lambda p, u: service.ask_check(p, u), "live.manage", "Held for a fact-check."),
    "clear": (
        lambda p, u: checks.clear(p, u, clock.now(), request.form.get("note", "")),
        "live.check",
        "Cleared: an editor can publish it now.",
    ),
    "promote": (
        lambda p, u: service.promote(p, u, clock.now()),
        "breaking.manage",
        "On the BREAKING ticker now.",
    ),
    "delete": (lambda p, u: service.delete(p, u, clock.now()), "live.manage", "Deleted."),
}


def _answer(article: Article, message: str, anchor: str = "") -> Response:
    db.session.commit()
    back = url_for("live.desk", article_id=article.id, _anchor=anchor or None)
    return htmx.done(
        message,
        lambda: render_template("live/_desk_body.html", **desk_context(article)),
        back,
    )


def _checked_form(article: Article, permission: str) -> Response | None:
    if not ActionForm().validate_on_submit():
        return refused_desk(article, Refused("The form expired: try again."), permission)
    return None


@changes_no_page  # the service moves the site's version on when readers see the change
def post_action(article_id: int, post_id: int, action: str) -> Response:
    """One of a post's buttons."""
    article = desk_article(article_id)
    if action not in POST_ACTIONS:
        abort(404)
    operation, permission, message = POST_ACTIONS[action]
    post = queries.post(article.id, post_id)
    if post is None:
        abort(404)
    if (bad := _checked_form(article, permission)) is not None:
        return bad
    change = Change(article)
    try:
        operation(post, current_person())
    except Refused as refused:
        return refused_desk(article, refused, permission)
    anchor = None if action == "delete" else post.anchor
    return change.answer(message, url_for("live.desk", article_id=article.id, _anchor=anchor))


def start(article_id: int) -> Response:
    """Make the story live (or live again)."""
    article = desk_article(article_id)
    if (bad := _checked_form(article, "live.manage")) is not None:
        return bad
    try:
        service.start(article, current_person(), clock.now())
    except Refused as refused:
        return refused_desk(article, refused, "live.manage")
    return _answer(article, "Live: posts can go out now.")


def end(article_id: int) -> Response:
    """End the coverage: the LIVE marks go, the posts stay."""
    article = desk_article(article_id)
    story = live_story(article)
    if (bad := _checked_form(article, "live.manage")) is not None:
        return bad
    try:
        service.end(story, current_person(), clock.now())
    except Refused as refused:
        return refused_desk(article, refused, "live.manage")
    return _answer(article, "Ended: every post stays on the page.")


@changes_no_page  # who posts directly is the desk's business only
def direct(article_id: int) -> Response:
    """Choose the reporters whose posts go out without waiting."""
    article = desk_article(article_id)
    story = live_story(article)
    if (bad := _checked_form(article, "live.manage")) is not None:
        return bad
    ids = [int(value) for value in request.form.getlist("reporters") if value.isdigit()]
    query = select(User).where(User.id.in_(ids), User.role == Role.REPORTER)
    try:
        service.allow_direct(story, list(db.session.scalars(query)), current_person())
    except Refused as refused:
        return refused_desk(article, refused, "live.manage")
    return _answer(article, "Saved who posts directly.")
