"""Live coverage in Chromium (issue 24): an editor posts from the live desk with Ctrl+Enter; a
reader at the top of the story sees the post arrive within a poll; scrolled down, the reader
gets an "N new updates" button instead and the page does not move, and so does a post pinned
while they are down the page; a keyboard user pinning on the desk keeps their place. axe-core
checks the desk and the reader's page at 1366 and 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.models import Article, User
from tests.factories import make_article

pytestmark = pytest.mark.browser


def _seed(live_server: Any, editor_id: int) -> tuple[int, str]:
    """A published story made live, with enough posts for the reader to scroll past."""
    from editorial.live import service

    with live_server.app.app_context():
        editor = db.session.get(User, editor_id)
        article = make_article("published", headline="Summit live: leaders gather")
        story = service.start(article, editor, clock.now())
        for n in range(12):
            service.create_post(
                story,
                editor,
                headline="Delegations arrive" if n == 0 else "",
                body=f"Update {n}: the motorcade passed the square and talks went on.\n\n"
                "Officials said more would follow later in the evening.",
                at=clock.now(),
                key_event=n == 0,
            )
        db.session.commit()
        return article.id, article.slug


def test_an_editor_posts_and_a_reader_follows_without_the_page_jumping(
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    editor = live_user("editor", display_name="Nadia Live-Editor")
    article_id, slug = _seed(live_server, editor.id)

    reader_context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
    reader = reader_context.new_page()
    reader.goto(f"/news/{slug}")
    expect(reader.locator("#live-title")).to_contain_text("Live updates")
    expect(reader.locator(".live-keys")).to_contain_text("Delegations arrive")
    assert_accessible(reader)
    screenshot(reader, "live-reader-1366")

    desk = signed_in_page(editor)
    desk.set_viewport_size({"width": 1366, "height": 900})
    desk.goto(f"/articles/{article_id}/live")
    box = desk.get_by_label("Post (Markdown; Ctrl+Enter sends)")
    box.fill("Leaders shake hands on the steps.")
    box.press("Control+Enter")
    expect(desk.locator("#live-stream .live-post").first).to_contain_text("Leaders shake hands")
    expect(box).to_have_value("")
    assert_accessible(desk)
    screenshot(desk, "live-desk-1366")

    # At the top of the page: the post goes in at once, within a poll.
    expect(reader.locator("#live-posts .live-entry").first).to_contain_text(
        "Leaders shake hands", timeout=10_000
    )

    # Scrolled down into the stream: a button instead, and nothing moves.
    reader.evaluate("document.querySelectorAll('#live-posts .live-entry')[6].scrollIntoView()")
    where = (
        "[window.scrollY,"
        " document.querySelectorAll('#live-posts .live-entry')[6].getBoundingClientRect().top]"
    )
    before = reader.evaluate(where)
    box.fill("Joint statement expected within the hour.")
    box.press("Control+Enter")
    expect(desk.locator("#live-stream .live-post").first).to_contain_text("Joint statement")
    button = reader.get_by_role("button", name="1 new update")
    expect(button).to_be_visible(timeout=10_000)
    assert reader.evaluate(where) == before  # the page did not move under the reader
    expect(reader.locator("#live-posts .live-entry").first).not_to_contain_text("Joint statement")
    screenshot(reader, "live-reader-new-updates")
    button.click()
    expect(reader.locator("#live-posts .live-entry").first).to_contain_text("Joint statement")
    expect(button).to_be_hidden()

    reader.set_viewport_size({"width": 390, "height": 844})
    reader.goto(f"/news/{slug}")
    assert_accessible(reader)
    screenshot(reader, "live-reader-390")
    desk.set_viewport_size({"width": 390, "height": 844})
    desk.goto(f"/articles/{article_id}/live")
    assert_accessible(desk)
    screenshot(desk, "live-desk-390")
    reader_context.close()
    _end(live_server, article_id, editor.id)


def _end(live_server: Any, article_id: int, editor_id: int) -> None:
    """End the coverage: the served site is shared by the run, and other tests' pages should
    not carry this story's LIVE entry."""
    from editorial.live import service
    from editorial.models import LiveStory

    with live_server.app.app_context():
        story = db.session.get(LiveStory, article_id)
        editor = db.session.get(User, editor_id)
        if story is not None and story.is_live and editor is not None:
            service.end(story, editor, clock.now())
            db.session.commit()


