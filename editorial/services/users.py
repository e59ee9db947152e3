"""Creating people, changing their role and switching accounts on and off."""

from __future__ import annotations

from sqlalchemy import select

from editorial.audit import record
from editorial.extensions import db
from editorial.models import Role, User, end_sessions
from editorial.passwords import hash_password, password_problem
from editorial.services import Refused


def create_user(
    email: str, display_name: str, role: Role, password: str, *, actor: User | None = None
) -> User:
    """A new active user; refused if the email is taken or the password fails the policy."""
    email = email.strip().lower()
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Refused(f"There is already an account for {email}.")
    problem = password_problem(password, email=email, name=display_name)
    if problem:
        raise Refused(problem)
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    record("user.created", user, actor=actor, email=email, role=role.value)
    return user


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


def set_role(user: User, role: Role, *, actor: User | None = None) -> None:
    """Change `user`'s role; their sessions end so the new role applies at once."""
    if user.role == role:
        return
    if user.role == Role.ADMIN and user.active and _other_active_admins(user) == 0:
        raise Refused("This is the last active admin. Make someone else an admin first.")
    record("user.role_changed", user, actor=actor, old=user.role.value, new=role.value)
    user.role = role
    end_sessions(user)


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """Deactivate (signing them out everywhere at once) or reactivate `user`."""
    if user.active == active:
        return
    if not active and user.role == Role.ADMIN and _other_active_admins(user) == 0:
        raise Refused("This is the last active admin. Make someone else an admin first.")
    user.active = active
    if not active:
        end_sessions(user)
    record("user.activated" if active else "user.deactivated", user, actor=actor)


def active_fact_checkers() -> list[User]:
    """Everyone who can be assigned a fact-check now: active fact-checkers, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.FACT_CHECKER, User.active.is_(True))
            .order_by(User.display_name)
        )
    )
