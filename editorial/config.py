"""Default settings, read first by `create_app`; instance/config.py and the environment win."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any


class Defaults:
    """Settings a fresh checkout runs with: SQLite under instance/, safe cookies, sane limits."""

    SQLALCHEMY_DATABASE_URI: str | None = (
        None  # filled in by create_app: instance/editorial.sqlite3
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    # PostgreSQL: a pooled connection unused for longer than this is pinged before it is lent
    # (editorial/connections.py; 0 pings every one that was lent before, as `pool_pre_ping` in
    # the options above does).
    # SQLite's file is never dropped by a server: never pinged.
    POOL_PING_IDLE_SECONDS = 5
    NEWSROOM_NAME = "The Editorial Desk"
    NEWSROOM_TZ = "Asia/Beirut"
    # How often an open desk page asks whether its comments or the inbox changed (seconds). An
    # unchanged answer is a 304 from one indexed read, so a newsroom can leave pages open all day.
    POLL_SECONDS = 10
    # An unchanged poll is answered 304 before Flask runs (editorial/fast_polls.py); off, Flask
    # answers it (the tests compare the two).
    FAST_POLLS = True
    # Where readers reach the public site: feeds, canonical and OpenGraph links are built on it,
    # never on the request's Host header (which anyone can forge). Not given, `flask serve` (so
    # `make run`) uses its own address (urls.adopt_serving_address); this is for everything else.
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"

    # Cookies: HttpOnly and SameSite=Lax always; Secure once PREFER_HTTPS says TLS is in front.
    PREFER_HTTPS = False
    SESSION_COOKIE_NAME = "editorial_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A signed-in session ends after this long without a request, and after this long at all.
    SESSION_IDLE_TIMEOUT = timedelta(hours=4)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=24)

    # Sign-in throttling (Flask-Limiter syntax). Only failed attempts count.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_PER_IP = "30 per 15 minutes"
    # "Forgot your password?": every request counts (each may send an email).
    RESET_LIMIT_PER_ACCOUNT = "3 per hour"
    RESET_LIMIT_PER_IP = "10 per hour"

    # Requests bigger than this answer 413: articles are text, not uploads.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = (
        None  # the token lives as long as the session; the session has its timeouts
    )

    # Scheduled publishing runs in a thread of the served app; turn off where cron runs publish-due.
    SCHEDULER_ENABLED = True
    SCHEDULER_INTERVAL_SECONDS = 10

    # Deadlines escalate (editorial/deadlines/escalation.py): the holder of a stage is told this
    # many minutes before its deadline, the editors on duty this many minutes after it.
    DEADLINE_WARNING_MINUTES = 30
    DEADLINE_OVERDUE_MINUTES = 60

    # Background jobs (editorial/jobs.py): the queue in instance/jobs.sqlite3 unless this names a
    # Redis server (redis://127.0.0.1:6379/0), which several machines serving need. Tests run
    # jobs at once (JOBS_IMMEDIATE, which follows TESTING unless set).
    JOBS_URL = ""
    JOBS_IMMEDIATE: bool | None = None
    # The queue's name in Redis: two desks (or two test runs) sharing one Redis keep apart by it.
    JOBS_QUEUE_NAME = "editorial"
    # Webhooks may go to private, loopback and link-local addresses only when this is on.
    WEBHOOKS_ALLOW_PRIVATE = False
    # Email (editorial/mail.py): smtp://user:pass@host:587 (STARTTLS when the server offers it)
    # or smtps://user:pass@host:465 (TLS from the start). Empty: email is off, and the settings
    # page, the sign-in page and the people page say so; nothing fails for want of it.
    SMTP_URL = ""
    MAIL_FROM = "Editorial desk <desk@localhost>"
    # The daily digest goes at this hour (0-23) in the newsroom's zone; the hourly one on the hour.
    DIGEST_HOUR = 7

    DESK_PAGE_SIZE = 20
    # Anonymous public pages are kept in memory this long (see editorial/page_cache.py); 0 = off.
    PUBLIC_PAGE_CACHE_SECONDS = 5
    # ...and at most this many bytes of them (bodies and headers), per process.
    PUBLIC_PAGE_CACHE_BYTES = 32 * 1024 * 1024
    # Rendered board cards kept in memory, per process (editorial/fragment_cache.py); 0 = off.
    FRAGMENT_CACHE_ENTRIES = 2048
    # ...and at most this many bytes of them (a kept board is a few hundred KB), per process.
    FRAGMENT_CACHE_BYTES = 16 * 1024 * 1024
    # SQLite's page cache per pooled connection, in KiB (`PRAGMA cache_size`; SQLite's default is
    # 2000). A process holds one per connection in its pool (gunicorn's two workers about three
    # each, waitress up to eight), each a private copy of pages the OS already caches for the
    # file; issue 28's memory target counts them all (BENCHMARKS.md, `bench:memory2`).
    SQLITE_CACHE_KIB = 512


class SettingError(RuntimeError):
    """A setting given in the environment that can't be used; the message names it and why."""


