"""The desk owner's weekly summary (issue 27): admins name a section's owner (an active editor
or admin) on its page; every Monday from 07:00 newsroom time the owner is sent last week's
figures of that section, once per section and week however many runs or workers, nobody for a
section without an owner. A hand-built week with known answers, the injected clock, Beirut
(UTC+3 in June) as the newsroom's zone."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from editorial import clock
from editorial.audit_log.sentences import sentences
from editorial.database import writing
from editorial.extensions import db
from editorial.inbox.digests import send_digests
from editorial.insights.weekly import send_weekly
from editorial.models import (
    AuditEvent,
    Kind,
    Notification,
    Role,
    Section,
    User,
    WeeklySummary,
)
from editorial.models.history import ArticleTransition, Correction
from editorial.models.planning import ArticleDeadline
from tests.factories import make_article, make_user, section
from tests.mailbox import Mailbox

BASE = "https://desk.example.org"
# Monday 1 June 2026, 07:00 in Beirut: the summary of 25-31 May falls due.
DUE = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)
H = timedelta(hours=1)


def at(day: int, hour: float, month: int = 5) -> datetime:
    return datetime(2026, month, day, tzinfo=UTC) + timedelta(hours=hour)


def story(moves: list[tuple[datetime, str, str, str]], created: datetime, **fields: Any) -> Any:
    """An article created at `created` whose transitions happened as given."""
    state = moves[-1][3] if moves else "draft"
    article = make_article(state, created_at=created, **fields)
    last = created
    for when, name, a, b in moves:
        last = when
        db.session.add(
            ArticleTransition(article_id=article.id, name=name, from_state=a, to_state=b, at=when)
        )
        if name == "publish" and article.first_published_at is None:
            article.first_published_at = article.published_at = when
    article.state_changed_at = last
    db.session.commit()
    return article


@pytest.fixture
def week(app: Flask) -> dict[str, Any]:
    """Politics' week of 25-31 May (Beirut): filed A, B and D (just after midnight there), E
    filed after the week ended; edit took 3 h and 6 h, fact-check 1 h and 3 h; A published and
    corrected; E overdue in edit. Economy's story counts for nobody here."""
    with clock.frozen(at(20, 0)):
        a = story(
            [
                (at(26, 8), "submit", "draft", "edit"),
                (at(26, 11), "send_to_fact_check", "edit", "fact_check"),
                (at(26, 12), "clear", "fact_check", "ready"),
                (at(26, 13), "publish", "ready", "published"),
            ],
            at(26, 6),
        )
        b = story(
            [
                (at(27, 7), "submit", "draft", "edit"),
                (at(27, 12), "send_to_fact_check", "edit", "fact_check"),
                (at(27, 14), "flag", "fact_check", "edit"),
                (at(27, 15), "send_to_fact_check", "edit", "fact_check"),
                (at(27, 16), "clear", "fact_check", "ready"),
            ],
            at(27, 6),
        )
        # 22:30 UTC on Sunday 24 May is 01:30 on Monday 25 May in Beirut: in the week.
        d = story([(at(24, 22.5), "submit", "draft", "edit")], at(24, 20))
        # 21:30 UTC on Sunday 31 May is 00:30 on Monday 1 June in Beirut: the next week.
        e = story([(at(31, 21.5), "submit", "draft", "edit")], at(31, 20))
        story([(at(26, 8), "submit", "draft", "edit")], at(26, 7), section=section("Economy"))
        db.session.add(Correction(article_id=a.id, notice="A date was wrong.", at=at(28, 10)))
        db.session.add(ArticleDeadline(article_id=e.id, stage="edit", due_at=at(31, 23)))
        db.session.commit()
    return {"a": a, "b": b, "d": d, "e": e}


def _run() -> int:
    """One run of the worker's hourly job, as the job runs it (a write, committed)."""
    with writing():
        sent = send_weekly()
        db.session.commit()
    return int(sent)


def _own(section_name: str, person: User) -> Section:
    politics = section(section_name)
    politics.owner_id = person.id
    db.session.commit()
    return politics


EXPECTED = (
    "Politics, week of 25 May 2026: 3 filed, 1 published, 1 corrected; median time in edit "
    "4 h 30 min, in fact-check 2 h; 1 overdue now."
)


