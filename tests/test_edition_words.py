"""Every word of the public chrome in the edition's language (issue 21): a crawl of the demo's
Arabic and Spanish editions finds none of the English site's own words, "N Min Read" takes the
right Arabic plural, and the Arabic edition writes its numbers in one digit system."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.models import Article, Correction, Role, User, publicly_visible
from tests.demo_copy import LOADED_AT, copy_demo
from tests.factories import make_article, section

VOID = {"img", "input", "meta", "link", "br", "hr", "source"}
SKIPPED = re.compile(r"\.(xml|css|js|png|jpg|webp|ico|txt)$|/breaking|/read$|/feeds/")
MAX_PAGES = 60


class Words(HTMLParser):
    """What a reader reads or hears of a page: its text (not scripts, styles or JSON-LD), the
    labels and alternatives screen readers speak, the title; and its same-site links."""

    SPOKEN = ("aria-label", "alt", "title", "placeholder", "content")
    # What the newsroom wrote rather than the site's chrome: a story's or footer page's text,
    # an author's or hub's words, a picture's caption and description (the library's).
    WRITTEN = frozenset({"story-body", "listing-bio", "hub-box-text", "meta"})

    def __init__(self, html: str) -> None:
        super().__init__()
        self.words: list[str] = []
        self.links: list[str] = []
        self.stylesheet = ""
        self._hidden = 0
        self._open: list[bool] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        written = tag == "figcaption" or bool(
            self.WRITTEN & set((found.get("class") or "").split())
        )
        if tag in ("script", "style") or written:
            self._hidden += 1
        if tag not in VOID:
            self._open.append(tag in ("script", "style") or written)
        if tag == "link" and found.get("rel") == "stylesheet" and not self.stylesheet:
            self.stylesheet = found.get("href") or ""
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag == "meta" and (found.get("property") or found.get("name") or "") not in (
            "og:title",
            "og:description",
            "description",
            "twitter:title",
            "twitter:description",
        ):
            return
        if tag != "img" and not self._hidden:  # a picture's alt is the library's, not ours
            self.words += [v for k, v in attrs if k in self.SPOKEN and v]

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._open and self._open.pop():
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.words.append(data.strip())


def crawl(client: FlaskClient, start: str) -> dict[str, Words]:
    """Every page of the edition at `start` reachable by its links (up to MAX_PAGES)."""
    pages: dict[str, Words] = {}
    waiting = deque([start])
    while waiting and len(pages) < MAX_PAGES:
        path = waiting.popleft()
        if path in pages:
            continue
        answer = client.get(path)
        if answer.status_code != 200 or answer.mimetype != "text/html":
            continue
        page = Words(answer.get_data(as_text=True))
        pages[path] = page
        for href in page.links:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith(start) or SKIPPED.search(parts.path):
                continue
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if found not in pages:
                waiting.append(found)
    return pages


@pytest.fixture
def demo(app: Flask) -> None:
    """The demo newsroom as loaded at LOADED_AT (a copy of this process's: tests/demo_copy.py)."""
    copy_demo(app)


# The English site's own words (its templates' chrome, and the seeded sections and regions):
# none may be left on a page of another edition. Names and story text are not in the list.
ENGLISH_CHROME = [
    "Most read", "Min Read", "Read next", "Related News", "Region", "Topic", "Author",
    "Section", "Featured coverage", "Coverage", "All the coverage", "Newer stories",
    "Older stories", "More stories", "Page", "Share", "Copy link", "share this story",
    "opens a new tab", "Correction", "Corrections", "Corrected", "Nothing published here yet",
    "This page has not been written yet", "Privacy Policy", "About Us", "Contact Us",
    "RSS feed", "Atom feed", "Search", "Tags", "By", "Updated", "Source", "Checked by",
    "The latest", "latest news", "Breaking", "News", "Articles", "Regions", "Sections",
    "Languages", "Follow", "All rights reserved", "Staff sign-in", "Skip to content", "Email",
    "Politics", "Economy", "Sports", "Health", "Technology", "Environment", "Opinion",
    "Analysis", "Features", "Africa", "Europe", "Latin America", "Palestine", "US & Canada",
]  # fmt: skip
ENGLISH = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_CHROME) + r")\b")
ARABIC_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def _corrected_and_checked(language: str) -> Article:
    """The edition's newest story, with a public correction and a "Checked by" line."""
    story = db.session.scalars(
        select(Article)
        .where(Article.language == language, publicly_visible())
        .order_by(Article.published_at.desc())
    ).first()
    assert story is not None
    checker = db.session.scalars(select(User).where(User.role == Role.FACT_CHECKER)).first()
    assert checker is not None
    story.checked_by_id, story.checked_at = checker.id, clock.now()
    db.session.add(Correction(article_id=story.id, at=clock.now(), notice="—"))
    db.session.commit()
    return story


