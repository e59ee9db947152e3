"""The editor: creating and saving articles, validation, the preview, permissions, the recheck rule.

Everything goes through the test client, as a browser (or a hand-made POST) would.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial import clock
from editorial.extensions import db
from editorial.models import (
    Article,
    ArticleRevision,
    ArticleTransition,
    AuditEvent,
    Role,
    Tag,
    User,
)
from editorial.rendering import render_markdown
from editorial.signals import article_saved
from tests.factories import make_article, make_user, section
from tests.helpers import HX, form_for, fresh, markup_that_runs, refusals_counted

# What could run, typed into a body; nothing of it may run, and every word typed stays readable.
DANGEROUS = [
    "<script>alert(1)</script>Hello",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<p hx-get="/admin" hx-on:click="alert(1)" hx-trigger="load">x</p>',
    "<svg><script>alert(1)</script></svg>",
]


def story_body(html: str) -> str:
    """The rendered body inside `<div class="story-body">` (cleaned HTML has no divs)."""
    found = re.search(r'<div class="story-body"[^>]*>(.*?)</div>', html, re.S)
    assert found, html
    return found.group(1)


def _revisions(article_id: int) -> list[ArticleRevision]:
    return list(
        db.session.scalars(
            select(ArticleRevision)
            .where(ArticleRevision.article_id == article_id)
            .order_by(ArticleRevision.id)
        )
    )


# Creating


def test_a_reporter_creates_a_draft_with_themselves_on_the_byline(
    client_as: Any, reporter: User
) -> None:
    client = client_as(reporter)
    page = client.get("/articles/new")
    assert page.status_code == 200
    assert 'name="headline"' in page.get_data(as_text=True)

    response = client.post(
        "/articles/new",
        data={
            "headline": "Ministers meet over fuel prices",
            "summary": "Talks resume on Monday.",
            "body": "Officials met on **Thursday**.\n\nMore talks are planned.",
            "section_id": str(section("Economy").id),
            "tags": "Fuel, energy, fuel ",
            "source": "Agencies",
            "author_ids": [str(make_user(Role.REPORTER).id)],  # not a reporter's to choose
            "state": "published",
            "save": "Save",
        },
    )
    assert response.status_code == 302
    article = db.session.scalar(select(Article))
    assert response.headers["Location"] == f"/articles/{article.id}/edit"
    assert article.state == "draft"
    assert article.slug == "ministers-meet-over-fuel-prices"
    assert [a.id for a in article.authors] == [reporter.id]
    assert article.created_by_id == reporter.id
    assert article.section.name == "Economy"
    assert sorted(t.name for t in article.tags) == ["Fuel", "energy"]
    assert "<strong>Thursday</strong>" in article.body_html
    assert article.word_count == 8
    assert [r.reason for r in _revisions(article.id)] == ["created"]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "article.created"))
    assert "Draft created" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_same_headline_gets_a_numbered_slug(client_as: Any, reporter: User) -> None:
    client = client_as(reporter)
    for _ in range(3):
        client.post("/articles/new", data={"headline": "Storm hits the coast", "save": "Save"})
    slugs = list(db.session.scalars(select(Article.slug).order_by(Article.id)))
    assert slugs == ["storm-hits-the-coast", "storm-hits-the-coast-2", "storm-hits-the-coast-3"]


def test_a_missing_headline_is_explained_and_nothing_typed_is_lost(
    client_as: Any, reporter: User
) -> None:
    response = client_as(reporter).post(
        "/articles/new",
        data={
            "headline": "  ",
            "summary": "My careful summary",
            "body": "Four paragraphs of work <em>here</em>",
            "tags": "Gaza, Health",
            "save": "Save",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give the article a headline." in html
    assert 'aria-invalid="true"' in html
    assert "My careful summary" in html
    assert "Four paragraphs of work &lt;em&gt;here&lt;/em&gt;" in html
    assert 'value="Gaza, Health"' in html
    assert db.session.scalar(select(func.count(Article.id))) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("section_id", "99999", "Choose a section from the list."),
        ("hero_image_url", "javascript:alert(1)", "starting with https://"),
        ("headline", "x" * 301, "Keep the headline under 300 characters."),
        ("tags", ", ".join(f"tag{n}" for n in range(16)), "Use at most 15 tags."),
    ],
)
def test_invalid_fields_are_refused_beside_the_field(
    client_as: Any, editor: User, field: str, value: str, message: str
) -> None:
    article = make_article("edit")
    response = client_as(editor).post(
        f"/articles/{article.id}/edit", data=form_for(article, body="Kept text", **{field: value})
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert "Kept text" in html
    assert fresh(article.id).version == 1


# Saving


def test_saving_rerenders_the_body_keeps_a_revision_and_sends_a_signal(
    client_as: Any, editor: User
) -> None:
    article = make_article("edit", body="Old text.")
    received: list[dict[str, Any]] = []

    def receiver(sender: Article, **extra: Any) -> None:
        received.append(
            {"article": sender.id, "actor": extra["actor"].id, "version": extra["revision"].version}
        )

    article_saved.connect(receiver)
    try:
        response = client_as(editor).post(
            f"/articles/{article.id}/edit",
            data=form_for(article, body="New *emphatic* text here.", source="Reuters"),
        )
    finally:
        article_saved.disconnect(receiver)
    assert response.status_code == 302
    saved = fresh(article.id)
    assert saved.version == 2
    assert saved.body_html == render_markdown("New *emphatic* text here.")
    assert saved.word_count == 4
    assert saved.source == "Reuters"
    revision = _revisions(article.id)[-1]
    assert (revision.reason, revision.actor_id, revision.version) == ("saved", editor.id, 2)
    assert revision.body == "New *emphatic* text here."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "article.saved"))
    assert event.actor_id == editor.id and set(event.details["fields"]) == {"body", "source"}
    assert received == [{"article": article.id, "actor": editor.id, "version": 2}]


def test_a_save_that_changes_nothing_keeps_no_revision(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    response = client.post(f"/articles/{article.id}/edit", data=form_for(article))
    assert response.status_code == 302
    assert fresh(article.id).version == 1
    assert _revisions(article.id) == []
    assert "Nothing had changed" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_windows_line_endings_are_not_a_change(client_as: Any, editor: User) -> None:
    article = make_article("edit", body="One.\n\nTwo.")
    client_as(editor).post(
        f"/articles/{article.id}/edit", data=form_for(article, body="One.\r\n\r\nTwo.")
    )
    assert fresh(article.id).version == 1


def test_the_slug_follows_the_headline_until_publication(client_as: Any, editor: User) -> None:
    draft = make_article("edit", headline="First try", slug="first-try")
    client = client_as(editor)
    client.post(f"/articles/{draft.id}/edit", data=form_for(draft, headline="Better headline"))
    assert fresh(draft.id).slug == "better-headline"

    published = make_article("published", headline="Settled", slug="settled")
    client.post(
        f"/articles/{published.id}/correct",
        data={**form_for(published, headline="Settled, corrected"), "notice": "Fixed."},
    )
    assert fresh(published.id).headline == "Settled, corrected"
    assert fresh(published.id).slug == "settled"


def test_an_editor_chooses_bylines_in_order(client_as: Any, editor: User) -> None:
    first, second = make_user(Role.REPORTER), make_user(Role.EDITOR)
    article = make_article("edit")
    response = client_as(editor).post(
        f"/articles/{article.id}/edit",
        data=form_for(article, author_ids=[str(second.id), str(first.id)]),
    )
    assert response.status_code == 302
    assert [a.id for a in fresh(article.id).authors] == [second.id, first.id]


@pytest.mark.parametrize("who", ["fact_checker", "inactive", "nobody"])
def test_bylines_only_name_active_writers(client_as: Any, editor: User, who: str) -> None:
    person = {
        "fact_checker": lambda: make_user(Role.FACT_CHECKER).id,
        "inactive": lambda: make_user(Role.REPORTER, active=False).id,
        "nobody": lambda: 99999,
    }[who]()
    article = make_article("edit")
    response = client_as(editor).post(
        f"/articles/{article.id}/edit", data=form_for(article, author_ids=[str(person)])
    )
    assert response.status_code == 422
    assert "Bylines can only name active reporters, editors and admins." in response.get_data(
        as_text=True
    )


def test_an_empty_byline_is_refused(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    byline = [a.id for a in article.authors]
    data = form_for(article, body="Typed before unticking everyone")
    del data["author_ids"]  # every box unticked: the browser sends no author_ids at all
    response = client_as(editor).post(f"/articles/{article.id}/edit", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "An article needs at least one person on the byline." in html
    assert "Typed before unticking everyone" in html
    assert [a.id for a in fresh(article.id).authors] == byline
    assert fresh(article.id).body != "Typed before unticking everyone"


def test_extra_posted_fields_change_nothing(client_as: Any, reporter: User) -> None:
    other = make_user(Role.REPORTER)
    article = make_article("draft", authors=[reporter])
    slug = article.slug
    response = client_as(reporter).post(
        f"/articles/{article.id}/edit",
        data=form_for(
            article,
            body="A real change.",
            state="published",
            published_at="2020-01-01T00:00",
            first_published_at="2020-01-01T00:00",
            author_ids=[str(other.id)],
            created_by_id=str(other.id),
            word_count="9999",
            slug="hijacked",
            editor_id=str(other.id),
            fact_checker_id=str(other.id),
        ),
    )
    assert response.status_code == 302
    saved = fresh(article.id)
    assert saved.body == "A real change."
    assert saved.state == "draft"
    assert saved.published_at is None and saved.first_published_at is None
    assert [a.id for a in saved.authors] == [reporter.id]
    assert saved.created_by_id == reporter.id
    assert saved.word_count == 3
    assert saved.slug == slug
    assert saved.editor_id is None and saved.fact_checker_id is None


def test_a_made_up_version_is_refused_and_changes_nothing(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    response = client_as(reporter).post(
        f"/articles/{article.id}/edit",
        data=form_for(article, version=str(article.version + 5), body="Sneaky"),
    )
    assert response.status_code == 409
    assert fresh(article.id).body != "Sneaky"
    assert fresh(article.id).version == 1


def test_a_reporter_cannot_edit_what_is_not_their_draft(client_as: Any, reporter: User) -> None:
    client = client_as(reporter)
    someone_elses = make_article("draft")
    own_submitted = make_article("edit", authors=[reporter])
    someone_elses_published = make_article("published")
    for article, status in (
        (someone_elses, 404),
        (own_submitted, 403),
        (someone_elses_published, 403),
    ):
        assert client.get(f"/articles/{article.id}/edit").status_code == status
        posted = client.post(f"/articles/{article.id}/edit", data=form_for(article, body="Mine"))
        assert posted.status_code == status
        assert fresh(article.id).body != "Mine"
    assert refusals_counted() == 4  # the 403s; a 404 says nothing, not even to the audit log


def test_a_fact_checker_cannot_write_articles(client_as: Any, fact_checker: User) -> None:
    client = client_as(fact_checker)
    assert client.get("/articles/new").status_code == 403
    assert client.post("/articles/new", data={"headline": "x", "save": "Save"}).status_code == 403
    assert "New article" not in client.get("/desk/").get_data(as_text=True)


def test_published_articles_are_not_edited_but_corrected(client_as: Any, editor: User) -> None:
    article = make_article("published")
    client = client_as(editor)
    assert client.get(f"/articles/{article.id}/edit").status_code == 403
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'href="/articles/{article.id}/correct"' in html
    assert f'href="/articles/{article.id}/edit"' not in html


def test_the_article_page_and_nav_link_to_the_editor(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'href="/articles/{article.id}/edit"' in html
    assert f'href="/articles/{article.id}/revisions"' in html
    assert f'href="/articles/{article.id}/correct"' not in html
    assert 'href="/articles/new"' in html


# The recheck rule


@pytest.mark.parametrize("state", ["ready", "scheduled"])
def test_a_change_after_clearance_goes_back_to_fact_check(
    client_as: Any, editor: User, fact_checker: User, state: str
) -> None:
    with clock.frozen(clock.now()) as frozen:
        publish_at = frozen.tick(hours=1) if state == "scheduled" else None
        frozen.tick(hours=-1)
        writer = make_user(Role.REPORTER)
        article = make_article(
            state, fact_checker_id=fact_checker.id, published_at=publish_at, authors=[writer]
        )
        client = client_as(editor)
        response = client.post(
            f"/articles/{article.id}/edit",
            data=form_for(article, headline="A sharper headline", body="Changed claim."),
        )
    assert response.status_code == 302
    saved = fresh(article.id)
    assert saved.state == "fact_check"
    assert saved.published_at is None
    step = db.session.scalar(select(ArticleTransition))
    assert (step.name, step.from_state, step.to_state) == ("recheck", state, "fact_check")
    assert step.actor_id is None
    assert step.note == "Changed after clearance: headline, body. Saved by Elie Editor."
    reasons = [(r.reason, r.actor_id) for r in _revisions(article.id)]
    assert reasons == [("original", writer.id), ("saved", editor.id), ("transition", None)]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "gone back to fact-check" in page


def test_an_unchanged_save_after_clearance_stays_ready(client_as: Any, editor: User) -> None:
    article = make_article("ready")
    client_as(editor).post(f"/articles/{article.id}/edit", data=form_for(article))
    assert fresh(article.id).state == "ready"
    assert db.session.scalar(select(func.count(ArticleTransition.id))) == 0


# Preview


@pytest.mark.parametrize("body", DANGEROUS)
def test_the_preview_strips_what_could_run(client_as: Any, reporter: User, body: str) -> None:
    response = client_as(reporter).post(
        "/articles/preview", data={"headline": "H", "body": body}, headers=HX
    )
    assert response.status_code == 200
    html = story_body(response.get_data(as_text=True))
    assert markup_that_runs(html) == [], html
    assert html.strip() == render_markdown(body).strip()


@pytest.mark.parametrize("body", DANGEROUS)
def test_a_hand_made_save_stores_only_clean_html(client_as: Any, editor: User, body: str) -> None:
    article = make_article("edit")
    client_as(editor).post(f"/articles/{article.id}/edit", data=form_for(article, body=body))
    stored = fresh(article.id).body_html
    assert stored
    assert markup_that_runs(stored) == [], stored


def test_the_preview_is_exactly_what_the_public_page_shows(
    client_as: Any, editor: User, client: FlaskClient
) -> None:
    body = (
        "## What happened\n\nOfficials *said* on [Thursday](https://example.org/t) that:\n\n"
        "> talks would continue\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<em>raw</em> ~~gone~~"
    )
    article = make_article("ready")
    editor_client = client_as(editor)
    editor_client.post(f"/articles/{article.id}/edit", data=form_for(article, body=body))
    preview = editor_client.post("/articles/preview", data={"body": body}, headers=HX)
    saved = fresh(article.id)
    saved.state = "published"  # as if cleared again and published
    saved.published_at = clock.now()
    db.session.commit()
    public = client.get(f"/news/{saved.slug}")
    assert public.status_code == 200
    assert story_body(preview.get_data(as_text=True)) == story_body(public.get_data(as_text=True))
    assert "<table>" in story_body(public.get_data(as_text=True))


def test_preview_as_fragment_and_as_the_public_page(client_as: Any, reporter: User) -> None:
    """The live preview gets the story; the Preview button gets the public page around it, which
    only this site may frame (the editor's preview dialog), and search engines never keep."""
    client = client_as(reporter)
    data = {"headline": "Quake", "summary": "Sum", "body": " ".join(["word"] * 460)}
    fragment = client.post("/articles/preview", data=data, headers=HX)
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'id="word-count" hx-swap-oob="true">460<' in fragment.get_data(as_text=True)
    assert "2 Min Read" in fragment.get_data(as_text=True)
    assert "frame-ancestors 'none'" in fragment.headers["Content-Security-Policy"]
    response = client.post("/articles/preview", data=data)
    page = response.get_data(as_text=True)
    assert '<body class="public"' in page and 'class="masthead"' in page
    assert '<h1 class="story-title">Quake</h1>' in page and "2 Min Read" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get("/articles/new").headers["X-Frame-Options"] == "DENY"


def test_a_correction_preview_keeps_the_story_s_byline_and_tags(
    client_as: Any, editor: User
) -> None:
    """The correction form holds no byline or tags: the preview reads them from the story."""
    writer = make_user(Role.REPORTER, display_name="Nadia Writer")
    article = make_article("published", authors=[writer], tags=["Ports"])
    html = (
        client_as(editor)
        .post(
            f"/articles/preview?article={article.id}",
            data={"headline": "Corrected", "body": "Words."},
            headers=HX,
        )
        .get_data(as_text=True)
    )
    assert "By <bdi>Nadia Writer</bdi>" in html and editor.display_name not in html
    assert "<span><bdi>Ports</bdi></span>" in html
    someone_elses = make_article("draft")
    refused = client_as(make_user(Role.REPORTER)).post(
        f"/articles/preview?article={someone_elses.id}", data={"body": "x"}, headers=HX
    )
    assert refused.status_code == 404
    for junk in ("9" * 20, "-1", "٣", "x"):  # out of range, negative, not ASCII, not a number
        odd = client_as(editor).post(f"/articles/preview?article={junk}", data={}, headers=HX)
        assert odd.status_code == 404, junk


def test_the_preview_button_without_javascript_saves_nothing(
    client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    response = client_as(reporter).post(
        f"/articles/{article.id}/edit",
        data=form_for(article, body="Draft **in progress**", save=None, preview="Preview"),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<strong>in progress</strong>" in story_body(html)
    assert "Draft **in progress**" in html  # still in the textarea
    assert fresh(article.id).body != "Draft **in progress**"
    assert fresh(article.id).version == 1
    assert _revisions(article.id) == []


def test_word_count_and_read_time_are_on_the_editor(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter], body=" ".join(["word"] * 920))
    html = client_as(reporter).get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert '<span id="word-count">920</span>' in html
    assert "4 Min Read" in html


def test_the_editor_page_carries_no_inline_script(client_as: Any, reporter: User) -> None:
    article = make_article("draft", authors=[reporter], body="<script>x</script>")
    html = client_as(reporter).get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "<script>x</script>" not in html


# Tags


def test_tag_suggestions_complete_the_last_name_typed(client_as: Any, reporter: User) -> None:
    make_article("published", tags=["Iran", "Iraq", "Ireland", "Oil", "100% Renewable"])
    client = client_as(reporter)
    fragment = client.get("/articles/tags", query_string={"q": "Oil, ir"}, headers=HX)
    options = re.findall(r'<option value="([^"]*)">', fragment.get_data(as_text=True))
    assert options == ["Oil, Iran", "Oil, Iraq", "Oil, Ireland"]
    already = client.get("/articles/tags", query_string={"q": "Iran, ir"}, headers=HX)
    assert "Iran, Iran" not in already.get_data(as_text=True)
    wildcard = client.get("/articles/tags", query_string={"q": "%"}, headers=HX)
    assert "<option" not in wildcard.get_data(as_text=True)
    page = client.get("/articles/tags", query_string={"q": "ir"}).get_data(as_text=True)
    assert "<html" in page and "Iran" in page and "Ireland" in page


def test_new_tag_names_are_created_on_save(client_as: Any, editor: User) -> None:
    db.session.add(Tag(name="Oil", slug="oil"))
    db.session.commit()
    article = make_article("edit")
    client_as(editor).post(
        f"/articles/{article.id}/edit", data=form_for(article, tags="oil, Shipping Lanes")
    )
    assert sorted(t.name for t in fresh(article.id).tags) == ["Oil", "Shipping Lanes"]
    assert db.session.scalar(select(func.count(Tag.id))) == 2


def test_tag_suggestions_offer_only_tags_on_articles_i_may_see(
    client_as: Any, reporter: User, editor: User
) -> None:
    colleague = make_user(Role.REPORTER)
    make_article("draft", authors=[colleague], tags=["Merger talks secret"])
    make_article("draft", authors=[reporter], tags=["Mercury levels"])
    make_article("published", tags=["Merchant shipping"])
    make_article("spiked", tags=["Mermaid sighting"])

    def offered(person: User) -> list[str]:
        html = client_as(person).get("/articles/tags", query_string={"q": "mer"}, headers=HX)
        return re.findall(r'<option value="([^"]*)">', html.get_data(as_text=True))

    assert offered(reporter) == ["Merchant shipping", "Mercury levels"]
    assert offered(editor) == [
        "Merchant shipping",
        "Mercury levels",
        "Merger talks secret",
        "Mermaid sighting",
    ]


def test_the_preview_wears_the_public_story_head(client_as: Any, editor: User) -> None:
    """Section, byline, date and tags around the body, from the public page's own partials."""
    from tests.factories import make_article as _make
    from tests.factories import make_user as _user
    from tests.factories import section as _section

    writer = _user("reporter", display_name="Preview Writer")
    article = _make("draft", authors=[writer], tags=["Fuel"])
    client = client_as(editor)
    page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    preview = page[page.index('class="preview-story') :]
    assert 'class="kicker"><bdi>Politics</bdi>' in preview
    assert "By <bdi>Preview Writer</bdi>" in preview
    assert '<ul class="tags" aria-label="Tags"><li><span><bdi>Fuel</bdi></span>' in preview
    economy = _section("Economy")
    typed = client.post(
        "/articles/preview",
        data={
            "headline": "Typed headline",
            "summary": "",
            "body": "Words.",
            "section_id": str(economy.id),
            "author_ids": [str(writer.id), str(editor.id)],
            "tags": "Budget, Budget, Ports",
        },
        headers={"HX-Request": "true"},
    ).get_data(as_text=True)
    assert 'class="kicker"><bdi>Economy</bdi>' in typed and "Typed headline" in typed
    assert f"By <bdi>Preview Writer</bdi>, <bdi>{editor.display_name}</bdi>" in typed
    assert typed.count("<span><bdi>Budget</bdi></span>") == 1
    assert "<span><bdi>Ports</bdi></span>" in typed


@pytest.mark.usefixtures("clock_held_still")
def test_the_editor_s_side_is_drawn_once_and_a_save_or_a_move_shows_at_once(
    client_as: Any, editor: User, reporter: User, drawn: list[str]
) -> None:
    """The preview and the actions beside the form are kept per desk version on the editor's
    GET (with the rest of its content, `articles/_editor.html`); a save, a move, or anyone's
    change to the story shows on the next one, each page with its own CSRF token. The clock is
    held still: the content is kept per minute too, so two loads straddling a minute's end are
    drawn twice by design (it failed so in .ci/run at 29456ce)."""
    article = make_article("draft", authors=[reporter], headline="Port reopens after strike")
    desk = client_as(editor)
    first = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "articles/_editor.html" in drawn
    drawn.clear()
    again = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "articles/_editor.html" not in drawn

    def side(html: str) -> str:
        return html[html.index('<aside class="editor-side"') : html.index("</aside>")]

    token = re.search(r'"X-CSRFToken": "([^"]+)"', again)
    assert token and set(re.findall(r'name="csrf_token" value="([^"]+)"', side(again))) == {
        token.group(1)
    }
    tokenless = re.compile(r'name="csrf_token" value="[^"]+"')  # a token is signed with the time
    assert tokenless.sub("", side(again)) == tokenless.sub("", side(first))

    saved = desk.post(
        f"/articles/{article.id}/edit", data=form_for(article, headline="Port stays shut")
    )
    assert saved.status_code == 302
    assert "Port stays shut" in side(
        desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    )
    moved = client_as(reporter).post(f"/articles/{article.id}/transition/submit", data={"note": ""})
    assert moved.status_code in (200, 302)
    assert db.session.get(Article, article.id).state == "edit"
    page = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "transition/submit" not in side(page) and "transition/submit" in side(again)
