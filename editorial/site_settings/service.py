"""Saving the site settings (`editorial.newsroom` reads them): one row, an audit event with what
changed (whether a page's text changed, not the text twice), the site's version moved on.

A change is worked out against what everyone saw (`newsroom.shown`: an empty name or zone is the
config's), both sides read the same way (line ends as "\n", no surrounding space), so the audit
row says exactly what changed, from what, to what, and saving an untouched form changes nothing.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from editorial import newsroom
from editorial.audit import record
from editorial.extensions import db
from editorial.languages import parse_codes
from editorial.models import SiteSettingsRow, User
from editorial.page_cache import bump_site_version

FIELDS = (
    "newsroom_name",
    "time_zone",
    "about_md",
    "contact_md",
    "privacy_md",
    "show_checked_by",
    "languages",
)
LONG_TEXT = {"about_md", "contact_md", "privacy_md"}


def settings_row() -> SiteSettingsRow:
    """The settings row, made (with the defaults) if there is none yet; the caller commits."""
    row = db.session.get(SiteSettingsRow, 1)
    if row is None:
        row = SiteSettingsRow(id=1)
        db.session.add(row)
        db.session.flush()
    return row


def _as_stored(name: str, value: Any) -> Any:
    """A field's value as it is kept: text with "\n" line ends (a browser sends a textarea's as
    "\r\n") and no surrounding space; `show_checked_by` a bool."""
    if name == "show_checked_by":
        return bool(value)
    if name == "languages":  # codes, space-separated; empty means the catalogue's default list
        codes = value if isinstance(value, (list, tuple)) else parse_codes(str(value or ""))
        return " ".join(codes)
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def save_settings(values: dict[str, Any], *, actor: User | None) -> bool:
    """Store `values` (any of FIELDS); whether anything changed. The caller commits."""
    row = settings_row()
    before = newsroom.shown(row, current_app.config)
    changes: dict[str, Any] = {}
    for name in FIELDS:
        if name not in values:
            continue
        new = _as_stored(name, values[name])
        old = _as_stored(name, getattr(before, name))
        if old != new:
            changes[name] = {"changed": True} if name in LONG_TEXT else {"old": old, "new": new}
            setattr(row, name, new)
    if not changes:
        return False
    record("settings.changed", row, actor=actor, **changes)
    bump_site_version()
    return True
