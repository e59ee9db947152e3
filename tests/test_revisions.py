"""Revisions (listed, compared word by word, restored) and corrections of published articles."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from editorial.articles.transitions.service import Request, apply
from editorial.diff import DELETE, EQUAL, INSERT, compare, condense, tokenize, word_diff
from editorial.extensions import db
from editorial.models import ArticleRevision, AuditEvent, Correction, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX, form_for, fresh


def _revisions(article_id: int) -> list[ArticleRevision]:
    return list(
        db.session.scalars(
            select(ArticleRevision)
            .where(ArticleRevision.article_id == article_id)
            .order_by(ArticleRevision.id)
        )
    )


def _write_three_versions(client: FlaskClient, article_id: int) -> None:
    article = fresh(article_id)
    for number, body in enumerate(
        ["The vote was on Monday.", "The vote was held on Tuesday.", "The vote is delayed."],
        start=1,
    ):
        response = client.post(
            f"/articles/{article_id}/edit",
            data=form_for(article, version=str(number), body=body),
        )
        assert response.status_code == 302, response.get_data(as_text=True)


# The word diff itself


def test_word_diff_marks_insertions_and_deletions_readably() -> None:
    segments = word_diff("The quick brown fox jumps.", "A slow red fox jumps!")
    assert [(s.kind, s.text) for s in segments] == [
        (DELETE, "The quick brown"),
        (INSERT, "A slow red"),
        (EQUAL, " fox jumps"),
        (DELETE, "."),
        (INSERT, "!"),
    ]


def test_word_diff_keeps_unchanged_paragraphs_whole() -> None:
    old = "First paragraph stays.\n\nSecond one changes here.\n\nThird stays too.\n"
    new = "First paragraph stays.\n\nSecond one changed here.\n\nThird stays too.\n"
    assert [(s.kind, s.text) for s in word_diff(old, new)] == [
        (EQUAL, "First paragraph stays.\n\nSecond one "),
        (DELETE, "changes"),
        (INSERT, "changed"),
        (EQUAL, " here.\n\nThird stays too.\n"),
    ]


text = st.text(alphabet=st.sampled_from(list("ab cd.\n,'’-é")), max_size=60)


@given(old=text, new=text)
def test_word_diff_rebuilds_both_versions(old: str, new: str) -> None:
    segments = word_diff(old, new)
    assert "".join(s.text for s in segments if s.kind != INSERT) == old
    assert "".join(s.text for s in segments if s.kind != DELETE) == new
    assert "".join(tokenize(old)) == old


def test_condense_shortens_long_unchanged_stretches_only() -> None:
    old = "word " * 300 + "before " + "tail " * 300
    new = "word " * 300 + "after " + "tail " * 300
    condensed = condense(word_diff(old, new))
    assert sum(len(s.text) for s in condensed) < 500
    assert any(s.elided for s in condensed)
    assert [s.text for s in condensed if s.kind != EQUAL] == ["before", "after"]
    unchanged = word_diff("same " * 300, "same " * 300)
    assert condense(unchanged) == unchanged


def test_compare_covers_every_field() -> None:
    old = {"headline": "A", "tags": ["Oil"], "authors": ["Rana"], "section": "Economy"}
    new = {"headline": "A", "tags": ["Oil", "Gas"], "authors": ["Rana"], "section": "Politics"}
    changed = [d.name for d in compare(old, new) if d.changed]
    assert changed == ["section", "tags"]


# The history panel


def test_every_save_keeps_a_revision_listed_with_who_when_why(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _write_three_versions(client, article.id)
    assert [r.reason for r in _revisions(article.id)] == ["original", "saved", "saved", "saved"]
    page = client.get(f"/articles/{article.id}/revisions")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<html" in html and "<h1>History</h1>" in html
    assert html.count("Elie Editor") >= 3
    assert html.count('name="a"') == html.count('name="b"') == 4
    assert f'action="/articles/{article.id}/revisions/compare"' in html
    fragment = client.get(f"/articles/{article.id}/revisions", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and 'class="revisions"' in fragment


def test_history_says_between_which_states_a_story_moved(
    client_as: Any, reporter: User, editor: User
) -> None:
    """Issue 20, item 22: each move's line names its two states, not only "Moved"."""
    article = make_article("draft", authors=[reporter])
    apply(article, "submit", reporter, Request())
    apply(article, "return", editor, Request(note="More sources."))
    apply(article, "submit", reporter, Request())
    db.session.commit()
    html = client_as(editor).get(f"/articles/{article.id}/revisions").get_data(as_text=True)
    moves = re.findall(r'class="badge reason-transition">([^<]*)<', html)
    assert moves == [
        "Moved from Draft to Edit",
        "Moved from Edit to Draft",
        "Moved from Draft to Edit",
    ]
    kept = [r for r in _revisions(article.id) if r.reason == "transition"]
    compared = client_as(editor).get(
        f"/articles/{article.id}/revisions/compare",
        query_string={"a": kept[0].id, "b": kept[1].id},
    )
    said = compared.get_data(as_text=True)
    assert "(moved from Draft to Edit by" in said and "(moved from Edit to Draft by" in said


