"""The poll gate's kept pages (`editorial.fast_pages`): a reader's page the page cache keeps is
sent before Flask runs, header for header and byte for byte as Flask sends it, and never where
Flask would send anything else."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from editorial import clock, page_cache
from editorial.database import counted_statements
from editorial.models import Role
from tests.factories import make_article, make_user
from tests.helpers import HX, flask_answers, flask_only, sign_in


@pytest.fixture
def keeping(make_app: Any, clock_held_still: None) -> Iterator[tuple[Flask, list[str]]]:
    """An app whose page cache keeps readers' pages, and the addresses Flask itself answered."""
    application = make_app(PUBLIC_PAGE_CACHE_SECONDS=30)
    with flask_answers(application) as calls, application.app_context():
        yield application, calls


ENCODINGS = (None, "gzip", "br", "gzip, deflate, br", "identity", "gzip;q=0")


def test_a_kept_page_is_sent_before_flask_as_flask_sends_it(
    keeping: tuple[Flask, list[str]],
) -> None:
    """Header for header, in order, and byte for byte, whatever the browser accepts."""
    app, flask_calls = keeping
    article = make_article("published", published_at=clock.now())
    reader = app.test_client()
    for url in (f"/news/{article.slug}", "/", f"/news/{article.slug}?page=1"):
        assert reader.get(url).status_code == 200  # rendered by Flask, kept
        for accepted in ENCODINGS:
            headers = {"Accept-Encoding": accepted} if accepted else {}
            flask_calls.clear()
            fast = reader.get(url, headers=headers)
            assert (fast.status_code, flask_calls) == (200, []), (url, accepted)
            slow = flask_only(app, lambda: reader.get(url, headers=headers))  # noqa: B023
            assert slow.status_code == 200
            assert list(fast.headers.items()) == list(slow.headers.items()), (url, accepted)
            assert fast.data == slow.data, (url, accepted)
            if accepted == "gzip":
                assert fast.headers["Content-Encoding"] == "gzip"  # compressed, not sent plain


def test_a_kept_page_the_gate_must_not_send_is_flasks(keeping: tuple[Flask, list[str]]) -> None:
    """Not kept yet, a HEAD, an htmx request, a signed-in reader, a page unpublished meanwhile
    (the site's version moved on, so its kept copy is no longer found): Flask answers."""
    app, flask_calls = keeping
    article = make_article("published", published_at=clock.now())
    url = f"/news/{article.slug}"
    reader = app.test_client()
    assert reader.get(url).status_code == 200
    assert flask_calls == [url]  # a miss
    flask_calls.clear()
    assert reader.head(url).status_code == 200
    assert reader.get(url, headers=HX).status_code == 200
    desk = sign_in(app.test_client(), make_user(Role.EDITOR))
    flask_calls.pop()  # the sign-in
    assert desk.get(url).status_code == 200
    assert flask_calls == [url, url, url]
    killed = desk.post(f"/articles/{article.id}/transition/unpublish", data={"note": "Legal"})
    assert killed.status_code in (200, 302, 303), killed.status_code
    flask_calls.clear()
    assert reader.get(url).status_code == 410
    assert flask_calls == [url]


def test_a_kept_page_with_a_header_flasks_hooks_would_merge_is_flasks(
    keeping: tuple[Flask, list[str]],
) -> None:
    """A kept page that already says `Vary` (Flask's hooks would merge theirs into it) is sent
    by Flask, so the gate never guesses how the merge comes out."""
    app, flask_calls = keeping
    article = make_article("published", published_at=clock.now())
    url = f"/news/{article.slug}"
    reader = app.test_client()
    assert reader.get(url).status_code == 200
    cache = app.extensions[page_cache.CACHE]
    ((key, entry),) = cache._entries.items()
    cache.put(key, replace(entry, headers=[*entry.headers, ("Vary", "Accept-Language")]))
    flask_calls.clear()
    answer = reader.get(url)
    assert (answer.status_code, flask_calls) == (200, [url])
    assert answer.headers["Vary"] == "Accept-Language, HX-Request, Accept-Encoding, Cookie"


def test_a_kept_page_and_its_304_read_only_the_site_version_in_no_transaction(
    keeping: tuple[Flask, list[str]],
) -> None:
    """All the gate asks of the database for a reader's kept page or 304 is the site's version:
    one statement on a pooled connection, no BEGIN (a transaction through SQLAlchemy cost more
    than the rest of the hit together)."""
    app, flask_calls = keeping
    article = make_article("published", published_at=clock.now())
    url = f"/news/{article.slug}"
    reader = app.test_client()
    etag = reader.get(url).headers["ETag"]
    for headers in ({}, {"If-None-Match": etag}):
        flask_calls.clear()
        with counted_statements(app) as statements:
            answer = reader.get(url, headers=headers)
        assert (answer.status_code, flask_calls) == (304 if headers else 200, [])
        assert len(statements) == 1 and "FROM site_version" in statements[0], statements
