"""An endpoint paused after failing tells every admin (issue 26): a notice in each active admin's
inbox that opens the webhooks page, and an email to an admin who chose one; nobody else, and a
pause by hand tells nobody (the admin who pressed it knows)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import Kind, Notification, Role, User
from editorial.webhooks import service
from tests.factories import make_user
from tests.mailbox import Mailbox
from tests.receiver import Receiver


@pytest.fixture
def app(make_app: Any, mailbox: Mailbox) -> Iterator[Flask]:
    application = make_app(
        WEBHOOKS_ALLOW_PRIVATE=True,
        WEBHOOKS_PAUSE_AFTER=2,
        SMTP_URL=mailbox.url,
        PUBLIC_BASE_URL="https://desk.example.org",
    )
    with application.app_context():
        yield application


def _notices() -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(Notification).where(Notification.kind == Kind.WEBHOOK_PAUSED))
    )


def test_every_admin_hears_when_an_endpoint_is_paused_after_failing(
    app: Flask, receiver: Receiver, admin: User, mailbox: Mailbox, client_as: Any
) -> None:
    keen = make_user(Role.ADMIN, email="keen@example.org", email_kinds=["webhook_paused"])
    make_user(Role.ADMIN, active=False)
    make_user(Role.EDITOR)
    made = service.register(receiver.url, "CDN purge", ["article.published"], actor=admin)
    db.session.commit()
    endpoint = made.endpoint
    receiver.secret = made.secret

    service.pause(endpoint, actor=admin)  # by hand: nobody is told
    db.session.commit()
    assert _notices() == []
    service.resume(endpoint, actor=admin)
    db.session.commit()

    receiver.answers = [500, 500]
    for _ in range(2):
        service.send_test(endpoint, actor=admin)
        db.session.commit()
    notices = _notices()
    assert sorted(n.recipient_id for n in notices) == sorted([admin.id, keen.id])
    assert all(receiver.url in n.excerpt and "2 failed attempts" in n.excerpt for n in notices)

    browser = client_as(admin)
    assert 'name="email-webhook_paused"' in browser.get("/inbox/email").text  # admins choose
    inbox = browser.get("/inbox/").text
    assert "Webhooks" in inbox and "paused an endpoint after it kept failing" in inbox
    assert receiver.url in inbox
    mine = next(n for n in notices if n.recipient_id == admin.id)
    opened = browser.get(f"/inbox/{mine.id}")
    assert opened.status_code == 302 and opened.location.endswith("/admin/webhooks")

    [message] = mailbox.messages  # only the admin who chose email for it
    assert message["To"] == "keen@example.org"
    assert message["Subject"].startswith("A webhook endpoint is paused")
    text, _html = mailbox.parts(message)
    assert "https://desk.example.org/admin/webhooks" in text and receiver.url in text
