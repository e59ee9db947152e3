"""Webhooks in Chromium: an admin adds an endpoint by keyboard-reachable form, copies the secret
shown once, sends a test event to a receiver on loopback and reads the delivery log; axe-core on
each page, and the log at phone width without sideways scrolling."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.receiver import Receiver

pytestmark = pytest.mark.browser


@pytest.fixture
def receiver(live_server: Any) -> Iterator[Receiver]:
    """A receiver on loopback, and the live app allowed to send there for this test."""
    running = Receiver()
    live_server.app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    yield running
    live_server.app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    running.close()


def test_add_an_endpoint_and_send_a_test_event(
    page: Page,
    live_user: Any,
    sign_in_page: Any,
    assert_accessible: Any,
    screenshot: Any,
    receiver: Receiver,
) -> None:
    admin = live_user("admin", display_name=f"Hook Admin {uuid.uuid4().hex[:6]}")
    sign_in_page(page, admin)
    page.goto("/admin/webhooks")
    expect(page.get_by_role("navigation", name="Administration")).to_contain_text("Webhooks")
    assert_accessible(page)
    page.get_by_label("Address").fill(receiver.url)
    page.get_by_label("What it is for").fill("CDN purge")
    page.get_by_label("A story is published").check()
    page.get_by_label("A breaking headline goes live").check()
    page.get_by_role("button", name="Add the endpoint").click()

    expect(page.get_by_role("heading", name="Endpoint added")).to_be_visible()
    secret = page.locator("#webhook-secret").inner_text()
    assert secret.startswith("whsec_")
    receiver.secret = secret
    screenshot(page, "webhooks-secret")
    assert_accessible(page)

    page.get_by_role("link", name="Go to its delivery log").click()
    expect(page.get_by_text("Nothing sent yet")).to_be_visible()
    assert secret not in page.content()
    page.get_by_role("button", name="Send a test event").click()
    expect(page.locator(".webhook-log tbody tr").first).to_contain_text("answered 200")
    assert receiver.kinds() == ["webhook.test"] and receiver.received[0]["verified"]
    screenshot(page, "webhooks-log")
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    for address, name in ((page.url, "webhooks-log-390"), ("/admin/webhooks", "webhooks-390")):
        page.goto(address)
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > 391)"
            ".slice(0, 8).map(e => e.tagName + '.' + e.className)"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, (name, wide)
        screenshot(page, name)
