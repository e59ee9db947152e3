"""The fact-check desk's endpoints: add, check and remove a claim; the queue and its "Take it".

Every claim write answers both ways: htmx gets the ledger (or the claim's row and the progress
line) with the desk page's other panels out of band, so the Clear and Flag buttons follow the
verdicts; a plain form post is redirected back to the claim. A refusal keeps what was typed and
says why beside the form, 422 (403 for someone who may read the ledger but not change it).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from editorial import htmx, workflow
from editorial.articles import pages
from editorial.database import read_only
from editorial.extensions import db
from editorial.factcheck import bp, queries
from editorial.factcheck.forms import AddClaimForm, CheckForm
from editorial.forms import optional_database_int
from editorial.identity import current_person
from editorial.models import Article, Claim
from editorial.models.claims import VERDICT_LABELS
from editorial.page_cache import changes_no_page
from editorial.permissions import (
    can,
    deny,
    get_article_for,
    get_part_of,
    get_visible_article,
    require,
)
from editorial.security import safe_next
from editorial.services import Refused, assignment
from editorial.services import claims as service
from editorial.services.taxonomy import sections_in_order


def _article(article_id: int) -> Article:
    return get_article_for(current_person(), "claims.read", article_id)


def _claim(article: Article, claim_id: int) -> Claim:
    return get_part_of(Claim, claim_id, article)


def _ledger_html(article: Article, **extra: Any) -> str:
    context = {"article": article, **queries.ledger_context(article, current_person(), **extra)}
    return render_template("factcheck/_ledger.html", **context)


def _answer(article: Article, message: str, anchor: str) -> Response:
    """After a change: the ledger and the other panels (htmx), or back to the claim."""
    db.session.commit()
    if htmx.is_htmx():
        html = _ledger_html(article) + pages.other_panels(article, "ledger")
        return htmx.respond(html, trigger=htmx.toast(message))
    flash(message, "success")
    return redirect(url_for("articles.show", article_id=article.id, _anchor=anchor))


def _refused(article_id: int, refused: Refused, **extra: Any) -> Response:
    """The ledger again with the reason beside the form it concerns and the typed text kept."""
    db.session.rollback()
    article = db.session.get(Article, article_id) or abort(404)
    if refused.status == 403:
        deny("claims.change", article)
    status = refused.status if refused.status in (404, 409) else 422
    extra["error"] = str(refused)
    extra["error_field"] = refused.field
    if htmx.wants_fragment():
        return htmx.respond(_ledger_html(article, **extra), status=status)
    context = pages.show_context(article)
    context |= queries.ledger_context(article, current_person(), **extra)
    return htmx.respond(render_template("articles/show.html", **context), status=status)


@bp.post("/articles/<int:article_id>/claims")
@changes_no_page
def add(article_id: int) -> Response:
    """Add a claim quoting the article (selected in the text, or pasted)."""
    article = _article(article_id)
    typed = AddClaimForm().text.data or ""
    try:
        claim = service.add(article, current_person(), typed)
    except Refused as refused:
        return _refused(article_id, refused, error_for="new", typed={"text": typed})
    return _answer(article, "Claim added.", f"claim-{claim.id}")


@bp.post("/articles/<int:article_id>/claims/<int:claim_id>")
@changes_no_page
def check(article_id: int, claim_id: int) -> Response:
    """Record a claim's verdict and evidence (and re-check one whose text changed)."""
    article = _article(article_id)
    claim = _claim(article, claim_id)
    form = CheckForm()
    typed = {
        "verdict": form.verdict.data or "",
        "sources": form.sources.data or "",
        "note": form.note.data or "",
        "text": form.text.data or "",
    }
    try:
        service.check(
            claim,
            article,
            current_person(),
            verdict=typed["verdict"],
            sources=typed["sources"],
            note=typed["note"],
            text=typed["text"] if "text" in request.form else None,
        )
    except Refused as refused:
        return _refused(article_id, refused, error_for=claim_id, typed=typed)
    label = VERDICT_LABELS.get(claim.verdict, claim.verdict)
    return _answer(article, f"Claim marked {label.lower()}.", f"claim-{claim.id}")


