"""Sections, regions and tags: how the public site is navigated. Data, managed by admins."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from editorial.extensions import Model


class SectionGroup(enum.StrEnum):
    """The two menus of the public navigation."""

    NEWS = "News"
    ARTICLES = "Articles"


class Section(Model):
    """A section (Politics, Economy...) or an article kind (Opinion, Analysis...)."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    group: Mapped[SectionGroup] = mapped_column(
        Enum(
            SectionGroup,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Section {self.name}>"


class Region(Model):
    """A region of the world an article is about."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Region {self.name}>"


class Tag(Model):
    """A free topic label; created by whoever tags an article with a new name."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)

    def __repr__(self) -> str:
        return f"<Tag {self.name}>"
