"""The security headers' hook (`security.init_security_headers`), exactly: each header once, in
one order, a view's own left as it set them, `Vary: HX-Request` added to what a view varied on."""

from __future__ import annotations

from flask import Flask, Response

from editorial.permissions import public


def _routes(app: Flask) -> None:
    @public
    def plain() -> str:
        return "plain"

    @public
    def own() -> Response:
        answer = Response("own")
        answer.headers["Vary"] = "Cookie"
        answer.headers["X-Frame-Options"] = "SAMEORIGIN"
        answer.headers["Cache-Control"] = "max-age=5"
        return answer

    app.add_url_rule("/test-headers/plain", "test_headers_plain", plain)
    app.add_url_rule("/test-headers/own", "test_headers_own", own)


EXPECTED = [
    ("Content-Security-Policy", None),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
]


def _named(answer: Response, names: set[str]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in answer.headers.items() if name in names]


def test_an_answer_gets_each_header_once_and_vary_hx_request(app: Flask) -> None:
    _routes(app)
    answer = app.test_client().get("/test-headers/plain")
    names = {name for name, _ in EXPECTED} | {"Vary", "Cache-Control", "Strict-Transport-Security"}
    got = _named(answer, names)
    assert [name for name, _ in got] == [
        *(name for name, _ in EXPECTED),
        "Vary",
        "Cache-Control",
    ]
    assert all(value == dict(got)[name] for name, value in EXPECTED if value is not None)
    # Then the page cache's (Cookie) and the compression's (Accept-Encoding), which run later.
    assert answer.headers["Vary"] == "HX-Request, Accept-Encoding, Cookie"
    assert answer.headers["Cache-Control"] == "no-cache"


def test_a_view_s_own_headers_are_kept_and_its_vary_extended(app: Flask) -> None:
    _routes(app)
    answer = app.test_client().get("/test-headers/own")
    assert answer.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert answer.headers.getlist("Vary") == ["Cookie, HX-Request, Accept-Encoding"]
    assert answer.headers.getlist("Cache-Control") == ["max-age=5"]


def test_hsts_over_tls_only(app: Flask) -> None:
    _routes(app)
    plain = app.test_client().get("/test-headers/plain")
    secure = app.test_client().get("/test-headers/plain", base_url="https://localhost")
    assert "Strict-Transport-Security" not in plain.headers
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
