"""Slugs and word counts in the scripts a newsroom writes in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editorial.text import count_words, html_text, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Arts&Culture", "arts-culture"),
        ("US & Canada", "us-canada"),
        ("Café owners protest new rent law", "cafe-owners-protest-new-rent-law"),
        (
            "Russian FM slams blaming Iran for 'everything'",
            "russian-fm-slams-blaming-iran-for-everything",
        ),
        ("كَتَبَ الوزيرُ رسالة", "كتب-الوزير-رسالة"),
        ("!!!", "untitled"),
        ("snake_case_words", "snake-case-words"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_two_arabic_headlines_get_different_slugs() -> None:
    assert slugify("الحكومة تقر الموازنة") != slugify("البرلمان يناقش القانون")


def test_slug_length_is_capped_on_a_word_boundary_hyphen() -> None:
    assert slugify("word " * 40, max_length=12) == "word-word-wo"
    assert not slugify("a b c d e f g", max_length=4).endswith("-")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Officials said on Thursday", 4),
        ("## What is on the table\n\n**Bold** claim - here", 8),
        ("كَتَبَ الوزيرُ", 2),
        ("", 0),
        ("1,200 lorries", 2),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1_-*#.,٣ كَ\n\t\u00a0\u2003\u200b\x1c\u0660")))
def test_count_words_counts_the_tokens_holding_a_letter_or_digit(text: str) -> None:
    """The one-pattern count is the token-by-token definition, in every script and space."""
    assert count_words(text) == sum(1 for token in text.split() if any(c.isalnum() for c in token))


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<p>Aid <b>27</b>th convoy</p><p>Next</p>", "Aid 27th convoy Next"),  # inline joins
        ("<h2>Title</h2>Body<br>line", "Title Body line"),  # a block's edge is a space
        ("<p>Tom &amp; Jerry&nbsp;said</p>", "Tom & Jerry said"),  # entities decoded
        ("<p>Read</p><script>alert(1)</script><style>p{}</style><p>on</p>", "Read on"),
        ("", ""),
    ],
)
def test_html_text_reads_a_fragment_as_a_reader_does(html: str, words: str) -> None:
    assert html_text(html) == words
