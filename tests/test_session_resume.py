"""A session that ends while someone writes never costs them what they typed (issue 20, item 5).

Save after a timeout, a deactivation or a role change posted to a bare 401 page and the text was
gone. Now the plain post answers with the sign-in form carrying the typed fields on, and after
signing in one press sends them where they were going.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask.testing import FlaskClient

from editorial.auth.resume import read_carried
from editorial.extensions import db
from editorial.models import Role, User, end_sessions
from tests.factories import PASSWORD, make_article, make_user
from tests.helpers import HX, form_for, fresh
from tests.parsed import Page

TYPED = "Written after the session ended: <b>every</b> word of it."


def _ended(user: User) -> None:
    """Every session of `user` ends (as a timeout, a deactivation or "sign out everywhere" do)."""
    end_sessions(db.session.get(User, user.id))
    db.session.commit()


def _hidden(html: str) -> list[tuple[str, str]]:
    return [
        (tag["name"], tag.get("value", ""))
        for tag in Page(html).find("input", type="hidden")
        if tag.get("name")
    ]


def test_a_save_after_the_session_ended_keeps_the_text_through_signing_in(
    client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    client: FlaskClient = client_as(reporter)
    _ended(reporter)
    refused = client.post(f"/articles/{article.id}/edit", data=form_for(article, body=TYPED))
    assert refused.status_code == 401
    page = refused.get_data(as_text=True)
    assert "Your session has ended" in page and "Sign in" in page
    assert "every</b> word" not in page  # kept as text, never as markup
    assert "&lt;b&gt;every&lt;/b&gt; word" in page  # readable in "What you typed"
    form = Page(page).find("form", method="post")[0]
    assert form["action"].startswith("/login?next=")
    carried = dict(_hidden(page))["carried"]
    assert ["body", TYPED] in json.loads(carried)
    assert fresh(article.id).body != TYPED

    signed_in = client.post(
        form["action"],
        data={"email": reporter.email, "password": PASSWORD, "carried": carried},
    )
    assert signed_in.status_code == 200
    html = signed_in.get_data(as_text=True)
    resend = Page(html).find("form", method="post")[0]
    assert resend["action"] == f"/articles/{article.id}/edit"
    fields = _hidden(html)
    assert ("body", TYPED) in fields and ("save", "Save") in fields
    assert fresh(article.id).body != TYPED  # nothing is saved before the writer says so

    saved = client.post(resend["action"], data=dict(_pairs_as_multi(fields)))
    assert saved.status_code == 302
    assert fresh(article.id).body == TYPED


def _pairs_as_multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        multi.setdefault(name, []).append(value)
    return multi


def test_a_wrong_password_keeps_carrying_the_text(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    _ended(reporter)
    page = client.post(f"/articles/{article.id}/edit", data=form_for(article, body=TYPED)).get_data(
        as_text=True
    )
    carried = dict(_hidden(page))["carried"]
    action = Page(page).find("form", method="post")[0]["action"]
    wrong = client.post(
        action, data={"email": reporter.email, "password": "nope", "carried": carried}
    )
    assert wrong.status_code == 200
    assert dict(_hidden(wrong.get_data(as_text=True)))["carried"] == carried


def test_a_deactivated_writer_still_sees_what_they_typed(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    reporter.active = False
    _ended(reporter)
    page = client.post(f"/articles/{article.id}/edit", data=form_for(article, body=TYPED))
    assert page.status_code == 401
    assert re.search(r"<textarea[^>]*readonly[^>]*>[^<]*every", page.get_data(as_text=True))


def test_htmx_and_hand_made_posts_still_get_a_plain_401(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    _ended(reporter)
    autosave = client.post(
        f"/articles/{article.id}/autosave", data=form_for(article, body=TYPED), headers=HX
    )
    assert autosave.status_code == 401
    assert "carried" not in autosave.get_data(as_text=True)
    as_json = client.post(f"/articles/{article.id}/edit", json={"body": TYPED})
    assert as_json.status_code == 401 and "carried" not in as_json.get_data(as_text=True)


def test_a_carried_form_goes_only_to_this_site(client: FlaskClient, reporter: User) -> None:
    carried = json.dumps([["body", TYPED]])
    answer = client.post(
        "/login?next=//evil.example/x",
        data={"email": reporter.email, "password": PASSWORD, "carried": carried},
    )
    assert answer.status_code == 302 and "evil" not in answer.location


def test_the_token_of_a_new_session_is_given_to_a_page_opened_under_the_old_one(
    client_as: Any, reporter: User
) -> None:
    client = client_as(reporter)
    token = client.get("/account/token", headers=HX)
    assert token.status_code == 200 and token.json and token.json["csrf_token"]
    assert token.headers["Cache-Control"] == "no-store"
    _ended(reporter)
    assert client.get("/account/token", headers=HX).status_code == 401
    landing = client_as(reporter).get("/account/signed-in-again")
    assert "your text is still there" in landing.get_data(as_text=True)


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert found, html
    return found.group(1)


def test_with_csrf_on_the_carried_save_gets_the_new_sessions_token(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        writer = make_user(Role.REPORTER)
        article = make_article("draft", authors=[writer])
        client = app.test_client()
        login = _token(client.get("/login").get_data(as_text=True))
        client.post(
            "/login", data={"email": writer.email, "password": PASSWORD, "csrf_token": login}
        )
        editor_page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
        data = {**form_for(article, body=TYPED), "csrf_token": _token(editor_page)}
        _ended(writer)
        refused = client.post(f"/articles/{article.id}/edit", data=data)
        assert refused.status_code == 401  # the form's token still passed: this is no forgery
        page = refused.get_data(as_text=True)
        action = Page(page).find("form", method="post")[0]["action"]
        carried = dict(_hidden(page))["carried"]
        signed_in = client.post(
            action,
            data={
                "email": writer.email,
                "password": PASSWORD,
                "carried": carried,
                "csrf_token": _token(page),
            },
        ).get_data(as_text=True)
        fields = _pairs_as_multi(_hidden(signed_in))
        saved = client.post(f"/articles/{article.id}/edit", data=fields)
        assert saved.status_code == 302, saved.get_data(as_text=True)
        assert fresh(article.id).body == TYPED


def test_passwords_are_never_carried(client_as: Any, reporter: User) -> None:
    client = client_as(reporter)
    _ended(reporter)
    answer = client.post(
        "/account/password",
        data={"current_password": "old secret words", "new_password": "new secret words"},
    )
    assert answer.status_code == 401
    assert "secret words" not in answer.get_data(as_text=True)
    assert read_carried(json.dumps([["new_password", "x"], ["body", "y"]])) == [("body", "y")]
