"""Creating people, changing their name, email, role and password, switching accounts on and off.

Every change here is an audit event, and every change to what a person may do (role, active,
password, sign-out everywhere) ends their open sessions at once (`end_sessions`), so it applies
to a browser that signed in before it.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from editorial.audit import record
from editorial.extensions import db
from editorial.models import Image, Role, User, article_authors, end_sessions
from editorial.models.taxonomy import claim_slug, remember_slug
from editorial.passwords import hash_password, password_problem, verify_password
from editorial.raw_reads import session_reads
from editorial.refusal import Refused, flush_or_refuse

LAST_ADMIN = "This is the last active admin. Make someone else an admin first."


def generated_password() -> str:
    """A temporary password to read out or paste once: four random groups, about 95 bits."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(4))


def create_user(
    email: str,
    display_name: str,
    role: Role,
    password: str,
    *,
    actor: User | None = None,
    temporary: bool = False,
) -> User:
    """A new active user; refused if the email is taken or the password fails the policy.

    `temporary`: an admin chose or generated the password, so the person must change it first.
    """
    email = email.strip().lower()
    if _email_taken(email):
        raise Refused(f"There is already an account for {email}.", field="email")
    problem = password_problem(password, email=email, name=display_name)
    if problem:
        raise Refused(problem, field="password")
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
        must_change_password=temporary,
    )
    db.session.add(user)
    flush_or_refuse(f"There is already an account for {email}.", field="email")
    record("user.created", user, actor=actor, email=email, role=role.value)
    return user


def _email_taken(email: str, *, besides: User | None = None) -> bool:
    query = select(User.id).where(func.lower(User.email) == email.strip().lower())
    if besides is not None:
        query = query.where(User.id != besides.id)
    return db.session.scalar(query) is not None


def update_details(user: User, display_name: str, email: str, *, actor: User | None = None) -> bool:
    """Change `user`'s display name and email (unique whatever the case); whether anything did."""
    email = email.strip().lower()
    display_name = display_name.strip()
    changes = {}
    if display_name != user.display_name:
        changes["display_name"] = {"old": user.display_name, "new": display_name}
    if email != user.email:
        if _email_taken(email, besides=user):
            raise Refused(f"There is already an account for {email}.", field="email")
        changes["email"] = {"old": user.email, "new": email}
    if not changes:
        return False
    user.display_name = display_name
    user.email = email
    db.session.add(user)
    flush_or_refuse(f"There is already an account for {email}.", field="email")
    record("user.updated", user, actor=actor, **changes)
    return True


def update_profile(
    user: User, display_name: str, bio: str, slug: str | None, *, actor: User | None = None
) -> bool:
    """Change one's own public profile: name, bio, author page slug (unique); whether it changed.

    The name and bio show on the public site, so the caller's request moves the site's version
    on (it is not `@changes_no_page`) and no kept page shows the old ones.
    """
    display_name, bio, slug = display_name.strip(), bio.strip(), (slug or "").strip() or None
    changes = {}
    for name, value in (("display_name", display_name), ("bio", bio), ("slug", slug)):
        if getattr(user, name) != value:
            changes[name] = {"old": getattr(user, name), "new": value}
    if not changes:
        return False
    if "slug" in changes and slug is not None:
        taken = db.session.scalar(select(User.id).where(User.slug == slug, User.id != user.id))
        if taken is not None:
            raise Refused(
                f"That address is taken: /author/{slug} is someone else's page.", field="slug"
            )
    if "slug" in changes:
        # The old address keeps working (301), the new one stops pointing at anyone else.
        if user.slug:
            remember_slug("author", user.slug, user.id)
        if slug:
            claim_slug("author", slug)
    user.display_name, user.bio, user.slug = display_name, bio, slug
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise Refused(
            f"That address is taken: /author/{slug} is someone else's page.", field="slug"
        ) from None
    if "bio" in changes:  # the whole bio twice is noise in the log; that it changed is enough
        changes["bio"] = {"changed": True}
    record("user.profile_updated", user, actor=actor, **changes)
    return True


def set_photo(user: User, image: Image | None, *, actor: User | None = None) -> bool:
    """Put a library picture on `user`'s author page, or take the photo off (None); whether it
    changed. Readers see it, so, like the profile, the request moves the site's version on."""
    new_id = image.id if image is not None else None
    if user.photo_id == new_id:
        return False
    record("user.photo_changed", user, actor=actor, old=user.photo_id, new=new_id)
    user.photo_id = new_id
    return True


