"""Uploading a picture from the editor: what is accepted, what is refused and how it is said,
and that nothing the browser sent (EXIF, GPS, the wrong format) ever reaches a reader."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import ExifTags
from PIL import Image as PILImage

from editorial.extensions import db
from editorial.media import service as media
from editorial.models import Image, User
from tests.factories import make_article, make_image, picture_bytes
from tests.helpers import form_for, fresh
from tests.parsed import Page

CAPTION = "Smoke rises over Gaza City during an air strike on 8 October"
ALT = "A column of grey smoke above apartment blocks"


def upload(
    client: Any,
    article_id: int,
    data: bytes,
    *,
    name: str = "photo.jpg",
    content_type: str = "image/jpeg",
    htmx: bool = False,
    **fields: Any,
) -> Any:
    """Post the editor's Upload button (the whole editor form when `fields` has it)."""
    form = {
        "image_file": (io.BytesIO(data), name, content_type),
        "image_caption": CAPTION,
        "image_credit": "AFP",
        "image_alt": ALT,
        "picture_action": "upload",
        **fields,
    }
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        f"/media/editor/{article_id}",
        data=form,
        content_type="multipart/form-data",
        headers=headers,
    )


def only_image() -> Image:
    db.session.expire_all()
    images = list(db.session.scalars(db.select(Image)))
    assert len(images) == 1
    return images[0]


def files_in(app: Flask) -> list[Path]:
    """The files in the upload folder (a large upload's original waits in `originals/`)."""
    return sorted(p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file())


@pytest.fixture
def draft(reporter: User) -> Any:
    return make_article(authors=[reporter], headline="Night strikes on the city")


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_each_format_is_stored_in_three_widths(
    app: Flask, client_as: Any, reporter: User, draft: Any, fmt: str, extension: str
) -> None:
    response = upload(client_as(reporter), draft.id, picture_bytes(fmt), name=f"p.{extension}")
    assert response.status_code == 200
    image = only_image()
    assert image.variant_widths == [480, 960, 1600]
    assert (image.width, image.height) == (1600, 960)
    assert image.extension == extension
    for width in image.variant_widths:
        with PILImage.open(Path(app.config["UPLOAD_FOLDER"]) / image.file_name(width)) as stored:
            assert stored.format == fmt and stored.width == width
    assert len(files_in(app)) == 3
    assert Path(app.config["UPLOAD_FOLDER"]).is_relative_to(Path(app.instance_path)) is False


def test_a_small_picture_is_never_made_larger(client_as: Any, reporter: User, draft: Any) -> None:
    upload(client_as(reporter), draft.id, picture_bytes(size=(640, 400)))
    image = only_image()
    assert image.variant_widths == [480, 640]
    assert (image.width, image.height) == (640, 400)


def test_a_png_named_jpeg_is_taken_as_the_png_it_is(
    app: Flask, client_as: Any, reporter: User, draft: Any
) -> None:
    response = upload(
        client_as(reporter), draft.id, picture_bytes("PNG"), name="x.jpg", content_type="image/jpeg"
    )
    assert response.status_code == 200
    image = only_image()
    assert image.extension == "png"
    with PILImage.open(Path(app.config["UPLOAD_FOLDER"]) / image.file_name(480)) as stored:
        assert stored.format == "PNG"


def _bomb() -> bytes:
    out = io.BytesIO()
    PILImage.new("1", (7000, 7000)).save(out, "PNG")  # 49 megapixels in a few kilobytes
    return out.getvalue()


def _huge_bomb() -> bytes:
    out = io.BytesIO()
    PILImage.new("1", (10_000, 10_000)).save(out, "PNG")  # past twice the limit: Pillow's error
    return out.getvalue()


def _gif() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (50, 50)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a picture at all", "isn't a picture we can read"),
        (_gif(), "upload a JPEG, PNG or WebP"),
        (picture_bytes("JPEG")[:4000], "damaged or cut short"),
        (_bomb(), "too many pixels"),
        (_huge_bomb(), "too many pixels"),
        (b"", "Choose a picture to upload"),
    ],
    ids=["not-an-image", "gif", "truncated", "bomb", "bigger-bomb", "empty"],
)
def test_refused_files_say_why_and_keep_what_was_typed(
    app: Flask, client_as: Any, reporter: User, draft: Any, data: bytes, message: str
) -> None:
    typed = form_for(draft, headline="A headline typed but never saved", body="Typed words.")
    response = upload(client_as(reporter), draft.id, data, **typed)
    assert response.status_code == 422
    page = Page(response.data)
    assert message in page.text_of("image_file-error")
    assert page.by_id("headline")["value"] == "A headline typed but never saved"
    assert page.by_id("image_caption")["value"] == CAPTION
    assert db.session.scalar(db.select(db.func.count()).select_from(Image)) == 0
    assert files_in(app) == []
    assert fresh(draft.id).headline == "Night strikes on the city"


