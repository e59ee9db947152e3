"""Small text helpers: slugs, word counts and an HTML fragment's words, for any script the newsroom
writes in."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def slugify(text: str, max_length: int = 80) -> str:
    """ "Arts&Culture" -> "arts-culture", "Café" -> "cafe", Arabic stays Arabic.

    Accents and vowel marks are dropped (they are combining marks once decomposed); letters of any
    script are kept, so two Arabic headlines never collapse into the same "untitled" slug.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    slug = _NOT_WORD.sub("-", unicodedata.normalize("NFKC", bare).lower()).strip("-")
    return slug[:max_length].rstrip("-") or "untitled"


STORY_SLUG_MAX = 100
# A headline in a non-Latin script keeps fewer letters in its story's address: each is two bytes
# of UTF-8, six characters once percent-encoded, and the server decodes the whole address on
# every request, the page cache's included (bench/slug_length.py measured it; BENCHMARKS.md).
NON_LATIN_SLUG_MAX = 40


def story_slug(headline: str) -> str:
    """A story's address from its headline: up to 100 characters, or for a headline in another
    script (Arabic...) its first whole words up to 40, still unique per headline in practice."""
    slug = slugify(headline, STORY_SLUG_MAX)
    if slug.isascii() or len(slug) <= NON_LATIN_SLUG_MAX:
        return slug
    words = slug[: NON_LATIN_SLUG_MAX + 1].rsplit("-", 1)[0]
    return words if len(words) <= NON_LATIN_SLUG_MAX else slug[:NON_LATIN_SLUG_MAX]


def count_words(text: str) -> int:
    """Words in `text`: runs between spaces that hold a letter or digit.

    Splitting on spaces (not on letters) keeps Arabic words whole despite their vowel marks, and
    Markdown punctuation such as `##`, `**` or `-` is not counted.
    """
    return len(_WORD_START.findall(text))


# A token's start (after whitespace or at the beginning) up to its first letter or digit: one
# match per counted token. `[^\W_]` is exactly `str.isalnum` and `\S` exactly what `str.split`
# keeps, so this counts what the token-by-token loop counted, in a third of the time (every
# save counts its body).
_WORD_START = re.compile(r"(?<!\S)\S*?[^\W_]")


# What XML 1.0 forbids (its Char production): C0 controls other than tab, newline and carriage
# return, lone surrogates, and U+FFFE/U+FFFF. One of them in a headline makes every feed that
# carries the story malformed XML for every subscriber.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Vertical tab and form feed come from word processors as line or page breaks: they separate words.
_AS_SPACE = str.maketrans({"\x0b": " ", "\x0c": " "})


def clean_text(value: str) -> str:
    """`value` without the characters XML 1.0 forbids: THE cleaning every stored text goes through.

    Vertical tabs and form feeds become spaces (they stood between words); the other forbidden
    characters are removed. Used by every form's text fields (`editorial.forms.Form`) and, as a
    guarantee for whatever else writes (CLI, services, notes), by `database.clean_stored_text`
    on every string column as a row is written.
    """
    if not _XML_FORBIDDEN.search(value):
        return value
    return _XML_FORBIDDEN.sub("", value.translate(_AS_SPACE))


def one_line(value: str) -> str:
    """`value` cleaned (`clean_text`) as one line: every run of whitespace, newlines included,
    becomes one space (a ticker headline, a name)."""
    return " ".join(clean_text(value).split())


# Elements whose edges separate words; any other tag (b, em, a, span...) joins what is either side.
_BLOCKS = frozenset(
    "p br hr li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote div section article aside header "
    "footer figure figcaption table thead tbody tr td th pre".split()
)
_UNREAD = frozenset({"script", "style"})


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._unread = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._unread += tag in _UNREAD
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNREAD and self._unread:
            self._unread -= 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._unread:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The words of an HTML fragment as a reader sees them: tags gone (a block's edge is a space,
    an inline tag is not: "<b>27</b>th" is "27th"), entities decoded, whitespace runs one space.

    The one reading of an article body as text: the claim ledger's quotes are looked up in it and
    the search index stores it.
    """
    parser = _Words()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())


# -- Folding for search --------------------------------------------------------------------------

# Arabic vowel marks (tashkeel: fathatan to sukun, and the superscript alef) and the tatweel, the
# stretching stroke: written by some and not by others, never part of the word's spelling.
_TASHKEEL = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
_TATWEEL = "\u0640"
# Alef with hamza above or below, with madda, and alef wasla are all read as "alef" by someone
# typing; ta marbuta is typed as ha and alef maqsura as ya just as often.
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}
    | {mark: None for mark in _TASHKEEL + _TATWEEL}
)


# Combining marks that accents decompose into (U+0300–U+036F): "ó" is "o" and U+0301. Found by
# a regular expression, and the Arabic table applied only to text with Arabic letters in it: the
# search index folds every story's body, and a per-character loop (or `str.translate` over a
# whole English body with its curly quotes) was most of a rebuild's time.
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")
_ARABIC_BLOCK = re.compile("[\u0600-\u06ff]")  # every letter `_ARABIC_LETTERS` maps is in it


def search_fold(text: str) -> str:
    """`text` as search compares it, in any language: lower case, Latin accents dropped
    ("Educación" -> "educacion"), Arabic tashkeel and tatweel removed, the alef forms (أ إ آ ٱ)
    read as ا, ة as ه and ى as ي ("أَحْمَد" -> "احمد").

    THE fold: the index writes every document through it and the query parser every word typed,
    on both engines, and highlighting compares words through it (marking the original text).
    Other letters keep their spelling (ؤ and ئ stay: their hamza is the letter's).
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)  # presentation forms, ligatures, accents
    composed = unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))
    if _ARABIC_BLOCK.search(composed):
        composed = composed.translate(_ARABIC_LETTERS)
    return composed.casefold()
