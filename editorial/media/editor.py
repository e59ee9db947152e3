"""The editor's picture: upload one, or find one in the library, without losing what is typed.

With JavaScript the Upload and Find buttons send only the picture's own fields (htmx,
`hx-params`) and get back the editor's picture panel; the article's text never travels, so it
can't be lost. Without JavaScript the same buttons post the whole editor form here
(`formaction`); the editor comes back as typed, with the new picture chosen. Neither saves the
article: choosing a picture is part of the next Save, like any other field (and so of its
revision). A new article's page works the same before its draft exists (`/editor/new`), so
"write, add a picture, save" is one flow: the draft's first save carries the picture
(pictures.js uploads a chosen file before the Save it was not uploaded for). A request too
large to read (over UPLOAD_REQUEST_MAX) gets a page saying so, and the browser still has the
typed text (Back); pictures.js refuses such a file before it is sent.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.articles.editor_page import Rendered, render_editor
from editorial.articles.forms import ArticleForm, NewArticleForm
from editorial.extensions import db
from editorial.identity import current_person
from editorial.media import processing, queries, service
from editorial.media.forms import UploadForm
from editorial.media.picker import chosen_picture, panel_context
from editorial.models import Image
from editorial.page_cache import changes_no_page
from editorial.permissions import can, deny, get_article_for
from editorial.refusal import Refused, answer


@changes_no_page
def editor_picture(article_id: int | None) -> Rendered:
    """Upload a picture for the article being edited, or search the library for one.

    `/editor/new` serves the new-article page, before the draft exists: the picture goes into
    the library and is chosen in the form, so the draft's first save carries it.
    """
    person = current_person()
    if article_id is None:
        if not can(person, "article.create"):
            deny("article.create")
        article = None
    else:
        article = get_article_for(person, "article.edit", article_id)
    chosen = chosen_picture(request.form.get("hero_image_id"))
    query = (request.form.get("image_query") or "").strip()[: queries.QUERY_MAX]
    pictures = UploadForm()
    results: list[Image] | None = None
    notice = None
    status = 200
    if request.form.get("picture_action") == "find":
        results = queries.picker(query)
        pictures = UploadForm(formdata=None)
    elif not pictures.validate():
        status = 422
    else:
        try:
            data = service.read_upload(pictures.file.data.stream)
            image = processing.upload(person, data, pictures.details())
        except Refused as refused:
            status = answer(refused, "media.upload", article).status
            pictures.show_refusal(_on_file(refused))
        else:
            db.session.commit()
            chosen = image
            pictures = UploadForm(formdata=None)
            save = "Save the article" if article else "Create the draft"
            notice = f"Uploaded and chosen. {save} to put it on the story."
            if not image.ready:
                notice = (
                    "Uploaded and chosen. It is large, so it is being prepared: "
                    f"{save} now, and the story shows it once it is ready."
                )
    context = panel_context(
        article, chosen, pictures=pictures, results=results, query=query, notice=notice
    )
    if htmx.wants_fragment():
        return htmx.fragment("media/_editor_picture.html", status=status, **context)
    form = ArticleForm() if article else NewArticleForm()
    form.hero_image_id.data = chosen.id if chosen else None
    return render_editor(form, article, status=status, picture_panel=context)


def _on_file(refused: Refused) -> Refused:
    """The service names `caption`/`credit`/`alt`/`image_file`; the form's fields are prefixed."""
    if refused.field == "image_file":
        refused.field = "file"
    return refused


def too_large(_error: RequestEntityTooLarge) -> tuple[str, int] | Response:
    """An upload too big to read: say so, and point back to the editor (where the text still is)."""
    article_id = (request.view_args or {}).get("article_id")
    back = (
        (url_for("articles.edit", article_id=article_id) if article_id else url_for("articles.new"))
        if request.endpoint == "media.editor_picture"
        else url_for("media.picture", image_id=(request.view_args or {}).get("image_id", 0))
        if request.endpoint == "media.replace"
        else url_for("media.index")
    )
    message = (
        "That picture is over 10 MB, so it wasn't sent and nothing was saved. "
        "Go back with your browser's Back button: what you typed is still in the form. "
        "Then make the picture smaller (under 10 MB) and upload it again."
    )
    if htmx.is_htmx():
        return htmx.fragment("media/_too_large.html", status=413, message=message, back=back)
    return render_template("media/too_large.html", message=message, back=back), 413
