"""Editorial comments: posting, replying, editing, deleting, resolving, and who a comment names.

Comments are plain text. @mentions are found in the text itself against the active people's
display names ("@Amal Nasser"), so one typed by hand works exactly like one picked from the
suggestions. Every change moves the comment's `updated_at`, which the thread's poll compares.
The caller commits; `comment_posted` is sent inside the transaction, so the notifications it
causes land with the comment or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import has_request_context
from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from editorial import clock
from editorial.audit import record, record_written
from editorial.board_version import note_written
from editorial.extensions import db
from editorial.models import Article, Comment, User
from editorial.permissions import can
from editorial.refusal import Refused
from editorial.signals import comment_posted
from editorial.text import clean_text

MAX_LENGTH = 5000
MAX_MENTIONS = 20  # a comment naming more people than this is a broadcast, not a question
# Where a mention may start: at the beginning or after a space or opening punctuation, so
# "someone@example.com" is an address, not a mention of "example".
_MENTION_START = re.compile(r"(?:^|(?<=[\s(\[{\"'«“]))@")


@dataclass
class Posted:
    """A comment just posted, who it notified by mention and who it named but could not reach."""

    comment: Comment
    mentioned: list[User] = field(default_factory=list)
    unreachable: list[User] = field(default_factory=list)


def checked_body(text: str) -> str:
    """The comment's text, stripped; refused when empty or longer than MAX_LENGTH characters."""
    body = (text or "").replace("\r\n", "\n").strip()
    if not body:
        raise Refused("Write something before posting.", field="body")
    if len(body) > MAX_LENGTH:
        raise Refused(
            f"Keep a comment under {MAX_LENGTH:,} characters (this one has {len(body):,}).",
            field="body",
        )
    return body


def active_people() -> list[User]:
    """Everyone who can be mentioned: active people, longest name first (for matching)."""
    people = db.session.scalars(select(User).where(User.active.is_(True)))
    return sorted(people, key=lambda person: -len(person.display_name))


def mentions_in(text: str, people: Iterable[User]) -> list[User]:
    """The people `text` mentions as "@Display Name", in order of first mention, each once.

    The longest name wins ("@Amal Nasser" is Amal Nasser, not a shorter "Amal"), the case of the
    name is ignored, and a name must end at a word boundary ("@Amalia" is not "@Amal").
    """
    candidates = sorted(people, key=lambda person: -len(person.display_name))
    found: dict[int, User] = {}
    folded = text.casefold()
    for start in _MENTION_START.finditer(text):
        after = start.end()
        for person in candidates:
            name = person.display_name.casefold()
            end = after + len(name)
            if name and folded.startswith(name, after) and not _continues_word(folded, end):
                found.setdefault(person.id, person)
                break
        if len(found) >= MAX_MENTIONS:
            break
    return list(found.values())


def _continues_word(text: str, index: int) -> bool:
    return index < len(text) and (text[index].isalnum() or text[index] == "_")


def post(article: Article, actor: User, text: str, *, parent: Comment | None = None) -> Posted:
    """Add `actor`'s comment (a reply to `parent`'s thread when given) to `article`."""
    body = checked_body(text)
    if parent is not None:
        if parent.article_id != article.id:
            raise Refused("That comment belongs to another article.", status=404)
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id) or parent  # one level of replies
        if parent.deleted:
            raise Refused("That comment was deleted, so it can't be replied to.", status=409)
    now = clock.now()
    if parent is None:
        comment = _inserted(article, actor, body, now)
    else:
        comment = Comment(
            article_id=article.id,
            actor_id=actor.id,
            parent_id=parent.id,
            body=body,
            at=now,
            updated_at=now,
        )
        db.session.add(comment)
        parent.updated_at = now  # the thread changed: the poll must see it
        db.session.flush()
    # Everyone active is read only when the text could mention someone: most comments don't.
    people = active_people() if "@" in body else []
    named = [person for person in mentions_in(body, people) if person.id != actor.id]
    reachable = [person for person in named if can(person, "article.history", article)]
    # Written at once (the comment is flushed already): the notifications are then the only
    # rows left to the unit of work, flushed once at the commit.
    record_written(
        "comment.posted", comment, actor=actor, article_id=article.id, reply=parent is not None
    )
    comment_posted.send(article, comment=comment, actor=actor, mentioned=reachable)
    # By id: Flask-Login's UserMixin compares people by session token, None for all of these.
    told = {person.id for person in reachable}
    unreachable = [person for person in named if person.id not in told]
    return Posted(comment, reachable, unreachable)


