"""The live desk: `/articles/<id>/live`, its composer (Ctrl+Enter; a plain form without
JavaScript), the stream polled through `htmx.poll` (304 while the story's version is the one
the page shows), and a post's edit form. The desk's body is kept whole per version
(`kept_desk`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import abort, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Select, and_, bindparam, select
from werkzeug.wrappers import Response

from editorial import clock, htmx, newsroom
from editorial.board_version import board_version_this_request, live_version_this_request
from editorial.commits import commit_keeping_loaded
from editorial.csrf_holes import HOLE, fill, fill_bytes, pieces
from editorial.database import read_only
from editorial.extensions import db
from editorial.fast_polls import Ask, cheap_poll
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.kept_parts import part_key, render_spliced
from editorial.live import queries, service
from editorial.live.answers import Change, etag, etag_of, post_context
from editorial.live.forms import ActionForm, EditForm, PostForm
from editorial.models import Article, Image, LivePost, LiveStory, User
from editorial.page_cache import changes_no_page
from editorial.permissions import LIVE_DESK, can, deny, get_visible_article, visible_to_row
from editorial.refusal import Refused, answer


def desk_article(article_id: int) -> Article:
    """The article, for someone who may use the live desk (404 if they can't see it)."""
    person = current_person()
    article = get_visible_article(person, article_id)
    if not can(person, "live.desk", article):
        deny("live.desk", article)
    return article


def desk_context(article: Article, **extra: Any) -> dict[str, Any]:
    context = post_context(article)
    person, story, manage = context["person"], context["story"], context["manage"]
    reporters = queries.reporters() if story is not None and manage else []
    posts = queries.desk_posts(article.id) if story is not None else []
    pinned = next((post for post in posts if post.pinned), None)
    if pinned is None and story is not None:
        pinned = queries.desk_pinned(article.id)
    return context | {
        "posts": posts,
        "pinned": pinned,
        "counts": queries.counts(article.id),
        "may_post": can(person, "live.post", article),
        "direct": story is not None and service.posts_directly(story, person),
        "reporters": reporters,
        "staff": queries.staff() if manage and story is not None and story.is_live else [],
        "form": extra.pop("form", None) or PostForm(formdata=None),
        "pictures": queries.recent_pictures() if story is not None and story.is_live else [],
        "action_form": ActionForm(formdata=None),
        "etag": etag(article.id),
        **extra,
    }


@read_only
def desk(article_id: int) -> Response:
    """The live desk page (its body alone for htmx), the body kept (`kept_desk`)."""
    version = board_version_this_request()  # before anything the page shows
    article = desk_article(article_id)
    body = kept_desk(article, version)
    if htmx.wants_fragment():
        return htmx.respond(body)
    return render_spliced("live/desk.html", "kept_body", body, article=article)


def kept_desk(article: Article, version: int) -> bytes:
    """The desk's body (`live/_desk_body.html`: status, composer, the stream of the 60 newest
    posts and the pinned box, who posts directly) drawn once per desk version (the story, its
    people, pictures, headlines) and live desks' version (`board_version.live_version`: any
    committed write to a live story, its posts, claims, co-authors and revisions, whoever
    writes it), under `kept_parts.part_key` (the viewer, the address, the zone and the minute),
    with this request's CSRF token. Kept as UTF-8 bytes split at the token's holes, spliced into
    the page (`kept_parts.render_spliced`), as the board is (bench:staff-bar)."""

    def render() -> tuple[bytes, ...]:
        return pieces(
            render_template(
                "live/_desk_body.html", **desk_context(article), csrf_token=lambda: HOLE
            )
        )

    key = part_key("live.desk", current_person(), version, live_version_this_request(), article.id)
    return fill_bytes(fragment_cache().get_or_render(key, render, alone=True), generate_csrf)


# The story's live version beside the article's columns (NULL when never made live).
_LIVE_VERSION = (
    select(LiveStory.version)
    .where(LiveStory.article_id == Article.id)
    .scalar_subquery()
    .label("live_version")
)


def stream_joined(check: Select[Any]) -> Select[Any]:
    """The poll gate's session check with the story's live version joined where the person of
    the session's row may see the story (`visible_to_row`, the rule `get_visible_article`
    keeps): one statement (on PostgreSQL the poll's second round trip went: bench:pgpolls)."""
    return check.add_columns(Article.id, _LIVE_VERSION).outerjoin(
        Article, and_(Article.id == bindparam("article_id"), visible_to_row())
    )


def stream_version(ask: Ask) -> str | None:
    """The stream's ETag for the poll gate (`fast_polls`): the story's live version, read with
    the session's row (`stream_joined`), for someone `desk_article` lets in (a role the
    "live.desk" rule allows, and the story visible to them). None otherwise: the view answers
    its 404 or 403 (and the refusal's audit row)."""
    person = ask.person
    if person is None or not person.has_role(*LIVE_DESK) or not person.rows:
        return None
    found, live_version = person.rows[0]
    return None if found is None else etag_of(ask.args["article_id"], live_version)


@cheap_poll(stream_version, htmx_only=False, joined=stream_joined)  # `htmx.poll` whatever asks
@read_only
def stream(article_id: int) -> Response:
    """The desk's poll: 304 while nothing changed, else the stream (the unchanged poll is the
    poll gate's, `stream_version`)."""
    article = desk_article(article_id)
    return htmx.poll(etag(article.id), partial(_stream_answer, article))


def _stream_answer(article: Article) -> str:
    """The stream, and out of band whether this person posts directly (the composer's button,
    never what is typed): `service.allow_direct` moves the story's version. The editors' list
    of who posts directly is not sent: redrawn at every new post, it would undo ticks not yet
    saved."""
    context = desk_context(article)
    stream = render_template("live/_stream.html", **context)
    story = context["story"]
    if story is None or not story.is_live or not context["may_post"]:
        return stream
    return stream + render_template("live/_post_mode.html", mode_oob=True, **context)


def live_story(article: Article) -> LiveStory:
    """The story's live coverage, or 404 when it was never made live."""
    return queries.story(article.id) or abort(404)


def refused_desk(article: Article, refused: Refused, permission: str, **extra: Any) -> Response:
    """A refused post or button: the whole desk again with why (and what was typed, in
    `extra`), in place of the desk for htmx, as its page without JS."""
    refusal = answer(refused, permission, article)
    context = desk_context(article, error=refusal.message, **extra)
    if htmx.wants_fragment():
        return htmx.respond(
            render_template("live/_desk_body.html", **context),
            status=refusal.status,
            retarget="#live-desk",
            reswap="outerHTML",
        )
    return htmx.respond(render_template("live/desk.html", **context), status=refusal.status)


@changes_no_page  # the service moves the site's version on when readers see the post
def create(article_id: int) -> Response:
    """Send the composer's post."""
    article = desk_article(article_id)
    person = current_person()
    story = queries.story_held(article.id) or abort(404)  # as `live_story`, held till the commit
    # What the answer's kept composer is keyed on (the desk's version) and the settings its
    # templates ask, read now in the write's transaction, the versions in one statement: after
    # the commit (which moves the site's version) they were two reads in a transaction of their
    # own (bench:live8).
    board_version_this_request()
    newsroom.current()
    form = PostForm()
    back = url_for("live.desk", article_id=article.id)
    try:
        if not form.validate_on_submit():
            message = next(iter(form.errors.values()))[0] if form.errors else "Write the post."
            raise Refused(str(message), field="body")
        picture = _picture(request.form.get("image_id", ""))
        change = Change(article, parts=False, held=story)  # the answer is the post itself
        post = service.create_post(
            story,
            person,
            image=picture,
            headline=form.headline.data or "",
            body=form.body.data or "",
            at=clock.now(),
            key_event=bool(form.key_event.data),
            needs_check=bool(form.needs_check.data),
            coauthors=_people(request.form.getlist("coauthors")),
        )
    except Refused as refused:
        return refused_desk(article, refused, "live.post", form=form, typed=request.form)
    trigger = change.moved_to(story.version)  # the poster's own poll then answers 304
    # Counted in the write's transaction, the story's row held: the counts as this commit leaves
    # them (after it, the count began a transaction of its own: bench:live8).
    counts = queries.counts(article.id)
    commit_keeping_loaded()
    said = "Posted." if post.is_public else "Sent: it waits for an editor."
    if post.waits_for_check:
        said = "Sent: it waits for a fact-check."
    return htmx.done(said, lambda: _posted(article, post, counts), back, trigger=trigger)


def _posted(article: Article, post: LivePost, counts: queries.Counts) -> str:
    """The posting answer: the new post (added at the top of the stream), and out of band the
    composer, empty again, and the counts; never the stream around it. The post is the one the
    session wrote (its writer is the person already loaded; nothing is read again eagerly)."""
    context = post_context(article, post=post, counts=counts)
    counts = context["counts"]
    first = counts.public + counts.waiting == 1  # "No posts yet" is on the page only then
    return "".join(
        [
            render_template("live/_desk_post.html", **context),
            empty_composer(article, context),
            render_template("live/_count.html", oob=True, **context),
            '<p id="live-empty" hx-swap-oob="delete"></p>' if first else "",
        ]
    )


def empty_composer(article: Article, context: dict[str, Any]) -> Markup:
    """The composer, empty again (out of band), kept under the desk's version: its pickers (the
    staff, the library's newest pictures) are tables a write to which moves it, and a post
    moves only the live desks' version. The person, whether they manage the story and whether
    their posts go out at once are in the key; the form's token is this request's."""
    story, person, manage = context["story"], context["person"], context["manage"]
    direct = story is not None and service.posts_directly(story, person)

    def render() -> str:
        return render_template(
            "live/_composer.html",
            composer_oob=True,
            **context,
            form=PostForm(formdata=None),
            may_post=True,
            direct=direct,
            staff=queries.staff() if manage else [],
            pictures=queries.recent_pictures(),
            csrf_token=lambda: HOLE,
        )

    key = part_key(
        "live.composer", person, board_version_this_request(), article.id, manage, direct
    )
    return fill(fragment_cache().get_or_render(key, render), generate_csrf)


def _people(values: list[str]) -> list[User]:
    """The staff chosen in a co-author list, in the order given (unknown ids left out)."""
    ids = [int(value) for value in values if value.isdigit()][:20]
    found = {person.id: person for person in queries.staff_by_id(ids)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def _picture(value: str) -> Image | None:
    """The library picture chosen in the composer (none for an empty choice)."""
    if not value:
        return None
    image = db.session.get(Image, int(value)) if value.isdigit() else None
    if image is None or not image.complete:
        raise Refused("Choose a picture from the library.", field="image_id")
    return image


def _post(article: Article, post_id: int) -> LivePost:
    post = queries.post(article.id, post_id)
    if post is None or post.deleted_at is not None:
        abort(404)
    return post


@changes_no_page  # as `create`
def edit(article_id: int, post_id: int) -> Response:
    """A post's edit form (GET) and its save (POST); the old words become a revision."""
    article = desk_article(article_id)
    post = _post(article, post_id)
    back = url_for("live.desk", article_id=article.id, _anchor=post.anchor)
    form = EditForm(obj=post) if request.method == "GET" else EditForm()
    manage = can(current_person(), "live.manage", article)
    context = {
        "article": article,
        "post": post,
        "form": form,
        "revisions": queries.revisions(post.id),
        "staff": queries.staff() if manage else [],
    }
    if request.method == "GET":
        return htmx.respond(render_template("live/edit.html", **context))
    try:
        if not form.validate_on_submit():
            message = next(iter(form.errors.values()))[0] if form.errors else "Write the post."
            raise Refused(str(message), field="body")
        change = Change(article)
        changed = service.edit(
            post,
            current_person(),
            headline=form.headline.data or "",
            body=form.body.data or "",
            at=clock.now(),
        )
        if manage and "coauthors_shown" in request.form:
            people = _people(request.form.getlist("coauthors"))
            changed = service.set_coauthors(post, people, current_person()) or changed
    except Refused as refused:
        refusal = answer(refused, "live.post", article)
        context["error"] = refusal.message
        context["revisions"] = queries.revisions(post.id)
        return htmx.respond(render_template("live/edit.html", **context), status=refusal.status)
    return change.answer("Saved." if changed else "Nothing to change.", back)
