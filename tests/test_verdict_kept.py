"""A verdict's htmx answer from a desk page without its stamp (`panels.around`): the panels a
verdict cannot change are kept per desk version and minute, and carried over from the version just
before the verdict's own write, so a run of verdicts draws them once; the answer stays the same
bytes as drawing them afresh, and anyone else's write, or the next minute, draws them again."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from editorial import clock, workflow
from editorial.board_version import board_version, moved_by_this_request
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Claim, User
from tests.factories import make_article, make_claim
from tests.helpers import HX, set_person

pytestmark = pytest.mark.usefixtures("clock_held_still")

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
VERIFIED = {"verdict": "verified", "sources": "https://example.org/a", "note": "Same note."}


def _setup(client_as: Any, fact_checker: User) -> tuple[Any, str, Any, dict[str, str]]:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks = make_claim(article, TALKS)
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    return article, f"/articles/{article.id}/claims/{talks.id}", client_as(fact_checker), headers


def _verdict(app: Flask, client: Any, url: str, headers: dict[str, str]) -> tuple[str, bool]:
    """One unstamped verdict: its answer, and whether it drew the other panels afresh (read the
    activity panel's transitions: nothing else a verdict answers reads them)."""
    with counted_statements(app) as sent:
        answer = client.post(url, data=VERIFIED, headers=headers)
    assert answer.status_code == 200
    return answer.get_data(as_text=True), any("FROM article_transitions" in s for s in sent)


def _others(answer: str) -> str:
    """The answer from the stamp on (the other panels), the stamp's and tokens' values masked."""
    others = answer[answer.index('<input type="hidden" id="desk-seen-') :]
    others = re.sub(r'name="desk_seen" value="[^"]*"', 'name="desk_seen" value=""', others)
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', others)


def test_a_run_of_verdicts_draws_the_other_panels_once_and_the_same_bytes(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article, url, client, headers = _setup(client_as, fact_checker)
    _first, drawn = _verdict(app, client, url, headers)
    second, drawn_again = _verdict(app, client, url, headers)
    assert drawn and not drawn_again  # assignment, activity, deadlines... not read again
    fragment_cache().clear()
    third, drawn = _verdict(app, client, url, headers)
    assert drawn
    # The same verdict again changes nothing the other panels show: kept and drawn agree.
    assert _others(second) == _others(third)
    assert f'id="assignment-{article.id}"' in second
    assert f'id="activity-{article.id}"' in second


def test_someone_elses_write_between_two_verdicts_is_drawn(
    app: Flask, client_as: Any, fact_checker: User, editor: User
) -> None:
    article, url, client, headers = _setup(client_as, fact_checker)
    _verdict(app, client, url, headers)
    comment = client_as(editor).post(
        f"/articles/{article.id}/comments", data={"body": "Check the tonnage again."}
    )
    assert comment.status_code in (200, 302)
    second, drawn = _verdict(app, client, url, headers)
    assert drawn
    activity = second[second.index(f'id="activity-{article.id}"') :]
    assert "commented" in activity or "Check the tonnage again." in activity


def test_the_next_minute_draws_the_other_panels_again(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    _article, url, client, headers = _setup(client_as, fact_checker)
    _verdict(app, client, url, headers)
    with clock.frozen(clock.now() + timedelta(minutes=1)):
        _second, drawn = _verdict(app, client, url, headers)
    assert drawn


def test_a_request_knows_the_version_its_commit_moved_the_desk_to(
    app: Flask, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim = make_claim(article, TALKS)
    with app.test_request_context("/"):
        assert moved_by_this_request() is None
        db.session.get(Claim, claim.id).note = "Moved."  # type: ignore[union-attr]
        db.session.commit()
        assert moved_by_this_request() == board_version()
        db.session.rollback()


def test_a_bump_rolled_back_is_not_this_requests(app: Flask, fact_checker: User) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    claim = make_claim(article, TALKS)

    def refuse(_session: Session) -> None:
        raise RuntimeError("the commit fails after the bump")

    with app.test_request_context("/"):
        db.session.get(Claim, claim.id).note = "Never."  # type: ignore[union-attr]
        event.listen(Session, "before_commit", refuse)
        try:
            with pytest.raises(RuntimeError):
                db.session.commit()
        finally:
            event.remove(Session, "before_commit", refuse)
        db.session.rollback()
        assert moved_by_this_request() is None


def test_a_verdicts_row_draws_its_history_from_kept_lines_as_the_page_does(
    app: Flask, client_as: Any, fact_checker: User, editor: User
) -> None:
    article, url, client, headers = _setup(client_as, fact_checker)
    for _ in range(3):
        answer, _drawn = _verdict(app, client, url, headers)
    kept = [key for key in fragment_cache()._entries if key[0] == "claim-change"]
    assert len(kept) == 3  # three checks: each line drawn once
    row = answer[answer.index('<li class="claim ') : answer.index("</details>")]
    assert "History (3)" in row
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    start = page.index(row[: row.index(">") + 1])
    assert page[start : start + len(row)] == row  # the ledger's row, drawn from ORM objects
    # A line shows its actor's name now: a rename draws it again.
    set_person(fact_checker, display_name="Renamed Checker")
    again, _drawn = _verdict(app, client, url, headers)
    history = again[again.index('<details class="claim-history"') : again.index("</details>")]
    assert history.count("Renamed Checker") == 4


def test_a_verdict_reads_the_desks_and_the_sites_versions_in_one_statement(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    _article, url, client, headers = _setup(client_as, fact_checker)
    _verdict(app, client, url, headers)
    with counted_statements(app) as sent:
        assert client.post(url, data=VERIFIED, headers=headers).status_code == 200
    reads = [" ".join(s.split()) for s in sent if s.lstrip().startswith("SELECT")]
    versions = [s for s in reads if "FROM site_version" in s]
    assert len(versions) == 1, versions
