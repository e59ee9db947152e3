"""The library's pages: the list with search, one picture (its words, its file), the files.

Who may do what (decided here, tested in tests/test_media_access.py): everyone signed in sees
the library (a fact-checker checks pictures too); editors and admins change any picture's words
and file, anyone else only the pictures they uploaded. The served files are public: their names
are random, and a picture is only ever linked from a page that shows it.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from sqlalchemy import Select, bindparam, select
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.database import read_only
from editorial.extensions import db
from editorial.fast_polls import Ask, cheap_poll
from editorial.forms import page_number
from editorial.identity import current_person
from editorial.media import queries, service
from editorial.media.forms import ACCEPT, DetailsForm, ReplaceForm
from editorial.models import Image
from editorial.permissions import deny, public
from editorial.refusal import Refused, answer

FILE_NAME = re.compile(r"[A-Za-z0-9_-]{8,64}-[0-9]{1,5}\.(jpg|png|webp)")
# A processing picture's poll: the job takes a second or two, and each unchanged poll is a 304
# from one primary-key read, so a short interval costs little and shows it soon.
STATE_POLL_SECONDS = 3
YEAR = 365 * 24 * 3600
MAX_PAGE = 1000


def _query() -> str:
    return (request.args.get("q") or "").strip()[: queries.QUERY_MAX]


def _page() -> int:
    return page_number(request.args.get("page"), MAX_PAGE) or abort(404)


@read_only
def index() -> Response:
    """Every picture, newest first, with its words and where it is used; search as you type."""
    person = current_person()
    query = _query()
    listing = queries.library(person, query, _page())
    return htmx.render(
        "media/index.html",
        "media/_results.html",
        listing=listing,
        query=query,
        may_edit=service.may_edit,
        person=person,
        poll_seconds=STATE_POLL_SECONDS,
    )


def _image(image_id: int) -> Image:
    image = db.session.get(Image, image_id)
    if image is None:
        abort(404)
    return image


def _picture_page(
    image: Image,
    details: DetailsForm | None = None,
    replace: ReplaceForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    person = current_person()
    if details is None:
        details = DetailsForm(
            data={"caption": image.caption, "credit": image.credit, "alt": image.alt}
        )
    return (
        render_template(
            "media/picture.html",
            image=image,
            details=details,
            replace=replace or ReplaceForm(),
            used_in=queries.uses(person, [image.id])[image.id],
            editable=service.may_edit(person, image),
            accept=ACCEPT,
            poll_seconds=STATE_POLL_SECONDS,
        ),
        status,
    )


def picture(image_id: int) -> tuple[str, int] | Response:
    """One picture: every size, where it is used, and (for those who may) its words to change."""
    person = current_person()
    image = _image(image_id)
    if request.method == "GET":
        return _picture_page(image)
    if not service.may_edit(person, image):
        deny("media.edit", image)
    form = DetailsForm()
    if not form.validate():
        return _picture_page(image, details=form, status=422)
    try:
        service.update_details(person, image, form.details())
    except Refused as refused:
        status = answer(refused, "media.edit", image).status
        form.show_refusal(refused)
        return _picture_page(_image(image_id), details=form, status=status)
    db.session.commit()
    flash("Saved. Every article using this picture shows the new words.", "success")
    return redirect(url_for("media.picture", image_id=image_id))


def replace(image_id: int) -> tuple[str, int] | Response:
    """A new file for a picture, even one in use: new variants, new names, old files removed."""
    person = current_person()
    image = _image(image_id)
    if not service.may_edit(person, image):
        deny("media.edit", image)
    form = ReplaceForm()
    if not form.validate():
        return _picture_page(image, replace=form, status=422)
    try:
        data = service.read_upload(form.file.data.stream)
        old_files = service.replace_file(person, image, data)
    except Refused as refused:
        refusal = answer(refused, "media.edit", image)
        form.file.errors = [*form.file.errors, refusal.message]
        return _picture_page(_image(image_id), replace=form, status=refusal.status)
    db.session.commit()
    service.remove_files(old_files)
    flash("The new file is in. Every article using the picture shows it now.", "success")
    return redirect(url_for("media.picture", image_id=image_id))


def state_etag(image_id: int, status: str, file_key: str) -> str:
    """What a processing picture's poll compares: its status and its file's key."""
    return f"image-{image_id}-{status}-{file_key}"


def media_state_etag(image: Image) -> str:
    """The ETag a thumbnail carries for its poll (a template global)."""
    return state_etag(image.id, image.status, image.file_key)


def state_version(ask: Ask) -> str | None:
    """The picture poll's ETag for the poll gate (`fast_polls`): the same primary-key read,
    joined to the session's row (`state_joined`)."""
    if ask.person is None or not ask.person.rows:
        return None
    found, status, file_key = ask.person.rows[0]
    return state_etag(ask.args["image_id"], status, file_key) if found is not None else None


_STATE = select(Image.status, Image.file_key).where(Image.id == bindparam("image_id"))


def state_joined(check: Select[Any]) -> Select[Any]:
    """The poll gate's session check with the picture's row joined (`cheap_poll(joined=...)`):
    one statement (on PostgreSQL the poll's second round trip went: bench:pgpolls)."""
    return check.add_columns(Image.id, Image.status, Image.file_key).outerjoin(
        Image, Image.id == bindparam("image_id")
    )


@cheap_poll(state_version, joined=state_joined)
@read_only
def state(image_id: int) -> Response:
    """A processing picture's poll: 304 while it is unchanged, else its thumbnail (the picture
    once ready, or why it failed). Without htmx, the picture's own page."""
    found = db.session.execute(_STATE, {"image_id": image_id}).first()
    if found is None:
        abort(404)
    if not htmx.is_htmx():
        return redirect(url_for("media.picture", image_id=image_id))
    return htmx.poll(
        state_etag(image_id, found.status, found.file_key),
        lambda: render_template(
            "media/_thumb.html",
            image=_image(image_id),
            poll_seconds=STATE_POLL_SECONDS,
            back=url_for("media.picture", image_id=image_id),
        ),
    )


@public
def file(name: str) -> Response:
    """A variant's bytes, cached for a year: a replaced picture gets new names, never new bytes."""
    if not FILE_NAME.fullmatch(name):
        abort(404)
    response = send_from_directory(service.upload_folder(), name, max_age=YEAR)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
