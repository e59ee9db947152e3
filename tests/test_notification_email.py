"""Notifications by email (issue 26): each person picks, per kind, inbox only or email at once;
the email says why, links to the story and carries a one-click unsubscribe (RFC 8058) that works
without signing in; nothing for a change that rolled back."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import workflow
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from editorial.models import Role, UnsubscribeToken, User
from tests.factories import make_article, make_user
from tests.helpers import sign_in
from tests.mailbox import Mailbox


@pytest.fixture
def mail_app(make_app: Any, mailbox: Mailbox) -> Iterator[Flask]:
    app = make_app(SMTP_URL=mailbox.url, PUBLIC_BASE_URL="https://desk.example.org")
    with app.app_context():
        yield app


def _return_story(reporter: User, headline: str = "Port reopens") -> int:
    actor = make_user(Role.EDITOR, display_name="Omar Editor")
    article = make_article(workflow.EDIT, authors=[reporter], headline=headline)
    apply(article, "return", actor, Request(note="Needs a second source."))
    return article.id


def test_a_person_chooses_email_and_gets_one(mail_app: Flask, mailbox: Mailbox) -> None:
    reporter = make_user(Role.REPORTER, email="rana@example.org")
    page = sign_in(mail_app.test_client(), reporter)
    form = page.get("/inbox/email").get_data(as_text=True)
    assert 'name="email-returned"' in form
    assert '<option value="never" selected>Inbox only</option>' in form
    saved = page.post("/inbox/email", data={"email-returned": "now", "email-x": "now"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, reporter.id).email_kinds == ["returned"]  # type: ignore[union-attr]

    article_id = _return_story(db.session.get(User, reporter.id))  # type: ignore[arg-type]
    assert mailbox.messages == []  # not before the commit
    db.session.commit()
    [message] = mailbox.to("rana@example.org")
    assert "Port reopens" in message["Subject"]
    text, html = mailbox.parts(message)
    assert "Omar Editor" in text and "Needs a second source." in text
    assert f"https://desk.example.org/articles/{article_id}" in text
    assert "you chose to be emailed when your story is returned to you" in text
    assert f'href="https://desk.example.org/articles/{article_id}' in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [unsubscribe] = re.findall(
        r"^<(https://desk\.example\.org/inbox/unsubscribe/\S+)>$", message["List-Unsubscribe"]
    )
    assert unsubscribe in text

    # One click, as a mail client does it: a POST with no session and no CSRF token.
    path = unsubscribe.removeprefix("https://desk.example.org")
    assert (
        mail_app.test_client().post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    )
    db.session.expire_all()
    assert db.session.get(User, reporter.id).email_kinds == []  # type: ignore[union-attr]
    _return_story(db.session.get(User, reporter.id), "Second story")  # type: ignore[arg-type]
    db.session.commit()
    assert len(mailbox.to("rana@example.org")) == 1  # in the inbox only now


def test_inbox_only_by_default_and_nothing_for_a_rollback(mail_app: Flask, mailbox: Mailbox):
    quiet = make_user(Role.REPORTER, email="quiet@example.org")
    keen = make_user(Role.REPORTER, email="keen@example.org", email_kinds=["returned"])
    _return_story(quiet)
    db.session.commit()
    _return_story(keen)
    db.session.rollback()
    assert mailbox.messages == []


def test_a_get_of_the_unsubscribe_link_changes_nothing(mail_app: Flask, mailbox: Mailbox):
    keen = make_user(Role.REPORTER, email="keen@example.org", email_kinds=["returned"])
    _return_story(keen)
    db.session.commit()
    [message] = mailbox.messages
    path = message["List-Unsubscribe"].strip("<>").removeprefix("https://desk.example.org")
    page = mail_app.test_client().get(path)
    assert page.status_code == 200 and "Stop these emails" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, keen.id).email_kinds == ["returned"]  # type: ignore[union-attr]
    altered = path[:-2] + ("xx" if not path.endswith("xx") else "yy")
    assert mail_app.test_client().post(altered).status_code == 404


def test_the_preferences_need_a_sign_in(mail_app: Flask) -> None:
    assert mail_app.test_client().get("/inbox/email").status_code == 302


def test_the_unsubscribe_token_is_stored_only_hashed_and_expires(
    mail_app: Flask, mailbox: Mailbox, frozen: Any
) -> None:
    keen = make_user(Role.REPORTER, email="keen@example.org", email_kinds=["returned"])
    _return_story(keen)
    db.session.commit()
    [message] = mailbox.messages
    path = message["List-Unsubscribe"].strip("<>").removeprefix("https://desk.example.org")
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits from secrets, base64
    [row] = db.session.scalars(select(UnsubscribeToken)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.user_id == keen.id and row.kind == "returned"
    stored = " ".join(str(v) for v in db.session.execute(select(UnsubscribeToken.__table__)).one())
    assert token not in stored

    frozen.tick(days=91)  # past its 90 days: the same answer as a wrong one
    assert mail_app.test_client().get(path).status_code == 404
    assert mail_app.test_client().post(path).status_code == 404
    db.session.expire_all()
    assert db.session.get(User, keen.id).email_kinds == ["returned"]  # type: ignore[union-attr]
