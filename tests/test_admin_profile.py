"""Each person's own profile: the name on bylines, a public bio and the author page's address."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import AuditEvent, Role, User
from tests.factories import make_article, make_image, make_user


def _fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)  # type: ignore[return-value]


def _form(user: User, **changes: str) -> dict[str, str]:
    return {"display_name": user.display_name, "bio": user.bio, "slug": user.slug or "", **changes}


def test_a_reporter_edits_their_profile_and_readers_see_it(
    client: Any, client_as: Any, reporter: User
) -> None:
    make_article("published", authors=[reporter], headline="Port reopens after the storm")
    me = client_as(reporter)
    assert 'name="slug"' in me.get("/account/profile").get_data(as_text=True)
    saved = me.post(
        "/account/profile",
        data=_form(reporter, display_name="Rana Haddad", bio="Covers the port.", slug="Rana-H"),
    )
    assert saved.status_code == 302
    rana = _fresh(reporter)
    assert (rana.display_name, rana.bio, rana.slug) == ("Rana Haddad", "Covers the port.", "rana-h")
    page = client.get("/author/rana-h").get_data(as_text=True)
    assert "Rana Haddad" in page and "Covers the port." in page and "Port reopens" in page
    moved = client.get(f"/author/{reporter.id}?page=1")
    assert moved.status_code == 301 and moved.headers["Location"] == "/author/rana-h?page=1"
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.profile_updated")
    ).all()
    assert event.details["slug"] == {"old": None, "new": "rana-h"}
    assert event.details["bio"] == {"changed": True} and event.actor_id == reporter.id


def test_an_author_slug_is_unique_and_readable(client_as: Any, reporter: User) -> None:
    make_user(Role.EDITOR, slug="taken-name")
    me = client_as(reporter)
    for slug, says in (
        ("taken-name", "That address is taken: /author/taken-name is someone else"),
        ("12345", "at least one letter"),
        ("no spaces", "lower-case letters, digits and single hyphens"),
        ("a--b", "single hyphens"),
        ("x", "Between 2 and 60"),
    ):
        response = me.post("/account/profile", data=_form(reporter, slug=slug))
        assert response.status_code == 422, slug
        assert says in response.get_data(as_text=True), slug
    assert _fresh(reporter).slug is None
    cleared = me.post("/account/profile", data=_form(reporter, slug=""))
    assert cleared.status_code == 302 and _fresh(reporter).slug is None


def test_a_name_change_reaches_a_kept_public_page(make_app: Any) -> None:
    app: Flask = make_app(PUBLIC_PAGE_CACHE_SECONDS=60)
    with app.app_context():
        author = make_user(Role.REPORTER, display_name="Old Name")
        make_article("published", authors=[author])
        reader = app.test_client()
        assert "Old Name" in reader.get(f"/author/{author.id}").get_data(as_text=True)
        from tests.helpers import sign_in

        me = sign_in(app.test_client(), author)
        me.post("/account/profile", data={"display_name": "New Name", "bio": "", "slug": ""})
        page = reader.get(f"/author/{author.id}").get_data(as_text=True)
        assert "New Name" in page and "Old Name" not in page


def test_the_profile_needs_a_sign_in_and_changes_only_ones_own(
    client: Any, client_as: Any, reporter: User, editor: User
) -> None:
    assert client.get("/account/profile").status_code == 302
    assert client.post("/account/profile", data={"display_name": "X"}).status_code == 401
    client_as(reporter).post(
        "/account/profile", data={**_form(reporter), "id": str(editor.id), "user_id": "1"}
    )
    assert _fresh(editor).display_name == "Elie Editor"


def test_a_library_picture_becomes_the_author_pages_photo_and_comes_off(
    client: Any, client_as: Any, reporter: User, editor: User
) -> None:
    """Issue 20, item 26: an author page shows a photo from the media library when there is one."""
    make_article("published", authors=[reporter], headline="Port reopens after the storm")
    reporter.slug = "rana-h"
    db.session.commit()
    portrait = make_image(by=editor, caption="Rana Haddad in the newsroom", alt="A woman smiling")
    me = client_as(reporter)
    assert "listing-photo" not in client.get("/author/rana-h").get_data(as_text=True)
    offered = me.get(f"/media/{portrait.id}").get_data(as_text=True)
    assert "Use as my author photo" in offered
    assert me.post("/account/profile/photo", data={"image_id": portrait.id}).status_code == 302
    assert _fresh(reporter).photo_id == portrait.id
    page = client.get("/author/rana-h").get_data(as_text=True)
    assert 'class="listing-photo"' in page and 'alt="A woman smiling"' in page
    assert "This is the photo on" in me.get(f"/media/{portrait.id}").get_data(as_text=True)
    assert "Take the photo off" in me.get("/account/profile").get_data(as_text=True)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.photo_changed")
    ).one()
    assert event.details == {"old": None, "new": portrait.id}

    assert me.post("/account/profile/photo", data={"image_id": 2_000_000}).status_code == 404
    assert me.post("/account/profile/photo", data={"image_id": "x"}).status_code == 400
    assert me.post("/account/profile/photo", data={}).status_code == 302  # no picture: off
    assert _fresh(reporter).photo_id is None
    assert "listing-photo" not in client.get("/author/rana-h").get_data(as_text=True)
