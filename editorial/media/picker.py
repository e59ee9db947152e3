"""The editor's picture panel: what it shows (the chosen picture, the upload form, a library
search's results). Drawn inside the editor page (`editorial.articles.editor`); its upload and
search endpoints are `editorial.media.editor`."""

from __future__ import annotations

from typing import Any

from editorial.articles.forms import optional_id
from editorial.extensions import db
from editorial.media.forms import ACCEPT, UploadForm
from editorial.models import Article, Image


def chosen_picture(value: Any) -> Image | None:
    """The library picture a posted `hero_image_id` names, if it is there."""
    try:
        image_id = optional_id(value)
    except ValueError:
        return None
    return db.session.get(Image, image_id) if image_id else None


def panel_context(
    article: Article | None,
    chosen: Image | None,
    *,
    pictures: UploadForm | None = None,
    results: list[Image] | None = None,
    query: str = "",
    notice: str | None = None,
) -> dict[str, Any]:
    """What `media/_editor_picture.html` shows."""
    return {
        "article": article,
        "hero_choice": chosen,
        "pictures": pictures or UploadForm(formdata=None),
        "picker_results": results,
        "picker_query": query,
        "picture_notice": notice,
        "accept": ACCEPT,
    }
