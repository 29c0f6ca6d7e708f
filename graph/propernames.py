"""Is a capitalised word a proper name or a common noun?

German capitalises every noun, so the shape of a word says nothing. HanTa's German lexicon and
morphology (it ships its model, no download) do: a word it knows as a name ("Fresenius", "SAP",
"Concordia") is one, and so is a word it does not know that is no compound of known nouns
("Novocure", "Kruschitz"). Compounds ("Wasserstoffnetzwerk") and known nouns ("Pharma") are not.

HanTa tags about 1,900 words a second, far too slow for every token; the rules ask only about the
few words in slots where a name is expected ("Unternehmen wie A, B und C"), and the answers are cached.

>>> names = ProperNames("de")
>>> names.is_name("Fresenius"), names.is_name("Zusammenarbeit")
(True, False)
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

# HanTa's scores are log-probabilities; words in its lexicon score far above guesses for unknown words
_UNKNOWN_BELOW = -25.0
# a simple word (one stem) scoring above this is in the lexicon as a common word ("Mitte", "Zug", "Leer")
_KNOWN_ABOVE = -16.0
_MODELS = {"de": "morphmodel_ger.pgz"}
_LINKED_SUFFIX = re.compile(r"(?:ungs|heits|keits|schafts|ions|täts)[a-zäöü]{3,}")


class ProperNames:
    """Proper-name test for one language; a language without a model knows no names."""

    def __init__(self, language: str = "de") -> None:
        self.language = language
        self._tagger: Any = None
        self._lock = threading.Lock()
        self.is_name = lru_cache(maxsize=200_000)(self._is_name)
        self._verb = lru_cache(maxsize=200_000)(self._is_verb)
        self._adjective = lru_cache(maxsize=200_000)(self._is_adjective)
        self._initials = lru_cache(maxsize=50_000)(self._stem_initials)

    def _load(self) -> Any:
        with self._lock:
            if self._tagger is None:
                from HanTa import HanoverTagger  # imported late: loading the model takes a tenth of a second

                self._tagger = HanoverTagger.HanoverTagger(_MODELS[self.language])
        return self._tagger

    def is_adjective(self, word: str) -> bool:
        """Does ``word`` read as an adjective ("Maritime", "Digitale")? Without a model: no."""
        if self.language not in _MODELS or not word[:1].isalpha():
            return False
        return self._adjective(word)

    def _is_adjective(self, word: str) -> bool:
        return any(str(tag).startswith("ADJ") or tag == "NNA" for tag, _ in self._load().tag_word(word)[:2])

    def stem_initials(self, word: str) -> str:
        """The first letters of the stems of a compound, lower case: "hwt" for "Handwerkstag" (Hand|werk|s|tag),
        so that "THT" can abbreviate "Thüringer Handwerkstag". Without a model: the word's first letter."""
        if self.language not in _MODELS or not word[:1].isalpha():
            return word[:1].lower()
        return self._initials(word)

    def _stem_initials(self, word: str) -> str:
        _, morphemes, _ = self._load().analyze(word, taglevel=3)
        initials = "".join(m[:1] for m, tag in morphemes if not str(tag).startswith(("FUGE", "SUF", "PRE")) and m)
        return (initials or word[:1]).lower()

    def is_common_word(self, word: str) -> bool:
        """Does HanTa's lexicon know ``word`` as a common word of one stem, perhaps inflected ("Mitte", "Wetter",
        "Favoriten", "Leer", "Singen")? Compounds it only guesses ("Landshut", "Kirchhain") are not. Without a
        model: no."""
        if self.language not in _MODELS or not word[:1].isalpha():
            return False
        tagger = self._load()
        # a reading as a common word beside the name ("Halle", "Hof": NE and NN) counts too
        readings = [(str(tag), float(score)) for tag, score in tagger.tag_word(word)[:3] if tag not in {"NE", "FM"}]
        if not readings:
            return False
        if any(not tag.startswith(("NN", "XY")) and score > _UNKNOWN_BELOW for tag, score in readings):
            return True  # an adjective or a verb ("Langen", "Singen", "Leer")
        _, morphemes, _ = tagger.analyze(word, taglevel=3)
        stems = [m for m, tag in morphemes if not str(tag).startswith(("SUF", "FUGE"))]
        return len(stems) == 1 and any(score > _KNOWN_ABOVE for _, score in readings)

    def has_verb(self, words: list[str]) -> bool:
        """Does any of ``words`` read as a verb ("wird", "fortsetzen")? Without a model: assume so."""
        if self.language not in _MODELS:
            return True
        return any(self._verb(word) for word in words)

    def _is_verb(self, word: str) -> bool:
        tags = self._load().tag_word(word)
        return bool(tags) and str(tags[0][0]).startswith("V")

    def _is_name(self, word: str) -> bool:
        if self.language not in _MODELS or not word[:1].isalpha():
            return False
        tagger = self._load()
        tags = tagger.tag_word(word)
        if not tags:
            return False
        best, score = tags[0]
        if best in {"NE", "FM"}:
            return True
        if best != "NN" or float(score) > _UNKNOWN_BELOW:
            return False  # a noun the lexicon knows
        # an unknown word: a name unless it is a compound of known stems ("Wasserstoff|netz|werk") or has a
        # linked noun suffix inside ("Qualifizierungs|lehrgängen", which the lexicon cannot split)
        if _LINKED_SUFFIX.search(word.lower()):
            return False
        _, morphemes, _ = tagger.analyze(word, taglevel=3)
        stems = [m for m, tag in morphemes if not tag.startswith("SUF")]
        return len(stems) == 1 and "-" not in word
