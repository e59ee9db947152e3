"""The taxonomy admin: sections, regions and tags created, renamed (old addresses answer 301),
reordered, retired and restored, deleted when unused, tags merged; every change audited and on
the public site at the next request."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import Article, AuditEvent, Region, Role, Section, Tag, User
from tests.factories import make_article, make_user, section
from tests.helpers import HX, form_for, fresh, sign_in


@pytest.fixture
def admin_client(app: Flask, admin: User) -> FlaskClient:
    return sign_in(app.test_client(), admin)


def _region(name: str) -> Region:
    found = db.session.scalar(select(Region).where(Region.name == name))
    assert found is not None
    return found


def _audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _menu(html: str, label: str) -> list[str]:
    """The link texts of the public page's navigation called `label`."""
    block = re.search(rf'<nav class="sitenav[^"]*" aria-label="{label}">(.*?)</nav>', html, re.S)
    assert block, label
    return re.findall(r">(?:<bdi>)?([^<>]+)(?:</bdi>)?</a></li>", block.group(1))


# --- Renaming and old addresses ---------------------------------------------------------------


def test_a_rename_keeps_the_address_unless_it_is_changed(
    app: Flask, admin_client: FlaskClient
) -> None:
    politics = section("Politics")
    make_article("published", headline="Parliament sits late", section=politics)
    response = admin_client.post(
        f"/admin/taxonomy/sections/{politics.id}",
        data={"name": "Politics and Power", "slug": "politics", "group": "News"},
    )
    assert response.status_code == 302
    reader = app.test_client()
    page = reader.get("/section/politics")
    assert page.status_code == 200
    assert "Politics and Power" in page.get_data(as_text=True)
    assert _audited("section.renamed")[0].details["name"]["new"] == "Politics and Power"


@pytest.mark.parametrize(
    ("kind", "public", "name"),
    [("sections", "section", "Economy"), ("regions", "region", "Europe")],
)
def test_an_old_address_answers_301_to_the_new_one(
    app: Flask, admin_client: FlaskClient, kind: str, public: str, name: str
) -> None:
    model = Section if kind == "sections" else Region
    term = db.session.scalar(select(model).where(model.name == name))
    assert term is not None
    old = term.slug
    admin_client.post(
        f"/admin/taxonomy/{kind}/{term.id}", data={"name": name, "slug": f"{old}-desk"}
    )
    reader = app.test_client()
    moved = reader.get(f"/{public}/{old}?page=2")
    assert moved.status_code == 301
    assert moved.headers["Location"] == f"/{public}/{old}-desk?page=2"
    assert reader.get(f"/{public}/{old}-desk").status_code == 200
    assert reader.get(f"/{public}/never-was").status_code == 404


def test_renaming_back_takes_the_old_address_again_without_a_loop(
    app: Flask, admin_client: FlaskClient
) -> None:
    sports = section("Sports")
    url = f"/admin/taxonomy/sections/{sports.id}"
    admin_client.post(url, data={"name": "Sport", "slug": "sport", "group": "News"})
    admin_client.post(url, data={"name": "Sports", "slug": "sports", "group": "News"})
    reader = app.test_client()
    assert reader.get("/section/sports").status_code == 200
    assert reader.get("/section/sport").headers["Location"] == "/section/sports"


