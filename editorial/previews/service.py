"""Preview links' writes: make one (the token returned once), revoke it, log a view, take the
reviewer's answer.

The token is 256 bits from `secrets`; only its sha256 is stored. Finding a link hashes what was
presented, reads the row by that hash, and compares the two hashes again with
`hmac.compare_digest`, so the answer takes the same time however close a guess came. A view
keeps an HMAC of the address keyed by the app's secret and the link (`address_hash`): the desk
can count distinct readers, nobody can read an address back out of it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from editorial import clock
from editorial.articles.revisions.service import keep_revision, newest_revision
from editorial.audit import record
from editorial.extensions import db
from editorial.inbox.service import notify, people_on
from editorial.models import Article, Comment, Kind, PreviewLink, PreviewView, User
from editorial.models.previews import ACTIVE
from editorial.permissions import can
from editorial.refusal import Refused

DEFAULT_HOURS = 48
MAX_HOURS = 14 * 24
TOKEN_BYTES = 32  # 256 bits; security.md asks for at least 128
APPROVE, CHANGES = "approve", "changes"
VERDICTS = {APPROVE: "Approved", CHANGES: "Requested changes"}


@dataclass(frozen=True)
class Made:
    """A link just made, and its token: the only moment the token exists outside the reviewer's
    hands (shown once on the desk)."""

    link: PreviewLink
    token: str


def token_hash(token: str) -> str:
    """The stored form of a token: its sha256, hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def find(token: str) -> PreviewLink | None:
    """The link `token` opens, whatever its state, or None (a guessed or altered token)."""
    if not token or len(token) > 200:
        return None
    wanted = token_hash(token)
    link = db.session.scalar(select(PreviewLink).where(PreviewLink.token_hash == wanted))
    if link is None or not hmac.compare_digest(link.token_hash, wanted):
        return None
    return link


def create(
    article: Article,
    actor: User,
    *,
    name: str,
    email: str = "",
    note: str = "",
    pinned: bool = True,
    hours: int = DEFAULT_HOURS,
) -> Made:
    """Make a link to `article` for the reviewer `name`, valid for `hours` (at most 14 days),
    pinned to the text as it is now or following the latest save."""
    if not can(actor, "preview.manage", article):
        raise Refused("You can't share a preview of this story.", status=403)
    name = " ".join((name or "").split())
    if not name:
        raise Refused(
            "Give the reviewer's name: the page greets them by it.", field="reviewer_name"
        )
    if not 1 <= hours <= MAX_HOURS:
        raise Refused("A link lasts from one hour to 14 days.", field="hours")
    revision_id = None
    if pinned:
        revision = newest_revision(article, at_most=article.version)
        if revision is None or revision.version != article.version:
            revision = keep_revision(article, actor, "saved")  # a story never saved since
            db.session.flush()
        revision_id = revision.id
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock.now()
    link = PreviewLink(
        article_id=article.id,
        token_hash=token_hash(token),
        reviewer_name=name,
        reviewer_email=(email or "").strip(),
        note=(note or "").strip(),
        revision_id=revision_id,
        created_at=now,
        created_by_id=actor.id,
        expires_at=now + timedelta(hours=hours),
    )
    db.session.add(link)
    db.session.flush()
    record(
        "preview.created",
        link,
        actor=actor,
        article_id=article.id,
        reviewer=name,
        pinned=pinned,
        hours=hours,
    )
    return Made(link, token)


def revoke(link: PreviewLink, actor: User) -> None:
    """End `link` now: its page answers 410 from the next request."""
    if not can(actor, "preview.manage", link.article):
        raise Refused("You can't revoke this story's preview links.", status=403)
    if link.revoked_at is not None:
        raise Refused("That link was already revoked.", status=409)
    link.revoked_at, link.revoked_by_id = clock.now(), actor.id
    record(
        "preview.revoked",
        link,
        actor=actor,
        article_id=link.article_id,
        reviewer=link.reviewer_name,
    )


def address_hash(link_id: int, address: str | None) -> str:
    """A salted hash of a reader's address: keyed by the app's secret and the link."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"preview:{link_id}:{address or ''}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def log_view(link_id: int, address: str | None) -> None:
    """Note that `link_id` was opened now, from an address kept only as its hash."""
    db.session.add(
        PreviewView(link_id=link_id, at=clock.now(), address_hash=address_hash(link_id, address))
    )


def answer(link: PreviewLink, verdict: str, text: str) -> Comment:
    """The reviewer's answer: an internal comment on the story from outside (no author, the
    reviewer's name), and a notification to the people on the story."""
    if link.state() != ACTIVE:
        raise Refused("This preview link has ended.", status=410)
    if verdict not in VERDICTS:
        raise Refused("Choose Approve or Request changes.", field="verdict")
    words = (text or "").replace("\r\n", "\n").strip()
    if verdict == CHANGES and not words:
        raise Refused("Say what should change.", field="comment")
    if len(words) > 5000:
        raise Refused("Keep your comment under 5,000 characters.", field="comment")
    body = VERDICTS[verdict] + (f": {words}" if words else ".")
    now = clock.now()
    comment = Comment(
        article_id=link.article_id,
        actor_id=None,
        outside_name=link.reviewer_name,
        preview_link_id=link.id,
        body=body,
        at=now,
        updated_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    article = link.article
    said = f"{link.reviewer_name} (preview link): {body}"
    notify(people_on(article), Kind.COMMENTED, article, None, comment=comment, text=said)
    record(
        "preview.answered",
        link,
        actor=None,
        article_id=link.article_id,
        reviewer=link.reviewer_name,
        verdict=verdict,
    )
    return comment
