"""A form's CSRF token is made when the form draws it, not when it is bound (`editorial.forms`):
an answer that never draws it (an autosave's) signs none, and the token drawn is the request's."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer

from editorial.articles.comments.forms import CommentForm


@pytest.fixture
def csrf_app(make_app: Any) -> Flask:
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def signed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every value itsdangerous signs while the test runs."""
    seen: list[Any] = []
    real = URLSafeTimedSerializer.dumps

    def counting(self: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(obj)
        return real(self, obj, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "dumps", counting)
    return seen


def test_binding_a_form_signs_no_token(csrf_app: Flask, signed: list[Any]) -> None:
    with csrf_app.test_request_context("/", method="POST", data={"body": "Hello"}):
        form = CommentForm()
        assert form.body.data == "Hello"
        assert signed == []  # before: one token signed at every binding


def test_the_token_drawn_is_the_request_s(csrf_app: Flask, signed: list[Any]) -> None:
    with csrf_app.test_request_context("/"):
        form = CommentForm()
        drawn = str(form.csrf_token())
        token = generate_csrf()
        assert f'value="{token}"' in drawn
        assert form.csrf_token.current_token == token
        assert len(signed) == 1  # once for the request, however often it is asked


def test_a_token_put_in_its_place_is_drawn(csrf_app: Flask, signed: list[Any]) -> None:
    with csrf_app.test_request_context("/"):
        form = CommentForm()
        form.csrf_token.current_token = "HOLE"
        assert 'value="HOLE"' in str(form.csrf_token())
        assert signed == []


def test_the_form_s_own_check_still_refuses_a_wrong_token(csrf_app: Flask) -> None:
    data = {"body": "Hello", "csrf_token": "not a token"}
    with csrf_app.test_request_context("/", method="POST", data=data):
        form = CommentForm()
        assert not form.validate()
        assert "csrf_token" in form.errors