def test_compare_two_revisions_word_by_word(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _write_three_versions(client, article.id)
    _, monday, tuesday, _ = _revisions(article.id)
    url = f"/articles/{article.id}/revisions/compare"
    page = client.get(url, query_string={"a": monday.id, "b": tuesday.id})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html
    assert re.search(r"<del>(<span[^>]*>[^<]*</span>)?Monday", html)
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?held", html)
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?Tuesday", html)
    fragment = client.get(url, query_string={"a": monday.id, "b": tuesday.id}, headers=HX)
    assert "<html" not in fragment.get_data(as_text=True)
    assert "<ins>" in fragment.get_data(as_text=True)


def test_the_diff_escapes_what_writers_typed(client_as: Any, editor: User) -> None:
    article = make_article("edit", body="Plain.")
    client = client_as(editor)
    hostile = 'Plain. <img src=x onerror="alert(1)"><script>alert(2)</script>'
    client.post(f"/articles/{article.id}/edit", data=form_for(article, body=hostile))
    original, saved = _revisions(article.id)
    html = client.get(
        f"/articles/{article.id}/revisions/compare", query_string={"a": original.id, "b": saved.id}
    ).get_data(as_text=True)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<script>alert(2)" not in html
    assert "<img src=x" not in html


def test_compare_refuses_bad_and_foreign_ids(client_as: Any, editor: User, reporter: User) -> None:
    article, other = make_article("edit"), make_article("edit")
    client = client_as(editor)
    client.post(f"/articles/{other.id}/edit", data=form_for(other, body="Changed"))
    foreign = _revisions(other.id)[0]
    url = f"/articles/{article.id}/revisions/compare"
    assert client.get(url, query_string={"a": foreign.id, "b": foreign.id}).status_code == 404
    assert client.get(url, query_string={"a": "x", "b": "1"}).status_code == 400
    assert client.get(url).status_code == 400
    outsider = client_as(reporter)
    assert outsider.get(f"/articles/{article.id}/revisions").status_code == 404


def test_an_editor_restores_an_old_revision_as_a_new_one(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _write_three_versions(client, article.id)
    monday = _revisions(article.id)[1]
    response = client.post(
        f"/articles/{article.id}/revisions/{monday.id}/restore", data={"version": "4"}
    )
    assert response.status_code == 302
    restored = fresh(article.id)
    assert restored.body == "The vote was on Monday."
    assert restored.body_html == "<p>The vote was on Monday.</p>\n"
    assert restored.version == 5
    revisions = _revisions(article.id)
    assert len(revisions) == 5  # nothing deleted
    assert (revisions[-1].reason, revisions[-1].actor_id) == ("restored", editor.id)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "article.revision_restored")
    )
    assert event.details["from_version"] == 2
    assert "Restored version 2" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_restore_from_a_stale_page_is_refused(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _write_three_versions(client, article.id)
    monday = _revisions(article.id)[1]
    response = client.post(
        f"/articles/{article.id}/revisions/{monday.id}/restore", data={"version": "2"}
    )
    assert response.status_code == 409
    assert "You saved this article" in response.get_data(as_text=True)
    assert fresh(article.id).body == "The vote is delayed."


def test_reporters_cannot_restore(client_as: Any, reporter: User, editor: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    client.post(f"/articles/{article.id}/edit", data=form_for(article, body="Second"))
    first = _revisions(article.id)[0]
    html = client.get(f"/articles/{article.id}/revisions").get_data(as_text=True)
    assert "/restore" not in html
    response = client.post(
        f"/articles/{article.id}/revisions/{first.id}/restore", data={"version": "2"}
    )
    assert response.status_code == 403
    assert fresh(article.id).body == "Second"
    assert "/restore" in client_as(editor).get(f"/articles/{article.id}/revisions").get_data(
        as_text=True
    )


# Corrections


def test_an_editor_corrects_a_published_article_with_a_public_notice(
    client_as: Any, editor: User, client: FlaskClient
) -> None:
    article = make_article("published", body="The bridge opened in 1998.", slug="bridge")
    desk = client_as(editor)
    page = desk.get(f"/articles/{article.id}/correct")
    assert page.status_code == 200 and "Correction notice" in page.get_data(as_text=True)
    response = desk.post(
        f"/articles/{article.id}/correct",
        data={
            **form_for(article, body="The bridge opened in 1989."),
            "notice": "An earlier version gave the wrong year for the bridge's opening.",
        },
    )
    assert response.status_code == 302
    corrected = fresh(article.id)
    assert corrected.state == "published"
    assert corrected.slug == "bridge"
    assert corrected.body_html == "<p>The bridge opened in 1989.</p>\n"
    notice = db.session.scalar(select(Correction))
    assert notice.notice.startswith("An earlier version gave the wrong year")
    assert notice.actor_id == editor.id
    revision = _revisions(article.id)[-1]
    assert (revision.reason, revision.body) == ("corrected", "The bridge opened in 1989.")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "article.corrected"))
    assert event.details["notice"] == notice.notice and event.details["fields"] == ["body"]
    public = client.get("/news/bridge").get_data(as_text=True)
    assert "1989" in public and "1998" not in public
    assert "wrong year for the bridge" in public


