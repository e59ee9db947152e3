"""What the demo newsroom shows readers (issue 20, items 26 and 31): every person has an author
page with an address and a bio, the reporters a portrait from the media library; every story's
JSON-LD has an image at least 1,200 px wide and the publisher's logo."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image as PILImage
from sqlalchemy import select

from editorial.extensions import db
from editorial.media.service import photo_of, upload_folder
from editorial.models import Article, Role, User
from editorial.workflow import PUBLIC_STATE
from tests.demo_copy import copy_demo
from tests.parsed import Page

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def demo(app: Flask) -> None:
    """The demo newsroom as loaded at LOADED_AT (a copy of this process's: tests/demo_copy.py)."""
    copy_demo(app)


def test_every_demo_author_has_a_page_with_a_bio_and_reporters_a_photo(
    demo: None, client: FlaskClient
) -> None:
    people = list(db.session.scalars(select(User)))
    assert people and all(person.slug and person.bio for person in people)
    for reporter in (p for p in people if p.role == Role.REPORTER):
        portrait = photo_of(reporter)
        assert portrait is not None and portrait.uploaded_by_id == reporter.id
        moved = client.get(f"/author/{reporter.id}")  # the numeric address, from older links
        assert moved.status_code == 301 and moved.location.endswith(f"/author/{reporter.slug}")
        html = client.get(f"/author/{reporter.slug}").get_data(as_text=True)
        assert reporter.bio.replace("'", "&#39;") in html
        photo = Page(html).find("img", class_="listing-photo")
        assert len(photo) == 1 and photo[0]["alt"] == portrait.alt
        assert client.get(photo[0]["src"]).status_code == 200


def test_every_demo_story_has_a_wide_image_and_the_publishers_logo(
    demo: None, client: FlaskClient
) -> None:
    stories = list(db.session.scalars(select(Article).where(Article.state == PUBLIC_STATE)))
    assert stories
    for story in stories:
        edition = "" if story.language == "en" else f"/{story.language}"  # its address's language
        html = client.get(f"{edition}/news/{story.slug}").get_data(as_text=True)
        data = json.loads(JSON_LD.search(html).group(1))
        (image,) = data["image"]
        assert image["width"] >= 1200, story.headline
        stored = Path(upload_folder()) / story.hero_image.file_name(image["width"])
        with PILImage.open(stored) as picture:
            assert picture.width == image["width"] and picture.height == image["height"]
        logo = data["publisher"]["logo"]
        assert logo["url"].startswith("http") and logo["url"].endswith("/static/img/logo.png")
    answer = client.get("/static/img/logo.png")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    with PILImage.open(Path(__file__).parent.parent / "static/img/logo.png") as picture:
        assert picture.size == (logo["width"], logo["height"])
