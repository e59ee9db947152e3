"""An article's embargo page (`/embargo/<id>`): what holds, and for editors the forms to set or
move it and to lift it early (one editor asks with a note, another confirms).

Plain forms: each POST answers with a redirect to the article and a flash, or, for a problem, this
page again with the message beside its field and what was typed kept.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import clock, newsroom, workflow
from editorial.database import read_only
from editorial.embargo import service
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article
from editorial.permissions import get_visible_article
from editorial.refusal import Refused, answer
from editorial.workflow_guards import role_of

FIELDS = ("embargo_until", "embargo_source", "embargo_reason", "lift_note")


def _page(article: Article, status: int = 200, **context: Any) -> tuple[str, int]:
    person = current_person()
    typed = context.pop("typed", {})
    if not typed and article.embargo_until is not None and article.embargo_holds:
        typed = {
            "embargo_until": clock.to_local(article.embargo_until, newsroom.zone()).strftime(
                clock.INPUT_FORMAT
            ),
            "embargo_source": article.embargo_source,
            "embargo_reason": article.embargo_reason,
        }
    return (
        render_template(
            "embargo/page.html",
            article=article,
            editing=role_of(person) in workflow.EDITORS,
            settable=article.state in service.EMBARGO_STATES,
            typed=typed,
            error=context.pop("error", None),
            error_field=context.pop("error_field", None),
            **context,
        ),
        status,
    )


@read_only
def page(article_id: int) -> tuple[str, int]:
    """The embargo on one article, and (for editors) its forms."""
    return _page(get_visible_article(current_person(), article_id))


def _act(article_id: int, action: str, done: str) -> Response | tuple[str, int]:
    person = current_person()
    article = get_visible_article(person, article_id)
    typed = {key: request.form.get(key, "") for key in FIELDS}
    try:
        if action == "set":
            try:
                until = clock.parse_local(typed["embargo_until"], newsroom.zone())
            except clock.TimeProblem as problem:
                raise Refused(str(problem), field="embargo_until") from None
            changed = service.set_embargo(
                article, person, until, typed["embargo_source"], typed["embargo_reason"]
            )
            done = done if changed else "Nothing changed."
        elif action == "request":
            service.request_lift(article, person, typed["lift_note"])
        elif action == "withdraw":
            service.withdraw_lift(article, person)
        else:
            service.confirm_lift(article, person)
    except Refused as refused:
        db.session.rollback()
        said = answer(refused, f"embargo:{action}", article)
        article = get_visible_article(person, article_id)
        return _page(article, said.status, typed=typed, error=said.message,
                     error_field=said.field)  # fmt: skip
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("articles.show", article_id=article.id))


def set_embargo(article_id: int) -> Response | tuple[str, int]:
    """Set the embargo, or move its lift later."""
    return _act(article_id, "set", "The embargo is set.")


def request_lift(article_id: int) -> Response | tuple[str, int]:
    """Ask for an early lift (a second editor confirms)."""
    return _act(article_id, "request", "Early lift asked for: a second editor must confirm it.")


def withdraw_lift(article_id: int) -> Response | tuple[str, int]:
    """Take back the request for an early lift."""
    return _act(article_id, "withdraw", "The request for an early lift is withdrawn.")


def confirm_lift(article_id: int) -> Response | tuple[str, int]:
    """Confirm another editor's early lift: the embargo ends now."""
    return _act(article_id, "confirm", "The embargo is lifted.")
