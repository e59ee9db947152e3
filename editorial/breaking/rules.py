"""Breaking headlines: the rules (status, running order, validation) and the checks on a
submission.

The rules are pure functions of a headline and a time, so they are tested without a database; the
SQL twins of two of them (`live_condition`, `RUNNING_ORDER`) sit beside them so they cannot drift.
`prepare` checks a submission and resolves its article link (the one read here). The changes
editors make are `service`; what a headline's row offers, as a table, is `rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from editorial import newsroom
from editorial.clock import as_utc, machine_time
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, publicly_visible
from editorial.models.breaking import TEXT_LIMIT
from editorial.refusal import Refused
from editorial.text import one_line

STATUSES = ("live", "scheduled", "expired", "withdrawn")
DEFAULT_RUN = timedelta(hours=6)
FURTHEST_AHEAD = timedelta(days=366)


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
    text = one_line(text or "")
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


# How the API and the audit log write times: the app's one machine-readable format.
iso = machine_time


def live_condition(at: datetime | BindParameter[Any]) -> ColumnElement[bool]:
    """SQL condition: the headline is live at `at` (the same rule as `status_at`; `at` may be a
    bound parameter, for a statement built once)."""
    return and_(
        BreakingHeadline.withdrawn_at.is_(None),
        BreakingHeadline.starts_at <= at,
        BreakingHeadline.ends_at > at,
    )


# -- Checking a submission --------------------------------------------------------------------


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


@dataclass
class Prepared:
    """A checked submission with its linked article resolved: ready for `create` or `update`."""

    checked: Checked
    article: Article | None
    pinned: bool
    problems: dict[str, str]
    language: str  # which edition's ticker shows it (a catalogue code)


def prepare(
    text: str,
    article_reference: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    pinned: bool,
    at: datetime,
    *,
    headline: BreakingHeadline | None = None,
    language: str | None = None,
) -> Prepared:
    """`check` the submission and resolve the article link; problems are keyed by field name.

    `language` is the edition whose ticker shows it: one the newsroom publishes in (default: the
    headline's own, else the default language's)."""
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
    kept = headline.language if headline is not None else newsroom.default_language()
    edition = language or kept
    if edition not in newsroom.current().languages:
        problems["language"] = "Choose one of the newsroom's languages."
    return Prepared(checked, article, pinned, problems, edition)


def _names(article: Article, reference: str) -> bool:
    return article.headline.strip().lower() == reference.strip().lower()


def _public(article: Article) -> bool:
    query = select(Article.id).where(Article.id == article.id, publicly_visible())
    return db.session.scalar(query) is not None
