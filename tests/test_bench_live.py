"""The benchmark's live story (bench/live_seed.py): bulk-inserted posts a reader sees newest first,
numbered as the live service numbers them, so the unchanged poll is a 304 and the next real post
carries on from the seeded version."""

from __future__ import annotations

import random
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bench.live_seed import live_target, seed_live
from editorial import clock
from editorial.extensions import db
from editorial.live import service
from editorial.models import LivePost, LiveStory, Region, User
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("frozen")
POSTS = 120


def _seeded(editor: User) -> tuple[str, int, int]:
    region = db.session.scalar(select(Region).order_by(Region.id).limit(1))
    assert region is not None
    make_article("published", headline="Storm makes landfall", region_id=region.id)
    seed_live([editor.id], clock.now(), random.Random(24), count=POSTS, skip=0)
    db.session.commit()
    return live_target()


def test_the_seeded_story_reads_as_live_coverage_with_its_numbers_consistent(
    app: Any, client: FlaskClient, editor: User
) -> None:
    slug, article_id, version = _seeded(editor)
    assert version == POSTS + 2  # started (1), each post (+1), the pin (+1)
    seqs = db.session.scalars(select(LivePost.seq).where(LivePost.article_id == article_id))
    pinned = 100  # the last key event (every 100th), pinned after the posts
    assert sorted(seqs) == [n + 1 for n in range(1, POSTS + 1) if n != pinned] + [POSTS + 2]

    page = client.get(f"/news/{slug}").get_data(as_text=True)
    assert page.index("Update 115") < page.index("Update 110")  # newest first
    assert f'data-version="{version}"' in page

    poll = f"/news/{slug}/live/updates?since={version}"
    etag = client.get(poll).headers["ETag"]
    assert client.get(poll, headers={"If-None-Match": etag}).status_code == 304

    story = db.session.get(LiveStory, article_id)
    assert story is not None
    post = service.create_post(story, editor, body="The eye passes over the port.", at=clock.now())
    db.session.commit()
    assert post.seq == version + 1
    changed = client.get(poll, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "The eye passes over the port." in changed.get_data(as_text=True)
