"""What tells crawlers and feed readers about the editions (issue 21): `hreflang` alternates on the
pages, `xhtml:link` alternates in the sitemaps, the news sitemap's language, JSON-LD `inLanguage`,
per-edition feeds that say their language, and a BREAKING ticker per edition."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, Tag, publicly_visible
from tests.demo_copy import LOADED_AT, copy_demo
from tests.factories import make_headline
from tests.helpers import edit_form, new, reload
from tests.parsed import Page
from tests.test_editions import HEADLINES, PREFIX, family, text

BASE = "http://localhost"  # the tests' PUBLIC_BASE_URL
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client: FlaskClient, url: str) -> ET.Element:
    return ET.fromstring(client.get(url).data)  # noqa: S314 - our own app's answer


def address(article: Article) -> str:
    """The story's address as links write it (an Arabic slug percent-encoded)."""
    return f"{PREFIX[article.language]}/news/{quote(article.slug)}"


def hreflang_links(html: str) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in Page(html).find("link", rel="alternate")
        if link.get("hreflang")
    }


@pytest.fixture
def demo(app: Flask) -> None:
    """The demo newsroom as loaded at LOADED_AT (a copy of this process's: tests/demo_copy.py)."""
    copy_demo(app)


def test_hreflang_is_reciprocal_across_every_published_family(
    demo: None, client: FlaskClient
) -> None:
    with clock.frozen(LOADED_AT):
        published = list(db.session.scalars(select(Article).where(publicly_visible())))
        families: dict[int, list[Article]] = {}
        for article in published:
            families.setdefault(article.family_id, []).append(article)
        assert any(len(members) == 3 for members in families.values())  # the demo translates
        for members in families.values():
            expected = {m.language: BASE + address(m) for m in members}
            for member in members:
                found = hreflang_links(text(client, address(member)))
                if len(members) == 1:
                    assert found == {}, member.slug  # a story in one language has none
                    continue
                x_default = found.pop("x-default")
                assert found == expected, member.slug  # every version, itself included
                assert x_default == expected.get("en", next(iter(expected.values())))


def test_pages_every_edition_has_carry_their_alternates(client: FlaskClient) -> None:
    for prefix in PREFIX.values():
        found = hreflang_links(text(client, f"{prefix}/section/politics"))
        assert found == {
            "en": f"{BASE}/section/politics",
            "ar": f"{BASE}/ar/section/politics",
            "es": f"{BASE}/es/section/politics",
            "x-default": f"{BASE}/section/politics",
        }


@pytest.fixture
def stories(app: Flask) -> dict[str, Article]:
    pair = family({"en": "published", "ar": "published", "es": "draft"})
    return {**pair, "alone": family({"es": "published"})["es"]}


