"""The public site's version: one number that every change to what readers see moves on."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from editorial.extensions import Model


class SiteVersion(Model):
    """A single row (`id` 1) whose `number` goes up with every change a reader could see.

    Every app process reads it once per cacheable request and keys its page cache and the
    public pages' ETags on it, so a change made in one process is seen by all of them at their
    next request (see `editorial.page_cache`).
    """

    __tablename__ = "site_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(default=0)
