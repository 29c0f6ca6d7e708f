"""Keys under which the spellings of one name meet.

``name_key`` ignores case and punctuation ('NETZWERK.ALLIANZ.BW' ~ 'NetzwerkAllianz.BW');
``loose`` also ignores diacritics, titles, articles and German inflection endings
('des Verbands Deutscher Maschinenbauer' ~ 'Verband Deutscher Maschinenbauer').

>>> name_key("NETZWERK.ALLIANZ.BW") == name_key("NetzwerkAllianz.BW")
True
>>> loose("Hessischen Wirtschaftsministerium") == loose("Hessisches Wirtschaftsministerium")
True
"""

from __future__ import annotations

import re
import unicodedata

_TITLES = {
    "dr", "prof", "professor", "professorin", "dipl", "ing", "herr", "frau", "minister", "ministerin",
    "staatssekretar", "staatssekretarin", "mdb", "mdl", "hc",
}  # fmt: skip
_ARTICLES = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "eines", "einer", "einem"}
_SUFFIXES = ("ern", "en", "er", "es", "em", "e", "n", "s")


def name_key(name: str) -> str:
    """Case and punctuation folded away."""
    return re.sub(r"[\W_]+", "", name.casefold())


def fold(text: str) -> str:
    """Case-folded, ß as ss, diacritics removed."""
    text = text.casefold().replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A crude German stem: one inflection ending removed from longer words."""
    for suffix in _SUFFIXES:
        if len(word) > 4 + len(suffix) and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def loose_words(name: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", fold(name))
    return [stem(w) for w in words if w not in _TITLES and w not in _ARTICLES]


def loose(name: str | None) -> str:
    """A name reduced for loose comparison (see the module docstring)."""
    return " ".join(loose_words(name or ""))
