"""A story's whole day through the real pages, each person in their own browser.

A reporter writes and submits a draft; an editor sends it to fact-check; a fact-checker clears it;
the editor publishes it from the board; a reader finds it on the front page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

HEADLINE = "Desalination plant opens after decade of delays"


def _open_story(page: Page) -> None:
    """From the board, filtered by the headline as an editor would: the browser tests share one
    live server, and other tests' stories can fill the first page of a column."""
    page.goto("/desk/")
    page.locator("#filter-q").fill(HEADLINE)
    page.locator("#board-filters").get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=HEADLINE).first.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))


def test_a_story_from_draft_to_the_front_page(
    browser: Browser,
    base_url: str,
    live_user: Any,
    sign_in_page: Any,
    signed_in_page: Any,
    screenshot: Any,
) -> None:
    reporter = live_user("reporter", display_name="Hiba Reporter")
    editor = live_user("editor", display_name="Nadim Editor")
    checker = live_user("fact_checker", display_name="Yara Checker")

    # The reporter writes the draft and submits it for edit.
    desk = signed_in_page(reporter)
    desk.get_by_role("link", name="New article").click()
    desk.get_by_label("Headline").fill(HEADLINE)
    desk.get_by_label("Summary").fill("The plant will supply a third of the city's drinking water.")
    desk.get_by_label("Body").fill(
        "The plant opened on Monday, officials said.\n\n“It took ten years,” the mayor said."
    )
    desk.get_by_label("Section").select_option(label="Environment")
    desk.get_by_role("button", name="Create draft").click()
    desk.wait_for_url(re.compile(r"/articles/\d+/edit$"))
    desk.locator("summary", has_text="Submit for edit").click()
    desk.get_by_role("button", name="Submit for edit").click()
    expect(desk.locator(".actions-title .state")).to_have_text("Edit")

    # The editor sends it to fact-check, choosing the checker in the same step.
    office = signed_in_page(editor)
    _open_story(office)
    office.locator("summary", has_text="Send to fact-check").click()
    office.locator(".actions").get_by_label("Fact-checker").select_option(label="Yara Checker")
    office.get_by_role("button", name="Send to fact-check").click()
    expect(office.locator(".actions-title .state")).to_have_text("Fact-check")

    # The fact-checker clears it, saying what was checked.
    check = signed_in_page(checker)
    _open_story(check)
    check.locator("summary", has_text="Clear").click()
    clear_note = check.locator("form[action$='/transition/clear'] textarea[name=note]")
    clear_note.fill("Opening date and supply share confirmed.")
    check.get_by_role("button", name="Clear", exact=True).click()
    expect(check.locator(".actions-title .state")).to_have_text("Ready")

    # The editor publishes it from the board's card menu.
    office.goto("/desk/")
    card = office.locator(".card", has_text=HEADLINE)
    card.locator(".card-menu > summary").click()
    card.get_by_role("button", name="Publish", exact=True).click()
    card.get_by_role("button", name="Confirm publish").click()  # it asks once
    published = office.locator("#column-published .card", has_text=HEADLINE)
    expect(published).to_be_visible()
    screenshot(office, "story-published-board")

    # A reader finds it on the front page and reads it.
    reader = browser.new_context(base_url=base_url).new_page()
    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.locator(".byline")).to_contain_text("Hiba Reporter")
    expect(reader.get_by_text("“It took ten years,” the mayor said.")).to_be_visible()
    screenshot(reader, "story-published-public")
