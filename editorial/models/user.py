"""People and their sign-in sessions."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Enum, ForeignKey, String, Text, false, update
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from editorial.clock import now
from editorial.extensions import Model, db
from editorial.models.types import UTCDateTime


class Role(enum.StrEnum):
    """What a person does in the newsroom; each role can do everything the one before it can."""

    REPORTER = "reporter"
    FACT_CHECKER = "fact_checker"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"fact_checker": "Fact-checker"}.get(self.value, self.value.capitalize())


class User(UserMixin, Model):
    """A member of the newsroom. Email is stored lower-case, so it is unique whatever the case."""

    __tablename__ = "users"
    __allow_unmapped__ = True  # `current_session` below is per request, not a column

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(default=True)
    # An admin set or generated the password: nothing works until they choose their own.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    password_hash: Mapped[str] = mapped_column(String(255))
    # The public author page: its address (`/author/<slug>`, none: `/author/<id>`) and a short bio.
    slug: Mapped[str | None] = mapped_column(String(60), unique=True)
    bio: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The author page's photo, a picture from the media library (none: no photo), read with
    # `services.media.photo_of` (a column, not a relationship: models.media imports this module).
    # `use_alter`: images point back at users (who uploaded them); one side is added last.
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The planning desk: an editor on duty hears of stages overdue (admins pick who); the secret
    # in the address of this person's calendar feed (.ics), reset to stop an old address.
    on_duty: Mapped[bool] = mapped_column(default=False, server_default=false())
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The kinds of notification (`Kind` values) this person also gets by email at once; the
    # others stay in the inbox only (inbox/email.py).
    email_kinds: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # The kinds this person gets in a digest instead: kind -> "hourly" or "daily" (a kind is in
    # one of the two, or in neither: the inbox only).
    email_digests: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")

    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Set by the user loader: the server-side session this request was authenticated with.
    current_session: UserSession | None = None

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str | None:
        """Flask-Login keeps the server-side session's token in the cookie, not the user id."""
        return self.current_session.token if self.current_session else None

    def __eq__(self, other: object) -> bool:
        """The same person when the same row: Flask-Login's mixin compares `get_id()`, the
        session's token here, so any two people with no session in hand were "equal" and
        `someone in article.authors` held for everyone."""
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = UserMixin.__hash__  # one object per row in a session (its identity map)

    def has_role(self, *roles: Role) -> bool:
        """Whether this person's role is one of `roles`."""
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class UserSession(Model):
    """A signed-in browser. Ending it makes its cookie worthless, whoever still holds it."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship(back_populates="sessions")


def end_sessions(user: User, keep: UserSession | None = None) -> None:
    """End every open session of `user` (all but `keep`): sign-out everywhere."""
    stmt = (
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=now())
    )
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    db.session.execute(stmt)
