"""Speed that a person notices (issue 28): polls that answer 304 while nothing changed, and
answer at once when something did; reads that stay bounded however large the archive grows.

No test is timed: statement counts and what each answer says are what is checked.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from editorial import clock
from editorial.board_version import board_version
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.live import service as live_service
from editorial.models import User
from editorial.models.claims import Claim
from tests.factories import make_article, make_user
from tests.helpers import HX

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _revalidate(client: FlaskClient, url: str, etag: str) -> Any:
    return client.get(url, headers={**HX, "If-None-Match": etag})


def test_the_board_refresh_answers_304_until_something_on_the_board_changes(
    app: Flask, editor: User, client_as: Any
) -> None:
    article = make_article("edit", headline="Port strike enters second week")
    client = client_as(editor)
    with clock.frozen(NOON):
        first = client.get("/desk/refresh", headers=HX)
        assert first.status_code == 200 and f'id="card-{article.id}"' in first.get_data(True)
        etag = first.headers["ETag"]

        with counted_statements(app) as statements:
            again = _revalidate(client, "/desk/refresh", etag)
        assert again.status_code == 304 and again.get_data() == b""
        # The session's row and the desk's version: no board read, no card drawn.
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 2

        # A change made elsewhere (another person's transition, through the ORM) is seen.
        article.headline = "Port strike ends after talks"
        db.session.commit()
        changed = _revalidate(client, "/desk/refresh", etag)
        assert changed.status_code == 200
        assert "Port strike ends after talks" in changed.get_data(as_text=True)
        assert changed.headers["ETag"] != etag


def test_a_change_beside_the_story_also_moves_the_board_on(editor: User, client_as: Any) -> None:
    """A claim checked, a deadline, a plan: rows of other tables the cards show."""
    article = make_article("fact_check")
    client = client_as(editor)
    with clock.frozen(NOON):
        etag = client.get("/desk/refresh", headers=HX).headers["ETag"]
        before = board_version()
        db.session.add(Claim(article_id=article.id, text="The port handles 40% of imports."))
        db.session.commit()
        assert board_version() == before + 1
        assert _revalidate(client, "/desk/refresh", etag).status_code == 200


def test_what_no_board_shows_leaves_the_board_alone(
    editor: User, reporter: User, client_as: Any
) -> None:
    """A heartbeat in the editor, a session kept alive: the desk's version stays."""
    article = make_article("draft", authors=[reporter])
    desk, writer = client_as(editor), client_as(reporter)
    with clock.frozen(NOON):
        etag = desk.get("/desk/refresh", headers=HX).headers["ETag"]
        before = board_version()
        assert writer.post(f"/articles/{article.id}/presence", headers=HX).status_code == 200
        assert board_version() == before
        assert _revalidate(desk, "/desk/refresh", etag).status_code == 304


def test_a_live_post_leaves_the_board_alone(editor: User, client_as: Any) -> None:
    """A live story's desk posts every few minutes all day; no card shows its posts."""
    article = make_article("published", headline="Summit day")
    desk = client_as(editor)
    with clock.frozen(NOON):
        story = live_service.start(article, editor, clock.now())
        db.session.commit()
        etag = desk.get("/desk/refresh", headers=HX).headers["ETag"]
        before = board_version()
        live_service.create_post(story, editor, body="Leaders arrive", at=clock.now())
        db.session.commit()
        assert board_version() == before
        assert _revalidate(desk, "/desk/refresh", etag).status_code == 304


def test_the_board_refresh_is_each_persons_own_and_moves_on_with_the_minute(
    editor: User, client_as: Any
) -> None:
    make_article("edit")
    other = make_user("editor")
    mine, theirs = client_as(editor), client_as(other)
    with clock.frozen(NOON) as frozen:
        etag = mine.get("/desk/refresh", headers=HX).headers["ETag"]
        assert _revalidate(theirs, "/desk/refresh", etag).status_code == 200
        assert _revalidate(mine, "/desk/refresh?q=port", etag).status_code == 200
        frozen.tick(minutes=1)  # "waiting 3 h" and the published column's 24 hours move on
        assert _revalidate(mine, "/desk/refresh", etag).status_code == 200


def test_the_presence_poll_answers_304_until_someone_comes_or_goes(
    editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("draft", authors=[reporter])
    desk, writer = client_as(editor), client_as(reporter)
    url = f"/articles/{article.id}/presence"
    with clock.frozen(NOON) as frozen:
        first = desk.get(url, headers=HX)
        assert first.status_code == 200 and "Being edited by" not in first.get_data(True)
        etag = first.headers["ETag"]
        assert _revalidate(desk, url, etag).status_code == 304

        writer.post(url, headers=HX)  # the reporter opens the editor
        came = _revalidate(desk, url, etag)
        assert came.status_code == 200
        assert "Being edited by Rana Reporter" in came.get_data(as_text=True)
        etag = came.headers["ETag"]

        frozen.tick(seconds=15)
        writer.post(url, headers=HX)  # still there: a heartbeat is no news
        assert _revalidate(desk, url, etag).status_code == 304

        writer.post(url, data={"leaving": "1"})
        went = _revalidate(desk, url, etag)
        assert went.status_code == 200 and "Being edited by" not in went.get_data(True)


def test_related_news_reads_each_tags_newest_window(client: FlaskClient) -> None:
    """Related news ranks the stories sharing tags among each tag's newest `RELATED_WINDOW`:
    the newest story sharing both tags comes first, one sharing a single tag after it."""
    published = {"published_at": datetime(2026, 3, 1, 9, 0, tzinfo=UTC)}
    story = make_article("published", tags=["Port", "Strike"], **published)
    make_article("published", headline="Both tags, earlier", tags=["Port", "Strike"], **published)
    make_article("published", headline="One tag only", tags=["Port"], **published)
    html = client.get(f"/news/{story.slug}").get_data(as_text=True)
    related = re.search(r"Related News(.*?)</section>", html, re.S)
    assert related is not None
    assert related.group(1).index("Both tags, earlier") < related.group(1).index("One tag only")


def test_a_column_holding_a_story_without_its_time_still_shows(
    editor: User, client_as: Any
) -> None:
    """The first pages are sorted in Python as the SQL ordered them: a scheduled story whose
    time is missing (the database allows it) comes first instead of failing the board."""
    timed = make_article("scheduled", headline="Timed", published_at=clock.now().replace(year=2099))
    untimed = make_article("scheduled", headline="Untimed")
    assert untimed.published_at is None and timed.published_at is not None
    db.session.commit()
    board = client_as(editor).get("/desk/")
    assert board.status_code == 200
    html = board.get_data(as_text=True)
    assert html.index("Untimed") < html.index("Timed")


def test_the_board_reads_the_archive_through_its_indexes(
    app: Flask, editor: User, client_as: Any
) -> None:
    """SQLite's plan of every statement the board runs: no walk of a whole table that grows
    with the archive (the deadline marks' row-value IN read every deadline). The column counts'
    old OR walked the (state, publish time) index only under a large archive's statistics, which
    a test database has not: BENCHMARKS.md (boardcache) has that plan at 100,000 stories."""
    if db.engine.dialect.name != "sqlite":
        return  # EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's plans are in BENCHMARKS.md
    for state in ("draft", "edit", "fact_check", "published", "spiked"):
        make_article(state)
    client = client_as(editor)
    client.get("/desk/")
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get("/desk/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    walks = []
    with db.engine.connect() as connection:
        for statement, params in seen:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            walks += [
                row[-1] for row in plan if re.match(r"SCAN (articles|article_deadlines)\b", row[-1])
            ]
    assert walks == []
