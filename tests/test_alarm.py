"""The missed-publish alarm (issue 22): a story not out a minute after its time, or a headline that
should be live and is not on the ticker, shows on every editor's desk page with "Publish now" and
"Reschedule", is audited and told to the editors exactly once, and clears itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from editorial import clock
from editorial.alarm.service import late_now, sound
from editorial.articles.transitions.scheduler import run_due_work
from editorial.extensions import db
from editorial.models import Article, AuditEvent, Notification, PublishAlarm, Role, User
from tests.factories import make_article, make_headline, make_user
from tests.test_scheduling import _run_workers

DUE = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def _count(model: Any, *where: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _audits(action: str) -> int:
    return _count(AuditEvent, AuditEvent.action == action)


def test_on_time_there_is_no_alarm(client_as: Any, editor: User) -> None:
    make_article("scheduled", published_at=DUE, headline="Budget vote tonight")
    with clock.frozen(DUE + timedelta(seconds=59)):
        page = client_as(editor).get("/desk/").get_data(as_text=True)
        assert "Missed publish" not in page
        assert "Missed publish" not in client_as(editor).get("/alarms/banner").get_data(True)
    assert _count(PublishAlarm) == 0


def test_a_stopped_scheduler_raises_the_alarm_once(client_as: Any, editor: User) -> None:
    admin = make_user(Role.ADMIN)
    reporter = make_user(Role.REPORTER)
    article = make_article("scheduled", published_at=DUE, headline="Budget vote tonight")
    with clock.frozen(DUE + timedelta(minutes=3)):
        page = client_as(editor).get("/desk/").get_data(as_text=True)
        assert "Missed publish" in page and "Budget vote tonight" in page
        assert "late by 3 min" in page and "The scheduler has not released it." in page
        assert "Publish now" in page and "Reschedule" in page
        assert "Missed publish" not in client_as(reporter).get("/desk/").get_data(as_text=True)
        assert client_as(reporter).get("/alarms/banner").status_code == 403
        for _ in range(3):
            banner = client_as(editor).get("/alarms/banner")
            assert "Budget vote tonight" in banner.get_data(as_text=True)
        sound()
    assert _count(PublishAlarm) == 1 and _audits("alarm.raised") == 1
    told = set(
        db.session.scalars(
            select(Notification.recipient_id).where(
                Notification.kind == "missed_publish", Notification.article_id == article.id
            )
        )
    )
    assert told == {editor.id, admin.id}
    assert _count(Notification, Notification.kind == "missed_publish") == 2


def test_the_poll_answers_304_while_nothing_changed(client_as: Any, editor: User) -> None:
    make_article("scheduled", published_at=DUE)
    with clock.frozen(DUE + timedelta(minutes=2, seconds=5)) as frozen:
        client = client_as(editor)
        first = client.get("/alarms/banner")
        assert first.status_code == 200
        again = client.get("/alarms/banner", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        frozen.tick(minutes=1)  # "late by" moves on once a minute
        later = client.get("/alarms/banner", headers={"If-None-Match": first.headers["ETag"]})
        assert later.status_code == 200 and "late by 3 min" in later.get_data(as_text=True)


def test_publish_now_clears_the_alarm(client_as: Any, editor: User) -> None:
    article = make_article("scheduled", published_at=DUE, headline="Budget vote tonight")
    with clock.frozen(DUE + timedelta(minutes=5)):
        client = client_as(editor)
        client.get("/alarms/banner")
        response = client.post(
            f"/articles/{article.id}/transition/publish_now", data={"next": "/desk/"}
        )
        assert response.status_code == 302 and response.headers["Location"].endswith("/desk/")
        db.session.refresh(article)
        assert article.state == "published"
        assert "Missed publish" not in client.get("/alarms/banner").get_data(as_text=True)
        client.get("/alarms/banner")
    assert _audits("alarm.raised") == 1 and _audits("alarm.cleared") == 1
    assert _count(PublishAlarm, PublishAlarm.cleared_at.is_(None)) == 0


def test_reschedule_clears_the_alarm(client_as: Any, editor: User) -> None:
    article = make_article("scheduled", published_at=DUE)
    with clock.frozen(DUE + timedelta(minutes=5)):
        client = client_as(editor)
        client.get("/alarms/banner")
        response = client.post(
            f"/articles/{article.id}/transition/reschedule",
            data={"publish_at": "2030-05-01 18:00", "next": "/desk/"},
        )
        assert response.status_code == 302
        db.session.refresh(article)
        assert article.state == "scheduled"
        assert article.published_at == datetime(2030, 5, 1, 15, 0, tzinfo=UTC)  # Beirut, UTC+3
        assert "Missed publish" not in client.get("/alarms/banner").get_data(as_text=True)
    assert _audits("alarm.cleared") == 1


def test_a_story_that_cannot_be_released_says_why(client_as: Any, editor: User) -> None:
    # Scheduled, then an embargo written past its time by an edge path (an import).
    make_article(
        "scheduled",
        published_at=DUE,
        headline="Trial results",
        embargo_until=DUE + timedelta(hours=2),
        embargo_source="The Lancet",
    )
    with clock.frozen(DUE + timedelta(minutes=2)):
        run_due_work(client_as(editor).application)  # the scheduler runs, and is refused
        page = client_as(editor).get("/desk/").get_data(as_text=True)
        assert "It can't be released: This story is under embargo" in page
        assert "The Lancet" in page
    assert _count(PublishAlarm) == 1


def test_a_headline_that_should_be_live_and_is_not_on_the_ticker(
    client_as: Any, editor: User, client: Any
) -> None:
    story = make_article("ready", embargo_until=DUE + timedelta(hours=1), embargo_source="Reuters")
    make_headline("Ceasefire agreed", starts=DUE - timedelta(minutes=2), article_id=story.id)
    with clock.frozen(DUE):
        assert "Ceasefire agreed" not in client.get("/api/breaking").get_data(as_text=True)
        (late,) = late_now()
        assert late.kind == "headline" and "Reuters" in late.why
        page = client_as(editor).get("/desk/").get_data(as_text=True)
        assert "Ceasefire agreed" in page and "should be on the ticker" in page
        client_as(editor).get("/alarms/banner")  # the poll raises it
    assert _audits("alarm.raised") == 1


def test_with_the_scheduler_running_no_alarm_is_raised(app: Flask, editor: User) -> None:
    for n in range(5):
        make_article("scheduled", published_at=DUE + timedelta(seconds=10 * n))
    with clock.frozen(DUE) as frozen:
        for _ in range(40):  # a pass every five seconds for over three minutes
            run_due_work(app)
            frozen.tick(seconds=5)
    assert _count(Article, Article.state == "published") == 5
    assert _count(PublishAlarm) == 0 and _audits("alarm.raised") == 0


def test_racing_loops_raise_and_tell_exactly_once(app: Flask) -> None:
    editors = [make_user(Role.EDITOR) for _ in range(3)]
    late = [
        make_article("scheduled", published_at=clock.now() - timedelta(minutes=5 + n)).id
        for n in range(4)
    ]
    db.session.commit()
    counts = _run_workers(app, "alarm", 4, processes=3)
    assert all(int(c) == 4 for c in counts)
    db.session.expire_all()
    assert _count(PublishAlarm) == len(late)
    assert _audits("alarm.raised") == len(late)
    assert _count(Notification, Notification.kind == "missed_publish") == len(late) * len(editors)


def test_the_editors_on_duty_are_told_when_someone_is_on_duty(client_as: Any, editor: User) -> None:
    """The banner is on every editor's desk; the inbox tells the editors on duty (the admins'
    pick), and every editor only when nobody is on duty (as above), so a missed publish is never
    told to nobody."""
    admin = make_user(Role.ADMIN)
    duty = make_user(Role.EDITOR, on_duty=True)
    article = make_article("scheduled", published_at=DUE, headline="Budget vote tonight")
    with clock.frozen(DUE + timedelta(minutes=2)):
        sound()
        assert "Budget vote tonight" in client_as(editor).get("/alarms/banner").get_data(True)
    told = set(
        db.session.scalars(
            select(Notification.recipient_id).where(Notification.article_id == article.id)
        )
    )
    assert told == {duty.id} and admin.id not in told
