"""The machine's guards, and what they read of an article and a person.

Pure (no Flask, no database), like `editorial.workflow`, whose table names them: each guard takes
the article and the person (None: the system) and returns None when the move may happen, or the
reason a person reads. Kept beside the table so the table stays one screen of rules; a guard's
docstring is its line in docs/workflow.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from editorial.clock import as_utc

REPORTER, FACT_CHECKER, EDITOR, ADMIN = "reporter", "fact_checker", "editor", "admin"


class ArticleLike(Protocol):
    """What the machine needs to know about an article."""

    state: str
    headline: str
    summary: str
    body: str
    section_id: int | None
    fact_checker_id: int | None

    def is_author(self, user: UserLike) -> bool: ...


class TallyLike(Protocol):
    """An article's fact-check claims counted (`models.claims.ClaimTally`)."""

    total: int

    def problem(self) -> str | None: ...


class UserLike(Protocol):
    """What the machine needs to know about a person (read only: a `User`, or the light
    `identity.SignedIn` a poll reads)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...


Guard = Callable[[ArticleLike, "UserLike | None"], "str | None"]


def has_copy(article: ArticleLike, _user: UserLike | None) -> str | None:
    """headline, summary, body and section present"""
    missing = [
        name
        for name, value in (
            ("a headline", article.headline),
            ("a summary", article.summary),
            ("a body", article.body),
            ("a section", article.section_id),
        )
        if not (value.strip() if isinstance(value, str) else value)
    ]
    if not missing:
        return None
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return f"Add {listed} before submitting."


def not_an_author(article: ArticleLike, user: UserLike | None) -> str | None:
    """actor is not a byline author"""
    if user is not None and article.is_author(user):
        return "You are on the byline, so someone else must clear it."
    return None


def the_assigned_checker(article: ArticleLike, user: UserLike | None) -> str | None:
    """a fact-checker acts only on a check assigned to them (editors and admins may override)"""
    if user is None or role_of(user) != FACT_CHECKER or article.fact_checker_id == user.id:
        return None
    if article.fact_checker_id is None:
        return "Take this check first: it is not assigned to anyone."
    return "This check is assigned to another fact-checker."


def claims_resolved(article: ArticleLike, _user: UserLike | None) -> str | None:
    """every claim resolved (none unchecked, false or text changed; unverifiable with a note)"""
    tally: TallyLike | None = getattr(article, "claim_tally", None)
    return tally.problem() if tally is not None else None


def source_claims_located(article: ArticleLike, _user: UserLike | None) -> str | None:
    """a cleared story's translation: each source claim located in it or marked absent"""
    tally: TallyLike | None = getattr(article, "location_tally", None)
    return tally.problem() if tally is not None else None


def all_of(*guards: Guard) -> Guard:
    """A guard that passes when each of `guards` does, and gives the first one's reason."""

    def guard(article: ArticleLike, user: UserLike | None) -> str | None:
        return next((r for g in guards if (r := g(article, user)) is not None), None)

    guard.__doc__ = "; ".join(g.__doc__ or "" for g in guards)
    return guard


class LagLike(Protocol):
    """How a translation lags its source (`models.families.SourceLag`)."""

    since_version: int
    newest_at: datetime


def translation_up_to_date(article: ArticleLike, _user: UserLike | None) -> str | None:
    """a translation is up to date with its source"""
    lag: LagLike | None = getattr(article, "source_lag", None)
    if lag is None:
        return None
    return (
        f"The source changed since this translation (its revision {lag.since_version}). "
        "Bring the translation up to date and mark it so first."
    )


def source_unchanged_since_scheduled(article: ArticleLike, _user: UserLike | None) -> str | None:
    """a translation's source has not changed since it was scheduled (an editor's waiver then
    covered the source as it was, not what came after)"""
    lag: LagLike | None = getattr(article, "source_lag", None)
    scheduled_at: datetime | None = getattr(article, "state_changed_at", None)
    if lag is None or (scheduled_at is not None and as_utc(lag.newest_at) <= as_utc(scheduled_at)):
        return None
    return (
        "The source changed after this translation was scheduled (it is out of date since the "
        f"source's revision {lag.since_version}). Bring it up to date and mark it so, or publish "
        "or reschedule it with a note."
    )


def role_of(user: UserLike) -> str:
    """The person's role as a plain string (a `Role` enum's value, or the string itself)."""
    role = user.role
    return getattr(role, "value", role)


def embargo_lifted(article: ArticleLike, _user: UserLike | None) -> str | None:
    """no embargo holds (its lift time has come, or two editors lifted it early)"""
    notice: str | None = getattr(article, "embargo_notice", None)
    if notice is None:
        return None
    return f"This story is {notice}. It can't go out before the lift."


def embargo_allows_time(article: ArticleLike, at: datetime) -> str | None:
    """A chosen publish time (schedule, reschedule) is at or after the lift of an embargo that
    holds; the reason names the embargo otherwise."""
    notice: str | None = getattr(article, "embargo_notice", None)
    until: datetime | None = getattr(article, "embargo_until", None)
    if notice is None or until is None or at >= as_utc(until):
        return None
    return f"This story is {notice}. Choose a time at or after the lift."
