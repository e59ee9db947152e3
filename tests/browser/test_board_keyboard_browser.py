"""The board by keyboard: each column one Tab stop, arrows within it, jump links to any column,
and a card published from its menu keeps the focus (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import make_article

pytestmark = pytest.mark.browser


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
    publish.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Confirm publish")).to_be_focused()  # it asks once
    page.keyboard.press("Enter")
    expect(page.locator(f"#column-published #{card_id}")).to_be_visible()
    expect(page.locator(f"#{card_id} .card-link")).to_be_focused()
