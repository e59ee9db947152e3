"""Writing to the audit log. The row joins the caller's transaction: no commit here."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from editorial.extensions import db
from editorial.identity import signed_in_person
from editorial.models import AuditEvent, User

SECRET_KEYS = {"password", "new_password", "current_password", "confirm", "csrf_token"}


def record(
    action: str,
    obj: Any = None,
    *,
    actor: User | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event for `action` on `obj` by `actor` (default: the signed-in user).

    Secrets are never stored: keys that name one are dropped whatever the caller passed.
    """
    if actor is None:
        actor = signed_in_person()
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_label=actor.email if actor else None,
        action=action,
        object_type=_object_type(obj),
        object_id=str(obj.id) if obj is not None and hasattr(obj, "id") else None,
        ip=request.remote_addr if has_request_context() else None,
        details={k: v for k, v in details.items() if k not in SECRET_KEYS},
    )
    db.session.add(event)
    return event


def _object_type(obj: Any) -> str | None:
    if obj is None:
        return None
    return getattr(obj, "__tablename__", type(obj).__name__).removesuffix("s")
