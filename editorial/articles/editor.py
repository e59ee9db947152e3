"""The article editor: write and save, and preview as readers will see it.

Views are thin: the forms check what a person can fix, `editorial.articles.service` does the
saving (permissions, the version guard, revisions, the recheck rule). Every refusal re-renders
the form with what was typed: 422 beside the field, 409 with the other person's change shown and
the current version in the form, so saving again (after merging) succeeds.

The live preview and word count are an enhancement (htmx after a pause in typing, editor.js for
the count on every key); without JavaScript the "Preview" button re-renders the page with the
preview filled and saves nothing. Autosave is in `autosave.py`, preview and tag suggestions in
`assist.py`; the page itself is drawn by `editor_page`.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from editorial.articles.editor_kept import kept_editor
from editorial.articles.editor_page import Rendered, refused_save, render_editor, saved_message
from editorial.articles.forms import ArticleForm, NewArticleForm
from editorial.articles.service import create_article, save_article
from editorial.articles.validation import may_change_bylines
from editorial.board_version import board_version_this_request
from editorial.extensions import db
from editorial.identity import current_person
from editorial.page_cache import changes_no_page
from editorial.permissions import can, get_article_for, require
from editorial.refusal import Refused, answer


@changes_no_page
@require("article.create")
def new() -> Rendered:
    """Start an article; saving it creates a draft with you on the byline."""
    form = NewArticleForm()
    if request.method == "GET":
        form.author_ids.data = [current_person().id]
        return render_editor(form, None)
    if form.preview.data:
        return render_editor(form, None)
    if not form.validate():
        return render_editor(form, None, status=422)
    try:
        article = create_article(current_person(), form.data_for_save(bylines=True))
    except Refused as refused:
        refusal = answer(refused, "article.create")
        form.show_refusal(refused)
        return render_editor(form, None, status=refusal.status)
    db.session.commit()
    flash("Draft created. It is saved; keep writing.", "success")
    return redirect(url_for("articles.edit", article_id=article.id))


@changes_no_page
def edit(article_id: int) -> Rendered:
    """Edit an article's content; a save from an out-of-date version answers 409."""
    version = board_version_this_request() if request.method == "GET" else None
    person = current_person()
    article = get_article_for(person, "article.edit", article_id)
    if version is not None:  # read before anything the page shows: its kept content's key
        return kept_editor(article, person, version)
    form = ArticleForm()
    if form.preview.data:
        return render_editor(form, article)
    if not form.validate():
        return render_editor(form, article, status=422)
    try:
        data = form.data_for_save(may_change_bylines(person))
        result = save_article(
            article, person, data, form.version.data, editing_token=form.editing.data
        )
    except Refused as refused:
        return refused_save(form, article, refused)
    db.session.commit()
    flash(saved_message(result), "success" if result.revision else "info")
    if not can(person, "article.edit", result.article):
        return redirect(url_for("articles.show", article_id=article_id))
    return redirect(url_for("articles.edit", article_id=article_id))
