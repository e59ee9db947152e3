"""The reviewer's side: the preview page at `/preview/<token>` (no sign-in) and their answer.

The page is the public story template itself (`public/article.html`, extended by
`previews/show.html`), in the story's language and direction, with none of the lists that only
exist once it runs and nothing of the desk. Every answer here, errors included, is `no-store`
and `noindex`, sends no referrer (the token is in the address), and is never kept by the page
cache (`page_cache.NEVER`). A token that opens nothing gets the plain 404 of any missing page;
a link that has ended, 410 with a sentence saying so.
"""

from __future__ import annotations

from flask import abort, g, render_template, request
from werkzeug.wrappers import Response

from editorial import database
from editorial.extensions import db, limiter
from editorial.models import PreviewLink
from editorial.models.previews import ACTIVE, REVOKED
from editorial.permissions import public
from editorial.previews import queries, service
from editorial.previews.forms import AnswerForm
from editorial.refusal import Refused

# The answer form: a reviewer answers once or twice; a script trying tokens or flooding the
# desk's conversation is stopped (per address; memory, or Redis across processes).
ANSWER_LIMIT = "10 per hour"


def _link(token: str) -> PreviewLink:
    """The link `token` opens, or the 404 a missing page gets."""
    return service.find(token) or abort(404)


def _gone(link: PreviewLink) -> tuple[str, int]:
    ended = "was revoked" if link.state() == REVOKED else "has expired"
    return render_template("previews/gone.html", ended=ended), 410


def _page(
    link: PreviewLink, form: AnswerForm, status: int = 200, **extra: object
) -> tuple[str, int]:
    story = queries.story_for(link)
    g.edition = link.article.language  # the chrome in the story's language
    return (
        render_template(
            "previews/show.html",
            article=story,
            related=[],
            read_next=None,
            most_read=[],
            reviewer=True,
            link=link,
            embargo=queries.embargo_words(link.article),
            form=form,
            **extra,
        ),
        status,
    )


@public
@database.read_only
def show(token: str) -> tuple[str, int]:
    """The story as it would be published, for the reviewer the link names.

    Read-only (no write lock); the view is logged after the answer is sent, with the address as a
    salted hash only.
    """
    link = _link(token)
    if link.state() != ACTIVE:
        return _gone(link)
    link_id, address = link.id, request.remote_addr
    database.after_response(lambda: service.log_view(link_id, address))
    return _page(link, AnswerForm(formdata=None))


@public
@limiter.limit(ANSWER_LIMIT)
def answer(token: str) -> tuple[str, int]:
    """Approve or request changes: an internal comment on the story from the reviewer."""
    link = _link(token)
    if link.state() != ACTIVE:
        return _gone(link)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _page(link, form, 422)
    try:
        service.answer(link, form.verdict.data or "", form.comment.data or "")
    except Refused as refused:
        db.session.rollback()
        if refused.status == 410:
            return _gone(link)
        return _page(link, form, 422, error=str(refused))
    db.session.commit()
    return render_template("previews/answered.html", link=link, verdict=form.verdict.data), 200


def private_answer(response: Response) -> Response:
    """Every answer of this blueprint: not kept anywhere, not indexed, no referrer sent on."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
