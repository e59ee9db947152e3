"""Default settings, read first by `create_app`; instance/config.py and the environment win."""

from datetime import timedelta
from typing import Any


class Defaults:
    """Settings a fresh checkout runs with: SQLite under instance/, safe cookies, sane limits."""

    SQLALCHEMY_DATABASE_URI: str | None = (
        None  # filled in by create_app: instance/editorial.sqlite3
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    NEWSROOM_NAME = "The Editorial Desk"
    NEWSROOM_TZ = "Asia/Beirut"
    # How often an open desk page asks whether its comments or the inbox changed (seconds). An
    # unchanged answer is a 304 from one indexed read, so a newsroom can leave pages open all day.
    POLL_SECONDS = 10
    # Where readers reach the public site: feeds, canonical and OpenGraph links are built on it,
    # never on the request's Host header (which anyone can forge). The default is `make run`'s.
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

    # Requests bigger than this answer 413: articles are text, not uploads.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = (
        None  # the token lives as long as the session; the session has its timeouts
    )

    # Scheduled publishing runs in a thread of the served app; turn off where cron runs publish-due.
    SCHEDULER_ENABLED = True
    SCHEDULER_INTERVAL_SECONDS = 10

    DESK_PAGE_SIZE = 20
    # Anonymous public pages are kept in memory this long (see editorial/page_cache.py); 0 = off.
    PUBLIC_PAGE_CACHE_SECONDS = 5
