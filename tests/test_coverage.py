"""Featured coverage: editors and admins feature a tag; it gets a public page and a banner."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import AuditEvent, Role, Tag, User
from tests.factories import make_article, make_user
from tests.parsed import Page
from tests.test_public import page, published


def _tag(name: str) -> Tag:
    db.session.expire_all()
    return db.session.scalar(select(Tag).where(Tag.name == name))


def _feature(desk: FlaskClient, name: str, description: str = "") -> Any:
    return desk.post("/coverage/", data={"tag": name, "description": description})


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_an_editor_or_admin_features_a_tag_and_readers_get_its_page_and_banner(
    client: FlaskClient, client_as: Any, role: Role
) -> None:
    story = published(headline="Aid convoy reaches the north", tags=["War on Gaza", "Aid"])
    other = published(headline="Ceasefire talks resume", tags=["War on Gaza"])
    published(headline="Football final tonight", tags=["Football"])
    make_article("draft", headline="A draft about the war", tags=["War on Gaza"])
    assert client.get("/coverage/war-on-gaza").status_code == 404  # not featured yet
    assert "hub-banner" not in page(client, f"/news/{story.slug}")

    desk = client_as(make_user(role))
    answer = _feature(desk, " war on gaza ", "Every story on the war, newest first.")
    assert answer.status_code == 302 and answer.headers["Location"] == "/coverage/"
    assert "“War on Gaza” is featured coverage." in page(desk, "/coverage/")

    hub = page(client, "/coverage/war-on-gaza")
    assert re.search(r'<h1 class="listing-title">War on Gaza</h1>', hub)
    assert "Every story on the war, newest first." in hub
    stories = hub[hub.index('class="story-list"') : hub.index('class="story-aside"')]
    assert story.headline in stories and other.headline in stories
    assert "Football final" not in stories and "A draft about the war" not in hub
    assert Page(hub).find("link", rel="canonical", href="http://localhost/coverage/war-on-gaza")

    article = page(client, f"/news/{story.slug}")
    banner = re.search(r'<p class="hub-banner">(.*?)</p>', article, re.S).group(1)
    assert 'href="/coverage/war-on-gaza"' in banner and "War on Gaza" in banner
    assert "Featured coverage" in banner
    assert "hub-banner" not in page(client, "/news/" + _slug("Football final tonight"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "coverage.featured"))
    assert event is not None and event.actor_id is not None


def _slug(headline: str) -> str:
    from editorial.models import Article

    return db.session.scalar(select(Article.slug).where(Article.headline == headline))


def test_stopping_a_hub_takes_its_page_and_banner_away(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    story = published(tags=["Elections"])
    desk = client_as(editor)
    _feature(desk, "Elections", "The vote.")
    assert client.get("/coverage/elections").status_code == 200
    tag_id = _tag("Elections").id
    answer = desk.post(f"/coverage/{tag_id}/unfeature")
    assert answer.status_code == 302
    assert "“Elections” is no longer featured." in page(desk, "/coverage/")
    assert client.get("/coverage/elections").status_code == 404
    assert "hub-banner" not in page(client, f"/news/{story.slug}")
    assert client.get("/tag/elections").status_code == 200  # still a tag
    assert _tag("Elections").hub_description == "The vote."  # kept for next time


def test_a_description_can_be_changed_and_nothing_changed_says_so(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    published(tags=["Elections"])
    desk = client_as(editor)
    _feature(desk, "Elections", "First words.")
    _feature(desk, "Elections", "Better words.")
    assert "Better words." in page(client, "/coverage/elections")
    _feature(desk, "Elections", "Better words.")
    assert "Nothing changed." in page(desk, "/coverage/")
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("coverage.%"))
    ).all()
    assert sorted(actions) == ["coverage.featured", "coverage.updated"]


def test_an_unknown_tag_or_a_long_description_is_refused_and_the_typing_kept(
    client_as: Any, editor: User
) -> None:
    published(tags=["Elections"])
    desk = client_as(editor)
    answer = _feature(desk, "Electons", "What the hub is about.")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "No tag is called “Electons”. Tag a story with it first." in html
    assert 'value="Electons"' in html and "What the hub is about." in html
    answer = _feature(desk, "Elections", "x" * 501)
    assert answer.status_code == 422
    assert "Keep the description to 500 characters (now 501)." in answer.get_data(as_text=True)
    answer = _feature(desk, "   ")
    assert answer.status_code == 422 and "Write the name of a tag." in answer.get_data(as_text=True)
    assert not _tag("Elections").coverage_hub


@pytest.mark.parametrize("role", [Role.REPORTER, Role.FACT_CHECKER])
def test_reporters_and_fact_checkers_cannot_feature_even_by_a_hand_made_post(
    client_as: Any, role: Role
) -> None:
    published(tags=["Elections"])
    desk = client_as(make_user(role))
    assert desk.get("/coverage/").status_code == 403
    assert _feature(desk, "Elections").status_code == 403
    assert desk.post(f"/coverage/{_tag('Elections').id}/unfeature").status_code == 403
    assert not _tag("Elections").coverage_hub
    assert 'href="/coverage/"' not in page(desk, "/desk/")


def test_signed_out_people_are_sent_to_sign_in_and_change_nothing(client: FlaskClient) -> None:
    published(tags=["Elections"])
    assert client.get("/coverage/").status_code == 302
    assert _feature(client, "Elections").status_code == 401
    assert not _tag("Elections").coverage_hub


def test_the_desk_lists_hubs_with_their_public_stories_and_the_fronts_link_to_it(
    client_as: Any, editor: User
) -> None:
    published(tags=["Elections"])
    published(tags=["Elections"])
    make_article("draft", tags=["Elections", "Drought"])
    desk = client_as(editor)
    _feature(desk, "Elections")
    _feature(desk, "Drought")  # a tag with no public story: no public page yet
    html = page(desk, "/coverage/")
    row = re.search(r"<tr>\s*<td><a href=\"/coverage/elections\">Elections</a>.*?</tr>", html, re.S)
    assert row and "<td>2</td>" in row.group(0)
    assert 'Drought <span class="muted">(no public page until a story runs)</span>' in html
    assert 'href="/coverage/"' in page(desk, "/fronts/")  # beside the fronts it feeds


def test_a_hub_with_no_public_story_is_404(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    make_article("draft", tags=["Secret plans"])
    _feature(client_as(editor), "Secret plans")
    assert client.get("/coverage/secret-plans").status_code == 404


def test_featuring_shows_at_once_with_the_page_cache_on(make_app: Any) -> None:
    app: Flask = make_app(PUBLIC_PAGE_CACHE_SECONDS=30)
    with app.app_context():
        story = published(tags=["Elections"])
        reader = app.test_client()
        assert "hub-banner" not in page(reader, f"/news/{story.slug}")
        from tests.helpers import sign_in

        _feature(sign_in(app.test_client(), make_user(Role.EDITOR)), "Elections")
        assert "hub-banner" in page(reader, f"/news/{story.slug}")


def test_the_front_page_lists_the_hubs_in_its_coverage_box(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    published(tags=["Elections"])
    assert 'id="coverage-box-title"' not in page(client, "/")
    _feature(client_as(editor), "Elections", "The vote, region by region.")
    box = re.search(r'id="coverage-box-title"(.*?)</section>', page(client, "/"), re.S).group(1)
    assert '<a href="/coverage/elections">Elections</a>' in box
    assert "The vote, region by region." in box
