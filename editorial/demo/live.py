"""The demo newsroom's live coverage (issue 24): one story running live, with about thirty posts
written over the last hours (two key events, one pinned, written by two people, a reporter's post
waiting for an editor, one held for a fact-check with its two claims, one verified, one not yet),
and one story whose live coverage has ended.

Every post goes through `live.service` on a clock set to when it was written, so each has its
audit event and the stream reads as it would have unfolded.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from importlib.resources import files
from typing import Any

from sqlalchemy import select

from editorial import newsroom
from editorial.clock import FrozenClock
from editorial.extensions import db
from editorial.live import checks, service
from editorial.models import Article, LiveStory, Role, User, publicly_visible

RUNNING = "Cairo ceasefire talks"
ENDED = "Gulf tanker incident"

# The posts, oldest first: minutes before now, by an editor (else a reporter), headline, body,
# key event. The ended story's last post is written a day ago.
POSTS = json.loads(files("editorial.demo").joinpath("live.json").read_text(encoding="utf-8"))
Post = dict[str, Any]


def add_live(staff: dict[Role, list[User]], now: datetime, frozen: FrozenClock) -> int:
    """Run the two live stories; returns how many posts were written. The caller commits."""
    editor, reporter = staff[Role.EDITOR][0], staff[Role.REPORTER][0]
    checker = staff[Role.FACT_CHECKER][0]
    running = _story(RUNNING, 0)
    ended = _story(ENDED, 1)
    count = _write(ended, POSTS["ended"], editor, reporter, now, frozen)
    frozen.set(now - timedelta(minutes=60 * 26 - 5))
    service.end(_live(ended), editor, now - timedelta(minutes=60 * 26 - 5))
    count += _write(running, POSTS["running"], editor, reporter, now, frozen)
    story = _live(running)
    frozen.set(now - timedelta(minutes=195))
    pinned = service.create_post(
        story, editor, body=POSTS["pinned"], at=now - timedelta(minutes=195), coauthors=[reporter]
    )
    service.set_pinned(pinned, True, editor)
    frozen.set(now - timedelta(minutes=2))
    service.create_post(
        story,
        reporter,
        body=POSTS["waiting"],
        at=now - timedelta(minutes=2),
    )
    held = service.create_post(
        story,
        editor,
        body=POSTS["to_check"],
        at=now - timedelta(minutes=1),
        needs_check=True,
    )
    frozen.set(now)
    figure, phase = POSTS["to_check_claims"]
    checks.verdict(
        checks.add(held, checker, figure, now),
        checker,
        verdict="verified",
        sources="https://example.org/mediators-statement",
        note="",
        at=now,
    )
    checks.add(held, checker, phase, now)
    db.session.flush()
    return count + 3


def _story(words: str, fallback: int) -> Article:
    """A published story of the default edition whose headline has `words` (else the
    `fallback`th newest one)."""
    query = select(Article).where(
        publicly_visible(), Article.language == newsroom.default_language()
    )
    found = db.session.scalar(query.where(Article.headline.contains(words)).limit(1))
    if found is None:
        found = db.session.scalars(query.order_by(Article.published_at.desc())).all()[fallback]
    return found


def _write(
    article: Article,
    posts: list[Post],
    editor: User,
    reporter: User,
    now: datetime,
    frozen: FrozenClock,
) -> int:
    first = now - timedelta(minutes=posts[0]["minutes"] + 10)
    frozen.set(first)
    story = service.start(article, editor, first)
    for item in posts:
        at = now - timedelta(minutes=item["minutes"])
        frozen.set(at)
        author = editor if item["editor"] else reporter
        post = service.create_post(
            story, author, headline=item["headline"], body=item["body"], at=at
        )
        if not post.is_public:
            service.publish(post, editor, at + timedelta(minutes=1))
        if item["key"]:
            service.set_key_event(post, True, editor)
    return len(posts)


def _live(article: Article) -> LiveStory:
    story = db.session.get(LiveStory, article.id)
    if story is None:
        raise ValueError(f"{article.headline!r} was made live just now")
    return story
