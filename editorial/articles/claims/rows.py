"""A ledger row's HTML, rendered once per everything it shows and reused (`fragment_cache`), as
the board's cards are (`desk/cards.py`).

A ledger of 200 claims drew 200 rows through Jinja on every view of the story's desk page. A row
without its check form open is the same from one request to the next and for everyone who may
change the claims (or everyone who may only read them), so `ledger_row(claim)` keys it on every
value it shows: the quote, verdict, evidence, checker and time, each history line with its
actor's name, the story's language, the newsroom's zone and whether the viewer gets "Check".
A row with its form open (being checked, refused, or a stale quote for someone who may change
it) carries a CSRF token and what was typed: it is always drawn afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from editorial import newsroom
from editorial.articles.claims.queries import Line
from editorial.bounded import Bounded
from editorial.fragment_cache import fragment_cache
from editorial.models import Claim, ClaimChange
from editorial.models.claims import VERDICT_LABELS

TEMPLATE = "claims/_claim.html"
# What the row reads from the ledger's context (claims/_ledger.html).
GIVEN = ("article", "ledger", "csrf", "claims_url", "page_url")


def has_form(claim: Claim, ledger: dict[str, Any]) -> bool:
    """Whether the row shows its check form (or a refusal), as `claims/_claim.html` decides."""
    if ledger.get("error_for") == claim.id:
        return True
    return bool(ledger.get("changing")) and (
        claim.text_changed or ledger.get("editing") == claim.id
    )


def row_key(claim: Claim, context: dict[str, Any], zone: str) -> Hashable:
    """Everything a row without its form shows, as one hashable value."""
    article = context["article"]
    checker = claim.checked_by
    return (
        "claim-row",
        claim.id,
        article.id,
        article.lang.code,
        article.lang.direction,
        context["claims_url"],
        context["page_url"],
        bool(context["ledger"].get("changing")),
        zone,
        claim.text,
        claim.verdict,
        claim.text_changed,
        tuple(claim.sources or ()),
        claim.note,
        checker.display_name if checker else None,
        claim.checked_at,
        tuple(
            (
                change.id,
                change.kind,
                change.actor.display_name if change.actor else None,
                change.at,
                change.from_verdict,
                change.to_verdict,
                tuple(change.sources or ()),
                change.note,
            )
            for change in claim.changes
        ),
    )


@pass_context
def ledger_row(context: Context, claim: Claim) -> Markup:
    """`claim`'s row drawn by `claims/_claim.html` with the ledger's context, from the cache
    when its form is closed."""
    given = {name: context.get(name) for name in GIVEN}

    def render() -> str:
        return current_app.jinja_env.get_template(TEMPLATE).render(claim=claim, **given)

    if has_form(claim, given["ledger"]):
        return Markup(render())  # noqa: S704  (a template's escaped output)
    html = fragment_cache().get_or_render(row_key(claim, given, newsroom.zone()), render)
    return Markup(html)  # noqa: S704  (a template's escaped output)


HISTORY_LINE = "claims/_change.html"


def history_line(change: ClaimChange | Line) -> Markup:
    """One line of a claim's history (`claims/_change.html`), drawn once per everything it shows
    (its columns, its actor's name, the newsroom's zone) and kept: a verdict's answer draws the
    claim's whole history, which grows a line per verdict."""
    if isinstance(change, Line):
        name = change.actor_name
    else:
        name = change.actor.display_name if change.actor else None
    zone = newsroom.zone()
    shown = {
        "name": name,
        "kind": change.kind,
        "at": change.at,
        "from_verdict": change.from_verdict,
        "to_verdict": change.to_verdict,
        "sources": change.sources,
        "note": change.note,
    }
    key = (
        "claim-change",
        change.id,
        zone,
        name,
        change.kind,
        change.at,
        change.from_verdict,
        change.to_verdict,
        tuple(change.sources or ()),
        change.note,
    )

    def render() -> str:
        template = current_app.jinja_env.get_template(HISTORY_LINE)
        return template.render(labels=VERDICT_LABELS, **shown)

    return Markup(fragment_cache().get_or_render(key, render))  # noqa: S704  (escaped output)


# A claim's history as this process last drew it, per claim and zone: the driver's rows it was
# drawn from (oldest first) and the lines' HTML (newest first). A verdict adds a line to a
# history of hundreds (wrk's run); what was drawn from the same rows is not drawn again.
HISTORIES_KEPT = 64
_histories: Bounded[tuple[int, str], tuple[tuple[tuple[Any, ...], ...], str]] = Bounded(
    HISTORIES_KEPT
)


def history_html(
    claim_id: int, raw: list[tuple[Any, ...]], line: Callable[[tuple[Any, ...]], Line]
) -> Markup:
    """The lines of a claim's history as `claims/_claim.html`'s loop draws them (newest first),
    from the driver's rows `raw` (`queries.history_driver_rows`). The lines drawn before from
    the same first rows (compared value by value: an actor renamed, a line gone or changed
    draws them all again) are reused, and only the new ones are drawn (`history_line`)."""
    zone = newsroom.zone()
    rows = tuple(raw)
    kept = _histories.get((claim_id, zone))
    start, older = 0, ""
    if kept is not None:
        drawn, html = kept
        if len(drawn) <= len(rows) and rows[: len(drawn)] == drawn:
            start, older = len(drawn), html
    # The loop's body in claims/_claim.html, once per line, newest first.
    newer = "".join(f"\n      {history_line(line(row))}\n      " for row in reversed(rows[start:]))
    html = newer + older
    if start < len(rows) or kept is None:
        _histories.put((claim_id, zone), (rows, html))
    return Markup(html)  # noqa: S704  (escaped lines of a template's output)
