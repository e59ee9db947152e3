"""Absolute addresses for what leaves the page: feeds, canonical links, OpenGraph, the ticker API.

They are built from the `PUBLIC_BASE_URL` setting, never from the request's `Host` header: a
public page or feed is kept in memory and in shared caches for every reader, so one request with
a forged Host must not decide the links everyone else receives. Relative links (`url_for`
without `_external`) need nothing from here.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

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


# Addresses that mean "this machine": a link on one of them reaches the same server as another.
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_EVERY_INTERFACE = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 - names, not a bind

PROXY_WARNING = (
    "PUBLIC_BASE_URL is %s but this server answers on %s: canonical, OpenGraph and feed links "
    "point to the first. Set PUBLIC_BASE_URL to the address readers use. Behind a proxy this "
    "difference is expected: set PROXY_FIX_X_FOR (the number of proxies in front) to say so, and "
    "this warning goes."
)


def serving_address(host: str, port: int) -> str:
    """`http://host:port` as a browser on this machine would reach `flask serve --host --port`."""
    if host in _EVERY_INTERFACE:
        host = "127.0.0.1"
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass  # a name, not an address
    return f"http://{host}:{port}"


def adopt_serving_address(app: Flask, host: str, port: int) -> None:
    """At `flask serve`: build public links on the serving address unless PUBLIC_BASE_URL was given.

    `make run PORT=5055` built every absolute link on port 5000 (the default). A setting someone
    gave wins, but if it disagrees with where this server answers, that is logged at start.
    """
    served = serving_address(host, port)
    if "PUBLIC_BASE_URL" not in app.extensions.get("editorial.settings_given", ()):
        app.config["PUBLIC_BASE_URL"] = served
        return
    given = str(app.config["PUBLIC_BASE_URL"])
    if not app.config.get("PROXY_FIX_X_FOR") and not _same_server(given, served):
        app.logger.warning(PROXY_WARNING, given, served)


def _same_server(one: str, other: str) -> bool:
    """Whether two base URLs reach the same server (loopback names are one machine)."""
    first, second = urlsplit(one), urlsplit(other)
    hosts = {(first.hostname or "").lower(), (second.hostname or "").lower()}
    same_host = len(hosts) == 1 or hosts <= _LOOPBACK
    return first.scheme == second.scheme and first.port == second.port and same_host
