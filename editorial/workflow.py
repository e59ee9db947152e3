"""The article state machine as one table, and what a given person may do to an article now.

Pure: no Flask, no database. Views draw buttons from `available()`; the transition service
(`editorial.articles.transitions.service`) checks the very same rules again on the server, so
the page and the server never disagree. Tests and docs read `TRANSITIONS` too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

DRAFT, EDIT, FACT_CHECK, READY = "draft", "edit", "fact_check", "ready"
SCHEDULED, PUBLISHED, SPIKED = "scheduled", "published", "spiked"

STATES: tuple[str, ...] = (DRAFT, EDIT, FACT_CHECK, READY, SCHEDULED, PUBLISHED, SPIKED)
STATE_LABELS = {
    DRAFT: "Draft",
    EDIT: "Edit",
    FACT_CHECK: "Fact-check",
    READY: "Ready",
    SCHEDULED: "Scheduled",
    PUBLISHED: "Published",
    SPIKED: "Spiked",
}
# A content change in these states invalidates the fact-check (see the "recheck" transition).
CLEARED_STATES: tuple[str, ...] = (READY, SCHEDULED)
# Whose text can still change by a plain save (published text changes only by a correction, and a
# spiked story is restored first).
EDITABLE_STATES: tuple[str, ...] = (DRAFT, EDIT, FACT_CHECK, READY, SCHEDULED)
# Where a byline author who is not an editor may still edit.
AUTHOR_EDITABLE_STATES: tuple[str, ...] = (DRAFT,)
# What a fact-checker sees whoever wrote it: from the check onwards.
CHECKED_STATES: tuple[str, ...] = (FACT_CHECK, READY, SCHEDULED, PUBLISHED)
# Text that has run: changed only through a dated public correction.
CORRECTABLE_STATES: tuple[str, ...] = (PUBLISHED,)
# On the public site: published, or scheduled once its publish time has come (see
# `models.publicly_visible`, which adds the time condition for the scheduled state).
PUBLIC_STATE = PUBLISHED
DUE_STATE = SCHEDULED

REPORTER, FACT_CHECKER, EDITOR, ADMIN = "reporter", "fact_checker", "editor", "admin"
EDITORS = frozenset({EDITOR, ADMIN})
# The board's columns (spiked stories have a page of their own), and the ones a role's board
# shows when it is not all of them: a fact-checker works from the check onwards.
BOARD_STATES: tuple[str, ...] = tuple(s for s in STATES if s != SPIKED)
BOARD_STATES_BY_ROLE: dict[str, tuple[str, ...]] = {FACT_CHECKER: CHECKED_STATES}


def board_states(role: str) -> tuple[str, ...]:
    """The board columns a person of `role` sees, in the machine's order."""
    return BOARD_STATES_BY_ROLE.get(role, BOARD_STATES)


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
    """What the machine needs to know about a person."""

    id: int
    role: str


Guard = Callable[[ArticleLike, "UserLike | None"], "str | None"]


class PublishTime:
    """What a transition does to the article's publish time (`Transition.publish_time`)."""

    KEEP = "keep"  # leaves it alone
    NOW = "now"  # published at this moment (publish)
    CHOSEN = "chosen"  # the future time the person chose (schedule)
    DUE = "due"  # the scheduled time, and only once it has come (release)
    DROP = "drop"  # the planned time no longer holds (unschedule, recheck)


def _has_copy(article: ArticleLike, _user: UserLike | None) -> str | None:
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


def _not_an_author(article: ArticleLike, user: UserLike | None) -> str | None:
    """actor is not a byline author"""
    if user is not None and article.is_author(user):
        return "You are on the byline, so someone else must clear it."
    return None


def _the_assigned_checker(article: ArticleLike, user: UserLike | None) -> str | None:
    """a fact-checker acts only on a check assigned to them (editors and admins may override)"""
    if user is None or _role(user) != FACT_CHECKER or article.fact_checker_id == user.id:
        return None
    if article.fact_checker_id is None:
        return "Take this check first: it is not assigned to anyone."
    return "This check is assigned to another fact-checker."


def _claims_resolved(article: ArticleLike, _user: UserLike | None) -> str | None:
    """every claim resolved (none unchecked, false or text changed; unverifiable with a note)"""
    tally: TallyLike | None = getattr(article, "claim_tally", None)
    return tally.problem() if tally is not None else None


def _all(*guards: Guard) -> Guard:
    """A guard that passes when each of `guards` does, and gives the first one's reason."""

    def guard(article: ArticleLike, user: UserLike | None) -> str | None:
        return next((r for g in guards if (r := g(article, user)) is not None), None)

    guard.__doc__ = "; ".join(g.__doc__ or "" for g in guards)
    return guard


