"""Several processes: gunicorn with 4 workers on one database and Redis, driven over HTTP.

What must hold across processes does: the sign-in limit counts in Redis (not per worker), a
story goes from draft to published through real requests, and after an unpublish every worker
answers 410 at once, its page cache notwithstanding. A jobs worker runs beside it on the Redis
queue, as the README's recipe has it: one publish is exactly one delivery to a registered
webhook endpoint. Runs on the suite's database kind (a
database of its own on PostgreSQL); needs Redis on 127.0.0.1:6379 (CI has it) and skips, saying
so, where it is missing, unless CI=true.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from editorial import gunicorn_conf
from editorial.page_cache import MIN_SLOT_SECONDS
from tests.helpers import POSTGRES_URL
from tests.receiver import Receiver

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("gunicorn-smoke")]

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long smoke-test passphrase"
WORKERS = 4
REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def smoke_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's folder: its database file, instance folder and the servers' logs."""
    return tmp_path_factory.mktemp("smoke")


@pytest.fixture(scope="module")
def database_url(smoke_path: Path) -> Iterator[str]:
    """A fresh database: a file on SQLite, a database of its own on PostgreSQL."""
    if not POSTGRES_URL:
        yield f"sqlite:///{smoke_path / 'smoke.sqlite3'}"
        return
    name = f"editorial_smoke_{uuid.uuid4().hex[:10]}"
    server_url = POSTGRES_URL.rsplit("/", 1)[0]
    admin = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server_url}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def server(smoke_path: Path, database_url: str) -> Iterator[str]:
    """gunicorn with 4 workers, as the README tells a big newsroom to run it; its base URL.

    One server (and jobs worker) for the module's tests, which run in one pytest process
    (`xdist_group`, `make test`'s `--dist loadgroup`): starting it (`flask init`, the three
    people, gunicorn's workers booting) is most of each test's time. Each test signs in
    afresh and writes stories of its own; the logs are checked once, when it stops."""
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    instance = smoke_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "SCHEDULER_ENABLED = False\n"
        "PUBLIC_PAGE_CACHE_SECONDS = 30\n"
        f"RATELIMIT_KEY_PREFIX = 'smoke-{uuid.uuid4().hex}'\n"
        f"JOBS_QUEUE_NAME = 'smoke-{uuid.uuid4().hex}'\n"
    )
    env = {
        **os.environ,
        "EDITORIAL_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "smoke-test-secret-key",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "JOBS_URL": "redis://127.0.0.1:6379/0",
        "WEBHOOKS_ALLOW_PRIVATE": "on",  # the test's receiver listens on loopback
    }
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "init"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    for email, name, role in (
        ("editor@smoke.example", "Layla Editor", "editor"),
        ("checker@smoke.example", "Sami Checker", "fact_checker"),
        ("admin@smoke.example", "Aya Admin", "admin"),
    ):
        command = [*flask, "create-user", email, "--name", name, "--role", role]
        command += ["--password", PASSWORD]
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    port = _free_port()
    log = (smoke_path / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and app
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:editorial.gunicorn_conf",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker_log = (smoke_path / "worker.log").open("w")
    worker = subprocess.Popen(  # noqa: S603 - the README's worker command, beside gunicorn
        [*flask, "jobs-worker", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening, or still booting
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start: " + (smoke_path / "gunicorn.log").read_text())
        yield base
    finally:
        process.terminate()
        worker.terminate()
        process.wait(timeout=30)
        worker.wait(timeout=30)
        log.close()
        worker_log.close()
        worker_output = (smoke_path / "worker.log").read_text()
        assert "Traceback" not in worker_output, worker_output
        output = (smoke_path / "gunicorn.log").read_text()
        assert "Traceback" not in output, output
        assert "database is locked" not in output, output


def _fresh(base: str, method: str, path: str, **kwargs: Any) -> requests.Response:
    """One request on a connection of its own, so the kernel may hand it to any worker."""
    with requests.Session() as session:
        session.headers["Connection"] = "close"
        return session.request(method, base + path, allow_redirects=False, timeout=10, **kwargs)


class Person:
    """A signed-in browser: its cookie and the CSRF token its pages carry."""

    def __init__(self, base: str, email: str) -> None:
        self.base = base
        self.session = requests.Session()
        page = self.session.get(f"{base}/login", timeout=10).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token, page
        signed_in = self.session.post(
            f"{base}/login",
            data={"csrf_token": token.group(1), "email": email, "password": PASSWORD},
            allow_redirects=False,
            timeout=10,
        )
        assert signed_in.status_code == 302, signed_in.text
        self.token = ""

    def get(self, path: str) -> str:
        """A page's HTML; keeps its CSRF token for the next POST."""
        response = self.session.get(self.base + path, timeout=10)
        assert response.status_code == 200, (path, response.status_code)
        found = re.search(r'"X-CSRFToken": "([^"]+)"', response.text)
        if found:
            self.token = found.group(1)
        return response.text

    def post(self, path: str, data: dict[str, str]) -> requests.Response:
        """A form POST carrying the token, as the page's own form would."""
        return self.session.post(
            self.base + path,
            data={**data, "csrf_token": self.token},
            allow_redirects=False,
            timeout=10,
        )


def _publish(server: str, editor: Person, headline: str) -> int:
    """A story written, checked and published through real requests; its id."""
    form = editor.get("/articles/new")
    section = re.search(r'<option value="(\d+)"[^>]*>Politics</option>', form)
    byline = re.search(r'name="author_ids" value="(\d+)" checked', form)
    assert section and byline, form
    created = editor.post(
        "/articles/new",
        {
            "headline": headline,
            "summary": "A smoke test of the server setup.",
            "body": "Every worker sees the same newsroom.",
            "section_id": section.group(1),
            "author_ids": byline.group(1),
            "save": "Save",
        },
    )
    assert created.status_code == 302, created.text
    article_id = int(created.headers["Location"].rstrip("/").split("/")[-2])

    editor.get(f"/articles/{article_id}")
    assert editor.post(f"/articles/{article_id}/transition/submit", {}).status_code == 302
    page = editor.get(f"/articles/{article_id}")
    checker_id = re.search(r'<option value="(\d+)"\s*>Sami Checker</option>', page)
    assert checker_id, page
    sent = editor.post(
        f"/articles/{article_id}/transition/send_to_fact_check",
        {"fact_checker_id": checker_id.group(1)},
    )
    assert sent.status_code == 302, sent.text
    checker = Person(server, "checker@smoke.example")
    checker.get(f"/articles/{article_id}")
    cleared = checker.post(
        f"/articles/{article_id}/transition/clear", {"note": "Checked against the logs."}
    )
    assert cleared.status_code == 302, cleared.text
    editor.get(f"/articles/{article_id}")
    assert editor.post(f"/articles/{article_id}/transition/publish", {}).status_code == 302

    return article_id


def test_four_workers_share_the_sign_in_limit_the_workflow_and_an_unpublish(server: str) -> None:
    # Five wrong passwords for one account, each on a new connection (any worker): the sixth
    # try is refused by the limit counted in Redis, whichever worker gets it.
    statuses = []
    for _ in range(6):
        login = requests.Session()
        form = login.get(f"{server}/login", timeout=10).text
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
        assert csrf
        answer = login.post(
            f"{server}/login",
            data={"csrf_token": csrf.group(1), "email": "guess@smoke.example", "password": "x"},
            headers={"Connection": "close"},
            allow_redirects=False,
            timeout=10,
        )
        statuses.append(answer.status_code)
    assert statuses == [200] * 5 + [429], statuses

    editor = Person(server, "editor@smoke.example")
    article_id = _publish(server, editor, "Four workers agree on one story")

    home = _fresh(server, "GET", "/").text
    slug = re.search(r'href="/news/([^"]+)"[^>]*>Four workers agree', home)
    assert slug, home
    story = f"/news/{slug.group(1)}"
    # Every worker renders and keeps it (the page cache is on), and a browser that has it
    # revalidates for a 304 from any worker...
    assert {_fresh(server, "GET", story).status_code for _ in range(4 * WORKERS)} == {200}
    into_slot = time.time() % MIN_SLOT_SECONDS  # the ETag carries the cache's time slot
    if into_slot > MIN_SLOT_SECONDS - 2:
        time.sleep(MIN_SLOT_SECONDS - into_slot + 0.05)
    etag = _fresh(server, "GET", story).headers["ETag"]
    kept = {"If-None-Match": etag}
    assert {_fresh(server, "GET", story, headers=kept).status_code for _ in range(WORKERS)} == {304}
    editor.get(f"/articles/{article_id}")
    pulled = editor.post(f"/articles/{article_id}/transition/unpublish", {"note": "Legal hold."})
    assert pulled.status_code == 302, pulled.text
    # ...and every worker answers 410 at its very next request, revalidations included.
    assert {_fresh(server, "GET", story).status_code for _ in range(4 * WORKERS)} == {410}
    again = {_fresh(server, "GET", story, headers=kept).status_code for _ in range(4 * WORKERS)}
    assert again == {410}


def test_a_chunked_body_over_the_limit_is_refused_and_the_connection_still_answers(
    server: str,
) -> None:
    # 5 MB sent chunked (no Content-Length) was cut at 2 MB and saved or echoed back in a 422;
    # a second request on the same connection then hung. Now: 413, then the next request answers.
    editor = Person(server, "editor@smoke.example")
    editor.get("/articles/new")
    cookie = "; ".join(f"{c.name}={c.value}" for c in editor.session.cookies)
    piece = b"x" * (64 * 1024)

    def body() -> Iterator[bytes]:
        yield f"csrf_token={editor.token}&save=Save&headline=".encode()
        for _ in range(80):  # 5 MB
            yield piece

    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    try:
        headers = {
            "Cookie": cookie,
            "User-Agent": str(editor.session.headers["User-Agent"]),  # the session is bound to it
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connection.request("POST", "/articles/new", body=body(), headers=headers)
        refused = connection.getresponse()
        page = refused.read()
        assert refused.status == 413, (refused.status, page[:500])
        assert len(page) < 100_000
        if refused.getheader("Connection", "").lower() == "close":
            connection.close()
        connection.request("GET", "/login")
        following = connection.getresponse()
        following.read()
        assert following.status == 200
    finally:
        connection.close()


def test_several_workers_with_memory_rate_limits_are_warned_about(caplog: Any) -> None:
    app = SimpleNamespace(config={"RATELIMIT_STORAGE_URI": "memory://"}, extensions={})
    worker = SimpleNamespace(
        wsgi=app, cfg=SimpleNamespace(workers=4), log=logging.getLogger("gunicorn.error")
    )
    with caplog.at_level("WARNING"):
        gunicorn_conf.post_worker_init(worker)
    assert "each worker counts sign-in attempts on its own" in caplog.text
    assert "lets through 4 times as many guesses" in caplog.text


def test_one_publish_is_exactly_one_delivery(server: str) -> None:
    receiver = Receiver()
    try:
        admin = Person(server, "admin@smoke.example")
        admin.get("/admin/webhooks")
        created = admin.post(
            "/admin/webhooks",
            {"url": receiver.url, "description": "CDN purge", "events": "article.published"},
        )
        assert created.status_code == 201, created.text
        secret = re.search(r'<code id="webhook-secret">([^<]+)</code>', created.text)
        assert secret, created.text
        receiver.secret = secret.group(1)
        endpoint = re.search(r'href="/admin/webhooks/(\d+)"', created.text)
        assert endpoint, created.text

        editor = Person(server, "editor@smoke.example")
        article_id = _publish(server, editor, "One publish, one delivery")
        assert receiver.arrived.wait(timeout=30), "the worker sent nothing"
        time.sleep(1)  # a second delivery, from another worker process, would be here by now
        [got] = receiver.received
        assert got["verified"] and got["body"]["type"] == "article.published"
        assert got["body"]["data"]["id"] == article_id
        # The server is the module's: no later publish is sent to a receiver that is gone.
        admin.get(f"/admin/webhooks/{endpoint.group(1)}")
        removed = admin.post(f"/admin/webhooks/{endpoint.group(1)}/remove", {})
        assert removed.status_code == 302, removed.text
    finally:
        receiver.close()