def test_a_file_over_10_mb_is_refused_with_the_text_kept(
    client_as: Any, reporter: User, draft: Any
) -> None:
    big = picture_bytes("PNG") + b"\0" * (media.MAX_BYTES + 1)
    typed = form_for(draft, headline="Still here")
    response = upload(client_as(reporter), draft.id, big, name="big.png", **typed)
    assert response.status_code == 422
    assert "over 10 MB" in response.get_data(as_text=True)
    assert 'value="Still here"' in response.get_data(as_text=True)


def test_a_request_too_large_to_read_gets_a_page_that_says_what_to_do(
    client_as: Any, reporter: User, draft: Any
) -> None:
    huge = b"\0" * (13 * 1024 * 1024)
    response = upload(client_as(reporter), draft.id, huge)
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "over 10 MB" in text and "Back" in text
    assert f"/articles/{draft.id}/edit" in text


def test_the_rest_of_the_site_keeps_its_small_request_limit(
    client_as: Any, reporter: User, draft: Any
) -> None:
    response = client_as(reporter).post(
        f"/articles/{draft.id}/edit", data=form_for(draft, body="x" * (3 * 1024 * 1024))
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("image_caption", "Write a caption"),
        ("image_credit", "Give the credit"),
        ("image_alt", "Describe the picture"),
    ],
)
def test_caption_credit_and_alt_are_required(
    client_as: Any, reporter: User, draft: Any, field: str, message: str
) -> None:
    response = upload(client_as(reporter), draft.id, picture_bytes(), **{field: " "})
    assert response.status_code == 422
    page = Page(response.data)
    assert message in page.text_of(f"{field}-error")
    assert db.session.scalar(db.select(db.func.count()).select_from(Image)) == 0


def test_alt_text_is_not_the_caption(client_as: Any, reporter: User, draft: Any) -> None:
    response = upload(client_as(reporter), draft.id, picture_bytes(), image_alt=CAPTION.upper())
    assert response.status_code == 422
    assert "not repeat the caption" in response.get_data(as_text=True)


def _with_gps() -> bytes:
    exif = PILImage.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show upright"
    exif[0x010F] = "SpyCam Ltd"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (33.0, 53.0, 21.0), 3: "E", 4: (35.0, 30.0, 7.0)}
    data = picture_bytes("JPEG", size=(2000, 1200), exif=exif.tobytes())
    with PILImage.open(io.BytesIO(data)) as check:  # the test file really carries them
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)[1] == "N"
    return data


def test_exif_and_gps_are_gone_from_every_served_variant(
    client: Any, client_as: Any, reporter: User, draft: Any
) -> None:
    response = upload(client_as(reporter), draft.id, _with_gps())
    assert response.status_code == 200
    image = only_image()
    assert (image.width, image.height) == (1200, 2000)  # the orientation was applied first
    assert image.variant_widths == [480, 960, 1200]
    for width in image.variant_widths:
        served = client.get(f"/media/files/{image.file_name(width)}")
        assert served.status_code == 200
        with PILImage.open(io.BytesIO(served.data)) as variant:
            assert len(variant.getexif()) == 0
            assert "exif" not in variant.info and "xmp" not in variant.info
        assert b"SpyCam" not in served.data and b"Exif" not in served.data


def test_uploaded_picture_is_chosen_in_the_editor_and_saved_with_the_article(
    client: Any, client_as: Any, reporter: User, editor: User, draft: Any
) -> None:
    desk = client_as(reporter)
    response = upload(desk, draft.id, picture_bytes(), **form_for(draft, headline="Typed"))
    page = Page(response.data)
    image = only_image()
    chosen = [i for i in page.find("input", name="hero_image_id") if "checked" in i]
    assert [i["value"] for i in chosen] == [str(image.id)]
    assert "Save the article to put it on the story" in page.text
    assert fresh(draft.id).hero_image_id is None  # not until Save
    saved = desk.post(
        f"/articles/{draft.id}/edit", data=form_for(draft, hero_image_id=str(image.id))
    )
    assert saved.status_code == 302
    story = fresh(draft.id)
    assert story.hero_image_id == image.id
    revision = story_revision_fields(story.id)
    assert revision["hero_image_id"] == image.id
    assert revision["picture"] == f"{CAPTION} (AFP)"


def story_revision_fields(article_id: int) -> dict[str, Any]:
    from editorial.models import ArticleRevision

    newest = db.session.scalars(
        db.select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.id.desc())
    ).first()
    assert newest is not None
    return dict(newest.fields)


