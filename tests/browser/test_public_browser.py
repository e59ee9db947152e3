"""The public site in Chromium: from the front page to a story, and what readers see there."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from editorial import clock
from editorial.extensions import db
from editorial.fronts import service as fronts
from editorial.models import ArticleRead, Correction, Region, Role, User
from editorial.models.fronts import Front
from editorial.models.reads import record_read
from tests.browser.stand_ins import IMAGE_HOST
from tests.factories import make_article, make_user, section

pytestmark = pytest.mark.browser

LEAD = "Ceasefire talks resume in Cairo as aid convoys wait at Rafah"

BODY = """Negotiators from both sides returned to Cairo on Thursday for a third round of talks, \
officials said, as dozens of aid lorries waited at the Rafah crossing for permission to enter.

"We are ready to discuss any constructive proposal," a senior diplomat told reporters outside \
the talks. "What matters now is that the crossing opens and stays open."

## What is on the table

The draft under discussion would pause fighting for six weeks, exchange detainees in stages and \
let at least 200 lorries a day through the crossing, according to two people who have seen it.

> Any approach should be based on a balance of interests, not on imposing one side's interests \
on the other.

Egypt's foreign ministry said the talks would continue "for as long as they are useful", and \
that a statement would follow once both delegations had consulted their capitals.

