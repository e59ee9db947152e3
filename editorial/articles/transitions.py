"""The one endpoint that moves an article through the state machine.

A normal POST redirects back (to the article, or a local `next`) with a message; an htmx POST
gets the refreshed actions panel and an `articleTransitioned` event the board listens to. A
refusal keeps what was typed and says why, beside the field it concerns.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import clock, htmx, settings, workflow
from editorial.articles import bp
from editorial.articles.pages import actions_context, other_panels, show_context
from editorial.extensions import db
from editorial.forms import optional_database_int
from editorial.identity import current_person
from editorial.models import Article
from editorial.permissions import deny, get_visible_article
from editorial.security import safe_next
from editorial.services import Refused
from editorial.services.transitions import Request, apply


def _parse_request() -> Request:
    """The note, publish time (local, in the newsroom's zone) and fact-checker from the form."""
    publish_at = None
    raw_time = (request.form.get("publish_at") or "").strip()
    if raw_time:
        try:
            publish_at = clock.parse_local(raw_time, settings.zone())
        except clock.TimeProblem as problem:
            raise Refused(str(problem), field="publish_at") from None
    checker = request.form.get("fact_checker_id") or ""
    return Request(
        note=request.form.get("note", ""),
        publish_at=publish_at,
        fact_checker_id=_optional_int(checker),
    )


def _optional_int(value: str) -> int | None:
    try:
        return optional_database_int(value)
    except ValueError:
        return None


@bp.route("/<int:article_id>/transition/<name>", methods=["POST"])
def transition(article_id: int, name: str) -> Response:
    """Apply transition `name` to the article, as the signed-in user."""
    person = current_person()
    article = get_visible_article(person, article_id)
    if name not in workflow.BY_NAME:
        abort(404)
    from_state = article.state
    typed = {key: request.form.get(key, "") for key in ("note", "publish_at", "fact_checker_id")}
    try:
        step = apply(article, name, person, _parse_request())
    except Refused as refused:
        db.session.rollback()
        if refused.status == 403:
            deny(f"transition:{name}", article)
        return _refused(article_id, name, refused, typed)
    db.session.commit()
    message = _done_message(article.headline, step.to_state)
    if htmx.is_htmx():
        moved = {"id": article.id, "from": from_state, "to": step.to_state}
        html = render_template("articles/_actions.html", **actions_context(article))
        return htmx.respond(
            html + other_panels(article, "actions"),
            trigger={"articleTransitioned": moved, **htmx.toast(message)},
        )
    flash(message, "success")
    return redirect(
        safe_next(request.form.get("next")) or url_for("articles.show", article_id=article.id)
    )


def _done_message(headline: str, state: str) -> str:
    short = headline if len(headline) <= 60 else headline[:57] + "..."
    return f"“{short or 'Untitled'}” is now in {workflow.STATE_LABELS[state]}."


def _refused(article_id: int, name: str, refused: Refused, typed: dict[str, str]) -> Response:
    """Re-render with the reason beside the form it concerns and the typed text kept."""
    article = db.session.get(Article, article_id) or abort(404)
    build = actions_context if htmx.wants_fragment() else show_context
    context = build(
        article, error=str(refused), error_for=name, error_field=refused.field, typed=typed
    )
    status = refused.status if refused.status in (404, 409, 422) else 422
    return htmx.render("articles/show.html", "articles/_actions.html", status=status, **context)
