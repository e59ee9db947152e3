"""What a row of the workflow table is (`Transition`), what it does to the publish time
(`PublishTime`), and a guard its roles may set aside with a note (`Waivable`). The rows
themselves, and the rules that read them, are `editorial.workflow`. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from editorial.workflow_guards import ADMIN, EDITOR, Guard

# Who applies a row unless it names other roles: the desk's editors and its admins.
EDITORS = frozenset({EDITOR, ADMIN})


class PublishTime:
    """What a transition does to the article's publish time (`Transition.publish_time`)."""

    KEEP = "keep"  # leaves it alone
    NOW = "now"  # published at this moment (publish)
    CHOSEN = "chosen"  # the future time the person chose (schedule)
    DUE = "due"  # the scheduled time, and only once it has come (release)
    DROP = "drop"  # the planned time no longer holds (unschedule, recheck)


@dataclass(frozen=True)
class Waivable:
    """A guard that `roles` may set aside for one transition, with a note saying why (audited:
    `article.guard_waived`). The person's other guards still hold."""

    guard: Guard
    roles: frozenset[str] = EDITORS
    label: str = "anyway"  # the button: "Publish anyway"
    prompt: str = "Say why it may go ahead anyway."


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
    waivable: Waivable | None = None  # a further guard its roles may set aside with a note
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
    def house_rules(self) -> bool:
        """A newsroom's checklist rules (`editorial.checklist_rules`) may be attached to it: every
        row a person applies. The system's rows (release, recheck) follow a person's earlier move,
        whose rules were met then."""
        return not self.automatic

    @property
    def needs_time(self) -> bool:
        """The person chooses a publish time in the future (schedule)."""
        return self.publish_time == PublishTime.CHOSEN

    @property
    def publishes(self) -> bool:
        """It puts the story on the public site (publish, release)."""
        return self.publish_time in (PublishTime.NOW, PublishTime.DUE)
