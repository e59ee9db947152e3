"""The library's pages: the list with search, one picture (its words, its file), the files.

Who may do what (decided here, tested in tests/test_media_access.py): everyone signed in sees
the library (a fact-checker checks pictures too); editors and admins change any picture's words
and file, anyone else only the pictures they uploaded. The served files are public: their names
are random, and a picture is only ever linked from a page that shows it.
"""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.auth import public
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.media import bp, queries
from editorial.media.forms import ACCEPT, DetailsForm, ReplaceForm
from editorial.models import Image
from editorial.permissions import deny
from editorial.public.views import image_src
from editorial.services import Refused
from editorial.services import media as service

FILE_NAME = re.compile(r"[A-Za-z0-9_-]{8,64}-[0-9]{1,5}\.(jpg|png|webp)")
YEAR = 365 * 24 * 3600
MAX_PAGE = 1000


def _query() -> str:
    return (request.args.get("q") or "").strip()[: queries.QUERY_MAX]


def _page() -> int:
    page = request.args.get("page", 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    return max(page, 1)


@bp.get("/")
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
        ),
        status,
    )


@bp.route("/<int:image_id>", methods=["GET", "POST"])
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
        db.session.rollback()
        form.show_refusal(refused)
        return _picture_page(_image(image_id), details=form, status=refused.status)
    db.session.commit()
    flash("Saved. Every article using this picture shows the new words.", "success")
    return redirect(url_for("media.picture", image_id=image_id))


@bp.post("/<int:image_id>/replace")
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
        db.session.rollback()
        form.file.errors = [*form.file.errors, str(refused)]
        return _picture_page(_image(image_id), replace=form, status=refused.status)
    db.session.commit()
    service.remove_files(old_files)
    flash("The new file is in. Every article using the picture shows it now.", "success")
    return redirect(url_for("media.picture", image_id=image_id))


@bp.get("/files/<name>")
@public
def file(name: str) -> Response:
    """A variant's bytes, cached for a year: a replaced picture gets new names, never new bytes."""
    if not FILE_NAME.fullmatch(name):
        abort(404)
    response = send_from_directory(service.upload_folder(), name, max_age=YEAR)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def _variant(image: Image, width: int | None) -> int:
    """The narrowest variant at least `width` wide (the widest one without)."""
    widths = image.variant_widths or [image.width]
    return next((w for w in widths if width is not None and w >= width), widths[-1])


@bp.app_template_global()
def picture_url(image: Image, width: int | None = None) -> str:
    """The variant at least `width` wide (the widest one without), for templates."""
    return service.variant_url(image, _variant(image, width))


@bp.app_template_global()
def picture_img(
    image: Image,
    sizes: str,
    class_: str = "",
    alt: str | None = None,
    eager: bool = False,
    width: int | None = None,
) -> Markup:
    """A library picture as an <img>: every variant in `srcset`, width and height always set (the
    layout never jumps), lazy unless `eager` (the first thing on the page). `alt` defaults to the
    picture's alt text; pass alt="" where it only decorates a link that names the story already.

    Python rather than a Jinja macro: a macro imported by a partial that is included once per
    card is built again at each include (Jinja makes a new module whenever the context carries
    request globals), which cost the front page about 6 ms.
    """
    chosen = _variant(image, width)
    attributes = {
        "class": class_ or None,
        "src": service.variant_url(image, chosen),
        "srcset": service.srcset(image),
        "sizes": sizes,
        "width": chosen,
        "height": image.height_at(chosen),
        "alt": image.alt if alt is None else alt,
    }
    loading = {"fetchpriority": "high"} if eager else {"loading": "lazy", "decoding": "async"}
    shown = Markup(" ").join(
        Markup('{}="{}"').format(name, value)
        for name, value in {**attributes, **loading}.items()
        if value is not None
    )
    return Markup("<img {}>").format(shown)


@bp.app_template_global()
def picture_absolute_url(image: Image | None) -> str | None:
    """The widest variant's absolute address (og:image, JSON-LD), or None (templates)."""
    return service.image_absolute_url(image)


# The editor's preview shows the public hero partial, which checks older external addresses.
bp.add_app_template_global(image_src, "image_src")
