"""Getting into one's account by an emailed link: "Forgot your password?" and invitations.

A link carries a token of 256 bits from `secrets`; only its SHA-256 is stored
(`AccountToken`). It works once, for an hour (a reset) or a week (an invitation), for one person
and one purpose; asking again replaces the older links. A wrong, altered, used or expired token
gets the same answer as none. Using one sets the password (the usual rules,
`passwords.password_problem`), ends every session of the person and is audited.

The mail goes after the commit, through a job (`mail.send_after_commit`): never for a change
that rolled back, and never making the request wait on the mail server.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template
from sqlalchemy import select, update

from editorial import clock, jobs, mail, newsroom
from editorial.audit import record
from editorial.extensions import db
from editorial.models import AccountToken, User, end_sessions
from editorial.models.account_tokens import INVITATION, RESET
from editorial.passwords import hash_password, password_problem
from editorial.refusal import Refused
from editorial.urls import absolute

LIFETIMES = {RESET: timedelta(hours=1), INVITATION: timedelta(days=7)}


def token_hash(token: str) -> str:
    """The SHA-256 of `token`, as stored (a token itself is never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(user: User, purpose: str) -> str:
    """A fresh link token for `user` and `purpose`; their older unused ones of that purpose stop
    working. Returns the token, to be put in the emailed link only."""
    moment = clock.now()
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=moment)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash(token),
            created_at=moment,
            expires_at=moment + LIFETIMES[purpose],
        )
    )
    db.session.flush()
    return token


def valid_token(token: str, purpose: str) -> AccountToken | None:
    """The unused, unexpired token row `token` names for `purpose`, or None (any other case)."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == token_hash(token))
    )
    if row is None or row.purpose != purpose or row.used_at is not None:
        return None
    if clock.now() >= row.expires_at:
        return None
    user = db.session.get(User, row.user_id)
    return row if user is not None and user.active else None


def _link(endpoint: str, token: str) -> str:
    # The desk's configured address, never the request's Host header: a forged Host must not
    # send someone a reset link that points at the forger's site. Built without a request
    # (the reset link is made by a job).
    return absolute(current_app.url_map.bind("desk.invalid").build(endpoint, {"token": token}))


def request_reset(email: str) -> None:
    """Ask for a reset link for `email`: queued for after the commit, the same for every address.

    The request does the same work whether or not the address has an account (one job
    queued), so neither its answer nor its time tells anyone who has one; the job looks the
    address up and, for an active account, emails the link."""
    jobs.after_commit(send_reset_link, email.strip().lower()[:254])


@jobs.job("auth.reset_link", retries=2, retry_delay=30)
def send_reset_link(email: str) -> None:
    """Email a reset link to `email` if it is an active account's (a job: see request_reset)."""
    if not mail.enabled():
        return
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.active:
        record("mail.reset_asked", None, actor=None, email=email, known=False)
        return
    token = new_token(user, RESET)
    link = _link("auth.reset_password", token)
    name = newsroom.current().newsroom_name
    context = {"user": user, "link": link, "newsroom_name": name, "hours": 1}
    mail.send_after_commit(
        user.email,
        f"Choose a new password for {name}",
        render_template("mail/reset.txt", **context),
        render_template("mail/reset.html", **context),
    )
    record("mail.reset_asked", user, actor=None, email=email, known=True)


def invite(user: User, *, actor: User | None = None) -> bool:
    """Email `user` an invitation link to choose their password; False when email is off."""
    if not mail.enabled():
        return False
    token = new_token(user, INVITATION)
    link = _link("auth.accept_invitation", token)
    name = newsroom.current().newsroom_name
    context = {
        "user": user,
        "link": link,
        "newsroom_name": name,
        "inviter": actor.display_name if actor else "An admin",
        "days": LIFETIMES[INVITATION].days,
    }
    mail.send_after_commit(
        user.email,
        f"You are invited to {name}",
        render_template("mail/invitation.txt", **context),
        render_template("mail/invitation.html", **context),
    )
    record("mail.invited", user, actor=actor, email=user.email)
    return True


def use_token(token: str, purpose: str, password: str) -> User:
    """Set the password of the person `token` names, once: the token is spent, every session
    of theirs ends and it is audited. Refused (beside the field) for a bad password; a token
    that no longer works is refused with the same words whatever the reason."""
    row = valid_token(token, purpose)
    if row is None:
        raise Refused(EXPIRED, field="token")
    user = db.session.get(User, row.user_id)
    if user is None:  # removed meanwhile: valid_token saw them
        raise Refused(EXPIRED, field="token")
    problem = password_problem(password, email=user.email, name=user.display_name)
    if problem:
        raise Refused(problem, field="new_password")
    # Spent with a conditional UPDATE: two tabs posting the same link give one success.
    spent = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=clock.now())
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise Refused(EXPIRED, field="token")
    user.password_hash = hash_password(password)
    user.must_change_password = False
    end_sessions(user)
    record(
        "mail.password_reset" if purpose == RESET else "mail.invitation_accepted", user, actor=user
    )
    return user


EXPIRED = (
    "This link no longer works: it was used already, has expired, or was replaced by a newer "
    "one. Ask for a new link."
)
