"""The ledger's rows come from the fragment cache while their form is closed: a change to
anything a row shows is on the next page, and what differs by viewer or carries a token is
never shared."""

from __future__ import annotations

from typing import Any

from editorial import workflow
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import User
from tests.factories import make_article, make_claim

BODY = "Officials said on Thursday that talks would continue next week."


def _checking(checker: User, **fields: Any) -> Any:
    return make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=checker.id, **fields)


def _rows(page: str) -> str:
    """The ledger's rows in `page` (the rest carries tokens that change each second)."""
    start = page.index('<ol class="claims">')
    return page[start : page.index('<form class="claim-add', start)]


def test_a_ledger_row_is_kept_and_a_verdict_shows_on_the_next_page(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, BODY)
    client = client_as(fact_checker)
    first = _rows(client.get(f"/articles/{article.id}").get_data(as_text=True))
    assert f'<li class="claim claim-unchecked" id="claim-{claim.id}"' in first
    hits = fragment_cache().hits
    assert _rows(client.get(f"/articles/{article.id}").get_data(as_text=True)) == first
    assert fragment_cache().hits > hits  # the same row again, from the cache
    client.post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={"verdict": "false", "sources": "https://example.org/denial", "note": "Denied."},
    )
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'<li class="claim claim-false" id="claim-{claim.id}"' in page
    assert "https://example.org/denial" in page and "Denied." in page
    assert "Unchecked → False" in page


def test_a_kept_row_shows_the_checkers_new_name(client_as: Any, fact_checker: User) -> None:
    article = _checking(fact_checker)
    make_claim(article, BODY, "verified", checked_by=fact_checker)
    client = client_as(fact_checker)
    assert f"by {fact_checker.display_name}," in client.get(f"/articles/{article.id}").get_data(
        as_text=True
    )
    fact_checker.display_name = "Renamed Checker"
    db.session.commit()
    assert "by Renamed Checker," in client.get(f"/articles/{article.id}").get_data(as_text=True)


def test_a_reader_never_gets_the_checkers_row(
    client_as: Any, fact_checker: User, reporter: User
) -> None:
    article = _checking(fact_checker, authors=[reporter])
    claim = make_claim(article, BODY)
    check = f"/articles/{article.id}/claims/{claim.id}/form"
    assert check in client_as(fact_checker).get(f"/articles/{article.id}").get_data(as_text=True)
    assert check not in client_as(reporter).get(f"/articles/{article.id}").get_data(as_text=True)


def test_an_open_check_form_carries_this_sessions_token(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, BODY)
    pages = [
        client_as(person).get(f"/articles/{article.id}?check={claim.id}").get_data(as_text=True)
        for person in (fact_checker, editor)
    ]
    row_tokens = []
    for page in pages:
        row = page[page.index(f'id="claim-{claim.id}"') :]
        assert "Save check" in row
        start = row.index('name="csrf_token" value="') + len('name="csrf_token" value="')
        row_tokens.append(row[start : row.index('"', start)])
    assert row_tokens[0] != row_tokens[1]