@bp.get("/articles/<int:article_id>/claims/<int:claim_id>/form")
@read_only
def form(article_id: int, claim_id: int) -> Response:
    """The claim's row with its check form open (htmx); a plain request gets the page so."""
    article = _article(article_id)
    claim = _claim(article, claim_id)
    if not htmx.wants_fragment():
        return redirect(
            url_for(
                "articles.show", article_id=article.id, check=claim.id, _anchor=f"claim-{claim.id}"
            )
        )
    person = current_person()
    if not can(person, "claims.change", article):
        deny("claims.change", article)
    ledger = {
        "claims": [claim],
        "changing": True,
        "verdict_labels": VERDICT_LABELS,
        "editing": claim.id,
        "error": None,
        "error_for": None,
        "typed": {},
    }
    return htmx.fragment(
        "factcheck/_claim.html",
        article=article,
        claim=claim,
        csrf=generate_csrf(),
        claims_url=url_for("factcheck.add", article_id=article.id),
        page_url=url_for("articles.show", article_id=article.id),
        ledger=ledger,
    )


@bp.post("/articles/<int:article_id>/claims/<int:claim_id>/remove")
@changes_no_page
def remove(article_id: int, claim_id: int) -> Response:
    """Take a claim off the ledger."""
    article = _article(article_id)
    claim = _claim(article, claim_id)
    try:
        service.remove(claim, article, current_person())
    except Refused as refused:
        return _refused(article_id, refused, error_for=claim_id)
    return _answer(article, "Claim removed.", f"ledger-{article.id}")


def _queue_filters() -> tuple[queries.QueueFilters, dict[str, str]]:
    """The section and assignee from the address; a value that isn't one is ignored."""
    raw = {key: request.args.get(key, "") for key in ("section", "assignee")}
    try:
        section_id = optional_database_int(raw["section"])
    except ValueError:
        section_id = None
    assignee: int | str | None = None
    if raw["assignee"] == "none":
        assignee = "none"
    else:
        try:
            assignee = optional_database_int(raw["assignee"])
        except ValueError:
            assignee = None
    filters = queries.QueueFilters(section_id, assignee)
    shown = {
        "section": str(section_id or ""),
        "assignee": str(assignee) if assignee is not None else "",
    }
    return filters, shown


@bp.get("/factcheck")
@read_only
@require("factcheck.queue")
def queue() -> Response:
    """Articles in fact-check, oldest waiting first: assignee, time waiting, claim progress."""
    person = current_person()
    filters, shown = _queue_filters()
    rows = queries.waiting(person, filters)
    return htmx.render(
        "factcheck/queue.html",
        "factcheck/_queue_rows.html",
        rows=rows,
        takeable={row.article.id: assignment.takeable(row.article, person) for row in rows},
        sections=sections_in_order(),
        people=queries.assignees(),
        shown=shown,
        filters=filters,
        here=url_for("factcheck.queue", **filters.args()),
        limit=queries.QUEUE_LIMIT,
    )


@bp.post("/factcheck/<int:article_id>/take")
@changes_no_page
@require("factcheck.queue")
def take(article_id: int) -> Response:
    """ "Take it": become the fact-checker of an unassigned check, then open it."""
    person = current_person()
    article = get_visible_article(person, article_id)
    back = safe_next(request.form.get("next")) or url_for("factcheck.queue")
    try:
        assignment.take(article, person)
    except Refused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(back)
    db.session.commit()
    flash(f"You are now the fact-checker of “{article.headline}”.", "success")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.app_template_global()
def claims_progress(article: Article) -> str:
    """ "3/5" for a board card in fact-check (the board attaches every card's tally at once)."""
    if article.state != workflow.FACT_CHECK:
        return ""
    tally = article.claim_tally
    return f"{tally.resolved}/{tally.total}" if tally.total else ""


@bp.app_template_global()
def checked_by_shown() -> bool:
    """For the public article page: whether to show "Checked by" (see `queries`)."""
    return queries.checked_by_shown()
