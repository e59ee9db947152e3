"""The claim ledger's endpoints: add, check and remove a claim, and open a claim's check form.

Every claim write answers both ways: htmx gets the ledger (a verdict: only the claim's row, with
the progress line out of band) with the desk page's other panels out of band, so the Clear and
Flag buttons follow the verdicts; a plain form post is redirected back to the claim. A refusal
keeps what was typed and says why beside the form, 422 (403 for someone who may read the ledger
but not change it).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import htmx, workflow
from editorial.articles import panels
from editorial.articles.claims import locations, queries, rows, service
from editorial.articles.claims.forms import AddClaimForm, CheckForm, LocateForm
from editorial.board_version import board_version_now
from editorial.commits import commit_keeping_loaded
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article, Claim
from editorial.models.claims import VERDICT_LABELS
from editorial.page_cache import changes_no_page
from editorial.permissions import can, deny, get_article_for, get_part_of
from editorial.refusal import Refused, answer


def _article(article_id: int) -> Article:
    return get_article_for(current_person(), "claims.read", article_id)


def _claim(article: Article, claim_id: int) -> Claim:
    return get_part_of(Claim, claim_id, article)


def _ledger_html(article: Article, **extra: Any) -> str:
    context = {"article": article, **queries.ledger_context(article, current_person(), **extra)}
    return render_template("claims/_ledger.html", **context)


def _done(article: Article, message: str, anchor: str) -> Response:
    """After a change: the ledger and the other panels (htmx), or back to the claim."""
    db.session.commit()
    back = url_for("articles.show", article_id=article.id, _anchor=anchor)
    return htmx.done(message, partial(panels.refreshed, article, "ledger"), back)


def _refused(article: Article, refused: Refused, **extra: Any) -> Response:
    """The ledger again with the reason beside the form it concerns and the typed text kept."""
    refusal = answer(refused, "claims.change", article)
    extra["error"] = refusal.message
    extra["error_field"] = refusal.field
    if htmx.wants_fragment():
        # The whole ledger, wherever the form aimed (a claim's check form aims at its row).
        return htmx.respond(
            _ledger_html(article, **extra),
            status=refusal.status,
            retarget=f"#ledger-{article.id}",
            reswap="outerHTML",
        )
    context = panels.show_context(article)
    context |= queries.ledger_context(article, current_person(), **extra)
    return htmx.respond(render_template("articles/show.html", **context), status=refusal.status)


@changes_no_page
def add(article_id: int) -> Response:
    """Add a claim quoting the article (selected in the text, or pasted)."""
    article = _article(article_id)
    typed = AddClaimForm().text.data or ""
    try:
        claim = service.add(article, current_person(), typed)
    except Refused as refused:
        return _refused(
            article,
            refused,
            error_for="new",
            typed={"text": typed},
        )
    return _done(article, "Claim added.", f"claim-{claim.id}")


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
        change = service.check(
            claim,
            article,
            current_person(),
            verdict=typed["verdict"],
            sources=typed["sources"],
            note=typed["note"],
            text=typed["text"] if "text" in request.form else None,
        )
    except Refused as refused:
        return _refused(article, refused, error_for=claim_id, typed=typed)
    label = VERDICT_LABELS.get(claim.verdict, claim.verdict)
    message, claim_id = f"Claim marked {label.lower()}.", claim.id
    # The story (its wide row, body included) and the person are as they were read: a verdict
    # writes neither, so its answer reads neither again (the history and the tally are read
    # afresh after the commit; the claim too if a line newer than this one is there, `_checked`).
    commit_keeping_loaded()
    back = url_for("articles.show", article_id=article.id, _anchor=f"claim-{claim_id}")
    return htmx.done(message, partial(_checked, article, claim_id, (claim, change.id)), back)


@changes_no_page
def locate(article_id: int, claim_id: int) -> Response:
    """Locate a source claim in this translation (the passage), or mark it not in it."""
    article = _article(article_id)
    form = LocateForm()
    typed = {"passage": form.passage.data or ""}
    absent = bool(form.absent.data)
    try:
        locations.locate(
            article, claim_id, current_person(), passage=typed["passage"], absent=absent
        )
    except Refused as refused:
        return _refused(article, refused, error_for=f"source-{claim_id}", typed=typed)
    message = "Marked not in this translation." if absent else "Source claim located."
    return _done(article, message, f"source-claim-{claim_id}")


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
    return htmx.respond(_row_html(article, claim, None, changing=True, editing=claim.id))


def _row_html(
    article: Article,
    claim: Claim,
    history: list[queries.Line] | None,
    drawn: tuple[Markup, int] | None = None,
    **ledger: Any,
) -> str:
    """One claim's row of the ledger, as `claims/_ledger.html` draws it (`ledger`: changing,
    editing, tally; `history`: its lines as `queries.history_of` reads them, else the claim's
    own `changes`; `drawn`: its lines already drawn, and how many, `rows.history_html`)."""
    context = {
        "verdict_labels": VERDICT_LABELS,
        "claims": [claim],
        "editing": None,
        "error": None,
        "error_for": None,
        "error_field": None,
        "typed": {},
        **ledger,
    }
    lines: dict[str, Any] = {} if history is None else {"history": history}
    if drawn is not None:
        lines = {"history_html": drawn[0], "history_count": drawn[1]}
    return render_template(
        "claims/_claim.html",
        article=article,
        claim=claim,
        **lines,
        csrf=generate_csrf(),
        claims_url=url_for("claims.add", article_id=article.id),
        page_url=url_for("articles.show", article_id=article.id),
        ledger=context,
    )


def _checked(article: Article, claim_id: int, written: tuple[Claim, int] | None = None) -> str:
    """After a verdict (htmx): the claim's row, the progress line out of band, and from the desk
    page the other panels out of band (the Clear and Flag buttons follow the tally): only the
    actions and the checklist while the page's stamp shows nobody else wrote since it was drawn
    (`panels.around`). The rest of the ledger is as it was: redrawing 200 claims with their
    history was most of the cost, and it closed any other claim's open form. `written`: the
    claim as this request wrote it and its history line's id."""
    # The desk's version (and the site's, in the same read) before anything is drawn.
    board = board_version_now()
    # The history read as the driver gives it: the lines drawn before from the same rows are
    # reused, and only the new ones (this verdict's) are drawn (`rows.history_html`).
    raw, line = queries.history_driver_rows(claim_id)
    # Every change to a claim adds a line to its history: while this request's line is still
    # the newest, the claim is as this request wrote it and kept it past the commit, so it is
    # not read again (bench:verdict9). Anything newer (or the claim gone) reads it afresh.
    if written is not None and raw and line(raw[-1]).id == written[1]:
        claim = written[0]
        # Its checker is this request's person, already loaded: no statement.
        db.session.expire(claim, ["checked_by"])
    else:
        found = queries.claim_of(article, claim_id)
        if found is None:  # gone meanwhile: the whole ledger, as before
            return panels.refreshed(article, "ledger")
        claim = found
        raw, line = queries.history_driver_rows(claim_id)
    ledger = {
        "tally": article.claim_tally,
        "changing": can(current_person(), "claims.change", article),
    }
    drawn = (rows.history_html(claim_id, raw, line), len(raw))
    row = _row_html(article, claim, None, drawn, **ledger)
    progress = render_template(
        "claims/_progress.html", article=article, ledger=ledger, progress_oob=True
    )
    # A verdict changes the tally: the Clear and Flag buttons (and their notes' first drafts)
    # and the checklist's claims rule; nothing else on the page.
    return row + progress + panels.around(article, "ledger", ("actions", "checklist"), board)


@changes_no_page
def remove(article_id: int, claim_id: int) -> Response:
    """Take a claim off the ledger."""
    article = _article(article_id)
    claim = _claim(article, claim_id)
    try:
        service.remove(claim, article, current_person())
    except Refused as refused:
        return _refused(article, refused, error_for=claim_id)
    return _done(article, "Claim removed.", f"ledger-{article.id}")


def claims_progress(article: Article) -> str:
    """ "3/5" for a board card in fact-check (the board attaches every card's tally at once)."""
    if article.state != workflow.FACT_CHECK:
        return ""
    tally = article.claim_tally
    return f"{tally.resolved}/{tally.total}" if tally.total else ""
