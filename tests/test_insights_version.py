"""Insights' own version (`insights.version`): every write that changes what /insights counts
or names shows on the next load; a write it does not count (a comment, a claim's wording, an
autosave of a story no translation was made from, an embargo) leaves the figures kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from editorial import clock
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, LivePost, Section, User
from editorial.models.breaking import BreakingHeadline
from editorial.models.claims import Claim
from editorial.models.comments import Comment
from editorial.models.history import ArticleRevision, Correction
from editorial.models.planning import ArticleDeadline
from tests.factories import make_article, make_user
from tests.helpers import page_csrf_token
from tests.test_insights import NOW, page

H = timedelta(hours=1)
ADDRESS = "/insights/?period=7"


def figures(html: str) -> str:
    """The page's content: the filter form and the figures, this request's CSRF token masked."""
    content = html[html.index("<form") : html.rindex("</section>")]
    return content.replace(page_csrf_token(html), "CSRF")


def _verdict(n: dict[str, Any]) -> None:
    db.session.scalars(select(Claim).where(Claim.text == "talks")).one().verdict = "verified"


def _new_claim(n: dict[str, Any]) -> None:
    db.session.add(Claim(article_id=n["looped"].id, text="A third claim"))


def _correction(n: dict[str, Any]) -> None:
    db.session.add(Correction(article_id=n["looped"].id, notice="A name.", at=NOW - H))


def _headline(n: dict[str, Any]) -> None:
    db.session.add(
        BreakingHeadline(
            text="Talks end",
            article_id=n["fast"].id,
            created_at=NOW - 27 * H,
            starts_at=NOW - 27 * H,
            ends_at=NOW + H,
        )
    )


def _name(n: dict[str, Any]) -> None:
    db.session.get(User, n["open"].editor_id).display_name = "Renamed Editor"


def _deadline(n: dict[str, Any]) -> None:
    db.session.add(ArticleDeadline(article_id=n["open"].id, stage="edit", due_at=NOW - H))


def _live_post(n: dict[str, Any]) -> None:
    db.session.add(LivePost(article_id=n["fast"].id, body="Update", published_at=NOW - H))


def _section_name(n: dict[str, Any]) -> None:
    db.session.get(Section, n["looped"].section_id).name = "Money"


def _byline(n: dict[str, Any]) -> None:
    db.session.get(Article, n["open"].id).authors = [make_user(display_name="New Byline")]


def _state_by_statement(n: dict[str, Any]) -> None:
    db.session.execute(
        update(Article)
        .where(Article.id == n["open"].id)
        .values(state="ready")
        .execution_options(synchronize_session=False)
    )


COUNTED: dict[str, Callable[[dict[str, Any]], None]] = {
    "a claim's verdict": _verdict,
    "a claim added": _new_claim,
    "a correction": _correction,
    "a breaking headline linked": _headline,
    "a person's name": _name,
    "a planning deadline": _deadline,
    "a live post published": _live_post,
    "a section's name": _section_name,
    "a byline": _byline,
    "a story's state by an UPDATE statement": _state_by_statement,
}


def _comment(n: dict[str, Any]) -> None:
    db.session.add(Comment(article_id=n["open"].id, body="Check the second name", at=NOW))


def _claim_wording(n: dict[str, Any]) -> None:
    db.session.scalars(select(Claim).where(Claim.text == "talks")).one().text = "talks went on"


def _autosave(n: dict[str, Any]) -> None:
    article = db.session.get(Article, n["open"].id)
    article.body = "A new paragraph the writer typed."
    db.session.add(
        ArticleRevision(article_id=article.id, version=article.version, reason="autosaved")
    )


def _embargo(n: dict[str, Any]) -> None:
    db.session.execute(
        update(Article)
        .where(Article.id == n["fast"].id)
        .values(embargo_until=NOW + H)
        .execution_options(synchronize_session=False)
    )


NOT_COUNTED: dict[str, Callable[[dict[str, Any]], None]] = {
    "a comment": _comment,
    "a claim's wording": _claim_wording,
    "an autosave of a story no translation was made from": _autosave,
    "an embargo": _embargo,
}


def _after(
    insights_newsroom: dict[str, Any], client: Any, write: Callable[[dict[str, Any]], None]
) -> tuple[str, str, str]:
    """The page before the write, on the next load after it, and drawn afresh."""
    before = page(client, ADDRESS)
    page(client, ADDRESS)  # kept
    with clock.frozen(NOW):
        write(insights_newsroom)
        db.session.commit()
    after = page(client, ADDRESS)
    fragment_cache().clear()
    fresh = page(client, ADDRESS)
    return figures(before), figures(after), figures(fresh)


@pytest.mark.parametrize("name", list(COUNTED))
def test_a_write_insights_counts_shows_on_the_next_load(
    name: str, insights_newsroom: dict[str, Any], editor: Any, client_as: Any, drawings: list[Any]
) -> None:
    before, after, fresh = _after(insights_newsroom, client_as(editor), COUNTED[name])
    assert after != before, name  # the write changed what the page shows
    assert after == fresh, name
    assert len(drawings) == 3  # the first load, the next, the fresh one


@pytest.mark.parametrize("name", list(NOT_COUNTED))
def test_a_write_insights_does_not_count_leaves_the_figures_kept(
    name: str, insights_newsroom: dict[str, Any], editor: Any, client_as: Any, drawings: list[Any]
) -> None:
    before, after, fresh = _after(insights_newsroom, client_as(editor), NOT_COUNTED[name])
    assert after == before == fresh, name  # it changed nothing the page shows
    assert len(drawings) == 2  # the first load and the fresh one: the next load kept them


def test_a_save_of_a_story_a_translation_was_made_from_shows_it_out_of_date(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any, drawings: list[Any]
) -> None:
    from editorial.site_settings.service import save_settings

    save_settings({"languages": "en,ar"}, actor=None)
    db.session.commit()
    source = insights_newsroom["fast"]
    with clock.frozen(NOW - 25 * H):
        made_from = ArticleRevision(article_id=source.id, version=source.version, reason="saved")
        db.session.add(made_from)
        db.session.commit()
        make_article(
            "published",
            language="ar",
            family_id=source.family_id,
            source_revision_id=made_from.id,
            published_at=NOW - 24 * H,
        )
    client = client_as(editor)
    before = page(client, ADDRESS)
    with clock.frozen(NOW):
        db.session.add(
            ArticleRevision(article_id=source.id, version=source.version, reason="saved")
        )
        db.session.commit()
    after = page(client, ADDRESS)
    assert figures(after) != figures(before)
    fragment_cache().clear()
    assert figures(page(client, ADDRESS)) == figures(after)
