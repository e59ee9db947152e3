"""Browser tests: Playwright drives Debian's Chromium against the app served on a loopback port.

Without /usr/bin/chromium these tests skip (install it with `apt-get install chromium`), unless
EDITORIAL_REQUIRE_BROWSER=1, as in CI, where a missing browser fails the run.

Fixtures here: `live_server` (one served app per run, `.url` and `.app`), `live_user(role)`,
`sign_in_page(page, user)`, `screenshot(page, name)` and `assert_accessible(page)`.
pytest-playwright provides `page`, `context` and `browser`.

Every page a browser test opens must keep a clean console: `clean_console` (autouse) watches
every browser context the test makes and fails the test on any console error (a CSP refusal, a
404 for a stylesheet or the favicon, an htmx error) or uncaught exception. There is no allow-list
for the whole suite. A test that provokes an error on purpose names the messages it expects with
`@pytest.mark.console_errors("pattern", ...)` (a regular expression each, searched in the text):
Chromium logs every answer of 400 or more as "Failed to load resource", including the desk's
deliberate 409 (a stale save) and 422 (a refused form), and htmx logs a failed request too.
The same contexts answer the stand-in pictures on `stand_ins.IMAGE_HOST` (the browser is offline).
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from editorial import create_app
from editorial.models import Role
from tests.browser.stand_ins import IMAGE_HOST, serve_photo
from tests.databases import POSTGRES_SCHEMA, reset_database
from tests.factories import PASSWORD, make_user
from tests.helpers import app_config

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).parent.parent / "screenshots"

pytestmark = pytest.mark.browser


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "console_errors(*patterns): console errors this browser test provokes on purpose "
        "(regular expressions); any other error still fails it",
    )


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    message = "Chromium is not installed: apt-get install chromium (browser tests need it)"
    if os.environ.get("EDITORIAL_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class LiveServer:
    """The app being served, and where."""

    app: Flask
    url: str


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a free loopback port, in a thread, for the whole run."""
    _require_browser()
    # A database (or PostgreSQL schema) of its own: its scheduler thread must not touch the data
    # of the tests that run while it serves, nor they its data.
    app = create_app(
        app_config(
            tmp_path_factory.mktemp("live"),
            schema=f"{POSTGRES_SCHEMA}_live",
            SCHEDULER_ENABLED=True,
            SCHEDULER_INTERVAL_SECONDS=1,
            BREAKING_POLL_SECONDS=2,
            POLL_SECONDS=2,
        )
    )
    reset_database(app)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    app.extensions["editorial.scheduler"](app)
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    stop = app.extensions.get("editorial.scheduler.stop")
    if stop:
        stop.set()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """pytest-playwright's base URL: `page.goto("/login")` goes to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium; Playwright can't download its own browsers here."""
    _require_browser()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@dataclass
class LiveUser:
    """Someone who can sign in to the live server."""

    id: int
    email: str
    display_name: str
    password: str = PASSWORD


@pytest.fixture
def live_user(live_server: LiveServer) -> Any:
    """`live_user("editor")`: a new person of that role in the served database."""

    def factory(role: str | Role = Role.REPORTER, **fields: Any) -> LiveUser:
        with live_server.app.app_context():
            user = make_user(Role(role), **fields)
            return LiveUser(id=user.id, email=user.email, display_name=user.display_name)

    return factory


@pytest.fixture
def sign_in_page() -> Any:
    """`sign_in_page(page, user)`: sign in through the real form and land on the desk."""

    def sign_in(page: Any, user: LiveUser) -> None:
        page.goto("/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(user.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/desk/**")

    return sign_in


@pytest.fixture
def signed_in_page(browser: Any, base_url: str, sign_in_page: Any) -> Any:
    """`signed_in_page(user)`: a new browser context of its own, signed in as `user` (a person)."""

    def open_as(user: LiveUser, **context: Any) -> Any:
        page = browser.new_context(base_url=base_url, **context).new_page()
        sign_in_page(page, user)
        return page

    return open_as


@pytest.fixture
def screenshot() -> Any:
    """`screenshot(page, "board")`: a full-page PNG under tests/screenshots/ to look at."""

    def take(page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


@pytest.fixture
def assert_accessible() -> Any:
    """`assert_accessible(page)`: run axe-core on the page; fail listing every violation.

    `also=("target-size",)` turns on rules axe leaves off by default (target-size: WCAG 2.2's
    24 px touch targets, 2.5.8).
    """

    def check(page: Any, also: tuple[str, ...] = ()) -> None:
        # The page at rest: an htmx request in flight dims its target for a moment (the editor's
        # preview at 0.75), which axe would measure as low contrast on a slow machine.
        from playwright.sync_api import expect

        expect(page.locator(".htmx-request")).to_have_count(0)
        # And its stylesheets applied: right after a form's full-page answer the heading can be
        # visible while the page's CSS is still arriving, and axe measured the masthead's
        # half-styled links as low contrast (CI, test_previews_browser).
        page.wait_for_load_state("load")
        # Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) still
        # holds for the page itself while axe runs; once per document.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(_axe_source())
        rules = {rule: {"enabled": True} for rule in also}
        # Only the violations, each with all its nodes, come back (`resultTypes`): every rule
        # still runs, but the passes (a node for each text's contrast, each link's name...)
        # took more time to describe and send than axe took to check (bench:ci12).
        found = page.evaluate(
            "async rules => (await axe.run(document, {rules, resultTypes: ['violations']}))"
            ".violations",
            rules,
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in found
        ]
        assert not violations, "Accessibility violations:\n" + "\n".join(violations)

    return check


@dataclass
class ConsoleWatch:
    """What the pages of one test logged as errors, and the errors the test expects."""

    expected: list[re.Pattern[str]]
    problems: list[str] = field(default_factory=list)

    def console(self, message: Any) -> None:
        if message.type == "error":
            self._note(f"console error on {message.location.get('url') or '?'}: {message.text}")

    def page_error(self, error: Any) -> None:
        page = error.page.url if error.page else "?"
        self._note(f"uncaught exception on {page}: {error.error.message}")

    def _note(self, problem: str) -> None:
        if not any(pattern.search(problem) for pattern in self.expected):
            self.problems.append(problem)


@pytest.fixture(autouse=True)
def clean_console(request: pytest.FixtureRequest) -> Iterator[ConsoleWatch | None]:
    """Fail the test if any page it opened logged a console error or threw (see the module doc).

    Every context the test makes comes from `browser.new_context` (pytest-playwright's `page` and
    `context` too), so that is where the watch (and the stand-in pictures) are attached; contexts
    the test left open are closed here, which also delivers any event still on its way.
    """
    if "browser" not in request.fixturenames:
        yield None
        return
    browser = request.getfixturevalue("browser")
    marker = request.node.get_closest_marker("console_errors")
    watch = ConsoleWatch(expected=[re.compile(p) for p in (marker.args if marker else ())])
    contexts: list[Any] = []
    new_context = browser.new_context

    def watched_context(*args: Any, **kwargs: Any) -> Any:
        context = new_context(*args, **kwargs)
        context.on("console", watch.console)
        context.on("weberror", watch.page_error)
        context.route(f"{IMAGE_HOST}**", serve_photo)
        contexts.append(context)
        context.on("close", lambda closed: contexts.remove(closed))
        return context

    browser.new_context = watched_context
    try:
        yield watch
    finally:
        del browser.new_context  # the instance attribute: the class's method shows through again
        for context in list(contexts):
            context.close()
    if watch.problems:
        pytest.fail("The console was not clean:\n" + "\n".join(watch.problems), pytrace=False)
