"""The languages a story can be written in: codes, names, direction and reading speed.

A lower layer (no Flask, no database): models, templates and features read it. Which of these the
newsroom publishes in is a site setting (`editorial.newsroom.SiteSettings.languages`, default
first); adding a language to the newsroom needs only its entry here.

Reading speed, for "N Min Read": the figures are the mean reading speeds of normally sighted adult
native readers on the International Reading Speed Texts (IReST), one standard passage translated
into each language: Trauzettel-Klosinski S., Dietz K., "Standardized Assessment
of Reading Performance: The New International Reading Speed Texts IReST", Investigative
Ophthalmology & Visual Science 53(9):5452-5461, 2012. They give English 228 ± 30 words a minute,
Spanish 218 ± 28 and Arabic 138 ± 20. Arabic counts fewer, longer words (articles, prepositions
and pronouns are written joined to the word), so the same text takes fewer "words" and each is
read more slowly. English keeps the desk's long-standing 230, within IReST's figure's spread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LTR, RTL = "ltr", "rtl"


@dataclass(frozen=True)
class Language:
    """One language of the catalogue."""

    code: str  # BCP 47 ("ar"): the `lang` attribute, the edition's address, the stored value
    english_name: str  # what the desk reads ("Arabic")
    native_name: str  # what a reader of the language reads ("العربية")
    direction: str  # "ltr" or "rtl": the `dir` attribute of its text
    words_per_minute: int  # mean adult reading speed (see the module's docstring)

    @property
    def rtl(self) -> bool:
        """Written right to left."""
        return self.direction == RTL


CATALOGUE: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English", "English", LTR, 230),
        Language("ar", "Arabic", "العربية", RTL, 138),
        Language("es", "Spanish", "Español", LTR, 218),
    )
}
# What a newsroom publishes in when its settings name nothing: the first is the default language.
DEFAULT_CODES: tuple[str, ...] = ("en", "ar", "es")
DEFAULT_CODE = DEFAULT_CODES[0]


def get(code: str | None) -> Language:
    """The catalogue's entry for `code`; the default language's for an unknown or empty code."""
    return CATALOGUE.get(code or "", CATALOGUE[DEFAULT_CODE])


def parse_codes(text: str | None) -> tuple[str, ...]:
    """The codes named in `text` ("en ar, es"), in order, once each; unknown ones left out.

    Empty (or nothing known) means the catalogue's default list.
    """
    codes: list[str] = []
    for word in re.split(r"[\s,;]+", (text or "").strip().lower()):
        if word in CATALOGUE and word not in codes:
            codes.append(word)
    return tuple(codes) or DEFAULT_CODES


def unknown_codes(text: str | None) -> list[str]:
    """The words of `text` that are not a catalogue code (a settings form's complaint)."""
    words = [w for w in re.split(r"[\s,;]+", (text or "").strip().lower()) if w]
    return [w for w in words if w not in CATALOGUE]


def reading_minutes(words: int, code: str | None = None) -> int:
    """Read time in whole minutes for `words` words of language `code`, never less than one."""
    return max(1, round(words / get(code).words_per_minute))
