""" "Being edited by NAME": the editor's heartbeat, and the notice others see.

The editor page POSTs a heartbeat every ~20 seconds (htmx, CSRF token in the hx-headers) and gets
back the notice about everyone else who has it open; the article page polls the same notice with
a GET, which writes nothing. Someone whose last heartbeat is over a minute old is not shown.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from editorial.articles import bp
from editorial.articles.editor import signed_in_user
from editorial.database import read_only
from editorial.extensions import db
from editorial.permissions import can, get_visible_article
from editorial.services.presence import editing_now, heartbeat, leave


def _notice(article_id: int) -> str:
    article = get_visible_article(current_user, article_id)
    context = {"article": article, "editors": editing_now(article, current_user)}
    if request.htmx:
        return render_template("articles/_presence.html", **context)
    return render_template(
        "articles/panel.html", title="Who is editing", partial="articles/_presence.html", **context
    )


@bp.route("/<int:article_id>/presence")
@read_only
def presence(article_id: int) -> str:
    """Who else has this article open in the editor now (fragment for htmx, else a page)."""
    return _notice(article_id)


@bp.route("/<int:article_id>/presence", methods=["POST"])
def presence_heartbeat(article_id: int) -> str | Response | tuple[str, int]:
    """The editor is still open (or, with `leaving`, closed); answers with who else is there.

    Only someone who may edit the article counts as editing it; anyone else gets the notice only.
    """
    article = get_visible_article(current_user, article_id)
    if can(current_user, "article.edit", article):
        if request.form.get("leaving"):
            leave(article, signed_in_user())
            db.session.commit()
            return "", 204
        heartbeat(article, signed_in_user())
        db.session.commit()
    if not request.htmx:
        editing = can(current_user, "article.edit", article)
        return redirect(
            url_for("articles.edit" if editing else "articles.show", article_id=article_id)
        )
    return _notice(article_id)
