"""An article's desk page (its state, what you can do with it, its history), and the story as
readers will see it before it runs."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from editorial import htmx, workflow
from editorial.articles.panels import show_context
from editorial.identity import current_person
from editorial.permissions import get_visible_article
from editorial.security import safe_next


def show(article_id: int) -> str:
    """The article as the desk sees it, with its transition buttons and history.

    `?next=` (a local path: the board a card menu came from) is where its buttons return to.
    """
    article = get_visible_article(current_person(), article_id)
    back = safe_next(request.args.get("next"))
    extra: dict[str, Any] = {"next": back} if back else {}
    return render_template("articles/show.html", **show_context(article, **extra))


def as_published(article_id: int) -> Response:
    """A scheduled (or published) story as readers will see it, for the desk, before it runs.

    The public page's own template, without the lists that only exist once it is out (related,
    most read); never cached and kept out of search engines.
    """
    article = get_visible_article(current_person(), article_id)
    if article.state not in (workflow.DUE_STATE, workflow.PUBLIC_STATE):
        abort(404)
    page = render_template(
        "public/article.html",
        article=article,
        related=[],
        read_next=None,
        most_read=[],
        preview=True,
    )
    response = htmx.respond(page)
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "private, no-store"
    return response
