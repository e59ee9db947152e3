"""The benchmark's claim verdict (bench/writes.py, bench/claims.py): the verdicts go to the ledger
story's claims in turn, and the clean-up puts the ledger back as seeded, so the row measures a
fact-checker working down a ledger rather than one claim whose history grows with every request."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bench import writes
from bench.seed import Targets
from bench.session import Context, SignedIn
from editorial import workflow
from editorial.extensions import db
from editorial.models import Claim, ClaimChange, Role, User
from tests.factories import make_article, make_claim, make_user
from tests.helpers import sign_in

BODY = "Officials said on Thursday that talks would continue next week. Rain fell all day."


def _context(app: Flask, article_id: int) -> Context:
    targets = Targets(0, 0, [], "", 0, ledger_article_id=article_id)
    return Context("http://bench", SignedIn("e@example.org", "session=x", "token"), targets, app)


def test_the_verdicts_go_to_each_of_the_ledger_s_claims_in_turn(app: Flask) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY)
    other = make_article(workflow.FACT_CHECK, body=BODY)
    ledger = [make_claim(article, quote).id for quote in ("Officials said", "Rain fell", "talks")]
    make_claim(other, "Rain fell")
    article_id = article.id
    db.session.commit()  # the harness reads on its own connection: this one's ends first

    request = writes.claim_verdict(_context(app, article_id))

    turns = [(request.path, request.body), *request.rotation]
    assert [path for path, _ in turns] == [
        f"/articles/{article_id}/claims/{claim_id}" for claim_id in ledger
    ]
    assert all(parse_qs(str(body))["verdict"] == ["verified"] for _, body in turns)


def test_the_clean_up_puts_the_ledger_back_as_seeded(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    ledger = [make_claim(article, quote).id for quote in ("Officials said", "Rain fell")]
    article_id = article.id
    added = [ClaimChange(claim_id=c, kind="added", to_verdict="unchecked") for c in ledger]
    db.session.add_all(added)
    db.session.commit()
    client = client_as(fact_checker)
    for claim_id in ledger:
        answer = client.post(
            f"/articles/{article_id}/claims/{claim_id}",
            data={"verdict": "verified", "sources": "https://example.org/s", "note": "Seen."},
        )
        assert answer.status_code == 302  # back to the ledger, without JavaScript
    db.session.expire_all()
    assert {c.verdict for c in db.session.scalars(select(Claim))} == {"verified"}
    db.session.commit()

    writes.remove_bench_checks(_context(app, article_id))

    db.session.expire_all()
    for claim in db.session.scalars(select(Claim).where(Claim.id.in_(ledger))):
        assert (claim.verdict, claim.sources, claim.note) == ("unchecked", [], "")
        assert (claim.checked_by_id, claim.checked_at) == (None, None)
    kinds = db.session.scalars(select(ClaimChange.kind).order_by(ClaimChange.id))
    assert list(kinds) == ["added", "added"]


def test_the_in_process_verdicts_go_round_the_ledger_s_claims_in_turn(app: Flask) -> None:
    """`bench.writes_cpu` and `bench.ab` (and `bench.ab`'s `write:claim-verdict`, which is
    `bench.writes_cpu`'s): all on the first claim, the figure grew with the copy's use."""
    from bench import ab, writes_cpu

    article = make_article(workflow.FACT_CHECK, body=BODY)
    other = make_article(workflow.FACT_CHECK, body=BODY)
    ledger = [make_claim(article, quote).id for quote in ("Officials said", "Rain fell", "talks")]
    make_claim(other, "Rain fell")
    article_id = article.id
    db.session.commit()
    asked = writes_cpu.claim_verdicts(app, article_id, {"X-CSRFToken": "token"})

    sent = [asked["claim-verdict"](n) for n in range(4)] + [asked["claim-verdict-stamped"](4)]

    expected = [f"/articles/{article_id}/claims/{claim_id}" for claim_id in ledger]
    assert [path for _, path, _, _ in sent] == [*expected, *expected[:2]]
    assert all(parse_qs(str(body))["verdict"] == ["verified"] for _, _, _, body in sent)
    assert "desk_seen" in parse_qs(str(sent[-1][3]))
    turns = ab.ledger_verdicts(app, article_id)
    assert [next(turns) for _ in range(4)] == [*ledger, ledger[0]]


def test_the_in_process_runs_put_the_ledger_back(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    from bench import ab

    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim_id = make_claim(article, "Rain fell").id
    article_id = article.id
    db.session.add(ClaimChange(claim_id=claim_id, kind="added", to_verdict="unchecked"))
    db.session.commit()
    answer = client_as(fact_checker).post(
        f"/articles/{article_id}/claims/{claim_id}",
        data={"verdict": "verified", "sources": "https://example.org/s", "note": "Seen."},
    )
    assert answer.status_code == 302

    ab.put_back_ledger(app, article_id)

    db.session.expire_all()
    claim = db.session.get(Claim, claim_id)
    assert claim is not None
    assert (claim.verdict, claim.sources, claim.checked_by_id) == ("unchecked", [], None)
    assert list(db.session.scalars(select(ClaimChange.kind))) == ["added"]


def test_bench_cpu_s_verdicts_go_round_the_ledger_s_claims_in_turn(
    app: Flask, client: FlaskClient
) -> None:
    """`bench.cpu`'s claim-verdict row: each verdict to the ledger's next claim, not all to one
    (whose history grew with every request, so the figure grew with the copy's use)."""
    from bench import cpu

    editor = make_user(Role.EDITOR)
    article = make_article(workflow.FACT_CHECK, body=BODY)
    ledger = [make_claim(article, quote).id for quote in ("Officials said", "Rain fell")]
    article_id = article.id
    db.session.commit()
    sign_in(client, editor)

    answers = [cpu.send(client, f"POST /articles/{article_id}/claims/") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    checked = select(ClaimChange.claim_id).where(ClaimChange.kind == "checked")
    assert list(db.session.scalars(checked.order_by(ClaimChange.id))) == [*ledger, ledger[0]]
