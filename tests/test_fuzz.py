"""Whatever is typed or hand-made into the forms, the answer is a page or a refusal, never a 500.

Hypothesis sends arbitrary text (control characters, NULs, huge and empty values, odd Unicode) to
the forms through the test client, as security.md asks.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editorial import workflow
from editorial.models import Role
from tests.factories import make_article, make_user

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=300)
values = st.one_of(text, st.integers().map(str), st.sampled_from(["", "0", "-1", "9" * 30]))


@FUZZ
@given(email=text, password=text, next_=text)
def test_sign_in_form(client: Any, email: str, password: str, next_: str) -> None:
    response = client.post(
        "/login", query_string={"next": next_}, data={"email": email, "password": password}
    )
    assert response.status_code < 500


@FUZZ
@given(
    note=text,
    publish_at=values,
    checker=values,
    name=st.sampled_from(["schedule", "send_to_fact_check", "return", "spike", "publish"]),
)
def test_transition_forms(
    app: Any, client_as: Any, note: str, publish_at: str, checker: str, name: str
) -> None:
    editor = make_user(Role.EDITOR)
    article = make_article(workflow.BY_NAME[name].sources[0])
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/{name}",
        data={"note": note, "publish_at": publish_at, "fact_checker_id": checker},
    )
    assert response.status_code < 500


@FUZZ
@given(headline=text, summary=text, body=text, tags=text, section=values, version=values)
def test_editor_form(
    app: Any,
    client_as: Any,
    headline: str,
    summary: str,
    body: str,
    tags: str,
    section: str,
    version: str,
) -> None:
    reporter = make_user(Role.REPORTER)
    article = make_article("draft", authors=[reporter])
    data = {
        "headline": headline,
        "summary": summary,
        "body": body,
        "tags": tags,
        "section_id": section,
        "version": version,
    }
    client = client_as(reporter)
    assert client.post("/articles/new", data=data).status_code < 500
    assert client.post(f"/articles/{article.id}/edit", data=data).status_code < 500
    assert client.post("/articles/preview", data=data).status_code < 500


@FUZZ
@given(headline=text, starts=values, ends=values, article=text)
def test_breaking_form(
    app: Any, client_as: Any, headline: str, starts: str, ends: str, article: str
) -> None:
    editor = make_user(Role.EDITOR)
    data = {"text": headline, "starts_at": starts, "ends_at": ends, "article": article}
    client = client_as(editor)
    assert client.post("/breaking", data=data).status_code < 500
    assert client.post("/breaking/validate", data=data).status_code < 500


@FUZZ
@given(q=text, section=values, page=values, person=values)
def test_board_filters_and_public_paging(
    app: Any, client_as: Any, client: Any, q: str, section: str, page: str, person: str
) -> None:
    desk = client_as(make_user(Role.EDITOR))
    response = desk.get("/desk/", query_string={"q": q, "section": section, "person": person})
    assert response.status_code < 500
    assert client.get("/section/politics", query_string={"page": page}).status_code < 500


def test_ids_too_big_for_the_database_are_refused_not_500(app: Any, client_as: Any) -> None:
    """Found by the fuzzing above: "9"*30 as an id or version overflowed SQLite's integer."""
    editor = make_user(Role.EDITOR)
    article = make_article("edit")
    client = client_as(editor)
    huge = "9" * 30
    data = {"headline": "H", "summary": "S", "body": "B", "version": huge, "section_id": huge}
    response = client.post(f"/articles/{article.id}/edit", data={**data, "author_ids": huge})
    assert response.status_code == 422
    assert client.post("/articles/new", data=data).status_code == 422
    compare = client.get(
        f"/articles/{article.id}/revisions/compare", query_string={"a": huge, "b": "1"}
    )
    assert compare.status_code == 400
    send = client.post(
        f"/articles/{article.id}/transition/send_to_fact_check", data={"fact_checker_id": huge}
    )
    assert send.status_code == 422


def test_a_nul_character_is_refused_with_400(app: Any, client_as: Any, client: Any) -> None:
    """Found by the fuzzing above on PostgreSQL, which can't store NUL in text."""
    reporter = make_user(Role.REPORTER)
    response = client_as(reporter).post("/articles/new", data={"headline": "Port\x00strike"})
    assert response.status_code == 400
    assert client.get("/section/politics", query_string={"page": "1\x00"}).status_code == 400
    desk = client_as(make_user(Role.EDITOR))
    for query in ({"q": "\x00"}, {"person": "\x00"}):
        assert desk.get("/desk/", query_string=query).status_code == 400
    assert desk.get("/articles/tags", query_string={"q": "Ga\x00"}).status_code == 400
    assert (
        client.post("/login", data={"email": "a\x00@example.com", "password": "x"}).status_code
        == 400
    )


@pytest.mark.parametrize(
    "path", ["/news/%00", "/tag/%00", "/section/%00", "/region/%00", "/desk/column/%00"]
)
def test_a_nul_in_the_path_is_refused_with_400(client: Any, path: str) -> None:
    """Found on PostgreSQL: the guard read the query and the form, not the path (500 there)."""
    assert client.get(path).status_code == 400
    assert client.post(path + "/read").status_code == 400
