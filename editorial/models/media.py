"""The media library: pictures uploaded once, re-encoded into a few widths, used on articles.

An `Image` is the library item (caption, credit, alt text and who uploaded it); its files are the
re-encoded variants on disk, named `<file_key>-<width>.<extension>` under the upload folder.
Replacing the file gives it a new random `file_key`, so every variant URL changes and the old
ones can be cached for ever (`immutable`).

A large upload is re-encoded by a background job (`editorial.media.processing`): until then its
`status` is "processing" (no variants yet: `variant_widths` is empty and the kept original is
never served), and "failed" with a `problem` a person reads if the job could not make it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime
from editorial.models.user import User

READY, PROCESSING, FAILED = "ready", "processing", "failed"


class Image(Model):
    """A picture in the library, with the words that go with it wherever it is used."""

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The random part of every variant's file name (secrets.token_urlsafe): new on each replace.
    file_key: Mapped[str] = mapped_column(String(64), unique=True)
    extension: Mapped[str] = mapped_column(String(8))  # jpg, png or webp: the decoded format
    width: Mapped[int] = mapped_column()  # the largest variant's size, upright (EXIF applied)
    height: Mapped[int] = mapped_column()
    variant_widths: Mapped[list[int]] = mapped_column(JSON, default=list)  # ascending
    caption: Mapped[str] = mapped_column(String(300), default="")
    credit: Mapped[str] = mapped_column(String(120), default="")  # "AFP", shown as "(AFP)"
    alt: Mapped[str] = mapped_column(String(300), default="")  # what the picture shows
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    status: Mapped[str] = mapped_column(String(12), default=READY, server_default=READY)
    problem: Mapped[str] = mapped_column(String(300), default="", server_default="")

    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])

    def height_at(self, width: int) -> int:
        """The height of the variant `width` wide (the aspect ratio is kept)."""
        return max(1, round(self.height * width / self.width))

    def file_name(self, width: int) -> str:
        """The file name of the variant `width` wide."""
        return f"{self.file_key}-{width}.{self.extension}"

    @property
    def ready(self) -> bool:
        """Whether its variants exist (not still processing, not failed): only then is it shown."""
        return self.status == READY

    @property
    def complete(self) -> bool:
        """Whether it has the caption, credit and alt text an article needs."""
        return bool(self.caption.strip() and self.credit.strip() and self.alt.strip())

    def __repr__(self) -> str:
        return f"<Image {self.id} {self.file_key} {self.caption[:30]!r}>"
