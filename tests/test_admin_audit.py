"""The audit log at /admin/audit: newest first, filters, keyset pages, and the CSV export."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask

from editorial.audit_log.queries import EVENTS_PER_PAGE
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Role, User
from tests.factories import make_audit_event, make_user
from tests.helpers import HX, HX_HISTORY_RESTORE


def _actions(html: str) -> list[str]:
    return re.findall(r"<code class=\"action\">([a-z_.]+)</code>", html)


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


def test_every_event_newest_first(client_as: Any, admin: User) -> None:
    for action in ("first.thing", "second.thing", "third.thing"):
        make_audit_event(action)
    page = client_as(admin).get("/admin/audit").get_data(as_text=True)
    shown = [a for a in _actions(page) if a.endswith(".thing")]
    assert shown == ["third.thing", "second.thing", "first.thing"]
    assert "auth.sign_in" in _actions(page)  # the admin's own sign-in is in the log too


def test_filters_by_person_action_object_and_days(client_as: Any, admin: User) -> None:
    omar = make_user(Role.EDITOR, display_name="Omar Saleh", email="omar@example.com")
    rana = make_user(Role.REPORTER, display_name="Rana", email="rana@example.com")
    day = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    make_audit_event("article.published", actor=omar, object_type="article", object_id=4, at=day)
    make_audit_event("user.updated", actor=omar, object_type="user", object_id=rana.id, at=day)
    make_audit_event(
        "article.saved",
        actor=rana,
        object_type="article",
        object_id=44,
        at=day + timedelta(days=2),
    )
    client = client_as(admin)

    def shown(query: str) -> list[str]:
        html = client.get(f"/admin/audit?{query}").get_data(as_text=True)
        return [a for a in _actions(html) if a.startswith(("article.", "user.updated"))]

    assert shown("person=SALEH") == ["user.updated", "article.published"]
    assert shown("person=omar@") == ["user.updated", "article.published"]
    assert shown("action=article.") == ["article.saved", "article.published"]
    assert shown("action=article.saved") == ["article.saved"]
    assert shown("object=article:4") == ["article.published"]
    assert shown("object=article") == ["article.saved", "article.published"]
    assert shown(f"object=user:{rana.id}") == ["user.updated"]
    # Days are the newsroom's (Beirut, UTC+2 in March): 10 March there holds 12:00 UTC.
    assert shown("since=2026-03-11") == ["article.saved"]
    assert shown("until=2026-03-10") == ["user.updated", "article.published"]
    assert shown("since=2026-03-10&until=2026-03-12&person=rana") == ["article.saved"]
    assert shown("action=%25") == []  # a typed wildcard is a character, not a wildcard


def test_unreadable_filters_say_so_and_never_fail(client_as: Any, admin: User) -> None:
    client = client_as(admin)
    for query in ("since=yesterday", "until=99999-01-01", "before=%EF%BC%91", "before=9" * 30):
        response = client.get(f"/admin/audit?{query}")
        assert response.status_code == 200, query
    page = client.get("/admin/audit?since=yesterday").get_data(as_text=True)
    assert "is not a day like 2026-06-01" in page


def test_keyset_pages_walk_the_whole_log_once(client_as: Any, admin: User) -> None:
    for n in range(EVENTS_PER_PAGE * 2 + 5):
        make_audit_event("paged.event", commit=False, n=n)
    db.session.commit()
    client = client_as(admin)
    url: str | None = "/admin/audit?action=paged."
    seen: list[int] = []
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += [int(n) for n in re.findall(r'"n": (\d+)', page)]
        older = re.search(r'href="([^"]+)"[^>]*>Older', page)
        url = older.group(1).replace("&amp;", "&") if older else None
        if url:
            assert "action=paged." in url and "before=" in url
    assert seen == list(reversed(range(EVENTS_PER_PAGE * 2 + 5)))


def test_the_log_answers_htmx_with_the_results_and_a_page_otherwise(
    client_as: Any, admin: User
) -> None:
    client = client_as(admin)
    fragment = client.get("/admin/audit?action=auth.", headers=HX).get_data(as_text=True)
    assert "auth.sign_in" in fragment and "<html" not in fragment
    assert 'role="search"' not in fragment
    page = client.get("/admin/audit?action=auth.").get_data(as_text=True)
    assert "<html" in page and 'value="auth."' in page and 'hx-push-url="true"' in page
    restored = client.get("/admin/audit?action=auth.", headers=HX_HISTORY_RESTORE)
    assert "<html" in restored.get_data(as_text=True)


def test_the_export_parses_back_with_awkward_values_intact_or_neutralised(
    client_as: Any, admin: User
) -> None:
    awkward = 'a, "quoted" value\nover two lines'
    make_audit_event("export.check", object_type="user", object_id=awkward, note=awkward)
    make_audit_event("export.check", object_type="user", object_id="=HYPERLINK(1)")
    for start in ("=", "+", "-", "@"):
        make_audit_event("export.check", object_type="user", object_id=f"{start}SUM(A1:A9)")
    rows = _csv(client_as(admin).get("/admin/audit.csv?action=export."))
    assert {row["action"] for row in rows} == {"export.check"} and len(rows) == 6
    ids = [row["object_id"] for row in rows]
    assert ids[:5] == [
        "'@SUM(A1:A9)",
        "'-SUM(A1:A9)",
        "'+SUM(A1:A9)",
        "'=SUM(A1:A9)",
        "'=HYPERLINK(1)",
    ]
    assert ids[5] == awkward  # commas, quotes and the newline survive the round trip
    assert json.loads(rows[5]["details"]) == {"note": awkward}
    assert rows[0]["at_utc"].endswith("+00:00") and rows[0]["ip"] == "203.0.113.9"


def test_the_export_is_the_filtered_set_on_every_page(client_as: Any, admin: User) -> None:
    from editorial.audit_log import queries as audit_queries

    for n in range(25):
        make_audit_event("batch.event", commit=False, n=n)
    make_audit_event("other.event", commit=False)
    db.session.commit()
    old_batch, audit_queries.EXPORT_BATCH = audit_queries.EXPORT_BATCH, 7
    try:
        rows = _csv(client_as(admin).get("/admin/audit.csv?action=batch.&before=3"))
    finally:
        audit_queries.EXPORT_BATCH = old_batch
    assert [row["details"] for row in rows] == [f'{{"n": {n}}}' for n in reversed(range(25))]


def test_the_export_reads_a_batch_at_a_time_as_it_is_sent(app: Flask) -> None:
    """A generator of batches: the second batch is read only when the first has been sent."""
    from editorial.audit_log import queries as audit_queries
    from editorial.audit_log.views import csv_lines

    for n in range(10):
        make_audit_event("lazy.event", commit=False, n=n)
    db.session.commit()
    old_batch, audit_queries.EXPORT_BATCH = audit_queries.EXPORT_BATCH, 4
    try:
        wanted = audit_queries.AuditFilter(action="lazy.")
        lines = csv_lines(audit_queries.export_rows(app, wanted, "Asia/Beirut"))
        with counted_statements(app) as statements:
            assert next(lines).startswith("id,at_utc,")
            assert not statements  # the header is out before anything is read
            first_batch = [next(lines) for _ in range(4)]
            reads = len(statements)
            next(lines)
            assert len(statements) > reads  # the next batch only now
        assert len(first_batch) == 4 and len(list(lines)) == 5
    finally:
        audit_queries.EXPORT_BATCH = old_batch


def test_the_page_links_an_objects_and_a_persons_trail(client_as: Any, admin: User) -> None:
    omar = make_user(Role.EDITOR, email="omar@example.com")
    person_page = client_as(admin).get(f"/admin/users/{omar.id}").get_data(as_text=True)
    assert f'href="/admin/audit?object=user:{omar.id}"' in person_page
    assert re.search(r'href="/admin/audit\?person=omar(@|%40)example.com"', person_page)


def test_no_route_edits_or_deletes_events(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule.rule  # type: ignore[operator]
