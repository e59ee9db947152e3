"""Absolute addresses for what leaves the page: feeds, canonical links, OpenGraph, the ticker API.

They are built from the `PUBLIC_BASE_URL` setting, never from the request's `Host` header: a
public page or feed is kept in memory and in shared caches for every reader, so one request with
a forged Host must not decide the links everyone else receives. Relative links (`url_for`
without `_external`) need nothing from here.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, url_for


def public_base_url() -> str:
    """The configured scheme and host (and port or path) of the public site, without a final /."""
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")


def public_url(endpoint: str, **values: Any) -> str:
    """`url_for(endpoint, **values)` as an absolute address on the configured public site."""
    return absolute(url_for(endpoint, **values))


def absolute(path: str) -> str:
    """A site path (`/news/x`, `/static/...`) as an absolute address; a full URL stays as it is."""
    if path.startswith(("https://", "http://")):
        return path
    return public_base_url() + "/" + path.lstrip("/")


def init_urls(app: Flask) -> None:
    """Check the setting and give templates `public_url` and `absolute`."""
    base = str(app.config.get("PUBLIC_BASE_URL") or "")
    if not base.startswith(("http://", "https://")):
        raise ValueError(
            f"PUBLIC_BASE_URL must start with http:// or https:// (it is {base!r}), "
            "e.g. https://news.example.org"
        )
    app.jinja_env.globals.update(public_url=public_url, absolute=absolute)
