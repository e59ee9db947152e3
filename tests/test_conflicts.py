"""Two people, one article: stale saves answer 409, autosave never wins over a newer save,
and "Being edited by NAME" shows who else has the editor open.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, update

from editorial import clock
from editorial.articles.conflicts import StaleVersion
from editorial.articles.presence.service import STALE_AFTER
from editorial.articles.service import save_article
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, EditorPresence, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX, form_for, fresh

NOON = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)  # 12:00 in Asia/Beirut


def _hidden_version(html: str) -> int:
    found = re.search(r'<input[^>]*id="article-version"[^>]*value="(\d+)"', html)
    assert found, "no version field in the form"
    return int(found.group(1))


def _revision_reasons(article_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(ArticleRevision.reason)
            .where(ArticleRevision.article_id == article_id)
            .order_by(ArticleRevision.id)
        )
    )


# The 409 flow


def test_a_stale_save_is_refused_with_their_change_shown_and_my_text_kept(
    client_as: Any, editor: User
) -> None:
    other = make_user(Role.EDITOR, display_name="Maya Other")
    article = make_article("edit", body="The minister resigned on Monday.\n\nHe gave no reason.")
    mine, theirs = client_as(editor), client_as(other)
    opened_mine = mine.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    opened_theirs = theirs.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert _hidden_version(opened_mine) == _hidden_version(opened_theirs) == 1

    with clock.frozen(NOON):
        saved = theirs.post(
            f"/articles/{article.id}/edit",
            data=form_for(article, body="The minister resigned on Tuesday.\n\nHe gave no reason."),
        )
        assert saved.status_code == 302

    my_text = "The minister resigned on Monday.\n\nHe gave no reason. Aides declined to comment."
    refused = mine.post(
        f"/articles/{article.id}/edit", data=form_for(article, version="1", body=my_text)
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Maya Other saved this article at 12:00 while you were editing." in html
    assert "Aides declined to comment." in html  # my text, still in the form
    assert re.search(r"<del>(<span[^>]*>[^<]*</span>)?Monday", html)
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?Tuesday", html)
    assert _hidden_version(html) == 2  # the form now carries the current version
    assert fresh(article.id).body.endswith("no reason.")  # theirs stands

    again = mine.post(
        f"/articles/{article.id}/edit",
        data=form_for(
            article,
            version="2",
            body=my_text.replace("Monday", "Tuesday"),  # merged
        ),
    )
    assert again.status_code == 302
    merged = fresh(article.id)
    assert merged.body == "The minister resigned on Tuesday.\n\nHe gave no reason. " + (
        "Aides declined to comment."
    )
    assert merged.version == 3
    assert _revision_reasons(article.id) == ["original", "saved", "saved"]


def test_a_save_that_loses_the_race_at_the_update_is_refused(editor: User) -> None:
    article = make_article("edit", body="Original.")
    # Someone else's save lands between our read and our write: the identity map still says 1.
    db.session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(version=2, body="Theirs.")
        .execution_options(synchronize_session=False)
    )
    assert article.version == 1
    with pytest.raises(StaleVersion) as refused:
        save_article(article, editor, {"body": "Mine."}, expected_version=1)
    assert refused.value.status == 409
    assert refused.value.current_version == 2
    db.session.rollback()
    assert fresh(article.id).body == "Original."


def test_a_stale_save_through_the_service_says_what_changed(editor: User) -> None:
    article = make_article("edit", headline="Old headline")
    save_article(article, editor, {"headline": "New headline"}, expected_version=1)
    db.session.commit()
    with pytest.raises(StaleVersion) as refused:
        save_article(article, editor, {"headline": "Mine"}, expected_version=1)
    changed = {diff.name: diff for diff in refused.value.changed}
    assert list(changed) == ["headline"]
    kinds = [(s.kind, s.text) for s in changed["headline"].segments]
    assert kinds == [("delete", "Old"), ("insert", "New"), ("equal", " headline")]


def test_two_simultaneous_saves_from_one_version_give_exactly_one_success(
    client_as: Any,
) -> None:
    article = make_article("edit", body="Base.")
    writers = [make_user(Role.EDITOR) for _ in range(3)]
    clients = [client_as(person) for person in writers]
    data = [form_for(article, version="1", body=f"Version by {p.display_name}") for p in writers]
    url = f"/articles/{article.id}/edit"
    db.session.commit()
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def save(client: Any, form: dict[str, Any]) -> None:
        barrier.wait()
        statuses.append(client.post(url, data=form).status_code)

    threads = [threading.Thread(target=save, args=pair) for pair in zip(clients, data, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 409, 409]
    assert fresh(article.id).version == 2
    assert _revision_reasons(article.id).count("saved") == 1


# Autosave


def test_autosave_saves_a_draft_and_moves_the_form_version_on(
    client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    first = client.post(
        f"/articles/{article.id}/autosave", data=form_for(article, body="Typing..."), headers=HX
    )
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "Saved automatically at" in html
    assert '<input type="hidden" id="article-version" name="version" value="2" hx-swap-oob' in html
    second = client.post(
        f"/articles/{article.id}/autosave",
        data=form_for(article, version="2", body="Typing more..."),
        headers=HX,
    )
    assert second.status_code == 200
    assert fresh(article.id).body == "Typing more..."
    assert fresh(article.id).version == 3
    # One working-copy revision for the run of autosaves, not one per pause.
    assert _revision_reasons(article.id) == ["original", "autosaved"]


def test_autosave_never_overwrites_a_newer_save(client_as: Any, reporter: User) -> None:
    editor = make_user(Role.EDITOR, display_name="Elie Desk")
    article = make_article("draft", authors=[reporter], body="Draft one.")
    writer, desk = client_as(reporter), client_as(editor)
    assert (
        desk.post(
            f"/articles/{article.id}/edit", data=form_for(article, body="Editor's fix.")
        ).status_code
        == 302
    )

    stale = writer.post(
        f"/articles/{article.id}/autosave",
        data=form_for(article, version="1", body="Reporter keeps typing."),
        headers=HX,
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert stale.headers["HX-Reswap"] == "outerHTML"
    assert "Elie Desk saved this article" in html
    assert "Autosave has stopped" in html
    assert "hx-post" not in html  # the replacement element has no trigger: autosave stops
    assert fresh(article.id).body == "Editor's fix."
    assert fresh(article.id).version == 2


def test_my_own_autosave_in_flight_does_not_block_my_save(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    client.post(f"/articles/{article.id}/autosave", data=form_for(article, body="Half"), headers=HX)
    # The Save was sent before the autosave's answer arrived: it still says version 1.
    saved = client.post(
        f"/articles/{article.id}/edit", data=form_for(article, version="1", body="Whole thing")
    )
    assert saved.status_code == 302
    assert fresh(article.id).body == "Whole thing"
    assert _revision_reasons(article.id) == ["original", "autosaved", "saved"]


def _bodies_kept(article_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(ArticleRevision.body).where(ArticleRevision.article_id == article_id)
        )
    )


@pytest.mark.parametrize("second_tab_does", ["autosave", "save"])
def test_my_second_tab_conflicts_with_my_first(
    client_as: Any, reporter: User, second_tab_does: str
) -> None:
    """Two editor pages of one person at the same version: the second never erases the first."""
    article = make_article("draft", authors=[reporter], body="Original.")
    me = client_as(reporter)
    tab1 = form_for(article, editing="tab-1", body="Tab one's paragraph.")
    tab2 = form_for(article, editing="tab-2", body="Tab two's paragraph.")
    first = me.post(f"/articles/{article.id}/autosave", data=tab1, headers=HX)
    assert first.status_code == 200 and "Saved automatically" in first.get_data(as_text=True)
    if second_tab_does == "autosave":
        second = me.post(f"/articles/{article.id}/autosave", data=tab2, headers=HX)
    else:
        second = me.post(f"/articles/{article.id}/edit", data=tab2)
    assert second.status_code == 409
    assert "You saved this article at" in second.get_data(as_text=True)
    assert "another tab or window" in second.get_data(as_text=True)
    assert fresh(article.id).body == "Tab one's paragraph."
    assert "Tab one's paragraph." in _bodies_kept(article.id)


def test_an_autosave_from_another_page_never_overwrites_a_revision_in_place(
    client_as: Any, reporter: User
) -> None:
    """Tab 2 reloads after tab 1's autosave (so it is not stale): its autosaves start a new row."""
    article = make_article("draft", authors=[reporter], body="Original.")
    me = client_as(reporter)
    tab1 = form_for(article, editing="tab-1", body="Tab one's paragraph.")
    assert me.post(f"/articles/{article.id}/autosave", data=tab1, headers=HX).status_code == 200
    tab2 = form_for(fresh(article.id), editing="tab-2", body="Tab two, from scratch.")
    assert me.post(f"/articles/{article.id}/autosave", data=tab2, headers=HX).status_code == 200
    assert {"Tab one's paragraph.", "Tab two, from scratch."} <= set(_bodies_kept(article.id))


