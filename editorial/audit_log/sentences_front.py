"""Fronts' audit events in words (family "front"): "Elie Editor published version 4 of the
front page (en)". The front is named by the key its event kept ("en:home", "ar:s3"), so the
sentence reads the same after a section is renamed; times are UTC, as the log stores them."""

from __future__ import annotations

from editorial.audit_log.said import Said

FRONT_PERMISSIONS = {
    "front.edit": "arrange a front",
    "front.layout": "change a front's layout",
}


def _front(key: object) -> str:
    language, _, place = str(key or "").partition(":")
    where = "the front page" if place == "home" else f"a section front ({place})"
    return f"{where} ({language})" if language else "a front"


def _time(value: object) -> str:
    text = str(value or "")
    return f"{text[:10]} {text[11:16]} UTC" if len(text) >= 16 else text


def front(s: Said) -> str:
    """One `front.*` event as a sentence."""
    details = s.details
    where = _front(details.get("front"))
    number = details.get("version")
    version = f"version {number}" if number else "a version"
    if s.kind == "published":
        return f"{s.who} published {version} of {where}"
    if s.kind == "released":
        return f"The scheduler published {version} of {where}, as scheduled"
    if s.kind == "restored":
        return f"{s.who} restored {version} of {where} as its draft"
    if s.kind == "scheduled":
        at = _time(details.get("at"))
        return f"{s.who} scheduled a change of {where}" + (f" for {at}" if at else "")
    if s.kind == "schedule_cancelled":
        return f"{s.who} called off a scheduled change of {where}"
    raise KeyError(s.kind)
