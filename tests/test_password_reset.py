""" "Forgot your password?" (issue 26), end to end against a real SMTP server: ask, read the
mail, follow the link, choose a password; other sessions end; the link works once and for an
hour; an unknown address gets the same answer; the asking is rate limited; audited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import AccountToken, AuditEvent, User
from editorial.passwords import verify_password
from tests.factories import PASSWORD, make_user
from tests.helpers import sign_in
from tests.mailbox import Mailbox

NEW = "a long new passphrase of words"


@pytest.fixture
def mail_app(make_app: Any, mailbox: Mailbox) -> Iterator[Flask]:
    app = make_app(SMTP_URL=mailbox.url, PUBLIC_BASE_URL="https://desk.example.org")
    with app.app_context():
        yield app


def _ask(app: Flask, email: str) -> Any:
    return app.test_client().post("/login/forgot", data={"email": email})


def _link(mailbox: Mailbox, email: str) -> str:
    message = mailbox.to(email)[-1]
    text, html = mailbox.parts(message)
    [link] = re.findall(r"https://desk\.example\.org(/login/reset/\S+)", text)
    assert f'href="https://desk.example.org{link}"' in html
    return link


def test_the_sign_in_page_offers_it(mail_app: Flask) -> None:
    page = mail_app.test_client().get("/login").get_data(as_text=True)
    assert 'href="/login/forgot"' in page and "Forgot your password?" in page


def test_reset_end_to_end(mail_app: Flask, mailbox: Mailbox, frozen: Any) -> None:
    amal = make_user(email="amal@example.org")
    other_browser = sign_in(mail_app.test_client(), amal)
    asked = _ask(mail_app, "Amal@Example.org ")
    assert asked.status_code == 302
    [message] = mailbox.to("amal@example.org")
    assert "new password" in message["Subject"]
    text, _html = mailbox.parts(message)
    assert "because of that request" in text  # says why it was sent
    link = _link(mailbox, "amal@example.org")
    token = link.rsplit("/", 1)[1]
    # Only the hash is kept.
    row = db.session.scalar(select(AccountToken))
    assert row is not None and token not in row.token_hash and len(row.token_hash) == 64

    browser = mail_app.test_client()
    assert browser.get(link).status_code == 200
    done = browser.post(link, data={"new_password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"] == "/desk/"
    assert browser.get("/desk/").status_code == 200  # signed in here
    db.session.expire_all()
    user = db.session.get(User, amal.id)
    assert user is not None and verify_password(user.password_hash, NEW)
    assert other_browser.get("/desk/").status_code == 302  # the other session ended
    # Once only.
    again = mail_app.test_client().post(
        link, data={"new_password": NEW + "!", "confirm": NEW + "!"}
    )
    assert again.status_code == 410 and "no longer works" in again.get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"mail.reset_asked", "mail.password_reset"} <= actions


def test_a_link_expires_after_an_hour(mail_app: Flask, mailbox: Mailbox, frozen: Any) -> None:
    make_user(email="amal@example.org")
    _ask(mail_app, "amal@example.org")
    link = _link(mailbox, "amal@example.org")
    frozen.tick(minutes=59)
    assert mail_app.test_client().get(link).status_code == 200
    frozen.tick(minutes=1)
    late = mail_app.test_client().post(link, data={"new_password": NEW, "confirm": NEW})
    assert late.status_code == 410
    user = db.session.scalar(select(User).where(User.email == "amal@example.org"))
    assert user is not None and verify_password(user.password_hash, PASSWORD)


def test_a_newer_link_replaces_the_older(mail_app: Flask, mailbox: Mailbox) -> None:
    make_user(email="amal@example.org")
    _ask(mail_app, "amal@example.org")
    first = _link(mailbox, "amal@example.org")
    _ask(mail_app, "amal@example.org")
    second = _link(mailbox, "amal@example.org")
    assert first != second
    assert mail_app.test_client().get(first).status_code == 410
    assert mail_app.test_client().get(second).status_code == 200


def test_an_unknown_or_deactivated_address_gets_the_same_answer(
    mail_app: Flask, mailbox: Mailbox
) -> None:
    make_user(email="amal@example.org")
    make_user(email="gone@example.org", active=False)
    answers = []
    for email in ("amal@example.org", "nobody@example.org", "gone@example.org"):
        response = _ask(mail_app, email)
        follow = mail_app.test_client()
        answers.append((response.status_code, response.headers["Location"]))
        del follow
    assert len(set(answers)) == 1
    assert [m["To"] for m in mailbox.messages] == ["amal@example.org"]


def test_a_wrong_or_altered_token_gets_the_expired_answer(mail_app: Flask, mailbox: Mailbox):
    make_user(email="amal@example.org")
    _ask(mail_app, "amal@example.org")
    link = _link(mailbox, "amal@example.org")
    for bad in (link[:-1] + ("A" if link[-1] != "A" else "B"), "/login/reset/x", link + "x"):
        response = mail_app.test_client().get(bad)
        assert response.status_code == 410, bad


def test_the_new_password_follows_the_rules(mail_app: Flask, mailbox: Mailbox) -> None:
    make_user(email="amal@example.org")
    _ask(mail_app, "amal@example.org")
    link = _link(mailbox, "amal@example.org")
    browser = mail_app.test_client()
    short = browser.post(link, data={"new_password": "short", "confirm": "short"})
    assert short.status_code == 200 and "8 characters" in short.get_data(as_text=True)
    common = browser.post(link, data={"new_password": "password123", "confirm": "password123"})
    assert common.status_code in (200, 422)
    # The link still works after a refused password.
    assert browser.post(link, data={"new_password": NEW, "confirm": NEW}).status_code == 302


def test_asking_is_rate_limited_per_address(make_app: Any, mailbox: Mailbox) -> None:
    app = make_app(SMTP_URL=mailbox.url, RATELIMIT_ENABLED=True)
    with app.app_context():
        make_user(email="amal@example.org")
        answers = [_ask(app, "amal@example.org").status_code for _ in range(4)]
        assert answers == [302, 302, 302, 429]
        assert len(mailbox.to("amal@example.org")) == 3


def test_with_email_off_the_page_says_to_ask_an_admin(app: Flask) -> None:
    make_user(email="amal@example.org")
    sign_in_page = app.test_client().get("/login").get_data(as_text=True)
    assert "Forgot your password? Ask an admin" in sign_in_page
    page = app.test_client().get("/login/forgot").get_data(as_text=True)
    assert "ask an admin" in page and 'name="email"' not in page
    posted = app.test_client().post("/login/forgot", data={"email": "amal@example.org"})
    assert posted.status_code == 200 and "ask an admin" in posted.get_data(as_text=True)
