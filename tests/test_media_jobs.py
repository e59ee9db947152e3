"""A large upload is re-encoded by a background job (issue 26): the request answers at once with
the picture "processing", the job makes it ready (once, however often it runs), a job that keeps
failing leaves the picture "failed" with a message for its uploader and admins, and readers never
get a broken or half-made picture: public pages leave it out until it is ready, and the site's
version moves when it is, so cached pages show it.

The queue here is a real (SQLite) one that nothing works off: the test holds the job, looks at the
pages, then runs it as the worker would (`run_held`)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from huey import Huey
from sqlalchemy import func, select

from editorial import jobs, page_cache
from editorial.extensions import db
from editorial.media import processing
from editorial.media import service as media
from editorial.models import AuditEvent, Image, JobFailure, Role, User
from editorial.models.media import FAILED, PROCESSING, READY
from tests.factories import make_article, make_user, picture_bytes
from tests.helpers import form_for
from tests.parsed import Page
from tests.test_media_upload import files_in, upload

LARGE = (2400, 1600)  # 3.8 megapixels: a job's
WORDS = media.Details("Cranes over the harbour at dawn", "AFP", "Three cranes against a pale sky")

pytestmark = pytest.mark.usefixtures("clock_held_still")


@pytest.fixture
def app(make_app: Any, tmp_path: Path) -> Iterator[Flask]:
    """The app with a queue that holds its jobs until the test runs them."""
    application = make_app(JOBS_IMMEDIATE=False, JOBS_URL=f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    with application.app_context():
        yield application


def queue(app: Flask) -> Huey:
    return jobs.queue(app)


def run_held(app: Flask) -> int:
    """Run every job waiting in the queue, as the worker does; how many ran."""
    db.session.commit()  # as a worker finds it: no transaction of the test's open
    huey = queue(app)
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    db.session.expire_all()
    return ran


def held_upload(by: User | None = None) -> Image:
    """A large picture uploaded (through the service), its job queued and held."""
    image = processing.upload(by or make_user(Role.EDITOR), picture_bytes(size=LARGE), WORDS)
    db.session.commit()
    return image


def fresh(image_id: int) -> Image:
    db.session.expire_all()
    found = db.session.get(Image, image_id)
    assert found is not None
    return found


def variants(app: Flask) -> list[Path]:
    return [p for p in files_in(app) if p.parent == Path(app.config["UPLOAD_FOLDER"])]


def test_a_large_upload_answers_processing_and_the_job_makes_it_ready(
    app: Flask, client_as: Any, reporter: User
) -> None:
    draft = make_article(authors=[reporter], headline="Port reopens")
    client = client_as(reporter)
    response = upload(client, draft.id, picture_bytes(size=LARGE), htmx=True)
    assert response.status_code == 200
    assert "It is large, so it is being prepared" in response.text
    assert "Being prepared: readers see it on the story once it is ready." in response.text
    [image] = db.session.scalars(select(Image)).all()
    assert image.status == PROCESSING and image.variant_widths == []
    assert (image.width, image.height) == (1600, 1067)  # what the widest variant will be
    assert variants(app) == []  # nothing was re-encoded in the request
    assert media.original_path(image).exists()
    assert queue(app).pending_count() == 1

    library = client.get("/media/")
    page = Page(library.data)
    [pending] = page.find("div", id=f"media-thumb-{image.id}")
    assert pending["hx-get"] == f"/media/{image.id}/state" and pending["data-etag"]
    assert "Processing…" in page.text_of(f"media-thumb-{image.id}")
    assert not [i for i in page.find("img") if "/media/files/" in i.get("src", "")]
    assert page.find("a", href="/media/")  # "Check again" without JavaScript
    poll = {"HX-Request": "true", "If-None-Match": f'"{pending["data-etag"]}"'}
    assert client.get(f"/media/{image.id}/state", headers=poll).status_code == 304

    assert run_held(app) == 1
    image = fresh(image.id)
    assert image.status == READY and image.variant_widths == [480, 960, 1600]
    assert len(variants(app)) == 3 and not media.original_path(image).exists()
    answer = client.get(f"/media/{image.id}/state", headers=poll)
    assert answer.status_code == 200
    [img] = Page(answer.data).find("img")
    assert img["src"] == f"/media/files/{image.file_name(480)}"
    assert client.get(f"/media/files/{image.file_name(480)}").status_code == 200


def test_a_small_picture_is_still_ready_in_the_request(
    app: Flask, client_as: Any, reporter: User
) -> None:
    draft = make_article(authors=[reporter])
    response = upload(client_as(reporter), draft.id, picture_bytes(size=(800, 600)), htmx=True)
    assert "Uploaded and chosen." in response.text and "being prepared" not in response.text
    [image] = db.session.scalars(select(Image)).all()
    assert image.status == READY and image.variant_widths == [480, 800]
    assert queue(app).pending_count() == 0


@pytest.mark.parametrize(
    ("fmt", "size", "in_request"),
    [
        ("JPEG", (1600, 1200), True),
        ("JPEG", (2000, 1333), False),
        ("PNG", (600, 450), True),
        ("PNG", (800, 600), False),
        ("WEBP", (800, 600), False),
    ],
)
def test_the_rule_is_pixels_by_format(fmt: str, size: tuple[int, int], in_request: bool) -> None:
    assert processing.in_request(fmt, *size) is in_request


def test_the_job_run_twice_has_the_effect_of_one(app: Flask) -> None:
    image = held_upload()
    processing.reencode.enqueue(image.id, image.file_key)  # queued again, say by a retry
    version = page_cache.site_version()
    assert run_held(app) == 2
    image = fresh(image.id)
    assert image.status == READY
    assert len(variants(app)) == 3  # one set of files: the second run changed nothing
    assert page_cache.site_version() == version + 1
    processing.reencode(image.id, image.file_key)  # and by hand, once more: nothing
    assert fresh(image.id).file_key == image.file_key and len(variants(app)) == 3


def test_two_runs_at_once_leave_one_set_of_files(app: Flask, monkeypatch: Any) -> None:
    image = held_upload()
    key = image.file_key
    real = media.write_variants

    def meanwhile(picture: Any, fmt: str) -> Any:
        written = real(picture, fmt)
        monkeypatch.setattr(media, "write_variants", real)
        processing.reencode(image.id, key)  # the other run finishes first
        db.session.commit()
        return written

    monkeypatch.setattr(media, "write_variants", meanwhile)
    processing.reencode(image.id, key)
    db.session.commit()
    assert fresh(image.id).status == READY
    assert len(variants(app)) == 3  # the loser removed what it wrote


def test_a_damaged_picture_fails_at_once_with_a_message_and_can_be_mended(
    app: Flask, client_as: Any, reporter: User
) -> None:
    image = held_upload(by=reporter)
    media.original_path(image).write_bytes(b"not a picture any more")
    assert run_held(app) == 1
    image = fresh(image.id)
    assert image.status == FAILED
    assert "isn't a picture we can read" in image.problem
    assert queue(app).scheduled() == []  # the same bytes fail the same way: not retried
    client = client_as(reporter)
    page = Page(client.get("/media/").data)
    assert "Couldn’t be prepared" in page.text_of(f"media-thumb-{image.id}")
    assert "isn't a picture we can read" in page.text_of(f"media-thumb-{image.id}")
    assert not page.find("div", id=f"media-thumb-{image.id}")[0].get("hx-get")  # no poll
    own = Page(client.get(f"/media/{image.id}").data).text
    assert "isn't a picture we can read" in own and "Replace the file" in own

    mended = client.post(
        f"/media/{image.id}/replace",
        data={"file": (io.BytesIO(picture_bytes(size=LARGE)), "again.jpg")},
        content_type="multipart/form-data",
    )
    assert mended.status_code == 302
    image = fresh(image.id)
    assert image.status == READY and image.problem == "" and len(variants(app)) == 3
    assert not list((Path(app.config["UPLOAD_FOLDER"]) / "originals").iterdir())


def test_a_job_that_keeps_failing_marks_the_picture_failed_for_uploader_and_admins(
    app: Flask, client_as: Any, reporter: User, admin: User, monkeypatch: Any
) -> None:
    image = held_upload(by=reporter)

    def full_disk(*_args: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(media, "write_variants", full_disk)
    assert run_held(app) == 1
    huey = queue(app)
    waits = []
    while scheduled := huey.scheduled():
        [retry] = scheduled
        waits.append(retry.retry_delay)
        assert fresh(image.id).status == PROCESSING  # kept while it is tried again
        db.session.commit()  # the test's read lets the worker write
        huey.storage.flush_schedule()
        huey.execute(retry, timestamp=retry.eta)
        db.session.expire_all()
    # Huey waits 30 s before the first retry, and each retry carries the wait after it: doubling.
    assert waits == [60, 120, 240, 480]
    image = fresh(image.id)
    assert image.status == FAILED and image.problem == processing.GAVE_UP
    kept = db.session.scalars(select(JobFailure)).one()
    assert kept.name == "media.reencode" and kept.tries == 5
    assert "No space left on device" in kept.error
    audited = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "image.failed"))
    assert audited.one().details["problem"] == processing.GAVE_UP

    library = client_as(reporter).get("/media/").text
    assert "could not be prepared after several tries" in library
    admins = client_as(admin).get("/admin/webhooks").text
    assert "media.reencode" in admins and "No space left on device" in admins
    log = client_as(admin).get("/admin/audit?action=image.failed").text
    assert "could not be prepared" in log


def _picture_sources(html: bytes) -> list[str]:
    return [img.get("src", "") for img in Page(html).find("img")]


def test_public_pages_leave_a_processing_picture_out_until_it_is_ready(
    app: Flask, client: Any, reporter: User
) -> None:
    image = held_upload()
    story = make_article(
        state="published", authors=[reporter], hero_image=image, headline="Port reopens"
    )
    for address in (f"/news/{story.slug}", "/", "/search?q=port"):
        answer = client.get(address)
        assert answer.status_code == 200, address
        assert not [s for s in _picture_sources(answer.data) if "/media/" in s], address
        assert "Processing" not in answer.text and "picture-pending" not in answer.text
    article = client.get(f"/news/{story.slug}").text
    assert image.file_key not in article  # not in og:image, JSON-LD or anywhere else
    assert "/media/files/" not in article
    assert "Port reopens" in article  # the story itself is there

    version = page_cache.site_version()
    assert run_held(app) == 1
    assert page_cache.site_version() == version + 1  # cached pages are drawn again
    image = fresh(image.id)
    shown = _picture_sources(client.get(f"/news/{story.slug}").data)
    assert f"/media/files/{image.file_name(960)}" in shown
    front = _picture_sources(client.get("/").data)  # the cached front page is drawn again
    assert any(image.file_key in source for source in front)


def test_a_processing_picture_can_be_chosen_and_the_story_published(
    app: Flask, client_as: Any, editor: User
) -> None:
    image = held_upload()
    story = make_article(authors=[editor], headline="Cranes return")
    client = client_as(editor)
    saved = client.post(
        f"/articles/{story.id}/edit", data=form_for(story, hero_image_id=str(image.id))
    )
    assert saved.status_code in (200, 302) and saved.status_code < 400
    db.session.expire_all()
    assert db.session.get(type(story), story.id).hero_image_id == image.id
    editor_page = client.get(f"/articles/{story.id}/edit").text
    assert "Being prepared: readers see it on the story once it is ready." in editor_page
    assert "Processing…" in editor_page


def test_who_may_see_and_poll_is_unchanged(
    app: Flask, client: Any, client_as: Any, fact_checker: User
) -> None:
    image = held_upload()
    assert client.get(f"/media/{image.id}/state").status_code in (302, 401)  # signed in only
    checker = client_as(fact_checker)
    assert checker.get("/media/").status_code == 200  # everyone signed in sees the library
    assert checker.get(f"/media/{image.id}/state").status_code == 302  # no htmx: its page
    assert checker.get("/media/999999/state").status_code == 404
    # The original waits where the file view never looks.
    original = media.original_path(image)
    assert client.get(f"/media/files/{original.name}").status_code == 404
    assert client.get(f"/media/files/originals/{original.name}").status_code == 404
    assert db.session.scalar(select(func.count(Image.id))) == 1
