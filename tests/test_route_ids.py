"""Route ids are ASCII digits only: `/articles/１` (a full-width one) is not article 1."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from werkzeug.exceptions import MethodNotAllowed, NotFound

from editorial.forms import database_int
from editorial.models import User
from tests.factories import make_article, make_headline

# Full-width, Arabic-Indic, Extended Arabic-Indic, Devanagari and superscript-free Bengali ones.
NON_ASCII_ONES = ["\uff11", "\u0661", "\u06f1", "\u0967", "\u09e7"]


def _id_routes(app: Flask) -> list[str]:
    return [rule.rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]


@pytest.mark.parametrize("one", NON_ASCII_ONES, ids=lambda c: f"U+{ord(c):04X}")
def test_every_id_route_refuses_non_ascii_digits(
    app: Flask, client_as: Any, editor: User, one: str
) -> None:
    make_article("draft", authors=[editor])
    make_headline("Quake")
    client = client_as(editor)
    routes = _id_routes(app)
    assert len(routes) >= 10
    for rule in routes:
        url = re.sub(r"<int:\w+>", one, rule)  # every id in the route, whatever it is called
        url = url.replace("<name>", "submit").replace("<duty>", "editor")
        url = url.replace("<source>", "publish")  # the calendar's kinds of item
        url = url.replace("<edition:lang>", "ar")  # an edition of the public site
        url = url.replace("<stage>", "edit")  # a stage's deadline
        url = url.replace("<transition>", "publish")  # a checklist rule waived for a step
        url = url.replace("<slug>", "a-story")  # a live story's post page (editorial/live)
        url = url.replace("<lang>", "en").replace("<place>", "home")  # a front (editorial/fronts)
        assert "<" not in url, url
        for method in ("GET", "POST"):
            response = client.open(url, method=method)
            assert response.status_code == _routed(app, url, method), (url, method)


def _routed(app: Flask, url: str, method: str) -> int:
    """What the id route must answer: 405 where the address is another route's that doesn't
    take `method` (`/author/<slug>` takes `/author/١` as a slug), else 404 (no such route, or
    no row with that name)."""
    try:
        app.url_map.bind("localhost").match(url, method=method)
    except MethodNotAllowed:
        return 405
    except NotFound:
        return 404
    return 404


def test_ascii_ids_still_work(client_as: Any, editor: User) -> None:
    article = make_article("draft", authors=[editor])
    assert client_as(editor).get(f"/articles/{article.id}").status_code == 200


@pytest.mark.parametrize("one", NON_ASCII_ONES, ids=lambda c: f"U+{ord(c):04X}")
def test_posted_ids_take_ascii_digits_only(one: str) -> None:
    with pytest.raises(ValueError):
        database_int(one)
    assert database_int(" 12 ") == 12
