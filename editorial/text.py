"""Small text helpers: slugs and word counts."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)


def slugify(text: str, max_length: int = 80) -> str:
    """ "Arts&Culture" -> "arts-culture": lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "untitled"


def count_words(text: str) -> int:
    """Words in `text` (Markdown punctuation is not a word)."""
    return len(_WORD.findall(text))
