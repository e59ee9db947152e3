"""The in-process cache of anonymous public pages: fast, and never stale after a change here."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from editorial import clock
from editorial.models import Role
from editorial.services.transitions import release_due
from tests.factories import make_article, make_user
from tests.helpers import counted_queries, sign_in


@pytest.fixture
def cached_app(make_app: Any) -> Iterator[Flask]:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=30)
    with app.app_context():
        yield app


def _statements(app: Flask, url: str, client: Any) -> tuple[int, str]:
    with counted_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_a_second_anonymous_view_costs_no_query(cached_app: Flask) -> None:
    make_article("published", headline="Harbour reopens to fishing boats")
    reader = cached_app.test_client()
    first, page = _statements(cached_app, "/", reader)
    again, cached = _statements(cached_app, "/", reader)
    assert first > 0 and again == 0
    assert cached == page and "Harbour reopens to fishing boats" in cached
    response = reader.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers


def test_a_publication_here_shows_at_once(cached_app: Flask) -> None:
    editor = make_user(Role.EDITOR)
    article = make_article("ready", headline="Ferry timetable changes next week")
    reader = cached_app.test_client()
    assert "Ferry timetable" not in reader.get("/").get_data(as_text=True)
    desk = sign_in(cached_app.test_client(), editor)
    assert desk.post(f"/articles/{article.id}/transition/publish").status_code == 302
    assert "Ferry timetable" in reader.get("/").get_data(as_text=True)


def test_a_scheduled_release_empties_the_cache(cached_app: Flask) -> None:
    article = make_article("scheduled", published_at=clock.now() + timedelta(hours=1))
    reader = cached_app.test_client()
    assert article.headline not in reader.get("/").get_data(as_text=True)
    with clock.frozen(clock.now() + timedelta(hours=2)):
        assert release_due() == 1
    assert article.headline in reader.get("/").get_data(as_text=True)


def test_signed_in_staff_never_get_a_kept_page(cached_app: Flask) -> None:
    make_article("published")
    cached_app.test_client().get("/")
    staff = sign_in(cached_app.test_client(), make_user(Role.EDITOR))
    count, page = _statements(cached_app, "/", staff)
    assert count > 0 and "Back to the desk" in page


def test_entries_expire(make_app: Any) -> None:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=0.2)
    with app.app_context():
        reader = app.test_client()
        reader.get("/")
        assert _statements(app, "/", reader)[0] == 0
        time.sleep(0.3)
        assert _statements(app, "/", reader)[0] > 0


def test_the_read_beacon_does_not_empty_the_cache(cached_app: Flask) -> None:
    article = make_article("published")
    reader = cached_app.test_client()
    reader.get("/")
    assert reader.post(f"/news/{article.slug}/read").status_code == 204
    assert _statements(cached_app, "/", reader)[0] == 0