def test_a_correction_needs_a_notice_and_a_change(client_as: Any, editor: User) -> None:
    article = make_article("published", body="Text.")
    desk = client_as(editor)
    no_notice = desk.post(
        f"/articles/{article.id}/correct",
        data={**form_for(article, body="Typed correction"), "notice": " "},
    )
    assert no_notice.status_code == 422
    html = no_notice.get_data(as_text=True)
    assert "Write the correction notice readers will see." in html
    assert "Typed correction" in html
    no_change = desk.post(
        f"/articles/{article.id}/correct", data={**form_for(article), "notice": "Fixed."}
    )
    assert no_change.status_code == 422
    assert "Nothing in the article changed" in no_change.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Correction.id))) == 0
    assert fresh(article.id).body == "Text."


def test_only_editors_correct_and_only_published_articles(
    client_as: Any, reporter: User, editor: User
) -> None:
    published = make_article("published", authors=[reporter])
    data = {**form_for(published, body="Changed"), "notice": "A notice."}
    assert client_as(reporter).post(f"/articles/{published.id}/correct", data=data).status_code == (
        403
    )
    draft = make_article("edit")
    desk = client_as(editor)
    assert desk.get(f"/articles/{draft.id}/correct").status_code == 403
    assert desk.post(f"/articles/{draft.id}/correct", data=data).status_code == 403
    assert db.session.scalar(select(func.count(Correction.id))) == 0


def test_a_stale_correction_is_refused_with_the_text_kept(client_as: Any, editor: User) -> None:
    other = make_user(Role.ADMIN, display_name="Aya Admin")
    article = make_article("published", body="Original.")
    client_as(other).post(
        f"/articles/{article.id}/correct",
        data={**form_for(article, body="First fix."), "notice": "First notice."},
    )
    response = client_as(editor).post(
        f"/articles/{article.id}/correct",
        data={**form_for(article, version="1", body="Second fix."), "notice": "Second notice."},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Aya Admin corrected this article" in html
    assert "Second fix." in html and "Second notice." in html
    assert db.session.scalar(select(func.count(Correction.id))) == 1