# Built once: every new thread sends it. Through the session (its listeners note the table, so
# the desk's version moves as the flush's insert moved it).
_INSERT = insert(Comment).returning(Comment.id)
_CORE_INSERT = insert(Comment.__table__).returning(Comment.__table__.c.id)  # type: ignore[arg-type]
_COLUMNS = [prop.key for prop in inspect(Comment).column_attrs]


def _inserted(article: Article, actor: User, body: str, now: datetime) -> Comment:
    """A new thread's comment written by one INSERT (no unit of work for one row), then held by
    the session as the row now stands, as after its flush: every column set (nothing is read
    again), no replies yet."""
    values = {
        "article_id": article.id,
        "actor_id": actor.id,
        "parent_id": None,
        "body": clean_text(body),  # as the mapper's `clean_stored_text` cleans a flushed row
        "at": now,
        "updated_at": now,
    }
    session = db.session()
    if has_request_context():
        # On the session's connection, past the ORM's bulk insert (which cost more than the
        # flush it replaces): in a request the desk's version is the only listener's note an
        # INSERT of a comment makes (`board_version`; the page cache notes writes out of
        # requests only, insights and the settings follow other tables), so it is made here.
        session._autoflush()  # what is pending first, as `Session.execute` does
        comment_id = session.connection().execute(_CORE_INSERT, values).scalar_one()
        note_written()
    else:
        comment_id = session.execute(_INSERT, [values]).scalar_one()
    comment = Comment(**({key: None for key in _COLUMNS} | values | {"id": comment_id}))
    make_transient_to_detached(comment)
    db.session.add(comment)
    set_committed_value(comment, "replies", [])
    return comment


def _own(comment: Comment, actor: User, doing: str) -> None:
    if comment.actor_id != actor.id:
        raise Refused(f"Only the person who wrote a comment can {doing} it.", status=403)
    if comment.deleted:
        raise Refused("That comment was deleted.", status=409)


def edit(comment: Comment, actor: User, text: str) -> None:
    """Change the text of `actor`'s own comment; it then says "edited"."""
    _own(comment, actor, "edit")
    body = checked_body(text)
    if body == comment.body:
        return
    now = clock.now()
    comment.body, comment.edited_at, comment.updated_at = body, now, now
    record("comment.edited", comment, actor=actor, article_id=comment.article_id)


def delete(comment: Comment, actor: User) -> None:
    """Delete `actor`'s own comment; a thread with replies keeps a "comment deleted" line."""
    _own(comment, actor, "delete")
    now = clock.now()
    comment.deleted_at, comment.updated_at = now, now
    record("comment.deleted", comment, actor=actor, article_id=comment.article_id)


def set_resolved(comment: Comment, actor: User, resolved: bool) -> None:
    """Resolve (fold away) or reopen a thread, recording who and when."""
    if comment.parent_id is not None:
        raise Refused("Resolve the thread from its first comment.", status=409)
    if comment.resolved == resolved:
        return
    now = clock.now()
    comment.resolved_at = now if resolved else None
    comment.resolved_by_id = actor.id if resolved else None
    comment.updated_at = now
    record(
        "comment.resolved" if resolved else "comment.reopened",
        comment,
        actor=actor,
        article_id=comment.article_id,
    )
