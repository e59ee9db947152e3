"""Kills are instant: browsers revalidate every public page, shared caches keep one seconds, and
an unpublished story answers 410 at the reader's next request, in every process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from editorial import create_app
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Role
from editorial.public.views import PUBLIC_CACHE
from tests.factories import make_article, make_user
from tests.helpers import IsolatedClient, app_config, sign_in

pytestmark = pytest.mark.usefixtures("clock_held_still")


def test_browsers_revalidate_every_time_and_shared_caches_keep_five_seconds(
    make_app: Any,
) -> None:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=30)
    with app.app_context():
        story = make_article("published")
        reader = app.test_client()
        for url in ("/", f"/news/{story.slug}", "/sitemap.xml", "/feeds/rss.xml"):
            first = reader.get(url)
            rule = first.headers["Cache-Control"]
            assert rule == "public, max-age=0, must-revalidate, s-maxage=5" == PUBLIC_CACHE
            again = reader.get(url, headers={"If-None-Match": first.headers["ETag"]})
            assert again.status_code == 304, url
            # The 304 repeats the rule, so a cache that revalidated keeps following it.
            assert again.headers["Cache-Control"] == rule and again.headers["ETag"]
        gone = reader.get("/news/no-such-story")
        assert gone.status_code == 404 and "public" not in gone.headers["Cache-Control"]


@pytest.mark.parametrize("page_cache_seconds", [0, 30])
def test_a_revalidation_after_an_unpublish_in_another_process_gets_410(
    make_app: Any, tmp_path: Path, page_cache_seconds: int
) -> None:
    """Two apps on one database stand for two server processes, each with its own page cache.

    A browser that has the story revalidates it (If-None-Match) at either; after an unpublish
    made through the other one, both answer 410, never a 304 or the kept 200. With the page
    cache off each keeps the story's head and parts (`public.heads`), under the site's version
    the kill moves on.
    """
    first = make_app(PUBLIC_PAGE_CACHE_SECONDS=page_cache_seconds)
    second = create_app(app_config(tmp_path, PUBLIC_PAGE_CACHE_SECONDS=page_cache_seconds))
    second.test_client_class = IsolatedClient
    with first.app_context():
        editor = make_user(Role.EDITOR)
        story = make_article("published", headline="Harbour reopens to fishing boats")
        url, story_id = f"/news/{story.slug}", story.id
        reader_one, reader_two = first.test_client(), second.test_client()
        etag = reader_one.get(url).headers["ETag"]
        assert reader_two.get(url).headers["ETag"] == etag  # the same version, the same tag
        kept = {"If-None-Match": etag}
        assert reader_one.get(url, headers=kept).status_code == 304
        assert reader_two.get(url, headers=kept).status_code == 304
        desk = sign_in(second.test_client(), editor)
        pulled = desk.post(f"/articles/{story_id}/transition/unpublish", data={"note": "Legal."})
        assert pulled.status_code == 302
        for reader in (reader_one, reader_two):
            answer = reader.get(url, headers=kept)
            assert answer.status_code == 410
            assert "Harbour reopens" not in answer.get_data(as_text=True)
            assert "public" not in answer.headers["Cache-Control"]
            assert reader.get(url).status_code == 410  # and without the tag
    _close(second)


def test_the_front_page_drops_a_killed_story_in_the_other_process_at_once(
    make_app: Any, tmp_path: Path
) -> None:
    first: Flask = make_app(PUBLIC_PAGE_CACHE_SECONDS=30)
    second = create_app(app_config(tmp_path, PUBLIC_PAGE_CACHE_SECONDS=30))
    second.test_client_class = IsolatedClient
    with first.app_context():
        editor = make_user(Role.EDITOR)
        story = make_article("published", headline="Minister resigns over leaked memo")
        reader = second.test_client()
        front = reader.get("/")
        assert "Minister resigns" in front.get_data(as_text=True)
        desk = sign_in(first.test_client(), editor)
        desk.post(f"/articles/{story.id}/transition/unpublish", data={"note": "Wrong minister."})
        again = reader.get("/", headers={"If-None-Match": front.headers["ETag"]})
        assert again.status_code == 200 and "leaked memo" not in again.get_data(as_text=True)
    _close(second)


@pytest.mark.parametrize("page_cache_seconds", [0, 30])
def test_a_search_drops_a_killed_story_in_the_other_process_at_once(
    make_app: Any, tmp_path: Path, page_cache_seconds: int
) -> None:
    """The readers' search keeps its page of hits (`search.kept`) and, with the page cache on,
    the whole page: both are keyed on the site's version, which the kill moves on."""
    first: Flask = make_app(PUBLIC_PAGE_CACHE_SECONDS=page_cache_seconds)
    second = create_app(app_config(tmp_path, PUBLIC_PAGE_CACHE_SECONDS=page_cache_seconds))
    second.test_client_class = IsolatedClient
    with first.app_context():
        editor = make_user(Role.EDITOR)
        story = make_article("published", headline="Minister resigns over leaked memo")
        reader = second.test_client()
        for _ in range(2):  # the second answered from what the first kept
            assert "over leaked memo" in reader.get("/search?q=minister").get_data(as_text=True)
        with counted_statements(second) as statements:
            reader.get("/search?q=minister")
        assert not any("article_search" in statement for statement in statements)
        desk = sign_in(first.test_client(), editor)
        desk.post(f"/articles/{story.id}/transition/unpublish", data={"note": "Wrong minister."})
        again = reader.get("/search?q=minister")
        assert again.status_code == 200 and "leaked memo" not in again.get_data(as_text=True)
    _close(second)


def _close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
