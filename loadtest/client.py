"""A small HTTP client for one simulated person, and the HTML form parsing it needs.

Each actor has its own `Client`: one keep-alive connection to 127.0.0.1 (never anywhere else),
its own cookie jar, no automatic redirects (the harness reads `Location` itself, since that is
where the app says what a write created), and a hard timeout per request. A connection error or
timeout is an answer too (`status` 0, `error` set), never an exception, so the caller can record
that the outcome of a write is unknown.

The stdlib is enough (`http.client`, `html.parser`): the load test adds no dependency.
"""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

LOOPBACK = "127.0.0.1"
# A kept-alive connection idle longer than this is replaced before the next request: gunicorn's
# gthread workers close idle connections after 2 s, and a POST sent on a connection the server is
# closing would have an unknown outcome for no reason of the app's.
MAX_IDLE_SECONDS = 1.0
IDEMPOTENT = ("GET", "HEAD")


@dataclass
class Answer:
    """One response (or the failure to get one)."""

    status: int  # 0 when there was no response (see `error`)
    headers: dict[str, str]
    body: bytes
    seconds: float
    error: str = ""  # "conn" or "timeout" when status is 0
    started: float = 0.0  # time.time() when the request was sent
    finished: float = 0.0

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (replacing what isn't)."""
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        """The `Location` header (redirects), or ""."""
        return self.headers.get("location", "")

    @property
    def status_label(self) -> str:
        """The status as the report counts it: the code, or "conn" / "timeout"."""
        return str(self.status) if self.status else (self.error or "conn")


class Client:
    """One person's browser, reduced to what the load test needs."""

    def __init__(self, port: int, *, timeout: float = 30.0, agent: str = "loadtest") -> None:
        self.port = port
        self.timeout = timeout
        self.agent = agent
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None
        self._last_used = 0.0

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        """GET `path` on the served app."""
        return self.request("GET", path, headers=headers)

    def post(
        self,
        path: str,
        form: dict[str, str] | list[tuple[str, str]],
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """POST `form` (url-encoded) to `path`."""
        body = urlencode(form).encode()
        more = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body=body, headers=more)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one request; a stale kept-alive connection is retried once for a GET only."""
        if not path.startswith("/"):
            raise ValueError(f"only paths on the served app are allowed, not {path!r}")
        attempts = 2 if method in IDEMPOTENT else 1
        answer = self._once(method, path, body, headers or {})
        while answer.status == 0 and answer.error == "stale" and attempts > 1:
            attempts -= 1
            answer = self._once(method, path, body, headers or {})
        if answer.error == "stale":
            answer.error = "conn"
        return answer

    def _once(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        reused = self._connection is not None
        if reused and time.monotonic() - self._last_used > MAX_IDLE_SECONDS:
            self.close()
            reused = False
        if self._connection is None:
            self._connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=self.timeout)
        sent = {"User-Agent": self.agent, "Host": f"{LOOPBACK}:{self.port}", **headers}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started_wall = time.time()
        started = time.monotonic()
        try:
            self._connection.request(method, path, body=body, headers=sent)
            response = self._connection.getresponse()
            data = response.read()
        except TimeoutError:
            self.close()
            return self._failed("timeout", started, started_wall)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
            self.close()
            # A reused connection the server had closed: nothing was processed (for GETs, retry).
            stale = reused and isinstance(error, http.client.RemoteDisconnected)
            return self._failed("stale" if stale else "conn", started, started_wall)
        except (OSError, http.client.HTTPException):
            self.close()
            return self._failed("conn", started, started_wall)
        seconds = time.monotonic() - started
        self._last_used = time.monotonic()
        for raw in response.msg.get_all("Set-Cookie") or []:
            self._keep_cookie(raw)
        if response.will_close:
            self.close()
        headers_out = {k.lower(): v for k, v in response.getheaders()}
        return Answer(
            response.status,
            headers_out,
            data,
            seconds,
            started=started_wall,
            finished=time.time(),
        )

    def _failed(self, error: str, started: float, started_wall: float) -> Answer:
        seconds = time.monotonic() - started
        return Answer(0, {}, b"", seconds, error, started_wall, time.time())

    def _keep_cookie(self, raw: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # noqa: BLE001 - a cookie we can't parse is a cookie we don't keep
            return
        for name, morsel in jar.items():
            expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
            if expired or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def path_of(location: str) -> str:
    """The path (and query) of a `Location` header, which may be absolute."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fragment_of(location: str) -> str:
    """The `#fragment` of a `Location` header, without the '#'."""
    return urlsplit(location).fragment


# -- HTML ----------------------------------------------------------------------------------


@dataclass
class Form:
    """A `<form>` as a browser would submit it: its action and the successful controls."""

    action: str
    method: str
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)  # select name -> option values

    def value(self, name: str, default: str = "") -> str:
        """The first submitted value of control `name`."""
        return next((v for k, v in self.fields if k == name), default)

    def values(self, name: str) -> list[str]:
        """Every submitted value of control `name` (checkboxes, multiple selects)."""
        return [v for k, v in self.fields if k == name]

    def with_values(self, **replace: str | list[str]) -> list[tuple[str, str]]:
        """The fields with `replace`'s controls set to the given value(s)."""
        kept = [(k, v) for k, v in self.fields if k not in replace]
        for name, value in replace.items():
            for one in [value] if isinstance(value, str) else value:
                kept.append((name, one))
        return kept


class _FormParser(HTMLParser):
    """Every form's controls (inputs, textareas, selects) as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, values, selected

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            self._form = Form(attrs.get("action", ""), attrs.get("method", "get").lower(), attrs)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "textarea" and "name" in attrs:
            self._textarea = (attrs["name"], [])
        elif tag == "select" and "name" in attrs:
            self._select = (attrs["name"], [], [])
        elif tag == "option" and self._select is not None:
            if "value" in attrs:
                self._select[1].append(attrs["value"])
            if "selected" in attrs:
                self._select[2].append(attrs.get("value", ""))

    def _input(self, attrs: dict[str, str]) -> None:
        assert self._form is not None  # noqa: S101 - only called inside a form
        name = attrs.get("name")
        kind = attrs.get("type", "text").lower()
        if not name or kind in ("submit", "button", "image", "reset", "file"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self._form.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            name, parts = self._textarea
            text = "".join(parts)
            # A browser drops the one newline right after <textarea> (WTForms writes "\r\n").
            for lead in ("\r\n", "\n"):
                if text.startswith(lead):
                    text = text[len(lead) :]
                    break
            self._form.fields.append((name, text))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, values, selected = self._select
            self._form.options[name] = values
            chosen = selected or values[:1]
            for value in chosen:
                self._form.fields.append((name, value))
            self._select = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    """Every form on the page."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with_action(html: str, pattern: str) -> Form | None:
    """The first POST form whose action matches the regular expression `pattern` (a page may
    also hold a GET form to the same address: the breaking desk's language filter)."""
    return next(
        (f for f in forms(html) if f.method == "post" and re.search(pattern, f.action)), None
    )


CSRF_HEADER = re.compile(r'"X-CSRFToken":\s*"([^"]+)"')
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The session's CSRF token from a staff page (the `hx-headers` on <body>, or a form)."""
    found = CSRF_HEADER.search(html) or CSRF_INPUT.search(html)
    return found.group(1) if found else ""
