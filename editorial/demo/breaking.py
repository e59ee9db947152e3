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


# The earlier headlines: how long before its story each went on the ticker (minutes), varied.
LEADS = (22, 35, 48, 65, 90, 115)
EARLIER_RUN = timedelta(hours=3)


def add_earlier_headlines(editor: User, now: datetime, frozen: FrozenClock) -> int:
    """Headlines of the past weeks that came before their story, as a desk works: each went on
    the ticker `LEADS` minutes before a published story of the demo (every third of those
    published at least `EARLIER_RUN` ago, so each has expired by now), and the editor linked it
    to the story a few minutes after the story went out. So /insights' "breaking headline to
    published story" has real waits to show. Returns how many; the caller commits."""
    stories = db.session.scalars(
        select(Article)
        .where(
            Article.first_published_at.is_not(None),
            Article.first_published_at < now - EARLIER_RUN,
            Article.source_revision_id.is_(None),
        )
        .order_by(Article.first_published_at.desc())
    ).all()
    made = 0
    for lead, article in zip(LEADS, stories[::3], strict=False):
        published = article.first_published_at
        if published is None:  # the query asked for published ones
            continue
        at = published - timedelta(minutes=lead)
        frozen.set(at)
        prepared = prepare(article.headline, "", at, at + EARLIER_RUN, False, at)
        prepared.language = article.language
        headline = breaking.create(prepared, actor=editor, at=at)
        linked_at = published + timedelta(minutes=4 + lead % 5)
        frozen.set(linked_at)
        relinked = prepare(
            headline.text,
            f"/news/{article.slug}",
            headline.starts_at,
            headline.ends_at,
            False,
            linked_at,
            headline=headline,
        )
        breaking.update(headline, relinked, version=headline.version, actor=editor, at=linked_at)
        made += 1
    frozen.set(now)
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
