"""The public site's version: one number that every change to what readers see moves on."""

from __future__ import annotations

from sqlalchemy import String, Text, true
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


class SiteSettingsRow(Model):
    """The settings admins edit at /admin/settings: a single row (`id` 1).

    Empty name or zone means "the config's default" (`NEWSROOM_NAME`, `NEWSROOM_TZ`). Read it
    through `editorial.newsroom.current()`, never directly: that is cached per process.
    """

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    newsroom_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="", server_default="")
    about_md: Mapped[str] = mapped_column(Text, default="", server_default="")
    contact_md: Mapped[str] = mapped_column(Text, default="", server_default="")
    privacy_md: Mapped[str] = mapped_column(Text, default="", server_default="")
    show_checked_by: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The languages the newsroom publishes in, catalogue codes separated by spaces, the default
    # first ("en ar es"); empty means `languages.DEFAULT_CODES`.
    languages: Mapped[str] = mapped_column(String(100), default="", server_default="")
