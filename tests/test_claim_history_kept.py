"""A verdict's answer draws only the history lines that are new since this process last drew
the claim's history (`articles.claims.rows.history_html`, bench:writes5b): wrk's run grows a
claim's history to hundreds of lines, and each answer drew them all. What it reuses is compared
value by value with what it reads, so a renamed actor, a line written elsewhere or a line gone
shows as the page shows it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, select

from editorial import clock, workflow
from editorial.articles.claims import rows
from editorial.extensions import db
from editorial.models import ClaimChange, User
from tests.factories import make_article, make_claim

BODY = "Officials said on Thursday that talks would continue next week."


def _history(html: str, claim_id: int) -> str:
    """The claim's history block in `html` (its row's `<details>`)."""
    start = html.index(f'id="claim-{claim_id}"')
    found = re.search(r'<details class="claim-history".*?</details>', html[start:], re.S)
    assert found is not None
    return found.group(0)


@pytest.fixture
def drawn(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the history lines drawn (`rows.history_line` called, by the templates or
    by `rows.history_html`), in order."""
    calls: list[int] = []
    line = rows.history_line

    def counting(change: Any) -> Any:
        calls.append(change.id)
        return line(change)

    monkeypatch.setattr(rows, "history_line", counting)
    monkeypatch.setitem(app.jinja_env.globals, "history_line", counting)
    return calls


def _verdict(client: Any, article_id: int, claim_id: int, verdict: str, note: str) -> str:
    page = f"http://localhost/articles/{article_id}"
    answer = client.post(
        f"/articles/{article_id}/claims/{claim_id}",
        data={"verdict": verdict, "sources": "https://example.org/s", "note": note},
        headers={"HX-Request": "true", "HX-Current-URL": page},
    )
    assert answer.status_code == 200
    return str(answer.get_data(as_text=True))


def test_a_verdict_draws_only_its_new_line_and_the_same_history_as_the_page(
    client_as: Any, fact_checker: User, drawn: list[int]
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim = make_claim(article, BODY)
    client = client_as(fact_checker)
    for n in range(3):
        _verdict(client, article.id, claim.id, "verified", f"Note {n}")
    drawn.clear()
    answer = _verdict(client, article.id, claim.id, "false", "Denied.")
    newest = db.session.scalar(select(ClaimChange.id).order_by(ClaimChange.id.desc()).limit(1))
    assert drawn == [newest]  # was every line of the history, each answer
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert _history(answer, claim.id) == _history(page, claim.id)
    assert "History (4)" in answer


def test_a_renamed_actor_a_line_written_elsewhere_and_a_line_gone_show(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim = make_claim(article, BODY)
    checker = client_as(fact_checker)
    for n in range(2):
        _verdict(checker, article.id, claim.id, "verified", f"Note {n}")
    fact_checker.display_name = "Renamed Checker"
    db.session.add(
        ClaimChange(
            claim_id=claim.id,
            kind="checked",
            actor_id=editor.id,
            at=clock.now(),
            from_verdict="verified",
            to_verdict="verified",
            note="Written by another process",
        )
    )
    db.session.commit()
    answer = _verdict(checker, article.id, claim.id, "verified", "Note 2")
    history = _history(answer, claim.id)
    assert "Renamed Checker" in history and fact_checker.display_name in history
    assert "Written by another process" in history
    page = checker.get(f"/articles/{article.id}").get_data(as_text=True)
    assert history == _history(page, claim.id)
    db.session.execute(delete(ClaimChange).where(ClaimChange.note == "Written by another process"))
    db.session.commit()
    answer = _verdict(checker, article.id, claim.id, "verified", "Note 3")
    history = _history(answer, claim.id)
    assert "Written by another process" not in history and "History (4)" in history
    assert history == _history(
        checker.get(f"/articles/{article.id}").get_data(as_text=True), claim.id
    )
