"""Every setting in the README's table is read from the environment, as its kind, and a bad value
stops the app at start with the setting named (issue 13: four were silently ignored)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from editorial import create_app
from editorial.config import ENVIRONMENT, SettingError

README = Path(__file__).resolve().parent.parent / "README.md"

GOOD: dict[str, tuple[str, Any]] = {
    "DATABASE_URL": ("sqlite:///elsewhere.sqlite3", "sqlite:///elsewhere.sqlite3"),
    "SECRET_KEY": ("from-the-environment", "from-the-environment"),
    "NEWSROOM_TZ": ("Europe/Berlin", "Europe/Berlin"),
    "PUBLIC_BASE_URL": ("https://news.example.org", "https://news.example.org"),
    "PREFER_HTTPS": ("on", True),
    "PROXY_FIX_X_FOR": ("2", 2),
    "RATELIMIT_STORAGE_URI": ("memory://", "memory://"),
    "SCHEDULER_ENABLED": ("off", False),
    "JOBS_URL": ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    "WEBHOOKS_ALLOW_PRIVATE": ("on", True),
    "SMTP_URL": ("smtps://desk:pw@mail.example.org:465", "smtps://desk:pw@mail.example.org:465"),
    "MAIL_FROM": ("Desk <desk@example.org>", "Desk <desk@example.org>"),
    "DIGEST_HOUR": ("6", 6),
    "PUBLIC_PAGE_CACHE_SECONDS": ("0", 0),
    "PUBLIC_PAGE_CACHE_BYTES": ("1048576", 1048576),
    "FRAGMENT_CACHE_ENTRIES": ("100", 100),
    "FRAGMENT_CACHE_BYTES": ("65536", 65536),
    "SQLITE_CACHE_KIB": ("1024", 1024),
    "POOL_PING_IDLE_SECONDS": ("30", 30),
    "FAST_POLLS": ("false", False),
    "BREAKING_POLL_SECONDS": ("30", 30),
    "POLL_SECONDS": ("4", 4),
    "SESSION_IDLE_TIMEOUT": ("30m", timedelta(minutes=30)),
    "SESSION_ABSOLUTE_TIMEOUT": ("86400", timedelta(days=1)),
    "DEADLINE_WARNING_MINUTES": ("15", 15),
    "DEADLINE_OVERDUE_MINUTES": ("0", 0),
}
BAD = {
    "DIGEST_HOUR": "24",
    "NEWSROOM_TZ": "Mars/Olympus",
    "PREFER_HTTPS": "maybe",
    "PROXY_FIX_X_FOR": "two",
    "SCHEDULER_ENABLED": "sometimes",
    "WEBHOOKS_ALLOW_PRIVATE": "perhaps",
    "SMTP_URL": "mail.example.org:25",
    "PUBLIC_PAGE_CACHE_SECONDS": "-5",
    "PUBLIC_PAGE_CACHE_BYTES": "32MB",
    "FRAGMENT_CACHE_ENTRIES": "many",
    "FAST_POLLS": "fast",
    "BREAKING_POLL_SECONDS": "0",
    "POLL_SECONDS": "fast",
    "SESSION_IDLE_TIMEOUT": "4 hours",
    "SESSION_ABSOLUTE_TIMEOUT": "0h",
    "DEADLINE_WARNING_MINUTES": "half an hour",
}


def _readme_settings() -> set[str]:
    table = README.read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in re.findall(r"^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \|", table, flags=re.M):
        names.update(re.findall(r"`([A-Z_]+)`", row))
    return names


def test_the_readme_table_and_the_code_list_the_same_settings() -> None:
    assert _readme_settings() == set(ENVIRONMENT) == set(GOOD)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_setting_is_read_from_the_environment(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    raw, expected = GOOD[name]
    monkeypatch.setenv("EDITORIAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(name, raw)
    app = create_app()
    key = "SQLALCHEMY_DATABASE_URI" if name == "DATABASE_URL" else name
    assert app.config[key] == expected


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_value_stops_the_app_naming_the_setting(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EDITORIAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(name, BAD[name])
    with pytest.raises(SettingError, match=rf"{name}="):
        create_app()
