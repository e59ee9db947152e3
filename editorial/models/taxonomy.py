"""Sections, regions and tags: how the public site is navigated. Data, managed by admins."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from editorial.extensions import Model


class SectionGroup(enum.StrEnum):
    """The two menus of the public navigation."""

    NEWS = "News"
    ARTICLES = "Articles"


class Named:
    """A name people read and the slug its public address uses, both unique."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class Section(Named, Model):
    """A section (Politics, Economy...) or an article kind (Opinion, Analysis...)."""

    __tablename__ = "sections"

    group: Mapped[SectionGroup] = mapped_column(
        Enum(
            SectionGroup,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    position: Mapped[int] = mapped_column(default=0)
    # Retired: hidden from the editor's pickers and the public menus; its stories keep it.
    retired: Mapped[bool] = mapped_column(default=False, server_default=false())


class Region(Named, Model):
    """A region of the world an article is about."""

    __tablename__ = "regions"

    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False, server_default=false())


class Tag(Named, Model):
    """A free topic label; created by whoever tags an article with a new name.

    An editor may feature one as a coverage hub (`services.coverage`): it then has a public page
    of its own (`/coverage/<slug>`) and a banner on its stories.
    """

    __tablename__ = "tags"

    coverage_hub: Mapped[bool] = mapped_column(default=False, server_default=false())
    hub_description: Mapped[str] = mapped_column(Text, default="", server_default="")


class SlugHistory(Model):
    """An address something had before: `/section/<old>` answers 301 to where it lives now.

    `kind` is "section", "region", "tag" or "author"; `target_id` the row it points to. A slug
    that is taken again by a live row stops redirecting (the row is removed when it is claimed).
    """

    __tablename__ = "slug_history"
    __table_args__ = (UniqueConstraint("kind", "old_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    old_slug: Mapped[str] = mapped_column(String(80))
    target_id: Mapped[int] = mapped_column()
