"""Correcting a published article: the text changes and readers see a dated notice saying why.

Published articles can't be edited (see `permissions`); editors change them only here. The save
is guarded by the version like any other, keeps a revision ("corrected"), writes an audit event
and re-renders the body; the public page lists `article.corrections`.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial.articles.conflicts import StaleVersion
from editorial.articles.editor_page import preview_context
from editorial.articles.forms import CorrectionForm
from editorial.articles.service import correct_article
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article
from editorial.permissions import get_article_for
from editorial.refusal import Refused, answer


def _render(
    form: CorrectionForm, article: Article, status: int = 200, conflict: StaleVersion | None = None
) -> tuple[str, int]:
    context: dict[str, Any] = {
        "form": form,
        "article": article,
        "conflict": conflict,
        **preview_context(form, article),
    }
    return render_template("articles/correct.html", **context), status


def correct(article_id: int) -> tuple[str, int] | Response:
    """Change a published article's text with a public correction notice (editors, admins)."""
    person = current_person()
    article = get_article_for(person, "article.correct", article_id)
    if request.method == "GET":
        return _render(CorrectionForm.filled_from(article), article)
    form = CorrectionForm()
    if form.preview.data:
        return _render(form, article)
    if not form.validate():
        return _render(form, article, 422)
    try:
        correct_article(article, person, form.content_data(), form.version.data, form.notice.data)
    except Refused as refused:
        refusal = answer(refused, "article.correct", article)
        form.show_refusal(refused)
        if isinstance(refused, StaleVersion):
            return _render(form, article, 409, conflict=refused)
        return _render(form, article, refusal.status)
    db.session.commit()
    flash("Correction published. Readers see the notice under the article.", "success")
    return redirect(url_for("articles.show", article_id=article_id))
