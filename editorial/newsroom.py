"""The site settings admins edit (/admin/settings), read through one cached accessor: `current()`.

Stored in one database row (`SiteSettingsRow`); an empty name or zone falls back to the config's
`NEWSROOM_NAME` / `NEWSROOM_TZ`. Each process keeps the last settings it read together with the
site version (`page_cache.site_version()`) they were read at. Every admin change is a write
request, so it moves the site version on in its own transaction; a process sees the new number at
its next request and reads the row again. A request reads the version at most once (kept on
`flask.g`), so settings cost one primary-key lookup per request, and a full read only after a
change.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, cast

from flask import Flask, current_app, g
from sqlalchemy import Row, Table, select

from editorial import languages
from editorial.extensions import db
from editorial.languages import DEFAULT_CODES, Language
from editorial.models import SiteSettingsRow

FOOTER_PAGES = {"about": "About Us", "contact": "Contact Us", "privacy": "Privacy Policy"}


@dataclass(frozen=True)
class SiteSettings:
    """What the settings say now, with the config's defaults filled in."""

    newsroom_name: str
    time_zone: str
    about_md: str
    contact_md: str
    privacy_md: str
    show_checked_by: bool
    languages: tuple[str, ...] = DEFAULT_CODES  # catalogue codes, the default first

    @property
    def default_language(self) -> str:
        """The code of the language a new story is written in, and of the `/` edition."""
        return self.languages[0]

    @property
    def published_languages(self) -> list[Language]:
        """The catalogue entries of the languages the newsroom publishes in, the default first."""
        return [languages.get(code) for code in self.languages]

    def page_text(self, page: str) -> str:
        """The Markdown of footer page `page` ("about", "contact", "privacy")."""
        return str(getattr(self, f"{page}_md"))


_lock = threading.Lock()
KEPT = "editorial.newsroom"  # app.extensions[KEPT]: (site version, settings) this process read


# The row's columns, read past the ORM's objects: every write that moves the site version makes
# each process read it again at its next request, so this is paid after every write.
_ROW = select(*cast(Table, SiteSettingsRow.__table__).c).where(SiteSettingsRow.id == 1)


def _read(config: Any) -> SiteSettings:
    return shown(db.session.execute(_ROW).first(), config)


def shown(row: SiteSettingsRow | Row[Any] | None, config: Any) -> SiteSettings:
    """What `row` (None: no row yet) means to every page: empty name and zone are the config's.

    The settings' save compares what is typed with this, so its audit row's "old" values are
    what people saw, not the empty columns behind a default.
    """
    return SiteSettings(
        newsroom_name=(row.newsroom_name if row else "") or str(config["NEWSROOM_NAME"]),
        time_zone=(row.time_zone if row else "") or str(config["NEWSROOM_TZ"]),
        about_md=row.about_md if row else "",
        contact_md=row.contact_md if row else "",
        privacy_md=row.privacy_md if row else "",
        show_checked_by=row.show_checked_by if row else True,
        languages=languages.parse_codes(row.languages if row else ""),
    )


def current() -> SiteSettings:
    """The settings now: at most one version lookup per request, the row only after a change."""
    from editorial.page_cache import site_version

    if "site_settings" in g:
        return cast(SiteSettings, g.site_settings)
    version = site_version()
    with _lock:
        kept = current_app.extensions.get(KEPT)
    if kept is None or kept[0] != version:
        kept = (version, _read(current_app.config))
        with _lock:
            current_app.extensions[KEPT] = kept
    g.site_settings = kept[1]
    return cast(SiteSettings, kept[1])


def kept(app: Flask, version: int) -> SiteSettings | None:
    """The settings this process read at site version `version`, or None (not read since the
    version moved on): the poll gate's (`fast_polls`), which never reads the row itself."""
    with _lock:
        found = app.extensions.get(KEPT)
    return cast(SiteSettings, found[1]) if found is not None and found[0] == version else None


def forget() -> None:
    """Drop this request's and this process's copy (after a change, before the page renders)."""
    g.pop("site_settings", None)
    with _lock:
        current_app.extensions.pop(KEPT, None)


def default_language() -> str:
    """The code of the newsroom's default language ("en"): the first of its languages."""
    return current().default_language


def zone() -> str:
    """The newsroom's time zone ("Asia/Beirut"): the setting, else `NEWSROOM_TZ`."""
    return current().time_zone
