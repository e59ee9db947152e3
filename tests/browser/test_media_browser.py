"""Pictures in Chromium: the front page and a story with library pictures at desktop and phone
widths (screenshots to look at), the media library, and uploading from the editor with htmx
without losing what was typed. axe-core on each page."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from editorial import clock
from editorial.demo.pictures import draw, draw_portrait
from editorial.extensions import db
from editorial.media.service import Details, store_picture
from editorial.models import Article, Role, User
from tests.factories import make_article, make_user, picture_bytes, section

pytestmark = pytest.mark.browser

LEAD = "Aid convoys wait at the crossing as talks resume in Cairo"
CAPTION = "Aid lorries wait at the Rafah crossing on Thursday evening"
BODY = "\n\n".join(
    ["Negotiators returned to Cairo on Thursday for a third round of talks, officials said."] * 8
)
WIDTHS = (1366, 390)


# The fixture's stories share a tag, so the lead's Related cards are theirs (all pictured), not
# the newest of the section that other tests on the same live server published without pictures.
PICTURED_TAG = "Picture desk fixture"


@pytest.fixture(scope="module")
def pictured(live_server: Any) -> dict[str, Any]:
    """A front page of stories, each with its own library picture; the lead credited (AFP)."""
    with live_server.app.app_context():
        uploader = make_user(Role.EDITOR, display_name="Picture Desk")
        reporter = make_user(Role.REPORTER, display_name="Amal Nasser")
        now = clock.now()
        names = [
            "Politics",
            "Economy",
            "Sports",
            "Health",
            "Technology",
            "Environment",
            "Politics",
            "Economy",
        ]
        for n, name in enumerate(names):
            picture, alt = draw(n + 3, name)
            image = store_picture(
                uploader, picture, "JPEG", Details(f"Picture for story {n}", "Reuters", alt)
            )
            make_article(
                "published",
                headline=f"{name} story number {n} with a picture",
                section=section(name),
                authors=[reporter],
                body=BODY,
                hero_image=image,
                published_at=now - timedelta(hours=2 + n),
                tags=[PICTURED_TAG],
            )
        picture, _ = draw(1, "Politics")
        lead_image = store_picture(
            uploader, picture, "JPEG", Details(CAPTION, "AFP", "Lorries in a long line at dusk")
        )
        lead = make_article(
            "published",
            headline=LEAD,
            section=section("Politics"),
            authors=[reporter],
            body=BODY,
            source="Agencies",
            summary="Negotiators are back as aid lorries queue at the border.",
            hero_image=lead_image,
            published_at=now - timedelta(minutes=10),
            tags=[PICTURED_TAG],
        )
        db.session.commit()
        return {"slug": lead.slug, "id": lead.id}


def _no_sideways_scroll(page: Page, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"the page is {wide} px wide at {width} px"


def _pictures_loaded(page: Page) -> None:
    for _ in range(50):  # pictures still on their way (the stand-ins are answered by the test)
        if page.evaluate(
            "Array.from(document.images).every(i => i.loading === 'lazy' || i.complete)"
        ):
            break
        page.wait_for_timeout(100)
    broken = page.evaluate(
        "Array.from(document.images).filter(i => i.loading !== 'lazy' && "
        "(!i.complete || i.naturalWidth === 0)).map(i => i.src)"
    )
    assert broken == []
    # Library pictures (the older stories' external ones, from other tests, have no size).
    unsized = page.evaluate(
        "Array.from(document.querySelectorAll('img[srcset]')).filter(i => "
        "!i.getAttribute('width') || !i.getAttribute('height')).map(i => i.src)"
    )
    assert unsized == []


@pytest.mark.parametrize("width", WIDTHS)
def test_front_page_and_story_with_pictures(
    browser: Any,
    base_url: str,
    live_server: Any,
    pictured: dict[str, Any],
    screenshot: Any,
    assert_accessible: Any,
    width: int,
) -> None:
    with live_server.app.app_context():  # the lead again, whatever other tests published since
        db.session.get(Article, pictured["id"]).published_at = clock.now()  # type: ignore[union-attr]
        db.session.commit()
    page = browser.new_context(
        base_url=base_url, viewport={"width": width, "height": 900}
    ).new_page()
    page.goto("/")
    expect(page.locator(".lead-story")).to_contain_text(LEAD)
    lead = page.locator("img.lead-image")
    expect(lead).to_be_visible()
    assert lead.evaluate("i => i.naturalWidth") > 0
    _pictures_loaded(page)
    _no_sideways_scroll(page, width)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    screenshot(page, f"media-home-{width}")
    assert_accessible(page)

    page.goto(f"/news/{pictured['slug']}")
    hero = page.locator("figure.hero img")
    expect(hero).to_be_visible()
    assert hero.evaluate("i => i.naturalWidth") > 0
    # The browser picked a width from srcset to suit the screen: not always the widest.
    chosen = hero.evaluate("i => i.currentSrc")
    assert "/media/files/" in chosen
    expect(page.locator("figure.hero figcaption")).to_have_text(f"{CAPTION} (AFP)")
    _pictures_loaded(page)
    _no_sideways_scroll(page, width)
    screenshot(page, f"media-article-{width}")
    assert_accessible(page)
    page.context.close()


def test_media_library_search_as_you_type(
    live_user: Any,
    signed_in_page: Any,
    pictured: dict[str, Any],
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    page = signed_in_page(live_user("editor"), viewport={"width": 1366, "height": 900})
    page.goto("/media/")
    expect(page.get_by_role("heading", name="Media library")).to_be_visible()
    expect(page.get_by_text(f"{CAPTION} (AFP)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "media-library-1366")
    page.get_by_label("Caption, credit or alt text").fill("rafah")
    expect(page.locator(".media-item")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/media/\?q=rafah$"))
    page.set_viewport_size({"width": 390, "height": 800})
    _no_sideways_scroll(page, 390)
    page.context.close()


def test_upload_in_the_editor_keeps_the_typed_text(
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    person = live_user("reporter")
    with live_server.app.app_context():
        author = db.session.get(User, person.id)
        story = make_article(authors=[author], headline="Harbour reopens after the storm")
        story_id = story.id
    page = signed_in_page(person, viewport={"width": 1366, "height": 900})
    page.goto(f"/articles/{story_id}/edit")
    page.get_by_label("Headline").fill("Typed but not saved yet")
    page.get_by_label("Picture file").set_input_files(
        {"name": "harbour.png", "mimeType": "image/png", "buffer": picture_bytes("PNG")}
    )
    page.get_by_label("Caption", exact=True).fill("Boats back in Tyre harbour")
    page.get_by_label("Credit").fill("AFP")
    page.get_by_label("Alt text").fill("Small boats tied up along a quay")
    page.get_by_role("button", name="Upload picture").click()
    expect(page.get_by_text("Uploaded and chosen")).to_be_visible()
    expect(page.get_by_label("Headline")).to_have_value("Typed but not saved yet")
    expect(page.locator("#preview figure.hero figcaption")).to_contain_text("(AFP)")
    assert_accessible(page)
    screenshot(page, "media-editor-1366")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("radio", name="Boats back in Tyre harbour (AFP)")).to_be_checked()
    with live_server.app.app_context():
        saved = db.session.get(Article, story_id)
        assert saved is not None and saved.headline == "Typed but not saved yet"
        assert saved.hero_image is not None and saved.hero_image.credit == "AFP"
        db.session.remove()
    page.goto(f"/articles/{story_id}")
    assert_accessible(page)
    page.context.close()


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
) -> None:
    person = live_user("reporter")
    with live_server.app.app_context():
        story = make_article(authors=[db.session.get(User, person.id)])
        story_id = story.id
    page = signed_in_page(person)
    page.goto(f"/articles/{story_id}/edit")
    big = io.BytesIO(picture_bytes("PNG") + b"\0" * (11 * 1024 * 1024)).getvalue()
    page.get_by_label("Picture file").set_input_files(
        {"name": "big.png", "mimeType": "image/png", "buffer": big}
    )
    expect(page.get_by_role("alert").filter(has_text="the limit is 10 MB")).to_be_visible()
    assert page.get_by_label("Picture file").evaluate("i => i.files.length") == 0
    page.context.close()


def test_enter_in_the_headline_still_saves(
    live_server: Any, live_user: Any, signed_in_page: Any
) -> None:
    person = live_user("reporter")
    with live_server.app.app_context():
        story = make_article(authors=[db.session.get(User, person.id)])
        story_id = story.id
    page = signed_in_page(person)
    page.goto(f"/articles/{story_id}/edit")
    page.get_by_label("Headline").fill("Saved with the Enter key")
    with page.expect_navigation():
        page.get_by_label("Headline").press("Enter")
    with live_server.app.app_context():
        saved = db.session.get(Article, story_id)
        assert saved is not None and saved.headline == "Saved with the Enter key"
        db.session.remove()
    page.context.close()


def _card_pictures(page: Page) -> list[dict[str, Any]]:
    """Each card picture on the page, once loaded: its shown width, the screen's pixel ratio,
    the widths its srcset offers and the width of the one the browser fetched."""
    for y in range(0, page.evaluate("document.body.scrollHeight"), 600):  # lazy: bring them in
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    for _ in range(50):
        if page.evaluate(
            "[...document.querySelectorAll('img.story-card-image')].every(i => i.complete)"
        ):
            break
        page.wait_for_timeout(100)
    return page.evaluate(
        """[...document.querySelectorAll('img.story-card-image[srcset]')].map(i => {
             const offered = i.srcset.split(',').map(s => s.trim().split(' '));
             const chosen = offered.find(([url]) => i.currentSrc.endsWith(url));
             return {shown: i.clientWidth, ratio: devicePixelRatio,
                     offered: offered.map(([, w]) => parseInt(w)),
                     fetched: chosen ? parseInt(chosen[1]) : null};
           })"""
    )


def test_story_cards_fetch_no_larger_a_picture_than_a_phone_shows(
    browser: Any, base_url: str, pictured: dict[str, Any]
) -> None:
    """Issue 20, item 31: the cards' `sizes` said 100vw on a phone even where a card's picture is
    a 6.5rem thumbnail (Related, Read next), so a phone fetched the 960 px picture for it."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, device_scale_factor=3
    )
    page = context.new_page()
    for url in ("/", f"/news/{pictured['slug']}", "/section/politics"):
        page.goto(url)
        cards = _card_pictures(page)
        assert cards, url
        for card in cards:
            needed = card["shown"] * card["ratio"]
            enough = min([w for w in card["offered"] if w >= needed], default=card["offered"][-1])
            assert card["fetched"] is not None and card["fetched"] <= enough, (url, card)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_author_page_shows_their_photo_and_bio(
    page: Page, live_server: Any, screenshot: Any, assert_accessible: Any, width: int
) -> None:
    """Issue 20, item 26: the author page with a photo from the media library."""
    with live_server.app.app_context():
        slug = f"nadia-karam-{width}"
        author = make_user(Role.REPORTER, display_name="Nadia Karam", slug=slug)
        author.bio = "Covers the ports, the fishing fleet and the people who work the coast."
        author.photo_id = store_picture(
            author, draw_portrait(4), "JPEG", Details("Nadia Karam", "Demo", "A drawn portrait")
        ).id
        make_article("published", authors=[author], headline="Fishing fleet stays in harbour")
        db.session.commit()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/author/{slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nadia Karam")
    photo = page.locator("img.listing-photo")
    expect(photo).to_be_visible()
    assert photo.evaluate("i => i.complete && i.naturalWidth > 0")
    expect(page.get_by_text("Covers the ports")).to_be_visible()
    _no_sideways_scroll(page, width)
    screenshot(page, f"author-page-{width}")
    assert_accessible(page)