Aid agencies warned that supplies inside the territory would run out within days. Fuel for \
hospital generators is the most urgent need, they said.
"""


@pytest.fixture(scope="module")
def newsroom(live_server: Any) -> dict[str, Any]:
    """A front page's worth of stories in the served database; returns the lead story's slug."""
    with live_server.app.app_context():
        reporters = [
            make_user(Role.REPORTER, display_name="Amal Nasser"),
            make_user(Role.REPORTER, display_name="Jad Haddad"),
        ]
        mena = db.session.scalar(select(Region).where(Region.slug == "mena"))
        europe = db.session.scalar(select(Region).where(Region.slug == "europe"))
        now = clock.now()
        stories = [
            ("Politics", "Parliament passes emergency budget after all-night session", mena),
            ("Economy", "Central bank holds rates as inflation cools for a third month", None),
            ("Sports", "National team books World Cup place with late winner", None),
            ("Health", "Cholera vaccination drive reaches 200,000 children", mena),
            ("Technology", "Undersea cable repair restores internet to the coast", None),
            ("Environment", "Heatwave pushes reservoir levels to a ten-year low", europe),
            ("Politics", "Opposition names new leader ahead of municipal vote", europe),
            ("Economy", "Fuel prices rise for the second time this month", mena),
            ("Opinion", "The crossing must open, and stay open", None),
            ("Analysis", "Why the budget deal may not survive the summer", None),
            ("Arts&Culture", "Film festival returns to the old port after four years", None),
            ("Politics", "Ministers meet unions over public sector pay", mena),
        ]
        others = [
            make_article(
                "published",
                headline=headline,
                section=section(name),
                region=region,
                authors=[reporters[n % 2]],
                source="Agencies" if n % 3 == 0 else "",
                body=BODY,
                tags=["Budget"] if "budget" in headline.lower() else ["Gaza"],
                hero_image_url=f"{IMAGE_HOST}{n}.svg" if n % 4 == 0 else "",
                hero_caption="Lorries wait at a crossing at dusk (Reuters)",
                published_at=now - timedelta(hours=2 + n),
            )
            for n, (name, headline, region) in enumerate(stories)
        ]
        lead = make_article(
            "published",
            headline=LEAD,
            summary="Negotiators are back for a third round as aid lorries queue at the border.",
            section=section("Politics"),
            region=mena,
            authors=reporters,
            source="Agencies",
            body=BODY,
            tags=["Gaza", "Egypt", "Ceasefire"],
            hero_image_url=f"{IMAGE_HOST}lead.svg",
            hero_caption="Aid lorries wait at the Rafah crossing on Thursday evening (AFP)",
            published_at=now - timedelta(minutes=20),
        )
        db.session.add(
            Correction(
                article_id=lead.id,
                notice="An earlier version of this story gave the wrong day for the talks.",
            )
        )
        for _ in range(5):  # read enough this week for the Most read box
            record_read(others[0].id, now.date())
        db.session.commit()
        return {"slug": lead.slug, "id": lead.id}


@pytest.fixture
def lead_on_front(live_server: Any, newsroom: dict[str, Any]) -> Iterator[None]:
    """The talks story as the front page's lead, as an editor would put it there (other tests
    publish newer stories on this server); the lead is automatic again afterwards."""
    with live_server.app.app_context():
        editor = make_user(Role.EDITOR)
        front = fronts.front_of("en", None)
        fronts.put_story(front, "lead", 0, newsroom["id"], editor)
        fronts.publish(front, editor, "The talks lead")
        db.session.commit()
        editor_id, front_id = editor.id, front.id
        db.session.remove()
    yield
    with live_server.app.app_context():
        editor, front = db.session.get(User, editor_id), db.session.get(Front, front_id)
        assert editor is not None and front is not None
        fronts.clear(front, "lead", 0, editor)
        fronts.publish(front, editor, "The lead is automatic again")
        db.session.commit()
        db.session.remove()


def _reads(live_server: Any, article_id: int) -> int:
    with live_server.app.app_context():
        total = db.session.scalar(
            select(func.coalesce(func.sum(ArticleRead.count), 0)).where(
                ArticleRead.article_id == article_id
            )
        )
        db.session.remove()
        return int(total)


@pytest.mark.usefixtures("lead_on_front")
def test_reader_goes_from_the_front_page_to_a_story(
    page: Page,
    live_server: Any,
    newsroom: dict[str, Any],
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    expect(page.get_by_role("heading", name="Most read")).to_be_visible()
    expect(page.get_by_role("link", name="Politics", exact=True).first).to_be_visible()
    screenshot(page, "public-home")
    assert_accessible(page)

    before = _reads(live_server, newsroom["id"])
    page.get_by_role("link", name=LEAD).first.click()
    page.wait_for_url(f"**/news/{newsroom['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(LEAD)
    expect(page.get_by_text("By Amal Nasser, Jad Haddad")).to_be_visible()
    expect(page.get_by_text("Source: Agencies")).to_be_visible()
    expect(page.locator(".byline .readtime")).to_have_text("1 Min Read")
    expect(page.locator("figure.hero figcaption")).to_contain_text("Rafah crossing")
    expect(page.get_by_text("Correction,")).to_be_visible()
    expect(page.get_by_role("heading", name="Related News")).to_be_visible()
    expect(page.get_by_text("Read next")).to_be_visible()
    screenshot(page, "public-article")
    assert_accessible(page)

    # The beacon counted the read (and only once), after the page had loaded.
    deadline = time.monotonic() + 5
    while _reads(live_server, newsroom["id"]) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _reads(live_server, newsroom["id"]) == before + 1


def test_section_page_and_menus(
    page: Page, newsroom: dict[str, Any], screenshot: Any, assert_accessible: Any
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    sections = page.get_by_role("navigation", name="Sections")
    sections.get_by_text("Articles", exact=True).click()  # a <details> menu: works without JS
    sections.get_by_role("link", name="Opinion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opinion")
    expect(page.get_by_role("link", name="The crossing must open, and stay open")).to_be_visible()

    page.goto("/section/politics")
    expect(page.get_by_role("heading", level=1)).to_have_text("Politics")
    screenshot(page, "public-section")
    assert_accessible(page)


def test_story_reads_well_on_a_phone(
    page: Page, newsroom: dict[str, Any], screenshot: Any, assert_accessible: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/news/{newsroom['slug']}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing should scroll sideways on a phone"
    screenshot(page, "public-article-phone")
    assert_accessible(page)


@pytest.mark.usefixtures("lead_on_front")
def test_story_works_without_javascript(
    browser: Any, live_server: Any, newsroom: dict[str, Any]
) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name=LEAD).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(LEAD)
        expect(page.get_by_role("heading", name="Most read")).to_be_visible()
    finally:
        context.close()
