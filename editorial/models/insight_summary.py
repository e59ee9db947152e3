"""The insights' summary of each story's history, kept current with its transitions
(`insights.summary`): a period's figures read only the rows that end in it, on an index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from editorial.extensions import Model
from editorial.models.types import UTCDateTime


class InsightStageTotal(Model):
    """A story's time in one stage (draft, edit, fact-check, ready) over its finished visits.

    `seconds`: the finished visits' total in whole Unix seconds (`insights.stage_sql`);
    `ended`: the Unix second its last finished visit ended, when the stage is finished;
    `open_since`: when the story is in that stage now, the second its open visit began (then
    `ended` is NULL: the figure ends now, and the open visit is added at read time).
    `held`, `holder_id` (edit, ready: the editor; fact-check: the fact-checker): 1 when the
    assignment history names who held the duty when the stage's last visit ended, and who
    (None: nobody); 0 when the story has no change of that duty (its current person counts).
    `section_id`, `language`, `editor_id`, `fact_checker_id`: the story's, kept with it (the
    summary's flush hook), so a period's figures read no story row."""

    __tablename__ = "insight_stage_totals"
    __table_args__ = (
        Index("ix_insight_stage_totals_ended", "ended"),
        # The stages open now (the desk: a few thousand rows of the archive's).
        Index(
            "ix_insight_stage_totals_open",
            "article_id",
            sqlite_where=text("open_since IS NOT NULL"),
            postgresql_where=text("open_since IS NOT NULL"),
        ),
    )

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    ended: Mapped[int | None] = mapped_column(BigInteger)
    open_since: Mapped[int | None] = mapped_column(BigInteger)
    held: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    holder_id: Mapped[int | None] = mapped_column(Integer)
    section_id: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(12))
    editor_id: Mapped[int | None] = mapped_column(Integer)
    fact_checker_id: Mapped[int | None] = mapped_column(Integer)


class InsightFactCheckEvent(Model):
    """A send, flag or clear of a fact-check round (`insights.factcheck_sql`'s definition):
    who, when; a clear's seconds since its round's send and whether the round was flagged."""

    __tablename__ = "insight_fact_check_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # send, flag, clear
    actor_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
