"""Every machine-readable time a page carries (`<time datetime>`, JSON-LD, OpenGraph) is written
by one formatter, `clock.machine_time`: UTC to the second with a Z. HTML allows at most three
digits of a second's fraction; `isoformat()` wrote six (117 Nu Html Checker errors on 9 pages)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from editorial import clock
from editorial.articles.comments import service as comments
from editorial.extensions import db
from editorial.models import Correction, Role, User
from tests.factories import make_article, make_headline, make_user

# A time with microseconds, as the clock gives them.
AT = datetime(2026, 12, 4, 14, 58, 32, 571756, tzinfo=UTC)
MACHINE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _times_in(html: str) -> list[str]:
    """Every datetime attribute, time-valued meta tag and JSON-LD date in `html`."""
    found = re.findall(r'\sdatetime="([^"]*)"', html)
    found += re.findall(r'property="article:\w+_time" content="([^"]*)"', html)
    for block in JSON_LD.findall(html):
        found += re.findall(r'"date\w*": "([^"]*)"', json.dumps(json.loads(block)))
    return found


def test_machine_time_is_utc_to_the_second() -> None:
    assert clock.machine_time(AT) == "2026-12-04T14:58:32Z"
    assert clock.machine_time(AT.replace(tzinfo=None)) == "2026-12-04T14:58:32Z"  # SQLite's


def test_every_page_writes_times_machines_can_read(
    app: Flask, client_as: Any, editor: User
) -> None:
    with clock.frozen(AT):
        author = make_user(Role.REPORTER, display_name="Amal Nasser")
        story = make_article(
            "published", authors=[author], tags=["Ceasefire"], published_at=AT, checked_at=AT
        )
        db.session.add(Correction(article_id=story.id, notice="The talks were on Thursday."))
        comments.post(story, editor, "Is the second source on the record?")
        make_headline(text="Talks resume in Cairo", article=story)
        db.session.commit()
        staff, reader = client_as(editor), app.test_client()
        pages = {
            "/": 1,
            f"/news/{story.slug}": 5,  # byline, correction, card times, meta and JSON-LD
            f"/tag/{story.tags[0].slug}": 1,
            "/desk/": 1,
            f"/articles/{story.id}": 1,
            f"/articles/{story.id}/revisions": 0,
            "/breaking": 1,
            "/inbox/": 0,
        }
        for url, at_least in pages.items():
            response = (reader if url.startswith(("/news", "/tag")) else staff).get(url)
            assert response.status_code == 200, url
            times = _times_in(response.get_data(as_text=True))
            assert len(times) >= at_least, url
            wrong = [t for t in times if not MACHINE_TIME.fullmatch(t)]
            assert not wrong, f"{url}: {wrong}"
