"""The actions panel's fact-checker choices read as ids and names past the ORM's execution, one
statement built once (bench:writes9): the same people in the same order, none built as a `User`."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from editorial.articles.panels import fact_checkers_for
from editorial.extensions import db
from editorial.models import Article, Role, User
from tests.factories import make_article, make_user


def _orm_executions(run: Any) -> tuple[Any, list[Any]]:
    seen: list[Any] = []

    def note(state: Any) -> None:
        seen.append(state.statement)

    event.listen(Session, "do_orm_execute", note)
    try:
        return run(), seen
    finally:
        event.remove(Session, "do_orm_execute", note)


def test_choices_are_rows_read_past_the_orm(app: Flask, editor: User) -> None:
    """Active fact-checkers by name, those on the byline left out, the retired too; no ORM
    execution (main built a `User` for each through `Session.scalars`)."""
    zed = make_user(Role.FACT_CHECKER, display_name="Zed Checker")
    amy = make_user(Role.FACT_CHECKER, display_name="Amy Checker")
    writing = make_user(Role.FACT_CHECKER, display_name="Bo On The Byline")
    make_user(Role.FACT_CHECKER, display_name="Cy Retired", active=False)
    article = make_article("draft", authors=[editor, writing])
    ids = {"zed": zed.id, "amy": amy.id, "writing": writing.id}
    article_id = article.id
    db.session.commit()
    db.session.expunge(article)
    with app.test_request_context():
        story = db.session.get(Article, article_id)
        choices, seen = _orm_executions(lambda: fact_checkers_for(story))
        assert seen == []
        assert [(row.id, row.display_name) for row in choices] == [
            (ids["amy"], "Amy Checker"),
            (ids["zed"], "Zed Checker"),
        ]
        # Its byline loaded (a page that drew it): the same people, left out in Python.
        assert {person.id for person in story.authors} == {editor.id, ids["writing"]}
        again = fact_checkers_for(story)
        assert [(row.id, row.display_name) for row in again] == [
            (ids["amy"], "Amy Checker"),
            (ids["zed"], "Zed Checker"),
        ]


def test_choices_see_what_the_session_holds_pending(app: Flask, editor: User) -> None:
    """A fact-checker added in this transaction and not yet flushed is offered, as the ORM's
    read (its autoflush) offered them."""
    article = make_article("draft", authors=[editor])
    article_id = article.id
    with app.test_request_context():
        story = db.session.get(Article, article_id)
        db.session.expire(story, ["authors"])
        newcomer = User(
            email="new.checker@example.org",
            display_name="New Checker",
            role=Role.FACT_CHECKER,
            password_hash="x",
        )
        db.session.add(newcomer)
        names = [row.display_name for row in fact_checkers_for(story)]
        assert "New Checker" in names
        db.session.rollback()