def test_a_taken_name_or_address_is_refused_with_the_typed_text_kept(
    admin_client: FlaskClient,
) -> None:
    health = section("Health")
    response = admin_client.post(
        f"/admin/taxonomy/sections/{health.id}",
        data={"name": "Wellbeing", "slug": "economy", "group": "News"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The address /section/economy is Economy&#39;s." in html
    assert 'value="Wellbeing"' in html
    db.session.expire_all()
    assert section("Health").slug == "health"


def test_adding_a_section_puts_it_last_in_its_menu(app: Flask, admin_client: FlaskClient) -> None:
    response = admin_client.post(
        "/admin/taxonomy/sections/new", data={"name": "Science", "slug": "", "group": "News"}
    )
    assert response.status_code == 302
    assert _menu(app.test_client().get("/").get_data(as_text=True), "Regions")  # page renders
    html = app.test_client().get("/section/science")
    assert html.status_code == 200
    news = [s.name for s in db.session.scalars(select(Section).order_by(Section.position))]
    assert "Science" in news
    science = section("Science")
    assert science.position == max(s.position for s in db.session.scalars(select(Section)))
    refused = admin_client.post(
        "/admin/taxonomy/sections/new", data={"name": "science", "group": "News"}
    )
    assert refused.status_code == 422
    assert "There is already a section called Science." in refused.get_data(as_text=True)
    assert _audited("section.created")[0].details["slug"] == "science"


# --- Order -------------------------------------------------------------------------------------


def test_move_down_reorders_the_public_menu(app: Flask, admin_client: FlaskClient) -> None:
    before = _menu(app.test_client().get("/").get_data(as_text=True), "Regions")
    first = _region(before[0])
    response = admin_client.post(
        f"/admin/taxonomy/regions/{first.id}/move", data={"direction": "down"}
    )
    assert response.status_code == 302
    after = _menu(app.test_client().get("/").get_data(as_text=True), "Regions")
    assert after[:2] == [before[1], before[0]] and after[2:] == before[2:]
    assert _audited("region.moved")


def test_move_answers_htmx_with_the_list_alone(app: Flask, admin_client: FlaskClient) -> None:
    economy = section("Economy")
    response = admin_client.post(
        f"/admin/taxonomy/sections/{economy.id}/move", data={"direction": "up"}, headers=HX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="heading-news"' in html
    names = re.findall(r'/admin/taxonomy/sections/\d+">([^<]+)</a>', html)
    assert names[:2] == ["Economy", "Politics"]
    assert "Moved Economy up" in response.headers["HX-Trigger"]


def test_the_first_cannot_move_up(admin_client: FlaskClient) -> None:
    first = db.session.scalars(select(Region).order_by(Region.position)).first()
    assert first is not None
    admin_client.post(f"/admin/taxonomy/regions/{first.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert db.session.scalars(select(Region).order_by(Region.position)).first() == first


# --- Retire, restore, delete -------------------------------------------------------------------


def test_retiring_hides_a_section_but_its_stories_keep_it(
    app: Flask, admin_client: FlaskClient, editor: User
) -> None:
    arts = section("Arts&Culture")
    story = make_article("published", headline="Gallery reopens", section=arts)
    draft = make_article("draft", headline="Museum budget", section=arts, authors=[editor])
    response = admin_client.post(f"/admin/taxonomy/sections/{arts.id}/retire", headers=HX)
    assert response.status_code == 200 and "retired" in response.get_data(as_text=True)
    reader = app.test_client()
    home = reader.get("/").get_data(as_text=True)
    assert "Politics" in _menu(home, "Sections")
    assert "Arts&amp;Culture" not in _menu(home, "Sections")
    assert reader.get(f"/news/{story.slug}").status_code == 200
    assert reader.get(f"/section/{arts.slug}").status_code == 200  # its stories still link it
    db.session.expire_all()
    assert db.session.get(Article, story.id).section_id == arts.id  # type: ignore[union-attr]
    desk = sign_in(app.test_client(), editor)
    new_story = desk.get("/articles/new").get_data(as_text=True)
    assert ">Politics</option>" in new_story and ">Arts&amp;Culture</option>" not in new_story
    own = desk.get(f"/articles/{draft.id}/edit").get_data(as_text=True)
    assert f'<option value="{arts.id}" selected>Arts&amp;Culture</option>' in own
    kept = desk.post(f"/articles/{draft.id}/edit", data=form_for(draft, headline="Museum cuts"))
    assert kept.status_code == 302  # the story's own retired section saves as it was
    other = make_article("draft", headline="Theatre season", authors=[editor])
    refused = desk.post(f"/articles/{other.id}/edit", data=form_for(other, section_id=str(arts.id)))
    assert "Arts&amp;Culture is retired: choose another section." in refused.get_data(as_text=True)
    assert fresh(other.id).section_id != arts.id and fresh(draft.id).headline == "Museum cuts"
    admin_client.post(f"/admin/taxonomy/sections/{arts.id}/restore")
    assert "Arts&amp;Culture" in _menu(reader.get("/").get_data(as_text=True), "Sections")
    assert [e.action for e in _audited("section.retired") + _audited("section.restored")] == [
        "section.retired",
        "section.restored",
    ]


def test_retire_without_javascript_comes_back_to_the_list(admin_client: FlaskClient) -> None:
    asia = _region("Asia")
    response = admin_client.post(f"/admin/taxonomy/regions/{asia.id}/retire")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/taxonomy#list-regions")
    page = admin_client.get("/admin/taxonomy").get_data(as_text=True)
    assert "Retired Asia" in page
    db.session.expire_all()
    assert _region("Asia").retired


def test_an_unused_one_is_deleted_and_one_in_use_is_refused(admin_client: FlaskClient) -> None:
    blog, opinion = section("Blog"), section("Opinion")
    make_article("draft", section=opinion)
    refused = admin_client.post(f"/admin/taxonomy/sections/{opinion.id}/delete")
    assert refused.status_code == 302
    page = admin_client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Opinion is on 1 story: retire it instead." in page
    assert admin_client.post(f"/admin/taxonomy/sections/{blog.id}/delete").status_code == 302
    db.session.expire_all()
    assert section("Blog") is None and section("Opinion") is not None
    assert _audited("section.deleted")[0].details["name"] == "Blog"


# --- Tags --------------------------------------------------------------------------------------


def _tag(name: str) -> Tag:
    found = db.session.scalar(select(Tag).where(Tag.name == name))
    assert found is not None
    return found


def test_merging_tags_moves_the_stories_and_redirects_the_address(
    app: Flask, admin_client: FlaskClient
) -> None:
    only_old = make_article("published", headline="Ceasefire talks", tags=["Gaza Strip"])
    both = make_article("published", headline="Aid convoy", tags=["Gaza Strip", "Gaza"])
    make_article("published", headline="Border crossing", tags=["Gaza"])
    merged, survivor = _tag("Gaza Strip"), _tag("Gaza")
    response = admin_client.post(f"/admin/taxonomy/tags/{merged.id}/merge", data={"into": "gaza"})
    assert response.status_code == 302
    flashed = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Merged Gaza Strip into Gaza: 1 story moved." in flashed
    db.session.expire_all()
    assert db.session.scalar(select(Tag).where(Tag.name == "Gaza Strip")) is None
    for story in (only_old, both):
        assert [t.name for t in db.session.get(Article, story.id).tags] == ["Gaza"]  # type: ignore[union-attr]
    reader = app.test_client()
    assert reader.get("/tag/gaza-strip").headers["Location"] == "/tag/gaza"
    listing = reader.get("/tag/gaza").get_data(as_text=True)
    assert all(h in listing for h in ("Ceasefire talks", "Aid convoy", "Border crossing"))
    event = _audited("tag.merged")[0]
    assert event.object_id == str(survivor.id) and event.details["stories_moved"] == 1
    found = reader.get("/search?q=gaza").get_data(as_text=True)  # search reads the merged tags
    assert all(h in found for h in ("Ceasefire talks", "Aid convoy", "Border crossing"))
    assert "Ceasefire talks" not in reader.get("/search?q=strip").get_data(as_text=True)


def test_merging_into_a_tag_that_does_not_exist_keeps_what_was_typed(
    admin_client: FlaskClient,
) -> None:
    make_article("published", tags=["Elections"])
    tag = _tag("Elections")
    response = admin_client.post(
        f"/admin/taxonomy/tags/{tag.id}/merge", data={"into": "Votes 2027"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is no tag called &#39;Votes 2027&#39;." in html and 'value="Votes 2027"' in html
    into_itself = admin_client.post(
        f"/admin/taxonomy/tags/{tag.id}/merge", data={"into": "Elections"}
    )
    assert "Choose a different tag" in into_itself.get_data(as_text=True)


def test_a_renamed_tag_keeps_its_stories_and_its_old_address_redirects(
    app: Flask, admin_client: FlaskClient
) -> None:
    make_article("published", headline="Polls open", tags=["Ballot"])
    tag = _tag("Ballot")
    admin_client.post(f"/admin/taxonomy/tags/{tag.id}", data={"name": "Votes", "slug": "votes"})
    reader = app.test_client()
    assert reader.get("/tag/ballot").headers["Location"] == "/tag/votes"
    assert "Polls open" in reader.get("/tag/votes").get_data(as_text=True)
    # the story is found by its tag's new name, no longer by the old one
    assert "Polls open" in reader.get("/search?q=votes").get_data(as_text=True)
    assert "Polls open" not in reader.get("/search?q=ballot").get_data(as_text=True)


@pytest.mark.parametrize("headers", [{}, HX])
def test_the_tag_list_searches_both_ways(admin_client: FlaskClient, headers: Any) -> None:
    make_article("published", tags=["Climate", "Cricket", "Harbour"])
    response = admin_client.get("/admin/tags?q=cr", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cricket" in html and "Climate" not in html and "Harbour" not in html
    assert ("<html" in html) == (not headers)


def test_an_unused_tag_can_be_deleted(admin_client: FlaskClient) -> None:
    admin_client.post("/admin/taxonomy/tags/new", data={"name": "Unused idea"})
    tag = _tag("Unused idea")
    assert admin_client.post(f"/admin/taxonomy/tags/{tag.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Tag.id)).where(Tag.name == "Unused idea")) == 0


# --- The public site sees a change at once -----------------------------------------------------


@pytest.fixture
def cached_app(make_app: Any) -> Any:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=60)
    with app.app_context():
        yield app


def test_a_cached_public_page_shows_a_rename_at_the_next_request(cached_app: Flask) -> None:
    admin = make_user(Role.ADMIN)
    reader = cached_app.test_client()
    assert "Environment" in reader.get("/").get_data(as_text=True)
    assert "Environment" in reader.get("/").get_data(as_text=True)  # kept now
    environment = section("Environment")
    sign_in(cached_app.test_client(), admin).post(
        f"/admin/taxonomy/sections/{environment.id}",
        data={"name": "Climate and Environment", "slug": "", "group": "News"},
    )
    assert "Climate and Environment" in reader.get("/").get_data(as_text=True)


# --- Authors' old addresses and audit trails --------------------------------------------------


def test_an_authors_old_address_answers_301_to_the_new_one(app: Flask) -> None:
    author = make_user(Role.REPORTER, display_name="Lina Haddad")
    make_article("published", authors=[author])
    own = sign_in(app.test_client(), author)
    for slug in ("lina", "lina-haddad"):
        own.post("/account/profile", data={"display_name": "Lina Haddad", "bio": "", "slug": slug})
    reader = app.test_client()
    moved = reader.get("/author/lina")
    assert moved.status_code == 301 and moved.headers["Location"] == "/author/lina-haddad"
    assert reader.get("/author/lina-haddad").status_code == 200
    other = make_user(Role.REPORTER)
    make_article("published", authors=[other])
    sign_in(app.test_client(), other).post(
        "/account/profile", data={"display_name": other.display_name, "bio": "", "slug": "lina"}
    )
    assert reader.get("/author/lina").status_code == 200  # a live page wins over an old one


def test_the_desk_page_links_to_the_storys_audit_trail_for_admins_only(
    app: Flask, admin_client: FlaskClient, editor: User
) -> None:
    story = make_article("draft", authors=[editor])
    link = f'href="/admin/audit?object=article:{story.id}"'
    assert link in admin_client.get(f"/articles/{story.id}").get_data(as_text=True)
    desk = sign_in(app.test_client(), editor)
    assert link not in desk.get(f"/articles/{story.id}").get_data(as_text=True)
    trail = admin_client.get(f"/admin/audit?object=article:{story.id}")
    assert trail.status_code == 200
