"""A translation's fact-check in real Chromium: the Spanish version of a cleared English story
shows the source's claims; the fact-checker locates one in the Spanish text, marks the other not
in this translation (htmx, in place), and Clear comes back enabled. Clean console (autouse)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from editorial import clock
from editorial.articles.translations.service import translate
from editorial.extensions import db
from editorial.models import Role
from editorial.rendering import render_markdown
from tests.factories import make_article, make_claim, make_user

pytestmark = pytest.mark.browser

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."
ES_BODY = "Las autoridades dijeron el jueves que las conversaciones seguirán la próxima semana."


def _translation(live_server: Any, checker_id: int) -> int:
    with live_server.app.app_context():
        source = make_article("published", body=BODY)
        make_claim(source, TALKS, "verified")
        make_claim(source, AID, "verified")
        source.checked_by_id, source.checked_at = checker_id, clock.now()
        translation = translate(source, make_user(Role.EDITOR), "es", "Conversaciones")
        translation.body, translation.body_html = ES_BODY, render_markdown(ES_BODY)
        translation.state, translation.fact_checker_id = "fact_check", checker_id
        db.session.commit()
        return translation.id


@pytest.mark.console_errors(r"status of 422")  # the refused passage, on purpose
def test_a_fact_checker_locates_the_source_claims_and_clears(
    browser: Browser,
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    checker = live_user("fact_checker", display_name="Sami Farahat")
    article_id = _translation(live_server, checker.id)
    page = signed_in_page(checker, viewport={"width": 1366, "height": 900})
    page.goto(f"/articles/{article_id}")
    ledger = page.locator(f"#ledger-{article_id}")
    expect(ledger).to_contain_text("0 of 2 located")
    expect(page.locator(f"#tr-{article_id}-clear-why")).to_contain_text("Locate every source claim")
    rows = ledger.locator(".source-claim")
    first = rows.nth(0)
    first.get_by_label("Passage in this translation that says it").fill("No está en el texto")
    first.get_by_role("button", name="Save location").click()
    expect(ledger).to_contain_text("That passage is not in this translation")
    first = ledger.locator(".source-claim").nth(0)
    expect(first.get_by_label("Passage in this translation that says it")).to_have_value(
        "No está en el texto"
    )
    first.get_by_label("Passage in this translation that says it").fill(ES_BODY)
    first.get_by_role("button", name="Save location").click()
    expect(ledger).to_contain_text("1 of 2 located")
    ledger.locator(".source-claim").nth(1).get_by_role(
        "button", name="Not in this translation"
    ).click()
    expect(ledger).to_contain_text("2 of 2 located")
    expect(page.locator(f"#tr-{article_id}-clear-why")).to_have_count(0)
    passage = ledger.locator(".claim-passage").first
    assert passage.get_attribute("lang") == "es"
    assert_accessible(page)
    screenshot(page, "translation-factcheck-1366")
