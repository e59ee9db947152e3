"""Responses go out compressed (brotli or gzip) when the browser accepts it, and nothing else
changes: the body decompresses to the same page, 304s still answer revalidations, ETags are weak
once compressed, the page cache never hands a compressed body to a browser that did not ask, and a
streamed export still streams."""

from __future__ import annotations

import gzip
from typing import Any

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, User
from tests.factories import make_article

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}

# Two requests compare ETags, which carry the page cache's time slot.
pytestmark = pytest.mark.usefixtures("clock_held_still")


def _plain(client: FlaskClient, url: str) -> bytes:
    response = client.get(url, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    return response.get_data()


@pytest.mark.parametrize("encoding", ["gzip", "br"])
@pytest.mark.parametrize("url", ["/", "/news/{slug}", "/static/vendor/htmx/htmx.min.js"])
def test_a_browser_that_accepts_it_gets_a_compressed_body_of_the_same_page(
    app: Flask, client: FlaskClient, encoding: str, url: str
) -> None:
    story = make_article("published", headline="Port workers end their strike after ten days")
    url = url.format(slug=story.slug)
    plain = _plain(client, url)
    response = client.get(url, headers={"Accept-Encoding": f"{encoding}, deflate"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    assert len(body) < len(plain) / 2
    assert DECODE[encoding](body) == plain


def test_brotli_is_preferred_and_q_values_are_respected(client: FlaskClient) -> None:
    url = "/static/vendor/htmx/htmx.min.js"
    both = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert both.headers["Content-Encoding"] == "br"
    picked = client.get(url, headers={"Accept-Encoding": "br;q=0.5, gzip"})
    assert picked.headers["Content-Encoding"] == "gzip"
    refused = client.get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


@pytest.mark.parametrize("url", ["/", "/static/css/public.css"])
def test_a_compressed_answer_has_a_weak_etag_and_revalidates_to_304(
    client: FlaskClient, url: str
) -> None:
    make_article("published", headline="Harbour reopens to fishing boats")
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    assert first.headers["Content-Encoding"] == "gzip" and etag.startswith('W/"')
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and not again.get_data()
    plain = client.get(url, headers={"If-None-Match": etag})  # the same content, not compressed
    assert plain.status_code == 304


def test_a_kept_page_is_never_sent_compressed_to_a_browser_that_did_not_ask(
    make_app: Any,
) -> None:
    app: Flask = make_app(PUBLIC_PAGE_CACHE_SECONDS=60)
    with app.app_context():
        make_article("published", headline="Council votes to rebuild the old market")
    client = app.test_client()
    compressed = client.get("/", headers={"Accept-Encoding": "br"})
    plain = client.get("/", headers={"Accept-Encoding": "identity"})  # served from memory
    assert compressed.headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in plain.headers
    assert b"Council votes to rebuild the old market" in plain.get_data()
    assert brotli.decompress(compressed.get_data()) == plain.get_data()
    assert len(app.extensions["editorial.compressed_bodies"]) == 1  # compressed once, kept
    again = client.get("/", headers={"Accept-Encoding": "br"})
    assert again.get_data() == compressed.get_data()


def test_a_signed_in_page_is_compressed_but_never_kept(
    app: Flask, client_as: Any, editor: User
) -> None:
    response = client_as(editor).get("/desk/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "no-store" in response.headers["Cache-Control"]
    assert len(app.extensions["editorial.compressed_bodies"]) == 0


def test_the_audit_export_still_streams(client_as: Any, admin: User) -> None:
    response = client_as(admin).get(
        "/admin/audit.csv", headers={"Accept-Encoding": "gzip, br"}, buffered=False
    )
    assert response.status_code == 200
    assert "Content-Length" not in response.headers  # sent as it is made, not held and sized
    assert "Content-Encoding" not in response.headers
    assert response.get_data(as_text=True).startswith("id,at_utc,")


def test_small_and_binary_answers_go_as_they_are(client: FlaskClient) -> None:
    tiny = client.get("/robots.txt", headers={"Accept-Encoding": "gzip"})
    assert tiny.status_code == 200 and "Content-Encoding" not in tiny.headers
    icon = client.get("/static/img/logo.png", headers={"Accept-Encoding": "gzip"})
    assert icon.status_code == 200 and "Content-Encoding" not in icon.headers


def test_a_kept_compressed_body_is_the_compression_of_the_bytes_sent_now(
    app: Flask, client: FlaskClient
) -> None:
    """Kept by content, not by ETag: a page's ETag (site version and time slot) can stay while
    what it renders changes (the clock, or a write that the page cache doesn't keep)."""
    story_id = make_article("published", headline="Ferry service resumes to the islands").id
    first = client.get("/", headers={"Accept-Encoding": "br"})
    # Past the ORM's session (as another tool writing the database would): no site version
    # moves, so the ETag stays the same while the page drawn now says something else.
    with db.engine.begin() as connection:
        connection.execute(
            update(Article)
            .where(Article.id == story_id)
            .values(headline="Ferry service resumes to the northern islands")
        )
    fragment_cache().clear()  # the page drawn again, not its kept parts (public/fragments.py)
    second = client.get("/", headers={"Accept-Encoding": "br"})
    assert second.headers["ETag"] == first.headers["ETag"]
    assert b"northern islands" in brotli.decompress(second.get_data())
