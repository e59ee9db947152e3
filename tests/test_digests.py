"""Email digests (issue 26): a person chooses, per kind, an hourly or daily digest; the worker's
hourly job sends one email per person per period with what was not yet emailed nor read,
grouped by story, exactly once even when two workers run it at the same moment; the daily one
goes at DIGEST_HOUR in the newsroom's zone. A real SMTP server (aiosmtpd) receives them; the
clock is the injected one."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import workflow
from editorial.articles.transitions.service import Request, apply
from editorial.database import writing
from editorial.extensions import db
from editorial.inbox.digests import period_ends, send_digests
from editorial.inbox.service import notify_admins_paused
from editorial.models import Article, Kind, Notification, Role, User
from tests.factories import make_article, make_user
from tests.helpers import sign_in
from tests.mailbox import Mailbox

BASE = "https://desk.example.org"


@pytest.fixture
def mail_app(make_app: Any, mailbox: Mailbox) -> Iterator[Flask]:
    # Beirut is UTC+3 in June: the daily digest at 7:00 there is 04:00 UTC.
    app = make_app(SMTP_URL=mailbox.url, PUBLIC_BASE_URL=BASE, NEWSROOM_TZ="Asia/Beirut")
    with app.app_context():
        yield app


def _told(person: User, article: Article, kind: Kind, at: datetime, text: str = "") -> int:
    row = Notification(
        recipient_id=person.id, kind=kind, article_id=article.id, excerpt=text, created_at=at
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def _run() -> int:
    """One run of the worker's hourly job, as the job runs it (a write, committed)."""
    with writing():
        sent = send_digests()
        db.session.commit()
    return int(sent)


def test_the_preferences_page_offers_the_four_choices(mail_app: Flask) -> None:
    reporter = make_user(Role.REPORTER, email_kinds=["flagged"])
    page = sign_in(mail_app.test_client(), reporter)
    form = page.get("/inbox/email").text
    for choice in ("Inbox only", "Email at once", "Hourly digest", "Daily digest"):
        assert choice in form
    assert '<option value="now" selected>Email at once</option>' in form
    assert "7:00, Asia/Beirut" in form
    assert "webhook" not in form  # an admins' notice: not offered to a reporter
    page.post(
        "/inbox/email",
        data={"email-returned": "hourly", "email-commented": "daily", "email-flagged": "never"},
    )
    db.session.expire_all()
    saved = db.session.get(User, reporter.id)
    assert saved is not None
    assert saved.email_kinds == []
    assert saved.email_digests == {"commented": "daily", "returned": "hourly"}
    form = page.get("/inbox/email").text
    assert '<option value="hourly" selected>Hourly digest</option>' in form


def test_an_hourly_digest_holds_the_hour_grouped_by_story_and_goes_once(
    mail_app: Flask, mailbox: Mailbox, frozen: Any
) -> None:
    rana = make_user(
        Role.REPORTER,
        email="rana@example.org",
        email_digests={"returned": "hourly", "commented": "hourly"},
    )
    port = make_article(workflow.EDIT, authors=[rana], headline="Port reopens")
    dam = make_article(workflow.EDIT, authors=[rana], headline="Dam levels fall")
    start = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    frozen.set(start + timedelta(minutes=5))
    _told(rana, port, Kind.RETURNED, start + timedelta(minutes=5), "Needs a second source.")
    _told(rana, port, Kind.COMMENTED, start + timedelta(minutes=20), "Which harbour?")
    _told(rana, dam, Kind.RETURNED, start + timedelta(minutes=40), "Check the figures.")
    read = _told(rana, dam, Kind.COMMENTED, start + timedelta(minutes=41), "Seen it.")
    db.session.get(Notification, read).read_at = start + timedelta(minutes=42)  # type: ignore[union-attr]
    db.session.commit()

    frozen.set(start + timedelta(minutes=50))
    assert _run() == 0 and mailbox.messages == []  # the hour has not ended
    frozen.set(start + timedelta(hours=1))
    assert _run() == 1
    [message] = mailbox.to("rana@example.org")
    assert message["Subject"] == "Your hourly digest: 3 notifications"
    text, html = mailbox.parts(message)
    assert text.index("Port reopens") < text.index("Dam levels fall")  # by story, oldest first
    assert "Needs a second source." in text and "Which harbour?" in text
    assert "Check the figures." in text and "Seen it." not in text  # read: not emailed
    assert f"{BASE}/articles/{port.id}" in text and f'href="{BASE}/articles/{dam.id}"' in html
    assert "you chose the hourly digest when someone comments on a story you are on" in text
    assert "the hourly digest when someone comments" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert _run() == 0  # the same hour again: nothing twice
    frozen.set(start + timedelta(hours=1, minutes=10))
    _told(rana, port, Kind.RETURNED, start + timedelta(hours=1, minutes=10), "Again.")
    frozen.set(start + timedelta(hours=2))
    assert _run() == 1
    assert mailbox.to("rana@example.org")[1]["Subject"] == "Your hourly digest: 1 notification"

    # The digest's own unsubscribe link stops that digest, and leaves the other choices alone.
    [link] = re.findall(r"^<(\S+)>$", message["List-Unsubscribe"])
    assert mail_app.test_client().post(link.removeprefix(BASE)).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, rana.id).email_digests == {}  # type: ignore[union-attr]


