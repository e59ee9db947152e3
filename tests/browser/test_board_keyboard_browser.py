"""The board by keyboard: each column one Tab stop, arrows within it, jump links to any column,
and a card published from its menu keeps the focus (issue 13)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import make_article

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, outside the repository


def _focused(page: Any) -> str:
    return page.evaluate(
        "(() => { const e = document.activeElement; const c = e && e.closest('li.card');"
        " const col = e && e.closest('.column');"
        " return [col ? col.id : '', c ? c.id : '', e.className || e.tagName].join('|'); })()"
    )


def test_an_editor_publishes_from_the_board_by_keyboard(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    editor = live_user("editor")
    with live_server.app.app_context():
        for n in range(4):
            make_article("draft", headline=f"Keyboard draft {n}")
            make_article("edit", headline=f"Keyboard edit {n}")
        make_article("ready", headline="Keyboard ready one")
        make_article("ready", headline="Keyboard ready two")
    page = browser.new_context(
        base_url=base_url, viewport={"width": 1366, "height": 800}
    ).new_page()
    sign_in_page(page, editor)
    page.goto("/desk/")

    # Plain Tab from the top: columns are one stop each, so Ready is near (57 presses before), past
    # the staff navigation's links (board, queue, fact-check, inbox, breaking, coverage, media...).
    presses = 0
    while "column-ready|card-" not in _focused(page) and presses < 50:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 36, presses

    # A jump link lands on the column; the next Tab is its current card.
    page.locator(".column-jumps a", has_text="Ready").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    here = _focused(page)
    assert here.startswith("column-ready|card-") and "card-link" in here

    # Down to the next card (the live server's board holds other tests' stories too), right to
    # its menu, open it, publish.
    first_card = here.split("|")[1]
    page.keyboard.press("ArrowDown")
    column, card_id, _ = _focused(page).split("|")
    assert column == "column-ready" and card_id != first_card
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert _focused(page).endswith("|SUMMARY") or "SUMMARY" in _focused(page).upper()
    page.keyboard.press("Enter")
    publish = page.locator(f"#{card_id} .card-menu-panel").get_by_role("button", name="Publish")
    expect(publish).to_be_visible()
    # htmx binds the fetched menu's forms when it settles (20 ms after it is shown): an Enter
    # sooner than a person could press it would post the form without htmx, a full page load.
    expect(page.locator(f"#{card_id} .htmx-settling, #{card_id} .htmx-request")).to_have_count(0)
    publish.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Confirm publish")).to_be_focused()  # it asks once
    page.keyboard.press("Enter")
    expect(page.locator(f"#column-published #{card_id}")).to_be_visible()
    expect(page.locator(f"#{card_id} .card-link")).to_be_focused()


def test_the_skip_link_lands_on_the_cards_and_an_open_menu_takes_the_arrows(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    """Issue 20, item 20: 27 Tabs reached the first card (the skip link landed on the filters);
    arrow keys did not enter an open card menu."""
    editor = live_user("editor")
    with live_server.app.app_context():
        make_article("draft", headline="Skip draft")
        make_article("edit", headline="Menu by keyboard")
    page = browser.new_context(
        base_url=base_url, viewport={"width": 1366, "height": 800}
    ).new_page()
    sign_in_page(page, editor)
    page.goto("/desk/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    presses = 0
    while "|card-" not in _focused(page) and presses < 30:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 3, f"{presses} Tabs from the skip link to the first card"
    assert "card-link" in _focused(page)
    page.screenshot(path=str(SHOTS / "board-skip.png"))

    # The menu of a card: open it from its button, Down goes in and on, Up comes back.
    card = page.locator("li.card", has_text="Menu by keyboard")
    card_id = card.get_attribute("id")
    card.locator(".card-link").focus()
    for _ in range(3):
        if _focused(page).endswith("|SUMMARY"):
            break
        page.keyboard.press("ArrowRight")
    assert _focused(page) == f"column-edit|{card_id}|SUMMARY"
    page.keyboard.press("Enter")
    panel = card.locator(".card-menu-panel")
    expect(panel.locator(".actions")).to_be_visible()
    items = panel.locator("button:not([disabled]), summary, a[href]")
    assert items.count() >= 2

    def in_menu() -> str:
        return page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.closest('.card-menu-panel') ? e.textContent.trim() : ''; })()"
        )

    page.keyboard.press("ArrowDown")
    first = in_menu()
    assert first and _focused(page).split("|")[1] == card_id, _focused(page)
    page.keyboard.press("ArrowDown")
    second = in_menu()
    assert second and second != first
    page.screenshot(path=str(SHOTS / "board-card-menu-keys.png"))
    page.keyboard.press("ArrowUp")
    assert in_menu() == first
    page.keyboard.press("ArrowUp")
    assert _focused(page) == f"column-edit|{card_id}|SUMMARY"  # back on the menu's button

    # Escape from inside closes the menu and gives its button the focus.
    page.keyboard.press("ArrowDown")
    assert in_menu() == first
    page.keyboard.press("Escape")
    expect(card.locator(".card-menu")).not_to_have_attribute("open", "")
    assert _focused(page) == f"column-edit|{card_id}|SUMMARY"


def test_a_refreshed_board_gives_the_focus_back_to_the_card_that_had_it(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    """The board's own refresh (every minute, or after a change elsewhere) swaps the whole board:
    a keyboard user's focus on a card was thrown to the page's top each time."""
    editor = live_user("editor")
    with live_server.app.app_context():
        make_article("edit", headline="Focus stays on me")
    page = browser.new_context(
        base_url=base_url, viewport={"width": 1366, "height": 800}
    ).new_page()
    sign_in_page(page, editor)
    page.goto("/desk/")
    card = page.locator("li.card", has_text="Focus stays on me")
    card_id = card.get_attribute("id")
    card.locator(".card-link").focus()

    with live_server.app.app_context():
        make_article("draft", headline="Filed meanwhile")  # the board changes: a 200, swapped
    page.evaluate("htmx.trigger(document.body, 'articleTransitioned', {})")
    expect(page.locator("li.card", has_text="Filed meanwhile")).to_be_visible()
    expect(page.locator(f"#{card_id} .card-link")).to_be_focused()
    assert page.locator(f"#{card_id} .card-link").get_attribute("tabindex") == "0"
