"""An autosave answers with what the page needs (the message and the form's version), reading
nothing of the article again once its save is committed."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from editorial.extensions import db
from editorial.models import User
from tests.factories import make_article
from tests.helpers import HX, form_for


def test_an_autosave_answers_without_reading_the_article_after_its_commit(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    committed: list[bool] = []
    after: list[str] = []

    def on_commit(_session: Any) -> None:
        committed.append(True)
        after.clear()  # only what comes after the request's last commit

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if committed:
            after.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(Session, "after_commit", on_commit)
    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        response = client.post(
            f"/articles/{article.id}/autosave",
            data=form_for(article, body="Typing on..."),
            headers=HX,
        )
    finally:
        event.remove(Session, "after_commit", on_commit)
        event.remove(engine, "before_cursor_execute", on_statement)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Saved automatically at" in html
    assert '<input type="hidden" id="article-version" name="version" value="2" hx-swap-oob' in html
    assert '<span id="version-label" hx-swap-oob="true">2</span>' in html
    assert committed
    assert not [statement for statement in after if "FROM articles" in statement]