@dataclass(frozen=True)
class Transition:
    """One row of the machine.

    `roles` may apply it from any of `sources`; byline authors may also apply it from
    `author_sources` whatever their role. `automatic` transitions are done by the system (release,
    recheck) and never shown as buttons. `guard` explains, in words, why it can't happen now.
    `note` says whether the person must, may or can't write a note, and the form, the docs and the
    service all read it. `publish_time` is the transition's effect on when the story runs.
    """

    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    roles: frozenset[str] = EDITORS
    author_sources: tuple[str, ...] = ()
    note: str = "optional"  # "optional", "required" or "none"
    guard: Guard | None = None
    automatic: bool = False
    publish_time: str = PublishTime.KEEP
    needs_fact_checker: bool = False  # send_to_fact_check: one assigned, or chosen in the step
    style: str = "default"  # "primary" for the way forward, "danger" for destructive
    help: str = ""
    done: str = ""  # past tense for messages: "it can't be published"
    note_prompt: str = "Add a note."  # what a required note should say

    @property
    def note_required(self) -> bool:
        """The person must say something (the form marks the field required)."""
        return self.note == "required"

    @property
    def needs_time(self) -> bool:
        """The person chooses a publish time in the future (schedule)."""
        return self.publish_time == PublishTime.CHOSEN

    @property
    def publishes(self) -> bool:
        """It puts the story on the public site (publish, release)."""
        return self.publish_time in (PublishTime.NOW, PublishTime.DUE)


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        (DRAFT,),
        EDIT,
        "Submit for edit",
        author_sources=(DRAFT,),
        guard=_has_copy,
        style="primary",
        help="Hand the draft to the editors.",
        done="submitted",
    ),
    Transition(
        "return",
        (EDIT,),
        DRAFT,
        "Return to reporter",
        note="required",
        help="Send it back to the byline with what to fix.",
        done="returned",
        note_prompt="Tell the reporter what to fix.",
    ),
    Transition(
        "send_to_fact_check",
        (EDIT,),
        FACT_CHECK,
        "Send to fact-check",
        needs_fact_checker=True,
        style="primary",
        help="A fact-checker must be assigned, here or before.",
        done="sent to fact-check",
    ),
    Transition(
        "flag",
        (FACT_CHECK,),
        EDIT,
        "Flag",
        roles=frozenset({FACT_CHECKER, EDITOR, ADMIN}),
        note="required",
        guard=_the_assigned_checker,
        style="danger",
        help="Send it back to edit with what failed.",
        done="flagged",
        note_prompt="Say what failed the check.",
    ),
    Transition(
        "clear",
        (FACT_CHECK,),
        READY,
        "Clear",
        roles=frozenset({FACT_CHECKER, EDITOR, ADMIN}),
        note="required",
        guard=_all(_not_an_author, _the_assigned_checker, _claims_resolved),
        style="primary",
        help="Say in the note what was checked, or, with no claims recorded, why nothing needed "
        "checking.",
        done="cleared",
        note_prompt="Say in the note what was checked, or why nothing needed checking.",
    ),
    Transition("reopen", (READY,), EDIT, "Reopen", help="Take it back into edit.", done="reopened"),
    Transition(
        "publish",
        (READY,),
        PUBLISHED,
        "Publish",
        note="none",
        publish_time=PublishTime.NOW,
        style="primary",
        done="published",
    ),
    Transition(
        "schedule",
        (READY,),
        SCHEDULED,
        "Schedule",
        note="none",
        publish_time=PublishTime.CHOSEN,
        help="Publish automatically at a time you choose.",
        done="scheduled",
    ),
    Transition(
        "unschedule",
        (SCHEDULED,),
        READY,
        "Unschedule",
        note="none",
        publish_time=PublishTime.DROP,
        done="unscheduled",
    ),
    Transition(
        "release",
        (SCHEDULED,),
        PUBLISHED,
        "Release",
        roles=frozenset(),
        note="none",
        automatic=True,
        publish_time=PublishTime.DUE,
        done="released",
    ),
    Transition(
        "unpublish",
        (PUBLISHED,),
        EDIT,
        "Unpublish",
        note="required",
        style="danger",
        help="Take it off the public site; its address then answers 410 Gone.",
        done="unpublished",
        note_prompt="Say why it is coming down.",
    ),
    Transition(
        "spike",
        (DRAFT, EDIT, FACT_CHECK, READY),
        SPIKED,
        "Spike",
        author_sources=(DRAFT,),
        note="required",
        style="danger",
        help="Kill the story (it can be restored).",
        done="spiked",
        note_prompt="Say why it is being spiked.",
    ),
    Transition(
        "restore",
        (SPIKED,),
        DRAFT,
        "Restore",
        help="Bring a spiked story back as a draft.",
        done="restored",
    ),
    Transition(
        "recheck",
        (READY, SCHEDULED),
        FACT_CHECK,
        "Back to fact-check",
        roles=frozenset(),
        automatic=True,
        publish_time=PublishTime.DROP,
        done="sent back to fact-check",
    ),
)
BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}
# The moves that send a story back for more work with a note saying why (return, flag,
# unpublish): a person's move to an earlier state whose note is required. The editor shows the
# latest one's note beside the text while the story is where that move put it.
SENDS_BACK: frozenset[str] = frozenset(
    t.name
    for t in TRANSITIONS
    if t.note_required
    and not t.automatic
    and all(STATES.index(t.target) < STATES.index(source) for source in t.sources)
)


@dataclass(frozen=True)
class Option:
    """A transition this person may attempt now, and whether its guard lets it happen."""

    transition: Transition
    reason: str | None = None  # why it is disabled; None when it can be done
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return self.reason is None

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return self.transition.label


def permitted(transition: Transition, article: ArticleLike, user: UserLike | None) -> bool:
    """Graph, role and ownership: may `user` attempt `transition` on `article` in its state now?

    `user=None` is the system, which may only do the automatic transitions.
    """
    if article.state not in transition.sources:
        return False
    if user is None:
        return transition.automatic
    if transition.automatic:
        return False
    if _role(user) in transition.roles:
        return True
    return article.state in transition.author_sources and article.is_author(user)


def check_guard(transition: Transition, article: ArticleLike, user: UserLike | None) -> str | None:
    """The reason `transition` can't happen now, or None."""
    return transition.guard(article, user) if transition.guard else None


def available(article: ArticleLike, user: UserLike) -> list[Option]:
    """Every transition `user` may attempt on `article` now, in table order, with guard reasons."""
    return [
        Option(t, check_guard(t, article, user)) for t in TRANSITIONS if permitted(t, article, user)
    ]


def _role(user: UserLike) -> str:
    role = user.role
    return getattr(role, "value", role)
