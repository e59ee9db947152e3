"""Live coverage in the benchmark (issue 24): one live story with 1,000 published posts.

`seed_live` makes a published English story live and gives it `POSTS` posts by the newsroom's
editors, one every 36 seconds up to now, a few of them key events and one pinned, through Core
bulk inserts. The numbers are the ones `editorial.live.service` would have left: starting the
story moves its version to 1, each post moves it on once and carries the new version as its
`seq`, and pinning the last key event moves it once more (that post's `seq` is the final
version). `live_target` finds the story again. The seeding makes one in English and one in the
Arabic edition (issue 28: the live story in each language; the posts' texts are the demo's).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from editorial import workflow
from editorial.demo.load import ARTICLES as DEMO_ARTICLES
from editorial.extensions import db
from editorial.models import Article, LivePost, LiveStory, publicly_visible
from editorial.rendering import render_markdown

POSTS = 1_000
EVERY = timedelta(seconds=36)
KEY_EVERY = 100  # every 100th post is a key event
HEADLINE_EVERY = 5  # every 5th post has a headline
CHUNK = 500


def _paragraphs() -> list[tuple[str, str]]:
    """Post texts: the demo stories' paragraphs (headings left out), each rendered once."""
    texts = [
        paragraph.strip()
        for item in DEMO_ARTICLES
        for paragraph in item["body"].split("\n\n")
        if paragraph.strip() and not paragraph.lstrip().startswith("#")
    ]
    return [(text, render_markdown(text)) for text in texts]


def seed_live(
    editor_ids: list[int],
    now: datetime,
    rng: random.Random,
    count: int = POSTS,
    skip: int = 40,
    language: str = "en",
) -> int:
    """Make one published story in `language` live with `count` posts; returns how many.
    Commits nothing. The story is the `skip`-th newest, past the front page's
    (`bench.front_seed` takes the 30 newest)."""
    article_id = db.session.scalar(
        select(Article.id)
        .where(publicly_visible(), Article.language == language, Article.region_id.is_not(None))
        .order_by(Article.published_at.desc())
        .offset(skip)
        .limit(1)
    )
    if article_id is None or not editor_ids:
        raise SystemExit(f"The live story needs a published story ({language}) and an editor.")
    started = now - EVERY * (count + 1)
    texts = _paragraphs()
    pinned = count - count % KEY_EVERY if count >= KEY_EVERY else 0  # the last key event
    rows = []
    for n in range(1, count + 1):
        body, body_html = rng.choice(texts)
        at = started + EVERY * n
        rows.append(
            {
                "article_id": article_id,
                "headline": f"Update {n}" if n % HEADLINE_EVERY == 0 else "",
                "body": body,
                "body_html": body_html,
                "author_id": editor_ids[n % len(editor_ids)],
                "created_at": at,
                "updated_at": at,
                "published_at": at,
                "key_event": n % KEY_EVERY == 0,
                "pinned": n == pinned,
                "seq": count + 2 if n == pinned else n + 1,  # started: 1; post n: n + 1
            }
        )
    db.session.execute(
        insert(LiveStory),
        [
            {
                "article_id": article_id,
                "started_at": started,
                "started_by_id": editor_ids[0],
                "direct_reporters": [],
                "version": count + 1 + (1 if pinned else 0),
            }
        ],
    )
    statement = insert(LivePost)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(statement, rows[start : start + CHUNK])
    return count


def live_target(language: str = "en") -> tuple[str, int, int]:
    """The live story's slug, article id and version (in `language`, the one with the most
    posts)."""
    found = db.session.execute(
        select(Article.slug, LiveStory.article_id, LiveStory.version)
        .join(Article, Article.id == LiveStory.article_id)
        .where(LiveStory.ended_at.is_(None), Article.state == workflow.PUBLISHED)
        .where(Article.language == language)
        .order_by(LiveStory.version.desc())
        .limit(1)
    ).first()
    if found is None:
        raise SystemExit("The benchmark's live story is missing: seed it (bench.live_seed).")
    return found.slug, found.article_id, found.version
