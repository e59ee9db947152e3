"""People and roles at /admin/users: the list, adding a person, editing, and each access change
behind its confirmation, taking effect at once on the person's open sessions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import AuditEvent, Role, User
from tests.factories import PASSWORD, make_user
from tests.helpers import HX, HX_HISTORY_RESTORE, sign_in


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)  # type: ignore[return-value]


def _signed_in(client: Any) -> bool:
    return client.get("/desk/").status_code == 200


# -- The list --------------------------------------------------------------------------------


def test_the_list_shows_role_access_last_sign_in_and_open_sessions(
    app: Flask, client_as: Any, admin: User
) -> None:
    omar = make_user(Role.EDITOR, display_name="Omar Saleh")
    sign_in(app.test_client(), omar)
    sign_in(app.test_client(), omar)
    make_user(Role.REPORTER, display_name="Gone Person", active=False)
    page = client_as(admin).get("/admin/users").get_data(as_text=True)
    row = re.search(r"<tr[^>]*>\s*<th[^>]*><a[^>]*>Omar Saleh</a>.*?</tr>", page, re.S)
    assert row, page
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert cells[1:3] == ["Editor", "Active"] and cells[3] != "Never" and cells[4] == "2"
    assert "Deactivated" in page and "Gone Person" in page


def test_search_matches_name_or_email_whatever_the_case(client_as: Any, admin: User) -> None:
    make_user(Role.REPORTER, display_name="Maya Rahal", email="maya@paper.example")
    make_user(Role.REPORTER, display_name="Jad Haddad", email="jad@paper.example")
    client = client_as(admin)
    by_name = client.get("/admin/users?q=RAHAL").get_data(as_text=True)
    assert "Maya Rahal" in by_name and "Jad Haddad" not in by_name
    by_email = client.get("/admin/users?q=jad@").get_data(as_text=True)
    assert "Jad Haddad" in by_email and "Maya Rahal" not in by_email
    wildcard = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "Nobody matches" in wildcard


def test_filters_by_role_and_access(client_as: Any, admin: User) -> None:
    make_user(Role.EDITOR, display_name="Active Editor")
    make_user(Role.EDITOR, display_name="Former Editor", active=False)
    make_user(Role.REPORTER, display_name="Some Reporter")
    client = client_as(admin)
    editors = client.get("/admin/users?role=editor").get_data(as_text=True)
    assert "Active Editor" in editors and "Former Editor" in editors
    assert "Some Reporter" not in editors
    gone = client.get("/admin/users?role=editor&active=no").get_data(as_text=True)
    assert "Former Editor" in gone and "Active Editor" not in gone
    nonsense = client.get("/admin/users?role=king&active=maybe&page=%EF%BC%91")
    assert nonsense.status_code == 200 and "Some Reporter" in nonsense.get_data(as_text=True)


def test_the_list_is_paged_and_the_pages_keep_the_filters(client_as: Any, admin: User) -> None:
    for n in range(30):
        make_user(Role.REPORTER, display_name=f"Paged Person {n:02d}")
    client = client_as(admin)
    first = client.get("/admin/users?q=paged").get_data(as_text=True)
    assert "Paged Person 00" in first and "Paged Person 29" not in first
    assert "Page 1 of 2" in first and 'href="/admin/users?q=paged&amp;page=2"' in first
    second = client.get("/admin/users?q=paged&page=2").get_data(as_text=True)
    assert "Paged Person 29" in second and "Paged Person 00" not in second


def test_the_list_answers_htmx_with_the_results_and_a_page_otherwise(
    client_as: Any, admin: User
) -> None:
    client = client_as(admin)
    fragment = client.get("/admin/users?q=aya", headers=HX).get_data(as_text=True)
    assert "Aya Admin" in fragment and "<html" not in fragment and 'role="search"' not in fragment
    page = client.get("/admin/users?q=aya").get_data(as_text=True)
    assert "<html" in page and 'role="search"' in page and 'value="aya"' in page
    restored = client.get("/admin/users?q=aya", headers=HX_HISTORY_RESTORE)
    assert "<html" in restored.get_data(as_text=True)


def test_the_search_form_works_with_and_without_javascript(client_as: Any, admin: User) -> None:
    page = client_as(admin).get("/admin/users").get_data(as_text=True)
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", page, re.S)
    assert form
    tag = form.group(0)
    assert 'method="get"' in tag and 'action="/admin/users"' in tag
    assert 'hx-get="/admin/users"' in tag and 'hx-push-url="true"' in tag


# -- Adding a person -------------------------------------------------------------------------


def test_adding_a_person_with_a_typed_password(client_as: Any, admin: User) -> None:
    client = client_as(admin)
    form = {"display_name": "Nour", "email": "Nour@Example.com", "role": "fact_checker"}
    weak = client.post("/admin/users/new", data={**form, "password": "password"})
    assert weak.status_code == 422 and "attackers try first" in weak.get_data(as_text=True)
    added = client.post("/admin/users/new", data={**form, "password": "a long first passphrase"})
    assert added.status_code == 302
    nour = db.session.scalar(select(User).where(User.email == "nour@example.com"))
    assert nour is not None and nour.role == Role.FACT_CHECKER and nour.must_change_password
    duplicate = client.post(
        "/admin/users/new", data={**form, "email": "NOUR@example.com", "password": "x" * 20}
    )
    assert duplicate.status_code == 422
    assert "There is already an account for nour@example.com." in duplicate.get_data(as_text=True)
    (event,) = _events("user.created")
    assert event.actor_id == admin.id and "password" not in str(event.details)


def test_a_generated_password_is_shown_once_and_works(
    app: Flask, client_as: Any, admin: User
) -> None:
    response = client_as(admin).post(
        "/admin/users/new",
        data={"display_name": "Hadi", "email": "hadi@example.com", "role": "reporter"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    password = re.search(r'class="shown-password"><code>([^<]+)</code>', page).group(1)  # type: ignore[union-attr]
    assert len(password) >= 20 and "shown only this once" in page
    hadi = db.session.scalar(select(User).where(User.email == "hadi@example.com"))
    assert hadi is not None and password not in hadi.password_hash
    sign_in(app.test_client(), hadi, password)


# -- First sign-in: a new password before anything else --------------------------------------


def test_a_temporary_password_must_be_changed_before_anything_else_works(
    app: Flask, admin: User
) -> None:
    person = make_user(Role.EDITOR, must_change_password=True)
    client = sign_in(app.test_client(), person)
    desk = client.get("/desk/")
    assert desk.status_code == 302 and desk.headers["Location"] == "/account/password"
    assert client.get("/breaking", headers=HX).status_code == 403
    assert client.post("/articles/new", data={"headline": "x"}).status_code == 403
    form = client.get("/account/password").get_data(as_text=True)
    assert "set by an admin" in form
    same = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": PASSWORD, "confirm": PASSWORD},
    )
    assert "different from the current one" in same.get_data(as_text=True)
    new = "my own desk passphrase"
    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert changed.status_code == 302
    assert not _fresh(person).must_change_password
    assert client.get("/desk/").status_code == 200


# -- Editing a name and email ----------------------------------------------------------------


def test_editing_a_name_and_email_unique_whatever_the_case(client_as: Any, admin: User) -> None:
    omar = make_user(Role.EDITOR, display_name="Omar", email="omar@example.com")
    make_user(Role.EDITOR, email="taken@example.com")
    client = client_as(admin)
    page = client.get(f"/admin/users/{omar.id}").get_data(as_text=True)
    assert 'value="omar@example.com"' in page
    clash = client.post(
        f"/admin/users/{omar.id}", data={"display_name": "Omar", "email": "TAKEN@example.com"}
    )
    assert clash.status_code == 422
    assert "already an account for taken@example.com" in clash.get_data(as_text=True)
    saved = client.post(
        f"/admin/users/{omar.id}",
        data={"display_name": "Omar Saleh", "email": "Omar.Saleh@Example.com"},
    )
    assert saved.status_code == 302
    omar = _fresh(omar)
    assert (omar.display_name, omar.email) == ("Omar Saleh", "omar.saleh@example.com")
    (event,) = _events("user.updated")
    assert event.details["email"] == {"old": "omar@example.com", "new": "omar.saleh@example.com"}
    assert event.details["display_name"]["new"] == "Omar Saleh"


# -- Access changes: confirmation, then at once on open sessions -----------------------------


@pytest.mark.parametrize(
    ("action", "query", "says"),
    [
        ("role", "?role=reporter", "Omar will be Reporter instead of Editor. "),
        ("deactivate", "", "Omar will no longer be able to sign in. "),
        ("reset-password", "", "shown to you once"),
        ("sign-out", "", ""),
    ],
)
def test_each_confirmation_says_what_will_happen_both_ways(
    app: Flask, client_as: Any, admin: User, action: str, query: str, says: str
) -> None:
    omar = make_user(Role.EDITOR, display_name="Omar")
    sign_in(app.test_client(), omar)
    sign_in(app.test_client(), omar)
    client = client_as(admin)
    path = f"/admin/users/{omar.id}/{action}{query}"
    page = client.get(path).get_data(as_text=True)
    fragment = client.get(path, headers=HX).get_data(as_text=True)
    for html in (page, fragment):
        assert says in html and "Omar will be signed out of 2 sessions at once." in html
        assert f'action="/admin/users/{omar.id}/{action}"' in html
    assert "<html" in page and "<html" not in fragment
    assert _fresh(omar).role == Role.EDITOR and _signed_in(sign_in(app.test_client(), omar))


def test_a_role_change_applies_at_once_to_a_session_opened_before(
    app: Flask, client_as: Any, admin: User
) -> None:
    editor = make_user(Role.EDITOR, display_name="Omar")
    before = sign_in(app.test_client(), editor)
    assert before.get("/breaking").status_code == 200
    response = client_as(admin).post(f"/admin/users/{editor.id}/role", data={"role": "reporter"})
    assert response.status_code == 302
    assert _fresh(editor).role == Role.REPORTER
    assert before.get("/breaking").status_code == 302  # signed out: the old session is over
    again = sign_in(app.test_client(), editor)
    assert again.get("/breaking").status_code == 403
    (event,) = _events("user.role_changed")
    assert event.details == {"old": "editor", "new": "reporter"} and event.actor_id == admin.id


def test_deactivation_applies_at_once_and_reactivation_lets_them_back(
    app: Flask, client_as: Any, admin: User
) -> None:
    victim = make_user(Role.REPORTER)
    before = sign_in(app.test_client(), victim)
    assert _signed_in(before)
    client = client_as(admin)
    assert client.post(f"/admin/users/{victim.id}/deactivate").status_code == 302
    assert not _fresh(victim).active and not _signed_in(before)
    refused = app.test_client().post("/login", data={"email": victim.email, "password": PASSWORD})
    assert "has been deactivated" in refused.get_data(as_text=True)
    assert client.post(f"/admin/users/{victim.id}/reactivate").status_code == 302
    assert _fresh(victim).active
    sign_in(app.test_client(), victim)
    assert [len(_events(a)) for a in ("user.deactivated", "user.activated")] == [1, 1]


def test_reset_password_shows_one_ends_sessions_and_forces_a_change(
    app: Flask, client_as: Any, admin: User
) -> None:
    person = make_user(Role.REPORTER)
    before = sign_in(app.test_client(), person)
    response = client_as(admin).post(f"/admin/users/{person.id}/reset-password")
    page = response.get_data(as_text=True)
    password = re.search(r'class="shown-password"><code>([^<]+)</code>', page).group(1)  # type: ignore[union-attr]
    assert not _signed_in(before) and _fresh(person).must_change_password
    failed = app.test_client().post("/login", data={"email": person.email, "password": PASSWORD})
    assert failed.status_code == 200  # the old password no longer works
    client = sign_in(app.test_client(), person, password)
    assert client.get("/desk/").headers["Location"] == "/account/password"
    (event,) = _events("user.password_reset")
    assert password not in str(event.details)


def test_sign_out_everywhere_ends_every_session(app: Flask, client_as: Any, admin: User) -> None:
    person = make_user(Role.EDITOR)
    browsers = [sign_in(app.test_client(), person) for _ in range(2)]
    client_as(admin).post(f"/admin/users/{person.id}/sign-out")
    assert not any(_signed_in(browser) for browser in browsers)
    assert _signed_in(sign_in(app.test_client(), person))
    assert len(_events("user.signed_out_everywhere")) == 1


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(
    app: Flask, client_as: Any, admin: User
) -> None:
    client = client_as(admin)
    for action, data in (("role", {"role": "editor"}), ("deactivate", {"typed": admin.email})):
        confirmation = client.get(f"/admin/users/{admin.id}/{action}?role=editor")
        assert "This is the last active admin" in confirmation.get_data(as_text=True)
        assert "<button" not in confirmation.get_data(as_text=True).split("confirm-box")[1]
        refused = client.post(f"/admin/users/{admin.id}/{action}", data=data)
        assert refused.status_code == 422
        assert "This is the last active admin" in refused.get_data(as_text=True)
        admin = _fresh(admin)
        assert admin.role == Role.ADMIN and admin.active
    other = make_user(Role.ADMIN)
    assert client.post(f"/admin/users/{admin.id}/role", data={"role": "editor"}).status_code == 302
    assert _fresh(admin).role == Role.EDITOR
    last = sign_in(app.test_client(), other).post(
        f"/admin/users/{other.id}/role", data={"role": "reporter"}
    )
    assert last.status_code == 422 and _fresh(other).role == Role.ADMIN


def test_deactivating_yourself_needs_your_email_typed(
    app: Flask, client_as: Any, admin: User
) -> None:
    make_user(Role.ADMIN)
    client = client_as(admin)
    confirmation = client.get(f"/admin/users/{admin.id}/deactivate").get_data(as_text=True)
    assert "Type your email address to confirm" in confirmation
    assert "you will be signed out now" in confirmation
    for typed in ("", "yes", "someone@example.com"):
        refused = client.post(f"/admin/users/{admin.id}/deactivate", data={"typed": typed})
        assert refused.status_code == 422, typed
        assert "Type your own email address exactly" in refused.get_data(as_text=True)
        assert _fresh(admin).active
    done = client.post(
        f"/admin/users/{admin.id}/deactivate", data={"typed": f"  {admin.email.upper()} "}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert not _fresh(admin).active and not _signed_in(client)


def test_a_deactivated_persons_work_keeps_their_name(client_as: Any, admin: User) -> None:
    from tests.factories import make_article

    author = make_user(Role.REPORTER, display_name="Leila Byline")
    article = make_article("published", authors=[author])
    client_as(admin).post(f"/admin/users/{author.id}/deactivate")
    page = client_as(admin).get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Leila Byline" in page


def test_a_bad_action_or_person_is_not_found(client_as: Any, admin: User) -> None:
    client = client_as(admin)
    assert client.get("/admin/users/999999").status_code == 404
    assert client.post("/admin/users/999999/sign-out").status_code == 404
    assert client.get(f"/admin/users/{admin.id}/delete").status_code == 404
    bad_role = client.post(f"/admin/users/{admin.id}/role", data={"role": "king"})
    assert bad_role.status_code == 400 and _fresh(admin).role == Role.ADMIN


def test_two_people_are_the_same_person_only_when_they_are_the_same_row(app: Flask) -> None:
    """Neither holds a session here: Flask-Login's mixin found every such pair equal."""
    reporter, editor = make_user("reporter"), make_user("editor")
    assert reporter != editor and reporter not in [editor]
    assert reporter == db.session.get(User, reporter.id)
    assert {reporter, editor} == {editor, reporter} and len({reporter, editor}) == 2
