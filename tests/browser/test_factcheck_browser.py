"""The claim ledger in real Chromium: a fact-checker selects a sentence in the rendered story,
adds it as a claim, verifies it with a source, watches the progress move and clears the story;
an editor's later edit marks the claim "text changed". Screenshots at 1366 and 390 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import make_article, make_claim

pytestmark = pytest.mark.browser

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
AID = "The ministry sent 27 tonnes of aid to the border crossing."

SELECT_SECOND_PARAGRAPH = """() => {
  const text = document.querySelectorAll('.article-main .story-body p')[1].firstChild;
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, text.data.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def _story(live_server: Any, checker_id: int, **fields: Any) -> int:
    with live_server.app.app_context():
        article = make_article("fact_check", body=BODY, fact_checker_id=checker_id, **fields)
        return article.id


def test_a_fact_checker_checks_a_selected_claim_and_clears(
    browser: Browser,
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    checker = live_user("fact_checker", display_name="Sami Farahat")
    article_id = _story(live_server, checker.id)
    page = signed_in_page(checker, viewport={"width": 1366, "height": 900})
    page.goto(f"/articles/{article_id}")
    ledger = page.locator(f"#ledger-{article_id}")
    expect(ledger).to_contain_text("No claims recorded yet.")

    page.evaluate(SELECT_SECOND_PARAGRAPH)
    expect(ledger.get_by_label("Claim text (quoted from the article)")).to_have_value(AID)
    ledger.get_by_role("button", name="Add claim").click()
    expect(ledger).to_contain_text("0 of 1 resolved")
    claim = ledger.locator(".claim").first
    expect(claim).to_contain_text(AID)
    mark = page.locator(".story-body a.claim-mark")
    expect(mark).to_have_text(AID)  # highlighted where it stands, linked to its row
    claim_id = claim.get_attribute("data-claim-id")
    assert mark.get_attribute("href") == f"#claim-{claim_id}"
    clear_reason = page.locator(f"#tr-{article_id}-clear-why")
    expect(clear_reason).to_contain_text("1 claim still unchecked")

    claim.get_by_role("link", name=re.compile(r"^Check")).click()
    claim.get_by_label("Verdict").select_option("verified")
    claim.get_by_label("Sources (one web address a line)").fill("https://example.org/aid-figures")
    claim.get_by_role("button", name="Save check").click()
    expect(ledger).to_contain_text("1 of 1 resolved")
    expect(ledger.locator(".claim").first).to_contain_text("Verified")
    expect(ledger.get_by_role("link", name="https://example.org/aid-figures")).to_be_visible()
    expect(clear_reason).to_have_count(0)  # the Clear button came back enabled, out of band
    assert_accessible(page)
    screenshot(page, "factcheck-ledger-1366")

    phone = signed_in_page(checker, viewport={"width": 390, "height": 844})
    phone.goto(f"/articles/{article_id}")
    expect(phone.locator(f"#ledger-{article_id}")).to_contain_text("1 of 1 resolved")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390"
    screenshot(phone, "factcheck-ledger-390")

    page.locator("summary", has_text="Clear").click()
    page.locator(f"#tr-{article_id}-clear-note").fill("Aid figure checked against the ministry.")
    page.locator(f"#article-actions-{article_id} form button", has_text="Clear").click()
    expect(page.locator(f"#article-actions-{article_id} .state")).to_have_text("Ready")


def test_an_edit_after_the_check_shows_text_changed(
    browser: Browser, live_server: Any, live_user: Any, signed_in_page: Any, screenshot: Any
) -> None:
    checker = live_user("fact_checker")
    editor = live_user("editor")
    article_id = _story(live_server, checker.id)
    with live_server.app.app_context():
        from editorial.extensions import db
        from editorial.models import Article

        make_claim(db.session.get(Article, article_id), AID, "verified")
    page = signed_in_page(editor)
    page.goto(f"/articles/{article_id}/edit")
    page.get_by_label("Body").fill(BODY.replace("27 tonnes", "30 tonnes"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved at")).to_be_visible()
    page.goto(f"/articles/{article_id}")
    ledger = page.locator(f"#ledger-{article_id}")
    expect(ledger.locator(".claim").first).to_contain_text("Text changed")
    expect(ledger).to_contain_text("0 of 1 resolved")
    expect(page.locator(f"#tr-{article_id}-clear-why")).to_contain_text("text changed")
    screenshot(page, "factcheck-text-changed")


def test_the_queue_at_phone_width(
    live_server: Any, live_user: Any, signed_in_page: Any, assert_accessible: Any, screenshot: Any
) -> None:
    checker = live_user("fact_checker")
    _story(live_server, checker.id, headline="A story waiting for its check")
    page = signed_in_page(checker, viewport={"width": 390, "height": 844})
    page.goto("/factcheck")
    expect(page.get_by_role("link", name="A story waiting for its check")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the queue is {width} px wide at 390"
    assert_accessible(page)
    screenshot(page, "factcheck-queue-390")


def test_a_check_opens_in_place_and_its_verdict_saves_without_a_reload(
    live_server: Any, live_user: Any, signed_in_page: Any
) -> None:
    checker = live_user("fact_checker")
    article_id = _story(live_server, checker.id)
    with live_server.app.app_context():
        from editorial.extensions import db
        from editorial.models import Article

        make_claim(db.session.get(Article, article_id), AID)
    page = signed_in_page(checker)
    page.goto(f"/articles/{article_id}")
    page.evaluate("window.notReloaded = true")
    ledger = page.locator(f"#ledger-{article_id}")
    claim = ledger.locator(".claim").first

    claim.get_by_role("link", name=re.compile(r"^Check")).click()
    expect(claim.get_by_label("Verdict")).to_be_focused()  # opened in place, ready to choose
    assert "check=" not in page.url
    claim.get_by_label("Verdict").select_option("unverifiable")
    claim.get_by_role("button", name="Save check").click()
    expect(page.locator("#toasts")).to_contain_text("Claim marked unverifiable.")
    expect(ledger.locator(".claim").first).to_contain_text(
        "Not resolved: an unverifiable claim counts only with a note"
    )
    expect(ledger).to_contain_text("0 of 1 resolved")

    claim = ledger.locator(".claim").first
    claim.get_by_role("link", name=re.compile(r"^Check")).click()
    claim.get_by_label("Note (for unverifiable: how the article qualifies it)").fill(
        "The story attributes the figure to the ministry."
    )
    claim.get_by_role("button", name="Save check").click()
    expect(ledger).to_contain_text("1 of 1 resolved")
    expect(ledger.locator(".claim-why")).to_have_count(0)
    # The Clear note, back out of band, starts with the resolved claim.
    expect(page.locator(f"#tr-{article_id}-clear-note")).to_have_value(
        re.compile(r"^Resolved claims:\n- “" + re.escape(AID))
    )
    assert page.evaluate("window.notReloaded") is True


def test_without_javascript_check_opens_the_page_with_the_form(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    checker = live_user("fact_checker")
    article_id = _story(live_server, checker.id)
    with live_server.app.app_context():
        from editorial.extensions import db
        from editorial.models import Article

        make_claim(db.session.get(Article, article_id), AID)
    page = browser.new_context(base_url=base_url, java_script_enabled=False).new_page()
    sign_in_page(page, checker)
    page.goto(f"/articles/{article_id}")
    claim = page.locator(f"#ledger-{article_id} .claim").first
    claim.get_by_role("link", name=re.compile(r"^Check")).click()
    page.wait_for_url(re.compile(rf"/articles/{article_id}\?check=\d+#claim-\d+$"))
    claim = page.locator(f"#ledger-{article_id} .claim").first
    claim.get_by_label("Verdict").select_option("verified")
    claim.get_by_label("Sources (one web address a line)").fill("https://example.org/aid")
    claim.get_by_role("button", name="Save check").click()
    page.wait_for_url(re.compile(rf"/articles/{article_id}#claim-\d+$"))
    expect(page.locator(f"#ledger-{article_id}")).to_contain_text("1 of 1 resolved")
