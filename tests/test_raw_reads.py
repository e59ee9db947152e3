"""`raw_reads.RawReads`: the poll gate's Core reads on a pooled DBAPI connection give the rows
`Connection.execute` gives (the same values, types and names), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import StatementError

from editorial import clock, workflow
from editorial.articles.presence.service import _OTHERS
from editorial.breaking.queries import _live_statement
from editorial.database import counted_statements, reading
from editorial.extensions import db
from editorial.identity import LIVE_SESSION_BRIEF
from editorial.models import Article, EditorPresence, Role, User, UserSession
from editorial.permissions import visible_articles
from editorial.raw_reads import RawReads, reads_on
from tests.factories import make_article, make_headline, make_user


def _both(statement: Any, parameters: Any = None) -> tuple[list[tuple[Any, ...]], list[Any]]:
    """The rows through SQLAlchemy's `Connection`, then through `RawReads`."""
    db.session.commit()  # the test's own transaction ended: no write lock held
    with reading(), db.engine.connect() as connection:
        expected = [tuple(row) for row in connection.execute(statement, parameters)]
    with RawReads(db.engine) as reads:
        got = list(reads.execute(statement, parameters))
    return expected, got


def test_rows_hold_what_sqlalchemy_gives(app: Flask, client_as: Any) -> None:
    """Times (stored as text on SQLite), a role (an Enum), booleans, named columns."""
    editor = make_user(Role.EDITOR)
    client_as(editor)
    token = db.session.scalars(select(UserSession.token)).one()
    expected, got = _both(LIVE_SESSION_BRIEF, {"token": token})
    assert [tuple(row) for row in got] == expected and len(got) == 1
    assert [type(value) for value in got[0]] == [type(value) for value in expected[0]]
    assert got[0].role is Role.EDITOR and got[0].must_change_password is False
    article = make_article("edit")
    db.session.add(EditorPresence(article_id=article.id, user_id=editor.id, last_seen=clock.now()))
    db.session.commit()
    since = {"article_id": article.id, "since": clock.now() - timedelta(minutes=1), "viewer_id": 0}
    expected, got = _both(_OTHERS, since)
    assert [tuple(row) for row in got] == expected and len(got) == 1
    assert got[0].display_name == editor.display_name and got[0].active is True


def test_values_written_into_a_statement_are_its_own(app: Flask) -> None:
    """Two statements of one shape (a reporter's visibility rule, built per call with their
    id) share SQLAlchemy's compiled form; each is read with its own values."""
    first, second = make_user(Role.REPORTER), make_user(Role.REPORTER)
    theirs = make_article("draft", authors=[first])

    def state(user: User) -> Any:
        statement = select(Article.state).where(
            Article.id == bindparam("article_id"), visible_articles(user)
        )
        return reads.execute(statement, {"article_id": theirs.id}).first()

    with RawReads(db.engine) as reads:
        assert state(first).state == "draft"
        assert state(second) is None
        assert state(first) is not None


def test_in_lists_and_repeated_values(app: Flask) -> None:
    """The ticker's statement: an IN list of the statement's own (the public states), and the
    time given once but sent several times; then the same IN list given at the read."""
    published = make_article("published")
    make_headline(article_id=published.id)
    make_headline("Second headline")
    values = {"at": clock.now(), "now": clock.now(), "language": "en"}
    expected, got = _both(_live_statement(), values)
    assert [tuple(row) for row in got] == expected and len(got) == 2
    states = select(Article.id).where(Article.state.in_(bindparam("states", expanding=True)))
    for given in ([workflow.PUBLIC_STATE], ["draft", workflow.PUBLIC_STATE]):
        expected, got = _both(states, {"states": given})
        assert [tuple(row) for row in got] == expected and got


def test_a_missing_value_is_refused(app: Flask) -> None:
    with pytest.raises(StatementError), reading(), db.engine.connect() as connection:
        connection.execute(LIVE_SESSION_BRIEF, {})
    with pytest.raises(KeyError), RawReads(db.engine) as reads:
        reads.execute(LIVE_SESSION_BRIEF, {})


def test_statements_are_counted_and_the_connection_given_back(app: Flask) -> None:
    pool = db.engine.pool
    before = pool.checkedout()  # type: ignore[attr-defined]  # QueuePool's
    with counted_statements(app) as statements, RawReads(db.engine) as reads:
        reads.execute(LIVE_SESSION_BRIEF, {"token": "none"})
        reads.execute(LIVE_SESSION_BRIEF, {"token": "other"})
        assert pool.checkedout() == before + 1  # type: ignore[attr-defined]
    assert pool.checkedout() == before  # type: ignore[attr-defined]
    sessions = [sql for sql in statements if "user_sessions" in sql]
    assert len(sessions) == 2
    # Each read its own snapshot (SQLite's autocommit, as PostgreSQL's READ COMMITTED): no BEGIN
    # to send, and nothing for the pool to roll back (bench:polls3).
    assert statements == sessions


def test_reads_on_the_session_s_connection_see_its_own_transaction(app: Flask) -> None:
    """`reads_on`: the ORM session's own connection, inside its transaction (a row it has
    written but not committed is read), the rows `Connection.execute` gives."""
    editor = make_user(Role.EDITOR)
    with app.test_request_context():
        db.session.execute(update(User).where(User.id == editor.id).values(display_name="Nour"))
        names = select(User.id, User.display_name, User.role).where(User.id == bindparam("id"))
        expected = [tuple(row) for row in db.session.connection().execute(names, {"id": editor.id})]
        with reads_on(db.session.connection()) as reads:
            got = list(reads.execute(names, {"id": editor.id}))
        assert [tuple(row) for row in got] == expected and got[0].display_name == "Nour"
        assert got[0].role is Role.EDITOR
        db.session.rollback()
