"""Webhooks (issue 26): a real receiver on loopback, started here, verifies every signature.

Events go out only after the change commits, never for a rolled-back change nor for a story under
embargo; a failed delivery is tried again on the schedule (the injected clock moves, nothing
sleeps); the log, "Send again", the test event, pausing after repeated failures and resuming in
order; the address checks; and only admins reach any of it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from editorial import clock
from editorial.articles.service import correct_article
from editorial.articles.transitions.service import Request, apply
from editorial.breaking.service import end_now
from editorial.extensions import db
from editorial.live import service as live
from editorial.models import AuditEvent, User, WebhookDelivery, WebhookEndpoint
from editorial.webhooks import addresses, delivery, service
from tests.factories import make_article, make_headline
from tests.receiver import Receiver

# The app may send webhooks to loopback (the receiver).
pytestmark = pytest.mark.settings(WEBHOOKS_ALLOW_PRIVATE=True)

ALL_EVENTS = ["article.published", "article.unpublished", "article.corrected", "breaking.live"]


def _endpoint(receiver: Receiver, admin: User, events: list[str] | None = None) -> WebhookEndpoint:
    made = service.register(receiver.url, "Test receiver", events or ALL_EVENTS, actor=admin)
    db.session.commit()
    receiver.secret = made.secret
    return made.endpoint


def _deliveries() -> list[WebhookDelivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_publish_is_sent_signed_once_it_commits(
    receiver: Receiver, admin: User, editor: User, frozen: Any
) -> None:
    _endpoint(receiver, admin)
    article = make_article("ready", headline="Port reopens after strike", language="en")
    apply(article, "publish", editor)
    db.session.flush()
    assert receiver.received == []  # written with the change, not sent before it commits
    db.session.commit()
    [got] = receiver.received
    assert got["verified"] and got["path"] == "/hook"
    payload = got["body"]
    assert payload["version"] == 1 and payload["type"] == "article.published"
    assert payload["language"] == "en" and payload["id"] == got["id"]
    data = payload["data"]
    assert data["headline"] == "Port reopens after strike"
    assert data["url"] == f"http://localhost/news/{article.slug}"
    assert data["published_at"] == clock.machine_time(clock.now())
    # Nothing of the desk travels.
    assert not {"body", "notes", "comments", "claims", "note"} & set(data)
    [row] = _deliveries()
    assert row.status == "delivered" and row.response_status == 200 and row.attempts == 1
    assert row.response_body is not None and len(row.response_body) == 1024  # the first KB


def test_through_the_desk_one_publish_is_one_delivery(
    receiver: Receiver, admin: User, editor: User, client_as: Any
) -> None:
    _endpoint(receiver, admin)
    article = make_article("ready")
    answer = client_as(editor).post(f"/articles/{article.id}/transition/publish")
    assert answer.status_code in (200, 302, 303)
    assert receiver.kinds() == ["article.published"]
    assert all(r["verified"] for r in receiver.received)


def test_a_rolled_back_change_sends_nothing(receiver: Receiver, admin: User, editor: User) -> None:
    _endpoint(receiver, admin)
    article = make_article("ready")
    apply(article, "publish", editor)
    db.session.flush()
    assert len(_pending_in_session()) == 1
    db.session.rollback()
    db.session.commit()  # a later commit of the same session sends nothing either
    assert receiver.received == [] and _deliveries() == []


def _pending_in_session() -> list[int]:
    return list(db.session.scalars(select(WebhookDelivery.id)))


def test_nothing_is_said_of_a_story_under_embargo(
    receiver: Receiver, admin: User, editor: User, frozen: Any
) -> None:
    _endpoint(receiver, admin, ["article.scheduled", "article.published"])
    held = make_article("ready", embargo_until=clock.now() + timedelta(hours=5))
    apply(held, "schedule", editor, Request(publish_at=clock.now() + timedelta(hours=6)))
    db.session.commit()
    assert receiver.received == [] and _deliveries() == []
    free = make_article("ready")
    apply(free, "schedule", editor, Request(publish_at=clock.now() + timedelta(hours=6)))
    db.session.commit()
    assert receiver.kinds() == ["article.scheduled"]


def test_only_the_events_an_endpoint_wants(receiver: Receiver, admin: User, editor: User) -> None:
    _endpoint(receiver, admin, ["article.unpublished"])
    article = make_article("ready")
    apply(article, "publish", editor)
    db.session.commit()
    assert receiver.received == []
    apply(article, "unpublish", editor, Request(note="Legal asked us to take it down."))
    db.session.commit()
    assert receiver.kinds() == ["article.unpublished"]


def test_a_correction_carries_its_notice(receiver: Receiver, admin: User, editor: User) -> None:
    _endpoint(receiver, admin, ["article.corrected"])
    article = make_article("ready", headline="Talks resume Tuesday")
    apply(article, "publish", editor)
    db.session.commit()
    correct_article(
        article,
        editor,
        {"headline": "Talks resume Monday", "body": "Talks resume Monday."},
        article.version,
        "The day was wrong.",
    )
    db.session.commit()
    [got] = receiver.received
    assert got["verified"] and got["body"]["type"] == "article.corrected"
    data = got["body"]["data"]
    assert data["headline"] == "Talks resume Monday"
    assert data["correction"]["notice"] == "The day was wrong."


def test_a_live_post_is_said_when_readers_can_see_it(
    receiver: Receiver, admin: User, editor: User, reporter: User, frozen: Any
) -> None:
    _endpoint(receiver, admin, ["live.post_published"])
    story = live.start(make_article("published", headline="Summit day"), editor, clock.now())
    out = live.create_post(story, editor, headline="Leaders arrive", body="Now.", at=clock.now())
    waiting = live.create_post(story, reporter, body="From the hall", at=clock.now())
    db.session.commit()
    [got] = receiver.received
    assert got["verified"] and got["body"]["type"] == "live.post_published"
    post = got["body"]["data"]["post"]
    assert post["id"] == out.id and post["headline"] == "Leaders arrive"
    assert post["url"].endswith(f"#post-{out.id}")
    assert got["body"]["data"]["headline"] == "Summit day"
    live.publish(waiting, editor, clock.now())  # the reporter's post goes out when published
    db.session.commit()
    assert [r["body"]["data"]["post"]["id"] for r in receiver.received] == [out.id, waiting.id]
    live.edit(waiting, editor, headline="", body="From the hall, edited", at=clock.now())
    db.session.commit()
    assert len(receiver.received) == 2  # an edit is not a new post


def test_nothing_is_said_of_a_live_post_on_a_story_off_the_site(
    receiver: Receiver, admin: User, editor: User, frozen: Any
) -> None:
    _endpoint(receiver, admin, ["live.post_published"])
    story = live.start(make_article("edit", headline="Not out yet"), editor, clock.now())
    live.create_post(story, editor, body="Early words", at=clock.now())
    db.session.commit()
    assert receiver.received == []


def test_a_breaking_headline_ended_early(
    receiver: Receiver, admin: User, editor: User, frozen: Any
) -> None:
    _endpoint(receiver, admin, ["breaking.ended"])
    headline = make_headline("Quake hits the north", by=editor)
    frozen.tick(minutes=5)
    end_now(headline, version=headline.version, actor=editor, at=clock.now())
    db.session.commit()
    assert receiver.kinds() == ["breaking.ended"]
    frozen.tick(hours=2)
    headline.text = "Edited after its end"
    db.session.commit()
    assert receiver.kinds() == ["breaking.ended"]  # once


def test_a_breaking_headline_going_live_and_being_withdrawn(
    receiver: Receiver, admin: User, editor: User, frozen: Any
) -> None:
    _endpoint(receiver, admin, ["breaking.live", "breaking.withdrawn"])
    headline = make_headline("Quake hits the north", by=editor, language="en")
    assert receiver.kinds() == ["breaking.live"]
    assert receiver.received[0]["body"]["data"]["text"] == "Quake hits the north"
    make_headline("Later", starts=clock.now() + timedelta(hours=1), by=editor)
    assert receiver.kinds() == ["breaking.live"]  # not live yet: nothing to say
    headline.withdrawn_at = clock.now()
    db.session.commit()
    assert receiver.kinds() == ["breaking.live", "breaking.withdrawn"]


def test_a_failed_delivery_is_retried_on_the_schedule(
    receiver: Receiver, admin: User, editor: User, frozen: Any
) -> None:
    _endpoint(receiver, admin)
    receiver.answers = [500, 503]
    apply(make_article("ready"), "publish", editor)
    db.session.commit()
    [row] = _deliveries()
    assert row.status == "pending" and row.attempts == 1 and row.response_status == 500
    assert clock.as_utc(row.next_attempt_at) == clock.now() + delivery.SCHEDULE[0]
    frozen.tick(seconds=29)
    assert delivery.send_due() == 0  # not yet
    frozen.tick(seconds=1)
    assert delivery.send_due() == 1
    [row] = _deliveries()
    assert row.attempts == 2 and row.response_status == 503
    assert clock.as_utc(row.next_attempt_at) == clock.now() + delivery.SCHEDULE[1]
    frozen.tick(minutes=2)
    assert delivery.send_due() == 1
    [row] = _deliveries()
    assert row.status == "delivered" and row.attempts == 3
    assert len(receiver.received) == 3 and all(r["verified"] for r in receiver.received)
    assert len({r["id"] for r in receiver.received}) == 1  # one message, three attempts


def test_the_schedule_spans_about_a_day_then_the_delivery_is_kept_as_failed(
    receiver: Receiver, admin: User, editor: User, frozen: Any, app: Flask
) -> None:
    app.config["WEBHOOKS_PAUSE_AFTER"] = 100
    assert timedelta(hours=20) < sum(delivery.SCHEDULE, timedelta()) < timedelta(hours=26)
    _endpoint(receiver, admin)
    receiver.answers = [500] * 20
    apply(make_article("ready"), "publish", editor)
    db.session.commit()
    for wait in delivery.SCHEDULE:
        frozen.tick(seconds=wait.total_seconds())
        assert delivery.send_due() == 1
    [row] = _deliveries()
    assert row.status == "failed" and row.attempts == len(delivery.SCHEDULE) + 1
    frozen.tick(days=2)
    assert delivery.send_due() == 0


def test_a_job_queued_twice_sends_once(receiver: Receiver, admin: User) -> None:
    endpoint = _endpoint(receiver, admin)
    delivery_id = service.send_test(endpoint, actor=admin)
    db.session.commit()
    assert len(receiver.received) == 1
    delivery.deliver.enqueue(delivery_id)
    delivery.deliver.enqueue(delivery_id)
    assert len(receiver.received) == 1
    assert receiver.received[0]["body"]["type"] == "webhook.test"


def test_at_most_a_few_in_flight_per_endpoint(receiver: Receiver, admin: User) -> None:
    endpoint = _endpoint(receiver, admin)
    busy = [
        WebhookDelivery(
            endpoint_id=endpoint.id, event="webhook.test", message_id=f"msg_{n}", body="{}",
            status="sending", last_attempt_at=clock.now(),
        )
        for n in range(delivery.MAX_IN_FLIGHT)
    ]  # fmt: skip
    db.session.add_all(busy)
    db.session.commit()
    waiting = service.send_test(endpoint, actor=admin)
    db.session.commit()
    assert receiver.received == []  # four are being sent: this one waits its turn
    for row in busy:
        row.status = "delivered"
    db.session.commit()
    assert delivery.send_due() == 1
    assert receiver.kinds() == ["webhook.test"]
    assert db.session.get(WebhookDelivery, waiting).status == "delivered"  # type: ignore[union-attr]


def test_the_log_send_again_and_test_event_through_the_pages(
    receiver: Receiver, admin: User, client_as: Any
) -> None:
    browser = client_as(admin)
    page = browser.post(
        "/admin/webhooks",
        data={"url": receiver.url, "description": "CDN purge", "events": ["article.published"]},
    )
    assert page.status_code == 201
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert endpoint.secret in page.text  # shown this once
    receiver.secret = endpoint.secret
    log = browser.get(f"/admin/webhooks/{endpoint.id}")
    assert endpoint.secret not in log.text  # and never again
    assert endpoint.secret not in browser.get("/admin/webhooks").text
    assert "Nothing sent yet" in log.text

    answer = browser.post(f"/admin/webhooks/{endpoint.id}/test")
    assert answer.status_code == 302
    assert receiver.kinds() == ["webhook.test"] and receiver.received[0]["verified"]
    log = browser.get(f"/admin/webhooks/{endpoint.id}").text
    assert "A test event" in log and "Delivered" in log and "answered 200" in log and " ms" in log
    [first] = _deliveries()
    browser.post(f"/admin/webhooks/{endpoint.id}/deliveries/{first.id}/again")
    assert receiver.kinds() == ["webhook.test", "webhook.test"]
    assert receiver.received[0]["id"] == receiver.received[1]["id"]
    assert len(_deliveries()) == 2


def test_repeated_failures_pause_and_resuming_sends_what_waited_in_order(
    receiver: Receiver, admin: User, editor: User, frozen: Any, app: Flask, client_as: Any
) -> None:
    app.config["WEBHOOKS_PAUSE_AFTER"] = 3
    endpoint = _endpoint(receiver, admin)
    receiver.answers = [500, 500, 500]
    for _ in range(3):
        service.send_test(endpoint, actor=admin)
        db.session.commit()
    db.session.expire_all()
    assert db.session.get(WebhookEndpoint, endpoint.id).paused_at is not None  # type: ignore[union-attr]
    paused = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "webhook.paused")
    ).one()
    assert paused.details["failures"] == 3
    received = len(receiver.received)
    article = make_article("ready")
    apply(article, "publish", editor)
    db.session.commit()
    frozen.tick(hours=1)
    delivery.send_due()
    assert len(receiver.received) == received  # paused: it waits

    browser = client_as(admin)
    assert "Paused" in browser.get("/admin/webhooks").text
    browser.post(f"/admin/webhooks/{endpoint.id}/resume")
    waited = receiver.received[received:]
    kinds = [r["body"]["type"] for r in waited]
    assert kinds == ["webhook.test", "webhook.test", "webhook.test", "article.published"]
    assert all(r["verified"] for r in waited)
    assert {d.status for d in _deliveries()} == {"delivered"}


# -- Where a webhook may go --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.org/x", "https://"),
        ("http://10.0.0.5/hook", "private or local"),
        ("http://192.168.1.1/hook", "private or local"),
        ("http://169.254.169.254/latest/meta-data", "private or local"),
        ("http://127.0.0.1:9/hook", "private or local"),
        ("http://[::1]/hook", "private or local"),
        ("http://user:pw@93.184.216.34/hook", "user name"),
    ],
)
def test_addresses_refused_without_the_setting(url: str, problem: str) -> None:
    with pytest.raises(addresses.AddressRefused, match=problem):
        addresses.check(url, allow_private=False)


def test_a_public_address_is_accepted() -> None:
    target = addresses.check("https://93.184.216.34/hooks?x=1", allow_private=False)
    assert (target.scheme, target.port, target.path) == ("https", 443, "/hooks?x=1")


def test_loopback_is_refused_at_registration_without_the_setting(
    receiver: Receiver, admin: User, client_as: Any, app: Flask
) -> None:
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    page = client_as(admin).post(
        "/admin/webhooks", data={"url": receiver.url, "events": ["article.published"]}
    )
    assert page.status_code == 422 and "private or local" in page.text
    assert db.session.scalar(select(func.count(WebhookEndpoint.id))) == 0


def test_a_name_that_resolves_to_a_private_address_is_refused_at_send_time(
    receiver: Receiver, admin: User, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    answers = {"hooks.partner.example": ["93.184.216.34"]}
    monkeypatch.setattr(addresses, "resolve", lambda host, _port: answers[host])
    made = service.register("http://hooks.partner.example/in", "", ALL_EVENTS, actor=admin)
    db.session.commit()
    answers["hooks.partner.example"] = ["127.0.0.1"]  # the name is pointed home after
    service.send_test(made.endpoint, actor=admin)
    db.session.commit()
    [row] = _deliveries()
    assert row.status == "pending" and row.response_status is None
    assert row.error is not None and "private or local" in row.error
    assert receiver.received == []


def test_redirects_are_not_followed(receiver: Receiver, admin: User) -> None:
    endpoint = _endpoint(receiver, admin)
    elsewhere = Receiver()
    try:
        receiver.redirect_to = elsewhere.url
        service.send_test(endpoint, actor=admin)
        db.session.commit()
        assert elsewhere.received == []
        [row] = _deliveries()
        assert row.status == "pending" and row.response_status == 302
        assert row.error is not None and "Redirects are not followed" in row.error
    finally:
        elsewhere.close()


# -- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reporter", "fact_checker", "editor"])
def test_only_admins_reach_webhooks(
    role: str, users: dict[str, User], receiver: Receiver, client_as: Any
) -> None:
    endpoint = _endpoint(receiver, users["admin"])
    browser = client_as(users[role])
    assert browser.get("/admin/webhooks").status_code == 403
    assert browser.get(f"/admin/webhooks/{endpoint.id}").status_code == 403
    made = browser.post("/admin/webhooks", data={"url": receiver.url, "events": ["breaking.live"]})
    assert made.status_code == 403
    for action in ("test", "pause", "remove"):
        assert browser.post(f"/admin/webhooks/{endpoint.id}/{action}").status_code == 403
    assert receiver.received == []
    assert db.session.scalar(select(func.count(WebhookEndpoint.id))) == 1
    db.session.expire_all()
    kept = db.session.get(WebhookEndpoint, endpoint.id)
    assert kept is not None and kept.paused_at is None and not kept.removed
