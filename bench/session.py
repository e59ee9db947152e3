"""The benchmark's HTTP client: one request read whole, a staff sign-in, the builders' context.

Requests are built against a running app (`Context`): a staff sign-in is made once per server
start, through the real form (`sign_in`), and its session cookie and CSRF token go into the
signed-in requests. A browser's User-Agent is the same for the sign-in and every request, since
Flask-Login's "strong" session protection ties the session to it.
"""

from __future__ import annotations

import html
import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from flask import Flask
from flask.testing import FlaskClient

from bench.seed import Targets
from bench.wrk import USER_AGENT, HttpRequest

SESSION_COOKIE = "editorial_session"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Answer:
    """One HTTP answer, read whole."""

    status: int
    headers: dict[str, str]  # names in lower case (servers differ: waitress sends "Etag")
    cookies: dict[str, str]
    body: str


def fetch(
    base_url: str,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> Answer:
    """One request to the loopback server, no redirects followed."""
    parts = urlsplit(base_url)
    if parts.hostname != "127.0.0.1":
        raise ValueError("The benchmark only talks to 127.0.0.1")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        connection.request(method, path, body=body.encode() if body else None, headers=sent)
        response = connection.getresponse()
        data = response.read().decode(errors="replace")
        cookies: dict[str, str] = {}
        for value in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            cookies.update({name: morsel.value for name, morsel in jar.items()})
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Answer(response.status, headers, cookies, data)
    finally:
        connection.close()


@dataclass(frozen=True)
class SignedIn:
    """A staff browser's session: the cookie and the CSRF token its pages carry."""

    email: str
    cookie: str
    csrf: str


def sign_in(base_url: str, email: str, password: str) -> SignedIn:
    """Sign in through the real form (GET /login, POST /login), then read a page's CSRF token.

    Sign-in is rate limited, so this runs once per server start.
    """
    page = fetch(base_url, "GET", "/login")
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.body)
    if page.status != 200 or not found or SESSION_COOKIE not in page.cookies:
        raise RuntimeError(f"GET /login answered {page.status} without a form token")
    cookie = f"{SESSION_COOKIE}={page.cookies[SESSION_COOKIE]}"
    form = urlencode({"csrf_token": found.group(1), "email": email, "password": password})
    signed = fetch(base_url, "POST", "/login", {"Cookie": cookie, "Content-Type": FORM}, form)
    if signed.status != 302 or SESSION_COOKIE not in signed.cookies:
        raise RuntimeError(f"Sign-in as {email} answered {signed.status}, not 302")
    cookie = f"{SESSION_COOKIE}={signed.cookies[SESSION_COOKIE]}"
    desk = fetch(base_url, "GET", "/desk/", {"Cookie": cookie})
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", desk.body)
    if desk.status != 200 or not token:
        raise RuntimeError(f"GET /desk/ after sign-in answered {desk.status} without a token")
    if SESSION_COOKIE in desk.cookies:  # the token's secret was just added to the session
        cookie = f"{SESSION_COOKIE}={desk.cookies[SESSION_COOKIE]}"
    return SignedIn(email, cookie, html.unescape(token.group(1)))


@dataclass
class Context:
    """What the request builders need: the server, the staff session, the seeded rows, the DB."""

    base_url: str
    staff: SignedIn
    targets: Targets
    app: Flask  # the harness's own app on the same database (forms and clean-up)
    notes: dict[str, str] = field(default_factory=dict)  # per endpoint, shown in the report
    marks: dict[str, int] = field(default_factory=dict)  # what a write's clean-up starts from

    def staff_headers(self, *, htmx: bool = False, post: bool = False) -> dict[str, str]:
        """A signed-in browser's headers; htmx's own for a swap or poll, the token for a POST."""
        headers = {"Cookie": self.staff.cookie}
        if htmx:
            headers |= {"HX-Request": "true", "HX-Current-URL": self.base_url + "/desk/"}
        if post:
            headers |= {"Content-Type": FORM}
            if htmx:
                headers["X-CSRFToken"] = self.staff.csrf
        return headers


def sign_in_client(client: FlaskClient, email: str, password: str) -> int:
    """Sign in through the real form with Flask's test client (its CSRF token read from the
    page, in case the app checks it); the answer's status (302 when signed in)."""
    login = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)
    form = {"csrf_token": found.group(1) if found else "", "email": email, "password": password}
    return client.post("/login", data=form).status_code


def with_etag(ctx: Context, path: str, headers: dict[str, str]) -> HttpRequest:
    """A poll as a browser sends it: `headers` and the ETag of a first answer (`If-None-Match`),
    so an unchanged poll is a 304. Raises when the first answer is not a 200 with an ETag."""
    first = fetch(ctx.base_url, "GET", path, headers)
    etag = first.headers.get("etag", "")
    if first.status != 200 or not etag:
        raise RuntimeError(f"GET {path} answered {first.status} without an ETag")
    return HttpRequest("GET", path, headers | {"If-None-Match": etag})
