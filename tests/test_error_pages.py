"""A refusal no view expected is answered with its reason and status, never a 500."""

from __future__ import annotations

from typing import Any

from flask import Flask

from editorial.models import User
from editorial.refusal import Refused


def test_a_refusal_no_view_caught_is_its_reason_not_a_500(
    app: Flask, editor: User, client_as: Any
) -> None:
    @app.post("/test-only/refuses")
    def refuses() -> str:
        raise Refused("Blog is no longer there: someone deleted it meanwhile.", status=409)

    client = client_as(editor)
    page = client.post("/test-only/refuses")
    assert page.status_code == 409
    assert "Blog is no longer there" in page.get_data(as_text=True)
    told = client.post("/test-only/refuses", headers={"HX-Request": "true"})
    assert told.status_code == 409
    assert "Blog is no longer there" in told.get_data(as_text=True)
