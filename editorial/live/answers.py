"""The live desk's small answers: after an action, only what it changed goes back, out of band
(the posts it stamped, the pinned box when the pin moved or the pinned post changed, the
counts), never the stream around them; and the `liveDesk` event that carries the stream's new
ETag, so the desk's next poll is a 304 rather than the stream again."""

from __future__ import annotations

from typing import Any

from flask import render_template
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.extensions import db
from editorial.identity import current_person
from editorial.live import checks, queries
from editorial.models import Article, LiveStory
from editorial.models.claims import VERDICT_LABELS, VERDICTS
from editorial.permissions import can


def etag(article_id: int, version: int | None = None) -> str:
    """The desk stream's ETag: the story's version (read unless given)."""
    if version is None:
        found = queries.version(article_id)
        version = found[0] if found else None
    return etag_of(article_id, version)


def etag_of(article_id: int, version: int | None) -> str:
    """The desk stream's ETag for the story's version (None: never made live)."""
    return f"live-{article_id}-{'none' if version is None else version}"


def post_context(article: Article, **extra: Any) -> dict[str, Any]:
    """What one desk post (`live/_desk_post.html`) needs, without the stream around it."""
    person = current_person()
    return {
        "article": article,
        "story": queries.story(article.id),
        "person": person,
        "manage": can(person, "live.manage", article),
        "may_check": lambda post: checks.may_check(person, post),
        "claim_tally": checks.tally,
        "verdicts": VERDICTS,
        "verdict_labels": VERDICT_LABELS,
        **extra,
    }


class Change:
    """A desk action in progress: `Change(article)` before the write holds the story's row and
    notes its version and pinned post; `answer(...)` after it commits and answers with only what
    the write stamped (the posts whose `seq` moved past that version)."""

    def __init__(
        self, article: Article, *, parts: bool = True, held: LiveStory | None = None
    ) -> None:
        """`parts=False`: the caller answers itself (`moved_to` only), so the pinned post
        `answer` compares with is not read. `held`: the story, already loaded under its lock
        (`queries.story_held`), whose version is the one the change starts from."""
        self.article = article
        if held is not None:
            self.since = held.version
        else:
            found = queries.version(article.id, lock=True)
            self.since = found[0] if found else 0
        self.pinned_before = queries.pinned_id(article.id) if parts else None

    def moved_to(self, after: int | None = None) -> dict[str, Any]:
        """The `liveDesk` event: a desk showing the version this change started from now shows
        the version it ended at (read inside the transaction, so nobody else's change is in
        it, unless the caller knows it: `after`, the version its own write returned); a desk
        that was further behind keeps its ETag and its poll catches up."""
        if after is None:
            found = queries.version(self.article.id)
            after = found[0] if found else self.since
        moved = {"from": etag(self.article.id, self.since), "to": etag(self.article.id, after)}
        return {"liveDesk": moved}

    def answer(self, message: str, back: str) -> Response:
        """Commit, then answer (the buttons swap nothing themselves: `hx-swap="none"`) with,
        out of band, every post the change stamped, the pinned box and the counts."""
        trigger = self.moved_to()
        changed = queries.desk_changed(self.article.id, self.since)
        db.session.commit()
        return htmx.done(message, lambda: self._parts(changed), back, trigger=trigger)

    def _parts(self, changed: list[Any]) -> str:
        article, before = self.article, self.pinned_before
        pinned = queries.desk_pinned(article.id)
        now = pinned.id if pinned is not None else None
        shown = queries.desk_ids(article.id)  # an older post has no place in the desk's stream
        context = post_context(article, counts=queries.counts(article.id))
        parts: list[str] = []
        if now is not None and now != before and now in shown:  # its place becomes a slot
            parts.append(
                f'<li id="pinned-slot-{now}" hidden'
                f' hx-swap-oob="outerHTML:#live-desk-posts #post-{now}"></li>'
            )
        if now != before or any(post.id == now for post in changed):
            parts.append(
                render_template("live/_desk_pinned.html", pinned=pinned, pinned_oob=True, **context)
            )
        for post in changed:
            if post.id == now:
                continue  # drawn in the pinned box
            slot = post.id == before and now != before  # it left the box for its slot
            if post.deleted_at is not None:
                gone = f"pinned-slot-{post.id}" if slot else post.anchor
                parts.append(f'<li id="{gone}" hx-swap-oob="delete"></li>')
            elif post.id in shown:
                oob = f"outerHTML:#pinned-slot-{post.id}" if slot else "true"
                parts.append(render_template("live/_desk_post.html", post=post, oob=oob, **context))
        parts.append(render_template("live/_count.html", oob=True, **context))
        return "".join(parts)
