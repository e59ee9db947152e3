"""One person, one draft, two tabs: the second tab's save conflicts; it never erases the first's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import Article, ArticleRevision, User
from tests.factories import make_article

pytestmark = pytest.mark.browser

TAB_ONE = " Tab one adds the minister's reply."
TAB_TWO = " Tab two adds the weather."


def _stored(live_server: Any, article_id: int) -> tuple[str, list[str]]:
    with live_server.app.app_context():
        db.session.expire_all()
        article = db.session.get(Article, article_id)
        assert article is not None
        bodies = db.session.scalars(
            select(ArticleRevision.body).where(ArticleRevision.article_id == article_id)
        )
        return article.body, list(bodies)


def _type(page: Page, text: str) -> None:
    body = page.get_by_label("Body")
    body.press("Control+End")
    body.press_sequentially(text, delay=5)


@pytest.mark.parametrize("second_tab", ["autosaves", "presses Save"])
# The second tab's 409 is the answer under test; Chromium logs any 4xx.
@pytest.mark.console_errors(r"status of 409")
def test_a_second_tab_conflicts_instead_of_overwriting_the_first(
    second_tab: str,
    page: Page,
    context: BrowserContext,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
) -> None:
    reporter = live_user("reporter", display_name="Rana Tabs")
    with live_server.app.app_context():
        author = db.session.get(User, reporter.id)
        article = make_article("draft", authors=[author], body="Port reopens.")
        article_id = article.id

    sign_in_page(page, reporter)
    page.goto(f"/articles/{article_id}/edit")
    other = context.new_page()  # the same person (same cookies), another tab
    other.goto(f"/articles/{article_id}/edit")
    expect(other.get_by_label("Body")).to_have_value("Port reopens.")

    _type(page, TAB_ONE)
    expect(page.get_by_text(re.compile(r"Saved automatically at \d\d:\d\d"))).to_be_visible(
        timeout=10_000
    )

    _type(other, TAB_TWO)
    if second_tab == "presses Save":
        other.get_by_role("button", name="Save", exact=True).click()
    conflict = other.get_by_role(
        "heading", name=re.compile(r"You saved this article at \d\d:\d\d in another tab or window")
    )
    expect(conflict).to_be_visible(timeout=10_000)
    expect(other.get_by_label("Body")).to_have_value("Port reopens." + TAB_TWO)
    screenshot(other, f"editor-second-tab-{second_tab.replace(' ', '-')}")

    body, revisions = _stored(live_server, article_id)
    assert body == "Port reopens." + TAB_ONE
    assert "Port reopens." + TAB_ONE in revisions
    other.close()
