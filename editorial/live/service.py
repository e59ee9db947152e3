"""Live coverage's writes: start and end a live story, write, publish, edit, delete, pin and
flag posts, choose a post's co-authors, promote a post to the BREAKING ticker (a post's
fact-check, claim by claim, is `checks.py`).

Each write checks who may (`permissions.can`, refusing with `Refused`), changes the rows,
moves the story's `version` on (the polls' ETag) with the post's `seq`, and adds an audit event
(family "live") to the caller's transaction; the caller commits once. A change a reader sees
also moves the site's version on (`page_cache.bump_site_version`), so cached pages and their
ETags follow the posts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.orm.attributes import set_committed_value

from editorial import page_cache
from editorial.articles.claims.service import normalised
from editorial.audit import record, record_written
from editorial.breaking import rules as breaking_rules
from editorial.breaking import service as breaking_service
from editorial.extensions import db
from editorial.live.written import write_post
from editorial.models import Article, BreakingHeadline, Image, User
from editorial.models.breaking import TEXT_LIMIT
from editorial.models.claims import tally_of
from editorial.models.live import (
    HEADLINE_LIMIT,
    LivePost,
    LivePostRevision,
    LiveStory,
    live_post_coauthors,
)
from editorial.permissions import can
from editorial.refusal import Refused
from editorial.rendering import render_markdown
from editorial.text import clean_text, html_text, one_line
from editorial.webhooks import events as webhooks

BODY_LIMIT = 20_000


def story_of(article: Article) -> LiveStory | None:
    """The article's live story, if it was ever made live."""
    return db.session.get(LiveStory, article.id)


def start(article: Article, actor: User, at: datetime) -> LiveStory:
    """Make `article` a live story (or run an ended one again)."""
    _need(actor, "live.manage", article, "Only editors can start live coverage.")
    story = story_of(article)
    if story is not None and story.is_live:
        raise Refused("This story is already live.", status=409)
    if story is None:
        story = LiveStory(article_id=article.id, started_at=at, started_by_id=actor.id)
        db.session.add(story)
        story.version = 0
        story.direct_reporters = []
    else:
        story.ended_at = None
        story.ended_by_id = None
    moved(story)
    record("live.started", article, actor=actor)
    return story


def end(story: LiveStory, actor: User, at: datetime) -> None:
    """End the live coverage: the LIVE marks go, every post stays, the end time is kept."""
    _need(actor, "live.manage", story.article, "Only editors can end live coverage.")
    if not story.is_live:
        raise Refused("This live story has already ended.", status=409)
    story.ended_at = at
    story.ended_by_id = actor.id
    moved(story)
    record("live.ended", story.article, actor=actor)


def allow_direct(story: LiveStory, reporters: list[User], actor: User) -> None:
    """Let exactly `reporters` post without waiting for an editor."""
    _need(actor, "live.manage", story.article, "Only editors can choose who posts directly.")
    ids = sorted({person.id for person in reporters})
    if ids == sorted(story.direct_reporters or []):
        return
    story.direct_reporters = ids
    # No reader sees it, but every open desk does: its stream's poll (the story's version).
    moved(story, seen=False)
    record("live.direct", story.article, actor=actor, reporters=ids)


def _clean(headline: str, body: str) -> tuple[str, str]:
    headline = one_line(headline or "")
    body = clean_text(body or "").strip()
    if len(headline) > HEADLINE_LIMIT:
        raise Refused(f"Keep the headline to {HEADLINE_LIMIT} characters.", field="headline")
    if not body:
        raise Refused("Write the post.", field="body")
    if len(body) > BODY_LIMIT:
        raise Refused(f"Keep a post to {BODY_LIMIT} characters.", field="body")
    return headline, body


def posts_directly(story: LiveStory, person: User) -> bool:
    """Whether `person`'s posts go out at once: editors, and reporters an editor named."""
    return can(person, "live.manage", story.article) or person.id in (story.direct_reporters or [])


def create_post(
    story: LiveStory,
    actor: User,
    *,
    headline: str = "",
    body: str,
    at: datetime,
    image: Image | None = None,
    key_event: bool = False,
    needs_check: bool = False,
    coauthors: list[User] | None = None,
) -> LivePost:
    """Write a post: out at once for an editor (or a named reporter), unless it needs a check.
    An editor may name co-authors; from anyone else they change nothing."""
    _need(actor, "live.post", story.article, "You can't post to this live story.")
    if not story.is_live:
        raise Refused("This live story has ended: start it again to post.", status=409)
    headline, body = _clean(headline, body)
    manage = can(actor, "live.manage", story.article)
    out = posts_directly(story, actor) and not needs_check
    post = LivePost(
        article_id=story.article_id,
        headline=headline,
        body=body,
        body_html=render_markdown(body),
        image_id=image.id if image is not None else None,
        author_id=actor.id,
        created_at=at,
        updated_at=at,
        edited_at=None,
        published_at=at if out else None,
        pinned=False,
        key_event=key_event and manage,
        needs_check=needs_check,
        checked_at=None,
        checked_by_id=None,
        check_note="",
        deleted_at=None,
    )
    # Stamped before it is written, so the post goes in with its `seq` (one INSERT, no UPDATE).
    moved(story, post, seen=out)
    write_post(post, image)
    if manage and coauthors:
        _write_coauthors(post, coauthors)
    else:  # a new post has no co-authors: nothing to read back when it is drawn
        set_committed_value(post, "coauthors", [])
    webhooks.post_went_out(post)
    record_written(
        "live.posted",
        story.article,
        actor=actor,
        post_id=post.id,
        published=out,
        needs_check=needs_check,
    )
    return post