@pytest.mark.parametrize("code", ["ar", "es"])
def test_no_english_chrome_is_left_on_the_editions_pages(
    demo: None, client: FlaskClient, code: str
) -> None:
    with clock.frozen(LOADED_AT):
        story = _corrected_and_checked(code)
        pages = crawl(client, f"/{code}/")
        pages.update(crawl(client, f"/{code}/search?q=a"))
    assert f"/{code}/news/{quote(story.slug)}" in pages or f"/{code}/news/{story.slug}" in pages
    assert len(pages) > 20  # front, sections, regions, tags, authors, stories, footer, search
    left = {
        (path, found.group(0), words)
        for path, page in pages.items()
        for words in page.words
        if (found := ENGLISH.search(words))
    }
    assert not left, sorted(left)[:10]
    # The demo's tags have their names in each language too (a coverage hub's included).
    named = {w for page in pages.values() for w in page.words}
    assert not named & {"Ceasefire", "Diplomacy", "Humanitarian aid", "Olympics", "Football"}
    if code == "ar":  # one digit system: the digits 0-9 (see the README's Languages section)
        eastern = {
            (p, w) for p, page in pages.items() for w in page.words if ARABIC_INDIC_DIGITS.search(w)
        }
        assert not eastern, sorted(eastern)[:5]


def test_the_arabic_edition_numbers_its_most_read_list_in_the_same_digits(
    client: FlaskClient,
) -> None:
    stylesheet = client.get(Words(client.get("/ar/").get_data(as_text=True)).stylesheet)
    css = stylesheet.get_data(as_text=True)
    assert "counter(most-read)" in css and "arabic-indic" not in css


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "دقيقة واحدة للقراءة"),
        (2, "دقيقتان للقراءة"),
        (3, "3 دقائق للقراءة"),
        (10, "10 دقائق للقراءة"),
        (11, "11 دقيقة للقراءة"),
        (100, "100 دقيقة للقراءة"),
    ],
)
def test_min_read_takes_the_arabic_plural_form(
    client: FlaskClient, minutes: int, words: str
) -> None:
    body = " ".join(["كلمة"] * (138 * minutes))  # Arabic reads at 138 words a minute
    story = make_article("published", language="ar", headline="خبر", body=body, slug=f"m{minutes}")
    assert story.read_minutes == minutes
    page = client.get(f"/ar/news/{story.slug}").get_data(as_text=True)
    assert f'<li class="readtime">{words}</li>' in page
    spanish = make_article("published", language="es", headline="Noticia", slug=f"es{minutes}")
    assert "min de lectura" in client.get(f"/es/news/{spanish.slug}").get_data(as_text=True)


def test_the_pager_and_kickers_speak_the_editions_language(client: FlaskClient) -> None:
    politics = section("Politics")
    for number in range(22):  # the section front's lead, then two pages
        make_article(
            "published",
            language="ar",
            headline=f"خبر {number}",
            section=politics,
            slug=f"p{number}",
        )
    first = client.get("/ar/section/politics").get_data(as_text=True)
    assert "أخبار أقدم" in first and "Older stories" not in first
    second = client.get("/ar/section/politics?page=2").get_data(as_text=True)
    assert "أخبار أحدث" in second and "الصفحة 2" in second and "(الصفحة 2)" in second
    assert "سياسة — قسم" in second  # the section's label and its kind, in the title
