"""House checklists in Chromium (issue 25): the checklist on a story's page says why "Submit for
edit" waits, an editor waives the rule with a reason from the keyboard (htmx swaps the checklist
and, out of band, the buttons: Submit is enabled), at 1366 and 390 px, axe-clean.

The rule is removed at the end: the live server is shared by the session's browser tests."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from editorial import checklist_rules as rules
from editorial.articles.checklists import service
from editorial.extensions import db
from editorial.models import ChecklistRule, User
from tests.factories import make_article

pytestmark = pytest.mark.browser


def test_an_editor_reads_the_checklist_and_waives_a_rule(
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    assert_accessible: Any,
    screenshot: Any,
) -> None:
    editor = live_user("editor")
    with live_server.app.app_context():
        admin = db.session.get(User, live_user("admin").id)
        rule_id = service.add_rule(
            "submit", rules.WORD_COUNT, {"minimum": 200, "maximum": 2000}, blocking=True,
            waiver_role="editor", sections=[], languages=[], actor=admin,
        ).id  # fmt: skip
        service.add_rule(
            "submit", rules.TAGS, {"minimum": 1}, blocking=False, waiver_role=None,
            sections=[], languages=[], actor=admin,
        )  # fmt: skip
        db.session.commit()
        story_id = make_article("draft", headline="Port strike enters second week").id
    try:
        page = signed_in_page(editor)
        page.goto(f"/articles/{story_id}")
        panel = page.locator(f"#checklist-{story_id}")
        expect(panel).to_contain_text("Before “Submit for edit”")
        expect(panel).to_contain_text("The story has 10 words; it needs at least 200.")
        expect(panel).to_contain_text("Advice")
        submit = page.get_by_role("button", name="Submit for edit", exact=True)
        expect(submit).to_be_disabled()
        assert_accessible(page)
        screenshot(page, "checklist-article-1366")

        panel.locator("summary", has_text="Waive").click()
        reason = panel.get_by_label("Why may it go ahead without this?")
        reason.fill("A brief by design: the full story follows tonight.")
        reason.press("Tab")
        page.keyboard.press("Enter")
        expect(panel).to_contain_text("Waived by")
        expect(panel).to_contain_text("A brief by design")
        # Enabled, the step opens its form (a note) from a disclosure instead of a disabled button.
        expect(page.locator("summary", has_text="Submit for edit")).to_be_visible()
        expect(page.get_by_role("button", name="Submit for edit", exact=True)).to_have_count(0)
        assert_accessible(page)
        page.set_viewport_size({"width": 390, "height": 844})
        panel.scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)
        screenshot(page, "checklist-waived-390")

        # The editor's checklist follows the text as it is typed (nothing saved).
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"/articles/{story_id}/edit")
        live = page.locator("#checklist-live")
        expect(live).to_contain_text("The story has 10 words")
        page.locator("#body").fill(" ".join(["word"] * 240))
        expect(page.locator("#checklist-live")).to_contain_text("The story has 240 words.")
        assert_accessible(page)
        screenshot(page, "checklist-editor-live")
    finally:
        with live_server.app.app_context():
            for rule in db.session.scalars(select(ChecklistRule)).all():
                db.session.delete(rule)
            db.session.commit()
        assert rule_id
