"""Whether anything is late, kept per desk version and window of time (`alarm.quiet`, issue 28): a
staff page asks nothing about lateness while nothing changed, yet a story or headline turning
late (or not) by the clock alone shows on the first page after, and another person's change at
once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import User
from tests.factories import make_article, make_headline
from tests.helpers import HX, flask_answers

DUE = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
ALARM = "Missed publish"


def _page(desk: Any, path: str = "/desk/") -> str:
    answer = desk.get(path)
    assert answer.status_code == 200
    text: str = answer.get_data(as_text=True)
    return text


def test_a_kept_board_asks_nothing_about_lateness_while_nothing_changed(
    app: Flask, editor: User, client_as: Any
) -> None:
    make_article("scheduled", published_at=DUE + timedelta(hours=1))
    make_headline("Quake hits the north", starts=DUE - timedelta(minutes=5))
    with clock.frozen(DUE + timedelta(seconds=20)) as frozen:
        desk = client_as(editor)
        assert ALARM not in _page(desk)
        frozen.tick(seconds=30)
        with counted_statements(app) as statements:
            assert ALARM not in _page(desk)
        asked = [s for s in statements if "breaking_headlines" in s or "published_at" in s]
        assert not asked, "\n".join(s[:120] for s in asked)


def test_a_story_turns_late_by_the_clock_alone_on_the_first_page_after(
    editor: User, client_as: Any
) -> None:
    make_article("scheduled", published_at=DUE, headline="Budget vote tonight")
    with clock.frozen(DUE + timedelta(seconds=30)) as frozen:
        desk = client_as(editor)
        for path in ("/desk/", "/queue/", "/desk/"):
            assert ALARM not in _page(desk, path)
        frozen.tick(seconds=29)  # 59 s past its time: inside the grace minute
        assert ALARM not in _page(desk)
        frozen.tick(seconds=1)  # a minute past: late, with nothing written meanwhile
        page = _page(desk)
        assert ALARM in page and "Budget vote tonight" in page
        assert ALARM in _page(desk, "/queue/")


def test_a_headline_turns_late_a_minute_after_its_start_with_nothing_written(
    editor: User, client_as: Any
) -> None:
    held = make_article("ready", embargo_until=DUE + timedelta(hours=2), embargo_source="AP")
    make_headline("Talks resume", starts=DUE + timedelta(minutes=1), article_id=held.id)
    with clock.frozen(DUE) as frozen:
        desk = client_as(editor)
        assert ALARM not in _page(desk)
        frozen.tick(minutes=1, seconds=59)  # started 59 s ago
        assert ALARM not in _page(desk)
        frozen.tick(seconds=1)
        assert "Talks resume" in _page(desk)


def test_a_headline_stops_being_late_when_its_story_s_embargo_lifts_or_it_ends(
    editor: User, client_as: Any
) -> None:
    held = make_article("ready", embargo_until=DUE + timedelta(minutes=10), embargo_source="AP")
    make_headline("Ceasefire agreed", starts=DUE - timedelta(minutes=2), article_id=held.id)
    other = make_article("ready", embargo_until=DUE + timedelta(hours=2), embargo_source="AP")
    make_headline("Talks resume", starts=DUE, minutes=30, article_id=other.id)
    with clock.frozen(DUE) as frozen:
        desk = client_as(editor)
        page = _page(desk)
        assert "Ceasefire agreed" in page and "Talks resume" not in page  # 59 s at most: not yet
        frozen.tick(minutes=1)
        page = _page(desk)
        assert "Ceasefire agreed" in page and "Talks resume" in page
        frozen.tick(minutes=9)  # the first story's embargo lifts: that headline is not late
        page = _page(desk)
        assert "Ceasefire agreed" not in page and "Talks resume" in page
        frozen.tick(minutes=20)  # the second headline's window ends
        assert ALARM not in _page(desk)


def test_another_person_s_change_shows_on_the_next_page(editor: User, client_as: Any) -> None:
    with clock.frozen(DUE + timedelta(minutes=5)):
        desk = client_as(editor)
        assert ALARM not in _page(desk)
        story = make_article("scheduled", published_at=DUE, headline="Port reopens")
        assert "Port reopens" in _page(desk)
        story.published_at = DUE + timedelta(hours=1)  # rescheduled elsewhere
        db.session.commit()
        assert ALARM not in _page(desk)


def test_the_clock_set_back_reads_again(editor: User, client_as: Any) -> None:
    make_article("scheduled", published_at=DUE, headline="Budget vote tonight")
    with clock.frozen(DUE + timedelta(minutes=3)) as frozen:
        desk = client_as(editor)
        assert ALARM in _page(desk)
        frozen.tick(minutes=-3)  # before the kept answer was read: not kept for it
        assert ALARM not in _page(desk)


BANNER = "/alarms/banner?next=%2Fdesk%2F"


def _banner_poll(desk: Any, etag: str) -> Any:
    return desk.get(BANNER, headers={**HX, "If-None-Match": etag})


def test_the_banner_s_quiet_poll_reads_nothing_past_the_session_check(
    app: Flask, editor: User, client_as: Any
) -> None:
    """The poll gate keeps its quiet answer as the pages do: while nothing is written and no
    moment passes, a 304 sends the session check's statement and no other."""
    make_article("scheduled", published_at=DUE + timedelta(hours=1))
    with clock.frozen(DUE) as frozen:
        desk = client_as(editor)
        etag = desk.get(BANNER, headers=HX).headers["ETag"]
        assert _banner_poll(desk, etag).status_code == 304  # the gate's first: one read, kept
        frozen.tick(seconds=30)
        with flask_answers(app) as calls, counted_statements(app) as sent:
            assert _banner_poll(desk, etag).status_code == 304
        assert (calls, len(sent)) == ([], 1), sent


def test_the_banner_s_poll_sounds_when_a_story_turns_late_by_the_clock_alone(
    app: Flask, editor: User, client_as: Any
) -> None:
    """A quiet answer kept by the gate ends with its window: a scheduled story's time plus the
    grace minute passing with nothing written sends the next poll to Flask, which raises it."""
    make_article("scheduled", published_at=DUE + timedelta(minutes=5), headline="Budget vote")
    with clock.frozen(DUE) as frozen:
        desk = client_as(editor)
        etag = desk.get(BANNER, headers=HX).headers["ETag"]
        assert _banner_poll(desk, etag).status_code == 304
        frozen.tick(minutes=6, seconds=30)
        with flask_answers(app) as calls:
            late = _banner_poll(desk, etag)
        assert late.status_code == 200 and calls == ["/alarms/banner"]
        assert ALARM in late.get_data(as_text=True) and "Budget vote" in late.get_data(True)
