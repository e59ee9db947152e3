"""Preview links' audit events in words (family "preview"): "Elie Editor made a preview link of
“Ministers meet” for Maya Haddad (pinned, 48 hours)". The reviewer is named by the name the
event kept; an answer has no signed-in actor, so its sentence starts with the reviewer."""

from __future__ import annotations

from editorial.audit_log.said import Said

# A refused `preview.manage` reads "was refused: their role may not do that (/articles/5/previews)":
# sentences.py is at its 400-line limit, so its PERMISSIONS words have no line for it yet.
VERDICTS = {"approve": "approved", "changes": "requested changes to"}


def preview(s: Said) -> str:
    """One `preview.*` event as a sentence."""
    details = s.details
    reviewer = str(details.get("reviewer") or "a reviewer")
    story = s.story()
    if s.kind == "created":
        shows = "pinned to this version" if details.get("pinned") else "following the latest"
        hours = details.get("hours")
        lasts = f", {hours} hours" if hours else ""
        return f"{s.who} made a preview link of {story} for {reviewer} ({shows}{lasts})"
    if s.kind == "revoked":
        return f"{s.who} revoked {reviewer}'s preview link of {story}"
    if s.kind == "answered":
        verdict = VERDICTS.get(str(details.get("verdict")), "answered on")
        return f"{reviewer} (outside reviewer, by preview link) {verdict} {story}"
    raise KeyError(s.kind)
