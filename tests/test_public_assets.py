"""What public pages fetch besides HTML (issue 20, items 28 and 31): one stylesheet, cached for a
year under the digest of its bytes; /favicon.ico; the publisher's logo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from editorial.public.assets import PUBLIC_STYLESHEETS
from tests.factories import make_article, section

STATIC = Path(__file__).resolve().parent.parent / "static"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


@pytest.fixture
def pages(app: Flask) -> list[str]:
    story = make_article("published", section=section("Politics"), tags=["Ceasefire"])
    return ["/", f"/news/{story.slug}", "/section/politics", "/search?q=port", "/about", "/nope"]


def test_every_public_page_links_one_stylesheet_that_holds_them_all(
    client: FlaskClient, pages: list[str]
) -> None:
    links = set()
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        found = STYLESHEET.findall(html)
        assert len(found) == 1, (url, found)
        links.update(found)
    assert len(links) == 1  # the same address everywhere: fetched once, then cached
    address = links.pop()
    response = client.get(address)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = response.get_data(as_text=True)
    for name in PUBLIC_STYLESHEETS:  # every rule of every file, in order
        assert (STATIC / "css" / name).read_text() in css
    again = client.get(f"/assets/public-{'0' * 16}.css")  # a page cached before a change
    assert again.get_data(as_text=True) == css and "no-cache" in again.headers["Cache-Control"]
    revalidated = client.get(address, headers={"If-None-Match": response.headers["ETag"]})
    assert revalidated.status_code == 304


def test_the_favicon_answers_at_the_root(client: FlaskClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.get_data() == (STATIC / "favicon.ico").read_bytes()
    assert "max-age" in response.headers["Cache-Control"]
    assert client.get("/static/favicon.svg").status_code == 200
