"""Every route refuses a body over its limit with 413, however it is sent (issue 20, item 9).

A body with a Content-Length over the limit was always refused; a chunked body (no length) was
read up to the limit, cut there and processed as if it were whole. The same under gunicorn is in
tests/test_gunicorn_smoke.py.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from flask import Flask, request

from editorial.models import User
from tests.factories import make_article

MB = 1024 * 1024


def chunked(client: Any, path: str, size: int) -> Any:
    """POST a form of about `size` bytes with no Content-Length, as a chunked body arrives."""
    return client.post(
        path,
        input_stream=BytesIO(b"headline=" + b"x" * size),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_chunked_body_over_the_limit_is_refused_not_cut(client_as: Any, reporter: User) -> None:
    response = chunked(client_as(reporter), "/articles/new", 5 * MB)
    assert response.status_code == 413
    assert len(response.get_data()) < 100_000  # the refusal, not the body echoed back


@pytest.mark.parametrize("path", ["/login", "/desk/", "/nowhere", "/static/css/app.css"])
def test_every_route_refuses_an_oversized_chunked_body(client: Any, path: str) -> None:
    assert chunked(client, path, 3 * MB).status_code == 413


def test_every_route_refuses_an_oversized_length_even_when_nothing_reads_the_body(
    client: Any,
) -> None:
    response = client.get("/login", data=b"x" * (3 * MB))
    assert response.status_code == 413


def test_a_chunked_body_within_the_limit_is_read_whole(make_app: Any) -> None:
    app: Flask = make_app()
    seen: dict[str, int] = {}

    def echo_length() -> str:
        seen["length"] = len(request.form["headline"])
        return "ok"

    echo_length._public = True  # type: ignore[attr-defined]
    app.add_url_rule("/echo-length", view_func=echo_length, methods=["POST"])
    assert chunked(app.test_client(), "/echo-length", MB).status_code == 200
    assert seen["length"] == MB


def test_the_upload_endpoint_keeps_its_larger_limit_when_chunked(
    client_as: Any, reporter: User
) -> None:
    draft = make_article(authors=[reporter])
    response = chunked(client_as(reporter), f"/media/editor/{draft.id}", 3 * MB)
    assert response.status_code != 413
    response = chunked(client_as(reporter), f"/media/editor/{draft.id}", 13 * MB)
    assert response.status_code == 413
    assert "over 10 MB" in response.get_data(as_text=True)
