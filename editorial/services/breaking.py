"""Breaking headlines: the rules (status, running order, validation) and the reads behind them.

The rules are pure functions of a headline and a time, so they are tested without a database. The
changes editors make (create, extend, withdraw...) are in `breaking_actions`, which checks these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from editorial.clock import as_utc
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, publicly_visible
from editorial.models.breaking import TEXT_LIMIT
from editorial.services import Refused

STATUSES = ("live", "scheduled", "expired", "withdrawn")
DEFAULT_RUN = timedelta(hours=6)
EXPIRED_WINDOW = timedelta(hours=24)  # how long the desk keeps showing what ran
FURTHEST_AHEAD = timedelta(days=366)
EXTENSIONS = (30, 60)  # minutes offered by the extend buttons

# What can be done to a headline in each status: the buttons and the services both read this.
ACTIONS: dict[str, tuple[str, ...]] = {
    "scheduled": ("edit", "extend", "withdraw", "pin"),
    "live": ("edit", "extend", "end", "withdraw", "pin", "move"),
    "expired": ("edit",),
    "withdrawn": ("edit", "restore"),
}
REFUSED = {
    "extend": "Only an upcoming or live headline can be extended.",
    "end": "Only a live headline can be ended now.",
    "withdraw": "Only an upcoming or live headline can be withdrawn.",
    "restore": "Only a withdrawn headline can be restored.",
    "pin": "Only an upcoming or live headline can be pinned.",
    "move": "Only a live headline has a place in the running order.",
}
STALE = "Someone else changed this headline meanwhile. Here it is as it stands now."


class Stale(Refused):
    """The headline changed since the page that asked for this change was drawn."""


# -- The pure rules ---------------------------------------------------------------------------


def status_at(headline: BreakingHeadline, at: datetime) -> str:
    """`withdrawn` if withdrawn, else `scheduled` before the start, `live` until the end, `expired`.

    The start is inclusive and the end exclusive: at `ends_at` exactly, it is gone.
    """
    if headline.withdrawn_at is not None:
        return "withdrawn"
    if at < headline.starts_at:
        return "scheduled"
    if at < headline.ends_at:
        return "live"
    return "expired"


def running_order_key(headline: BreakingHeadline) -> tuple[bool, int, float, int]:
    """Sort key of the ticker: pinned first, then the editors' order, then newest start."""
    return (not headline.pinned, headline.position, -headline.starts_at.timestamp(), -headline.id)


RUNNING_ORDER = (
    BreakingHeadline.pinned.desc(),
    BreakingHeadline.position.asc(),
    BreakingHeadline.starts_at.desc(),
    BreakingHeadline.id.desc(),
)


def clean_text(text: str) -> str:
    """One line of plain text: whitespace runs (newlines too) become a space, control chars go."""
    kept = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(kept.split())


@dataclass(frozen=True)
class Checked:
    """What `check` made of a submission: the values to store and any problems, by field."""

    text: str
    starts_at: datetime
    ends_at: datetime
    problems: dict[str, str] = field(default_factory=dict)


def check(
    text: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    at: datetime,
    *,
    kept_start: datetime | None = None,
    kept_end: datetime | None = None,
) -> Checked:
    """Validate a headline as typed (times already in UTC) at time `at`; messages are for people.

    No start, or a start in the past, means now. No end means six hours after the start. When an
    editor edits a headline and leaves a time as the form showed it (to the minute), the stored
    `kept_start` or `kept_end`, seconds and all, is kept: a live headline's start stays put.
    """
    problems: dict[str, str] = {}
    text = clean_text(text or "")
    if not text:
        problems["text"] = "Write the headline."
    elif len(text) > TEXT_LIMIT:
        problems["text"] = f"Keep it to {TEXT_LIMIT} characters (now {len(text)})."

    if kept_start is not None and (starts_at is None or _same_minute(starts_at, kept_start)):
        start = kept_start
    elif starts_at is None or starts_at < at:
        start = at
    else:
        start = starts_at
    if start - at > FURTHEST_AHEAD:
        problems["starts_at"] = "Start it within a year from now."

    if kept_end is not None and ends_at is not None and _same_minute(ends_at, kept_end):
        end = kept_end
    else:
        end = ends_at if ends_at is not None else start + DEFAULT_RUN
    if end <= at:
        problems["ends_at"] = "The end is already past."
    elif end <= start:
        problems["ends_at"] = "The end must be after the start."
    elif end - at > FURTHEST_AHEAD:
        problems["ends_at"] = "End it within a year from now."
    return Checked(text=text, starts_at=start, ends_at=end, problems=problems)


def _same_minute(a: datetime, b: datetime) -> bool:
    return as_utc(a).replace(second=0, microsecond=0) == as_utc(b).replace(second=0, microsecond=0)


def movable(live: list[BreakingHeadline]) -> dict[int, tuple[bool, bool]]:
    """For each live headline (in running order): whether it can move (up, down).

    A headline moves only among those with the same pin: pinned ones always run first.
    """
    result = {}
    for n, headline in enumerate(live):
        up = n > 0 and live[n - 1].pinned == headline.pinned
        down = n + 1 < len(live) and live[n + 1].pinned == headline.pinned
        result[headline.id] = (up, down)
    return result


