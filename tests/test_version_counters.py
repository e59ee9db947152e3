"""The site's and the desk's versions move by one per writing transaction, through one statement
built once per dialect and row (`counters.bump_counter`)."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import event

from editorial import counters, workflow
from editorial.board_version import board_version
from editorial.extensions import db
from editorial.models import SiteVersion
from editorial.page_cache import bump_site_version, site_version
from tests.factories import make_article


def test_each_writing_transaction_moves_each_version_by_one_with_one_kept_statement(
    app: Flask,
) -> None:
    with app.test_request_context():
        article = make_article(workflow.DRAFT)
        board, site = board_version(), site_version()
        kept: list[object] = []
        for turn in range(2):
            article.summary = f"Summary {turn}"
            bump_site_version()
            bump_site_version()  # once per transaction, however often asked
            db.session.commit()
            kept.append(dict(counters._COUNTERS))
        assert board_version() == board + 2
        assert site_version() == site + 2
        dialect = db.session.get_bind().dialect.name
        for row in (1, 2):
            key = (dialect, "site_version", row)
            assert kept[0][key] is kept[1][key]  # built once, run again


def test_a_commit_moves_the_version_rows_in_the_order_of_their_ids(app: Flask) -> None:
    """Every transaction takes `site_version`'s row locks in one order, so two on PostgreSQL
    never wait for each other: insights' rows (4, 5) had been moved by a listener that ran
    before the site's (1) and the desk's (2), while a transition moves the site's first, mid
    transaction (a deadlock in .ci/run at 9839c30)."""
    make_article("draft")  # outside a request: the site's, the desk's and insights' rows move
    moved: list[list[int]] = [[]]  # the rows each transaction moved, in order

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement.startswith("INSERT INTO site_version"):
            moved[-1] += _rows_of(statement, parameters)

    def commit(_conn: Any) -> None:
        moved.append([])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    event.listen(engine, "commit", commit)
    try:
        make_article("ready")
    finally:
        event.remove(engine, "before_cursor_execute", note)
        event.remove(engine, "commit", commit)
    rows = [each for each in moved if each]
    assert rows and all(each == sorted(each) for each in rows), rows
    assert {1, 2, 4} <= set(rows[0]), rows


def _rows_of(statement: str, parameters: Any) -> list[int]:
    """The rows one bump statement moves, in its VALUES' order: one row's id is its first
    parameter; several (`counters.bump_counters`) are written into the SQL."""
    written = [int(row) for row in re.findall(r"\((\d+), 1\)", statement)]
    if written:
        return written
    values = parameters.values() if isinstance(parameters, dict) else parameters
    return [int(next(iter(values)))]


def test_a_bump_runs_on_the_sessions_connection_not_through_the_orm(app: Flask) -> None:
    """The versions' upserts (2 to 4 a write) go to the session's connection: through
    `Session.execute` each cost four to five times the statement (bench:writes6)."""
    bumped: list[str] = []

    def note(state: Any) -> None:
        table = getattr(getattr(state.statement, "table", None), "name", None)
        if table == "site_version":
            bumped.append(str(state.statement))

    with app.test_request_context():
        article = make_article(workflow.DRAFT)
        site = site_version()
        event.listen(db.session(), "do_orm_execute", note)
        try:
            article.summary = "Moved"
            bump_site_version()
            db.session.commit()
        finally:
            event.remove(db.session(), "do_orm_execute", note)
        assert site_version() == site + 1
    assert bumped == []


def test_what_a_transaction_has_pending_is_written_before_a_version_row(app: Flask) -> None:
    """A bump flushes first, as the ORM's autoflush did: a transaction locks the rows it writes
    before the versions' rows, the order every writer keeps on PostgreSQL (6e56365)."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.startswith(("UPDATE articles", "INSERT INTO site_version")):
            sent.append(statement.split(" (")[0].split(" SET")[0])

    with app.test_request_context():
        article = make_article(workflow.DRAFT)
        engine = db.engine
        event.listen(engine, "before_cursor_execute", note)
        try:
            article.summary = "Pending"
            bump_site_version()  # mid transaction, as a transition's signal does
            assert sent == ["UPDATE articles", "INSERT INTO site_version"], sent
            with db.session.no_autoflush:  # as before: a bump under no_autoflush flushes nothing
                article.summary = "Pending again"
                counters.bump_counter(SiteVersion, 2)
            assert sent[-1] == "INSERT INTO site_version", sent
            assert article in db.session.dirty
            db.session.rollback()
        finally:
            event.remove(engine, "before_cursor_execute", note)


def test_a_write_reads_the_site_version_in_its_transaction_past_the_orm(app: Flask) -> None:
    """A write's first read of the site version (its settings ask) runs on the session's
    connection: through `Session.scalar` it cost twice the statement (bench:writes6)."""
    executed: list[str] = []

    def note(state: Any) -> None:
        executed.append(str(state.statement))

    with app.test_request_context("/", method="POST"):
        make_article(workflow.DRAFT)
        number = db.session.get(SiteVersion, 1)
        expected = number.number if number is not None else 0
        assert db.session().in_transaction()
        event.listen(db.session(), "do_orm_execute", note)
        try:
            assert site_version() == expected
        finally:
            event.remove(db.session(), "do_orm_execute", note)
        db.session.rollback()
    assert executed == []
