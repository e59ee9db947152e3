"""Numbers read from an address (`?page=`, `?before=`, `?section=`...) never answer 500.

Every one goes through `forms.address_int` (`database_int`'s range check): issue 20 item 6 found
`/inbox/?before=` past 2^31 (PostgreSQL's id column) or 2^63 (SQLite's integer) answering 500.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from werkzeug.routing.converters import NumberConverter

from editorial import workflow
from editorial.extensions import db
from editorial.forms import address_int, page_number
from editorial.models import Kind, Notification, Role, User
from tests.factories import make_article, make_audit_event, make_headline, make_user
from tests.helpers import HX

# Past PostgreSQL's integer, past SQLite's (and OFFSET's), other scripts' digits, signs, floats.
BAD_NUMBERS = [
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "\u0663",  # ٣, Arabic-Indic three
    "\uff13",  # ３, full-width three
    "-1",
    "+3",
    "1e5",
    "0x10",
    " ",
]
# Every name a page reads a number from.
NUMBER_NAMES = ("page", "before", "section", "region", "person", "assignee")
NUMBER_NAMES += ("article", "a", "b", "check")


def _list_pages(article: Any, person: User) -> list[str]:
    """Every page that lists things a page at a time or filters them by an id."""
    tag = article.tags[0].slug
    return [
        "/inbox/",
        "/inbox/?show=unread",
        "/desk/",
        f"/desk/column/{workflow.DRAFT}",
        f"/desk/column/{workflow.PUBLIC_STATE}",
        "/desk/search?q=fuel",
        "/search?q=fuel",
        "/queue/",
        "/factcheck",
        "/media/",
        "/breaking",
        "/coverage/",
        "/admin/audit",
        "/admin/audit.csv",
        "/admin/users",
        "/admin/tags",
        "/",
        f"/section/{article.section.slug}",
        f"/tag/{tag}",
        f"/author/{person.id}",
        f"/articles/{article.id}/revisions",
        f"/articles/{article.id}/revisions/compare",
        f"/articles/{article.id}/comments",
        f"/articles/{article.id}",
    ]


@pytest.fixture
def world(app: Flask, admin: User) -> tuple[Any, User]:
    """A published story with a tag, a notification, a headline and an audit row to list."""
    author = make_user(Role.REPORTER)
    article = make_article(workflow.PUBLIC_STATE, authors=[author], tags=["Fuel"])
    db.session.add(Notification(recipient_id=admin.id, kind=Kind.COMMENTED, article_id=article.id))
    db.session.commit()
    make_headline()
    make_audit_event()
    return article, author


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=ascii)
def test_every_list_page_reads_a_bad_number_without_a_500(
    client_as: Any, admin: User, world: tuple[Any, User], value: str
) -> None:
    client = client_as(admin)
    query = urlencode(dict.fromkeys(NUMBER_NAMES, value))
    for page in _list_pages(*world):
        url = page + ("&" if "?" in page else "?") + query
        for headers in ({}, HX):
            response = client.get(url, headers=headers)
            assert response.status_code < 500, (url, response.status_code)


def test_every_get_route_reads_bad_numbers_without_a_500(
    app: Flask, client_as: Any, admin: User, world: tuple[Any, User]
) -> None:
    """The walk over the whole URL map, so a list page added later is covered too."""
    client = client_as(admin)
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in ("static", "auth.logout"):
            continue
        values = {
            name: 1 if isinstance(conv, NumberConverter) else "x"
            for name, conv in rule._converters.items()
        }
        path = rule.build(values, append_unknown=False)[1]
        for value in ("99999999999999999999", "\u0663", "-1", "1e5"):
            url = path + "?" + urlencode(dict.fromkeys(NUMBER_NAMES, value))
            assert client.get(url).status_code < 500, url
        checked += 1
    assert checked > 40


def test_a_huge_before_is_the_inbox_first_page(client_as: Any, admin: User, world: Any) -> None:
    page = client_as(admin).get("/inbox/?before=99999999999999999999")
    assert page.status_code == 200
    assert "commented on" in page.get_data(as_text=True)


def test_the_parser_reads_only_ascii_digits_in_range() -> None:
    assert address_int("42", 1) == 42
    assert address_int(None, 1) == 1 and address_int("", None) is None
    for value in BAD_NUMBERS:
        assert address_int(value, 7) == 7, value
    # A page past the last one there could be is no page (404), not the first one.
    assert page_number("3", 100) == 3 and page_number("٣", 100) == page_number("-1", 100) == 1
    assert page_number("101", 100) is None and page_number("9" * 5000, 100) is None


def test_no_view_reads_a_number_from_the_address_another_way() -> None:
    """`request.args.get(..., type=int)` accepts "٣", "-1" and 2^70: every view uses
    `address_int` (or `database_int`) instead."""
    offenders = []
    for source in Path("editorial").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            calls_get = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if (
                calls_get
                and node.func.attr == "get"
                and any(
                    keyword.arg == "type"
                    and isinstance(keyword.value, ast.Name)
                    and keyword.value.id in ("int", "float")
                    for keyword in node.keywords
                )
            ):
                offenders.append(f"{source}:{node.lineno}")
    assert offenders == []
