"""A write that no endpoint listens for builds no webhook payload (issue 28, bench:writes5b):
which endpoints want which event is read first, in one statement, and a payload is built only
for an event some endpoint wants. With one that wants it, the delivery is written in the same
transaction as before (the outbox), for that endpoint alone."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.articles.transitions.service import apply
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.live import service as live
from editorial.models import User, WebhookDelivery
from editorial.webhooks import events, service
from tests.factories import make_article, make_headline

# The app may send webhooks to loopback (the receiver).
pytestmark = pytest.mark.settings(WEBHOOKS_ALLOW_PRIVATE=True)


@pytest.fixture
def no_payload(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every payload built, by kind of data (a story's, a breaking headline's)."""
    built: list[str] = []
    article_data, headline_data = events.article_data, events.headline_data

    def counting_article(article: Any) -> dict[str, Any]:
        built.append("article")
        return article_data(article)

    def counting_headline(headline: Any) -> dict[str, Any]:
        built.append("headline")
        return headline_data(headline)

    monkeypatch.setattr(events, "article_data", counting_article)
    monkeypatch.setattr(events, "headline_data", counting_headline)
    return built


def _register(admin: User, wanted: list[str]) -> int:
    made = service.register("http://127.0.0.1:9/hook", "Elsewhere", wanted, actor=admin)
    db.session.commit()
    return made.endpoint.id


def _deliveries() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(WebhookDelivery.endpoint_id, WebhookDelivery.event).order_by(WebhookDelivery.id)
    )
    return [(int(endpoint), kind) for endpoint, kind in rows]


def test_no_payload_is_built_when_no_endpoint_wants_the_event(
    app: Flask, admin: User, editor: User, frozen: Any, no_payload: list[str]
) -> None:
    _register(admin, ["article.unpublished"])  # listens, but not for these
    story = live.start(make_article("published", headline="Summit day"), editor, clock.now())
    db.session.commit()
    with counted_statements(app) as statements:
        live.create_post(story, editor, headline="Leaders arrive", body="Now.", at=clock.now())
        db.session.commit()
    make_headline("Quake hits the north", by=editor)
    apply(make_article("ready"), "publish", editor)
    db.session.commit()
    assert no_payload == []
    assert _deliveries() == []
    reads = [sql for sql in statements if "FROM webhook_endpoints" in sql]
    assert len(reads) == 1  # which endpoints want what: one read


def test_with_an_endpoint_that_wants_it_the_delivery_is_written_in_the_transaction(
    app: Flask, admin: User, editor: User, frozen: Any, no_payload: list[str]
) -> None:
    other = _register(admin, ["article.unpublished"])
    wanting = _register(admin, ["live.post_published", "breaking.live", "article.published"])
    removed = _register(admin, ["live.post_published"])
    service.remove(db.session.get(events.WebhookEndpoint, removed), actor=admin)
    db.session.commit()
    story = live.start(make_article("published", headline="Summit day"), editor, clock.now())
    db.session.commit()
    live.create_post(story, editor, headline="Leaders arrive", body="Now.", at=clock.now())
    assert _deliveries() == [(wanting, "live.post_published")]  # before the commit: same txn
    db.session.rollback()
    assert _deliveries() == []
    live.create_post(story, editor, headline="Leaders arrive", body="Now.", at=clock.now())
    make_headline("Quake hits the north", by=editor)
    apply(make_article("ready"), "publish", editor)
    db.session.commit()
    assert _deliveries() == [
        (wanting, "live.post_published"),
        (wanting, "breaking.live"),
        (wanting, "article.published"),
    ]
    assert no_payload == ["article", "article", "headline", "article"]  # one rolled back
    assert other not in {endpoint for endpoint, _ in _deliveries()}
