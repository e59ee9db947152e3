"""Invitations (issue 26): an admin adding a person emails them a link instead of a temporary
password; the link (once, for a week, stored hashed) lets them choose their password and sign
in. With email off, the temporary password stays the way; only admins may invite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import AuditEvent, Role, User
from editorial.passwords import verify_password
from tests.factories import make_user
from tests.helpers import sign_in
from tests.mailbox import Mailbox

NEW = "my very own passphrase here"
PERSON = {"display_name": "Nour Haddad", "email": "nour@example.org", "role": "reporter"}


@pytest.fixture
def mail_app(make_app: Any, mailbox: Mailbox) -> Iterator[Flask]:
    app = make_app(SMTP_URL=mailbox.url, PUBLIC_BASE_URL="https://desk.example.org")
    with app.app_context():
        yield app


def _invite_link(mailbox: Mailbox) -> str:
    [message] = mailbox.to("nour@example.org")
    text, html = mailbox.parts(message)
    assert "invited" in message["Subject"] and "because an admin added you" in text
    [link] = re.findall(r"https://desk\.example\.org(/login/invitation/\S+)", text)
    assert link in html
    return link


def test_an_invitation_lets_the_person_choose_a_password(mail_app: Flask, mailbox: Mailbox):
    admin = make_user(Role.ADMIN, display_name="Aya Admin")
    page = sign_in(mail_app.test_client(), admin)
    form = page.get("/admin/users/new").get_data(as_text=True)
    assert 'name="invite"' in form
    added = page.post("/admin/users/new", data={**PERSON, "invite": "y"})
    assert added.status_code == 302
    assert "invitation is on its way" in page.get(added.headers["Location"]).get_data(True)
    link = _invite_link(mailbox)
    assert "Aya Admin invited you" in mailbox.parts(mailbox.messages[0])[0]

    browser = mail_app.test_client()
    assert browser.get(link).status_code == 200
    done = browser.post(link, data={"new_password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"] == "/desk/"
    assert browser.get("/desk/").status_code == 200  # signed in, nothing more to change
    nour = db.session.scalar(select(User).where(User.email == "nour@example.org"))
    assert nour is not None and verify_password(nour.password_hash, NEW)
    assert not nour.must_change_password
    assert mail_app.test_client().get(link).status_code == 410  # once only
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "mail.invited" in actions and "mail.invitation_accepted" in actions


def test_a_reset_link_is_not_an_invitation(mail_app: Flask, mailbox: Mailbox) -> None:
    admin = make_user(Role.ADMIN)
    sign_in(mail_app.test_client(), admin).post("/admin/users/new", data={**PERSON, "invite": "y"})
    link = _invite_link(mailbox)
    as_reset = link.replace("/login/invitation/", "/login/reset/")
    assert mail_app.test_client().get(as_reset).status_code == 410


def test_without_the_box_ticked_the_temporary_password_stays(mail_app: Flask, mailbox: Mailbox):
    admin = make_user(Role.ADMIN)
    page = sign_in(mail_app.test_client(), admin)
    shown = page.post("/admin/users/new", data=PERSON)
    assert shown.status_code == 200 and "password" in shown.get_data(as_text=True).lower()
    assert mailbox.messages == []


def test_with_email_off_no_invitation_is_offered(app: Flask) -> None:
    admin = make_user(Role.ADMIN)
    page = sign_in(app.test_client(), admin)
    form = page.get("/admin/users/new").get_data(as_text=True)
    assert 'name="invite"' not in form and "Email is off here" in form
    shown = page.post("/admin/users/new", data={**PERSON, "invite": "y"})
    assert shown.status_code == 200  # the generated password, shown once, as before
    nour = db.session.scalar(select(User).where(User.email == "nour@example.org"))
    assert nour is not None and nour.must_change_password


def test_only_admins_may_invite(mail_app: Flask, mailbox: Mailbox) -> None:
    editor = make_user(Role.EDITOR)
    refused = sign_in(mail_app.test_client(), editor).post(
        "/admin/users/new", data={**PERSON, "invite": "y"}
    )
    assert refused.status_code == 403
    assert mailbox.messages == []
    assert db.session.scalar(select(User).where(User.email == "nour@example.org")) is None
