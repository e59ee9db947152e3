"""The admin area by its name (issue 20, item 23): the desk's bar says "Admin", and every admin
page carries the same sub-navigation (People, Taxonomy, Settings, Audit log) with the page's own
place marked; the byline's "Change in the editor" shows only to those who may change it."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from editorial.extensions import db
from editorial.models import Region, Role, Section, Tag, User, WebhookEndpoint
from tests.factories import make_article, make_user

ADMIN_BLUEPRINTS = ("people", "taxonomy", "site_settings", "audit_log", "webhooks")


def _admin_pages(app: Flask, person: User) -> list[tuple[str, str]]:
    """Every admin page a GET reaches, with real ids (each kind's first term, `person`)."""
    terms = {
        "sections": db.session.scalars(db.select(Section)).first(),
        "regions": db.session.scalars(db.select(Region)).first(),
        "tags": db.session.scalars(db.select(Tag)).first(),
    }
    endpoint = WebhookEndpoint(url="https://93.184.216.34/hook", events=[], secret="whsec_AAAA")
    db.session.add(endpoint)
    db.session.commit()
    pages = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ADMIN_BLUEPRINTS or "GET" not in rule.methods:
            continue
        if rule.rule.endswith(".csv"):
            continue  # a download, not a page
        values = dict(rule.defaults or {})
        if "user_id" in rule.arguments:
            values["user_id"] = person.id
        if "endpoint_id" in rule.arguments:
            values["endpoint_id"] = endpoint.id
        if "term_id" in rule.arguments:
            values["term_id"] = terms[values["kind"]].id
        with app.test_request_context():
            pages.append((rule.endpoint.split(".")[0], app.url_for(rule.endpoint, **values)))
    return pages


def _nav(html: str, label: str) -> str:
    found = re.search(rf'<nav[^>]*aria-label="{label}"[^>]*>(.*?)</nav>', html, re.S)
    assert found, f"no {label} navigation"
    return found.group(1)


def test_every_admin_page_has_the_admin_sub_navigation(
    app: Flask, client_as: Any, admin: User
) -> None:
    person = make_user(Role.REPORTER, display_name="Omar Haddad")
    make_article("draft", headline="Tagged", tags=["Ceasefire"])
    client = client_as(admin)
    pages = _admin_pages(app, person)
    assert len(pages) >= 8, pages
    expected = {
        "people": "People",
        "taxonomy": "Taxonomy",
        "site_settings": "Settings",
        "audit_log": "Audit log",
        "webhooks": "Webhooks",
        "checklists": "Checklists",
    }
    for blueprint, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        desk = _nav(html, "Desk")
        current = re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]*)<', desk)
        assert [c.strip() for c in current] == ["Admin"], (path, current)
        assert ">People<" not in desk, path
        area = _nav(html, "Administration")
        tabs = re.findall(r"<li><a [^>]*>([^<]+)</a></li>", area.split("</ul>")[0])
        assert tabs == [
            "People",
            "Taxonomy",
            "Settings",
            "Audit log",
            "Webhooks",
            "Checklists",
        ], (path, tabs)
        marked = re.findall(r'<a [^>]*aria-current="(?:page|true)"[^>]*>([^<]+)<', area)
        assert marked[0] == expected[blueprint], (path, marked)
        if blueprint == "taxonomy":
            assert marked[1:] == ["Tags" if "tags" in path else "Sections and regions"], path
        else:
            assert len(marked) == 1, (path, marked)


def test_change_in_the_editor_only_for_those_who_can_change_a_byline(
    client_as: Any, reporter: User, editor: User
) -> None:
    draft = make_article("draft", authors=[reporter])
    link = f'href="/articles/{draft.id}/edit#authors"'
    assert link not in client_as(reporter).get(f"/articles/{draft.id}").get_data(as_text=True)
    assert link in client_as(editor).get(f"/articles/{draft.id}").get_data(as_text=True)
    published = make_article("published", authors=[reporter])
    shown = client_as(editor).get(f"/articles/{published.id}").get_data(as_text=True)
    assert f'href="/articles/{published.id}/edit#authors"' not in shown  # nobody edits it now
