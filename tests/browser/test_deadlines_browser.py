"""Deadlines in Chromium (issue 22): an editor sees the overdue mark on the board and the article
page, moves the deadline from the keyboard in the Deadlines panel (htmx swaps the panel, the mark
becomes time left), at 1366 and 390 px, axe-clean, with a clean console."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from editorial import clock
from editorial.deadlines.service import set_deadline
from editorial.extensions import db
from editorial.models import User
from tests.factories import make_article

pytestmark = pytest.mark.browser


def test_an_editor_sees_and_moves_an_overdue_deadline(
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    assert_accessible: Any,
    screenshot: Any,
) -> None:
    editor = live_user("editor")
    with live_server.app.app_context():
        now = datetime.now(UTC)
        story = make_article("edit", headline="Budget vote slips to Thursday")
        person = db.session.get(User, editor.id)
        story.editor_id = editor.id
        with clock.frozen(now - timedelta(hours=2)):
            set_deadline(story, "edit", now - timedelta(minutes=35), person)
        db.session.commit()
        story_id = story.id
    page = signed_in_page(editor)
    page.goto("/desk/")
    card = page.locator(f"#card-{story_id}")
    expect(card.locator(".deadline-mark")).to_contain_text("Overdue by 35 min")
    expect(card.locator(".deadline-flag")).to_have_text("Overdue")
    assert_accessible(page)
    card.screenshot(path=str(screenshot(page, "deadlines-board")).replace(".png", "-card.png"))

    page.goto(f"/articles/{story_id}")
    panel = page.locator(f"#deadlines-{story_id}")
    expect(panel.locator(".deadline-now")).to_contain_text("overdue by 35 min")
    assert_accessible(page)
    screenshot(page, "deadlines-article-1366")

    later = clock.to_local(now + timedelta(hours=3), "Asia/Beirut").strftime("%Y-%m-%d %H:%M")
    field = panel.get_by_label("Edited by")
    field.fill(later)
    field.press("Enter")
    now_mark = page.locator(f"#deadlines-{story_id} .deadline-now")
    expect(now_mark).to_contain_text(re.compile(r"due in 2 h 5\d min"))  # the minute was cut
    expect(page.locator(f"#deadlines-{story_id} .deadline-flag")).to_have_count(0)
    assert page.url.endswith(f"/articles/{story_id}")  # swapped in place, no navigation
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "deadlines-article-390")
    # Nothing of the panel reaches past the phone's width (every field and button in view).
    right = page.evaluate(
        f"Math.max(...[...document.querySelectorAll('#deadlines-{story_id}, "
        f"#deadlines-{story_id} *')].map(e => e.getBoundingClientRect().right))"
    )
    assert right <= 390, right
    expect(page.locator(f"#deadlines-{story_id}")).to_be_visible()
