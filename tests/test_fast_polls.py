"""The poll gate (`editorial.fast_polls`): an unchanged poll is answered 304 before Flask runs,
with the very headers Flask gives that 304, and never where Flask would answer anything else."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fast_polls import Ask, Gate
from editorial.live import service as live
from editorial.models import Article, PublishAlarm, Role, User, article_authors
from tests.factories import make_article, make_headline, make_image, make_user
from tests.helpers import HX, flask_answers, flask_only


@pytest.fixture
def flask_calls(app: Flask) -> Iterator[list[str]]:
    """The addresses Flask itself answered (the gate answered the rest)."""
    with flask_answers(app) as calls:
        yield calls


def _etag(client: FlaskClient, url: str) -> str:
    first = client.get(url, headers=HX)
    assert first.status_code == 200, (url, first.status_code)
    return str(first.headers["ETag"])


def _poll(client: FlaskClient, url: str, etag: str, **headers: str) -> Any:
    return client.get(url, headers={**HX, "If-None-Match": etag, **headers})


def _polls(article_id: int) -> dict[str, str]:
    return {
        "inbox badge": "/inbox/badge",
        "comments": f"/articles/{article_id}/comments",
        "presence": f"/articles/{article_id}/presence",
    }


def _live_story(editor: User) -> str:
    """A live story's readers' poll address."""
    article = make_article("published", headline="Election night")
    story = live.start(article, editor, clock.now())
    db.session.commit()
    return f"/news/{article.slug}/live/updates?since={story.version}"


BANNER = "/alarms/banner?next=%2Fdesk%2F"
LANGUAGE_PAGE = {"HX-Current-URL": "http://localhost/breaking?language=ar"}


def _desk_polls(editor: User) -> dict[str, str]:
    """The editors' desk polls: the alarm banner, the breaking desk's lists, a live desk's
    stream (and one of a story never made live)."""
    on_air = make_article("published", headline="Count night")
    live.start(on_air, editor, clock.now())
    db.session.commit()
    return {
        "alarm banner": BANNER,
        "breaking lists": "/breaking",
        "breaking lists, Arabic": "/breaking?language=ar",
        "live stream": f"/articles/{on_air.id}/live/stream",
        "stream, not live": f"/articles/{make_article('edit').id}/live/stream",
    }


def test_unchanged_polls_are_answered_before_flask_with_flasks_headers(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    article = make_article("edit")
    make_headline()
    image = make_image(editor)
    client = client_as(editor)
    reader = app.test_client()
    asked = [(client, url) for url in _polls(article.id).values()]
    asked += [(client, "/desk/refresh?q=fuel"), (client, f"/media/{image.id}/state")]
    asked += [(reader, "/breaking/ticker"), (reader, _live_story(editor))]
    asked.append((client, "/breaking/ticker"))  # staff reading the public site
    asked += [(client, url) for url in _desk_polls(editor).values()]
    for who, url in asked:
        etag = _etag(who, url)
        flask_calls.clear()
        fast = _poll(who, url, etag)
        assert (fast.status_code, flask_calls) == (304, []), url
        slow = flask_only(app, lambda who=who, url=url, etag=etag: _poll(who, url, etag))
        assert slow.status_code == 304
        assert sorted(fast.headers.items()) == sorted(slow.headers.items()), url
    # The breaking desk filtering a language, asked from its page (`HX-Current-URL`).
    etag = str(client.get("/breaking", headers={**HX, **LANGUAGE_PAGE}).headers["ETag"])
    assert etag != _etag(client, "/breaking")
    flask_calls.clear()
    fast = _poll(client, "/breaking", etag, **LANGUAGE_PAGE)
    assert (fast.status_code, flask_calls) == (304, [])


def test_a_changed_poll_is_flasks(
    app: Flask, editor: User, client_as: Any, flask_calls: list[str]
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    url = f"/articles/{article.id}/comments"
    etag = _etag(client, url)
    client.post(url, data={"body": "Who is the second source?"}, headers=HX)
    flask_calls.clear()
    assert _poll(client, url, etag).status_code == 200
    assert flask_calls == [url]


def test_someone_taken_off_the_story_gets_what_they_got_before(
    app: Flask, client_as: Any, flask_calls: list[str]
) -> None:
    """A reporter on the byline polls the thread; taken off it, the same poll is Flask's 404
    (a draft they may no longer see), never a 304."""
    reporter = make_user(Role.REPORTER)
    article = make_article("draft", authors=[reporter, make_user(Role.REPORTER)])
    client = client_as(reporter)
    urls = _polls(article.id)
    etags = {name: _etag(client, url) for name, url in urls.items()}
    db.session.execute(
        article_authors.delete().where(
            article_authors.c.article_id == article.id, article_authors.c.user_id == reporter.id
        )
    )
    db.session.commit()
    flask_calls.clear()
    answers = {name: _poll(client, url, etags[name]).status_code for name, url in urls.items()}
    assert answers == {"inbox badge": 304, "comments": 404, "presence": 404}
    assert flask_calls == [urls["comments"], urls["presence"]]


def test_another_browser_with_the_cookie_is_flasks(
    app: Flask, editor: User, client_as: Any, flask_calls: list[str]
) -> None:
    """Session protection ("strong"): the cookie from another address or browser signs out."""
    client = client_as(editor)
    etag = _etag(client, "/inbox/badge")
    flask_calls.clear()
    answer = _poll(client, "/inbox/badge", etag, **{"User-Agent": "Stolen/1.0"})
    assert answer.status_code == 401
    assert flask_calls == ["/inbox/badge"]


def test_expired_sessions_and_a_password_to_change_are_flasks(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    client = client_as(editor)
    etag = _etag(client, "/inbox/badge")
    absolute = app.config["SESSION_ABSOLUTE_TIMEOUT"]
    # Polls never keep a session alive: the idle timeout ends it first.
    frozen.tick(seconds=app.config["SESSION_IDLE_TIMEOUT"].total_seconds() + 1)
    assert _poll(client, "/inbox/badge", etag).status_code == 401
    client = client_as(editor)
    etag = _etag(client, "/inbox/badge")
    # Active every hour, yet the absolute limit still ends the session.
    for _ in range(int(absolute.total_seconds() // 3600) - 1):
        frozen.tick(hours=1)
        assert client.get("/desk/").status_code == 200
    frozen.tick(hours=1, seconds=1)
    flask_calls.clear()
    assert _poll(client, "/inbox/badge", etag).status_code == 401
    assert flask_calls == ["/inbox/badge"]
    client = client_as(editor)
    etag = _etag(client, "/inbox/badge")
    db.session.execute(update(User).where(User.id == editor.id).values(must_change_password=True))
    db.session.commit()
    flask_calls.clear()
    assert _poll(client, "/inbox/badge", etag).status_code == 403
    assert flask_calls == ["/inbox/badge"]


def test_without_htmx_the_thread_is_a_redirect_as_before(
    app: Flask, editor: User, client_as: Any
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    url = f"/articles/{article.id}/comments"
    etag = _etag(client, url)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 302


def test_a_readers_revalidated_page_is_answered_before_flask_with_flasks_headers(
    app: Flask, client: FlaskClient, flask_calls: list[str], clock_held_still: None
) -> None:
    article = make_article("published", published_at=clock.now())
    url = f"/news/{article.slug}"
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    flask_calls.clear()
    fast = client.get(url, headers={"If-None-Match": etag})
    assert (fast.status_code, flask_calls) == (304, [])
    slow = flask_only(app, lambda: client.get(url, headers={"If-None-Match": etag}))
    assert slow.status_code == 304
    assert sorted(fast.headers.items()) == sorted(slow.headers.items())


def test_an_unpublished_page_is_flasks_410(
    app: Flask, client: FlaskClient, editor: User, client_as: Any, flask_calls: list[str]
) -> None:
    """A kill moves the site's version on: the revalidation misses and Flask answers 410."""
    article = make_article("published", published_at=clock.now())
    url = f"/news/{article.slug}"
    etag = client.get(url).headers["ETag"]
    desk = client_as(editor)
    killed = desk.post(f"/articles/{article.id}/transition/unpublish", data={"note": "Legal"})
    assert killed.status_code in (200, 302, 303), killed.status_code
    flask_calls.clear()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 410
    assert flask_calls == [url]
    # Staff with a session cookie are never answered by the gate.
    flask_calls.clear()
    desk.get(url, headers={"If-None-Match": etag})
    assert flask_calls == [url]


