"""Search terms marked in text, safely: the text is escaped first, then `<mark>` goes round matches.

Nothing from the database is trusted as HTML here: a headline or body that says `<script>` is
shown as those characters, with the match marked inside the escaped text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

SNIPPET_CHARS = 240
_SUFFIXES = (
    "ing",
    "es",
    "ed",
    "s",
)  # what the stemmers drop most often, so "elections" marks "election"


def _stem(term: str) -> str:
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    stems = sorted({_stem(term) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)


def highlight(text: str, terms: Sequence[str]) -> Markup:
    """`text` escaped, with each word that starts like a search term inside `<mark>`."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    parts: list[Markup] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup("<mark>%s</mark>") % match.group())
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def snippet(text: str, terms: Sequence[str], size: int = SNIPPET_CHARS) -> Markup:
    """About `size` characters of `text` around its first match, marked; empty if no match."""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
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
