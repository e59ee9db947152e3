"""Breaking and live: live stories running and live posts published per day (issue 27).

A live story runs on each newsroom day (`newsroom.zone()`) that its [started, ended) span
touches (up to now while it is still live); a post counts on the day it was published, if it is
public now (published and not deleted). The section, language and person filters narrow both by
the story. `read` is the query; `add` builds the table (pure but for the `Builder`'s story ids,
so a hand-built list of rows gives known answers) and puts it after the breaking figure.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import and_, or_, select

from editorial import clock
from editorial.extensions import db
from editorial.insights import figures as f
from editorial.insights.filters import Filters
from editorial.insights.queries import narrowing
from editorial.insights.report import Builder
from editorial.insights.tables import Cell, Table
from editorial.models import Article, LivePost, LiveStory, public_posts


class Running(NamedTuple):
    """A live story's span (ended None: still live)."""

    article_id: int
    started_at: datetime
    ended_at: datetime | None


class Posted(NamedTuple):
    """A public live post: its story and when it was published."""

    post_id: int
    article_id: int
    published_at: datetime


def read(filters: Filters) -> tuple[list[Running], list[Posted]]:
    """The live stories that ran in the period, and the public posts published in it."""
    spans = db.session.execute(
        select(LiveStory.article_id, LiveStory.started_at, LiveStory.ended_at)
        .join(Article, Article.id == LiveStory.article_id)
        .where(
            narrowing(filters),
            LiveStory.started_at < filters.end,
            or_(LiveStory.ended_at.is_(None), LiveStory.ended_at >= filters.start),
        )
    ).all()
    posts = db.session.execute(
        select(LivePost.id, LivePost.article_id, LivePost.published_at)
        .join(Article, Article.id == LivePost.article_id)
        .where(
            narrowing(filters),
            and_(public_posts(), LivePost.published_at >= filters.start),
            LivePost.published_at < filters.end,
        )
    ).all()
    return (
        [Running(r[0], clock.as_utc(r[1]), r[2] and clock.as_utc(r[2])) for r in spans],
        [Posted(p[0], p[1], clock.as_utc(p[2])) for p in posts if p[2] is not None],
    )


def _days_running(span: Running, zone: str, now: datetime, first: date, last: date) -> list[date]:
    end = span.ended_at or now
    if end < span.started_at:
        return []
    day, final = f.local_day(span.started_at, zone), f.local_day(end, zone)
    if span.ended_at is not None and end > span.started_at:
        # A story ended at midnight did not run on the day that midnight starts.
        final = f.local_day(end - timedelta(microseconds=1), zone)
    day, final = max(day, first), min(final, last)
    return [day + timedelta(days=n) for n in range((final - day).days + 1)]


def table(b: Builder, spans: list[Running], posts: list[Posted]) -> Table:
    """The figure: per day, live stories running and live posts published."""
    first, last = b.filters.first_day, b.filters.last_day
    running: dict[date, set[int]] = defaultdict(set)
    for span in spans:
        for day in _days_running(span, b.zone, b.now, first, last):
            running[day].add(span.article_id)
    posted: dict[date, list[Posted]] = defaultdict(list)
    for post in posts:
        posted[f.local_day(post.published_at, b.zone)].append(post)
    shown = Table(
        "live",
        "Live stories and posts per day",
        "",
        ["Day", "Live stories running", "Live posts published"],
        chart="columns",
        plot=(0, 1),
    )
    for day in f.days_between(first, last):
        day_posts = posted.get(day, [])
        shown.rows.append(
            (
                Cell(day.isoformat()),
                [
                    b.cell(f"live:running:{day}", running.get(day, set())),
                    b.cell(
                        f"live:posts:{day}",
                        {p.article_id for p in day_posts},
                        str(len(day_posts)),
                        len(day_posts),
                    ),
                ],
            )
        )
    stories = {i for ids in running.values() for i in ids}
    total = sum(len(v) for d, v in posted.items() if first <= d <= last)
    busiest = max(shown.rows, key=lambda r: r[1][1].value or 0, default=None)
    shown.summary = (
        f"{len(stories)} live {'story' if len(stories) == 1 else 'stories'} ran and "
        f"{total} live {'post was' if total == 1 else 'posts were'} published over "
        f"{len(shown.rows)} days"
        + (
            f"; the busiest day was {busiest[0].text} with {busiest[1][1].text} posts."
            if busiest and busiest[1][1].value
            else "."
        )
        if stories or total
        else "No story ran live in this period."
    )
    return shown


def add(b: Builder) -> None:
    """Read and build the live figure, and put it just after the breaking one."""
    spans, posts = read(b.filters)
    shown = table(b, spans, posts)
    tables = b.report.tables
    after = next((n + 1 for n, t in enumerate(tables) if t.key == "breaking"), len(tables))
    tables.insert(after, shown)