def test_a_pinned_post_moves_in_place_on_the_desk_and_for_a_reader(
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    screenshot: Any,
) -> None:
    editor = live_user("editor", display_name="Pia Pin-Editor")
    article_id, slug = _seed(live_server, editor.id)
    reader_context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
    reader = reader_context.new_page()
    reader.goto(f"/news/{slug}")
    expect(reader.locator("#live-pinned")).to_be_hidden()

    desk = signed_in_page(editor)
    desk.set_viewport_size({"width": 1366, "height": 900})
    desk.goto(f"/articles/{article_id}/live")
    desk.evaluate("window.__sameDesk = true")  # gone if the page were reloaded
    post = desk.locator("#live-desk-posts .live-post", has_text="Update 4:")
    post.get_by_role("button", name="Pin").click()
    pinned_box = desk.locator("#live-desk-pinned")
    expect(pinned_box).to_contain_text("Update 4:")
    expect(desk.locator("#live-desk-posts .live-post", has_text="Update 4:")).to_have_count(0)
    assert desk.evaluate("window.__sameDesk === true")
    expect(reader.locator("#live-pinned")).to_contain_text("Update 4:", timeout=10_000)
    expect(reader.locator("#live-posts .live-entry", has_text="Update 4:")).to_have_count(0)
    screenshot(desk, "live-desk-pinned")

    pinned_box.get_by_role("button", name="Unpin").click()
    expect(pinned_box).not_to_contain_text("Update 4:")
    back = desk.locator("#live-desk-posts .live-post", has_text="Update 4:")
    expect(back).to_have_count(1)
    # Back in its place: after update 5, before update 3.
    texts = desk.locator("#live-desk-posts .live-post .live-post-body").all_inner_texts()
    order = [t.split(":")[0] for t in texts if t.startswith("Update ")]
    assert order.index("Update 4") == order.index("Update 5") + 1
    assert desk.evaluate("window.__sameDesk === true")
    expect(reader.locator("#live-pinned")).to_be_hidden(timeout=10_000)
    entries = reader.locator("#live-posts .live-entry .live-entry-body").all_inner_texts()
    assert [t.split(":")[0] for t in entries].index("Update 4") > 0
    reader_context.close()
    _end(live_server, article_id, editor.id)


