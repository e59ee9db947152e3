"""The article state machine as one table, and what a given person may do to an article now.

Pure: no Flask, no database. Views draw buttons from `available()`; the transition service
(`editorial.articles.transitions.service`) checks the very same rules again on the server, so
the page and the server never disagree. Tests and docs read `TRANSITIONS` too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from editorial.checklist_rules import checklist_met
from editorial.workflow_guards import ADMIN as ADMIN
from editorial.workflow_guards import EDITOR as EDITOR
from editorial.workflow_guards import FACT_CHECKER as FACT_CHECKER
from editorial.workflow_guards import REPORTER as REPORTER
from editorial.workflow_guards import ArticleLike as ArticleLike
from editorial.workflow_guards import Guard as Guard
from editorial.workflow_guards import UserLike as UserLike
from editorial.workflow_guards import (
    all_of,
    claims_resolved,
    embargo_lifted,
    has_copy,
    not_an_author,
    role_of,
    source_claims_located,
    source_unchanged_since_scheduled,
    the_assigned_checker,
    translation_up_to_date,
)
from editorial.workflow_rows import EDITORS as EDITORS
from editorial.workflow_rows import PublishTime as PublishTime
from editorial.workflow_rows import Transition as Transition
from editorial.workflow_rows import Waivable as Waivable

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

# The board's columns (spiked stories have a page of their own), and the ones a role's board
# shows when it is not all of them: a fact-checker works from the check onwards.
BOARD_STATES: tuple[str, ...] = tuple(s for s in STATES if s != SPIKED)
BOARD_STATES_BY_ROLE: dict[str, tuple[str, ...]] = {FACT_CHECKER: CHECKED_STATES}


def board_states(role: str) -> tuple[str, ...]:
    """The board columns a person of `role` sees, in the machine's order."""
    return BOARD_STATES_BY_ROLE.get(role, BOARD_STATES)


# An out-of-date translation runs only when an editor says why (see docs/workflow.md).
OUT_OF_DATE = Waivable(
    translation_up_to_date,
    prompt="Say why this translation may run before it is brought up to date.",
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        (DRAFT,),
        EDIT,
        "Submit for edit",
        author_sources=(DRAFT,),
        guard=has_copy,
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
        guard=the_assigned_checker,
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
        guard=all_of(not_an_author, the_assigned_checker, claims_resolved, source_claims_located),
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
        guard=embargo_lifted,
        waivable=OUT_OF_DATE,
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
        waivable=OUT_OF_DATE,
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
        "publish_now",
        (SCHEDULED,),
        PUBLISHED,
        "Publish now",
        note="none",
        guard=embargo_lifted,
        waivable=OUT_OF_DATE,
        publish_time=PublishTime.NOW,
        help="Publish it at once instead of at its time (a missed publish, a change of plan).",
        done="published now",
    ),
    Transition(
        "reschedule",
        (SCHEDULED,),
        SCHEDULED,
        "Reschedule",
        note="none",
        waivable=OUT_OF_DATE,
        publish_time=PublishTime.CHOSEN,
        help="Move its publish time.",
        done="rescheduled",
    ),
    Transition(
        "release",
        (SCHEDULED,),
        PUBLISHED,
        "Release",
        roles=frozenset(),
        note="none",
        # The publish guards again, at the time: an embargo, and a translation whose source
        # changed after it was scheduled (nobody has waived that yet).
        guard=all_of(embargo_lifted, source_unchanged_since_scheduled),
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
    can_waive: bool = False  # the reason is the row's waivable guard, and this person may waive it

    @property
    def enabled(self) -> bool:
        return self.reason is None

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return self.transition.label


def may_ever(transition: Transition, user: UserLike) -> bool:
    """Whether `user`'s role could take `transition` on some story: by role, or as a byline's
    author where the row lets authors. False means `permitted` refuses it on every story in
    every state, so the refusal needs nothing of the story's (a transition's row lock)."""
    if transition.automatic:
        return False
    return role_of(user) in transition.roles or bool(transition.author_sources)


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
    if role_of(user) in transition.roles:
        return True
    return article.state in transition.author_sources and article.is_author(user)


def check_guard(
    transition: Transition, article: ArticleLike, user: UserLike | None, *, waive: bool = False
) -> str | None:
    """The reason `transition` can't happen now, or None; `waive` sets the row's waivable guard
    aside when `user` may (the caller records why)."""
    if transition.guard and (reason := transition.guard(article, user)):
        return reason
    if transition.house_rules and (reason := checklist_met(transition.name, article)):
        return reason
    if waive and may_waive(transition, user):
        return None
    return waivable_reason(transition, article, user)


def waivable_reason(
    transition: Transition, article: ArticleLike, user: UserLike | None
) -> str | None:
    """The reason the row's waivable guard gives now (None: it passes, or there is none)."""
    return transition.waivable.guard(article, user) if transition.waivable else None


def may_waive(transition: Transition, user: UserLike | None) -> bool:
    """Whether `user` may set the row's waivable guard aside (never the system)."""
    waivable = transition.waivable
    return waivable is not None and user is not None and role_of(user) in waivable.roles


def available(article: ArticleLike, user: UserLike) -> list[Option]:
    """Every transition `user` may attempt on `article` now, in table order, with guard reasons."""
    options = []
    for t in TRANSITIONS:
        if permitted(t, article, user):
            reason = check_guard(t, article, user)
            soft = reason is not None and reason == waivable_reason(t, article, user)
            options.append(Option(t, reason, can_waive=soft and may_waive(t, user)))
    return options
