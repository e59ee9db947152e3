"""The planning desk's audit events in words (family "plan"): "Layla Mansour moved the plan
“budget-vote” to 2026-12-03 07:00 UTC". The plan is named by the working title its event kept,
so a sentence still reads after the plan changed; times are UTC, as the log stores them."""

from __future__ import annotations

from editorial.audit_log.said import Said, quoted

# The `plan.*` permissions of a refused access, for the access family's sentence.
PLAN_PERMISSIONS = {
    "plan.manage": "change the budget",
    "plan.propose": "propose a planned story",
    "plan.view": "see that plan",
    "plan.start": "start that plan's draft",
}
DEADLINES = {"filed_by": "filed-by", "edited_by": "edited-by", "checked_by": "checked-by"}


def _time(value: object) -> str:
    """A machine time ("2026-12-03T07:00:00Z") as "2026-12-03 07:00 UTC"."""
    text = str(value or "")
    return f"{text[:10]} {text[11:16]} UTC" if len(text) >= 16 else text


def _people(s: Said) -> str:
    parts = []
    for key, label in (("owner", "desk owner"), ("reporter", "reporter")):
        names = s.details.get(f"{key}_names")
        if isinstance(names, list) and len(names) == 2:
            parts.append(f"{label} from {names[0]} to {names[1]}")
    return " and ".join(parts) or "its people"


def plan(s: Said) -> str:
    """One `plan.*` event as a sentence."""
    title = quoted(s.details.get("title") or "a plan")
    details = s.details
    if s.kind == "moved":
        if not details.get("start"):
            return f"{s.who} moved the plan {title} back to the unscheduled tray"
        end = f" to {_time(details['end'])[11:]}" if details.get("end") else ""
        return f"{s.who} moved the plan {title} to {_time(details['start'])}{end}"
    if s.kind == "deadline_moved":
        which = DEADLINES.get(str(details.get("which")), "a")
        when = f"to {_time(details['due'])}" if details.get("due") else "off (no deadline)"
        return f"{s.who} moved the {which} deadline of the plan {title} {when}"
    if s.kind == "reassigned":
        return f"{s.who} reassigned the plan {title}: {_people(s)}"
    if s.kind in ("killed", "declined"):
        what = "killed the plan" if s.kind == "killed" else "declined the proposal"
        return f"{s.who} {what} {title}: {quoted(details.get('note'), 120)}"
    if s.kind == "edited":
        fields = [str(name).replace("_", " ") for name in details.get("fields") or []]
        return f"{s.who} changed the plan {title}" + (f" ({', '.join(fields)})" if fields else "")
    if s.kind == "started":
        story = s.names.story(details.get("article_id"))
        return f"{s.who} started the draft of the plan {title}: {story}"
    said = {
        "created": "planned the story",
        "proposed": "proposed the story",
        "accepted": "accepted the proposal",
        "restored": "restored the plan",
    }
    return f"{s.who} {said[s.kind]} {title}"