def test_sitemaps_parse_and_carry_the_alternates(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    english, arabic = stories["en"], stories["ar"]
    expected = {"en": BASE + address(english), "ar": BASE + address(arabic)}
    expected["x-default"] = expected["en"]
    for prefix, story in (("", english), ("/ar", arabic)):
        for name in ("sitemap.xml", "sitemap-news.xml"):
            root = xml(client, f"{prefix}/{name}")
            urls = root.findall(f"{SITEMAP}url")
            assert [u.findtext(f"{SITEMAP}loc") for u in urls] == [BASE + address(story)]
            links = {x.get("hreflang"): x.get("href") for x in urls[0].findall(f"{XHTML}link")}
            assert links == expected
    news = xml(client, "/ar/sitemap-news.xml")
    assert news.findtext(f".//{NEWS}language") == "ar"
    # A story in one language only: listed in its edition's sitemap, with no alternates.
    root = xml(client, "/es/sitemap.xml")
    (url,) = root.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc") == BASE + address(stories["alone"])
    assert url.findall(f"{XHTML}link") == []


def test_robots_names_every_editions_sitemaps(client: FlaskClient) -> None:
    robots = text(client, "/robots.txt")
    for prefix in PREFIX.values():
        assert f"Sitemap: {BASE}{prefix}/sitemap.xml" in robots
        assert f"Sitemap: {BASE}{prefix}/sitemap-news.xml" in robots


@pytest.mark.parametrize("code", ["en", "ar", "es"])
@pytest.mark.parametrize("feed", ["/feeds/rss.xml", "/feeds/atom.xml", "/section/politics/rss.xml"])
def test_each_editions_feeds_parse_and_say_their_language(
    client: FlaskClient, stories: dict[str, Article], code: str, feed: str
) -> None:
    parsed = feedparser.parse(client.get(PREFIX[code] + feed).data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.language == code
    titles = [entry.title for entry in parsed.entries]
    if code == "es":
        assert titles == [HEADLINES["es"]] and "alone" not in feed
    else:
        assert titles == [HEADLINES[code]]
        assert parsed.entries[0].link == BASE + address(stories[code])


def test_each_editions_feeds_describe_themselves_in_its_language(client: FlaskClient) -> None:
    for prefix, words in (("/ar", "آخر"), ("/es", "Las últimas")):
        for feed in ("/feeds/rss.xml", "/feeds/atom.xml", "/section/politics/rss.xml"):
            parsed = feedparser.parse(client.get(prefix + feed).data)
            about = parsed.feed.get("subtitle", "")  # RSS description, Atom subtitle
            assert words in about and "Latest" not in about, (prefix, feed, about)


def test_json_ld_names_the_storys_language(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    for code in ("en", "ar"):
        html = text(client, address(stories[code]))
        data = json.loads(JSON_LD.search(html).group(1))  # type: ignore[union-attr]
        assert data["inLanguage"] == code


def test_the_ticker_is_per_edition(app: Flask, client: FlaskClient) -> None:
    make_headline("Quake hits the north")
    make_headline("زلزال يضرب الشمال", language="ar")
    for prefix, shown, hidden in (
        ("", "Quake hits the north", "زلزال يضرب الشمال"),
        ("/ar", "زلزال يضرب الشمال", "Quake hits the north"),
    ):
        page = text(client, f"{prefix}/")
        assert shown in page and hidden not in page
        assert Page(page).by_id("breaking-ticker")["hx-get"] == f"{prefix}/breaking/ticker"
        poll = text(client, f"{prefix}/breaking/ticker")
        assert shown in poll and hidden not in poll
        api = client.get(f"{prefix}/api/breaking").get_json()
        assert [h["text"] for h in api["headlines"]] == [shown]
        rss = feedparser.parse(client.get(f"{prefix}/breaking.rss").data)
        assert [e.title for e in rss.entries] == [shown]
        assert rss.feed.language == (prefix.strip("/") or "en")
    assert client.get("/es/api/breaking").get_json()["headlines"] == []


def test_the_breaking_desk_chooses_and_filters_the_language(
    desk: FlaskClient, client: FlaskClient
) -> None:
    made = desk.post("/breaking", data=new(text="زلزال يضرب الشمال", language="ar"))
    assert made.status_code == 302
    desk.post("/breaking", data=new(text="Quake hits the north"))
    arabic, english = db.session.scalars(
        select(BreakingHeadline).order_by(BreakingHeadline.id)
    ).all()
    assert (arabic.language, english.language) == ("ar", "en")
    assert [h["text"] for h in client.get("/ar/api/breaking").get_json()["headlines"]] == [
        "زلزال يضرب الشمال"
    ]
    page = Page(text(desk, "/breaking"))
    assert page.find("select", name="new-language") and page.find("label", **{"for": "bk-language"})
    everything = text(desk, "/breaking")
    assert "زلزال يضرب الشمال" in everything and "Quake hits the north" in everything
    filtered = text(desk, "/breaking?language=ar")
    assert "زلزال يضرب الشمال" in filtered and "Quake hits the north" not in filtered
    assert '<bdi lang="ar" dir="rtl">زلزال يضرب الشمال</bdi>' in filtered
    # The lists' poll keeps the filter; an htmx action answers in the page's filter too.
    assert Page(filtered).by_id("breaking-lists")["hx-get"] == "/breaking?language=ar"
    polled = desk.get(
        "/breaking", headers={"HX-Request": "true", "HX-Current-URL": "/breaking?language=en"}
    ).get_data(as_text=True)
    assert "Quake hits the north" in polled and "زلزال" not in polled
    # A language the newsroom does not publish in is refused; an edit may move a headline.
    refused = desk.post("/breaking", data=new(text="Séisme", language="fr"))
    assert refused.status_code == 422
    moved = desk.post(f"/breaking/{english.id}/edit", data=edit_form(english, language="es"))
    assert moved.status_code in (200, 302)
    assert reload(english).language == "es"
    kept = desk.post(f"/breaking/{arabic.id}/edit", data=edit_form(arabic, text="زلزال قوي"))
    assert kept.status_code in (200, 302) and reload(arabic).language == "ar"


def masthead_links(html: str) -> dict[str, str]:
    """The masthead's language links: each other edition's code and where it leads."""
    return {a["hreflang"]: a["href"] for a in Page(html).find("a") if a.get("hreflang")}


def _check_listing_alternates(client: FlaskClient, path: str, editions: set[str]) -> None:
    """`path` (a listing's address without its edition) in each edition of `editions`: its
    hreflang links name exactly those editions' pages (two-way, itself, x-default), and its
    masthead links lead there, or to the front page of an edition without it."""
    expected = {code: f"{BASE}{PREFIX[code]}{path}" for code in editions}
    if len(expected) > 1:
        expected["x-default"] = expected.get("en", next(iter(expected.values())))
    else:
        expected = {}
    for code in editions:
        html = text(client, f"{PREFIX[code]}{path}")
        assert hreflang_links(html) == expected, (code, path)
        for other, href in masthead_links(html).items():
            same = f"{PREFIX[other]}{path}" if other in editions else f"{PREFIX[other]}/"
            assert href == same, (code, path, other)


def test_tag_author_and_hub_pages_carry_alternates_where_their_editions_have_stories(
    demo: None, client: FlaskClient
) -> None:
    with clock.frozen(LOADED_AT):
        published = list(db.session.scalars(select(Article).where(publicly_visible())))
        by_tag: dict[str, set[str]] = {}
        by_author: dict[str, set[str]] = {}
        for article in published:
            for tag in article.tags:
                by_tag.setdefault(tag.slug, set()).add(article.language)
            for person in article.authors:
                by_author.setdefault(person.slug or "", set()).add(article.language)
        assert any(len(codes) > 1 for codes in by_tag.values())
        assert any(len(codes) == 1 for codes in by_tag.values())  # some tags in one edition
        assert any(len(codes) > 1 for codes in by_author.values())
        for slug, codes in by_tag.items():
            _check_listing_alternates(client, f"/tag/{quote(slug)}", codes)
        for slug, codes in by_author.items():
            _check_listing_alternates(client, f"/author/{quote(slug)}", codes)
        # A coverage hub: the tag's page under /coverage/, in the same editions.
        hub_slug, hub_codes = next((s, c) for s, c in by_tag.items() if len(c) == 3)
        hub = db.session.scalar(select(Tag).where(Tag.slug == hub_slug))
        assert hub is not None
        hub.coverage_hub = True
        db.session.commit()
        _check_listing_alternates(client, f"/coverage/{quote(hub_slug)}", hub_codes)


def test_search_pages_carry_alternates_in_every_edition(client: FlaskClient) -> None:
    for code, prefix in PREFIX.items():
        html = text(client, f"{prefix}/search?q=fuel")
        assert hreflang_links(html) == {
            "en": f"{BASE}/search?q=fuel",
            "ar": f"{BASE}/ar/search?q=fuel",
            "es": f"{BASE}/es/search?q=fuel",
            "x-default": f"{BASE}/search?q=fuel",
        }, code
        links = masthead_links(html)
        assert links == {
            other: f"{p}/search?q=fuel" for other, p in PREFIX.items() if other != code
        }