def test_a_fact_checker_checks_a_held_post_claim_by_claim_on_the_desk(
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    from editorial.live import service

    editor = live_user("editor", display_name="Hana Held-Editor")
    checker = live_user("fact_checker", display_name="Farid Checker")
    article_id, slug = _seed(live_server, editor.id)
    with live_server.app.app_context():
        story = service.story_of(db.session.get(Article, article_id))
        assert story is not None
        service.create_post(
            story,
            db.session.get(User, editor.id),
            body="Officials counted 3,200 ballots before noon.",
            at=clock.now(),
            needs_check=True,
        )
        db.session.commit()
    desk = signed_in_page(checker)
    desk.set_viewport_size({"width": 1366, "height": 900})
    desk.goto(f"/articles/{article_id}/live")
    desk.evaluate("window.__sameDesk = true")
    held = desk.locator("#live-desk-posts .live-post", has_text="3,200 ballots")
    held.get_by_label("Claim (quote the post)").fill("3,200 ballots")
    held.get_by_role("button", name="Add claim").click()
    expect(held.locator(".live-claim")).to_contain_text("Unchecked")
    expect(held).to_contain_text("0 of 1 claims resolved")
    held.get_by_label("Verdict").select_option("verified")
    held.get_by_role("button", name="Save verdict").click()
    expect(held).to_contain_text("1 of 1 claims resolved")
    assert_accessible(desk)
    screenshot(desk, "live-desk-claims")
    held.get_by_role("button", name="Clear check").click()
    expect(held).to_contain_text("Checked by Farid Checker")
    assert desk.evaluate("window.__sameDesk === true")
    _end(live_server, article_id, editor.id)


def test_a_pin_waits_for_a_reader_scrolled_down_and_the_desk_keeps_the_focus(
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    screenshot: Any,
) -> None:
    """A post pinned while the reader is down the page goes into the box above only when they
    ask (the "1 new update" button): the page does not move. An edit above them keeps the post
    they read where it is. On the desk, the focus comes back to the post's Unpin button."""
    from editorial.live import service
    from editorial.models import LivePost

    editor = live_user("editor", display_name="Kai Keyboard-Editor")
    article_id, slug = _seed(live_server, editor.id)
    reader_context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
    reader = reader_context.new_page()
    reader.goto(f"/news/{slug}")
    reader.evaluate("document.querySelectorAll('#live-posts .live-entry')[6].scrollIntoView()")
    where = (
        "[window.scrollY,"
        " document.querySelectorAll('#live-posts .live-entry')[6].getBoundingClientRect().top]"
    )
    before = reader.evaluate(where)

    desk = signed_in_page(editor)
    desk.set_viewport_size({"width": 1366, "height": 900})
    desk.goto(f"/articles/{article_id}/live")
    post = desk.locator("#live-desk-posts .live-post", has_text="Update 10:")
    pin = post.get_by_role("button", name="Pin")
    pin.focus()
    desk.keyboard.press("Enter")
    pinned_box = desk.locator("#live-desk-pinned")
    expect(pinned_box).to_contain_text("Update 10:")
    unpin = pinned_box.get_by_role("button", name="Unpin")
    expect(unpin).to_be_focused()  # the keyboard user's place is kept

    button = reader.get_by_role("button", name="1 new update")
    expect(button).to_be_visible(timeout=10_000)
    assert reader.evaluate(where) == before  # the page did not move under the reader
    expect(reader.locator("#live-pinned")).to_be_hidden()
    screenshot(reader, "live-reader-pin-waits")
    button.click()
    expect(reader.locator("#live-pinned")).to_contain_text("Update 10:")
    expect(reader.locator("#live-posts .live-entry", has_text="Update 10:")).to_have_count(0)
    expect(button).to_be_hidden()

    # Down the page again, a post above the reader grows: what they read stays where it is.
    reader.evaluate("document.querySelectorAll('#live-posts .live-entry')[6].scrollIntoView()")
    top = "document.querySelectorAll('#live-posts .live-entry')[6].getBoundingClientRect().top"
    at = reader.evaluate(top)
    with live_server.app.app_context():
        above = db.session.scalars(
            select(LivePost).where(
                LivePost.article_id == article_id, LivePost.body.like("Update 9:%")
            )
        ).one()
        longer = "\n\n".join(f"Update 9: paragraph {n} of a longer account." for n in range(8))
        editor_row = db.session.get(User, editor.id)
        service.edit(above, editor_row, headline="", body=longer, at=clock.now())
        db.session.commit()
    expect(reader.locator("#live-posts .live-entry", has_text="paragraph 7")).to_have_count(
        1, timeout=10_000
    )
    assert abs(reader.evaluate(top) - at) < 1
    reader_context.close()
    _end(live_server, article_id, editor.id)


def test_a_live_story_with_a_thousand_posts_opens_on_one_page_and_pages_back(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, screenshot: Any
) -> None:
    """The reader's page holds one page of posts however many there are, and "Older updates"
    walks back through the rest (a running war's coverage passes a thousand posts)."""
    from sqlalchemy import insert, update

    from editorial.live import service
    from editorial.live.queries import PAGE_SIZE
    from editorial.models import LivePost, LiveStory

    editor = live_user("editor", display_name="Omar Thousand-Posts")
    with live_server.app.app_context():
        article = make_article("published", headline="Election night live")
        service.start(article, db.session.get(User, editor.id), clock.now())
        start = clock.now()
        rows = [
            {
                "article_id": article.id,
                "headline": f"Update {n}",
                "body": f"Count {n}: the returns from district {n} are in.",
                "body_html": f"<p>Count {n}: the returns from district {n} are in.</p>",
                "author_id": editor.id,
                "created_at": start,
                "updated_at": start,
                "published_at": start,
                "key_event": False,
                "pinned": False,
                "seq": n + 1,
            }
            for n in range(1, 1001)
        ]
        db.session.execute(insert(LivePost), rows)
        db.session.execute(
            update(LiveStory).where(LiveStory.article_id == article.id).values(version=1001)
        )
        db.session.commit()
        article_id, slug = article.id, article.slug

    reader = browser.new_page(base_url=base_url, viewport={"width": 390, "height": 844})
    reader.goto(f"/news/{slug}")
    entries = reader.locator("#live-posts .live-entry")
    expect(entries.first).to_contain_text("Update 1000")
    assert entries.count() == PAGE_SIZE
    screenshot(reader, "live-reader-thousand-posts-390")

    reader.get_by_role("link", name="Older updates").click()
    expect(entries.first).to_contain_text(f"Update {1000 - PAGE_SIZE}")
    assert entries.count() == PAGE_SIZE
    expect(reader.get_by_role("link", name="Latest updates")).to_be_visible()
    reader.close()
    _end(live_server, article_id, editor.id)
