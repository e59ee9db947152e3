"""Small text helpers: slugs and word counts, for any script the newsroom writes in."""

from __future__ import annotations

import re
import unicodedata

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


def count_words(text: str) -> int:
    """Words in `text`: runs between spaces that hold a letter or digit.

    Splitting on spaces (not on letters) keeps Arabic words whole despite their vowel marks, and
    Markdown punctuation such as `##`, `**` or `-` is not counted.
    """
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))