def test_the_owner_gets_last_weeks_numbers_once_on_monday_from_seven(
    week: dict[str, Any], editor: User, frozen: Any
) -> None:
    _own("Politics", editor)
    frozen.set(DUE - timedelta(minutes=1))
    assert _run() == 0  # 06:59 in Beirut: not yet (and the week before is past catching up)
    frozen.set(DUE)
    assert _run() == 1
    [told] = db.session.scalars(select(Notification)).all()
    assert (told.recipient_id, told.kind, told.article_id) == (editor.id, Kind.WEEKLY, None)
    assert told.excerpt == EXPECTED
    frozen.set(DUE + 2 * H)
    assert _run() == 0  # run again: nothing twice
    frozen.set(DUE + timedelta(days=6))
    assert _run() == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 1
    frozen.set(DUE + timedelta(days=7))  # the next Monday: the week of 1 June
    assert _run() == 1
    weeks = db.session.scalars(select(WeeklySummary.week_of).order_by(WeeklySummary.id)).all()
    assert [str(w) for w in weeks] == ["2026-05-25", "2026-06-01"]


def test_a_worker_stopped_on_monday_catches_up_within_a_day_only(
    week: dict[str, Any], editor: User, frozen: Any
) -> None:
    _own("Politics", editor)
    frozen.set(DUE + 23 * H)
    assert _run() == 1
    _own("Economy", editor)
    frozen.set(DUE + 25 * H)  # Tuesday 08:00: too late for Economy's newly named owner
    assert _run() == 0


def test_sections_without_an_owner_send_to_nobody(
    week: dict[str, Any], editor: User, admin: User, frozen: Any
) -> None:
    frozen.set(DUE)
    assert _run() == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert db.session.scalar(select(func.count(WeeklySummary.id))) == 0
    gone = make_user(Role.EDITOR, active=False)
    _own("Politics", gone)  # an owner deactivated since: told nothing
    assert _run() == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_two_workers_at_once_send_one_summary_a_section(
    app: Flask, week: dict[str, Any], editor: User, admin: User, frozen: Any
) -> None:
    _own("Politics", editor)
    _own("Economy", admin)
    expected = sorted([editor.id, admin.id])
    frozen.set(DUE)
    db.session.remove()
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                counts.append(_run())
        except BaseException as problem:  # noqa: BLE001 - reported by the assertion below
            errors.append(problem)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(counts) == 2
    told = db.session.execute(select(Notification.recipient_id, Notification.excerpt)).all()
    assert sorted(r[0] for r in told) == expected
    assert db.session.scalar(select(func.count(WeeklySummary.id))) == 2


def test_the_owner_opens_insights_for_the_section_and_week_and_sees_the_same_numbers(
    week: dict[str, Any], editor: User, client_as: Any, frozen: Any
) -> None:
    politics = _own("Politics", editor)
    frozen.set(DUE)
    _run()
    client = client_as(editor)
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "Weekly summaries" in inbox and EXPECTED in inbox
    told = db.session.scalar(select(Notification.id))
    opened = client.get(f"/inbox/{told}")
    assert opened.status_code == 302
    address = urlsplit(opened.headers["Location"])
    assert address.path == "/insights/"
    assert parse_qs(address.query) == {
        "section": [str(politics.id)],
        "from": ["2026-05-25"],
        "to": ["2026-05-31"],
    }
    page = client.get(f"/insights/?{address.query}").get_data(as_text=True)
    assert "3 filed, 1 published, 0 spiked and 1 corrected over 7 days." in page
    assert "Edit took a median of 4 h 30 min" in page