def test_autosave_is_for_drafts_only(client_as: Any, editor: User) -> None:
    article = make_article("edit", body="Under edit.")
    response = client_as(editor).post(
        f"/articles/{article.id}/autosave", data=form_for(article, body="Auto?"), headers=HX
    )
    assert response.status_code == 200
    assert "Only drafts are saved automatically" in response.get_data(as_text=True)
    assert "hx-post" not in response.get_data(as_text=True)
    assert fresh(article.id).body == "Under edit."


def test_autosave_stops_when_the_article_moved_out_of_reach(client_as: Any, reporter: User) -> None:
    article = make_article("edit", authors=[reporter], body="Submitted text.")
    client = client_as(reporter)
    response = client.post(
        f"/articles/{article.id}/autosave", data=form_for(article, body="Late typing"), headers=HX
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Autosave stopped: the article is in Edit now" in html
    assert "hx-post" not in html
    assert fresh(article.id).body == "Submitted text."
    without_htmx = client.post(
        f"/articles/{article.id}/autosave", data=form_for(article, body="Late typing")
    )
    assert without_htmx.status_code == 403


def test_autosave_with_a_missing_headline_waits(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    response = client_as(reporter).post(
        f"/articles/{article.id}/autosave", data=form_for(article, headline=""), headers=HX
    )
    assert response.status_code == 422
    assert "Not saved automatically: Give the article a headline." in response.get_data(
        as_text=True
    )
    assert fresh(article.id).version == 1


def test_autosave_without_htmx_is_a_plain_save(
    client_as: Any, reporter: User, editor: User
) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    response = client.post(f"/articles/{article.id}/autosave", data=form_for(article, body="B"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/articles/{article.id}/edit"
    client_as(editor).post(f"/articles/{article.id}/edit", data=form_for(article, body="E"))
    stale = client.post(
        f"/articles/{article.id}/autosave", data=form_for(article, version="2", body="C")
    )
    assert stale.status_code == 409
    assert "<html" in stale.get_data(as_text=True)
    assert "Elie Editor saved this article" in stale.get_data(as_text=True)
    assert fresh(article.id).body == "E"


def test_the_conflict_page_pauses_autosave(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    client.post(f"/articles/{article.id}/edit", data=form_for(article, body="Saved elsewhere"))
    html = client.post(
        f"/articles/{article.id}/edit", data=form_for(article, version="1", body="Here")
    ).get_data(as_text=True)
    assert "Autosave is paused until you save." in html
    assert f'hx-post="/articles/{article.id}/autosave"' not in html
    fresh_page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert f'hx-post="/articles/{article.id}/autosave"' in fresh_page


# Presence


def test_being_edited_by_shows_to_others_and_goes_stale_after_a_minute(
    client_as: Any, reporter: User, editor: User
) -> None:
    article = make_article("draft", authors=[reporter])
    writer, desk = client_as(reporter), client_as(editor)
    url = f"/articles/{article.id}/presence"
    with clock.frozen(NOON) as frozen:
        beat = writer.post(url, headers=HX)
        assert beat.status_code == 200
        assert "Being edited by" not in beat.get_data(as_text=True)  # never yourself

        seen = desk.get(url, headers=HX).get_data(as_text=True)
        assert "Being edited by Rana Reporter" in seen
        assert "<html" not in seen
        page = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
        assert "Being edited by Rana Reporter" in page
        assert desk.get(url).get_data(as_text=True).count("<html") == 1  # the page rendering

        desk.post(url, headers=HX)
        assert "Being edited by Elie Editor" in writer.post(url, headers=HX).get_data(as_text=True)

        frozen.tick(seconds=STALE_AFTER.total_seconds() - 1)
        assert "Rana Reporter" in desk.get(url, headers=HX).get_data(as_text=True)
        frozen.tick(seconds=2)
        assert "Being edited by" not in desk.get(url, headers=HX).get_data(as_text=True)


def test_heartbeats_upsert_one_row_and_leaving_removes_it(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    url = f"/articles/{article.id}/presence"
    for _ in range(3):
        assert client.post(url, headers=HX).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(EditorPresence)) == 1
    assert client.post(url, data={"leaving": "1"}).status_code == 204
    assert db.session.scalar(select(func.count()).select_from(EditorPresence)) == 0
    without_htmx = client.post(url)
    assert without_htmx.status_code == 302
    assert without_htmx.headers["Location"] == f"/articles/{article.id}/edit"


def test_once_the_story_moves_on_its_former_writer_is_no_longer_editing(
    client_as: Any, reporter: User, editor: User
) -> None:
    """Moved past what they may edit (by anyone), the writer has left the editor: the notice
    drops them at once, and their leaving beacon still ends their row."""
    article = make_article("draft", authors=[reporter])
    writer, desk = client_as(reporter), client_as(editor)
    url = f"/articles/{article.id}/presence"
    writer.post(url, headers=HX)
    assert "Being edited by Rana Reporter" in desk.get(url, headers=HX).get_data(as_text=True)
    moved = desk.post(f"/articles/{article.id}/transition/submit", data={"note": ""})
    assert moved.status_code == 302
    assert "Being edited by" not in desk.get(url, headers=HX).get_data(as_text=True)
    assert writer.post(url, data={"leaving": "1"}).status_code == 204
    assert db.session.scalar(select(func.count()).select_from(EditorPresence)) == 0


def test_someone_who_cannot_edit_is_never_shown_as_editing(
    client_as: Any, fact_checker: User
) -> None:
    article = make_article("fact_check")
    response = client_as(fact_checker).post(f"/articles/{article.id}/presence", headers=HX)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(EditorPresence)) == 0


def test_presence_of_an_article_you_cannot_see_is_404(client_as: Any, reporter: User) -> None:
    article = make_article("draft")
    client = client_as(reporter)
    assert client.get(f"/articles/{article.id}/presence", headers=HX).status_code == 404
    assert client.post(f"/articles/{article.id}/presence", headers=HX).status_code == 404
