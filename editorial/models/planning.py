"""The planning desk's data (issue 22): planned stories (the budget), the deadlines of an
article's stages, the per-section default deadlines, and the escalation steps already sent.

Plans and deadlines are separate kinds of time, never merged into one date: a plan's publish slot
is when the desk means to run it; a deadline is when a stage must be done; the publish time of a
scheduled story and an embargo's lift live on the article. Moving one never moves another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial import workflow
from editorial.clock import now
from editorial.extensions import Model
from editorial.models.article import Article
from editorial.models.taxonomy import Region, Section
from editorial.models.types import UTCDateTime
from editorial.models.user import User

# A plan's life: a reporter proposes, an editor accepts (or an editor plans it outright); "Start
# the draft" makes its article; a killed plan keeps its note and can be restored.
PROPOSED, PLANNED, STARTED, KILLED = "proposed", "planned", "started", "killed"
PLAN_STATUSES: tuple[str, ...] = (PROPOSED, PLANNED, STARTED, KILLED)

# The stages a deadline can sit on: the active states of the workflow. A stage's deadline is when
# the story must have left it ("filed by" ends the draft, "edited by" the edit, "checked by" the
# fact-check, "out by" the ready state).
DEADLINE_STAGES: tuple[str, ...] = (
    workflow.DRAFT,
    workflow.EDIT,
    workflow.FACT_CHECK,
    workflow.READY,
)
DEADLINE_LABELS = {
    workflow.DRAFT: "Filed by",
    workflow.EDIT: "Edited by",
    workflow.FACT_CHECK: "Checked by",
    workflow.READY: "Out by",
}
# Where a deadline came from.
FROM_PLAN, BY_HAND, SECTION_DEFAULT = "plan", "hand", "section"
# The escalation steps, each sent once per deadline: the holder shortly before, the desk owner at
# the deadline, the editors on duty a set time after.
SOON, DUE, OVERDUE = "soon", "due", "overdue"
ESCALATION_STEPS: tuple[str, ...] = (SOON, DUE, OVERDUE)


class Plan(Model):
    """A planned story: exists before any draft, and stays linked to it once started."""

    __tablename__ = "plans"
    __table_args__ = (Index("ix_plans_status_slot", "status", "slot_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    working_title: Mapped[str] = mapped_column(String(160))  # slug-like: "budget-vote"
    # The languages it is planned in, codes separated by commas; the first is the draft's.
    languages: Mapped[str] = mapped_column(String(60), default="en")
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # desk owner
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    planned_words: Mapped[int] = mapped_column(default=0)
    # The publish slot: a time (start only) or a window (start and end); none = the unscheduled
    # tray.
    slot_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    slot_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The plan's deadlines, carried to the article's stages when the draft starts.
    filed_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edited_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=PLANNED)
    kill_note: Mapped[str] = mapped_column(Text, default="")
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), unique=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    version: Mapped[int] = mapped_column(default=1)

    section: Mapped[Section | None] = relationship(lazy="joined")
    region: Mapped[Region | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    article: Mapped[Article | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def language_codes(self) -> list[str]:
        """The planned languages, the draft's first."""
        return [code for code in self.languages.split(",") if code]

    def __repr__(self) -> str:
        return f"<Plan {self.id} {self.working_title!r} {self.status}>"


class ArticleDeadline(Model):
    """When an article must have left `stage`: from its plan, set by hand, or a section's
    default."""

    __tablename__ = "article_deadlines"
    __table_args__ = (UniqueConstraint("article_id", "stage", name="uq_article_deadlines_stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))  # one of DEADLINE_STAGES
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    origin: Mapped[str] = mapped_column(String(20), default=BY_HAND)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    article: Mapped[Article] = relationship()


class SectionDeadlineDefault(Model):
    """An admin's rule: in `section`, `stage` must be done within `minutes` of entering it."""

    __tablename__ = "section_deadline_defaults"
    __table_args__ = (
        UniqueConstraint("section_id", "stage", name="uq_section_deadline_defaults_stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int] = mapped_column()


class DeadlineWarning(Model):
    """An escalation step already sent: the unique key makes each step happen once, however many
    scheduler loops race to send it (the loser's INSERT fails and it sends nothing)."""

    __tablename__ = "deadline_warnings"
    __table_args__ = (
        UniqueConstraint("article_id", "stage", "step", "due_at", name="uq_deadline_warnings_step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(String(20))  # one of ESCALATION_STEPS
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
