"""A verdict's rows written past the unit of work (`articles.claims.written`, issue 28): the
claim, its history line and its audit line are the rows the ORM's flush wrote, the text cleaned
as the mapper cleans it, and the desk's and insights' versions move as they moved (insights'
only when the verdict or the check time changes)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import workflow
from editorial.articles.claims import service, written
from editorial.board_version import INSIGHTS_ROW, ROW, SITE_ROW
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, AuditEvent, Claim, ClaimChange, User
from tests.factories import make_article, make_claim
from tests.helpers import HX, version_numbers

TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."
BODY = f"{TALKS}\n\n{AID}"
IDS = {"id", "claim_id", "article_id", "object_id"}

# Each verdict in turn on one claim: (form, whether the claim's quote left the text first).
STEPS: list[tuple[dict[str, str], bool]] = [
    ({"verdict": "verified", "sources": "https://example.org/a", "note": "Seen\x0b it."}, False),
    ({"verdict": "verified", "sources": "https://example.org/a", "note": "Seen  it."}, False),
    ({"verdict": "verified", "sources": "https://example.org/a", "note": "Seen  it."}, False),
    ({"verdict": "false", "sources": "https://example.org/b\nhttps://x.org/c", "note": ""}, True),
    ({"verdict": "unverifiable", "sources": "", "note": "Officials say.", "text": AID}, False),
]


def _row(obj: Any) -> dict[str, Any]:
    """A row's columns but its ids (two stories, one after the other)."""
    table = type(obj).__table__
    row = {c.key: getattr(obj, c.key) for c in table.columns if c.key not in IDS}
    if "details" in row:
        row["details"] = {k: v for k, v in row["details"].items() if k != "article_id"}
    return row


def _verdicts(app: Flask, client: Any, frozen: Any, checker: User) -> list[Any]:
    """Each step's rows (the claim, its history, its audit lines) and the versions it moved."""
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=checker.id)
    claim_id = make_claim(article, TALKS).id
    article_id = article.id
    db.session.commit()
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article_id}"}
    seen: list[Any] = []
    for form, gone in STEPS:
        if gone:
            db.session.execute(
                Claim.__table__.update().where(Claim.id == claim_id).values(text_changed=True)
            )
            db.session.commit()
        before = version_numbers()
        answer = client.post(
            f"/articles/{article_id}/claims/{claim_id}", data=form, headers=headers
        )
        assert answer.status_code == 200, answer.get_data(as_text=True)
        after = version_numbers()
        db.session.expire_all()
        claim = db.session.get(Claim, claim_id)
        lines = db.session.scalars(select(ClaimChange).filter_by(claim_id=claim_id))
        audited = select(AuditEvent).filter_by(action="claim.checked", object_id=str(claim_id))
        seen.append(
            (
                _row(claim),
                [_row(line) for line in lines],
                [_row(event) for event in db.session.scalars(audited)],
                {row: after[row] - before[row] for row in (ROW, INSIGHTS_ROW)},
            )
        )
        frozen.tick(seconds=0)  # the same moment: a verdict given again changes no check time
    return seen


def test_a_verdict_writes_the_rows_the_flush_wrote(
    app: Flask, client_as: Any, fact_checker: User, frozen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_as(fact_checker)
    past_the_flush = _verdicts(app, client, frozen, fact_checker)
    monkeypatch.setattr(written, "nothing_pending", lambda: False)  # as before: the ORM's flush
    flushed = _verdicts(app, client, frozen, fact_checker)

    assert past_the_flush == flushed
    claim, lines, audited, moved = past_the_flush[0]
    assert claim["note"] == "Seen  it." and lines[-1]["note"] == "Seen  it."  # cleaned
    assert [line["kind"] for line in lines] == ["checked"] and len(audited) == 1
    assert moved == {ROW: 1, INSIGHTS_ROW: 1}
    assert past_the_flush[2][3] == {ROW: 1, INSIGHTS_ROW: 0}  # nothing insights counts changed
    assert past_the_flush[4][0]["text"] == AID and past_the_flush[4][2][-1]["details"]["text"]


def test_a_verdict_s_rows_go_in_one_statement_on_postgresql(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    """The claim's UPDATE and the audit line as the history line's CTEs there (two round trips
    fewer); one statement each elsewhere (SQLite has no data-modifying CTE)."""
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim_id = make_claim(article, TALKS).id
    article_id = article.id
    db.session.commit()
    form = {"verdict": "verified", "sources": "https://example.org/a", "note": "Seen."}
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article_id}"}
    client = client_as(fact_checker)

    with counted_statements(app) as sent:
        answer = client.post(
            f"/articles/{article_id}/claims/{claim_id}", data=form, headers=headers
        )

    assert answer.status_code == 200
    writes = [s for s in sent if s.lstrip().startswith(("INSERT", "UPDATE", "WITH"))]
    writes = [s for s in writes if "site_version" not in s]
    assert len(writes) == (1 if db.engine.dialect.name == "postgresql" else 3), writes
    db.session.expire_all()
    assert db.session.get(Claim, claim_id).verdict == "verified"  # type: ignore[union-attr]
    lines = select(ClaimChange.kind).filter_by(claim_id=claim_id)
    assert list(db.session.scalars(lines)) == ["checked"]
    audited = select(AuditEvent.details).filter_by(action="claim.checked")
    assert [d["to"] for d in db.session.scalars(audited)] == ["verified"]


def test_out_of_a_request_a_verdict_moves_the_site_s_version_as_before(
    app: Flask, fact_checker: User, frozen: Any
) -> None:
    """A command's verdict (the demo's ledger) goes through the ORM's flush, which `page_cache`
    follows out of requests: the same verdict given again at the same moment (no column of the
    claim changes) still adds its history line, and moves the site's version as any write."""
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim = make_claim(article, TALKS)
    db.session.commit()
    moved = []
    for _ in range(2):
        before = version_numbers()
        claim, article = db.session.get(Claim, claim.id), db.session.get(Article, article.id)
        assert claim is not None and article is not None
        service.check(claim, article, fact_checker, verdict="verified", sources=[], note="")
        db.session.commit()
        after = version_numbers()
        moved.append({row: after[row] - before[row] for row in (SITE_ROW, ROW, INSIGHTS_ROW)})

    assert moved == [{SITE_ROW: 1, ROW: 1, INSIGHTS_ROW: 1}, {SITE_ROW: 1, ROW: 1, INSIGHTS_ROW: 0}]
    lines = select(ClaimChange.kind).filter_by(claim_id=claim.id)
    assert list(db.session.scalars(lines)) == ["checked", "checked"]
