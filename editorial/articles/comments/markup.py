"""A comment's plain text as safe HTML: everything escaped, web addresses made into links, and
right-to-left text kept in its direction.

Only `http://` and `https://` addresses become links (so `javascript:` never does), each with
`rel="nofollow noopener"`; anything else a person typed, markup included, shows as the text it is.

Mixed text: a line starting with `>` quotes the story, and is shown as a quotation in the story's
language and direction (`lang`/`dir` of `article.lang`), so an Arabic passage quoted in an English
comment reads right to left with its punctuation where it belongs. In a line that reads left to
right, each run of Arabic words is isolated in `<bdi>` (and the comment body itself is `dir="auto"`
in the template), so a Latin sentence around it keeps its order.
"""

from __future__ import annotations

import re
from typing import Protocol

from markupsafe import Markup, escape

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# Punctuation that usually ends the sentence rather than the address: "see https://x.org."
_TRAILING = ".,;:!?)]}'\""
# Right-to-left scripts (Hebrew, Arabic and their presentation forms).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = re.compile(rf"[{_RTL}]+(?:[\s\d.,،؛:\-]+[{_RTL}]+)*")
_FIRST_STRONG = re.compile(rf"[A-Za-z\u00c0-\u024f]|[{_RTL}]")


class LanguageLike(Protocol):
    """What a quote needs of the story's language (`languages.Language`)."""

    code: str
    direction: str


def comment_html(text: str, lang: LanguageLike | None = None) -> Markup:
    """`text` escaped, with its http(s) addresses linked, and line breaks kept (CSS pre-line);
    `>` lines are quotes of the story in `lang`'s language and direction."""
    lines = []
    attributes = f' lang="{escape(lang.code)}" dir="{escape(lang.direction)}"' if lang else ""
    for line in text.split("\n"):
        if line.startswith(">"):
            quoted = _linked(line[1:].strip(), isolate=False)
            lines.append(f'<q class="comment-quote"{attributes}>{quoted}</q>')
        else:
            lines.append(_linked(line, isolate=_reads_left_to_right(line)))
    return Markup("\n".join(lines))  # noqa: S704  (every piece was escaped in `_linked`)


def _reads_left_to_right(line: str) -> bool:
    first = _FIRST_STRONG.search(line)
    return first is None or not re.match(rf"[{_RTL}]", first.group(0))


def _linked(text: str, *, isolate: bool) -> str:
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        trimmed = url.rstrip(_TRAILING)
        if url.endswith(")") and "(" in trimmed:
            trimmed += ")"  # a Wikipedia-style address keeps its closing parenthesis
        parts.append(_words(text[position : match.start()], isolate))
        parts.append(
            f'<a href="{escape(trimmed)}" rel="nofollow noopener noreferrer" '
            f'target="_blank">{escape(trimmed)}</a>'
        )
        position = match.start() + len(trimmed)
    parts.append(_words(text[position:], isolate))
    return "".join(parts)


def _words(text: str, isolate: bool) -> str:
    """`text` escaped; with `isolate`, each run of right-to-left words in `<bdi>`."""
    escaped = str(escape(text))
    if not isolate:
        return escaped
    return _RTL_RUN.sub(lambda m: f'<bdi dir="rtl">{m.group(0)}</bdi>', escaped)
