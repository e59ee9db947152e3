"""The audit sentences of the house checklists' kinds (`checklist.*`): rules added and removed
by admins, a rule waived for one story's step, a sign-off.

Kept out of `sentences.py` (at its size limit) and registered there in `FAMILIES`.
"""

from __future__ import annotations

from typing import Any

from editorial import workflow
from editorial.audit_log.said import Said, quoted
from editorial.checklist_rules import KINDS


def _step(name: Any) -> str:
    row = workflow.BY_NAME.get(str(name))
    return f"“{row.label}”" if row else "a step"


def _rule(d: dict[str, Any]) -> str:
    label = KINDS.get(str(d.get("kind")), ("a rule",))[0].lower()
    params = d.get("params") or {}
    said = ", ".join(f"{k} {v}" for k, v in params.items())
    kind = "a blocking" if d.get("blocking") else "an advisory"
    return f"{kind} rule “{label}”" + (f" ({said})" if said else "")


def checklist(s: Said) -> str:
    """A house rule added or removed; a rule waived for a story's step; a story signed off."""
    d = s.details
    if s.kind == "rule_added":
        return f"{s.who} added {_rule(d)} before {_step(d.get('transition'))}"
    if s.kind == "rule_removed":
        return f"{s.who} removed {_rule(d)} before {_step(d.get('transition'))}"
    if s.kind == "waived":
        unmet = f" ({d['unmet']})" if d.get("unmet") else ""
        return (
            f"{s.who} waived a checklist rule{unmet} for {_step(d.get('transition'))} of "
            f"{s.story()}, noting {quoted(d.get('reason', ''), 120)}"
        )
    if s.kind == "signed_off":
        tag = f" (tagged {d['tag']})" if d.get("tag") else ""
        return f"{s.who} signed off {s.story()}{tag}"
    return f"{s.who} changed the house checklists"
