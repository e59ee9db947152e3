"""Who takes SQLite's write lock: writes do, for the write only; reads never do.

A newsroom leaves desk pages open all day and they poll; if a GET began SQLite's write
transaction, every staff read would queue behind every save. See `editorial.database`.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from editorial import clock
from editorial.database import counted_statements, write_turns, writing
from editorial.extensions import db
from editorial.models import User, UserSession
from editorial.write_turns import WriteTurns
from tests.factories import make_article, make_user
from tests.helpers import HX, POSTGRES_URL

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's locking; PostgreSQL has MVCC")


# Another process: takes the write lock, changes every headline, and holds on until told to go.
LONG_WRITE = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE articles SET headline = headline || ' (long write)'")
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


def _begins(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("BEGIN")]


def test_staff_and_public_gets_never_take_the_write_lock(
    app: Flask, client_as: Any, editor: User, admin: User
) -> None:
    article = make_article("draft", authors=[editor])
    published = make_article("published")
    pages = {
        editor: [
            "/desk/",
            "/desk/refresh",
            f"/articles/{article.id}",
            f"/articles/{article.id}/edit",
            f"/articles/{article.id}/revisions",
            f"/articles/{article.id}/presence",
            "/breaking",
            f"/news/{published.slug}",
            "/",
        ],
        admin: ["/admin/users"],
    }
    for person, urls in pages.items():
        client = client_as(person)
        for url in urls:
            with counted_statements(app) as statements:
                assert client.get(url).status_code == 200, url
            assert _begins(statements), url
            assert "BEGIN IMMEDIATE" not in _begins(statements), url


def test_a_write_holds_the_lock_for_the_write_and_renders_after_letting_go(
    app: Flask, client_as: Any, editor: User
) -> None:
    url = f"/articles/{make_article('ready').id}/transition/publish"
    client = client_as(editor)
    db.session.commit()  # the test's own reads are done: count only the request's
    with counted_statements(app) as statements:
        response = client.post(url, headers=HX)
    assert response.status_code == 200
    begins = _begins(statements)
    assert begins[0] == "BEGIN IMMEDIATE"
    assert begins.count("BEGIN IMMEDIATE") == 1
    # What the refreshed panel reads, it reads after the commit (the story and the person it
    # draws are kept from the transaction: `transitions.views._commit_keeping_loaded`).
    assert all(begin == "BEGIN" for begin in begins[1:])


def test_a_long_write_in_another_process_does_not_hold_up_a_board_get(
    app: Flask, client_as: Any, editor: User
) -> None:
    make_article("edit", headline="Ministers meet over the water crisis")
    client = client_as(editor)
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    writer = subprocess.Popen(  # noqa: S603 - our own interpreter, our own script
        [sys.executable, "-c", LONG_WRITE, path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        response = client.get("/desk/")
        # Answered while the other process still holds the write lock: it read its snapshot.
        assert writer.poll() is None
        assert response.status_code == 200
        assert "Ministers meet over the water crisis" in response.get_data(as_text=True)
    finally:
        writer.communicate("go\n", timeout=30)
    assert writer.returncode == 0


def test_a_reads_last_seen_time_is_written_after_its_page(
    app: Flask, client_as: Any, editor: User
) -> None:
    start = clock.now()
    with clock.frozen(start) as frozen:
        client = client_as(editor)
        frozen.tick(minutes=5)
        with counted_statements(app) as statements:
            assert client.get("/desk/").status_code == 200
        seen = db.session.scalar(
            select(UserSession.last_seen_at).where(UserSession.user_id == editor.id)
        )
    assert clock.as_utc(seen) == start + timedelta(minutes=5)
    # The page read deferred; the bookkeeping came after it, in a write of its own.
    begins = _begins(statements)
    assert begins[0] == "BEGIN" and begins[-1] == "BEGIN IMMEDIATE"
    assert any(s.startswith("UPDATE user_sessions") for s in statements)


def test_a_refused_get_records_its_audit_row_in_a_write_of_its_own(
    app: Flask, client_as: Any
) -> None:
    reporter = make_user("reporter")
    with counted_statements(app) as statements:
        assert client_as(reporter).get("/breaking").status_code == 403
    assert "BEGIN IMMEDIATE" in _begins(statements)
    assert any("INSERT INTO audit_events" in s for s in statements)


def test_a_post_begins_immediate_even_before_its_hooks_run(app: Flask) -> None:
    """The public editions' URL value preprocessor reads the database before the before_request
    hooks mark the request: a POST's first transaction must already take the write lock (the read
    beacon, deferred, failed with "database is locked" under the load test)."""
    from editorial import database

    unforced = database._immediate.set(None)  # as in a request: no writing()/reading() block
    try:
        # Each request its own app context (and `g`), as the server gives it.
        with app.app_context(), app.test_request_context("/ar/news/a-story/read", method="POST"):
            assert database._begins_immediate()
        with app.app_context(), app.test_request_context("/ar/news/a-story", method="GET"):
            assert not database._begins_immediate()
    finally:
        database._immediate.reset(unforced)


def _until(condition: Any) -> None:
    """Wait (at most ten seconds) for another thread to get somewhere."""
    for _ in range(1000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("the other thread never got there")


def test_threads_get_their_write_turns_in_the_order_they_asked() -> None:
    turns = WriteTurns()
    assert turns.take(1)
    order: list[int] = []

    def writer(number: int) -> None:
        assert turns.take(10)
        order.append(number)
        turns.give_back()

    threads = []
    for number in range(4):  # each one queued before the next starts
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        threads.append(thread)
        _until(lambda n=number: turns.waiting == n + 1)
    turns.give_back()
    for thread in threads:
        thread.join(10)
    assert order == [0, 1, 2, 3]
    assert turns.waiting == 0
    assert turns.take(0)  # free again (and re-entrant for its holder)
    assert turns.take(0)


def test_a_turn_not_given_in_time_is_given_up() -> None:
    turns = WriteTurns()
    assert turns.take(1)
    gave_up: list[bool] = []
    thread = threading.Thread(target=lambda: gave_up.append(turns.take(0.01)))
    thread.start()
    thread.join(10)
    assert gave_up == [False]
    assert turns.waiting == 0


def test_a_second_writer_thread_queues_for_its_turn_and_writes_once_the_first_commits(
    app: Flask,
) -> None:
    turns = write_turns(db.engine)
    assert turns is not None
    db.session.commit()
    first_writing, go = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with app.app_context(), writing():
            db.session.execute(text("UPDATE users SET display_name = display_name"))
            first_writing.set()
            go.wait(10)
            order.append("first")
            db.session.commit()

    def second() -> None:
        first_writing.wait(10)
        with app.app_context(), writing():
            db.session.execute(text("UPDATE users SET display_name = display_name"))
            order.append("second")
            db.session.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    _until(lambda: turns.waiting == 1)  # waiting in the process's line, not in SQLite's sleeps
    go.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first", "second"]
    assert turns.waiting == 0
    assert turns.take(0)  # every turn was given back with its connection
    turns.give_back()
