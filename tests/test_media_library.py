"""The media library: search as you type (both renderings), reuse in another article, replacing
a picture in use, and who may do what (signed out, reporter own/other, fact-checker, editor)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image as PILImage

from editorial.extensions import db
from editorial.models import AuditEvent, Image, Role, User
from tests.factories import make_article, make_image, make_user, picture_bytes
from tests.helpers import form_for, fresh
from tests.parsed import Page


def folder(app: Flask) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])


def test_the_library_lists_pictures_with_caption_credit_and_uses(
    client_as: Any, editor: User, reporter: User
) -> None:
    image = make_image(caption="Boats in Tyre harbour", credit="Reuters")
    story = make_article(authors=[reporter], headline="Fishermen count the cost", hero_image=image)
    page = Page(client_as(editor).get("/media/").data)
    assert "Boats in Tyre harbour (Reuters)" in page.text
    assert "Used in: Fishermen count the cost" in page.text
    assert page.find("a", href=f"/articles/{story.id}")
    img = page.find("img", alt=image.alt)[0]
    assert img["width"] == "480" and img["height"] == "288" and img["loading"] == "lazy"


def test_uses_never_name_an_article_the_viewer_may_not_see(client_as: Any, reporter: User) -> None:
    image = make_image()
    make_article(
        authors=[make_user(Role.REPORTER)], headline="Someone else's secret draft", hero_image=image
    )
    text = client_as(reporter).get("/media/").get_data(as_text=True)
    assert "secret draft" not in text
    assert "Not used in any article you can see" in text


def test_search_answers_the_page_and_the_fragment(client_as: Any, editor: User) -> None:
    make_image(caption="Olive harvest near Jenin", credit="AFP", alt="Hands picking olives")
    make_image(caption="Parliament in session", credit="Anadolu", alt="Rows of MPs")
    desk = client_as(editor)
    plain = desk.get("/media/?q=olive")
    assert plain.status_code == 200 and "<html" in plain.get_data(as_text=True)
    assert "Olive harvest" in plain.get_data(as_text=True)
    assert "Parliament" not in plain.get_data(as_text=True)
    assert Page(plain.data).by_id("media-q")["value"] == "olive"
    fragment = desk.get("/media/?q=anadolu", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "Parliament in session" in text and "Olive" not in text
    none = desk.get("/media/?q=%25").get_data(as_text=True)  # a literal %, not a wildcard
    assert "No picture matches" in none


def test_the_search_form_updates_the_address(client_as: Any, editor: User) -> None:
    page = Page(client_as(editor).get("/media/").data)
    form = page.find("form", role="search")[0]
    assert form["hx-push-url"] == "true" and form["action"] == "/media/" and form["method"] == "get"


def test_reuse_a_picture_in_another_article(client_as: Any, reporter: User) -> None:
    image = make_image(caption="Port of Beirut at night", credit="AFP", alt="Cranes lit up")
    make_article(authors=[make_user(Role.REPORTER)], hero_image=image, state="published")
    mine = make_article(authors=[reporter], headline="The port reopens")
    desk = client_as(reporter)
    found = desk.post(
        f"/media/editor/{mine.id}",
        data={
            **form_for(mine, headline="Typed, not saved"),
            "picture_action": "find",
            "image_query": "beirut",
        },
    )
    page = Page(found.data)
    assert page.find("input", name="hero_image_id", value=str(image.id))
    assert page.by_id("headline")["value"] == "Typed, not saved"
    htmx = desk.post(
        f"/media/editor/{mine.id}",
        data={"picture_action": "find", "image_query": "cranes"},
        headers={"HX-Request": "true"},
    )
    assert f'value="{image.id}"' in htmx.get_data(as_text=True)
    assert "<html" not in htmx.get_data(as_text=True)
    desk.post(f"/articles/{mine.id}/edit", data=form_for(mine, hero_image_id=str(image.id)))
    assert fresh(mine.id).hero_image_id == image.id
    assert "The port reopens" in desk.get("/media/").get_data(as_text=True)


def test_replace_a_picture_in_use(app: Flask, client: Any, client_as: Any, editor: User) -> None:
    image = make_image()
    story = make_article(state="published", hero_image=image)
    old_names = [image.file_name(w) for w in image.variant_widths]
    old_key = image.file_key
    new_file = picture_bytes("PNG", size=(1000, 1000))
    response = client_as(editor).post(
        f"/media/{image.id}/replace",
        data={"file": (io.BytesIO(new_file), "square.png", "image/png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    image = db.session.get(Image, image.id)
    assert image.file_key != old_key and image.extension == "png"
    assert image.variant_widths == [480, 960, 1000] and image.height == 1000
    for name in old_names:
        assert not (folder(app) / name).exists()
        assert client.get(f"/media/files/{name}").status_code == 404
    for width in image.variant_widths:
        with PILImage.open(folder(app) / image.file_name(width)) as stored:
            assert stored.size == (width, width)
    page = client.get(f"/news/{story.slug}").get_data(as_text=True)
    assert image.file_name(960) in page and old_key not in page
    replaced = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "image.replaced")
    ).one()
    assert replaced.actor_id == editor.id and replaced.object_id == str(image.id)


def test_a_bad_replacement_keeps_the_old_file(app: Flask, client_as: Any, editor: User) -> None:
    image = make_image()
    response = client_as(editor).post(
        f"/media/{image.id}/replace",
        data={"file": (io.BytesIO(b"GIF89a..."), "x.png", "image/png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "picture we can read" in Page(response.data).text_of("file-error")
    assert sorted(p.name for p in folder(app).iterdir()) == sorted(
        image.file_name(w) for w in image.variant_widths
    )


def test_editing_the_words_shows_wherever_the_picture_is_used(
    client: Any, client_as: Any, editor: User
) -> None:
    image = make_image()
    story = make_article(state="published", hero_image=image)
    response = client_as(editor).post(
        f"/media/{image.id}",
        data={"caption": "Boats back at sea", "credit": "Reuters", "alt": "Boats leaving port"},
    )
    assert response.status_code == 302
    page = Page(client.get(f"/news/{story.slug}").data)
    assert "Boats back at sea (Reuters)" in page.text
    assert page.find("img", alt="Boats leaving port")


def test_editing_the_words_refused_keeps_what_was_typed(client_as: Any, editor: User) -> None:
    image = make_image()
    response = client_as(editor).post(
        f"/media/{image.id}", data={"caption": "New caption typed", "credit": "", "alt": "x"}
    )
    assert response.status_code == 422
    page = Page(response.data)
    assert page.by_id("caption")["value"] == "New caption typed"
    assert "Give the credit" in page.text_of("credit-error")


# -- Who may do what ---------------------------------------------------------------------------


def _upload(client: Any, article_id: int) -> Any:
    return client.post(
        f"/media/editor/{article_id}",
        data={
            "image_file": (io.BytesIO(picture_bytes()), "p.jpg", "image/jpeg"),
            "image_caption": "c",
            "image_credit": "AFP",
            "image_alt": "a",
            "picture_action": "upload",
        },
        content_type="multipart/form-data",
    )


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Image)) or 0


def test_nobody_signed_out_can_upload_or_see_the_library(app: Flask, client: Any) -> None:
    story = make_article()
    response = _upload(client, story.id)
    assert response.status_code == 401  # a POST: nothing to come back to after signing in
    assert _count() == 0 and not list(folder(app).glob("*"))
    assert client.get("/media/").status_code == 302
    image = make_image()
    assert client.post(f"/media/{image.id}", data={"caption": "x"}).status_code == 401
    assert db.session.get(Image, image.id).caption != "x"


@pytest.mark.parametrize(
    ("who", "own", "expected"),
    [
        ("reporter", True, 200),
        ("reporter", False, 404),  # someone else's draft: not even there
        ("fact_checker", False, 404),
        ("editor", False, 200),
        ("admin", False, 200),
    ],
)
def test_who_may_upload_for_an_article(
    client_as: Any, users: dict[str, User], who: str, own: bool, expected: int
) -> None:
    person = users[who]
    author = person if own else make_user(Role.REPORTER)
    story = make_article(authors=[author])
    response = _upload(client_as(person), story.id)
    assert response.status_code == expected
    assert _count() == (1 if expected == 200 else 0)


def test_a_reporter_cannot_upload_for_their_own_story_once_it_left_draft(
    client_as: Any, reporter: User
) -> None:
    story = make_article(state="edit", authors=[reporter])
    # They may see their story (it is theirs), not edit it there: 403, not 404.
    assert _upload(client_as(reporter), story.id).status_code == 403
    assert _count() == 0


@pytest.mark.parametrize(
    ("who", "uploader", "allowed"),
    [
        ("reporter", True, True),
        ("reporter", False, False),
        ("fact_checker", False, False),
        ("editor", False, True),
        ("admin", False, True),
    ],
)
def test_who_may_change_a_picture(
    client_as: Any, users: dict[str, User], who: str, uploader: bool, allowed: bool
) -> None:
    person = users[who]
    image = make_image(by=person if uploader else make_user(Role.EDITOR))
    desk = client_as(person)
    page = desk.get(f"/media/{image.id}").get_data(as_text=True)
    assert ("Replace the file" in page) is allowed
    words = desk.post(
        f"/media/{image.id}", data={"caption": "Changed", "credit": "AFP", "alt": "Alt"}
    )
    assert words.status_code == (302 if allowed else 403)
    replaced = desk.post(
        f"/media/{image.id}/replace",
        data={"file": (io.BytesIO(picture_bytes("PNG")), "n.png", "image/png")},
        content_type="multipart/form-data",
    )
    assert replaced.status_code == (302 if allowed else 403)
    db.session.expire_all()
    changed = db.session.get(Image, image.id)
    assert (changed.caption == "Changed") is allowed
    assert (changed.extension == "png") is allowed


def test_a_missing_picture_is_404(client_as: Any, editor: User) -> None:
    assert client_as(editor).get("/media/999").status_code == 404
    assert client_as(editor).post("/media/999/replace").status_code == 404