def test_htmx_upload_answers_with_the_picture_panel_only(
    client_as: Any, reporter: User, draft: Any
) -> None:
    response = upload(client_as(reporter), draft.id, picture_bytes(), htmx=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'id="picture-panel"' in text and "<html" not in text
    assert 'name="headline"' not in text


def test_htmx_refusal_comes_back_in_the_panel(client_as: Any, reporter: User, draft: Any) -> None:
    response = upload(client_as(reporter), draft.id, b"nope", htmx=True)
    assert response.status_code == 422
    assert "isn't a picture we can read" in Page(response.data).text_of("image_file-error")
    assert "<html" not in response.get_data(as_text=True)


def test_a_picture_without_its_words_cannot_go_on_an_article(
    client_as: Any, reporter: User, draft: Any
) -> None:
    desk = client_as(reporter)
    upload(desk, draft.id, picture_bytes())
    image = only_image()
    image.alt = ""
    db.session.commit()
    response = desk.post(
        f"/articles/{draft.id}/edit",
        data=form_for(draft, headline="Kept after refusal", hero_image_id=str(image.id)),
    )
    assert response.status_code == 422
    assert "needs a caption, a credit and alt text" in response.get_data(as_text=True)
    assert 'value="Kept after refusal"' in response.get_data(as_text=True)
    assert fresh(draft.id).hero_image_id is None


def test_a_save_without_the_picture_panel_keeps_the_picture(
    client_as: Any, reporter: User, draft: Any
) -> None:
    desk = client_as(reporter)
    upload(desk, draft.id, picture_bytes())
    image = only_image()
    desk.post(f"/articles/{draft.id}/edit", data=form_for(draft, hero_image_id=str(image.id)))
    story = fresh(draft.id)
    desk.post(f"/articles/{draft.id}/edit", data=form_for(story, headline="New words"))
    assert fresh(draft.id).hero_image_id == image.id
    story = fresh(draft.id)
    desk.post(f"/articles/{draft.id}/edit", data=form_for(story, hero_image_id=""))
    assert fresh(draft.id).hero_image_id is None


def test_served_files_are_cached_for_a_year_and_bad_names_are_404(
    client: Any, client_as: Any, reporter: User, draft: Any
) -> None:
    upload(client_as(reporter), draft.id, picture_bytes())
    image = only_image()
    response = client.get(f"/media/files/{image.file_name(960)}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.mimetype == "image/jpeg"
    for name in (
        "..%2Fsecret_key",
        "x.jpg",
        f"{image.file_key}-960.svg",
        "../../editorial.sqlite3",
    ):
        assert client.get(f"/media/files/{name}").status_code == 404
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", image.file_key)


def test_the_picture_is_compared_and_restored_with_its_revision(
    client_as: Any, editor: User
) -> None:
    from editorial.models import ArticleRevision

    first = make_image(caption="Boats at dawn", credit="AFP", alt="Boats on water")
    second = make_image(caption="Cranes at dusk", credit="Reuters", alt="Cranes on a quay")
    story = make_article(state="edit", hero_image=first)
    desk = client_as(editor)
    desk.post(f"/articles/{story.id}/edit", data=form_for(story, body="First words."))
    story = fresh(story.id)
    desk.post(f"/articles/{story.id}/edit", data=form_for(story, hero_image_id=str(second.id)))
    assert fresh(story.id).hero_image_id == second.id
    revisions = list(
        db.session.scalars(
            db.select(ArticleRevision)
            .where(ArticleRevision.article_id == story.id)
            .order_by(ArticleRevision.id)
        )
    )
    older, newer = revisions[-2], revisions[-1]
    compared = Page(
        desk.get(f"/articles/{story.id}/revisions/compare?a={older.id}&b={newer.id}").data
    ).text
    assert "Picture +" in compared
    assert "[added: Cranes" in compared and "[removed: Boats" in compared
    desk.post(
        f"/articles/{story.id}/revisions/{older.id}/restore",
        data={"version": str(fresh(story.id).version)},
    )
    assert fresh(story.id).hero_image_id == first.id


def test_the_empty_upload_fields_never_hold_up_the_editors_save(
    client_as: Any, reporter: User, draft: Any
) -> None:
    page = Page(client_as(reporter).get(f"/articles/{draft.id}/edit").data)
    for name in ("image_file", "image_caption", "image_credit", "image_alt"):
        assert "required" not in page.find("input", name=name)[0], name
    # Enter in a field presses the first submit button: the (hidden) Save, not Find or Upload.
    named = [b for b in page.find("button", type="submit") if "name" in b]  # the editor's own
    assert [(b["name"], b["value"]) for b in named[:2]] == [
        ("save", "Save"),
        ("picture_action", "find"),
    ]
