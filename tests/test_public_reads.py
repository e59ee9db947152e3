"""What a reader's page sends to the database once its parts are kept (issue 28, bench:pgpages):
the site's version and nothing else, and still every change a reader could see at its next
request (a kill, a publish, a renamed section, a headline by the clock)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from editorial import clock
from editorial.articles.transitions.service import Request, apply
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fragment_cache import FragmentCache, fragment_cache
from editorial.models import Role, User
from editorial.taxonomy.service import rename_term
from tests.factories import make_article, make_headline, make_live_story, make_user, section

pytestmark = pytest.mark.usefixtures("clock_held_still")


def _published(editor: User, headline: str) -> Any:
    story = make_article("ready", headline=headline)
    apply(story, "publish", editor)
    db.session.commit()
    return story


def _sent(app: Flask, client: FlaskClient, url: str, status: int = 200) -> list[str]:
    """The statements one GET of `url` sends (after a first GET kept its parts)."""
    client.get(url)
    with counted_statements(app) as statements:
        assert client.get(url).status_code == status, url
    return statements


def _only_the_site_version(statements: list[str]) -> bool:
    return len(statements) == 1 and "site_version" in statements[0]


def test_a_kept_story_section_or_live_page_reads_only_the_site_version(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    """A story's or section's head was read at every request (on PostgreSQL a round trip, and
    the story's a statement planned anew each time: 0.4 ms over `articles`' indexes); it is
    kept under the site's version and window with the parts it keys."""
    story = _published(editor, "Harbour reopens")
    live = make_live_story(editor, posts=3, headline="Count night")
    for url in (f"/news/{story.slug}", f"/news/{live.article.slug}", "/section/politics"):
        assert _only_the_site_version(_sent(app, client, url)), url


def test_the_breaking_api_and_feed_read_only_the_site_version(
    app: Flask, client: FlaskClient
) -> None:
    make_headline("Talks resume")
    for url in ("/api/breaking", "/breaking.rss"):
        assert _only_the_site_version(_sent(app, client, url)), url


def test_a_killed_story_answers_410_at_once_though_its_head_was_kept(
    client: FlaskClient, editor: User
) -> None:
    story = _published(editor, "Bridge collapses")
    for _ in range(2):
        assert client.get(f"/news/{story.slug}").status_code == 200
    apply(story, "unpublish", editor, Request(note="Legal asked us to hold it."))
    db.session.commit()
    assert client.get(f"/news/{story.slug}").status_code == 410


def test_a_story_scheduled_for_later_is_shown_from_its_time(
    client: FlaskClient, frozen: Any
) -> None:
    """Its time coming moves no version: the window of time the head is kept under ends then."""
    due = make_article(
        "scheduled", headline="Zeppelin lands", published_at=clock.now() + timedelta(minutes=1)
    )
    assert client.get(f"/news/{due.slug}").status_code == 404
    frozen.tick(minutes=1)
    assert client.get(f"/news/{due.slug}").status_code == 200


def test_a_renamed_sections_old_address_moves_at_once(client: FlaskClient, editor: User) -> None:
    _published(editor, "Harbour reopens")
    for _ in range(2):
        assert client.get("/section/politics").status_code == 200
    rename_term(
        section("Politics"), "Public affairs", "public-affairs", actor=make_user(Role.ADMIN)
    )
    db.session.commit()
    moved = client.get("/section/politics")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/public-affairs")
    assert "Public affairs" in client.get("/section/public-affairs").get_data(as_text=True)


def test_a_headline_ending_by_the_clock_leaves_the_api_at_its_end(
    client: FlaskClient, frozen: Any
) -> None:
    make_headline("Talks resume", minutes=2)
    assert [h["text"] for h in client.get("/api/breaking").get_json()["headlines"]] == [
        "Talks resume"
    ]
    frozen.tick(minutes=2)
    assert client.get("/api/breaking").get_json()["headlines"] == []


def test_a_lookup_that_finds_nothing_is_not_kept() -> None:
    """Anyone may ask for any address: misses must not push out what is kept."""
    cache = FragmentCache(max_entries=8)
    asked: list[str] = []

    def read(value: str | None) -> Any:
        return lambda: asked.append("read") or value

    assert cache.get_or_read("nobody", read(None)) is None
    assert cache.get_or_read("nobody", read(None)) is None
    assert cache.get_or_read("story", read("head")) == "head"
    assert cache.get_or_read("story", read("other")) == "head"
    assert asked == ["read"] * 3 and len(cache) == 1


def test_the_front_pages_blocks_are_one_subquery_on_postgresql(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    """Each section's newest stories: on PostgreSQL one subquery run per section (`LATERAL`),
    not a copy of the visibility rule per section in a UNION (7 ms of planning for 1 ms of
    work at every redraw); SQLite, which has no LATERAL, keeps the UNION
    (`tests/test_public.py` checks the blocks on both)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no LATERAL")
    _published(editor, "Harbour reopens")
    with counted_statements(app) as statements:
        assert client.get("/").status_code == 200
    blocks = [statement for statement in statements if "LATERAL" in statement]
    assert len(blocks) == 1
    assert "UNION" not in blocks[0]
    assert blocks[0].count("article_revisions AS newer") == 2  # the blocks', the outer query's


def test_a_live_story_drawn_anew_reads_its_posts_once(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    """The JSON-LD's newest updates are the first page's newest posts (with the pinned one),
    not a second read of the stream with its authors, co-authors and pictures."""
    live = make_live_story(editor, posts=25, headline="Count night")
    client.get(f"/news/{live.article.slug}")
    fragment_cache().clear()
    with counted_statements(app) as statements:
        html = client.get(f"/news/{live.article.slug}").get_data(as_text=True)
    streams = [s for s in statements if s.lstrip().startswith("SELECT live_posts.id")]
    assert len(streams) == 3  # the page's posts, its pinned post, its key events
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    live_blog = next(b for b in map(json.loads, blocks) if b.get("@type") == "LiveBlogPosting")
    updates = [update["articleBody"] for update in live_blog["liveBlogUpdate"]]
    assert updates == [f"Plain post {n}" for n in range(24, 14, -1)]
