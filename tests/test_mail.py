"""Email plumbing (issue 26): SMTP_URL and MAIL_FROM, a message with both parts sent to a real
SMTP server, only after the commit, and the settings page saying when email is off."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from editorial import mail
from editorial.extensions import db
from tests.factories import make_user
from tests.mailbox import Mailbox


@pytest.fixture
def mail_app(make_app: Any, mailbox: Mailbox) -> Iterator[Flask]:
    app = make_app(SMTP_URL=mailbox.url, MAIL_FROM="The Desk <desk@example.org>")
    with app.app_context():
        yield app


def test_a_message_arrives_with_both_parts_and_its_headers(mail_app: Flask, mailbox: Mailbox):
    make_user()  # any write, so there is a transaction to commit
    assert mail.send_after_commit(
        "amal@example.org",
        "Hello\r\nBcc: everyone@example.org",
        "Plain words.",
        "<p>HTML words.</p>",
        {"X-Why": "a test"},
    )
    assert mailbox.messages == []  # nothing leaves before the commit
    db.session.commit()
    [message] = mailbox.to("amal@example.org")
    assert message["From"] == "The Desk <desk@example.org>"
    assert message["Subject"] == "Hello Bcc: everyone@example.org"  # no header injected
    assert message["Bcc"] is None
    assert message["X-Why"] == "a test"
    assert message["Message-ID"]
    text, html = mailbox.parts(message)
    assert text.strip() == "Plain words."
    assert html.strip() == "<p>HTML words.</p>"
    assert mailbox.logins == ["desk"]  # the user and password of SMTP_URL


def test_a_rolled_back_change_sends_nothing(mail_app: Flask, mailbox: Mailbox) -> None:
    make_user()
    mail.send_after_commit("amal@example.org", "Never", "no", "<p>no</p>")
    db.session.rollback()
    db.session.commit()
    assert mailbox.messages == []


def test_without_smtp_url_email_is_off_and_nothing_fails(app: Flask) -> None:
    assert not mail.enabled()
    assert mail.send_after_commit("amal@example.org", "Never", "no", "<p>no</p>") is False


def test_the_settings_page_says_whether_email_is_on(make_app: Any, client_as: Any) -> None:
    from editorial.models import Role

    app = make_app()
    with app.app_context():
        admin = make_user(Role.ADMIN)
        page = client_as(admin).get("/admin/settings").get_data(as_text=True)
        assert "Email is off" in page and "SMTP_URL" in page
    on = make_app(SMTP_URL="smtp://127.0.0.1:2525", MAIL_FROM="Desk <desk@example.org>")
    with on.app_context():
        admin = make_user(Role.ADMIN)
        page = on.test_client()
        from tests.helpers import sign_in

        text = sign_in(page, admin).get("/admin/settings").get_data(as_text=True)
        assert "Email is on" in text and "desk@example.org" in text


def test_what_a_failed_mail_job_keeps_names_no_body() -> None:
    # A failed job's row (shown to admins) keeps `repr` of its arguments: never a reset link.
    waiting = mail.Outgoing("amal@example.org", "Your link", "secret-link", "<p>secret-link</p>")
    assert repr(waiting) == "<email to amal@example.org: 'Your link'>"
