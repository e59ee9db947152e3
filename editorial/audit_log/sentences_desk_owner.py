"""A section's desk owner in words (family "desk_owner"): "Rima Khoury made Layla Mansour the
desk owner of section Politics". Names are the ones the event kept, so the sentence still reads
after a rename or a departure."""

from __future__ import annotations

from editorial.audit_log.said import Said


def desk_owner(s: Said) -> str:
    """One `desk_owner.*` event as a sentence."""
    section = s.thing(str(s.details.get("name") or "a section"))
    names = s.details.get("owner_names")
    before, after = names if isinstance(names, list) and len(names) == 2 else [None, None]
    if after:
        was = f" (was {before})" if before else ""
        return f"{s.who} made {after} the desk owner of section {section}{was}"
    if before:
        return f"{s.who} took {before} off as desk owner of section {section}: nobody owns it now"
    return f"{s.who} left section {section} with no desk owner"
