"""A transition answers with the story and the person its transaction already holds: the story as
its claim read it back, the person signed in, the transition it wrote. Nothing of them is read
again after the commit, and the answer still shows the story where it now is."""

from __future__ import annotations

from typing import Any

from flask import Flask

from editorial.extensions import db
from editorial.models import User
from tests.factories import make_article
from tests.helpers import HX, fresh, statements_after_commit


def test_a_transition_from_the_board_reads_nothing_again_after_its_commit(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    client = client_as(reporter)
    headers = {**HX, "HX-Target": "article-actions", "HX-Current-URL": "http://localhost/desk/"}
    response, after = statements_after_commit(
        app,
        lambda: client.post(
            f"/articles/{article.id}/transition/submit", data={"note": ""}, headers=headers
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert not [s for s in after if "FROM articles" in s], after
    assert not [s for s in after if "FROM users" in s], after
    assert not [s for s in after if "FROM article_transitions" in s], after
    assert fresh(article.id).state == "edit"
    assert "is now in Edit" in response.headers.get("HX-Trigger", "") + html
    assert '"to": "edit"' in response.headers.get("HX-Trigger", "")


def test_the_answer_offers_what_the_new_state_allows(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    """Returned to its writer, the story's panel offers the writer's moves, not the editor's."""
    article = make_article("edit", authors=[reporter])
    db.session.commit()
    client = client_as(editor)
    headers = {**HX, "HX-Target": "article-actions", "HX-Current-URL": "http://localhost/desk/"}
    response = client.post(
        f"/articles/{article.id}/transition/return",
        data={"note": "Needs a second source."},
        headers=headers,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and fresh(article.id).state == "draft"
    assert "/transition/return" not in html and "/transition/approve" not in html
