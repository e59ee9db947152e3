"""The demo newsroom's BREAKING ticker (live, upcoming and expired headlines, timed from now) and
its featured coverage.

Every time is relative to the moment the demo loads, so the ticker is running the first time a
newcomer opens the site. Each headline is made through `breaking.service` (with its audit event)
on a clock set to when an editor would have made it: a past start, for the live ones and the
expired one, is the moment it was scheduled. The live ones then carry the file's running order,
as if an editor had moved them there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from editorial.breaking import service as breaking
from editorial.breaking.rules import prepare
from editorial.clock import FrozenClock
from editorial.coverage import service as coverage
from editorial.demo.content import DemoHeadline
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, User


def add_headlines(
    items: Sequence[DemoHeadline], editor: User, now: datetime, frozen: FrozenClock
) -> list[BreakingHeadline]:
    """Schedule `items` as `editor` would have, around `now`; the caller commits."""
    made = []
    for item in items:
        starts = now + timedelta(minutes=item["starts"])
        at = min(starts, now)  # an upcoming headline is scheduled now; a past one at its start
        frozen.set(now)  # the linked story is looked up as it stands now
        prepared = prepare(
            item["text"],
            _address(item["article"]),
            starts,
            starts + timedelta(minutes=item["runs"]),
            item["pinned"],
            at,
        )
        prepared.language = item["language"]
        frozen.set(at)
        made.append(breaking.create(prepared, actor=editor, at=at))
    frozen.set(now)
    live = [h for h in made if h.starts_at <= now < h.ends_at]
    for position, headline in enumerate(live, start=1):
        headline.position = position
    db.session.flush()
    return made


def _address(headline: str | None) -> str:
    """The public address of the demo story with `headline` (which must be published by now)."""
    if headline is None:
        return ""
    slug = db.session.scalar(select(Article.slug).where(Article.headline == headline))
    if slug is None:
        raise ValueError(f"Demo headline links to a story the demo lacks: {headline!r}")
    return f"/news/{slug}"


def add_hubs(hubs: Sequence[tuple[str, str]], editor: User) -> None:
    """Feature each (tag, description) as a coverage hub, as `editor`; the caller commits."""
    for name, description in hubs:
        coverage.feature(coverage.find_tag(name), description, actor=editor)
    db.session.flush()
