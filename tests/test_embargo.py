"""Embargoes (issue 22): set in the newsroom's zone, refused publishing before the lift, nothing
public before it on any surface, the lift exactly once, and early lifts by two editors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial import clock
from editorial.articles.transitions.service import release_due
from editorial.extensions import db
from editorial.models import Article, ArticleTransition, AuditEvent, Role, User, publicly_visible
from tests.factories import make_article, make_headline, make_user

LIFT = datetime(2030, 5, 1, 22, 1, tzinfo=UTC)  # 2030-05-02 01:01 in Beirut (UTC+3 in May)


def _held(state: str = "ready", **fields: Any) -> Article:
    return make_article(
        state,
        headline=fields.pop("headline", "Trial shows new drug halves relapses"),
        embargo_until=LIFT,
        embargo_source="The Lancet",
        embargo_reason="journal embargo",
        **fields,
    )


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_setting_an_embargo_takes_the_newsrooms_zone_and_is_audited(
    client_as: Any, editor: User
) -> None:
    article = make_article("edit")
    with clock.frozen(LIFT - timedelta(days=1)):
        response = client_as(editor).post(
            f"/embargo/{article.id}",
            data={
                "embargo_until": "2030-05-02 01:01",
                "embargo_source": "The Lancet",
                "embargo_reason": "journal embargo",
            },
        )
        assert response.status_code == 302
        db.session.refresh(article)
        assert article.embargo_until == LIFT
        assert article.embargo_holds
        (event,) = _events("article.embargo_set")
        assert event.details["until"] == "2030-05-01T22:01:00Z"
        # Moving the lift later is one editor's call, audited with both times.
        client_as(editor).post(
            f"/embargo/{article.id}",
            data={"embargo_until": "2030-05-02 09:00", "embargo_source": "The Lancet"},
        )
        (moved,) = _events("article.embargo_changed")
        assert moved.details["before"] == "2030-05-01T22:01:00Z"
        assert moved.details["until"] == "2030-05-02T06:00:00Z"
        # Bringing it forward is an early lift: refused here, naming the way.
        refused = client_as(editor).post(
            f"/embargo/{article.id}",
            data={"embargo_until": "2030-05-02 02:00", "embargo_source": "The Lancet"},
        )
        assert refused.status_code == 422
        assert "second editor" in refused.get_data(as_text=True)
        db.session.refresh(article)
        assert article.embargo_until == datetime(2030, 5, 2, 6, 0, tzinfo=UTC)


def test_only_editors_set_an_embargo(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    response = client_as(reporter).post(
        f"/embargo/{article.id}",
        data={"embargo_until": "2099-05-02 01:01", "embargo_source": "AP"},
    )
    assert response.status_code == 403
    db.session.refresh(article)
    assert article.embargo_until is None


def test_no_embargo_on_a_published_story(client_as: Any, editor: User) -> None:
    article = make_article("published")
    response = client_as(editor).post(
        f"/embargo/{article.id}",
        data={"embargo_until": "2099-05-02 01:01", "embargo_source": "AP"},
    )
    assert response.status_code == 409


def test_publish_before_the_lift_is_refused_naming_the_embargo(
    client_as: Any, editor: User
) -> None:
    article = _held("ready")
    with clock.frozen(LIFT - timedelta(hours=2)):
        response = client_as(editor).post(f"/articles/{article.id}/transition/publish")
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "under embargo until 02 May 2030 01:01 (Asia/Beirut)" in page
        assert "The Lancet" in page
        db.session.refresh(article)
        assert article.state == "ready"


def test_schedule_before_the_lift_is_refused_and_at_the_lift_goes_out_once(
    client_as: Any, editor: User
) -> None:
    article = _held("ready")
    with clock.frozen(LIFT - timedelta(hours=2)) as frozen:
        early = client_as(editor).post(
            f"/articles/{article.id}/transition/schedule", data={"publish_at": "2030-05-02 01:00"}
        )
        assert early.status_code == 422
        assert "under embargo" in early.get_data(as_text=True)
        at_lift = client_as(editor).post(
            f"/articles/{article.id}/transition/schedule", data={"publish_at": "2030-05-02 01:01"}
        )
        assert at_lift.status_code == 302
        db.session.refresh(article)
        assert (article.state, article.published_at) == ("scheduled", LIFT)
        frozen.set(LIFT - timedelta(seconds=1))
        assert release_due() == 0
        assert not _visible(article.id)
        frozen.set(LIFT)
        assert _visible(article.id)
        assert release_due() == 1
        assert release_due() == 0
    db.session.refresh(article)
    assert article.state == "published"
    releases = db.session.scalar(
        select(func.count())
        .select_from(ArticleTransition)
        .where(ArticleTransition.article_id == article.id, ArticleTransition.name == "release")
    )
    assert releases == 1


def test_an_embargo_later_than_the_scheduled_time_is_refused(client_as: Any, editor: User) -> None:
    article = make_article("scheduled", published_at=LIFT - timedelta(hours=1))
    with clock.frozen(LIFT - timedelta(days=1)):
        response = client_as(editor).post(
            f"/embargo/{article.id}",
            data={"embargo_until": "2030-05-02 01:01", "embargo_source": "The Lancet"},
        )
        assert response.status_code == 422
        assert "Reschedule it" in response.get_data(as_text=True)


def _visible(article_id: int) -> bool:
    query = select(Article.id).where(Article.id == article_id, publicly_visible())
    return db.session.scalar(query) is not None


@pytest.mark.parametrize(
    "surface",
    [
        "/",
        "/section/politics",
        "/tag/medicine",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/section/politics/rss.xml",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/search?q=relapses",
        "/api/breaking",
        "/breaking/ticker",
        "/breaking.rss",
    ],
)
def test_nothing_of_an_embargoed_story_is_public_before_the_lift(
    client: FlaskClient, surface: str
) -> None:
    """Even a story that reached "published" by an edge path (an import, a direct write) stays
    off every public surface while its embargo holds, and shows once it lifts."""
    with clock.frozen(LIFT - timedelta(hours=2)) as frozen:
        article = _held(
            "published", published_at=clock.now() - timedelta(hours=1), tags=["Medicine"]
        )
        make_headline("Drug halves relapses, trial finds", article_id=article.id, minutes=600)
        for text in (article.headline, article.slug, "Drug halves relapses"):
            assert text not in client.get(surface).get_data(as_text=True), (surface, text)
        page = client.get(f"/news/{article.slug}")  # the page and its JSON-LD
        assert page.status_code in (404, 410)
        assert article.headline not in page.get_data(as_text=True)
        frozen.set(LIFT)
        shown = client.get(surface).get_data(as_text=True)
        assert article.slug in shown or "Drug halves relapses" in shown, surface
        assert client.get(f"/news/{article.slug}").status_code == 200


def test_early_lift_needs_a_second_editor(client_as: Any, editor: User) -> None:
    other = make_user(Role.EDITOR, display_name="Nadia Editor")
    reporter = make_user(Role.REPORTER)
    article = _held("ready", authors=[reporter])
    with clock.frozen(LIFT - timedelta(hours=2)):
        assert client_as(reporter).post(
            f"/embargo/{article.id}/lift", data={"lift_note": "Source agreed"}
        ).status_code in (403, 404)
        no_note = client_as(editor).post(f"/embargo/{article.id}/lift", data={"lift_note": ""})
        assert no_note.status_code == 422
        asked = client_as(editor).post(
            f"/embargo/{article.id}/lift", data={"lift_note": "The Lancet moved it up"}
        )
        assert asked.status_code == 302
        same = client_as(editor).post(f"/embargo/{article.id}/confirm")
        assert same.status_code == 403
        db.session.refresh(article)
        assert article.embargo_holds
        page = client_as(other).get(f"/embargo/{article.id}").get_data(as_text=True)
        assert "Confirm: lift the embargo now" in page and "The Lancet moved it up" in page
        confirmed = client_as(other).post(f"/embargo/{article.id}/confirm")
        assert confirmed.status_code == 302
        again = client_as(other).post(f"/embargo/{article.id}/confirm")
        assert again.status_code == 409
        db.session.refresh(article)
        assert not article.embargo_holds
        assert (
            client_as(editor).post(f"/articles/{article.id}/transition/publish").status_code == 302
        )
    (asked_event,) = _events("article.embargo_lift_requested")
    (lifted,) = _events("article.embargo_lifted_early")
    assert asked_event.actor_id == editor.id and asked_event.details["note"]
    assert lifted.actor_id == other.id and lifted.details["requested_by"] == editor.id


def test_the_desk_shows_the_embargo_and_a_countdown(client_as: Any, editor: User) -> None:
    article = _held("ready")
    with clock.frozen(LIFT - timedelta(hours=3, minutes=5)):
        board = client_as(editor).get("/desk/").get_data(as_text=True)
        assert "embargo-flag" in board and "in 3 h" in board
        page = client_as(editor).get(f"/articles/{article.id}").get_data(as_text=True)
        assert "Under embargo" in page and "lifts in 3 h" in page and "The Lancet" in page
        edit = client_as(editor).get(f"/articles/{article.id}/edit").get_data(as_text=True)
        assert "Under embargo" in edit and "02 May 2030 01:01" in edit


def test_the_embargo_holds_every_language_of_the_story(client_as: Any, editor: User) -> None:
    """A translation can't carry an embargoed story out: it is held by the same lift, whether it
    was made before the embargo was set or after, and lifted with it."""
    other = make_user(Role.EDITOR)
    source = make_article("edit", headline="Trial results")
    with clock.frozen(LIFT - timedelta(days=1)):
        client = client_as(editor)
        client.post(
            f"/articles/{source.id}/translate", data={"language": "es", "headline": "Resultados"}
        )
        client.post(
            f"/embargo/{source.id}",
            data={"embargo_until": "2030-05-02 01:01", "embargo_source": "The Lancet"},
        )
        client.post(
            f"/articles/{source.id}/translate", data={"language": "ar", "headline": "نتائج"}
        )
        db.session.expire_all()
        members = list(
            db.session.scalars(select(Article).where(Article.family_id == source.family_id))
        )
        assert len(members) == 3
        assert {m.embargo_until for m in members} == {LIFT}
        client.post(f"/embargo/{source.id}/lift", data={"lift_note": "Agreed with the journal"})
        assert client_as(other).post(f"/embargo/{source.id}/confirm").status_code == 302
        db.session.expire_all()
        assert not any(m.embargo_holds for m in db.session.scalars(
            select(Article).where(Article.family_id == source.family_id)
        ))  # fmt: skip


def test_no_embargo_when_a_translation_has_run(client_as: Any, editor: User) -> None:
    source = make_article("edit", headline="Trial results")
    make_article("published", family_id=source.family_id, language="es")
    response = client_as(editor).post(
        f"/embargo/{source.id}",
        data={"embargo_until": "2099-05-02 01:01", "embargo_source": "The Lancet"},
    )
    assert response.status_code == 409
    assert "Spanish version" in response.get_data(as_text=True)