def test_a_reporter_is_not_sent_a_summary_and_may_not_open_one(
    week: dict[str, Any], reporter: User, frozen: Any
) -> None:
    _own("Politics", reporter)  # as if written past the form (the form refuses it)
    frozen.set(DUE)
    assert _run() == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_the_summary_is_emailed_to_an_owner_who_chose_it(
    make_app: Any, mailbox: Mailbox, frozen: Any
) -> None:
    app = make_app(SMTP_URL=mailbox.url, PUBLIC_BASE_URL=BASE)
    with app.app_context():
        keen = make_user(Role.EDITOR, email="keen@example.org", email_kinds=["weekly_summary"])
        quiet = make_user(Role.EDITOR, email="quiet@example.org")
        _own("Politics", keen)
        _own("Economy", quiet)
        frozen.set(DUE)
        assert _run() == 2
        [message] = mailbox.messages
        assert message["To"] == "keen@example.org"
        assert message["Subject"] == "Weekly summary: Politics, last week"
        text = message.get_body(("plain",)).get_content()
        link = re.search(r"https://desk\.example\.org/insights/\?\S+", text)
        assert link is not None
        assert parse_qs(urlsplit(link.group(0)).query)["from"] == ["2026-05-25"]


# -- naming the owner -------------------------------------------------------------------------


def test_the_owner_select_offers_only_active_editors_and_admins(
    users: dict[str, User], client_as: Any
) -> None:
    gone = make_user(Role.EDITOR, display_name="Gone Editor", active=False)
    politics = section("Politics")
    page = client_as(users["admin"]).get(f"/admin/taxonomy/sections/{politics.id}")
    html = page.get_data(as_text=True)
    select_html = html.split('<select id="owner" name="owner"', 1)[1].split("</select>", 1)[0]
    offered = set(re.findall(r'<option value="(\d+)"', select_html))
    assert offered == {str(users["editor"].id), str(users["admin"].id)}
    assert str(gone.id) not in offered
    assert '<label for="owner">Desk owner' in html
    assert "No desk owner: nobody gets this section's weekly summary" in html


def test_an_admin_names_the_owner_and_it_is_audited(users: dict[str, User], client_as: Any) -> None:
    admin, editor = users["admin"], users["editor"]
    politics = section("Politics")
    client = client_as(admin)
    answer = client.post(f"/admin/taxonomy/sections/{politics.id}/owner", data={"owner": editor.id})
    assert answer.status_code == 303
    db.session.expire_all()
    assert section("Politics").owner_id == editor.id
    listing = client.get("/admin/taxonomy").get_data(as_text=True)
    assert f"desk owner {editor.display_name}" in listing
    assert "No desk owner: nobody gets this section's weekly summary" in listing  # others
    events = list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "desk_owner.changed"))
    )
    said = sentences(events)
    assert list(said.values()) == [
        f"{admin.display_name} made {editor.display_name} the desk owner of section Politics"
    ]
    client.post(f"/admin/taxonomy/sections/{politics.id}/owner", data={"owner": ""})
    db.session.expire_all()
    assert section("Politics").owner_id is None


def test_a_reporter_cannot_set_an_owner_and_an_admin_cannot_name_a_reporter(
    users: dict[str, User], client_as: Any
) -> None:
    politics = section("Politics")
    address = f"/admin/taxonomy/sections/{politics.id}/owner"
    made_up = client_as(users["reporter"]).post(address, data={"owner": users["reporter"].id})
    assert made_up.status_code == 403
    client = client_as(users["admin"])
    for person in (users["reporter"], users["fact_checker"]):
        client.post(address, data={"owner": person.id})
    client.post(address, data={"owner": "99999"})
    client.post(address, data={"owner": "x"})
    db.session.expire_all()
    assert section("Politics").owner_id is None
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "desk_owner.changed")
        )
        == 0
    )


def test_an_owner_who_chose_the_daily_digest_gets_the_summary_in_it(
    make_app: Any, mailbox: Mailbox, frozen: Any
) -> None:
    app = make_app(SMTP_URL=mailbox.url, PUBLIC_BASE_URL=BASE)
    with app.app_context():
        owner = make_user(
            Role.ADMIN, email="owner@example.org", email_digests={"weekly_summary": "daily"}
        )
        _own("Politics", owner)
        frozen.set(DUE)
        assert _run() == 1 and mailbox.messages == []  # not at once: in tomorrow's digest
        frozen.set(DUE + timedelta(days=1))
        with writing():
            assert send_digests() == 1
            db.session.commit()
        [message] = mailbox.to("owner@example.org")
        text = message.get_body(("plain",)).get_content()
        assert "Weekly summaries" in text and "Politics, week of 25 May 2026" in text
        assert f"{BASE}/insights/?section=" in text and "from=2026-05-25" in text