def iso(value: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second: how the API and the audit log write times."""
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- Reading ----------------------------------------------------------------------------------


def live_condition(at: datetime) -> ColumnElement[bool]:
    """SQL condition: the headline is live at `at` (the same rule as `status_at`)."""
    return and_(
        BreakingHeadline.withdrawn_at.is_(None),
        BreakingHeadline.starts_at <= at,
        BreakingHeadline.ends_at > at,
    )


@dataclass(frozen=True)
class LiveItem:
    """One headline as the ticker, the API and the feed show it: no ORM object needed."""

    id: int
    version: int
    text: str
    starts_at: datetime
    ends_at: datetime
    pinned: bool
    article_slug: str | None  # only while the linked article is public


def live_items(at: datetime) -> list[LiveItem]:
    """The live headlines at `at`, in running order, with the slug of a public linked article."""
    visible = and_(Article.id == BreakingHeadline.article_id, publicly_visible())
    rows = db.session.execute(
        select(
            BreakingHeadline.id,
            BreakingHeadline.version,
            BreakingHeadline.text,
            BreakingHeadline.starts_at,
            BreakingHeadline.ends_at,
            BreakingHeadline.pinned,
            Article.slug,
        )
        .outerjoin(Article, visible)
        .where(live_condition(at))
        .order_by(*RUNNING_ORDER)
    ).all()
    return [LiveItem(*row) for row in rows]


def signature(items: list[LiveItem], salt: str = "") -> str:
    """A short hash of what the ticker shows: it changes whenever the live set or a row changes.

    Computed at request time from the live rows, so it also changes when the clock alone starts or
    ends a headline. `salt` covers anything else the rendering depends on (the poll interval).
    """
    payload = ";".join(f"{i.id}:{i.version}:{i.article_slug or ''}" for i in items)
    return hashlib.sha256(f"{salt}|{payload}".encode()).hexdigest()[:32]


def desk_lists(at: datetime) -> dict[str, list[BreakingHeadline]]:
    """The desk's four lists at `at`: live (running order), upcoming, expired in the last 24 h and
    withdrawn (recently, or that would still run), each in the order the desk shows it."""
    since = at - EXPIRED_WINDOW
    rows = db.session.scalars(
        select(BreakingHeadline)
        .options(
            selectinload(BreakingHeadline.article),
            selectinload(BreakingHeadline.created_by),
            selectinload(BreakingHeadline.updated_by),
        )
        .where(or_(BreakingHeadline.ends_at > since, BreakingHeadline.withdrawn_at > since))
        .order_by(BreakingHeadline.id.desc())
        .limit(500)
    ).all()
    lists: dict[str, list[BreakingHeadline]] = {status: [] for status in STATUSES}
    for headline in rows:
        lists[status_at(headline, at)].append(headline)
    lists["live"].sort(key=running_order_key)
    lists["scheduled"].sort(key=lambda h: (h.starts_at, h.id))
    lists["expired"].sort(key=lambda h: (h.ends_at, h.id), reverse=True)
    lists["withdrawn"].sort(key=lambda h: (h.withdrawn_at or at, h.id), reverse=True)
    return lists


def suggest_articles(query: str, limit: int = 8) -> list[Article]:
    """Public articles whose headline contains `query` (the latest when empty), newest first."""
    stmt = select(Article).where(publicly_visible())
    if query.strip():
        stmt = stmt.where(Article.headline.icontains(query.strip(), autoescape=True))
    stmt = stmt.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def find_article(reference: str) -> Article | None:
    """The public article an editor means: its headline as typed or picked, or its address.

    Empty means no link. Raises `Refused` when nothing public matches, or several do.
    """
    reference = reference.strip()
    if not reference:
        return None
    query = select(Article).where(publicly_visible()).limit(2)
    if "/news/" in reference:
        slug = reference.split("/news/", 1)[1].split("?")[0].split("#")[0].strip("/")
        found = list(db.session.scalars(query.where(Article.slug == slug)))
    else:
        same = func.lower(func.trim(Article.headline)) == reference.lower()
        found = list(db.session.scalars(query.where(same)))
    if not found:
        raise Refused(
            "No published article has that headline. Pick one from the suggestions, "
            "or paste its address."
        )
    if len(found) > 1:
        raise Refused("More than one published article has that headline. Paste its address.")
    return found[0]


# -- Checking a submission --------------------------------------------------------------------


@dataclass
class Prepared:
    """A checked submission with its linked article resolved: ready for `create` or `update`."""

    checked: Checked
    article: Article | None
    pinned: bool
    problems: dict[str, str]


def prepare(
    text: str,
    article_reference: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    pinned: bool,
    at: datetime,
    *,
    headline: BreakingHeadline | None = None,
) -> Prepared:
    """`check` the submission and resolve the article link; problems are keyed by field name."""
    running = headline is not None and status_at(headline, at) in ("live", "scheduled")
    checked = check(
        text,
        starts_at,
        ends_at,
        at,
        kept_start=headline.starts_at if headline is not None and running else None,
        kept_end=headline.ends_at if headline is not None else None,
    )
    problems = dict(checked.problems)
    article = None
    current = headline.article if headline is not None else None
    try:
        if current is not None and _names(current, article_reference) and _public(current):
            article = current  # left as it was shown, even if another article shares the headline
        else:
            article = find_article(article_reference)
    except Refused as refused:
        problems["article"] = str(refused)
    return Prepared(checked=checked, article=article, pinned=pinned, problems=problems)


def _names(article: Article, reference: str) -> bool:
    return article.headline.strip().lower() == reference.strip().lower()


def _public(article: Article) -> bool:
    query = select(Article.id).where(Article.id == article.id, publicly_visible())
    return db.session.scalar(query) is not None
