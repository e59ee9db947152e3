"""A translation that goes out of date after it was scheduled is not released silently (issue 21):
the scheduler's release checks again, the story stays scheduled and off the public site, and the
missed-publish alarm says why. An editor's waiver covers the source as it was when given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from editorial import clock
from editorial.alarm.service import late_now, sound
from editorial.articles.service import save_article
from editorial.articles.transitions.service import Request, apply, release_due
from editorial.articles.translations.service import translate
from editorial.extensions import db
from editorial.models import Article, AuditEvent, User, publicly_visible
from tests.factories import make_article

T0 = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
DUE = T0 + timedelta(hours=3)


def _scheduled_translation(
    editor: User, *, source_changed_first: bool = False, due: datetime = DUE
) -> tuple[Article, Article]:
    """A Spanish translation of a ready source, scheduled at DUE (with a waiver when its source
    had already moved on)."""
    source = make_article("ready", headline="Ministers meet over fuel prices")
    translation = translate(source, editor, "es", "Los ministros se reúnen")
    translation.summary, translation.body = "Resumen.", "Cuerpo del artículo."
    translation.state = "ready"
    db.session.commit()
    waiver = ""
    if source_changed_first:
        clock_tick()
        _save(source, editor, "A first change, before the schedule.")
        translation.forget_source_lag()
        waiver = "The change is a typo in the English; the Spanish was right."
    clock_tick()
    apply(translation, "schedule", editor, Request(publish_at=due, waiver=waiver))
    db.session.commit()
    return source, translation


_handle: Any = None


def clock_tick() -> None:
    _handle.tick(minutes=5)


def _save(source: Article, editor: User, body: str) -> None:
    db.session.refresh(source)
    save_article(source, editor, {"body": body}, source.version)
    db.session.commit()


def _public(article: Article) -> bool:
    found = db.session.scalar(
        select(Article.id).where(Article.id == article.id, publicly_visible())
    )
    return found is not None


def test_a_translation_out_of_date_after_its_schedule_stays_scheduled_and_the_alarm_says_why(
    editor: User, client_as: Any
) -> None:
    global _handle
    with clock.frozen(T0) as frozen:
        _handle = frozen
        source, translation = _scheduled_translation(editor)
        frozen.tick(minutes=30)
        _save(source, editor, "The minister resigned this morning.")  # after the schedule
        frozen.set(DUE + timedelta(minutes=2))
        assert not _public(translation)  # not on the site at its time either
        assert release_due() == 0
        db.session.refresh(translation)
        assert translation.state == "scheduled"
        (late,) = late_now()
        assert "The source changed after this translation was scheduled" in late.why
        sound()
        raised = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "alarm.raised"))
        assert raised is not None and "source changed" in raised.details["why"]
        banner = client_as(editor).get("/alarms/banner").get_data(as_text=True)
        assert "The source changed after this translation was scheduled" in banner
        # Brought up to date: it goes out on the next pass, and the alarm clears.
        client_as(editor).post(f"/articles/{translation.id}/up-to-date")
        translation.forget_source_lag()
        db.session.expire_all()
        assert release_due() == 1
        sound()
        assert db.session.get(Article, translation.id).state == "published"


def test_a_waiver_covers_the_source_as_it_was_and_not_a_later_change(editor: User) -> None:
    global _handle
    with clock.frozen(T0) as frozen:
        _handle = frozen
        _source, covered = _scheduled_translation(editor, source_changed_first=True)
        frozen.set(DUE + timedelta(seconds=1))
        assert _public(covered)
        assert release_due() == 1  # the waiver covered that change: it goes out

    with clock.frozen(T0 + timedelta(days=1)) as frozen:
        _handle = frozen
        due = DUE + timedelta(days=1)
        source, refused = _scheduled_translation(editor, source_changed_first=True, due=due)
        frozen.tick(minutes=10)
        _save(source, editor, "A second change, after the schedule.")
        frozen.set(due + timedelta(minutes=2))
        assert not _public(refused)
        assert release_due() == 0
        db.session.refresh(refused)
        assert refused.state == "scheduled"
        # Rescheduled with a note that covers the source as it is now: released at the new time.
        apply(
            refused,
            "reschedule",
            editor,
            Request(publish_at=clock.now() + timedelta(minutes=5), waiver="Checked: minor."),
        )
        db.session.commit()
        frozen.tick(minutes=6)
        assert release_due() == 1
