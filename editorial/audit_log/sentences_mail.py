"""The audit sentences of email's kinds (`mail.*`): reset links asked for and used,
invitations sent and accepted.

Kept out of `sentences.py` (at its size limit) and registered there in `FAMILIES`.
"""

from __future__ import annotations

from editorial.audit_log.said import Said


def mail(s: Said) -> str:
    """A reset link asked for (for a known address or not) or used; an invitation sent or used."""
    email = s.details.get("email") or "an address"
    if s.kind == "reset_asked":
        if s.details.get("known"):
            return f"A password reset link was emailed to {email}"
        return f"A password reset was asked for {email}, which has no active account"
    sentences = {
        "password_reset": f"{s.who} chose a new password through an emailed link",
        "invited": f"{s.who} emailed an invitation to {email}",
        "invitation_accepted": f"{s.who} accepted their invitation and chose a password",
        "preferences_changed": f"{s.who} changed which notifications they get by email",
        "unsubscribed": f"{s.subject()} turned off an email by its unsubscribe link",
    }
    return sentences[s.kind]
