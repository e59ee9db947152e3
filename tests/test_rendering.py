"""The body's cleaning neutralises markup without eating the words after it, and says so."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from editorial import clock, rendering, workflow
from editorial.extensions import db
from editorial.models import User
from editorial.rendering import render_body
from tests.factories import make_article
from tests.helpers import HX, form_for, fresh, markup_that_runs

SURVIVOR = "The minister resigned on Tuesday evening."
TAGS = ["script", "style", "iframe", "template", "svg", "textarea", "xmp", "noscript", "title"]
OPENINGS = [f"<{tag}>" for tag in TAGS] + [
    "<script>alert(1)</script>",
    "<iframe src=https://evil.example>",
    "<svg><script>alert(1)</script></svg>",
    "<!-- a note to myself",
    "<plaintext>",
]


@pytest.mark.parametrize("opening", OPENINGS)
def test_a_paragraph_after_dangerous_markup_survives_save_and_public_page(
    opening: str, client_as: Any, editor: User, client: FlaskClient
) -> None:
    body = f"First words.\n\n{opening}\n\n{SURVIVOR}\n\nLast words."
    article = make_article("edit")
    response = client_as(editor).post(
        f"/articles/{article.id}/edit", data=form_for(article, body=body)
    )
    assert response.status_code == 302
    saved = fresh(article.id)
    assert markup_that_runs(saved.body_html) == [], saved.body_html
    assert f"<p>{SURVIVOR}</p>" in saved.body_html
    assert "<p>Last words.</p>" in saved.body_html
    saved.state, saved.published_at = workflow.PUBLISHED, clock.now()
    db.session.commit()
    page = client.get(f"/news/{saved.slug}").get_data(as_text=True)
    assert f"<p>{SURVIVOR}</p>" in page and "<p>Last words.</p>" in page
    assert "&lt;" + opening[1:].split(">")[0].split(" ")[0] in page  # shown as text, as typed


def test_no_word_is_lost_to_something_that_reads_as_a_tag() -> None:
    assert render_body("a<b and c>d").html == "<p>a&lt;b and c&gt;d</p>\n"
    assert render_body("if a < b and c > d").html == "<p>if a &lt; b and c &gt; d</p>\n"
    title = render_body("<title>\n\nText").html
    assert "</p> <p>" not in title and "&lt;/p&gt;" not in title and "<p>Text</p>" in title


def test_allowlisted_markup_still_works() -> None:
    html = render_body('<em>raw</em> and <a href="https://example.org" title="t">a link</a>').html
    assert "<em>raw</em>" in html and '<a href="https://example.org" title="t"' in html


def test_the_preview_warns_about_what_it_left_out_or_shows_as_text(
    client_as: Any, reporter: User
) -> None:
    writer = client_as(reporter)
    body = 'A <a href="javascript:alert(1)">link</a>.\n\n<iframe src=x></iframe>\n\nMore.'
    html = writer.post("/articles/preview", data={"body": body}, headers=HX).get_data(as_text=True)
    assert "Readers won't see all of this." in html
    assert "a href=&#34;javascript:alert(1)&#34;" in html
    assert "so it shows as text" in html and "&lt;iframe src=x&gt;" in html
    clean = writer.post("/articles/preview", data={"body": "Just *words*."}, headers=HX)
    assert "preview-warning" not in clean.get_data(as_text=True)


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "http://tracker.example/p.gif",
        "//tracker.example/p.gif",
        "/\\tracker.example/p.gif",
        "https://localhost.tracker.example/p.gif",
    ],
)
def test_a_body_image_from_another_site_is_left_out(
    src: str, client_as: Any, editor: User, app: Any
) -> None:
    article = make_article("draft", authors=[editor])
    body = f'Words.\n\n![pixel]({src})\n\n<img src="{src}" alt=raw>'
    client_as(editor).post(f"/articles/{article.id}/edit", data=form_for(article, body=body))
    stored = fresh(article.id).body_html
    for kept in re.findall(r'src="([^"]*)"', stored):  # at most a path on this site
        assert kept.startswith("/") and not kept.startswith("//") and "\\" not in kept, stored
    assert render_body(body).dropped  # the editor's preview says so


@pytest.mark.parametrize(
    "src", ["/static/img/harbour.jpg", "img/harbour.jpg", "http://localhost/a.jpg"]
)
def test_a_body_image_on_this_site_is_kept(src: str, app: Any) -> None:
    html = render_body(f"![harbour]({src})").html
    assert f'src="{src}"' in html


@pytest.mark.parametrize(
    "text", [SURVIVOR, *(f"{opening}\n\n{SURVIVOR}" for opening in OPENINGS), "", "**a** [b](c)"]
)
def test_the_stored_html_is_the_editors_without_working_out_what_was_lost(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = render_body(text).html

    def refuse(*_args: Any) -> list[str]:
        raise AssertionError("render_markdown worked out what was lost")

    monkeypatch.setattr(rendering, "_lost", refuse)
    assert rendering.render_markdown(text) == expected
