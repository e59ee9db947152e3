"""A verdict's answer draws the claim as the request wrote it, kept past its commit, rather than
reading it again (`articles.claims.views._checked`, bench:verdict9): every change to a claim
adds a line to its history, so while the request's own line is the newest the kept claim is
the claim. A line written after it (another person's verdict landing between the commit and
the answer) reads the claim afresh, as the answer always did."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import insert, update

from editorial import clock, workflow
from editorial.articles.claims import queries
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Claim, ClaimChange, User
from tests.factories import make_article, make_claim

BODY = "Officials said on Thursday that talks would continue next week."


def _verdict(client: Any, article_id: int, claim_id: int, verdict: str, note: str) -> str:
    answer = client.post(
        f"/articles/{article_id}/claims/{claim_id}",
        data={"verdict": verdict, "sources": "https://example.org/s", "note": note},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost/articles/{article_id}"},
    )
    assert answer.status_code == 200
    return str(answer.get_data(as_text=True))


def _row(html: str, claim_id: int) -> str:
    """The claim's row in `html` up to its history (the verdict, the checker, the note)."""
    start = html.index(f'id="claim-{claim_id}"')
    return html[start : html.index('<details class="claim-history"', start)]


def test_a_verdict_reads_its_claim_once_and_draws_it_as_the_page_does(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim = make_claim(article, BODY)
    client = client_as(fact_checker)
    _verdict(client, article.id, claim.id, "verified", "First")
    with counted_statements(app) as statements:
        answer = _verdict(client, article.id, claim.id, "unverifiable", "Officials say.")
    claim_reads = [
        s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM claims " in s
    ]
    # The answer's own read of the one claim with its checker (was one more per verdict).
    assert not [s for s in claim_reads if "JOIN users" in s and "claims.id = " in s], claim_reads
    row = _row(answer, claim.id)
    assert "Unverifiable" in row and "Officials say." in row
    assert f"by {fact_checker.display_name}" in row
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert row == _row(page, claim.id)


def test_a_verdict_landing_after_its_own_reads_the_claim_afresh(
    app: Flask, client_as: Any, fact_checker: User, editor: User, monkeypatch: Any
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim = make_claim(article, BODY)
    client = client_as(fact_checker)
    history = queries.history_driver_rows
    landed: list[bool] = []

    def another_verdict_first(claim_id: int) -> Any:
        if not landed:  # another person's verdict, landing between the commit and the answer
            landed.append(True)
            # (on the request's own connection, so its reads see it on either database)
            db.session.execute(
                update(Claim)
                .where(Claim.id == claim_id)
                .values(verdict="false", note="Denied by the ministry.")
            )
            db.session.execute(
                insert(ClaimChange).values(
                    claim_id=claim_id,
                    kind="checked",
                    actor_id=editor.id,
                    at=clock.now(),
                    from_verdict="verified",
                    to_verdict="false",
                    sources=[],
                    note="Denied by the ministry.",
                )
            )
        return history(claim_id)

    monkeypatch.setattr(queries, "history_driver_rows", another_verdict_first)
    answer = _verdict(client, article.id, claim.id, "verified", "Confirmed.")
    row = _row(answer, claim.id)
    assert landed and "Denied by the ministry." in row and "Confirmed." not in row
    assert re.search(r'class="verdict verdict-false"', row)
    assert "Denied by the ministry." in answer.split('<details class="claim-history"', 1)[1]
