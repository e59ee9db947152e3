"""The in-process cache of anonymous public pages: fast, and never stale after a change here."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from editorial import clock, create_app
from editorial.articles.transitions.service import release_due
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Role
from editorial.page_cache import site_version
from tests.factories import make_article, make_user
from tests.helpers import IsolatedClient, app_config, sign_in

pytestmark = pytest.mark.usefixtures("clock_held_still")


@pytest.fixture
def cached_app(make_app: Any) -> Iterator[Flask]:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=30)
    with app.app_context():
        yield app


def _statements(app: Flask, url: str, client: Any) -> tuple[list[str], str]:
    with counted_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    queries = [s for s in statements if not s.startswith("BEGIN")]
    return queries, response.get_data(as_text=True)


def test_a_second_anonymous_view_costs_only_the_site_version(cached_app: Flask) -> None:
    make_article("published", headline="Harbour reopens to fishing boats")
    reader = cached_app.test_client()
    first, page = _statements(cached_app, "/", reader)
    again, cached = _statements(cached_app, "/", reader)
    assert len(first) > 1
    assert len(again) == 1 and "FROM site_version" in again[0]
    assert cached == page and "Harbour reopens to fishing boats" in cached
    response = reader.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=5"
    assert "Set-Cookie" not in response.headers


def test_a_rendered_page_reads_the_site_version_once(app: Flask) -> None:
    """The page cache's key and the settings both need the number: one read serves both."""
    make_article("published", headline="Harbour reopens to fishing boats")
    reader = app.test_client()
    for url in ("/", "/search?q=harbour", "/feeds/rss.xml"):
        queries, _ = _statements(app, url, reader)
        assert sum("FROM site_version" in q for q in queries) == 1, url


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
    with clock.frozen(clock.now() + timedelta(hours=2)):  # its time has come
        assert release_due() == 1
        assert article.headline in reader.get("/").get_data(as_text=True)


def test_signed_in_staff_never_get_a_kept_page(cached_app: Flask) -> None:
    make_article("published")
    cached_app.test_client().get("/")
    staff = sign_in(cached_app.test_client(), make_user(Role.EDITOR))
    queries, page = _statements(cached_app, "/", staff)
    assert len(queries) > 1 and "Back to the desk" in page


def test_entries_expire(make_app: Any) -> None:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=0.2)
    with app.app_context():
        reader = app.test_client()
        reader.get("/")
        assert len(_statements(app, "/", reader)[0]) == 1
        time.sleep(0.3)
        assert len(_statements(app, "/", reader)[0]) > 1


def test_the_read_beacon_does_not_empty_the_cache(cached_app: Flask) -> None:
    article = make_article("published")
    reader = cached_app.test_client()
    reader.get("/")
    assert reader.post(f"/news/{article.slug}/read").status_code == 204
    assert len(_statements(cached_app, "/", reader)[0]) == 1


def test_a_change_in_another_process_is_seen_at_the_next_request(
    make_app: Any, tmp_path: Path
) -> None:
    """Two apps on one database stand for two gunicorn workers, each with its own cache."""
    first = make_app(PUBLIC_PAGE_CACHE_SECONDS=30)
    # Another app on the same database (and PostgreSQL schema), not emptied: another worker.
    second = create_app(app_config(tmp_path, PUBLIC_PAGE_CACHE_SECONDS=30))
    second.test_client_class = IsolatedClient
    with first.app_context():
        article = make_article("published", headline="Harbour reopens to fishing boats")
        url, unpublish = f"/news/{article.slug}", f"/articles/{article.id}/transition/unpublish"
        desk = sign_in(first.test_client(), make_user(Role.EDITOR))
        reader_one, reader_two = first.test_client(), second.test_client()
        assert reader_one.get(url).status_code == 200
        assert reader_two.get(url).status_code == 200  # both keep the page now
        assert desk.post(unpublish, data={"note": "Legal asked."}).status_code == 302
        assert reader_one.get(url).status_code == 410
        assert reader_two.get(url).status_code == 410


def test_a_revalidation_is_answered_304_without_rendering(cached_app: Flask) -> None:
    url = f"/news/{make_article('published').slug}"
    reader = cached_app.test_client()
    etag = reader.get(url).headers["ETag"]
    with counted_statements(cached_app) as statements:
        again = reader.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert [s for s in statements if not s.startswith("BEGIN")] == [statements[-1]]
    assert "FROM site_version" in statements[-1]


def test_after_an_unpublish_a_revalidation_gets_the_410(cached_app: Flask) -> None:
    editor = make_user(Role.EDITOR)
    article = make_article("published")
    slug, article_id = article.slug, article.id
    reader = cached_app.test_client()
    etag = reader.get(f"/news/{slug}").headers["ETag"]
    desk = sign_in(cached_app.test_client(), editor)
    desk.post(f"/articles/{article_id}/transition/unpublish", data={"note": "Wrong town."})
    assert reader.get(f"/news/{slug}", headers={"If-None-Match": etag}).status_code == 410


def test_readers_arriving_while_a_page_renders_wait_for_it(
    cached_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No stampede: when a kept page has expired, one request renders it and the rest wait."""
    from editorial.public import queries

    make_article("published", headline="Harbour reopens to fishing boats")
    renders: list[int] = []
    real_most_read = queries.most_read

    def slow_most_read(*args: Any, **kwargs: Any) -> Any:
        renders.append(1)
        time.sleep(0.3)
        return real_most_read(*args, **kwargs)

    monkeypatch.setattr(queries, "most_read", slow_most_read)
    start = threading.Barrier(5)
    pages: list[str] = []

    def read() -> None:
        reader = cached_app.test_client()
        start.wait()
        pages.append(reader.get("/").get_data(as_text=True))

    threads = [threading.Thread(target=read) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(pages) == 5 and len(set(pages)) == 1
    assert "Harbour reopens" in pages[0]
    assert len(renders) == 1


def test_one_write_moves_the_site_version_on_once(app: Flask) -> None:
    """A transition asks three times (its signal, the write request's commit, and the version is
    read after); one increment says it, so every process misses its cache once, not twice."""
    editor = make_user(Role.EDITOR)
    article = make_article("ready")
    desk = sign_in(app.test_client(), editor)
    before = site_version()
    assert desk.post(f"/articles/{article.id}/transition/publish").status_code == 302
    db.session.expire_all()
    assert site_version() == before + 1
