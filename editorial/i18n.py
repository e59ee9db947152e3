"""The public site's chrome in each edition's language: Flask-Babel's gettext and Babel's dates.

What readers see around the stories (navigation, BREAKING, "Min Read", "Most read", "Read next",
error pages...) is marked `{{ _("...") }}` in the public templates; its translations are the
catalogues `editorial/translations/<code>/LC_MESSAGES/messages.po`, kept in git and edited as
text. Flask-Babel reads compiled catalogues (`.mo`), which are build output: `init_i18n` compiles
each `.po` into the instance folder when its `.mo` is missing or older, at app start. So a fresh
clone, `make run`, `make test` and a bare `pytest` all get them, and nothing compiled is committed.

The locale is the request's edition (`editorial.editions.current()`): the default language's
outside the public editions, so the desk (whose templates mark nothing) is unchanged. Dates are
formatted by Babel in that locale and the newsroom's zone (`edition_date`): Arabic month names
on the Arabic edition, Spanish on the Spanish one, the familiar "05 Dec 2026" in English.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import Babel, format_datetime

from editorial import clock, editions, newsroom

CATALOGUES = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
# Babel patterns (CLDR): the same shapes the English site has always shown.
PATTERNS = {
    "date": "dd MMM y",  # a card's date
    "datetime": "dd MMM y HH:mm",  # a story's time
    "long": "EEEE, dd MMMM y",  # the masthead's date
}


def compile_catalogues(target: Path) -> None:
    """Compile every `.po` under `CATALOGUES` into `target` (same layout), where stale."""
    for po in CATALOGUES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        mo = target / po.relative_to(CATALOGUES).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalogue = read_po(source, domain=DOMAIN)
        # A file of this process's own, then one atomic rename: several processes starting at
        # once (gunicorn's workers, the test workers) never read a half-written catalogue, nor
        # rename one another's file from under each other (a shared ".part" name did).
        with tempfile.NamedTemporaryFile("wb", dir=mo.parent, suffix=".part", delete=False) as out:
            write_mo(out, catalogue)
        Path(out.name).replace(mo)


def _locale() -> str:
    return editions.code()


def edition_date(value: datetime | None, shape: str = "datetime") -> str:
    """`value` in the edition's language and the newsroom's zone (`PATTERNS[shape]`)."""
    if value is None:
        return ""
    local = clock.to_local(value, newsroom.zone()).replace(tzinfo=None)
    return str(format_datetime(local, PATTERNS.get(shape, shape), rebase=False))


def init_i18n(app: Flask) -> None:
    """Compile the catalogues into the instance folder, and set Flask-Babel up on them."""
    compiled = Path(app.instance_path) / "translations"
    compile_catalogues(compiled)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=_locale)
    app.jinja_env.filters["edition_date"] = edition_date
