"""Who is asking: the signed-in person, as a light identity or as a `User`.

A request's session is checked against one indexed row (`auth.sessions.load_user`), which gives
a `SignedIn`: the person's id and role, nothing built. That is all a poll needs to answer 304
(`current_identity()`), so a poll builds no ORM object. The `User` is loaded the first time
something asks for more (`current_person()`, or any other attribute of `current_user`, such as a
template's `current_user.display_name`), once per request. Services take a real `User` (they
compare ids, store it on rows, send it with signals); `current_person()` gives them one.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from flask import abort, has_request_context
from flask_login import current_user
from sqlalchemy import bindparam, select

from editorial.loaded_rows import as_loaded
from editorial.models import Role, User, UserSession

TOUCH_EVERY_SECONDS = 60  # a read records a session's last-seen time at most once a minute

# The session check: one indexed row (the token is unique), its person's id, role and whether
# they must choose a password first. Built once; no ORM object is made (`SignedIn`). Used by
# `auth.sessions.load_user` and by the poll gate (`fast_polls`), so both check the same thing.
_users, _sessions = User.__table__, UserSession.__table__
_LIVE = (
    _sessions.c.token == bindparam("token"),
    _sessions.c.ended_at.is_(None),
    _users.c.active.is_(True),
)
LIVE_SESSION = (
    select(
        *(column.label(f"s_{column.name}") for column in _sessions.c),
        *(column.label(f"u_{column.name}") for column in _users.c),
    )
    .join(_users, _users.c.id == _sessions.c.user_id)
    .where(*_LIVE)
)
# The same check, reading only what a poll's 304 depends on (the gate builds no `SignedIn`).
LIVE_SESSION_BRIEF = (
    select(
        _sessions.c.last_seen_at,
        _sessions.c.created_at,
        _users.c.id,
        _users.c.role,
        _users.c.must_change_password,
    )
    .join(_users, _users.c.id == _sessions.c.user_id)
    .where(*_LIVE)
)

M = TypeVar("M", User, UserSession)


class SignedIn:
    """A live session's person, checked but not loaded: `id`, `role`, `must_change_password`.

    Flask-Login's `current_user` for every request after the sign-in. Any other attribute is
    the `User`'s, read from it (loaded on first use, with this session as its
    `current_session`): templates and permission rules see a person as before.
    """

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: dict[str, Any], session: dict[str, Any]) -> None:
        """`user` and `session`: the two rows' columns, as the session check read them."""
        self.id: int = user["id"]
        self._role: Role = user["role"]
        self._must_change_password: bool = user["must_change_password"]
        self.session_id: int = session["id"]
        self._token: str = session["token"]
        self._rows = (user, session)
        self._user: User | None = None

    # Read from the check until the `User` is loaded, then from it: a change made in this very
    # request (an admin changing their own role) is seen by what the request does next.
    @property
    def role(self) -> Role:
        """The person's role."""
        return self._user.role if self._user is not None else self._role

    @property
    def must_change_password(self) -> bool:
        """Whether an admin set their password (nothing works until they choose their own)."""
        return (
            self._user.must_change_password
            if self._user is not None
            else self._must_change_password
        )

    def has_role(self, *roles: Role) -> bool:
        """Whether the person's role is one of `roles` (`User.has_role`, without loading it: a
        permission rule that reads only the role builds no `User`)."""
        return self.role in roles

    @property
    def display_name(self) -> str:
        """The person's name as the staff pages show it (from the check's row until loaded)."""
        name: str = (
            self._user.display_name if self._user is not None else self._rows[0]["display_name"]
        )
        return name

    @property
    def is_active(self) -> bool:
        """True: the session check refuses an inactive person; once the `User` is loaded, its
        own flag (someone deactivating themselves sees it in the same request)."""
        return self._user.active if self._user is not None else True

    def get_id(self) -> str:
        """Flask-Login keeps the server-side session's token in the cookie, not the user id."""
        return self._token

    @property
    def user(self) -> User:
        """The person as a `User`, with this request's session row as `current_session`: made
        from the columns the session check already read (no second query), on first use."""
        if self._user is None:
            user, session = self._rows
            person = _persistent(User, user)
            person.current_session = _persistent(UserSession, session)
            self._user = person
        return self._user

    @property
    def current_session(self) -> UserSession | None:
        """The server-side session this request was authenticated with."""
        return self.user.current_session

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in (
            "_user",
            "_token",
            "_rows",
            "_role",
            "_must_change_password",
        ):
            raise AttributeError(name)
        return getattr(self.user, name)

    def __repr__(self) -> str:
        return f"<SignedIn user {self.id} {self.role.value}>"


def _persistent(model: type[M], values: dict[str, Any]) -> M:
    """The ORM object of a row already read, put in the session as if a query had loaded it
    (`loaded_rows.as_loaded`: SQLAlchemy's recipe for cached rows, without building the object
    through its instrumented setters); the session's own copy if it holds one already."""
    return as_loaded(model, values)


def current_identity() -> SignedIn | User | None:
    """Who is signed in, without loading anything more: `.id` and `.role` (None if nobody).

    For polls: an ETag needs only these. A `User` where the sign-in request itself asks.
    """
    if not has_request_context():
        return None
    # One look through Flask-Login's proxy, not two (a kept board asks about six times).
    person = current_user._get_current_object()
    return cast(SignedIn | User, person) if person.is_authenticated else None


def signed_in_person() -> User | None:
    """The signed-in person, or None (signed out, or outside a request)."""
    identity = current_identity()
    if isinstance(identity, SignedIn):
        return identity.user
    return identity


def current_person() -> User:
    """The signed-in person, for views behind the sign-in rule (401 if there is none)."""
    person = signed_in_person()
    if person is None:
        abort(401)
    return person