def _other_active_admins(user: User) -> int:
    """Active admins besides `user`, counted with every active admin's row locked until commit.

    Two admins demoting each other at once on PostgreSQL each counted the other and both went
    ahead, leaving none. Locked (`FOR UPDATE`, in id order so two requests never deadlock), the
    second waits for the first's commit and then counts again what it left. SQLite's write lock
    (BEGIN IMMEDIATE) already serialises them; there the clause is left out.
    """
    admins = db.session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
        .with_for_update()
    )
    return sum(1 for admin_id in admins if admin_id != user.id)


def is_last_active_admin(user: User) -> bool:
    """Whether demoting or deactivating `user` would leave no active admin (for the page's words;
    the change itself checks again with the rows locked)."""
    if user.role != Role.ADMIN or not user.active:
        return False
    others = db.session.scalar(
        select(func.count(User.id)).where(
            User.role == Role.ADMIN, User.active.is_(True), User.id != user.id
        )
    )
    return not others


def set_role(user: User, role: Role, *, actor: User | None = None) -> None:
    """Change `user`'s role; their sessions end so the new role applies at once."""
    if user.role == role:
        return
    if user.role == Role.ADMIN and user.active and _other_active_admins(user) == 0:
        raise Refused(LAST_ADMIN)
    record("user.role_changed", user, actor=actor, old=user.role.value, new=role.value)
    user.role = role
    end_sessions(user)


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """Deactivate (signing them out everywhere at once) or reactivate `user`."""
    if user.active == active:
        return
    if not active and user.role == Role.ADMIN and _other_active_admins(user) == 0:
        raise Refused(LAST_ADMIN)
    user.active = active
    if not active:
        end_sessions(user)
    record("user.activated" if active else "user.deactivated", user, actor=actor)


def reset_password(user: User, *, actor: User | None = None) -> str:
    """Give `user` a generated password they must change at sign-in; their sessions end.

    Returns the password, to be shown once to the admin and never stored in the clear.
    """
    password = generated_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_sessions(user)
    record("user.password_reset", user, actor=actor)
    return password


def change_own_password(user: User, current: str, new: str) -> None:
    """`user` chooses a new password, knowing their current one; every session of theirs ends
    (the caller starts the one they are using again). Refused beside the field it concerns."""
    if not verify_password(user.password_hash, current):
        raise Refused("That is not your current password.", field="current_password")
    if new == current:
        raise Refused("Choose a password different from the current one.", field="new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_sessions(user)
    record("user.password_changed", user)


def sign_out_everywhere(user: User, *, actor: User | None = None) -> None:
    """End every open session of `user`: each browser they use must sign in again."""
    end_sessions(user)
    record("user.signed_out_everywhere", user, actor=actor)


# Who can be assigned a fact-check now, by name, for the actions panel (ids and names only):
# built once; without and with a story's byline left out (bench:writes9).
_CHECKER_COLUMNS = select(User.__table__.c.id, User.__table__.c.display_name).where(
    User.__table__.c.role == Role.FACT_CHECKER, User.__table__.c.active.is_(True)
)
_CHECKERS = _CHECKER_COLUMNS.order_by(User.__table__.c.display_name)
_CHECKERS_OFF_BYLINE = _CHECKER_COLUMNS.where(
    User.__table__.c.id.not_in(
        select(article_authors.c.user_id).where(
            article_authors.c.article_id == bindparam("article_id")
        )
    )
).order_by(User.__table__.c.display_name)


def active_fact_checkers(not_on_byline_of: int | None = None) -> list[Any]:
    """Everyone who can be assigned a fact-check now: active fact-checkers, by name, as rows of
    `id` and `display_name` (all the actions panel draws of them); with `not_on_byline_of`,
    those not on that story's byline (as stored: one statement where the byline's load was a
    second, bench:workflow8). One statement built once, read past the ORM's execution after
    what the session would autoflush (its `User` objects were most of a submit's answer's
    panel, bench:writes9)."""
    with session_reads(db.session()) as reads:
        if not_on_byline_of is None:
            return list(reads.execute(_CHECKERS))
        return list(reads.execute(_CHECKERS_OFF_BYLINE, {"article_id": not_on_byline_of}))
