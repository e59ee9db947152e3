"""Search terms marked in text, safely: the text is escaped first, then `<mark>` goes round matches.

Nothing from the database is trusted as HTML here: a headline or body that says `<script>` is
shown as those characters, with the match marked inside the escaped text.

Words are compared as the index compares them (`text.search_fold`: case, accents, Arabic tashkeel,
tatweel and letter variants), but what is marked is the original text: "أَحْمَد" stays as written,
inside `<mark>`, when someone searched for "احمد".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from markupsafe import Markup, escape

from editorial.text import search_fold

SNIPPET_CHARS = 240
_SUFFIXES = (
    "ing",
    "es",
    "ed",
    "s",
)  # what the stemmers drop most often, so "elections" marks "election"
# A word as written: letters and digits with the combining marks inside it (a decomposed accent,
# Arabic tashkeel), which `\w` alone would cut the word at.
_WORD = re.compile(r"\w[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]*")


def _stem(term: str) -> str:
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def _stems(terms: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({_stem(search_fold(term)) for term in terms if term}, key=len))


def _matches(text: str, stems: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """The words of `text` that start, once folded, like one of `stems` (none without stems)."""
    if not stems:
        return
    if text.isascii() and all(_ASCII_STEM.fullmatch(stem) for stem in stems):
        # Folding ASCII is lower-casing, and its words are runs of word characters: one
        # expression finds the same words, where folding each word of a summary or a body cost
        # most of the page's highlighting.
        yield from _ascii_words(stems).finditer(text)
        return
    for word in _WORD.finditer(text):
        if search_fold(word.group()).startswith(stems):
            yield word


_ASCII_STEM = re.compile(r"\w*", re.ASCII)


@lru_cache(maxsize=64)
def _ascii_words(stems: tuple[str, ...]) -> re.Pattern[str]:
    """The ASCII words (whole runs of word characters) starting, in any case, with one of
    `stems`."""
    alternatives = "|".join(re.escape(stem) for stem in stems)
    return re.compile(rf"(?<!\w)(?=\w)(?:{alternatives})\w*", re.ASCII | re.IGNORECASE)


def _marked(text: str, matches: Iterator[re.Match[str]]) -> Markup:
    parts: list[Markup] = []
    position = 0
    for match in matches:
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup("<mark>%s</mark>") % match.group())
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def highlight(text: str, terms: Sequence[str]) -> Markup:
    """`text` escaped, with each word that starts like a search term inside `<mark>`."""
    return _marked(text, _matches(text, _stems(terms)))


def snippet(text: str, terms: Sequence[str], size: int = SNIPPET_CHARS) -> Markup:
    """About `size` characters of `text` around its first match, marked; empty if no match."""
    stems = _stems(terms)
    match = next(_matches(text, stems), None)
    if match is None:
        return Markup("")
    start = max(0, match.start() - size // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space > 0 else end
    piece = highlight(text[start:end], terms)
    return Markup("%s%s%s") % ("… " if start else "", piece, " …" if end < len(text) else "")
