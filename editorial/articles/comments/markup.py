"""A comment's plain text as safe HTML: everything escaped, web addresses made into links.

Only `http://` and `https://` addresses become links (so `javascript:` never does), each with
`rel="nofollow noopener"`; anything else a person typed, markup included, shows as the text it is.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# Punctuation that usually ends the sentence rather than the address: "see https://x.org."
_TRAILING = ".,;:!?)]}'\""


def comment_html(text: str) -> Markup:
    """`text` escaped, with its http(s) addresses linked, and line breaks kept (CSS pre-line)."""
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        trimmed = url.rstrip(_TRAILING)
        if url.endswith(")") and "(" in trimmed:
            trimmed += ")"  # a Wikipedia-style address keeps its closing parenthesis
        parts.append(str(escape(text[position : match.start()])))
        parts.append(
            f'<a href="{escape(trimmed)}" rel="nofollow noopener noreferrer" '
            f'target="_blank">{escape(trimmed)}</a>'
        )
        position = match.start() + len(trimmed)
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))  # noqa: S704  (every piece above was escaped)
