"""Saving the site settings (`editorial.newsroom` reads them): one row, an audit event with what
changed (whether a page's text changed, not the text twice), the site's version moved on."""

from __future__ import annotations

from typing import Any

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


def save_settings(values: dict[str, Any], *, actor: User | None) -> bool:
    """Store `values` (any of FIELDS); whether anything changed. The caller commits."""
    row = settings_row()
    changes: dict[str, Any] = {}
    for name in FIELDS:
        if name not in values:
            continue
        new = values[name]
        if name == "show_checked_by":
            new = bool(new)
        elif name == "languages":
            new = " ".join(parse_codes(str(new or "")))
        else:
            new = str(new or "").strip()
        old = getattr(row, name)
        if name == "languages":
            old = " ".join(parse_codes(old))  # empty means the catalogue's default list
        if old != new:
            changes[name] = {"changed": True} if name in LONG_TEXT else {"old": old, "new": new}
            setattr(row, name, new)
    if not changes:
        return False
    record("settings.changed", row, actor=actor, **changes)
    bump_site_version()
    return True
