"""The Assignment panel's endpoints: choose the editor or fact-checker, or take unassigned work.

An htmx change gets the panel back (and a toast); a plain form post is redirected back with a
message. Refusals (a role that doesn't fit, a deactivated person, a byline author as checker,
someone else changing it first) answer with the panel and the reason, and nothing changes.
"""

from __future__ import annotations

from functools import partial

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.articles.assignment import service
from editorial.articles.panels import assignment_context, refreshed, show_context
from editorial.database import read_only
from editorial.extensions import db
from editorial.forms import optional_database_int
from editorial.identity import current_person
from editorial.models import Article, User
from editorial.page_cache import changes_no_page
from editorial.permissions import can, deny, get_visible_article
from editorial.refusal import Answer, Refused, answer
from editorial.security import safe_next


@read_only
def assignment(article_id: int) -> Response:
    """The panel alone (htmx), or the article's page."""
    article = get_visible_article(current_person(), article_id)
    if not htmx.wants_fragment():
        return redirect(url_for("articles.show", article_id=article.id))
    return htmx.fragment("articles/_assignment.html", **assignment_context(article))


@changes_no_page
def assign(article_id: int, duty: str) -> Response:
    """Give the article's `duty` (editor, fact_checker) to the chosen person, or to nobody."""
    person = current_person()
    article = get_visible_article(person, article_id)
    if not can(person, "article.assign", article):
        deny("article.assign", article)
    try:
        chosen_duty = service.duty_named(duty)
        chosen = _person(request.form.get("person_id"))
        seen = _id(request.form.get("seen"))
        change = service.assign(article, chosen_duty, chosen, person, seen=seen)
    except Refused as refused:
        return _refused(article_id, answer(refused, "article.assign", article))
    db.session.commit()
    if change is None:
        message = "Nothing changed."
    elif chosen is None:
        message = f"No {chosen_duty.label.lower()} assigned now."
    else:
        message = f"{chosen.display_name} is now the {chosen_duty.label.lower()}."
    return _done(article, message)


@changes_no_page
def take(article_id: int) -> Response:
    """Take the unassigned work on the article that fits one's role ("Take it")."""
    person = current_person()
    article = get_visible_article(person, article_id)
    was_inside = can(person, "article.history", article)  # a fact-checker taking it gets in
    try:
        change = service.take(article, person)
    except Refused as refused:
        return _refused(article_id, answer(refused, "article.take", article))
    db.session.commit()
    duty = service.DUTIES[change.duty]
    return _done(article, f"You are now the {duty.label.lower()}.", was_inside=was_inside)


def _person(raw: str | None) -> User | None:
    person_id = _id(raw)
    if person_id is None:
        return None
    person = db.session.get(User, person_id)
    if person is None:
        raise Refused("There is no such person. Reload the page and choose again.")
    return person


def _id(raw: str | None) -> int | None:
    try:
        return optional_database_int(raw)
    except ValueError:
        raise Refused("That choice is out of date. Reload the page and choose again.") from None


def _done(article: Article, message: str, was_inside: bool | None = None) -> Response:
    back = safe_next(request.form.get("next")) or url_for("articles.show", article_id=article.id)
    return htmx.done(
        message,
        partial(refreshed, article, "assignment", was_inside),
        back,
        trigger={"articleChanged": {"id": article.id}},
    )


def _refused(article_id: int, refusal: Answer) -> Response:
    """The panel (htmx) or the page again, with the reason in the panel; nothing changed."""
    article = db.session.get(Article, article_id) or abort(404)
    if htmx.wants_fragment():
        return htmx.fragment(
            "articles/_assignment.html",
            status=refusal.status,
            **assignment_context(article, refusal.message),
        )
    context = show_context(article)
    context["assignment"]["error"] = refusal.message
    return htmx.respond(render_template("articles/show.html", **context), status=refusal.status)