def test_the_daily_digest_goes_at_seven_in_the_newsrooms_morning(
    mail_app: Flask, mailbox: Mailbox, frozen: Any
) -> None:
    assert period_ends(datetime(2026, 6, 1, 3, 59, tzinfo=UTC), "Asia/Beirut", 7)[
        "daily"
    ] == datetime(2026, 5, 31, 4, 0, tzinfo=UTC)
    omar = make_user(Role.EDITOR, email="omar@example.org", email_digests={"flagged": "daily"})
    story = make_article(workflow.EDIT, headline="Budget vote", editor=omar)
    evening = datetime(2026, 5, 31, 19, 0, tzinfo=UTC)  # 22:00 in Beirut
    frozen.set(evening)
    _told(omar, story, Kind.FLAGGED, evening, "The sums are off.")
    for hour in range(20, 28):  # every hourly run up to 03:00 UTC, 06:00 in Beirut
        frozen.set(datetime(2026, 5, 31, tzinfo=UTC) + timedelta(hours=hour))
        assert _run() == 0
    frozen.set(datetime(2026, 6, 1, 4, 0, tzinfo=UTC))  # 07:00 in Beirut
    assert _run() == 1
    [message] = mailbox.to("omar@example.org")
    assert message["Subject"] == "Your daily digest: 1 notification"
    assert "The sums are off." in mailbox.parts(message)[0]
    frozen.set(datetime(2026, 6, 1, 5, 0, tzinfo=UTC))
    assert _run() == 0


def test_two_workers_at_once_send_one_digest(
    mail_app: Flask, mailbox: Mailbox, frozen: Any
) -> None:
    people = [
        make_user(Role.REPORTER, email=f"p{n}@example.org", email_digests={"returned": "hourly"})
        for n in range(5)
    ]
    start = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    frozen.set(start)
    for person in people:
        story = make_article(workflow.EDIT, authors=[person])
        for minute in (1, 2, 3):
            _told(person, story, Kind.RETURNED, start + timedelta(minutes=minute), "Fix it.")
    frozen.set(start + timedelta(hours=1))
    db.session.remove()

    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with mail_app.app_context():
                barrier.wait(timeout=10)
                counts.append(_run())
        except BaseException as problem:  # noqa: BLE001 - reported by the assertion below
            errors.append(problem)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sum(counts) == 5
    assert sorted(m["To"] for m in mailbox.messages) == [f"p{n}@example.org" for n in range(5)]
    assert all("3 notifications" in m["Subject"] for m in mailbox.messages)
    emailed = db.session.scalars(select(Notification.emailed_at)).all()
    assert len(emailed) == 15 and all(emailed)


def test_at_once_is_not_repeated_in_a_digest_and_a_story_taken_away_is_left_out(
    mail_app: Flask, mailbox: Mailbox, frozen: Any
) -> None:
    lina = make_user(
        Role.REPORTER,
        email="lina@example.org",
        email_kinds=["returned"],
        email_digests={"commented": "hourly"},
    )
    other = make_user(Role.REPORTER)
    hers = make_article(workflow.EDIT, authors=[lina], headline="Her story")
    gone = make_article(workflow.EDIT, authors=[lina], headline="Taken away")
    start = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    frozen.set(start + timedelta(minutes=5))
    _told(lina, gone, Kind.COMMENTED, start + timedelta(minutes=5), "Secret note")
    gone.authors = [other]  # she is taken off it before the digest goes
    db.session.commit()
    # An at-once email sets emailed_at (through inbox.service.notify, as a real return does).
    apply(hers, "return", make_user(Role.EDITOR), Request(note="Once only."))
    db.session.commit()
    assert len(mailbox.to("lina@example.org")) == 1
    frozen.set(start + timedelta(hours=1))
    assert _run() == 0  # the comment on a story she can't open: no digest at all
    assert len(mailbox.to("lina@example.org")) == 1
    assert "Secret note" not in str(mailbox.messages)


def test_an_admins_webhook_notice_in_a_digest_links_to_the_webhooks_page(
    mail_app: Flask, mailbox: Mailbox, frozen: Any
) -> None:
    make_user(Role.ADMIN, email="aya@example.org", email_digests={"webhook_paused": "hourly"})
    start = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    frozen.set(start + timedelta(minutes=5))
    notify_admins_paused("https://cdn.example.net/purge", 10)
    db.session.commit()
    assert mailbox.messages == []  # a digest, not at once
    frozen.set(start + timedelta(hours=1))
    assert _run() == 1
    [message] = mailbox.to("aya@example.org")
    text, html = mailbox.parts(message)
    assert "Webhooks" in text and f"{BASE}/admin/webhooks" in text
    assert "https://cdn.example.net/purge (10 failed attempts in a row)" in text
    assert f'href="{BASE}/admin/webhooks"' in html