def _text(value: str) -> str:
    return value


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("say on or off (1/0, true/false, yes/no)")


def _count(value: str) -> int:
    if not value.strip().isdigit():
        raise ValueError("give a whole number, 0 or more")
    return int(value)


def _hour(value: str) -> int:
    number = _count(value)
    if number > 23:
        raise ValueError("give an hour of the day, 0 to 23")
    return number


def _seconds(value: str) -> int:
    number = _count(value)
    if number < 1:
        raise ValueError("give a number of seconds, at least 1")
    return number


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _duration(value: str) -> timedelta:
    """ "14400", "240m", "4h" or "1d": a length of time."""
    text = value.strip().lower()
    unit = _UNITS.get(text[-1:], None)
    number = text[:-1] if unit else text
    if not number.isdigit() or int(number) < 1:
        raise ValueError('give a length of time such as "14400" (seconds), "30m", "4h" or "1d"')
    return timedelta(seconds=int(number) * (unit or 1))


def _smtp_url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(netloc="")
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname or (port == 0):
        raise ValueError('give an address such as "smtp://user:password@mail.example.org:587"')
    return value.strip()


def _zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError('give an IANA time zone such as "Asia/Beirut"') from None
    return value


#: Every setting the README's table lists, and how its environment variable is read.
ENVIRONMENT: dict[str, Any] = {
    "DATABASE_URL": _text,
    "SECRET_KEY": _text,
    "NEWSROOM_TZ": _zone,
    "PUBLIC_BASE_URL": _text,
    "PREFER_HTTPS": _flag,
    "PROXY_FIX_X_FOR": _count,
    "RATELIMIT_STORAGE_URI": _text,
    "SCHEDULER_ENABLED": _flag,
    "JOBS_URL": _text,
    "WEBHOOKS_ALLOW_PRIVATE": _flag,
    "SMTP_URL": _smtp_url,
    "MAIL_FROM": _text,
    "DIGEST_HOUR": _hour,
    "PUBLIC_PAGE_CACHE_SECONDS": _count,
    "PUBLIC_PAGE_CACHE_BYTES": _count,
    "FRAGMENT_CACHE_ENTRIES": _count,
    "FRAGMENT_CACHE_BYTES": _count,
    "SQLITE_CACHE_KIB": _count,
    "POOL_PING_IDLE_SECONDS": _count,
    "BREAKING_POLL_SECONDS": _seconds,
    "POLL_SECONDS": _seconds,
    "FAST_POLLS": _flag,
    "SESSION_IDLE_TIMEOUT": _duration,
    "SESSION_ABSOLUTE_TIMEOUT": _duration,
    "DEADLINE_WARNING_MINUTES": _count,
    "DEADLINE_OVERDUE_MINUTES": _count,
}


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings given in `environ` (empty ones ignored), each read as its kind.

    A value that can't be read stops the app at start with the setting named, rather than being
    ignored or failing later in a request.
    """
    settings: dict[str, Any] = {}
    for name, read in ENVIRONMENT.items():
        raw = environ.get(name, "")
        if not raw.strip():
            continue
        try:
            settings[name] = read(raw)
        except ValueError as problem:
            raise SettingError(f"The setting {name}={raw!r} can't be used: {problem}.") from None
    return settings