def publish(post: LivePost, actor: User, at: datetime) -> None:
    """An editor's "Publish post"."""
    story = story_of_post(post)
    _need(actor, "live.manage", post.article, "Only editors can publish live posts.")
    _alive(post)
    if post.published_at is not None:
        raise Refused("This post is already out.", status=409)
    if post.waits_for_check or not check_cleared(post):
        raise Refused("This post needs a fact-checker's clearance before it can go out.")
    post.published_at = at
    post.updated_at = at
    moved(story, post)
    record("live.published", post.article, actor=actor, post_id=post.id)


def edit(post: LivePost, actor: User, *, headline: str, body: str, at: datetime) -> bool:
    """Change a post's words, keeping what it said as a revision; False when nothing changed.

    Editors edit any post; a reporter only their own, until it is out."""
    story = story_of_post(post)
    _alive(post)
    own = post.author_id == actor.id and post.published_at is None
    if not (can(actor, "live.manage", post.article) or (own and can(actor, "live.post"))):
        raise Refused("You can't edit this post.", status=403)
    headline, body = _clean(headline, body)
    if (headline, body) == (post.headline, post.body):
        return False
    db.session.add(
        LivePostRevision(
            post_id=post.id,
            headline=post.headline,
            body=post.body,
            saved_at=at,
            saved_by_id=actor.id,
        )
    )
    was_public = post.is_public
    post.headline, post.body, post.body_html = headline, body, render_markdown(body)
    post.updated_at = at
    if post.published_at is not None:
        post.edited_at = at
    if _mark_changed_claims(post, actor) and post.needs_check:
        post.published_at = None  # its check no longer holds: held back until checked again
    moved(story, post, seen=was_public or post.is_public)
    record("live.edited", post.article, actor=actor, post_id=post.id)
    return True


def delete(post: LivePost, actor: User, at: datetime) -> None:
    """Take a post down: nothing of it is public any more; the row and its history stay."""
    story = story_of_post(post)
    _alive(post)
    own = post.author_id == actor.id and post.published_at is None
    if not (can(actor, "live.manage", post.article) or own):
        raise Refused("Only editors can delete a live post.", status=403)
    was_public = post.is_public
    post.deleted_at = at
    post.pinned = False
    post.key_event = False
    moved(story, post, seen=was_public)
    record("live.deleted", post.article, actor=actor, post_id=post.id, was_public=was_public)


def set_pinned(post: LivePost, pinned: bool, actor: User) -> None:
    """Pin a post (shown first; any other pinned post is unpinned) or unpin it."""
    story = story_of_post(post)
    _need(actor, "live.manage", post.article, "Only editors can pin a live post.")
    _alive(post)
    if post.pinned == pinned:
        return
    if pinned:
        others = select(LivePost).where(
            LivePost.article_id == post.article_id, LivePost.pinned, LivePost.id != post.id
        )
        for other in db.session.scalars(others):
            other.pinned = False
            moved(story, other)
    post.pinned = pinned
    moved(story, post)
    record("live.pinned" if pinned else "live.unpinned", post.article, actor=actor, post_id=post.id)


def set_key_event(post: LivePost, key: bool, actor: User) -> None:
    """Mark (or unmark) a post as a key event, listed in the summary at the top."""
    story = story_of_post(post)
    _need(actor, "live.manage", post.article, "Only editors can mark key events.")
    _alive(post)
    if post.key_event == key:
        return
    post.key_event = key
    moved(story, post)
    action = "live.key_marked" if key else "live.key_unmarked"
    record(action, post.article, actor=actor, post_id=post.id)


def ask_check(post: LivePost, actor: User) -> None:
    """Mark a post "needs check": it cannot go out (or, if out, it is held back) until cleared."""
    story = story_of_post(post)
    _need(actor, "live.manage", post.article, "Only editors can ask for a check.")
    _alive(post)
    if post.waits_for_check:
        return
    was_public = post.is_public
    post.needs_check = True
    post.checked_at = None
    post.checked_by_id = None
    post.check_note = ""
    post.published_at = None  # held back until cleared
    moved(story, post, seen=was_public)
    record("live.check_asked", post.article, actor=actor, post_id=post.id)


