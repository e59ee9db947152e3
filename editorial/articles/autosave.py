"""Autosave: a draft saves itself while its writer types (htmx), never over a newer save.

A conflict stops autosaving (the status element comes back without its trigger) and shows what
the other person changed; the writer's text stays in the form for a normal Save. Without
JavaScript the same URL behaves like the editor's Save.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from editorial import clock, htmx, workflow
from editorial.articles.conflicts import StaleVersion
from editorial.articles.editor_page import Rendered, refused_save, render_editor, saved_message
from editorial.articles.forms import ArticleForm
from editorial.articles.service import save_article
from editorial.articles.validation import may_change_bylines
from editorial.board_version import board_version_known
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article
from editorial.page_cache import changes_no_page
from editorial.permissions import can, get_article_for, get_visible_article
from editorial.refusal import Refused, answer
from editorial.templating import local_time


@changes_no_page
def autosave(article_id: int) -> Rendered:
    """Save a draft while its writer types (htmx); never over someone else's newer save."""
    person = current_person()
    article = get_visible_article(person, article_id)
    in_page = htmx.is_htmx()
    if in_page and not can(person, "article.edit", article):
        # A page left open after the article moved on (submitted, spiked): stop quietly.
        label = workflow.STATE_LABELS[article.state]
        message = (
            f"Autosave stopped: the article is in {label} now and you can't edit it there. "
            "Your text is still in the form; copy what you need."
        )
        return _stopped(article_id, message=message)
    article = get_article_for(person, "article.edit", article_id)
    # The site's version (the form's settings) and the desk's (the section's deadline default,
    # kept under it) in one statement, before the form asks for the first.
    board_version_known()
    form = ArticleForm()
    if not form.validate():
        if not in_page:
            return render_editor(form, article, status=422)
        problem = next(iter(form.errors.values()))[0]
        return _status(article.version, f"Not saved automatically: {problem}", status=422)
    try:
        data = form.data_for_save(may_change_bylines(person))
        result = save_article(
            article, person, data, form.version.data, autosave=True, editing_token=form.editing.data
        )
    except Refused as refused:
        if not in_page or refused.status == 403:
            return refused_save(form, article, refused)
        refusal = answer(refused, "article.edit", article)
        if isinstance(refused, StaleVersion):
            return _stopped(article_id, conflict=refused)
        return _stopped(article_id, message=refusal.message)
    # The answer needs only the version the form moves on to: read before the commit expires
    # the article, so answering reads nothing again.
    version = article.version
    db.session.commit()
    if not in_page:
        flash(saved_message(result), "success")
        return redirect(url_for("articles.edit", article_id=article_id))
    if result.revision is None:
        return _status(version, "All changes saved.")
    saved_at = local_time(clock.now(), "%H:%M")
    return _status(version, f"Saved automatically at {saved_at}.", saved=True)


def _status(version: int, message: str, *, status: int = 200, saved: bool = False) -> Response:
    """The autosave's answer: its message and, out of band, the form's version (nothing of the
    editor is drawn again)."""
    return htmx.fragment(
        "articles/_autosave_status.html",
        status=status,
        version=version,
        message=message,
        saved=saved,
    )


def _stopped(
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
    # Replace the trigger element itself: autosave stops.
    return htmx.respond(html, status=409 if conflict else 200, reswap="outerHTML")
