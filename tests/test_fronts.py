"""Fronts (issue 23): editors arrange each edition's front page and section fronts; readers see
the published version; a story that stops being public leaves every slot at once; scheduled
changes are released once however many scheduler loops race."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial import clock
from editorial.articles.transitions import scheduler
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from editorial.fronts import service
from editorial.models import Article, AuditEvent, Plan, Role, User
from editorial.models.fronts import PUBLISHED, SCHEDULED, Front, FrontVersion
from editorial.page_cache import bump_site_version, site_version
from tests.factories import make_image, make_user, section
from tests.test_public import page, published
from tests.test_scheduling import _run_workers

HOME = "/fronts/en/home"


def _lead(html: str) -> str:
    return re.search(r'aria-label="Lead story">(.*?)</section>', html, re.S).group(1)


def _top(html: str) -> str:
    return re.search(r'id="latest-title"(.*?)</section>', html, re.S).group(1)


def _pictured(**fields: Any) -> Article:
    return published(hero_image_url="https://example.org/boats.jpg", **fields)


def _put(desk: FlaskClient, container: str, position: int, article: Article, **extra: Any) -> Any:
    return desk.post(f"{HOME}/slots/{container}-{position}/put",
                     data={"article_id": str(article.id)}, **extra)  # fmt: skip


def _count(model: type, *where: object) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _home_front() -> Front:
    db.session.expire_all()
    return db.session.scalar(select(Front).where(Front.key == "en:home"))


@pytest.fixture
def stories() -> list[Article]:
    """Six public stories, newest last; the oldest two have pictures."""
    base = clock.now() - timedelta(hours=6)
    made = [_pictured(headline=f"Pictured story {n}", published_at=base + timedelta(minutes=n))
            for n in range(2)]  # fmt: skip
    made += [published(headline=f"Plain story {n}", published_at=base + timedelta(minutes=10 + n))
             for n in range(4)]  # fmt: skip
    return made


def test_an_untouched_front_falls_back_to_newest_first_with_a_pictured_lead(
    client: FlaskClient, stories: list[Article]
) -> None:
    html = page(client, "/")
    assert "Pictured story 1" in _lead(html)  # the newest with a picture: the lead needs one
    top = _top(html)
    assert [n for n in range(4) if f"Plain story {n}" in top] == [0, 1, 2, 3]


def test_an_editor_fills_slots_and_readers_see_it_only_once_published(
    client: FlaskClient, client_as: Any, editor: User, stories: list[Article]
) -> None:
    desk = client_as(editor)
    assert _put(desk, "lead", 0, stories[0]).status_code == 302
    assert _put(desk, "top", 0, stories[1]).status_code == 302
    assert "Pictured story 1" in _lead(page(client, "/"))  # still a draft
    editor_page = page(desk, HOME)
    assert "these changes are not published yet" in editor_page
    assert "Pictured story 0" in _lead(page(desk, f"{HOME}/preview"))  # the preview shows it

    before = site_version()
    response = desk.post(f"{HOME}/publish", data={"note": "Morning front"})
    assert response.status_code == 302
    html = page(client, "/")
    assert "Pictured story 0" in _lead(html)
    top = _top(html)
    assert top.index("Pictured story 1") < top.index("Plain story 3")  # chosen first, then newest
    assert "Plain story 0" not in top  # four top slots: the chosen one and the three newest
    assert site_version() > before  # the site's row, not the desk's beside it
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "front.published"))
    assert event.details["version"] == 1 and event.details["front"] == "en:home"
    assert event.actor_id == editor.id


def test_a_lead_without_a_picture_is_refused_with_the_editor_kept(
    client_as: Any, editor: User, stories: list[Article]
) -> None:
    desk = client_as(editor)
    response = _put(desk, "lead", 0, stories[3])
    assert response.status_code == 422
    assert "The lead needs a story with a picture." in response.get_data(as_text=True)


def test_overrides_show_on_the_front_and_leave_the_story_alone(
    client: FlaskClient, client_as: Any, editor: User, stories: list[Article]
) -> None:
    desk = client_as(editor)
    picture = make_image()
    _put(desk, "lead", 0, stories[0])
    response = desk.post(f"{HOME}/slots/lead-0/words",
                         data={"headline": "Boats return", "summary": "Short and sharp.",
                               "image_id": str(picture.id)})  # fmt: skip
    assert response.status_code == 302
    desk.post(f"{HOME}/publish")
    lead = _lead(page(client, "/"))
    assert "Boats return" in lead and "Short and sharp." in lead
    assert "/media/" in lead or "srcset" in lead  # the library picture, not the story's address
    story = db.session.get(Article, stories[0].id)
    db.session.refresh(story)
    assert story.headline == "Pictured story 0" and story.hero_image_id is None
    assert "Pictured story 0" in page(client, f"/news/{story.slug}")


def test_an_unpublished_or_killed_story_leaves_every_slot_at_once(
    client: FlaskClient, client_as: Any, editor: User, stories: list[Article]
) -> None:
    desk = client_as(editor)
    _put(desk, "lead", 0, stories[0])
    _put(desk, "top", 2, stories[2])
    desk.post(f"{HOME}/publish")
    html = page(client, "/")
    assert "Pictured story 0" in _lead(html) and "Plain story 0" in _top(html)
    assert "Front page (English)" in page(desk, f"/articles/{stories[0].id}")  # its desk page

    withdrawn = db.session.get(Article, stories[0].id)
    apply(withdrawn, "unpublish", editor, Request(note="Legal asked us to hold it."))
    killed = db.session.get(Article, stories[2].id)
    apply(killed, "unpublish", editor, Request(note="Wrong figures."))
    apply(killed, "spike", editor, Request(note="Killed: the figures were wrong."))
    db.session.commit()
    html = page(client, "/")
    assert "Pictured story 1" in _lead(html)  # fell back to the newest with a picture
    assert "Pictured story 0" not in html and "Plain story 0" not in html
    assert _top(html).count('<article class="story-card') == 3  # every story left, no gap
    assert "falling back" in page(desk, HOME)


def test_move_up_makes_a_top_story_the_lead_and_swap_does_the_same(
    client: FlaskClient, client_as: Any, editor: User, stories: list[Article]
) -> None:
    desk = client_as(editor)
    _put(desk, "lead", 0, stories[1])
    _put(desk, "top", 0, stories[0])
    assert desk.post(f"{HOME}/slots/top-0/move", data={"direction": "up"}).status_code == 302
    desk.post(f"{HOME}/publish")
    assert "Pictured story 0" in _lead(page(client, "/"))
    desk.post(f"{HOME}/swap", data={"source": "lead-0", "target": "top-0"})
    desk.post(f"{HOME}/publish")
    assert "Pictured story 1" in _lead(page(client, "/"))
    # A story without a picture cannot be moved into the lead.
    _put(desk, "top", 0, stories[4])
    refused = desk.post(f"{HOME}/slots/top-0/move", data={"direction": "up"})
    assert refused.status_code == 409


def test_restore_makes_an_old_version_the_draft_and_publishing_it_brings_it_back(
    client: FlaskClient, client_as: Any, editor: User, stories: list[Article]
) -> None:
    desk = client_as(editor)
    _put(desk, "lead", 0, stories[0])
    desk.post(f"{HOME}/publish")
    _put(desk, "lead", 0, stories[1])
    desk.post(f"{HOME}/publish")
    assert "Pictured story 1" in _lead(page(client, "/"))
    first = db.session.scalar(select(FrontVersion).where(FrontVersion.number == 1))
    assert desk.post(f"{HOME}/versions/{first.id}/restore").status_code == 302
    assert "Pictured story 1" in _lead(page(client, "/"))  # a draft until published
    desk.post(f"{HOME}/publish")
    assert "Pictured story 0" in _lead(page(client, "/"))
    numbers = db.session.scalars(select(FrontVersion.number).where(
        FrontVersion.status == PUBLISHED).order_by(FrontVersion.number))  # fmt: skip
    assert list(numbers) == [1, 2, 3]
    assert _count(AuditEvent, AuditEvent.action == "front.restored") == 1
    assert "Readers see version 3" in page(desk, HOME)


def test_a_section_front_has_its_own_lead(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    economy = section("Economy")
    chosen = _pictured(headline="Markets steady", section=economy,
                       published_at=clock.now() - timedelta(hours=3))  # fmt: skip
    published(headline="Newest economy story", section=economy)
    desk = client_as(editor)
    desk.post(f"/fronts/en/{economy.slug}/slots/lead-0/put", data={"article_id": str(chosen.id)})
    desk.post(f"/fronts/en/{economy.slug}/publish")
    html = page(client, f"/section/{economy.slug}")
    assert "Markets steady" in _lead(html)
    listed = re.search(r'class="story-list">(.*?)</div>', html, re.S).group(1)
    assert "Newest economy story" in listed and "Markets steady" not in listed


def test_a_planned_story_holds_its_slot_and_fills_it_when_it_runs(
    client: FlaskClient, client_as: Any, editor: User, stories: list[Article]
) -> None:
    plan = Plan(working_title="budget-vote", languages="en")
    db.session.add(plan)
    db.session.commit()
    desk = client_as(editor)
    found = page(desk, f"{HOME}?slot=top-0&q=budget")
    assert "Planned: budget-vote" in found
    desk.post(f"{HOME}/slots/top-0/put", data={"plan_id": str(plan.id)})
    desk.post(f"{HOME}/publish")
    assert "Budget passes" not in page(client, "/")  # nothing yet: the slot falls back
    story = published(headline="Budget passes", published_at=clock.now() - timedelta(days=2))
    plan = db.session.get(Plan, plan.id)
    plan.article_id = story.id
    bump_site_version()  # as publishing does (the factory publishes without a transition)
    db.session.commit()
    assert "Budget passes" in _top(page(client, "/"))  # old, but the plan's slot holds it


def test_a_scheduled_change_is_released_by_the_scheduler_once(
    frozen: Any,
    app: Flask,
    client: FlaskClient,
    client_as: Any,
    editor: User,
    stories: list[Article],
) -> None:
    desk = client_as(editor)
    assert _put(desk, "lead", 0, stories[0]).status_code == 302
    at = clock.to_local(clock.now() + timedelta(hours=8), "UTC")
    response = desk.post(f"{HOME}/schedule", data={"at": at.strftime("%Y-%m-%d %H:%M")})
    assert response.status_code == 302
    assert service.release_due() == 0
    assert "Pictured story 1" in _lead(page(client, "/"))
    frozen.tick(hours=9)
    scheduler.run_due_work(app)  # the scheduler's pass releases it
    assert service.release_due() == 0
    assert "Pictured story 0" in _lead(page(client, "/"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "front.released"))
    assert event.actor_id is None and event.details["version"] == 1


def test_racing_scheduler_loops_release_each_front_change_exactly_once(app: Flask) -> None:
    editor = make_user(Role.EDITOR)
    story = _pictured(headline="Dawn lead")
    made = []
    for name in ("Politics", "Economy", "Sports", "World"):
        found = section(name)
        if found is None:
            continue
        front = service.front_of("en", found)
        service.put_story(front, "lead", 0, story.id, editor)
        draft = db.session.scalar(select(FrontVersion).where(FrontVersion.front_id == front.id))
        draft.status, draft.release_at = SCHEDULED, clock.now() - timedelta(seconds=5)
        made.append(draft.id)
    db.session.commit()

    counts = _run_workers(app, "fronts", 3, processes=3)

    assert sum(int(count) for count in counts) == len(made), counts
    db.session.expire_all()
    assert _count(FrontVersion, FrontVersion.status == PUBLISHED) == len(made)
    assert _count(AuditEvent, AuditEvent.action == "front.released") == len(made)
    numbers = db.session.scalars(select(FrontVersion.number).where(FrontVersion.id.in_(made)))
    assert set(numbers) == {1}


@pytest.mark.parametrize("role", [Role.REPORTER, Role.FACT_CHECKER])
def test_only_editors_and_admins_may_arrange_fronts(
    client_as: Any, role: Role, stories: list[Article]
) -> None:
    other = client_as(make_user(role))
    assert other.get("/fronts/").status_code == 403
    assert other.get(HOME).status_code == 403
    for url, data in (
        (f"{HOME}/slots/lead-0/put", {"article_id": str(stories[0].id)}),
        (f"{HOME}/publish", {}),
        (f"{HOME}/swap", {"source": "lead-0", "target": "top-0"}),
        (f"{HOME}/layout", {"layout": "busy"}),
    ):
        assert other.post(url, data=data).status_code == 403, url
    assert _count(Front) == 0


def test_only_admins_pick_a_layout(
    client: FlaskClient, client_as: Any, editor: User, admin: User, stories: list[Article]
) -> None:
    assert client_as(editor).post(f"{HOME}/layout", data={"layout": "busy"}).status_code == 403
    desk = client_as(admin)
    assert desk.post(f"{HOME}/layout", data={"layout": "busy"}).status_code == 302
    desk.post(f"{HOME}/publish")
    assert _top(page(client, "/")).count('<article class="story-card') == 5  # six slots, 5 left
    assert desk.post(f"{HOME}/layout", data={"layout": "section"}).status_code == 422


def test_signed_out_and_unknown_places(client: FlaskClient, client_as: Any, editor: User) -> None:
    assert client.get("/fronts/").status_code in (302, 401)
    desk = client_as(editor)
    assert desk.get("/fronts/xx/home").status_code == 404
    assert desk.get("/fronts/en/no-such-section").status_code == 404
    assert desk.post(f"{HOME}/slots/nowhere-0/put", data={"article_id": "1"}).status_code in (
        404, 422)  # fmt: skip
    listing = page(desk, "/fronts/")
    assert "Front page (English)" in listing and "Politics (English)" in listing


def test_the_desk_bar_leads_editors_to_the_fronts_and_not_reporters(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    editors_page = client_as(editor).get("/desk/").get_data(as_text=True)
    assert 'href="/fronts/"' in editors_page
    reporters_page = client_as(reporter).get("/desk/").get_data(as_text=True)
    assert 'href="/fronts/"' not in reporters_page


def test_a_front_s_slots_are_kept_in_one_order_whatever_order_they_were_filled_in(
    editor: User, stories: list[Article]
) -> None:
    """In one session (the demo's loader, a command), slots filled lead last: the published
    version's audit line and the next draft's copied slots follow the slots' own order
    (container, position), as a version read back lists them, not the order they were filled
    in, so the same front always gets the same rows (the demo loaded twice differed)."""
    front = service.front_of("en", None)
    service.put_story(front, "top", 1, stories[2].id, editor)
    service.put_story(front, "lead", 0, stories[0].id, editor)
    version = service.publish(front, editor)
    line = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "front.published"))
    assert line.details["stories"] == [stories[0].id, stories[2].id]
    service.put_story(front, "also", 0, stories[3].id, editor)  # a new draft: the slots copied
    draft = db.session.scalar(select(FrontVersion).where(FrontVersion.id != version.id))
    copied = sorted(draft.slots, key=lambda slot: slot.id)
    assert [(slot.container, slot.position) for slot in copied][:2] == [("lead", 0), ("top", 1)]
