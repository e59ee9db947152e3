"""The missed-publish alarm in Chromium (issue 22): a story the scheduler can't release shows in
the banner on an editor's open board with why, and the banner clears itself, without a reload,
once the cause is gone and the running scheduler has released it. The console stays clean."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from editorial.extensions import db
from editorial.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.browser


def test_the_banner_says_why_and_clears_itself(
    live_server: Any, live_user: Any, signed_in_page: Any, assert_accessible: Any
) -> None:
    with live_server.app.app_context():
        now = datetime.now(UTC)
        article_id = make_article(
            "scheduled",
            headline="Trial halves relapses",
            published_at=now - timedelta(minutes=3),
            embargo_until=now + timedelta(hours=2),  # written past its time: release is refused
            embargo_source="The Lancet",
        ).id
    page = signed_in_page(live_user("editor"))
    banner = page.locator("#publish-alarm")
    expect(banner).to_contain_text("Trial halves relapses")
    expect(banner).to_contain_text("It can't be released: This story is under embargo")
    expect(banner.get_by_role("button", name="Publish now")).to_be_visible()
    expect(banner.get_by_label("New time", exact=False)).to_be_visible()
    assert_accessible(page)
    with live_server.app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        article.embargo_until = None
        db.session.commit()
    # The scheduler (every second) releases it; the banner's poll (every two) clears it.
    expect(banner).not_to_contain_text("Trial halves relapses", timeout=10_000)
    with live_server.app.app_context():
        assert db.session.get(Article, article_id).state == "published"  # type: ignore[union-attr]