def set_coauthors(post: LivePost, people: list[User], actor: User) -> bool:
    """An editor's choice of co-authors (the writer stays first); False when nothing changed."""
    story = story_of_post(post)
    _need(actor, "live.manage", post.article, "Only editors choose a post's co-authors.")
    _alive(post)
    wanted = [p.id for p in people if p.id != post.author_id]
    if wanted == [p.id for p in post.coauthors]:
        return False
    db.session.execute(
        sql_delete(live_post_coauthors).where(live_post_coauthors.c.post_id == post.id)
    )
    _write_coauthors(post, people)
    moved(story, post, seen=post.is_public)
    record("live.coauthors", post.article, actor=actor, post_id=post.id, coauthors=wanted)
    return True


def _write_coauthors(post: LivePost, people: list[User]) -> None:
    ids = list(dict.fromkeys(p.id for p in people if p.id != post.author_id))
    if ids:
        rows = [{"post_id": post.id, "user_id": uid, "position": n} for n, uid in enumerate(ids)]
        db.session.execute(insert(live_post_coauthors), rows)
    db.session.expire(post, ["coauthors"])


def quoted_in(post: LivePost, text: str) -> bool:
    """Whether `text` (a claim's quote) is in the post as it reads now, headline or body."""
    return normalised(text) in normalised(f"{post.headline} {html_text(post.body_html)}")


def check_cleared(post: LivePost) -> bool:
    """Whether a post marked "needs check" may go out: its check cleared (`live.checks.clear`)
    and its claims still resolved by the ledger's rule."""
    if not post.needs_check:
        return True
    return post.checked_at is not None and tally_of(post.claims).problem() is None


def _mark_changed_claims(post: LivePost, actor: User) -> bool:
    """After an edit: a claim whose quote is gone is "text changed", and a cleared check is
    taken back (the post waits for a check again), as the article ledger does on a save."""
    gone = [c for c in post.claims if not c.text_changed and not quoted_in(post, c.text)]
    for claim in gone:
        claim.text_changed = True
    if gone:
        post.checked_at, post.checked_by_id, post.check_note = None, None, ""
        record("live.claims_text_changed", post.article, actor=actor, post_id=post.id)
    return bool(gone)


def promote(post: LivePost, actor: User, at: datetime) -> BreakingHeadline:
    """Put the post on the BREAKING ticker, linked to the live story at the post's anchor, by
    the breaking desk's own rules (200 characters, times, the story's language)."""
    _need(actor, "breaking.manage", post.article, "Only editors can put a post on the ticker.")
    _alive(post)
    if not post.is_public:
        raise Refused("Publish the post before putting it on the ticker.")
    text = post.headline or one_line(post.body)
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1].rstrip() + "…"
    prepared = breaking_rules.prepare(
        text,
        f"/news/{post.article.slug}",
        None,
        None,
        False,
        at,
        language=post.article.language,
    )
    headline = breaking_service.create(prepared, actor=actor, at=at)
    headline.anchor = post.anchor
    page_cache.bump_site_version()  # the ticker is on every page
    record("live.promoted", post.article, actor=actor, post_id=post.id, headline_id=headline.id)
    return headline


# -- helpers ----------------------------------------------------------------------------------


def _need(actor: User, action: str, article: Article, message: str) -> None:
    if not can(actor, action, article):
        raise Refused(message, status=403)


def story_of_post(post: LivePost) -> LiveStory:
    story = db.session.get(LiveStory, post.article_id)
    if story is None:  # a post always belongs to a live story; guard the impossible
        raise Refused("This story is not live.", status=404)
    return story


def _alive(post: LivePost) -> None:
    if post.deleted_at is not None:
        raise Refused("This post was deleted.", status=410)


# The story's version moved on and read back in one statement (was an UPDATE and a refresh).
_MOVE_ON = (
    update(LiveStory)
    .where(LiveStory.article_id == bindparam("story_id"))
    .values(version=LiveStory.version + 1)
    .returning(LiveStory.version)
)
_NO_SYNC = {"synchronize_session": False}


def moved(story: LiveStory, post: LivePost | None = None, *, seen: bool = True) -> None:
    """Move the story's version on (the polls' ETag) and stamp the post with it; when readers
    see the change (`seen`), the site's version too, so cached pages and their ETags follow.
    A reporter's post waiting for an editor changes no reader's page."""
    db.session.flush()
    version = db.session.execute(
        _MOVE_ON, {"story_id": story.article_id}, execution_options=_NO_SYNC
    ).scalar_one()
    set_committed_value(story, "version", version)  # what the database holds now
    if post is not None:
        post.seq = version
    if seen:
        page_cache.bump_site_version()
