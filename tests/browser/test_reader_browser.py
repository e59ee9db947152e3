"""A story page as a reader sees it in Chromium: the coverage banner, share links (copy link with
JavaScript), Read next, Related and Most read; home and story clean under axe at 1366 and 390 px."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.models import Correction, Region, Role, Tag
from editorial.models.reads import record_read
from tests.browser.stand_ins import IMAGE_HOST
from tests.browser.test_public_browser import BODY
from tests.factories import make_article, make_user, section

pytestmark = pytest.mark.browser

STORY = "Hospitals in the south run on their last fuel as convoys wait at the border"
HUB = "War on Gaza"
OTHERS = [
    ("Politics", "Mediators table a six-week truce with staged prisoner releases", [HUB]),
    ("Politics", "Parliament debates emergency aid package for displaced families", []),
    ("Politics", "Foreign ministers meet in Amman to press for a corridor", [HUB, "Aid"]),
    ("Health", "Field hospitals report a surge in dehydration among children", [HUB]),
    ("Economy", "Fuel prices climb as tanker traffic slows through the strait", []),
    ("Politics", "Opposition walks out over the handling of the border crisis", []),
    ("Environment", "Water plants shut down as power cuts stretch to 20 hours", ["Aid"]),
    ("Features", "The bakers who kept one neighbourhood fed through the winter", [HUB]),
]


def _load_pictures(page: Page) -> None:
    """Scroll through the page so lazy pictures load before a full-page screenshot."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for _ in range(50):  # evaluate, not wait_for_function: the page's CSP forbids eval
        if page.evaluate("[...document.images].every(i => i.complete)"):
            break
        page.wait_for_timeout(100)
    page.evaluate("window.scrollTo(0, 0)")


@pytest.fixture(scope="module")
def story(live_server: Any) -> dict[str, str]:
    """A corrected story in a featured hub, with related stories, reads and pictures."""
    with live_server.app.app_context():
        reporter = make_user(Role.REPORTER, display_name="Lina Saade")
        mena = db.session.scalar(select(Region).where(Region.slug == "mena"))
        now = clock.now()
        made = []
        for n, (name, headline, tags) in enumerate(OTHERS):
            made.append(
                make_article(
                    "published",
                    headline=headline,
                    section=section(name),
                    region=mena if n % 2 else None,
                    authors=[reporter],
                    body=BODY,
                    tags=tags,
                    hero_image_url=f"{IMAGE_HOST}other-{n}.svg",
                    hero_caption="A street in the evening light (AFP)",
                    published_at=now - timedelta(minutes=30 + 20 * n),
                )
            )
        lead = make_article(
            "published",
            headline=STORY,
            summary="Doctors say generators will stop within days unless fuel is let through.",
            section=section("Politics"),
            region=mena,
            authors=[reporter],
            source="Agencies",
            body=BODY,
            tags=[HUB, "Aid", "Health"],
            hero_image_url=f"{IMAGE_HOST}story.svg",
            hero_caption="A generator room in a hospital in the south (Reuters)",
            published_at=now - timedelta(minutes=10),
        )
        hub = db.session.scalar(select(Tag).where(Tag.name == HUB))
        hub.coverage_hub = True
        hub.hub_description = "Every story on the war and the people living through it."
        db.session.add(
            Correction(article_id=lead.id, notice="An earlier version misnamed the hospital.")
        )
        for n, article in enumerate([lead, *made[:4]]):
            for _ in range(12 - n):
                record_read(article.id, now.date())
        db.session.commit()
        return {"slug": lead.slug}


@pytest.mark.parametrize("width", [1366, 390])
def test_home_is_clean_and_fits(
    page: Page, story: dict[str, str], screenshot: Any, assert_accessible: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    expect(page.get_by_role("heading", name="Most read")).to_be_visible()
    expect(page.locator(".coverage-box").get_by_role("link", name=HUB)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _load_pictures(page)
    screenshot(page, f"reader-home-{width}")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_story_page_reads_like_a_news_site(
    page: Page, story: dict[str, str], screenshot: Any, assert_accessible: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/news/{story['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(STORY)
    banner = page.locator(".hub-banner a")
    expect(banner).to_contain_text(HUB)
    expect(page.locator(".byline .updated")).to_contain_text("Updated")
    read_next = page.locator(".read-next-block .story-card")
    expect(read_next).to_have_count(4)
    most_read = page.locator(".most-read li")
    expect(most_read.first).to_be_visible()
    assert STORY not in most_read.all_inner_texts()[0]
    assert all(STORY not in text for text in read_next.all_inner_texts())
    expect(page.get_by_role("link", name="X (share this story, opens a new tab)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _load_pictures(page)
    screenshot(page, f"reader-article-{width}")
    assert_accessible(page)

    banner.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HUB)
    expect(page.get_by_text("Every story on the war")).to_be_visible()
    if width == 1366:
        screenshot(page, "reader-hub-1366")
        assert_accessible(page)


def test_copy_link_appears_with_javascript_and_copies_the_address(
    browser: Any, base_url: str, story: dict[str, str]
) -> None:
    context = browser.new_context(base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    page.goto(f"/news/{story['slug']}")
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".share-copy")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/news/{story['slug']}")
    expect(page.get_by_role("status").filter(has_text="copied")).to_have_count(1)
    context.close()


def test_without_javascript_there_is_no_dead_copy_button(
    browser: Any, base_url: str, story: dict[str, str]
) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/news/{story['slug']}")
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(
        page.get_by_role("link", name="WhatsApp (share this story, opens a new tab)")
    ).to_be_visible()
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_coverage_desk_features_a_tag_and_is_clean(
    signed_in_page: Any,
    live_user: Any,
    story: dict[str, str],
    screenshot: Any,
    assert_accessible: Any,
    width: int,
) -> None:
    page = signed_in_page(live_user(Role.EDITOR), viewport={"width": width, "height": 900})
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Fronts").click()
    page.get_by_role("link", name="Featured coverage").click()  # beside the fronts it feeds
    expect(page.get_by_role("heading", level=1)).to_have_text("Featured coverage")
    expect(page.get_by_role("link", name=HUB)).to_be_visible()
    page.get_by_label("Tag").fill("Aid")
    page.get_by_label("Description (optional)").fill("Convoys, crossings and the people waiting.")
    page.get_by_role("button", name="Feature it").click()
    expect(page.get_by_text("“Aid” is featured coverage.")).to_be_visible()
    expect(page.get_by_role("button", name="Stop featuring Aid")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"reader-coverage-desk-{width}")
    assert_accessible(page)
    page.get_by_role("button", name="Stop featuring Aid").click()
    expect(page.get_by_text("“Aid” is no longer featured.")).to_be_visible()
    page.context.close()