def test_a_live_story_taken_down_is_flasks(
    app: Flask, editor: User, flask_calls: list[str]
) -> None:
    reader = app.test_client()
    url = _live_story(editor)
    etag = _etag(reader, url)
    db.session.execute(update(Article).values(state="draft"))
    db.session.commit()
    flask_calls.clear()
    assert _poll(reader, url, etag).status_code == 404
    assert flask_calls == [url.partition("?")[0]]


def test_no_gate_where_every_request_must_reach_flask(make_app: Any) -> None:
    """Limits on every route (the limiter counts each request), a Host allowlist, or the
    setting off: every poll goes through Flask."""
    for settings in (
        {"RATELIMIT_DEFAULT": "1000 per minute"},
        {"TRUSTED_HOSTS": ["news.example.com"]},
        {"FAST_POLLS": False},
    ):
        assert not isinstance(make_app(**settings).wsgi_app, Gate), settings


class _Read:
    """A connection whose one read answers `number`, after `wait` is set (if given)."""

    def __init__(self, number: int, entered: threading.Event, wait: threading.Event | None):
        self.number, self.entered, self.wait = number, entered, wait

    def execute(self, _statement: Any) -> Any:
        self.entered.set()
        if self.wait is not None:
            self.wait.wait(10)
        number = self.number

        class Result:
            def scalar(self) -> int:
                return number

        return Result()


