"""Preview links' reads: the links of a story for its panel, and the story a link shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select

from editorial import clock, newsroom
from editorial.clock import to_local
from editorial.extensions import db
from editorial.models import Article, PreviewLink, PreviewView
from editorial.raw_reads import reads_on
from editorial.rendering import render_markdown


@dataclass(frozen=True)
class Listed:
    """One link in the story's list: its state now, how often and by how many it was opened."""

    link: PreviewLink
    state: str
    views: int
    readers: int
    last_view: datetime | None


# Whether a story has any link: a module's constant, compiled once (`raw_reads`).
_ANY_LINK = select(PreviewLink.id).where(PreviewLink.article_id == bindparam("article_id")).limit(1)


def has_links(article_id: int) -> bool:
    """Whether the story has any preview link (revoked and expired ones too, as `links_of`
    lists them): one indexed read past the ORM's execution, for the panel of a story with none
    (nearly every one), drawn beside every desk page and every answer from it (issue 28: the
    ORM's SELECT was ~8 % of a verdict's CPU)."""
    with reads_on(db.session.connection()) as reads:
        return reads.execute(_ANY_LINK, {"article_id": article_id}).first() is not None


def links_of(article: Article) -> list[Listed]:
    """The story's links, newest first, with their view counts (one grouped query)."""
    links = list(
        db.session.scalars(
            select(PreviewLink)
            .where(PreviewLink.article_id == article.id)
            .order_by(PreviewLink.created_at.desc(), PreviewLink.id.desc())
        )
    )
    counts: dict[int, Any] = {}
    if links:
        rows = db.session.execute(
            select(
                PreviewView.link_id,
                func.count(),
                func.count(PreviewView.address_hash.distinct()),
                func.max(PreviewView.at),
            )
            .where(PreviewView.link_id.in_([link.id for link in links]))
            .group_by(PreviewView.link_id)
        )
        counts = {row[0]: row for row in rows}
    now = clock.now()
    listed = []
    for link in links:
        row = counts.get(link.id)
        listed.append(
            Listed(
                link,
                link.state(now),
                row[1] if row else 0,
                row[2] if row else 0,
                row[3] if row else None,
            )
        )
    return listed


class PinnedStory:
    """The story as a pinned revision had it: that revision's headline, summary and text, the
    rest (section, picture, language) from the story, read through to it."""

    def __init__(self, article: Article, headline: str, summary: str, body: str) -> None:
        self._article = article
        self.headline, self.summary = headline, summary
        self.body_html = render_markdown(body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._article, name)


def story_for(link: PreviewLink) -> Article | PinnedStory:
    """What `link` shows: the pinned revision's text, or the story as it is now."""
    article = link.article
    revision = link.revision
    if revision is None:
        return article
    return PinnedStory(article, revision.headline, revision.summary, revision.body)


def embargo_words(article: Article) -> str | None:
    """While an embargo holds: its lift time in the newsroom's zone and its source."""
    if not article.embargo_holds or article.embargo_until is None:
        return None
    zone = newsroom.zone()
    lift = to_local(article.embargo_until, zone).strftime("%d %b %Y %H:%M")
    source = f" ({article.embargo_source})" if article.embargo_source else ""
    return f"Embargoed{source} until {lift} {zone}"
