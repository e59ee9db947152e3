"""A verdict's answer (issue 28): the Flag note's first draft (the false claims and their
evidence) read only when the story's tally counts a false claim or one whose text changed (it
was read at every verdict, none there); the story and the person not read again after the
commit (a verdict writes neither)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from editorial import workflow
from editorial.articles.claims import service
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import AuditEvent, Claim, User
from editorial.text import html_text
from tests.factories import make_article, make_claim
from tests.helpers import HX, statements_after_commit

TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."
BODY = f"{TALKS}\n\n{AID}"
FALSE_READ = "claims.verdict = "


def _flag_note(html: str, article_id: int) -> str:
    note = html[html.index(f'id="tr-{article_id}-flag-note"') :]
    return note[note.index(">") + 1 : note.index("</textarea>")]


def _verdict(app: Flask, client: Any, article: Any, claim: Any, verdict: str) -> tuple[str, int]:
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    data = {"verdict": verdict, "sources": "https://example.org/x", "note": "Checked."}
    with counted_statements(app) as sent:
        answer = client.post(
            f"/articles/{article.id}/claims/{claim.id}", data=data, headers=headers
        )
    assert answer.status_code == 200
    reads = [s for s in sent if FALSE_READ in s and "FROM claims" in s and "count(" not in s]
    return answer.get_data(as_text=True), len(reads)


def test_a_verdict_with_no_false_claim_reads_none(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks, _aid = make_claim(article, TALKS), make_claim(article, AID)
    html, reads = _verdict(app, client_as(fact_checker), article, talks, "verified")
    assert reads == 0
    assert f'id="tr-{article.id}-flag-note"' in html and _flag_note(html, article.id) == ""


def test_a_false_claim_and_one_whose_text_changed_are_in_the_draft(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks = make_claim(article, TALKS)
    make_claim(article, AID, "false", text_changed=True, note="It was 20.")
    client = client_as(fact_checker)
    html, _ = _verdict(app, client, article, talks, "verified")
    note = _flag_note(html, article.id)
    assert note.startswith("False claims:") and AID in note and TALKS not in note
    html, _ = _verdict(app, client, article, talks, "false")
    note = _flag_note(html, article.id)
    assert TALKS in note and AID in note


def test_a_verdict_reads_the_story_and_the_person_no_more_after_its_commit(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks = make_claim(article, TALKS)
    client = client_as(fact_checker)
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    data = {"verdict": "verified", "sources": "https://example.org/x", "note": "Checked."}
    response, after = statements_after_commit(
        app,
        lambda: client.post(
            f"/articles/{article.id}/claims/{talks.id}", data=data, headers=headers
        ),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    story = [s for s in after if s.startswith("SELECT articles.id") and "articles.id = ?" in s]
    person = [s for s in after if s.startswith("SELECT users.id") and "users.id = ?" in s]
    assert not story and not person, after
    assert "Verified" in html and f'id="checklist-{article.id}"' in html


def test_a_run_of_verdicts_reads_the_body_s_words_once(
    app: Flask, client_as: Any, fact_checker: User, monkeypatch: Any
) -> None:
    """Each verdict checks its quote is still in the body; the body's words (its whole HTML
    parsed) are kept for the body as it is, not parsed again at each verdict (bench:workflow8),
    and a changed body is read afresh."""
    parsed: list[str] = []

    def counted(html: str) -> str:
        parsed.append(html)
        return html_text(html)

    monkeypatch.setattr(service, "html_text", counted)
    body = f"{BODY}\n\nA line only this test's story has."
    article = make_article(workflow.FACT_CHECK, body=body, fact_checker_id=fact_checker.id)
    talks, aid = make_claim(article, TALKS), make_claim(article, AID)
    client = client_as(fact_checker)
    for claim, verdict in ((talks, "verified"), (aid, "verified"), (talks, "false")):
        _verdict(app, client, article, claim, verdict)
    assert len(parsed) == 1, parsed
    other = f"{TALKS}\n\nAnother line only this test's second story has."
    gone = make_article(workflow.FACT_CHECK, body=other, fact_checker_id=fact_checker.id)
    quoted = make_claim(gone, TALKS)
    _verdict(app, client, gone, quoted, "verified")
    assert len(parsed) == 2


def test_a_verdict_s_rows_set_off_no_flush(app: Flask, client_as: Any, fact_checker: User) -> None:
    """The claim's change, its history line and its audit row are written past the unit of
    work (`claims.written`): no flush holds them (they went in one, and before that in two)."""
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks = make_claim(article, TALKS)
    client = client_as(fact_checker)
    flushes: list[set[str]] = []

    def note(session: Any, _context: Any) -> None:
        flushes.append({type(obj).__name__ for obj in (*session.new, *session.dirty)})

    event.listen(Session, "after_flush", note)
    try:
        _verdict(app, client, article, talks, "verified")
    finally:
        event.remove(Session, "after_flush", note)
    wanted = {"Claim", "ClaimChange", "AuditEvent"}
    assert [each for each in flushes if each & wanted] == [], flushes
    db.session.expire_all()
    assert db.session.get(Claim, talks.id).verdict == "verified"  # type: ignore[union-attr]
    audited = select(AuditEvent).filter_by(action="claim.checked", object_id=str(talks.id))
    assert db.session.scalars(audited).one().details["to"] == "verified"
