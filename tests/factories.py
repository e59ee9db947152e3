"""Factories: people, articles and breaking headlines in one line each, with sensible defaults.

Every `make_*` helper the tests share lives here; other shared helpers are in tests/helpers.py.
"""

from __future__ import annotations

import io
import itertools
import uuid
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from editorial import clock
from editorial.articles.service import store_byline_order
from editorial.extensions import db
from editorial.live import service as live_service
from editorial.models import (
    Article,
    AuditEvent,
    BreakingHeadline,
    Image,
    LiveStory,
    Role,
    Section,
    User,
)
from editorial.models.taxonomy import get_or_create_tag
from editorial.passwords import hash_password
from editorial.rendering import render_markdown
from editorial.text import count_words, slugify

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


@cache
def _password_hash() -> str:
    # argon2 is slow on purpose; hash the shared test password once per run.
    return hash_password(PASSWORD)


def make_user(role: Role | str = Role.REPORTER, **fields: Any) -> User:
    """An active user of `role`, committed, whose password is PASSWORD."""
    n = next(_sequence)
    role = Role(role)
    user = User(
        email=fields.pop("email", f"{role.value}{n}@example.com"),
        display_name=fields.pop("display_name", f"{role.label} {n}"),
        role=role,
        password_hash=fields.pop("password_hash", _password_hash()),
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def section(name: str = "Politics") -> Section:
    """A seeded section by name (the test database is seeded with the taxonomy)."""
    from sqlalchemy import select

    return db.session.scalar(select(Section).where(Section.name == name))


def make_article(
    state: str = "draft",
    *,
    authors: list[User] | None = None,
    headline: str | None = None,
    body: str = "Officials said on Thursday that talks would continue next week.",
    tags: list[str] = (),  # type: ignore[assignment]
    published_at: datetime | None = None,
    **fields: Any,
) -> Article:
    """An article in `state` (set directly, as if it had got there), committed."""
    n = next(_sequence)
    headline = headline if headline is not None else f"Ministers meet over fuel prices, round {n}"
    if authors is None:
        authors = [make_user(Role.REPORTER)]
    article = Article(
        # A random tail: several processes may create articles at once (tests/workers.py).
        slug=fields.pop("slug", f"{slugify(headline, 90)}-{n}-{uuid.uuid4().hex[:6]}"),
        headline=headline,
        summary=fields.pop("summary", "A short summary of what happened and why it matters."),
        body=body,
        body_html=render_markdown(body),
        word_count=count_words(body),
        section=fields.pop("section", section()),
        state=state,
        **fields,
    )
    article.authors = list(authors)
    article.created_by = authors[0] if authors else None
    article.tags = [get_or_create_tag(name) for name in tags]
    if state == "published" and published_at is None:
        published_at = clock.now()
    article.published_at = published_at
    if state == "published":
        article.first_published_at = published_at
    db.session.add(article)
    db.session.flush()
    store_byline_order(article)  # as the editor does: the byline in the order given
    db.session.commit()
    return article


def make_headline(
    text: str = "Quake hits the north",
    *,
    starts: datetime | None = None,
    minutes: float = 60,
    by: User | None = None,
    **fields: Any,
) -> BreakingHeadline:
    """A breaking headline from `starts` (default now) running `minutes`, committed."""
    start = starts or clock.now()
    headline = BreakingHeadline(
        text=text,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        created_by=by,
        updated_by=by,
        created_at=clock.now(),
        updated_at=clock.now(),
        **fields,
    )
    db.session.add(headline)
    db.session.commit()
    return headline


def make_audit_event(
    action: str = "user.updated",
    *,
    actor: User | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    at: datetime | None = None,
    commit: bool = True,
    **details: Any,
) -> AuditEvent:
    """An audit event as `audit.record` would write it, at `at` (default now)."""
    event = AuditEvent(
        at=at or clock.now(),
        actor_id=actor.id if actor else None,
        actor_label=actor.email if actor else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        ip="203.0.113.9",
        details=details,
    )
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def make_claim(
    article: Article,
    text: str,
    verdict: str = "unchecked",
    *,
    sources: list[str] | None = None,
    note: str = "",
    text_changed: bool = False,
    checked_by: User | None = None,
) -> Any:
    """A fact-check claim on `article` quoting `text`, committed (no history row)."""
    from editorial.models import Claim

    claim = Claim(
        article_id=article.id,
        text=text,
        verdict=verdict,
        sources=list(sources or []),
        note=note,
        text_changed=text_changed,
        checked_by_id=checked_by.id if checked_by else None,
        checked_at=clock.now() if checked_by else None,
    )
    db.session.add(claim)
    db.session.commit()
    return claim


def picture_bytes(fmt: str = "JPEG", size: tuple[int, int] = (2000, 1200), **save: Any) -> bytes:
    """A picture file made with Pillow (a gradient, so resizing has something to do)."""
    from PIL import Image as PILImage

    picture = PILImage.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    picture.save(out, fmt, **save)
    return out.getvalue()


def make_image(
    by: User | None = None,
    *,
    caption: str = "Fishing boats moored in Tyre harbour at dawn",
    credit: str = "AFP",
    alt: str = "Small blue boats tied up along a stone quay",
    size: tuple[int, int] = (2000, 1200),
) -> Image:
    """A library picture made through the real service (files on disk, every variant), committed."""
    from editorial.media import service as media

    uploader = by or make_user(Role.EDITOR)
    image = media.create_image(
        uploader, picture_bytes(size=size), media.Details(caption, credit, alt)
    )
    db.session.commit()
    return image


def make_live_story(
    editor: User, posts: int = 0, headline: str = "Vote night", **story: Any
) -> LiveStory:
    """A published story under LIVE coverage started by `editor`, with `posts` plain posts
    ("Plain post 0", ...), committed."""
    live = live_service.start(
        make_article("published", headline=headline, **story), editor, clock.now()
    )
    for n in range(posts):
        live_service.create_post(live, editor, body=f"Plain post {n}", at=clock.now())
    db.session.commit()
    return live
