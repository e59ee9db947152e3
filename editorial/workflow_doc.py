"""The state machine written out for people: docs/workflow.md's table, from the table itself.

Kept beside `editorial.workflow` rather than in it, so the machine stays one screen of rules;
`flask --app wsgi workflow-doc` prints it and a test holds docs/workflow.md to it.
"""

from __future__ import annotations

from editorial.workflow import (
    ADMIN,
    EDITOR,
    FACT_CHECKER,
    REPORTER,
    TRANSITIONS,
    PublishTime,
)


def as_markdown() -> str:
    """The machine as a Markdown table: docs/workflow.md is this, checked by a test."""
    role_names = {
        REPORTER: "reporter",
        FACT_CHECKER: "fact-checker",
        EDITOR: "editor",
        ADMIN: "admin",
    }
    effects = {
        PublishTime.KEEP: "",
        PublishTime.NOW: "set to now",
        PublishTime.CHOSEN: "the chosen time",
        PublishTime.DUE: "the scheduled time, once due",
        PublishTime.DROP: "cleared",
    }
    lines = [
        "| transition | button | from | to | who | guard | note | publish time |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in TRANSITIONS:
        who = ", ".join(
            role_names[r] for r in (REPORTER, FACT_CHECKER, EDITOR, ADMIN) if r in t.roles
        )
        if t.author_sources:
            who += f"; byline author in {', '.join(t.author_sources)}"
        if t.automatic:
            who = "the system"
        sources = ", ".join(t.sources)
        label = "" if t.automatic else t.label
        # A guard's docstring may run over lines; a table cell is one.
        guards = [" ".join((t.guard.__doc__ or "").split())] if t.guard else []
        if t.waivable:
            waivers = ", ".join(role_names[r] for r in (EDITOR, ADMIN) if r in t.waivable.roles)
            guards.append(f"{t.waivable.guard.__doc__} [waivable: {waivers}, with a note]")
        if t.house_rules:
            guards.append("house checklist: its blocking rules met or waived")
        if t.needs_time:
            guards.append("publish time in the future")
        if t.needs_fact_checker:
            guards.append("a fact-checker assigned (or chosen in the step)")
        guard = "; ".join(guards)
        lines.append(
            f"| {t.name} | {label} | {sources} | {t.target} | {who} | {guard} | {t.note} "
            f"| {effects[t.publish_time]} |"
        )
    return "\n".join(lines) + "\n"
