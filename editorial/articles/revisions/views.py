"""An article's revisions: the list, a word-by-word comparison of any two, restoring an old one.

Anyone who can see the article can read its history and compare versions; restoring is for
editors and admins, and is itself a save (a new revision, guarded by the version like any other).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx, workflow
from editorial.articles.conflicts import StaleVersion, revision_snapshot
from editorial.articles.queries import moves_of, revisions_of
from editorial.articles.service import restore_revision
from editorial.database import read_only
from editorial.diff import FieldDiff, compare, condense
from editorial.extensions import db
from editorial.forms import database_int
from editorial.identity import current_person
from editorial.models import Article, ArticleRevision
from editorial.permissions import can, deny, get_article_for, get_part_of, get_visible_article
from editorial.refusal import Refused, answer

REASONS = {
    "original": "Original",
    "created": "Created",
    "saved": "Saved",
    "autosaved": "Autosaved",
    "restored": "Restored",
    "corrected": "Corrected",
    "transition": "Moved",
}


def revisions_context(article: Article, **extra: Any) -> dict[str, Any]:
    """What `_revisions.html` needs."""
    revisions = revisions_of(article)
    return {
        "article": article,
        "revisions": revisions,
        "moves": moves_of(article, revisions),
        "reasons": REASONS,
        "state_labels": workflow.STATE_LABELS,
        "can_restore": can(current_person(), "article.restore_revision", article),
        "default_a": revisions[1].id if len(revisions) > 1 else None,
        "default_b": revisions[0].id if revisions else None,
        "error": None,
        "conflict": None,
        **extra,
    }


@read_only
def revisions(article_id: int) -> Response:
    """Every saved version of the article: who, when, why; pick two to compare."""
    article = get_article_for(current_person(), "article.history", article_id)
    context = revisions_context(article)
    return htmx.render("articles/revisions.html", "articles/_revisions.html", **context)


def _revision(article: Article, raw: str | None) -> ArticleRevision:
    try:
        revision_id = database_int(raw)
    except ValueError:
        abort(400, "Choose two versions to compare.")
    return get_part_of(ArticleRevision, revision_id, article)


@read_only
def compare_revisions(article_id: int) -> Response:
    """Two revisions side by side, word by word: deletions struck, insertions underlined."""
    person = current_person()
    article = get_article_for(person, "article.history", article_id)
    old = _revision(article, request.args.get("a"))
    new = _revision(article, request.args.get("b"))
    full = request.args.get("full") == "1"
    diffs: list[FieldDiff] = compare(revision_snapshot(old), revision_snapshot(new))
    if not full:
        diffs = [FieldDiff(d.name, d.label, condense(d.segments)) for d in diffs]
    context: dict[str, Any] = {
        "article": article,
        "old": old,
        "new": new,
        "moves": moves_of(article, revisions_of(article)),
        "state_labels": workflow.STATE_LABELS,
        "diffs": diffs,
        "full": full,
        "reasons": REASONS,
        "can_restore": can(person, "article.restore_revision", article),
    }
    return htmx.render("articles/compare.html", "articles/_compare.html", **context)


def restore(article_id: int, revision_id: int) -> Response | tuple[str, int]:
    """Make an older revision current again (editors and admins), as a new revision."""
    person = current_person()
    article = get_visible_article(person, article_id)
    revision = get_part_of(ArticleRevision, revision_id, article)
    if not can(person, "article.restore_revision", article):
        deny("article.restore_revision", article)
    try:
        version = database_int(request.form.get("version", ""))
    except ValueError:
        abort(400, "This form is out of date. Reload the page.")
    try:
        result = restore_revision(article, person, revision, version)
    except Refused as refused:
        refusal = answer(refused, "article.restore_revision", article)
        conflict = refused if isinstance(refused, StaleVersion) else None
        context = revisions_context(article, error=refusal.message, conflict=conflict)
        return render_template("articles/revisions.html", **context), refusal.status
    db.session.commit()
    flash(
        f"Restored version {revision.version}; it is now version {result.article.version}.",
        "success",
    )
    editing = can(person, "article.edit", result.article)
    return redirect(url_for("articles.edit" if editing else "articles.show", article_id=article_id))
