"""Pictures on the public site: the article's hero with caption and credit, thumbnails on the
lists, srcset and sizes, width and height always set, lazy below the fold; the editor's preview;
the absolute address helper other pages (og:image, JSON-LD) use."""

from __future__ import annotations

from typing import Any

from flask import Flask

from editorial.media.service import image_absolute_url
from editorial.models import Image, User
from tests.factories import make_article, make_image, section
from tests.helpers import form_for
from tests.parsed import Page


def _srcset_widths(img: dict[str, str], image: Image) -> list[int]:
    entries = [part.strip().split(" ") for part in img["srcset"].split(",")]
    assert [url for url, _ in entries] == [
        f"/media/files/{image.file_name(w)}" for w in image.variant_widths
    ]
    return [int(w.rstrip("w")) for _, w in entries]


def test_the_article_shows_its_picture_with_caption_and_credit(client: Any) -> None:
    image = make_image(
        caption="Fire and smoke rise above Gaza City on 8 October",
        credit="AFP",
        alt="Black smoke over rooftops",
    )
    story = make_article(state="published", hero_image=image)
    page = Page(client.get(f"/news/{story.slug}").data)
    img = page.find("img", alt="Black smoke over rooftops")[0]
    assert _srcset_widths(img, image) == [480, 960, 1600]
    assert img["sizes"] and img["width"] == "960" and img["height"] == "576"
    assert "loading" not in img  # the first thing a reader sees is not lazy
    assert "Fire and smoke rise above Gaza City on 8 October (AFP)" in page.text
    og = page.find("meta", property="og:image")[0]["content"]
    assert og == f"http://localhost/media/files/{image.file_name(1600)}"


def test_every_srcset_width_is_served(client: Any) -> None:
    image = make_image()
    story = make_article(state="published", hero_image=image)
    img = Page(client.get(f"/news/{story.slug}").data).find("img", alt=image.alt)[0]
    for entry in img["srcset"].split(","):
        url, width = entry.strip().split(" ")
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert width == f"{int(width[:-1])}w"


def test_lists_show_lazy_thumbnails_with_their_size(client: Any, reporter: User) -> None:
    politics = section("Politics")
    image = make_image()
    lead = make_article(
        state="published", section=politics, authors=[reporter], tags=["Harbours"], hero_image=image
    )
    for n in range(3):
        make_article(
            state="published",
            section=politics,
            authors=[reporter],
            tags=["Harbours"],
            headline=f"Older story {n}",
            hero_image=image,
        )
    for url in ("/section/politics", "/tag/harbours", f"/author/{reporter.id}"):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        thumbs = Page(response.data).find("img", class_="story-card-image")
        assert thumbs, url
        for thumb in thumbs:
            assert thumb["width"] == "480" and thumb["height"] == "288"
            assert thumb["loading"] == "lazy" and thumb["alt"] == ""
            assert thumb["srcset"]
    home = Page(client.get("/").data)
    lead_img = home.find("img", class_="lead-image")[0]
    assert lead_img["width"] and lead_img["height"] and "loading" not in lead_img
    assert lead.headline in home.text


def test_an_older_story_keeps_its_external_address(client: Any) -> None:
    story = make_article(
        state="published",
        hero_image_url="https://images.example.org/x.jpg",
        hero_caption="An older picture (AP)",
    )
    page = Page(client.get(f"/news/{story.slug}").data)
    assert page.find("img", src="https://images.example.org/x.jpg")
    assert "An older picture (AP)" in page.text


def test_a_library_picture_wins_over_the_external_address(client: Any) -> None:
    image = make_image()
    story = make_article(
        state="published", hero_image=image, hero_image_url="https://images.example.org/old.jpg"
    )
    page = Page(client.get(f"/news/{story.slug}").data)
    assert not page.find("img", src="https://images.example.org/old.jpg")
    assert page.find("img", alt=image.alt)


def test_the_editor_preview_shows_the_chosen_picture(client_as: Any, reporter: User) -> None:
    image = make_image(caption="Boats at dawn", credit="AFP", alt="Boats")
    story = make_article(authors=[reporter])
    desk = client_as(reporter)
    editor = Page(desk.get(f"/articles/{story.id}/edit").data)
    assert not editor.find("img", alt="Boats")
    preview = desk.post(
        "/articles/preview",
        data=form_for(story, hero_image_id=str(image.id)),
        headers={"HX-Request": "true"},
    )
    page = Page(preview.data)
    assert page.find("img", alt="Boats")[0]["width"] == "960"
    assert "Boats at dawn (AFP)" in page.text


def test_absolute_url_helper(app: Flask) -> None:
    image = make_image()
    with app.test_request_context():
        assert image_absolute_url(image) == (
            f"http://localhost/media/files/{image.file_name(1600)}"
        )
        assert image_absolute_url(None) is None


def test_the_desk_page_shows_the_picture_with_its_words(client_as: Any, editor: User) -> None:
    image = make_image(caption="Boats at dawn", credit="AFP", alt="Boats")
    story = make_article(state="edit", hero_image=image)
    page = Page(client_as(editor).get(f"/articles/{story.id}").data)
    assert page.find("img", alt="Boats")[0]["srcset"]
    assert "Boats at dawn (AFP)" in page.text
