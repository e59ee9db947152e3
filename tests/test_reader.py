"""What a reader and a crawler expect of a story page: Read next, Related and Most read (never
the story itself), Updated after a correction, share links, link-preview tags and JSON-LD."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from editorial import clock
from editorial.extensions import db
from editorial.models import Article, Correction
from editorial.models.reads import record_read
from tests.factories import make_article, section
from tests.parsed import Page
from tests.test_public import page, published

BASE = "http://localhost"  # the test config's PUBLIC_BASE_URL


def _block(html: str, title_id: str) -> str:
    """The HTML of the section headed by the element with id `title_id`."""
    match = re.search(rf'id="{title_id}"(.*?)</section>', html, re.S)
    assert match, f"no {title_id} block"
    return match.group(1)


def _headlines(block: str) -> list[str]:
    return re.findall(r'<a href="/news/[^"]+">([^<]+)</a>', block)


def _day(n: int) -> datetime:
    return datetime(2026, 3, 1, 9, tzinfo=UTC) + timedelta(hours=n)


def _newsroom() -> tuple[Article, list[Article], list[Article]]:
    """A Politics story (the newest of its section), six older Politics ones, three Economy."""
    politics = [
        published(headline=f"Politics story {n}", section=section("Politics"), published_at=_day(n))
        for n in range(6)
    ]
    economy = [
        published(headline=f"Economy story {n}", section=section("Economy"), published_at=_day(n))
        for n in range(10, 13)
    ]
    make_article("draft", headline="A Politics draft", section=section("Politics"))
    story = published(
        headline="The story on screen", section=section("Politics"), published_at=_day(20)
    )
    return story, politics, economy


def test_read_next_is_a_block_of_four_same_section_first(client: FlaskClient) -> None:
    story, politics, economy = _newsroom()
    for _ in range(5):  # read enough this week for the Most read box
        record_read(economy[0].id, clock.now().date())
    db.session.commit()
    html = page(client, f"/news/{story.slug}")
    related = _headlines(_block(html, "related-title"))
    read_next = _headlines(_block(html, "read-next-title"))
    # Related (no shared tags): the section's newest three. Read next: the section's next three,
    # then the newest story anywhere, with images and kickers like the reference's block.
    assert related == ["Politics story 5", "Politics story 4", "Politics story 3"]
    assert read_next == [
        "Politics story 2",
        "Politics story 1",
        "Politics story 0",
        "Economy story 12",
    ]
    assert story.headline not in related + read_next
    assert "A Politics draft" not in html
    assert html.index('id="read-next-title"') > html.index('id="most-read-title"')


def test_with_only_the_story_published_the_blocks_are_left_out(client: FlaskClient) -> None:
    story = published(headline="Alone on the site", tags=["Harbour"])
    html = page(client, f"/news/{story.slug}")
    assert 'id="read-next-title"' not in html and 'id="related-title"' not in html
    assert 'id="most-read-title"' not in html  # the only story is the one on screen


def test_related_shares_tags_first_then_the_section_never_the_story(client: FlaskClient) -> None:
    story = published(headline="Harbour story", tags=["Harbour", "Fishing"], published_at=_day(9))
    both = published(
        headline="Shares both tags",
        tags=["Harbour", "Fishing"],
        section=section("Economy"),
        published_at=_day(1),
    )
    one = published(
        headline="Shares one tag", tags=["Fishing"], section=section("Sports"), published_at=_day(5)
    )
    published(headline="Same section only", published_at=_day(3))
    published(headline="Nothing shared", section=section("Health"), published_at=_day(8))
    html = page(client, f"/news/{story.slug}")
    related = _headlines(_block(html, "related-title"))
    assert related == [both.headline, one.headline, "Same section only"]
    read_next = _headlines(_block(html, "read-next-title"))
    assert story.headline not in read_next and not set(read_next) & set(related)


def test_most_read_never_lists_the_story_on_screen(client: FlaskClient) -> None:
    story = published(headline="The most read story")
    second = published(headline="The second most read")
    third = published(headline="Read four times")
    today = clock.now().date()
    for article, reads in ((story, 9), (second, 6), (third, 4)):
        for _ in range(reads):
            record_read(article.id, today)
    for _ in range(5):  # outside the seven days: they don't count
        record_read(third.id, today - timedelta(days=8))
    db.session.commit()
    own = page(client, f"/news/{story.slug}")
    on_story = re.findall(r'class="most-read-link" href="/news/[^"]+">([^<]+)<', own)
    front = re.findall(r'class="most-read-link" href="/news/[^"]+">([^<]+)<', page(client, "/"))
    # Four reads this week are fewer than the box asks for (`queries.most_read`'s rule).
    assert front == [story.headline, second.headline]
    assert on_story == [second.headline]
    assert story.headline not in on_story


def _corrected() -> Article:
    story = published(
        headline="Port reopens after the storm",
        summary="Ships are back in the harbour.",
        tags=["Storms"],
        hero_image_url="https://images.example.org/port.jpg",
        hero_caption="The port at dawn (AFP)",
        published_at=datetime(2026, 3, 1, 6, 51, tzinfo=UTC),
    )
    db.session.add(
        Correction(
            article_id=story.id,
            at=datetime(2026, 3, 2, 7, 15, tzinfo=UTC),
            notice="An earlier version gave the wrong date for the reopening.",
        )
    )
    db.session.commit()
    return story


def test_a_corrected_story_says_when_it_was_updated(client: FlaskClient) -> None:
    plain = published(headline="Never corrected")
    assert "Updated" not in page(client, f"/news/{plain.slug}")
    story = _corrected()
    html = page(client, f"/news/{story.slug}")
    updated = re.search(r'<li class="updated">(.*?)</li>', html).group(1)
    assert updated == 'Updated <time datetime="2026-03-02T07:15:00Z">02 Mar 2026 09:15</time>'
    assert Page(html).meta("article:modified_time") == "2026-03-02T07:15:00Z"


def _json_ld(html: str) -> dict[str, Any]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_news_article_parses_and_carries_the_correction(client: FlaskClient) -> None:
    plain = published(headline="Never corrected", hero_image_url="")
    data = _json_ld(page(client, f"/news/{plain.slug}"))
    assert data["@type"] == "NewsArticle" and "correction" not in data
    assert "image" not in data
    assert data["dateModified"] == data["datePublished"]

    story = _corrected()
    data = _json_ld(page(client, f"/news/{story.slug}"))
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Port reopens after the storm"
    assert data["description"] == "Ships are back in the harbour."
    assert data["url"] == f"{BASE}/news/{story.slug}"
    assert data["datePublished"] == "2026-03-01T06:51:00Z"
    assert data["dateModified"] == "2026-03-02T07:15:00Z"
    assert [a["name"] for a in data["author"]] == [a.display_name for a in story.authors]
    assert all(a["url"].startswith(f"{BASE}/author/") for a in data["author"])
    assert data["image"] == ["https://images.example.org/port.jpg"]
    assert data["articleSection"] == "Politics"
    assert data["keywords"] == ["Storms"]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version gave the wrong date for the reopening.",
            "datePublished": "2026-03-02T07:15:00Z",
        }
    ]


def test_a_headline_cannot_break_out_of_the_json_ld(client: FlaskClient) -> None:
    sly = "Ban on </script><script>alert(1)</script> & <!-- tags"
    story = published(headline=sly, summary="It's </SCRIPT> time")
    html = page(client, f"/news/{story.slug}")
    data = _json_ld(html)
    assert data["headline"] == sly and data["description"] == "It's </SCRIPT> time"
    assert "<script>alert(1)" not in html and "</SCRIPT>" not in html
    # The block holds no character that could end it or start markup.
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert not set(block) & {"<", ">", "&"}


def test_link_preview_tags_and_canonical_are_absolute_on_the_public_base(
    client: FlaskClient,
) -> None:
    story = _corrected()
    html = client.get(f"/news/{story.slug}", headers={"Host": "evil.example"}).get_data(
        as_text=True
    )
    doc = Page(html)
    url = f"{BASE}/news/{story.slug}"
    assert doc.find("link", rel="canonical", href=url)
    assert doc.meta("og:url") == url
    assert doc.meta("og:type") == "article"
    assert doc.meta("og:title") == story.headline
    assert doc.meta("og:description") == story.summary
    assert doc.meta("og:image") == "https://images.example.org/port.jpg"
    assert doc.meta("og:image:alt") == "The port at dawn (AFP)"
    assert doc.meta("description") == story.summary
    assert doc.meta("twitter:card") == "summary_large_image"
    assert doc.meta("twitter:title") == story.headline
    assert doc.meta("twitter:description") == story.summary
    assert doc.meta("twitter:image") == "https://images.example.org/port.jpg"
    assert "evil.example" not in html


def test_an_image_on_this_site_is_given_as_an_absolute_address(client: FlaskClient) -> None:
    story = published(hero_image_url="/static/demo/port.jpg")
    doc = Page(page(client, f"/news/{story.slug}"))
    assert doc.meta("og:image") == f"{BASE}/static/demo/port.jpg"
    no_image = published(hero_image_url="javascript:alert(1)")
    doc = Page(page(client, f"/news/{no_image.slug}"))
    assert doc.meta("og:image") is None and doc.meta("twitter:card") == "summary"


def test_share_links_are_plain_links_to_each_network_and_copy_is_an_enhancement(
    client: FlaskClient,
) -> None:
    story = published(headline="Port reopens & ships return")
    html = page(client, f"/news/{story.slug}")
    doc = Page(html)
    url = f"{BASE}/news/{story.slug}"
    links = {a["class"]: a["href"] for a in doc.find("a") if "share-" in a.get("class", "")}
    assert set(links) == {"share-x", "share-facebook", "share-whatsapp", "share-email"}
    x = urlsplit(links["share-x"])
    assert (x.netloc, x.path) == ("x.com", "/intent/post")
    assert parse_qs(x.query) == {"url": [url], "text": ["Port reopens & ships return"]}
    assert parse_qs(urlsplit(links["share-facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["share-whatsapp"]).query)["text"][0].endswith(url)
    assert links["share-email"].startswith("mailto:?subject=Port%20reopens%20%26%20ships")
    for share in doc.find("a"):
        if share.get("target") == "_blank":
            assert share["rel"] == "noopener noreferrer"
    copy = doc.find("button", class_="share-copy")
    # Hidden until the script shows it; its messages come from the page, in the edition's words.
    assert copy == [
        {
            "type": "button",
            "class": "share-copy",
            "data-copy-link": url,
            "data-copied": "Link copied",
            "data-copied-status": "The story’s link is copied.",
            "data-failed-status": "The link could not be copied.",
            "hidden": "",
        }
    ]
    # No third-party script: every script is ours, or the JSON-LD data block.
    sources = [s.get("src") for s in doc.find("script") if s.get("src")]
    assert sources and all(src.startswith("/static/") for src in sources)
    assert "/static/js/share.js" in sources
