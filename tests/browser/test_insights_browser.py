"""Insights in Chromium (issue 27): the page at a laptop's width and a phone's, reached from the
account menu, nothing scrolling sideways, axe-core clean (every chart has an accessible name and
its sentence), a chart's bar leading to the stories behind it. Screenshots: tests/screenshots/
insights-*."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from editorial import clock
from editorial.extensions import db
from editorial.models.history import ArticleTransition
from tests.factories import make_article

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1366, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def history(live_server: Any) -> None:
    """A week of stories through edit and fact-check, one flagged back, one still in edit."""
    with live_server.app.app_context():
        now = clock.now()
        for n in range(6):
            born = now - timedelta(days=6 - n, hours=5)
            steps = [
                (1, "submit", "draft", "edit"),
                (3 + n, "send_to_fact_check", "edit", "fact_check"),
            ]
            if n == 2:
                steps += [
                    (5 + n, "flag", "fact_check", "edit"),
                    (6 + n, "send_to_fact_check", "edit", "fact_check"),
                ]
            if n < 5:
                steps += [
                    (8 + n, "clear", "fact_check", "ready"),
                    (9 + n, "publish", "ready", "published"),
                ]
            article = make_article(steps[-1][3], headline=f"Harbour story {n}", created_at=born)
            for hours, name, a, b in steps:
                db.session.add(
                    ArticleTransition(
                        article_id=article.id,
                        name=name,
                        from_state=a,
                        to_state=b,
                        at=born + timedelta(hours=hours),
                    )
                )
            article.state_changed_at = born + timedelta(hours=steps[-1][0])
            if steps[-1][3] == "published":
                article.published_at = article.first_published_at = article.state_changed_at
        db.session.commit()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_insights_fit_pass_axe_and_link_to_stories(
    width: str,
    browser: Browser,
    base_url: str,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
    history: None,
) -> None:
    w, h = WIDTHS[width]
    context = browser.new_context(base_url=base_url, viewport={"width": w, "height": h})
    page = context.new_page()
    sign_in_page(page, live_user("editor"))
    page.locator("details.account summary").click()
    page.locator("details.account").get_by_role("link", name="Insights", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")
    expect(page.get_by_role("group", name="Time in each stage")).to_be_visible()
    expect(page.locator("#stages-summary")).to_contain_text("Edit took a median of")
    assert page.evaluate("document.documentElement.scrollWidth") <= w
    screenshot(page, f"insights-top-{w}")
    page.locator("#flow").scroll_into_view_if_needed()
    screenshot(page, f"insights-flow-{w}")
    page.locator("#factcheck").scroll_into_view_if_needed()
    screenshot(page, f"insights-factcheck-{w}")
    assert_accessible(page)
    page.locator("#stages details summary").click()
    page.locator("#stages table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stories behind")
    expect(page.get_by_role("link", name="Harbour story 3")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"insights-stories-{w}")
    context.close()


def test_the_page_swaps_in_the_figures_drawn_after_it_answered(
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    history: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 28 (bench:insights8): no load waits for a drawing; the page that got older figures
    says newer ones are being drawn, asks for itself again, and swaps them in once drawn,
    without a reload, its notice gone."""
    from tests.test_insights_kept import held_drawings

    context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 800})
    page = context.new_page()
    sign_in_page(page, live_user("editor"))
    page.goto("/insights/?period=7")
    expect(page.locator("#stages-summary")).to_contain_text("Edit took a median of")
    stood_in = page.locator(".figures").first.inner_html()
    with live_server.app.app_context():  # a counted write: a new story submitted now
        story = make_article("edit", headline="Harbour story late", created_at=clock.now())
        db.session.add(
            ArticleTransition(
                article_id=story.id, name="submit", from_state="draft", to_state="edit",
                at=clock.now(),
            )
        )  # fmt: skip
        db.session.commit()
    release = held_drawings(monkeypatch)
    monkeypatch.setitem(live_server.app.config, "INSIGHTS_FRESH_WAIT", 0.0)
    try:
        page.goto("/insights/?period=7")
        expect(page.get_by_role("status").filter(has_text="Newer figures")).to_be_visible()
        assert page.locator(".figures").first.inner_html() == stood_in
        screenshot(page, "insights-drawing-1366")
        release.set()
        expect(page.get_by_text("Newer figures are being drawn")).to_have_count(0, timeout=15000)
    finally:
        release.set()
    assert page.locator(".figures").first.inner_html() != stood_in
    assert page.locator("#insights-now").get_attribute("hx-get") is None
    context.close()
