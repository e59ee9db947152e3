"""A quote is one claim in a story's ledger: adding it again, re-quoting another claim to it, or
two people adding it at the same moment is refused with a reason (issue 20, item 8). The race
runs on SQLite and on PostgreSQL (EDITORIAL_TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import select

from editorial import workflow
from editorial.articles.claims import service
from editorial.extensions import db
from editorial.models import Claim, Role, User
from tests.factories import make_article, make_claim, make_user

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."
ALREADY = "This quote is already a claim in the ledger: check that one instead."


def _claims(article_id: int) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Claim.text).where(Claim.article_id == article_id)))


def test_the_same_quote_is_not_added_twice(client_as: Any, fact_checker: User) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    client = client_as(fact_checker)
    assert client.post(f"/articles/{article.id}/claims", data={"text": AID}).status_code == 302
    spaced = "The  ministry sent 27 tonnes\nof aid to the border crossing."  # the same, re-spaced
    again = client.post(f"/articles/{article.id}/claims", data={"text": spaced})
    page = again.get_data(as_text=True)
    assert again.status_code == 422
    assert ALREADY in page and "tonnes\nof aid" in page  # the reason, and what was typed kept
    assert _claims(article.id) == [AID]


def test_a_claim_is_not_re_quoted_to_another_claims_quote(
    client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    make_claim(article, AID)
    talks = make_claim(article, TALKS)
    response = client_as(fact_checker).post(
        f"/articles/{article.id}/claims/{talks.id}",
        data={"verdict": "verified", "sources": "", "note": "", "text": AID},
    )
    assert response.status_code == 422 and ALREADY in response.get_data(as_text=True)
    assert sorted(_claims(article.id)) == sorted([AID, TALKS])


def test_two_people_adding_the_same_quote_at_once_add_it_once(
    client_as: Any, fact_checker: User, monkeypatch: Any
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    clients = [client_as(fact_checker), client_as(make_user(Role.EDITOR))]
    original = service.record

    def slow_record(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)  # both requests between their check and their commit (as test_races)
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "record", slow_record)
    url = f"/articles/{article.id}/claims"
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock
    start = threading.Barrier(2)
    statuses: list[int] = []

    def add(client: Any) -> None:
        start.wait()
        response = client.post(url, data={"text": AID})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=add, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 422], statuses
    assert _claims(article.id) == [AID]
