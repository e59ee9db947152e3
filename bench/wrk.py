"""Running wrk on loopback with a generated Lua script that counts every status code.

The script sets the method, path, headers and body (`wrk.method`, `wrk.headers`, `wrk.body`). A
body with `VARY` in it gets a fresh value per request (the thread and a counter), so each save
really changes the draft; a request with a rotation sends its paths and bodies in turn. A
request that revalidates (it carries `If-None-Match` or `If-Modified-Since`) takes the validators
of every 200 it gets into the requests after it, as a browser's cache does: without that, once what
the page shows moved, every later request of the run was a full 200 against a stale ETag.
`response()` counts status codes in each thread and `done()` prints one JSON line with the totals,
the latency percentiles and wrk's socket errors. Hello world is run through the same kind of
script (its `response()` hook costs wrk the same).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

VARY = "BENCHVARY"
# Sent with every request: the sign-in and wrk must agree (Flask-Login's "strong" protection).
USER_AGENT = "editorial-bench/1 (wrk on loopback)"
MARK = "BENCH-JSON "

_DONE = r"""
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = 0
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if revalidate then revalidate(status, headers) end
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    for code, n in pairs(seen) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %.0f, "p90_us": %.0f, ' ..
    '"p99_us": %.0f, "max_us": %.0f, "mean_us": %.1f, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}, "statuses": {%s}}\n',
    MARK, summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
"""

_VARYING = r"""
function request()
  counter = counter + 1
  local turn = (counter - 1) % #paths + 1
  local body = bodies[turn]
  if body then body = string.gsub(body, VARY, id .. "x" .. counter) end
  return wrk.format(nil, paths[turn], nil, body)
end
"""

# wrk hands `response()` the headers as the server spelt them; `request()` builds each request
# from `wrk.headers`, so the next one carries the validators of the last full answer.
_REVALIDATING = r"""
local function header(headers, name)
  for key, value in pairs(headers) do
    if string.lower(key) == name then return value end
  end
end

function revalidate(status, headers)
  if status ~= 200 then return end
  local etag = header(headers, "etag")
  if etag and wrk.headers["If-None-Match"] then wrk.headers["If-None-Match"] = etag end
  local modified = header(headers, "last-modified")
  if modified and wrk.headers["If-Modified-Since"] then
    wrk.headers["If-Modified-Since"] = modified
  end
end

function request()
  return wrk.format()
end
"""


@dataclass(frozen=True)
class HttpRequest:
    """One request as wrk sends it over and over."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    # Further (path, body) pairs sent in turn with the first, one per request (a draft each).
    rotation: tuple[tuple[str, str | None], ...] = ()

    @property
    def varies(self) -> bool:
        """Whether requests differ: a fresh `VARY` value in the body, or paths taken in turn."""
        return bool(self.rotation) or (self.body is not None and VARY in self.body)

    @property
    def revalidates(self) -> bool:
        """Whether it carries a validator, which each 200 it gets then replaces."""
        return "If-None-Match" in self.headers or "If-Modified-Since" in self.headers

    def describe(self, hide: tuple[str, ...] = ("Cookie", "X-CSRFToken")) -> str:
        """The request in one line; the cookie, token and port (new every run) elided."""
        headers = ", ".join(
            f"{name}: {'…' if name in hide else value}" for name, value in self.headers.items()
        )
        line = f"{self.method} {self.path}"
        if headers:
            line += f" [{headers}]"
        if self.body is not None:
            body = re.sub(r"csrf_token=[^&]*", "csrf_token=…", self.body).replace(VARY, "<n>")
            line += (
                f" body: {body if len(body) <= 200 else body[:197] + '…'}"
                if body
                else " (empty body)"
            )
        if self.rotation:
            line += f" (and {len(self.rotation)} more like it, one per request in turn)"
        return re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", line)


@dataclass
class WrkResult:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[int, int]
    errors: dict[str, int]
    command: str = ""

    @property
    def rate(self) -> float:
        """Answers per second, whatever their status."""
        return self.requests / self.seconds if self.seconds else 0.0

    def rate_of(self, codes: frozenset[int]) -> float:
        """Answers per second with a status in `codes`."""
        good = sum(n for code, n in self.statuses.items() if code in codes)
        return good / self.seconds if self.seconds else 0.0

    @property
    def socket_errors(self) -> dict[str, int]:
        """wrk's connect, read, write and timeout errors (its status errors are counted apart)."""
        return {k: v for k, v in self.errors.items() if v and k != "status"}


def lua_string(value: str) -> str:
    """`value` as a Lua string literal (quotes, backslashes and control characters escaped)."""
    out = []
    for char in value:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\{ord(char):03d}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def script(request: HttpRequest) -> str:
    """The Lua script that sends `request` and reports in JSON."""
    lines = [
        "-- Generated by bench/wrk.py for one run.",
        f"MARK = {lua_string(MARK)}",
        f"VARY = {lua_string(VARY)}",
        f"wrk.method = {lua_string(request.method)}",
        f"wrk.path = {lua_string(request.path)}",
    ]
    for name, value in {"User-Agent": USER_AGENT, **request.headers}.items():
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    if request.body is not None:
        lines.append(f"wrk.body = {lua_string(request.body)}")
    if request.varies:
        turns = [(request.path, request.body), *request.rotation]
        lines.append("paths = {" + ", ".join(lua_string(path) for path, _ in turns) + "}")
        lines.append(
            "bodies = {"
            + ", ".join("nil" if body is None else lua_string(body) for _, body in turns)
            + "}"
        )
    text = "\n".join(lines) + "\n" + _DONE
    if request.varies and request.revalidates:
        raise ValueError("A request either varies or revalidates, not both")
    if request.varies:
        text += _VARYING
    elif request.revalidates:
        text += _REVALIDATING
    return text


def available() -> bool:
    """Whether wrk is installed."""
    return shutil.which("wrk") is not None


def run(
    base_url: str,
    request: HttpRequest,
    connections: int,
    seconds: float,
    script_path: Path,
    timeout_s: int = 10,
) -> WrkResult:
    """Run wrk against `base_url` (loopback only) with one thread and `connections` connections."""
    if not base_url.startswith("http://127.0.0.1:"):
        raise ValueError(f"The benchmark only sends traffic to 127.0.0.1, not {base_url}")
    script_path.write_text(script(request))
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout_s}s", "-s", str(script_path), base_url,
    ]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((x for x in finished.stdout.splitlines() if x.startswith(MARK)), None)
    if finished.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed ({finished.returncode}):\n{finished.stdout}{finished.stderr}"
        )
    data = json.loads(line.removeprefix(MARK))
    return WrkResult(
        requests=int(data["requests"]),
        seconds=int(data["duration_us"]) / 1e6,
        p50_ms=float(data["p50_us"]) / 1000,
        p90_ms=float(data["p90_us"]) / 1000,
        p99_ms=float(data["p99_us"]) / 1000,
        max_ms=float(data["max_us"]) / 1000,
        statuses={int(code): int(n) for code, n in data["statuses"].items()},
        errors={name: int(n) for name, n in data["errors"].items()},
        command=" ".join(command[:-3] + ["-s", "<script>.lua", "http://127.0.0.1:PORT"]),
    )
