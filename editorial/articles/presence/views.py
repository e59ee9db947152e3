""" "Being edited by NAME": the editor's heartbeat, and the notice others see.

The editor page POSTs a heartbeat every ~20 seconds (htmx, CSRF token in the hx-headers) and gets
back the notice about everyone else who has it open; the article page polls the same notice with
a GET, which writes nothing. Someone whose last heartbeat is over a minute old is not shown.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask import request as flask_request
from werkzeug.wrappers import Response

from editorial import clock, htmx
from editorial.articles.presence import beats
from editorial.articles.presence.service import (
    editing_now,
    presence_joined,
    presence_version,
    signature,
)
from editorial.database import read_only
from editorial.extensions import db
from editorial.fast_polls import cheap_poll
from editorial.identity import current_identity, current_person
from editorial.page_cache import changes_no_page
from editorial.permissions import get_visible_article


def _notice(article_id: int) -> Response:
    person = current_person()
    article = get_visible_article(person, article_id)
    return htmx.render(
        "articles/panel.html",
        "articles/_presence.html",
        title="Who is editing",
        partial="articles/_presence.html",
        article=article,
        editors=editing_now(article, person),
    )


@cheap_poll(presence_version, joined=presence_joined)
@read_only
def presence(article_id: int) -> Response:
    """Who else has this article open in the editor now (fragment for htmx, else a page).

    The desk page polls it: 304 while nobody came or went (`service.signature`)."""
    if not htmx.wants_fragment():
        return _notice(article_id)
    person = current_person()
    article = get_visible_article(person, article_id)
    return htmx.poll(
        signature(article, person),
        lambda: render_template(
            "articles/_presence.html", article=article, editors=editing_now(article, person)
        ),
    )


@changes_no_page
def presence_heartbeat(article_id: int) -> Response | tuple[str, int]:
    """The editor is still open (or, with `leaving`, closed); answers with who else is there.

    Only someone who may edit the article counts as editing it; anyone else gets the notice only.
    What it decides from is one read in its own transaction, no ORM object (`beats`).
    """
    person = current_identity()
    if person is None:
        abort(401)
    now = clock.now()
    found = beats.read(person, article_id, now)
    if found is None:
        abort(404)
    if flask_request.form.get("leaving"):
        # Whether or not they may still edit it (the story may have moved on meanwhile).
        beats.leave(article_id, person.id)
        db.session.commit()
        return "", 204
    if found.editing:
        beats.beat(article_id, person.id, now)
        db.session.commit()
    if not htmx.is_htmx():
        return redirect(
            url_for("articles.edit" if found.editing else "articles.show", article_id=article_id)
        )
    if not htmx.wants_fragment():
        return _notice(article_id)
    return htmx.respond(beats.notice(found.others))
