"""The fronts editor in Chromium (issue 23): an admin arranges the Technology front by keyboard
(search, "Put here", "Move up") and by dragging one slot onto another, previews the whole front,
publishes it; readers see it at a laptop's width and a phone's, nothing scrolling sideways, axe
clean. A section front, so the other browser tests' front page stays newest first. Screenshots
land in tests/screenshots/ (fronts-*)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from editorial import clock
from tests.browser.stand_ins import IMAGE_HOST
from tests.factories import make_article, section

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1366, 800), "phone": (390, 844)}
PICTURE = f"{IMAGE_HOST}chips.svg"


@pytest.fixture(scope="module")
def technology(live_server: Any) -> dict[str, str]:
    """Four public Technology stories (three with a picture), oldest first."""
    with live_server.app.app_context():
        tech = section("Technology")
        base = clock.now() - timedelta(hours=5)
        made = {}
        for n, (key, headline, picture) in enumerate(
            (
                ("quantum", "Quantum lab opens its doors to school visits", True),
                ("chips", "Chip plant hires its first five hundred workers", True),
                ("cables", "Undersea cable repair restores the island's internet", True),
                ("apps", "Banking app outage leaves customers waiting", False),
            )
        ):
            make_article(
                "published",
                headline=headline,
                section=tech,
                hero_image_url=PICTURE if picture else "",
                hero_caption="A worker in a clean room (AFP)" if picture else "",
                published_at=base + timedelta(minutes=10 * n),
            )
            made[key] = headline
        return made


def _slot(page: Any, key: str) -> Any:
    return page.locator(f"#slot-{key}")


def test_arrange_by_keyboard_and_drag_preview_publish_and_read_it(
    browser: Browser,
    base_url: str,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
    technology: dict[str, str],
) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in_page(page, live_user("admin"))
    page.goto("/fronts/")
    page.get_by_role("link", name="Technology (English)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Technology (English)")
    expect(_slot(page, "lead-0")).to_contain_text(technology["cables"])  # newest pictured
    assert_accessible(page)

    # An admin picks the layout with top stories.
    page.get_by_label("Layout").select_option("section-top")
    page.get_by_role("button", name="Use this layout in the draft").click()
    expect(page.locator("#slot-top-2")).to_be_visible()

    # Keyboard only: search for a story in the third top slot, put it there, move it up.
    search = page.get_by_label("Find a story for top stories 3")
    search.focus()
    page.keyboard.type("Quantum")
    with page.expect_navigation():  # the search is a plain GET: its page, loaded, before Tab
        page.keyboard.press("Enter")
    put = _slot(page, "top-2").get_by_role("button", name="Put here")
    put.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(_slot(page, "top-2")).to_contain_text(technology["quantum"])
    expect(_slot(page, "top-2")).to_contain_text("Chosen")
    for key in ("top-2", "top-1", "top-0"):
        button = _slot(page, key).get_by_role("button", name="Move up")
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    screenshot(page, "fronts-editor-keyboard-1366")
    expect(_slot(page, "lead-0")).to_contain_text(technology["quantum"])

    # By drag and drop: the lead onto the second top story swaps them.
    lead_before = _slot(page, "lead-0").locator(".slot-story").inner_text()
    second = _slot(page, "top-1").locator(".slot-story").inner_text()
    with page.expect_navigation():
        page.drag_and_drop("#slot-lead-0", "#slot-top-1")
    expect(_slot(page, "lead-0").locator(".slot-story")).to_have_text(second)
    expect(_slot(page, "top-1").locator(".slot-story")).to_have_text(lead_before)
    # ...and back by keyboard (two places up), so the quantum story leads again.
    for key in ("top-1", "top-0"):
        _slot(page, key).get_by_role("button", name="Move up").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(_slot(page, "lead-0")).to_contain_text(technology["quantum"])
    screenshot(page, "fronts-editor-1366")
    assert_accessible(page)

    # The preview: the whole section front as readers will see it.
    page.get_by_role("link", name="Preview the whole front").click()
    expect(page.get_by_role("note")).to_contain_text("Preview for the desk")
    expect(page.get_by_label("Lead story")).to_contain_text(technology["quantum"])
    screenshot(page, "fronts-preview-1366")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the fronts editor").click()

    # Readers still see the old front until it is published.
    reader = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
    public = reader.new_page()
    public.goto("/section/technology")
    expect(public.get_by_label("Lead story")).to_contain_text(technology["cables"])
    page.get_by_label("Note (optional)").fill("Quantum lab leads")
    page.get_by_role("button", name="Publish front").click()
    expect(page.get_by_role("table")).to_contain_text("Quantum lab leads")
    reader.close()

    for name, (w, h) in WIDTHS.items():
        reader = browser.new_context(base_url=base_url, viewport={"width": w, "height": h})
        public = reader.new_page()
        public.goto("/section/technology")
        expect(public.get_by_label("Lead story")).to_contain_text(technology["quantum"])
        expect(public.get_by_role("heading", name="Top stories")).to_be_visible()
        assert public.evaluate("document.documentElement.scrollWidth") <= w, name
        screenshot(public, f"fronts-published-{w}")
        assert_accessible(public)
        reader.close()
    # The editor at a phone's width fits too.
    phone = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    editor = phone.new_page()
    sign_in_page(editor, live_user("editor"))
    editor.goto("/fronts/en/technology")
    assert editor.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(editor, "fronts-editor-390")
    assert_accessible(editor)
    phone.close()
    context.close()
