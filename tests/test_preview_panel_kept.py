"""Whether a story has preview links, kept under the desk's version (`previews.views._has_links`):
a run of verdicts from the desk page (their panels out of band, the preview links among them)
reads it once, and a link made shows at once."""

from __future__ import annotations

from typing import Any

from flask import Flask

from editorial import workflow
from editorial.models import User
from tests.factories import make_article, make_claim
from tests.helpers import HX, statements_after_commit

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)


def _verdict(app: Flask, client: Any, article_id: int, claim_id: int, note: str) -> Any:
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article_id}"}
    data = {"verdict": "verified", "sources": "https://example.org/a", "note": note}
    return statements_after_commit(
        app,
        lambda: client.post(
            f"/articles/{article_id}/claims/{claim_id}", data=data, headers=headers
        ),
    )


def test_a_run_of_verdicts_reads_whether_there_are_links_once(
    app: Flask, client_as: Any, editor: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY)
    talks = make_claim(article, "Officials said on Thursday that talks would continue next week.")
    client = client_as(editor)
    answer, after = _verdict(app, client, article.id, talks.id, "One.")
    assert answer.status_code == 200
    assert any("FROM preview_links" in statement for statement in after)
    # The next verdict moved the desk's version on from it: none still, nothing read.
    answer, after = _verdict(app, client, article.id, talks.id, "Again.")
    assert answer.status_code == 200
    assert not any("FROM preview_links" in statement for statement in after)
    # The same desk version read by a page's GET: the kept answer, nothing read.
    page, sent = statements_after_commit(app, lambda: client.get(f"/articles/{article.id}"))
    assert page.status_code == 200 and 'id="previews-' in page.get_data(as_text=True)
    assert not any("FROM preview_links" in statement for statement in sent)
    # A link made moves the desk's version: the next answer shows it.
    made = client.post(
        f"/articles/{article.id}/previews",
        data={"reviewer_name": "Maya Haddad", "reviewer_email": "maya@law.example",
              "note": "legal read", "follows": "pinned", "hours": "48"},
    )  # fmt: skip
    assert made.status_code == 201
    answer, _after = _verdict(app, client, article.id, talks.id, "Two.")
    assert "Maya Haddad" in answer.get_data(as_text=True)