def test_one_requests_slow_read_does_not_hold_up_anothers(app: Flask) -> None:
    """The gate's threads each read the site's version; with `functools.cached_property` (Python
    3.11 locks it per class while it computes) every thread waited for every other's read:
    cached pages fell from 4,486 req/s at one connection to 195 at sixteen."""
    slow_entered, quick_entered, release = threading.Event(), threading.Event(), threading.Event()
    now = clock.now()
    slow = Ask(app, _Read(1, slow_entered, release), None, {}, {}, now)  # type: ignore[arg-type]
    quick = Ask(app, _Read(2, quick_entered, None), None, {}, {}, now)  # type: ignore[arg-type]
    first = threading.Thread(target=lambda: slow.site_version)
    first.start()
    assert slow_entered.wait(5)
    got: list[int] = []
    second = threading.Thread(target=lambda: got.append(quick.site_version))
    second.start()
    second.join(5)
    release.set()
    first.join(5)
    assert got == [2], "the second request waited for the first one's read"
    assert slow.site_version == 1 and quick.site_version == 2


def test_a_changed_desk_poll_is_flasks(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    """A new headline moves the desk's version, a new post the live story's: Flask's 200."""
    client = client_as(editor)
    urls = _desk_polls(editor)
    etags = {name: _etag(client, url) for name, url in urls.items()}
    make_headline(by=editor)
    story = live.story_of(db.session.get(Article, int(urls["live stream"].split("/")[2])))
    assert story is not None
    live.create_post(story, editor, body="Turnout is up.", at=clock.now())
    db.session.commit()
    for name in ("breaking lists", "breaking lists, Arabic", "live stream"):
        flask_calls.clear()
        assert _poll(client, urls[name], etags[name]).status_code == 200, name
        assert flask_calls == [urls[name].partition("?")[0]], name


def test_the_alarm_poll_goes_to_flask_while_anything_is_late_or_open(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    """Late: Flask sounds (raises the alarm) and answers the banner; put right, the open alarm
    still sends the poll to Flask, which clears it; then quiet again, the gate's 304."""
    client = client_as(editor)
    quiet = _etag(client, BANNER)
    article = make_article("scheduled", published_at=clock.now() - timedelta(minutes=2))
    flask_calls.clear()
    late = _poll(client, BANNER, quiet)
    assert (late.status_code, flask_calls) == (200, ["/alarms/banner"])
    assert "Missed publish" in late.get_data(as_text=True)
    assert _open_alarms() == 1
    db.session.execute(update(Article).where(Article.id == article.id).values(state="ready"))
    db.session.commit()
    # Put right, nothing is late: a page holding the quiet ETag still goes to Flask while the
    # alarm is open, which clears it (and answers the same 304); then the gate answers.
    flask_calls.clear()
    cleared = _poll(client, BANNER, quiet)
    assert (cleared.status_code, flask_calls) == (304, ["/alarms/banner"])
    assert _open_alarms() == 0
    flask_calls.clear()
    assert (_poll(client, BANNER, quiet).status_code, flask_calls) == (304, [])
    flask_calls.clear()
    assert _poll(client, BANNER, str(late.headers["ETag"])).status_code == 200
    assert flask_calls == ["/alarms/banner"]  # a late page's ETag: the banner drawn empty


def test_a_headline_held_off_the_ticker_sends_the_alarm_poll_to_flask(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    """A headline live for over the grace minute and kept off the ticker by its story's embargo:
    the gate's read sees it as late (the same condition as `late_now`), and Flask raises it."""
    client = client_as(editor)
    quiet = _etag(client, BANNER)
    story = make_article("ready", embargo_until=clock.now() + timedelta(hours=1))
    make_headline(
        "Ceasefire agreed", starts=clock.now() - timedelta(minutes=2), article_id=story.id
    )
    flask_calls.clear()
    late = _poll(client, BANNER, quiet)
    assert (late.status_code, flask_calls) == (200, ["/alarms/banner"])
    assert "Ceasefire agreed" in late.get_data(as_text=True) and _open_alarms() == 1


def _open_alarms() -> int:
    query = select(func.count(PublishAlarm.id)).where(PublishAlarm.cleared_at.is_(None))
    return db.session.scalar(query) or 0


def test_someone_not_allowed_a_desk_poll_gets_flasks_refusal(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    """A reporter holding an editor's ETags: the banner and the breaking desk are Flask's 403,
    the stream of a draft they may not see Flask's 404, never a 304."""
    urls = _desk_polls(editor)
    etags = {name: _etag(client_as(editor), url) for name, url in urls.items()}
    reporter = client_as(make_user(Role.REPORTER))
    expected = {
        "alarm banner": 403,
        "breaking lists": 403,
        "breaking lists, Arabic": 403,
        "live stream": 304,  # a published story: the live desk is every role's
        "stream, not live": 404,
    }
    for name, url in urls.items():
        flask_calls.clear()
        answer = _poll(reporter, url, etags[name])
        assert answer.status_code == expected[name], name
        assert flask_calls == ([] if expected[name] == 304 else [url.partition("?")[0]]), name


def test_a_comment_polls_304_is_one_statement_with_the_session_check(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    """Whether the person may see inside the story and the thread's count and last change are
    read with the session's row (`comments.queries.thread_joined`), for an editor and for a
    story's reporter (whose rule is written against their row); a comment posted since is still
    Flask's 200."""
    reporter = make_user(Role.REPORTER)
    article = make_article("edit")
    db.session.execute(article_authors.insert().values(article_id=article.id, user_id=reporter.id))
    db.session.commit()
    url = f"/articles/{article.id}/comments"
    for person in (editor, reporter):
        client = client_as(person)
        etag = _etag(client, url)
        flask_calls.clear()
        with counted_statements(app) as sent:
            assert _poll(client, url, etag).status_code == 304
        assert (flask_calls, len(sent)) == ([], 1), (person.role, sent)
        client.post(url, data={"body": f"A note from {person.role}."}, headers=HX)
        assert _poll(client, url, etag).status_code == 200


def test_a_pictures_state_poll_is_one_statement_with_the_session_check(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    """The picture's status and file read with the session's row (`media.views.state_joined`);
    a picture that is gone is Flask's 404."""
    image = make_image(editor)
    client = client_as(editor)
    url = f"/media/{image.id}/state"
    etag = _etag(client, url)
    flask_calls.clear()
    with counted_statements(app) as sent:
        assert _poll(client, url, etag).status_code == 304
    assert (flask_calls, len(sent)) == ([], 1), sent
    assert _poll(client, f"/media/{image.id + 1000}/state", etag).status_code == 404
    assert flask_calls == [f"/media/{image.id + 1000}/state"]
