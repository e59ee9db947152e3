"""Every staff page at a laptop's width and a phone's: nothing scrolls sideways, the board's
columns all fit at 1366 px, and axe-core finds nothing. Screenshots land in tests/screenshots/
(the demo's revisions, in the system's temporary folder).

The revisions pages are also walked with the demo newsroom's own data (its histories, names and
diffs, served by an app of their own), since a factory story's one short revision fit a phone
while the demo's History scrolled sideways (issue 20, item 25)."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from werkzeug.serving import make_server

from editorial import clock, create_app
from editorial.demo.load import DEMO_PASSWORD, DEMO_USERS, load_demo
from editorial.extensions import db
from editorial.models import Role
from tests.databases import POSTGRES_SCHEMA, reset_database
from tests.factories import make_article
from tests.helpers import app_config

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1366, 800), "phone": (390, 844)}
SHOTS = Path(tempfile.gettempdir())
# What sticks out past the right edge, so a failure says where to look.
CULPRITS = """w => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > w + 1)
  .slice(-5)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def _pages(live_server: Any) -> dict[str, str]:
    with live_server.app.app_context():
        for state in ("draft", "edit", "fact_check", "ready", "scheduled", "published"):
            for n in range(3):  # a full board, as a newsroom's is
                make_article(
                    state, headline=f"{state.title()} story {n} with a headline long enough"
                )
        draft = make_article("draft", headline="A draft with a long headline that wraps on phones")
        published = make_article(
            "published", headline="Published and read widely", tags=["A tag with a long name"]
        )
        tag_id = published.tags[0].id
        return {
            "board": "/desk/",
            "article": f"/articles/{draft.id}",
            "editor": f"/articles/{draft.id}/edit",
            "revisions": f"/articles/{published.id}/revisions",
            "people": "/admin/users",
            "taxonomy": "/admin/taxonomy",
            "section": "/admin/taxonomy/sections/1",
            "tags": "/admin/tags",
            "tag": f"/admin/taxonomy/tags/{tag_id}",
            "settings": "/admin/settings",
            "breaking": "/breaking",
            "calendar": "/calendar/?view=month",
            "inbox": "/inbox/",
            "queue": "/queue/",
            "not-found": "/articles/2147483000",  # the 404 page, whose big code must pass contrast
        }


@pytest.mark.parametrize("width", list(WIDTHS))
# The not-found page is one of the pages under test: Chromium logs its 404.
@pytest.mark.console_errors(r"/articles/2147483000: .*status of 404")
def test_staff_pages_fit_and_pass_axe(
    width: str,
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    admin = live_user("admin")
    w, h = WIDTHS[width]
    context = browser.new_context(base_url=base_url, viewport={"width": w, "height": h})
    page = context.new_page()
    sign_in_page(page, admin)
    too_wide = {}
    for name, url in _pages(live_server).items():
        response = page.goto(url)
        assert response is not None and response.status == (404 if name == "not-found" else 200)
        # The parts htmx loads as the page opens are in before it is measured (rather than
        # "networkidle", which waited for half a second of quiet on every page: 7 s a sweep).
        expect(page.locator(".htmx-request")).to_have_count(0)
        screenshot(page, f"{name}-{w}")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > w:
            # Name what sticks out, so a failure says where to look.
            culprits = page.evaluate(
                f"""Array.from(document.querySelectorAll('body *'))
                  .filter(e => e.getBoundingClientRect().right > {w} + 1
                          && !e.closest('.columns, .topbar nav, table'))
                  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' '
                          + Math.round(e.getBoundingClientRect().right))"""
            )
            too_wide[name] = (scroll, culprits)
        assert_accessible(page)
        if name == "board" and width == "laptop":
            fits = page.evaluate(
                "(() => { const c = document.querySelector('.columns');"
                " return c.scrollWidth <= c.clientWidth; })()"
            )
            assert fits, "the board's columns don't all fit at 1366 px"
    assert too_wide == {}, f"pages wider than {w} px: {too_wide}"
    context.close()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo newsroom (`flask demo`'s data) served by an app of its own: the demo refuses a
    database with people in it, as the shared live server's is."""
    app = create_app(app_config(tmp_path_factory.mktemp("demo"), schema=f"{POSTGRES_SCHEMA}_demo"))
    reset_database(app)
    with app.app_context(), clock.frozen(clock.now()):
        load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="demo-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_demos_revisions_fit_a_phone(
    browser: Browser, demo_server: str, assert_accessible: Any
) -> None:
    """Every demo story's History, and the comparison of its two latest versions, at 390 px."""
    admin = next(email for email, _, role in DEMO_USERS if role == Role.ADMIN)
    context = browser.new_context(base_url=demo_server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(admin)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/desk/**")
    ids = page.evaluate(
        "Array.from(document.querySelectorAll('li.card')).map(c => c.id.replace('card-', ''))"
    )
    assert len(ids) >= 10, ids
    too_wide = {}
    most = (0, "")
    for article_id in ids:
        page.goto(f"/articles/{article_id}/revisions")
        rows = page.locator(".revisions-table tbody tr").count()
        most = max(most, (rows, article_id))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > 390:
            too_wide[f"revisions of {article_id}"] = (scroll, page.evaluate(CULPRITS, 390))
        if rows >= 2:
            page.get_by_role("button", name="Compare").click()
            page.wait_for_url("**/compare?**")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > 390:
                too_wide[f"comparison in {article_id}"] = (scroll, page.evaluate(CULPRITS, 390))
    assert most[0] >= 4, most  # the demo's histories are long enough to mean something
    page.goto(f"/articles/{most[1]}/revisions")
    page.screenshot(path=str(SHOTS / "demo-revisions-390.png"), full_page=True)
    assert_accessible(page)
    assert too_wide == {}, f"wider than 390 px: {too_wide}"
    context.close()
