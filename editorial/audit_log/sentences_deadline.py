"""The "deadline" family's sentences: a stage's deadline set, moved or cleared (by hand, from a
plan or a section's default), an escalation step sent, a section's defaults changed, an editor
put on or taken off duty. Registered in `sentences.FAMILIES` (that module is at its size limit)."""

from __future__ import annotations

from editorial.audit_log.said import Said, listed
from editorial.models.planning import DEADLINE_LABELS

ORIGINS = {"plan": " from the plan", "section": " from the section's default", "hand": ""}
STEPS = {
    "soon": "warned the holder of",
    "due": "told the desk owner of",
    "overdue": "told the editors on duty of",
}


def _stage(s: Said) -> str:
    label = DEADLINE_LABELS.get(str(s.details.get("stage")), "a stage's")
    return f"“{label}” deadline" if label != "a stage's" else "a stage's deadline"


def _at(value: object) -> str:
    """ "2026-12-05T14:00:00Z" as "2026-12-05 14:00 UTC"."""
    text = str(value or "")
    return f"{text[:10]} {text[11:16]} UTC" if len(text) >= 16 else "an unknown time"


def _minutes(value: object) -> str:
    if not isinstance(value, int):
        return "none"
    hours, minutes = divmod(value, 60)
    return f"{hours} h {minutes} min" if hours and minutes else f"{hours} h" if hours else (
        f"{minutes} min")  # fmt: skip


def deadline_sentence(s: Said) -> str:
    """One deadline event in words."""
    details, kind = s.details, s.kind
    origin = ORIGINS.get(str(details.get("origin")), "")
    if kind == "set":
        return f"{s.who} set the {_stage(s)} of {s.story()} to {_at(details.get('due'))}{origin}"
    if kind == "moved":
        return (f"{s.who} moved the {_stage(s)} of {s.story()} from {_at(details.get('was'))} "
                f"to {_at(details.get('due'))}{origin}")  # fmt: skip
    if kind == "cleared":
        return f"{s.who} cleared the {_stage(s)} of {s.story()}"
    if kind == "escalated":
        told = details.get("told") or []
        whom = f" ({len(told)} told)" if isinstance(told, list) else ""
        step = STEPS.get(str(details.get("step")), "escalated")
        return f"Deadlines {step} the {_stage(s)} of {s.story()}{whom}"
    if kind == "defaults_changed":
        changes = details.get("changes") or {}
        parts = [
            f"{DEADLINE_LABELS.get(stage, stage)} {_minutes(pair[0])} to {_minutes(pair[1])}"
            for stage, pair in changes.items()
            if isinstance(pair, list) and len(pair) == 2
        ]
        what = f": {listed(parts)}" if parts else ""
        name = s.thing()
        section = f"section {name}" if name else "a section"
        return f"{s.who} changed the default deadlines of {section}{what}"
    if kind in ("on_duty", "off_duty"):
        where = "on" if kind == "on_duty" else "off"
        return f"{s.who} put {s.subject()} {where} duty for overdue deadlines"
    raise KeyError(kind)
