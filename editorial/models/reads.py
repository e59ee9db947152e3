"""Read counts for the public site's "Most read" box: one row per article per day.

Reads are counted by a POST beacon (`editorial.public.reads.count_read`), never by the GET of
the page, so reading the site never writes to the database.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from editorial.database import upsert
from editorial.extensions import Model


class ArticleRead(Model):
    """How many times an article was read on one (UTC) day."""

    __tablename__ = "article_reads"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<ArticleRead {self.article_id} {self.day} {self.count}>"


def record_read(article_id: int, day: date) -> None:
    """Add one read of `article_id` on `day`, in one statement (an upsert), so no reads are lost.

    Two readers counted at once both land: the database, not Python, adds the one. The caller
    commits.
    """
    upsert(
        ArticleRead,
        {"article_id": article_id, "day": day, "count": 1},
        keys=["article_id", "day"],
        update={"count": ArticleRead.count + 1},
    )
