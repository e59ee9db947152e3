"""The site settings admins edit (/admin/settings), read through one cached accessor: `current()`.

Stored in one database row (`SiteSettingsRow`); an empty name or zone falls back to the config's
`NEWSROOM_NAME` / `NEWSROOM_TZ`. Each process keeps the last settings it read together with the
site version (`page_cache.site_version()`) they were read at. Every admin change is a write
request, so it moves the site version on in its own transaction; a process sees the new number at
its next request and reads the row again. A request reads the version at most once (kept on
`flask.g`), so settings cost one primary-key lookup per request, and a full read only after a
change.

Most writes move the site version without touching the settings (every transition does), and
then reading the row again tells nothing new: when a transaction of this process moved the
version from the number its settings were kept at to the next one, and wrote no settings, the
kept settings are carried to the new number as it commits (`_carry`). Only this transaction
stands between the two numbers (the version's row is locked from its bump to the commit), so
the settings at both are the same; a change made elsewhere still moves the number past them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import Row, Table, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from editorial import languages
from editorial.extensions import db
from editorial.kept_at_version import KeptAtVersion
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


_KEPT: KeptAtVersion[SiteSettings] = KeptAtVersion("editorial.newsroom")  # at the site version


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
    settings = _KEPT.get(site_version(), lambda: _read(current_app.config))
    g.site_settings = settings
    return settings


def kept(app: Flask, version: int) -> SiteSettings | None:
    """The settings this process read at site version `version`, or None (not read since the
    version moved on): the poll gate's (`fast_polls`), which never reads the row itself."""
    return _KEPT.at(app, version)


def forget() -> None:
    """Drop this request's and this process's copy (after a change, before the page renders)."""
    g.pop("site_settings", None)
    _KEPT.forget()


# -- Carried over this process's own writes ------------------------------------------------------

_WRITTEN = "editorial.newsroom_written"  # Session.info: this transaction wrote the settings
_TABLE = cast(Table, SiteSettingsRow.__table__).name


def _note_flush(session: Session, _context: Any) -> None:
    pending = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(instance, SiteSettingsRow) for instance in pending):
        session.info[_WRITTEN] = True


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        if getattr(getattr(state.statement, "table", None), "name", None) == _TABLE:
            state.session.info[_WRITTEN] = True


def _carry(session: Session) -> None:
    """As this transaction commits: its move of the site version (`page_cache.BUMPED_TO`) keeps
    the settings read at the number before it, unless it wrote the settings."""
    from editorial.page_cache import BUMPED_TO

    number = session.info.pop(BUMPED_TO, None)
    written = session.info.pop(_WRITTEN, False)
    if number is not None and not written and has_app_context():
        _KEPT.carry(number)


def _forget_notes(session: Session, *_: Any) -> None:
    """Any rollback, a savepoint's too: nothing is carried (the next read finds the truth)."""
    from editorial.page_cache import BUMPED_TO

    session.info.pop(BUMPED_TO, None)
    session.info.pop(_WRITTEN, None)


def init_newsroom() -> None:
    """Follow the writes that move the site version (once per process)."""
    if event.contains(Session, "after_commit", _carry):
        return
    event.listen(Session, "after_flush", _note_flush)
    event.listen(Session, "do_orm_execute", _note_statement)
    event.listen(Session, "after_commit", _carry)
    event.listen(Session, "after_soft_rollback", _forget_notes)


def default_language() -> str:
    """The code of the newsroom's default language ("en"): the first of its languages."""
    return current().default_language


def zone() -> str:
    """The newsroom's time zone ("Asia/Beirut"): the setting, else `NEWSROOM_TZ`."""
    return current().time_zone
