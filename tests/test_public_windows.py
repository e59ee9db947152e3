"""The public pages' kept parts keyed on the site's version and the next moment the clock alone
changes what readers see (`public.windows`), not on the page cache's 5-second slot; writes made
out of a request (a job, a command, a factory) move the site's version too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from editorial import clock
from editorial.articles.transitions.service import apply
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, Role
from editorial.models.reads import record_read
from tests.factories import make_article, make_headline, make_user


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _parts_kept() -> set[Any]:
    return {key for key in fragment_cache()._entries if key[0] == "public"}


def _published(headline: str) -> Article:
    story = make_article("ready", headline=headline)
    apply(story, "publish", make_user(Role.EDITOR))
    db.session.commit()
    return story


def test_the_slot_moving_on_draws_no_part_again(client: FlaskClient, frozen: Any) -> None:
    story = _published("Harbour reopens")
    for url in ("/", f"/news/{story.slug}", "/section/politics"):
        first = page(client, url)
        kept = _parts_kept()
        frozen.tick(seconds=61)
        assert page(client, url) == first
        assert _parts_kept() == kept, url


def test_a_factory_write_shows_on_the_next_page(client: FlaskClient, frozen: Any) -> None:
    """A write out of a request (a factory here; a job or a command alike) moves the site's
    version, so the kept parts never outlive it, even within one time slot."""
    _published("Harbour reopens")
    assert "Bridge collapses" not in page(client, "/")
    make_article("published", headline="Bridge collapses")
    assert "Bridge collapses" in page(client, "/")
    assert "Bridge collapses" in page(client, "/section/politics")


def test_a_scheduled_story_is_on_the_front_from_its_time(client: FlaskClient, frozen: Any) -> None:
    _published("Harbour reopens")
    due = clock.now() + timedelta(minutes=10)
    make_article("scheduled", headline="Budget vote tonight", published_at=due)
    assert "Budget vote tonight" not in page(client, "/")
    frozen.set(due - timedelta(seconds=1))
    assert "Budget vote tonight" not in page(client, "/")
    frozen.set(due)
    assert "Budget vote tonight" in page(client, "/")


def test_an_embargo_lifts_on_every_page_at_its_time(client: FlaskClient, frozen: Any) -> None:
    _published("Harbour reopens")
    lifts = clock.now() + timedelta(minutes=5)
    make_article("published", headline="Merger agreed", embargo_until=lifts)
    assert "Merger agreed" not in page(client, "/")
    frozen.set(lifts)
    assert "Merger agreed" in page(client, "/")


def test_a_headline_leaves_the_ticker_at_its_end(client: FlaskClient, frozen: Any) -> None:
    _published("Harbour reopens")
    starts = clock.now() + timedelta(minutes=1)
    make_headline("Storm warning for the coast", starts=starts, minutes=5)
    assert "Storm warning for the coast" not in page(client, "/")
    frozen.set(starts)
    assert "Storm warning for the coast" in page(client, "/")
    frozen.set(starts + timedelta(minutes=5))
    assert "Storm warning for the coast" not in page(client, "/")


def test_the_most_read_follows_the_slot_while_the_rest_is_kept(
    client: FlaskClient, frozen: Any
) -> None:
    """Readers' visits move no version: the box is kept per slot, apart from the parts."""
    story = _published("Harbour reopens")
    assert "Most read" not in page(client, "/")
    kept = _parts_kept()
    for _ in range(6):
        record_read(story.id, clock.now().date())
    db.session.commit()
    assert "Most read" not in page(client, "/")  # the same slot
    frozen.tick(seconds=5)
    html = page(client, "/")
    assert f'class="most-read-link" href="/news/{story.slug}"' in html
    assert _parts_kept() == kept


def test_the_masthead_date_turns_at_the_newsrooms_midnight(
    client: FlaskClient, frozen: Any
) -> None:
    """The masthead's strip is kept (bench:public3) under the day it shows, in the newsroom's
    zone: a day later every page shows the new date though nothing else changed."""
    from editorial import newsroom
    from editorial.i18n import edition_date

    _published("Harbour reopens")
    with client.application.test_request_context("/"):
        today = edition_date(clock.now(), "long")
        local = clock.to_local(clock.now(), newsroom.zone())
    assert today in page(client, "/")
    # Just past the next local midnight.
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    frozen.tick(seconds=(midnight - local).total_seconds() + 1)
    with client.application.test_request_context("/"):
        tomorrow = edition_date(clock.now(), "long")
    assert tomorrow != today
    shown = page(client, "/")
    assert tomorrow in shown and today not in shown
