"""The public polls' kept answers (`editorial.kept_polls`): the ticker's and a reader's live
poll's 304 read only the versions while their answer holds, and the answer ends at once with a
kill (a withdrawn headline, an unpublished story: through the desk or written outside a
request), at the next moment the clock alone changes the ticker, and for a write past the ORM
(which moves no version) when the page cache's time slot moves on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from editorial import clock
from editorial.breaking import service as breaking
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.live import service as live
from editorial.models import Article, BreakingHeadline, User
from tests.factories import make_article, make_headline
from tests.helpers import T0, flask_answers, reload
from tests.test_breaking_public import ticker_texts

pytestmark = pytest.mark.usefixtures("frozen")
TICKER = "/breaking/ticker"
LIVE_TABLES = ("breaking_headlines", "articles", "live_stories")


def _kept(app: Flask, client: FlaskClient, url: str) -> str:
    """`url`'s ETag, once its unchanged poll is the gate's 304 reading none of the rows the
    answer comes from (only the versions): the answer is kept."""
    etag = str(client.get(url).headers["ETag"])
    with flask_answers(app) as calls, counted_statements(app) as statements:
        again = client.get(url, headers={"If-None-Match": etag})
    assert (again.status_code, calls) == (304, []), url
    assert not [s for s in statements if any(table in s for table in LIVE_TABLES)], statements
    return etag


def _poll(client: FlaskClient, url: str, etag: str) -> Any:
    return client.get(url, headers={"If-None-Match": etag})


def _withdraw_on_the_desk(desk: FlaskClient, headline: BreakingHeadline) -> None:
    form = {"version": str(reload(headline).version)}
    assert desk.post(f"/breaking/{headline.id}/withdraw", data=form).status_code == 302


def _withdraw_outside_a_request(_desk: FlaskClient, headline: BreakingHeadline) -> None:
    found = reload(headline)
    editor = db.session.get(User, found.created_by_id)
    breaking.withdraw(found, version=found.version, actor=editor, at=clock.now())
    db.session.commit()


WITHDRAWALS: dict[str, Callable[[FlaskClient, BreakingHeadline], None]] = {
    "on the desk": _withdraw_on_the_desk,
    "outside a request": _withdraw_outside_a_request,
}


@pytest.mark.parametrize("how", WITHDRAWALS, ids=list(WITHDRAWALS))
def test_a_withdrawn_headline_leaves_the_kept_ticker_at_the_next_poll(
    app: Flask, client: FlaskClient, desk: FlaskClient, editor: User, how: str
) -> None:
    pulled = make_headline("Wrong casualty figure", by=editor)
    make_headline("Talks resume", by=editor)
    etag = _kept(app, client, TICKER)
    WITHDRAWALS[how](desk, pulled)
    after = _poll(client, TICKER, etag)
    assert after.status_code == 200
    assert ticker_texts(after.get_data(as_text=True)) == ["Talks resume"]


def _unpublish_on_the_desk(desk: FlaskClient, story: Article) -> None:
    answer = desk.post(f"/articles/{story.id}/transition/unpublish", data={"note": "Legal."})
    assert answer.status_code == 302


def _unpublish_outside_a_request(_desk: FlaskClient, story: Article) -> None:
    db.session.expire_all()
    found = db.session.get(Article, story.id)
    assert found is not None
    found.state = "edit"
    db.session.commit()


KILLS: dict[str, Callable[[FlaskClient, Article], None]] = {
    "on the desk": _unpublish_on_the_desk,
    "outside a request": _unpublish_outside_a_request,
}


@pytest.mark.parametrize("how", KILLS, ids=list(KILLS))
def test_a_killed_story_leaves_the_kept_live_poll_and_the_ticker_at_once(
    app: Flask, client: FlaskClient, desk: FlaskClient, editor: User, how: str
) -> None:
    story = make_article("published", headline="Harbour reopens to fishing boats")
    coverage = live.start(story, editor, clock.now())
    db.session.commit()
    make_headline("Harbour: latest", by=editor, article_id=story.id)
    updates = f"/news/{story.slug}/live/updates?since={coverage.version}"
    polls = {url: _kept(app, client, url) for url in (TICKER, updates)}
    assert f'href="/news/{story.slug}"' in client.get(TICKER).get_data(as_text=True)
    KILLS[how](desk, story)
    assert _poll(client, updates, polls[updates]).status_code == 404
    ticker = _poll(client, TICKER, polls[TICKER])
    assert ticker.status_code == 200
    html = ticker.get_data(as_text=True)
    assert "<li>Harbour: latest</li>" in html and f"/news/{story.slug}" not in html


def test_the_clock_changes_the_kept_ticker_within_one_time_slot(
    app: Flask, client: FlaskClient, frozen: Any
) -> None:
    """Every moment here falls inside the page cache's slot that began at T0, so only the
    kept answer's window of time can end it: a start, an embargo lifting, a linked story's
    publish time coming, an end."""
    held = make_article("published", headline="Count", embargo_until=T0 + timedelta(seconds=2))
    due = make_article("scheduled", headline="Results", published_at=T0 + timedelta(seconds=3))
    make_headline("Starts soon", starts=T0 + timedelta(seconds=1), minutes=1)
    make_headline("Embargoed", article_id=held.id)
    make_headline("Results due", article_id=due.id)
    make_headline("Ends soon", starts=T0 - timedelta(minutes=1), minutes=1 + 4 / 60)
    etag = _kept(app, client, TICKER)
    shown = ticker_texts(client.get(TICKER).get_data(as_text=True))
    assert sorted(shown) == ["Ends soon", "Results due"]
    steps = [
        (1, {"Starts soon", "Ends soon", "Results due"}, False),
        (2, {"Starts soon", "Ends soon", "Results due", "Embargoed"}, False),
        (3, {"Starts soon", "Ends soon", "Results due", "Embargoed"}, True),
        (4, {"Starts soon", "Results due", "Embargoed"}, True),
    ]
    for second, expected, linked in steps:
        frozen.tick(seconds=1)
        assert clock.now() == T0 + timedelta(seconds=second)
        after = _poll(client, TICKER, etag)
        assert after.status_code == 200, second
        html = after.get_data(as_text=True)
        assert set(ticker_texts(html)) == expected, second
        assert (f'href="/news/{due.slug}"' in html) == linked, second
        etag = _kept(app, client, TICKER)


def test_a_write_past_the_orm_shows_when_the_time_slot_moves_on(
    app: Flask, client: FlaskClient, frozen: Any
) -> None:
    """A write that moves no version (raw SQL: a repair, a restore) ends the kept answer with
    the page cache's slot, as it reaches a public page."""
    pulled = make_headline("Pulled by hand", minutes=60)
    make_headline("Still running", minutes=60)
    etag = _kept(app, client, TICKER)
    statement = "UPDATE breaking_headlines SET withdrawn_at = starts_at WHERE id = :id"
    db.session.execute(text(statement), {"id": pulled.id})
    db.session.commit()
    frozen.tick(seconds=5)
    after = _poll(client, TICKER, etag)
    assert after.status_code == 200
    assert ticker_texts(after.get_data(as_text=True)) == ["Still running"]


def test_a_new_post_ends_the_kept_live_poll_and_its_changes_are_drawn_once(
    app: Flask, client: FlaskClient, editor: User, drawn: list[str]
) -> None:
    story = make_article("published", headline="Election night")
    coverage = live.start(story, editor, clock.now())
    db.session.commit()
    seen = coverage.version
    updates = f"/news/{story.slug}/live/updates?since={seen}"
    etag = _kept(app, client, updates)
    live.create_post(coverage, editor, body="First results in", at=clock.now())
    db.session.commit()
    drawn.clear()
    answers = [_poll(client, updates, etag) for _ in range(3)]
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.get_data() for answer in answers}) == 1
    assert "First results in" in answers[0].get_data(as_text=True)
    assert drawn.count("live/_updates.html") == 1
    assert _poll(client, updates, answers[0].headers["ETag"]).status_code == 304
