"""Find mentions of persons, organisations, places and documents in a segmented text.

Person names come from spaCy Matcher patterns kept as data (``patterns/<lang>/persons.json``)
over token attributes computed from the lexicon (``sg_first_name``, ``sg_role`` …). Organisation
names are grown around head nouns ("Ministerium für …", "Verband Deutscher …"), legal forms,
dotted brand names ("Chemie.BW") and known acronyms. Every mention keeps its character span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import ORTH, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from graph.lexicon import Lexicon
from graph.propernames import ProperNames
from graph.segment import Segmented

QUOTE_CHARS = "„“”\"«»‚‘’'"
# opening mark -> the closing marks it accepts; double marks close double ones, single ones single
QUOTE_PAIRS: dict[str, frozenset[str]] = {
    "„": frozenset({"“", "”", '"'}),
    "“": frozenset({"”", "“"}),
    '"': frozenset({'"', "“", "”"}),
    "»": frozenset({"«"}),
    "«": frozenset({"»"}),
    "”": frozenset({"”", "“"}),  # ”…” as some sites print it
    "‚": frozenset({"‘", "’", "'"}),
    "‘": frozenset({"’", "'"}),
    "'": frozenset({"'", "’"}),
}
_BRAND = re.compile(r"^[A-Za-zÄÖÜäöüß0-9][\w-]*(\.[A-Za-zÄÖÜäöüß0-9][\w-]*)+$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_LIST_SEPARATORS = frozenset({",", "und", "sowie"})


def _is_name_token(token: Token) -> bool:
    return (token.text[:1].isupper() and token.is_alpha) or _BRAND.match(token.text) is not None


_YEAR_SPAN = re.compile(r"^20\d\d/\d\d$")  # "2016/17"
_INITIAL_IN_TEXT = re.compile(r"(?<=\w )[A-ZÄÖÜ]\.(?= \w)")
_COMPANY_COMPOUND = re.compile(r"^([A-ZÄÖÜ][\w&]+)-(?:Konzerns?|Gruppe|Unternehmens?)$")
# Latin letters with diacritics too ("Heinen-Kljajić", "Grünwald-Żak"): persons' names come from all of Europe
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿĀ-ž"
_NAME_WORD = re.compile(rf"^[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*$")
_DISTRICT_GENITIVE = re.compile(r"^[A-ZÄÖÜ][\wäöüß]*(?:-[A-ZÄÖÜ][\wäöüß]*)*-(?:Kreises|Kreis)$")
_GENITIVE_FOLLOWERS = {
    "Landes",
    "Bundes",
    "Freistaates",
    "Freistaats",
    "Stadt",
    "Landeshauptstadt",
    "Hansestadt",
    "Gemeinde",
    "Kreises",
    "Landkreises",
    "Bezirks",
    "Region",
}
ENUM_JOINERS = {",", "und", "sowie", "&"}


@dataclass
class Mention:
    """A name in the text: tokens ``[start, end)`` of the doc, characters ``[char_start, char_end)``."""

    kind: str  # person | org | place | document
    start: int
    end: int
    char_start: int
    char_end: int
    name: str
    subkind: str = "other"  # organisation or document kind
    titles: list[str] = field(default_factory=list)
    surname_only: bool = False
    alias: str | None = None  # an abbreviation given in parentheses after the name
    quoted_title: bool = False
    described: bool = False  # a document cue with an adjective or a year ("Thüringer Innovationsstrategie")


class TokenFlags:
    """Token attributes the pattern files refer to (``sg_first_name``, ``sg_role`` …), computed from the lexicon.

    They are registered as spaCy extension attributes for the rule code, and also written into each doc's
    ``TAG`` attribute as a bit code, so that the Matcher tests them natively: an extension attribute costs a
    Python call per token and pattern step, and dominated the extraction time.
    """

    NAMES = ("sg_title", "sg_academic", "sg_first_name", "sg_role", "sg_role_or_address", "sg_name_like", "sg_surname")

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.titles = set(lexicon.titles)
        self.academic = {t for t in self.titles if t not in {"Herr", "Frau", "MdB", "MdL", "MdEP"}}
        self._name_like: dict[str, bool] = {}
        self._codes: dict[str, int] = {}

    def title(self, text: str) -> bool:
        return text in self.titles

    def first_name(self, text: str) -> bool:
        names = self.lexicon.first_names
        return text in names or all(part in names for part in text.split("-"))

    def role(self, text: str) -> bool:
        return self.lexicon.is_role_word(text)

    def role_or_address(self, text: str) -> bool:
        return self.lexicon.is_role_word(text) or text in {"Herr", "Frau", "Herrn"}

    def name_like(self, text: str) -> bool:
        found = self._name_like.get(text)
        if found is None:
            if len(self._name_like) > 200_000:
                self._name_like.clear()
            lexicon = self.lexicon
            found = bool(
                _NAME_WORD.match(text)
                and text not in lexicon.stopwords
                and text not in self.titles
                and not lexicon.is_role_word(text)
                and lexicon.org_head_kind(text) is None
                and lexicon.document_kind(text) is None
                and text not in lexicon.places
                and text not in lexicon.field_words
                and text not in lexicon.name_carriers
                and not any(text.endswith(x) and len(text) > len(x) + 3 for x in lexicon.not_surname_suffixes)
            )
            self._name_like[text] = found
        return found

    def surname(self, text: str, previous: str | None) -> bool:
        lexicon = self.lexicon
        if (
            previous is not None
            and previous in lexicon.first_names
            and _NAME_WORD.match(text)
            and lexicon.org_head_kind(text) is not None
            and text.lower() not in lexicon.org_heads
        ):
            return True  # "Angela Inselkammer": a compound that looks like an organisation head
        if previous is not None and previous in lexicon.first_names and text in lexicon.places and "-" not in text:
            return True  # "Peer Witten": a surname that is also a town, right after a first name
        if previous is not None and previous in lexicon.first_names and text in lexicon.surname_stopwords:
            return True  # "Stephan Weil": a capitalised conjunction right after a first name is a surname
        return self.name_like(text) or bool(_DOUBLE_NAME.match(text) and text not in lexicon.places)

    def code(self, text: str, previous: str | None) -> int:
        """The flags of a token as bits, in the order of :attr:`NAMES`."""
        code = self._codes.get(text)
        if code is None:
            if len(self._codes) > 200_000:
                self._codes.clear()
            bits = (
                self.title(text),
                text in self.academic,
                self.first_name(text),
                self.role(text),
                self.role_or_address(text),
                self.name_like(text),
                self.surname(text, None),
            )
            code = sum(1 << i for i, bit in enumerate(bits) if bit)
            self._codes[text] = code
        if not code & _SURNAME_BIT and previous is not None and self.surname(text, previous):
            code |= _SURNAME_BIT
        return code

    def register(self) -> None:
        getters = {
            "sg_title": lambda t: self.title(t.text),
            "sg_academic": lambda t: t.text in self.academic,
            "sg_first_name": lambda t: self.first_name(t.text),
            "sg_role": lambda t: self.role(t.text),
            "sg_role_or_address": lambda t: self.role_or_address(t.text),
            "sg_name_like": lambda t: self.name_like(t.text),
            "sg_surname": lambda t: self.surname(t.text, t.doc[t.i - 1].text if t.i > 0 else None),
        }
        for name, getter in getters.items():
            Token.set_extension(name, getter=getter, force=True)

    def tag(self, doc: Doc) -> None:
        """Write every token's flags into its ``TAG`` (``sg00`` … ``sg7f``) for the Matcher."""
        strings = doc.vocab.strings
        texts = token_texts(doc)
        codes = numpy.fromiter(
            (strings.add(_flag_tag(self.code(text, texts[i - 1] if i else None))) for i, text in enumerate(texts)),
            dtype="uint64",
            count=len(texts),
        )
        doc.from_array([TAG], codes.reshape(-1, 1))

    @classmethod
    def native_pattern(cls, pattern: list[dict]) -> list[dict]:
        """``{"_": {"sg_role": true}}`` as ``{"TAG": {"IN": [codes with that bit]}}``; other steps unchanged."""
        translated = []
        for step in pattern:
            extension = step.get("_")
            if (
                not isinstance(extension, dict)
                or "TAG" in step
                or not all(name in cls.NAMES and isinstance(value, bool) for name, value in extension.items())
            ):
                translated.append(step)
                continue
            wanted = [(cls.NAMES.index(name), value) for name, value in extension.items()]
            tags = [
                _flag_tag(code)
                for code in range(1 << len(cls.NAMES))
                if all(bool(code >> bit & 1) == value for bit, value in wanted)
            ]
            native = {key: value for key, value in step.items() if key != "_"}
            native["TAG"] = {"IN": tags}
            translated.append(native)
        return translated


_SURNAME_BIT = 1 << TokenFlags.NAMES.index("sg_surname")
_DOUBLE_NAME = re.compile(rf"^[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)+$")


def _flag_tag(code: int) -> str:
    return f"sg{code:02x}"


class MentionFinder:
    """Finds mentions with one lexicon; build once, call :meth:`find` per document."""

    def __init__(self, lexicon: Lexicon, vocab: object) -> None:
        self.lexicon = lexicon
        self.flags = TokenFlags(lexicon)
        self.proper_names = ProperNames(lexicon.language)
        self.flags.register()
        self.matcher = Matcher(vocab)  # type: ignore[arg-type]
        self.surname_only_patterns: set[str] = set()
        # a noun for a kind of firm, also ending a compound ("Automobilzulieferer"), in any case
        self.company_word_pattern = (
            re.compile("(?:" + "|".join(map(re.escape, lexicon.company_words)) + ")(?:s|es|n|en)?$", re.IGNORECASE)
            if lexicon.company_words
            else None
        )
        for spec in lexicon.person_patterns:
            self.matcher.add(spec["id"], [TokenFlags.native_pattern(spec["pattern"])], greedy="LONGEST")
            if spec.get("surname_only"):
                self.surname_only_patterns.add(spec["id"])

    # ------------------------------------------------------------------------------------------

    def find(self, seg: Segmented) -> list[Mention]:
        doc = seg.doc
        persons = self._persons(doc)
        # "der Präsident der Handwerkskammer Schwarz": a surname of the text does not continue a name (kept with
        # the doc, not on this finder, which several threads may share)
        doc.user_data[_SURNAMES] = frozenset(doc[m.end - 1].text for m in persons)
        doc.user_data[_PERSON_ENDS] = frozenset(m.end - 1 for m in persons)
        taken = _taken(persons)
        documents = self._documents(doc, taken)
        taken |= _taken(documents)
        orgs = self._organizations(
            doc,
            taken
            - {i for m in documents if not m.quoted_title and m.end - m.start == 1 for i in range(m.start, m.end)},
        )
        orgs += self._names_among_organisations(doc, orgs, taken | _taken(orgs))
        # a name has a capital, a digit or a brand's dot ("hannoverimpuls GmbH", "media.net"); "der" between two
        # quoted names has none
        orgs = [m for m in orgs if "." in m.name or any(ch.isupper() or ch.isdigit() for ch in m.name)]
        orgs = [m for m in orgs if not self._describes(doc, m)]
        org_tokens = _taken(orgs)
        documents = [m for m in documents if not set(range(m.start, m.end)) & org_tokens]
        taken = _taken(persons) | _taken(documents) | org_tokens
        places = [
            _mention("place", doc, t.i, t.i + 1, t.text)
            for t in doc
            if t.text in self.lexicon.places
            and t.i not in taken
            # "das Essen", "der Harz": after an article a place name is rarely meant, except regions
            and not (t.i > 0 and doc[t.i - 1].text.lower() in {"das", "dem", "ein", "einem"})
        ]
        return sorted(persons + documents + orgs + places, key=lambda m: (m.start, -m.end))

    def _describes(self, doc: Doc, mention: Mention) -> bool:
        """'eine Anlaufstelle für Gründungsinteressierte', 'als Zentrum für autonomes Fahren', 'ist Zentrum für
        X': a head with its complement after an indefinite article, 'als' or a copula describes what something is;
        it names no organisation. A legal form, a brand or an acronym still names one ('eine Beispiel GmbH')."""
        if mention.start == 0 or doc[mention.start - 1].text.lower() not in _DESCRIBING:
            return False
        words = mention.name.split()
        complement = {"für", "zur", "zum"}  # what describes: "Zentrum für …", "Netzwerkplattform für …"
        return (
            len(words) > 1
            and bool(complement & set(words[1:]) or (mention.end < len(doc) and doc[mention.end].text in complement))
            and not any(self.lexicon.legal_form(w) for w in words)
            and not self._is_brand(words)
            and not any(w in self.lexicon.places for w in words)
        )

    def _inflected_adjective(self, word: str) -> bool:
        """An adjective with a declension ending, by HanTa's lexicon: 'Maritimen', 'Bergische', 'regionalen';
        not 'fit' or a name."""
        return _INFLECTED_ADJECTIVE.fullmatch(word) is not None and self.proper_names.is_adjective(word)

    def _names_among_organisations(self, doc: Doc, orgs: list[Mention], taken: set[int]) -> list[Mention]:
        """'… von Hamburg Aviation, Maritimes Cluster Norddeutschland, Logistik-Initiative Hamburg, Life Science
        Nord und nextMedia.Hamburg': in a list where two or more items are organisations, an item that reads as
        a proper name (HanTa, a brand or a place in it) is one too."""
        starts = {m.start: m for m in orgs}
        ends = {m.end: m for m in orgs}
        found: list[Mention] = []
        for first in sorted(orgs, key=lambda m: m.start):
            # the items of a list: runs between separators, starting right after an organisation
            items: list[tuple[int, int]] = []
            known = 1
            k = first.end
            sentence_end = doc[first.start].sent.end
            while k < sentence_end and doc[k].text in _LIST_SEPARATORS:
                start = k + 1
                if start in starts:
                    known += 1
                    k = starts[start].end
                    continue
                end = start
                while (
                    end < sentence_end
                    and end - start < 4
                    and doc[end].text not in _LIST_SEPARATORS | {".", ";", ":", "(", ")"}
                ):
                    end += 1
                if end == start or end in ends or any(i in taken for i in range(start, end)):
                    break
                items.append((start, end))
                k = end
            if known < 2:
                continue
            # the item before the first organisation: "von Hamburg Aviation, Maritimes Cluster …"
            if first.start >= 2 and doc[first.start - 1].text == "," and first.start - 1 not in ends:
                end = first.start - 1
                start = end
                while start > 0 and end - start < 4 and start - 1 not in taken and _is_name_token(doc[start - 1]):
                    start -= 1
                if start < end and not _is_name_token(doc[start - 1]):
                    items.insert(0, (start, end))
            for start, end in items:
                if self._list_item_reads_as_name(doc, start, end):
                    mention = _mention("org", doc, start, end, _join(doc[start:end]))
                    mention.subkind = self.kind_of_name(mention.name, default="other")
                    found.append(mention)
        return _longest(found)

    def _list_item_reads_as_name(self, doc: Doc, start: int, end: int) -> bool:
        words = [doc[i].text for i in range(start, end)]
        if not all(w[:1].isupper() or _BRAND.match(w) for w in words):
            return False  # "… und weitere Partner"
        generic = self.lexicon.standalone_with_article  # "IHKs, HWK und Vereine": kinds of bodies
        if len(words) == 1 and (
            words[0] in self.lexicon.places
            or words[0] in self.lexicon.stopwords
            or words[0] in generic
            or words[0].removesuffix("s") in generic
        ):
            return False
        return (
            self._is_brand(words)
            or any(w in self.lexicon.places for w in words)
            or any(self.proper_names.is_name(w) for w in words)
        )

    # persons -------------------------------------------------------------------------------

    def _persons(self, doc: Doc) -> list[Mention]:
        vocab_strings = self.matcher.vocab.strings
        found: list[Mention] = []
        self.flags.tag(doc)
        for match_id, start, end in self.matcher(doc):
            pattern = vocab_strings[match_id]
            tokens = doc[start:end]
            surname_only = pattern in self.surname_only_patterns
            titles: list[str] = []
            index = start
            # leading role words and titles are not part of the name
            while index < end - 1 and (tokens[index - start]._.sg_title or tokens[index - start]._.sg_role_or_address):
                if tokens[index - start]._.sg_title and tokens[index - start].text not in {
                    "Herr",
                    "Frau",
                    "Herrn",
                }:
                    titles.append(tokens[index - start].text)
                index += 1
            name_end = end
            if pattern in {"name-name-apposition", "academic-surname-apposition"}:
                name_end = start + [t.text for t in tokens].index(",")  # the name ends at the apposition's comma
            if (
                pattern == "name-name-apposition"
                and not tokens[0]._.sg_first_name
                and self.proper_names.is_common_word(tokens[0].text)
            ):
                continue  # "… Koordinator der Region Heilbronn-Franken, Sprecher …": a noun, not a first name
            if surname_only and end < len(doc) and (doc[end]._.sg_name_like or _NAME_NOUN.match(doc[end].text)):
                # "Ministerin Karin Weber" is found by the full-name pattern; "Gesellschafter Inexio
                # Informationstechnik KGaA" starts a company's name
                continue
            if end < len(doc) and (
                self.lexicon.legal_form(doc[end].text)
                or self.lexicon.org_head_kind(doc[end].text) in {"research", "company"}
                or doc[end].text in self.lexicon.name_carriers
            ):
                continue  # "Robert Bosch GmbH", "Max Planck Institut", "Ludwig Erhard Haus": a name inside a name
            last = doc[name_end - 1].text
            if "-" in last and self.lexicon.org_head_kind(last.rsplit("-", 1)[1]) is not None:
                continue  # "Johannes Gutenberg-Universität": an organisation named after a person
            if self._company_follows(doc, end):
                continue  # "Geschäftsführer Stahlbau Magdeburg GmbH": a role before a company, not a person
            name_tokens = doc[index:name_end]
            if not len(name_tokens):
                continue
            if (
                pattern == "role-name-name"
                and not name_tokens[0]._.sg_first_name
                and not self.proper_names.is_name(name_tokens[0].text)
            ):
                continue  # "Geschäftsführung Hotel Madeleine": a known noun is no unknown first name
            mention = _mention("person", doc, index, name_end, _join(name_tokens))
            mention.titles = titles
            mention.surname_only = surname_only
            found.append(mention)
        found += self._names_with_an_initial(doc)
        found = _longest(found)
        return _longest(found + self._names_beside_persons(doc, found))

    def _names_beside_persons(self, doc: Doc, persons: list[Mention]) -> list[Mention]:
        """'Gunnar Bertram, Holm Dömel, Gert Bauer und Karsten Kroll': two name-like words listed between
        persons are a person too, even with a first name the list does not know."""
        starts = {m.start for m in persons}
        ends = {m.end for m in persons}
        taken = _taken(persons)
        found: list[Mention] = []
        flags = self.flags
        texts = token_texts(doc)
        for i in range(1, len(doc) - 1):
            if texts[i - 1] not in {",", "und", "sowie"} or i in taken or i + 1 in taken:
                continue
            first, last = texts[i], texts[i + 1]
            if not (flags.name_like(first) and flags.surname(last, first)):
                continue
            before = i >= 2 and doc[i - 1].text in {",", "und", "sowie"} and i - 1 in ends
            after = i + 3 < len(doc) and doc[i + 2].text in {",", "und", "sowie"} and i + 3 in starts
            if before and after:
                found.append(_mention("person", doc, i, i + 2, f"{first} {last}"))
        return found

    def _names_with_an_initial(self, doc: Doc) -> list[Mention]:
        """'Prof. Dr. Uta M. Feser': a name-like word, a middle initial and a surname, even when the first name is
        not in the list (a scan for the rare initials is far cheaper than one more Matcher pattern)."""
        found: list[Mention] = []
        for match in _INITIAL_IN_TEXT.finditer(doc.text):
            span = doc.char_span(match.start(), match.end())
            if span is None or len(span) != 1:
                continue
            token = span[0]
            if not 0 < token.i < len(doc) - 1:
                continue
            first, last = doc[token.i - 1], doc[token.i + 1]
            if not (first._.sg_name_like and last._.sg_surname):
                continue
            start = token.i - 1
            titles: list[str] = []
            while start > 0 and (doc[start - 1]._.sg_title or doc[start - 1]._.sg_role_or_address):
                start -= 1
                if doc[start]._.sg_title and doc[start].text not in {"Herr", "Frau", "Herrn"}:
                    titles.insert(0, doc[start].text)
            mention = _mention("person", doc, token.i - 1, token.i + 2, _join(doc[token.i - 1 : token.i + 2]))
            mention.titles = titles
            found.append(mention)
        return found

    def _company_follows(self, doc: Doc, end: int) -> bool:
        """Capitalised words after ``end`` that run into a legal form within a few tokens."""
        index = end
        while index < len(doc) and index - end < 4 and doc[index].text[:1].isupper() and not doc[index].is_punct:
            if self.lexicon.legal_form(doc[index].text):
                return True
            index += 1
        return index < len(doc) and index - end < 4 and self.lexicon.legal_form(doc[index].text) is not None

    # documents -----------------------------------------------------------------------------

    def _documents(self, doc: Doc, taken: set[int]) -> list[Mention]:
        found: list[Mention] = []
        for token in doc:
            if token.i in taken:
                continue
            kind = self.lexicon.document_kind(token.text)
            if kind is None:
                continue
            title = self._quoted_title_after(doc, token.i)
            if title is not None:
                start, end = title
                mention = _mention("document", doc, start, end, doc[start:end].text)
                mention.subkind = kind
                mention.quoted_title = True
                found.append(mention)
                continue
            named = self._title_after_cue(doc, token.i, taken)
            if named is not None:
                mention = _mention("document", doc, token.i, named, _join(doc[token.i : named]))
                mention.subkind = kind
                found.append(mention)
                continue
            if token.i + 2 < len(doc) and doc[token.i + 1].text == "of" and doc[token.i + 2].text[:1].isupper():
                mention = _mention("document", doc, token.i, token.i + 3, doc[token.i : token.i + 3].text)
                mention.subkind = kind  # "Memorandum of Understanding"
                found.append(mention)
                continue
            english = self._capitalised_title_ending_at(doc, token.i)
            if english is not None:
                mention = _mention("document", doc, english[0], english[1], doc[english[0] : english[1]].text)
                mention.subkind = kind
                found.append(mention)
                continue
            start, end = self._described_document(doc, token.i, taken)
            mention = _mention("document", doc, start, end, _join(doc[start:end]).removesuffix("."))
            mention.subkind = kind
            mention.described = end - start > 1
            found.append(mention)
        return _longest(found)

    def _described_document(self, doc: Doc, cue: int, taken: set[int]) -> tuple[int, int]:
        """A cue noun with what names it: an adjective before it ('Regionale Innovationsstrategie', 'die
        hessische Innovationsstrategie', 'Thüringer …') and a year after it ('… 2020'). A genitive after it stays
        out: 'der Stadt Zwickau' in 'Konzept der Stadt Zwickau' names the organisation, not the title."""
        lexicon = self.lexicon
        start, end = cue, cue + 1
        if cue > 0 and cue - 1 not in taken:
            word = doc[cue - 1].text
            lower = word.lower()
            if word[:1].isupper() and not doc[cue - 1].is_sent_start:
                adjective = _place_adjective(word, lexicon) or (
                    word.endswith(("e", "en"))
                    and lower not in _QUANTIFIERS
                    and re.sub(r"[nrs]$", "", lower) not in _PLAIN_ADJECTIVES  # "Neue Kooperationsvereinbarung"
                    and self._inflected_adjective(word)
                )
            else:
                adjective = lexicon.is_government_adjective(word)
            if adjective:
                start = cue - 1
        if end < len(doc) and (_YEAR.match(doc[end].text) or _YEAR_SPAN.match(doc[end].text)):
            end += 1
            if end + 1 < len(doc) and doc[end].text == "/" and re.fullmatch(r"\d\d\.?", doc[end + 1].text):
                end += 2  # "Arbeitsprogramm 2016/17", split by the tokenizer ("17." at a sentence end)
        return start, end

    def _quoted_title_after(self, doc: Doc, cue: int) -> tuple[int, int] | None:
        """„Title“ right after a cue noun (optionally after a colon or a word like 'mit dem Titel')."""
        index = cue + 1
        skipped = 0
        while index < len(doc) and skipped < 3 and doc[index].text not in QUOTE_CHARS:
            if doc[index].text in {"Titel", "Namen", ":", "mit", "dem", "den"}:
                index += 1
                skipped += 1
                continue
            return None
        if index >= len(doc) or doc[index].text not in QUOTE_CHARS:
            return None
        start = index + 1
        end = start
        while end < len(doc) and doc[end].text not in QUOTE_CHARS and end - start <= 25:
            if "\n" in doc[end].text:
                return None
            end += 1
        if end >= len(doc) or doc[end].text not in QUOTE_CHARS or end == start:
            return None
        return start, end

    def _title_after_cue(self, doc: Doc, cue: int, taken: set[int]) -> int | None:
        """'Masterplan Metall Brandenburg 2020', 'Strategie Digitales Bayern 2030': a cue, names, a year."""
        end = cue + 1
        while (
            end < len(doc)
            and end - cue <= 4
            and end not in taken
            and (_NAME_NOUN.match(doc[end].text) or doc[end].text in self.lexicon.places)
            and doc[end].text not in self.lexicon.stopwords
        ):
            end += 1
        if end < len(doc) and _YEAR.match(doc[end].text) and end > cue + 1:
            return end + 1  # the year makes it a title
        return None

    def _capitalised_title_ending_at(self, doc: Doc, cue: int) -> tuple[int, int] | None:
        """Titles such as 'European Cluster Panorama Report 2024': capitalised words ending in a cue."""
        start = cue
        while start > 0 and _is_title_word(doc[start - 1]) and doc[start - 1].text not in self.lexicon.stopwords:
            start -= 1
        end = cue + 1
        if end < len(doc) and _YEAR.match(doc[end].text):
            end += 1
        if cue - start < 2:  # at least three words: a single "Studie" is no title
            return None
        if not any(doc[i].text.isascii() and doc[i].text[:1].isupper() for i in range(start, cue)):
            return None
        return start, end

    # organisations -------------------------------------------------------------------------

    def _organizations(self, doc: Doc, taken: set[int]) -> list[Mention]:
        lexicon = self.lexicon
        found: list[Mention] = self._quoted_names(doc, taken)
        taken = taken | _taken(found)
        for token in doc:
            if token.i in taken:
                continue
            text = token.text
            suffix = text.rsplit(".", 1)[-1]
            if (
                _BRAND.match(text)
                # "Chemie.NRW", "media.net"; a region after the dot too: "automotive.saarland"
                and (suffix.lower() in lexicon.brand_suffixes or suffix[:1].upper() + suffix[1:] in lexicon.places)
                and not text.lower().startswith("www.")  # a web address names a site, not the organisation
            ):
                found.append(self._brand(doc, token.i))
                continue
            if (
                text in {"Land", "Freistaat", "Landes", "Freistaates"}
                and token.i + 1 < len(doc)
                and token.i + 1 not in taken
                and _is_place(doc[token.i + 1].text, lexicon)
                and token.i > 0
                and doc[token.i - 1].text.lower() in {"das", "dem", "des", "der", "vom"}
                and (text in {"Land", "Freistaat"}) != (doc[token.i - 1].text.lower() == "des")
            ):
                # "Das Land Baden-Württemberg beteiligt sich", "der Freistaat Sachsen", "Ministerpräsident des
                # Landes Schleswig-Holstein" (inside a ministry's name the longer name wins): a government
                base = "Land" if text.startswith("Land") else "Freistaat"
                mention = _mention("org", doc, token.i, token.i + 2, f"{base} {doc[token.i + 1].text}")
                mention.subkind = "government"
                found.append(mention)
                continue
            plural = self._plural_head_with_places(doc, token.i, taken)
            if plural:
                found += plural  # "die Handwerkskammern Flensburg und Lübeck": one organisation per place
                taken = taken | _taken(plural)
                continue
            company = _COMPANY_COMPOUND.match(text)
            if (
                company
                and company.group(1) not in lexicon.places
                and company.group(1) not in lexicon.stopwords
                # "der Bosch-Konzern", "die IKEA-Gruppe"; "Leuchtturm-Unternehmen" is a kind of firm, not a firm
                and (
                    "Unternehmen" not in text
                    or sum(c.isupper() for c in company.group(1)) >= 2
                    or self.proper_names.is_name(company.group(1))
                )
            ):
                # "der Bosch-Konzern": the company is the first part; "die Otto-Gruppe" is the group's name
                if text.endswith("Gruppe"):
                    mention = _mention("org", doc, token.i, token.i + 1, text)
                    mention.alias = company.group(1)
                else:
                    name = company.group(1)
                    mention = Mention("org", token.i, token.i + 1, token.idx, token.idx + len(name), name)
                mention.subkind = "company"
                found.append(mention)
                continue
            if lexicon.legal_form(text) and lexicon.org_head_kind(text) is not None:
                # "ÖHMI Aktiengesellschaft": a legal form that is also a head noun names the company before it
                span = self._name_before_legal_form(doc, token.i, taken)
                if span is not None:
                    mention = _mention("org", doc, span[0], span[1], _join(doc[span[0] : span[1]]))
                    mention.subkind = lexicon.legal_form(text) or "company"
                    found.append(mention)
                    continue
            kind = lexicon.org_head_kind(text) if text[:1].isupper() else None
            if (
                kind is None
                and _COUNCIL.match(text)
                and token.i + 1 < len(doc)
                and _is_place(doc[token.i + 1].text, lexicon)
                and not lexicon.is_role_word(text)
            ):
                kind = "other"  # "Ernährungsrat Niedersachsen", "Wirtschaftsrat Deutschland": a council of a place
            descriptor = _uninflected(text, lexicon) in lexicon.generic_before_brand
            if kind is not None and not descriptor and _generic_descriptor(text, lexicon):
                # "der Regionalmanagementverein MitteHessen": a compound descriptor before a brand name
                after = self._name_after_generic(doc, token.i + 1, taken)
                # the name right after is itself a brand ("MitteHessen"), not a description ("Handwerk NRW")
                descriptor = after is not None and self._is_brand([doc[after[0]].text])
            if kind is not None and descriptor:
                brand = self._name_after_generic(doc, token.i + 1, taken)
                if brand is not None:
                    words = [doc[i].text for i in range(brand[0], brand[1])]
                    if (
                        brand[1] < len(doc)
                        and brand[1] not in taken
                        and lexicon.legal_form(doc[brand[1]].text)
                        and _uninflected(text, lexicon) in {"Verein", "Firma", "Unternehmen", "Organisation"}
                    ):
                        brand = (brand[0], brand[1] + 1)  # "der Verein Nordlicht e. V.": the name has its legal form
                    elif (
                        not self._is_brand(words)
                        and doc[token.i + 1].text not in {"von", "der", "des"}
                        # "der Verein Kreatives Leipzig": "Verein" only describes; a network's head is its name's
                        and _uninflected(text, lexicon) not in {"Verein", "Firma", "Unternehmen", "Organisation"}
                    ):
                        brand = (token.i, brand[1])  # "Cluster Sondermaschinen- und Anlagenbau" keeps its head
                        if (
                            token.i >= 2
                            and token.i - 1 not in taken
                            and doc[token.i - 2].text.lower() in _ARTICLES_ALL
                            and doc[token.i - 1].text[:1].isupper()
                            and doc[token.i - 1].text not in lexicon.stopwords
                            and self._inflected_adjective(doc[token.i - 1].text)
                        ):
                            brand = (token.i - 1, brand[1])  # "des Maritimen Clusters Nordsee": its adjective too
                        if brand[1] < len(doc) and brand[1] not in taken and lexicon.legal_form(doc[brand[1]].text):
                            brand = (brand[0], brand[1] + 1)  # "Netzwerk Holz e.V."
                    name = _normalise_head(_join(doc[brand[0] : brand[1]]), lexicon)
                    mention = _mention("org", doc, brand[0], brand[1], name)
                    mention.subkind = self.kind_of_name(mention.name, default=kind)
                    found.append(mention)
                    continue
            if kind is not None and kind not in {"company"}:
                span = self._grow_head(doc, token.i, taken)
                if span is None:
                    continue
                start, end = span
                if end < len(doc) and end not in taken and lexicon.legal_form(doc[end].text):
                    end += 1  # "Bundesverband der Deutschen Industrie e.V."
                if (
                    start == token.i
                    and end - start > 2
                    and lexicon.legal_form(doc[end - 1].text)
                    and text.endswith("s")  # inflected: a descriptor, not the first word of a name
                    and _generic_descriptor(text, lexicon)
                    and not re.match(r"^[A-ZÄÖÜ][a-zäöü]{2,}(er|en|e)$", doc[start + 1].text)  # not "The"
                ):
                    start += 1  # "des Branchenverbandes Silicon Saxony e. V.": the inflected descriptor is no part
                name = _normalise_head(_join(doc[start:end]), lexicon)
                if name.endswith(".") and not lexicon.ends_with_legal_form(name):
                    name = name[:-1]
                if start < token.i and start > 0 and doc[start - 1].text == "des":
                    name = nominative_first_word(name)  # "des Freundeskreises Hochschule X" (the head comes later)
                inner = re.search(r" \(([^()]+)\) ", name)
                if inner:
                    name = name.replace(inner.group(0), " ")
                mention = _mention("org", doc, start, end, name)
                mention.subkind = kind
                mention.alias = inner.group(1) if inner else None
                found.append(mention)
                continue
            if (
                lexicon.legal_form(text)
                or ("-" in text and lexicon.legal_form(text.rsplit("-", 1)[1]))  # "Fara Verwaltungs-GmbH"
                or (text[:1].isupper() and lexicon.org_heads.get(text.lower(), ("", False))[0] == "company")
            ):
                span = self._name_before_legal_form(doc, token.i, taken)
                if span is not None:
                    name = _join(doc[span[0] : span[1]])
                    if name.endswith(".") and not lexicon.ends_with_legal_form(name):
                        name = name[:-1]  # the sentence's full stop, not part of "GmbH"
                    if span[0] > 0 and doc[span[0] - 1].text == "des":
                        name = nominative_first_word(name)  # "des Freundeskreises X e. V." -> "Freundeskreis X e. V."
                    mention = _mention("org", doc, span[0], span[1], name)
                    mention.subkind = lexicon.legal_form(text) or "company"
                    found.append(mention)
                continue
            if _unknown_acronym(doc, token.i, lexicon) and not _inside_parentheses(doc, token.i):
                # "die ZAB", "beim BMWi", "der TH-ERN": an abbreviation after an article names an organisation;
                # "im ADT Bundesverband": with the head noun that follows it
                end = token.i + 1
                head_kind = lexicon.org_head_kind(doc[end].text) if end < len(doc) and end not in taken else None
                if head_kind is not None and doc[end].text[:1].isupper():
                    end += 1
                elif end < len(doc) and end not in taken and _is_place(doc[end].text, lexicon):
                    end += 1  # "des IGZ Bamberg": the place belongs to the name
                mention = _mention("org", doc, token.i, end, _join(doc[token.i : end]))
                mention.subkind = head_kind or "other"
                found.append(mention)
                continue
            if text in lexicon.acronyms and not _inside_parentheses(doc, token.i):
                end = token.i + 1
                while end < len(doc) and end not in taken and doc[end].text in lexicon.places:
                    end += 1
                mention = _mention("org", doc, token.i, end, _join(doc[token.i : end]))
                mention.subkind = lexicon.acronyms[text]
                found.append(mention)
        found = _longest(found)
        found += self._names_in_lists(doc, taken | _taken(found))
        found += self._names_after_company_words(doc, taken | _taken(found))
        found += self._camel_case_names(doc, taken | _taken(found))
        found += self._names_with_a_region_mark(doc, taken | _taken(found))
        for mention in found:
            mention.alias = mention.alias or _parenthesised_alias(doc, mention.end)
        return found

    def _names_in_lists(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """'Unternehmen wie B.Braun, Fresenius und Novocure', 'darunter Geistlich Pharma und Medisupport': the
        items of a list of organisations that the proper-name test takes for names (organizations.yaml:
        name_list_nouns, name_list_openers); names found otherwise stay in the list."""
        lexicon = self.lexicon
        found: list[Mention] = []
        n = len(doc)
        texts = token_texts(doc)  # plain strings: this scan visits every token
        firsts = {opener[0] for opener in lexicon.name_list_openers}
        for i, text in enumerate(texts):
            start = None
            if text == "wie" and i > 0 and self._names_a_list(texts, i):
                start = i + 1
            elif text.lower() in firsts:
                for opener in lexicon.name_list_openers:
                    if tuple(t.lower() for t in texts[i : i + len(opener)]) == opener:
                        start = i + len(opener)
            if start is None:
                continue
            k = start
            while k < n:
                while k < n and doc[k].text.lower() in _ARTICLES_ALL | {"auch", "etwa", "beispielsweise"}:
                    k += 1
                if k < n and k in taken:
                    while k < n and k in taken:
                        k += 1  # a name found otherwise ("die TU Kaiserslautern"): the list goes on
                else:
                    end = k
                    while (
                        end < n
                        and end - k < 4
                        and end not in taken
                        and (
                            doc[end].text[:1].isupper()
                            or doc[end].text in {"&", "+"}
                            or (end == k and _BRAND.match(doc[end].text))
                        )
                        and doc[end].text not in lexicon.stopwords
                    ):
                        end += 1
                    if end == k or not self._list_item_is_name(doc, k, end):
                        break
                    mention = _mention("org", doc, k, end, _join(doc[k:end]))
                    owner, _, thing = doc[k].text.partition("-")
                    if end == k + 1 and owner and thing[:1].isupper() and not self.proper_names.is_name(thing):
                        # "die IKEA-Ansiedlung": the company is the first part, the rest a common noun
                        mention = Mention("org", k, end, doc[k].idx, doc[k].idx + len(owner), owner)
                    mention.subkind = self.kind_of_name(mention.name, default="company")
                    found.append(mention)
                    k = end
                if k < n and doc[k].text in {",", "und", "sowie", "oder"}:
                    k += 1
                    continue
                break
        return found

    def _names_after_company_words(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """'der Automobilzulieferer Faurecia', 'des Hamburger Start-ups Beagle Systems', 'das Unternehmen
        Kruschitz' (:meth:`_describes_a_firm`), and 'der bei Engel Austria …' (:meth:`_says_where_someone_works`):
        a cue before a name that the proper-name test takes for one names a firm. The cue is no part of the name."""
        found: list[Mention] = []
        texts = token_texts(doc)
        persons = doc.user_data.get(_PERSON_ENDS, frozenset())
        for i in range(1, len(doc) - 1):
            if i in taken or i + 1 in taken:
                continue
            cue = (
                self._says_where_someone_works(texts, i, persons)
                if texts[i] == "bei"
                else self._describes_a_firm(texts, i)
            )
            if cue:
                mention = self._firm_name_after(doc, texts, i, taken)
                if mention is not None:
                    found.append(mention)
        return found

    def _describes_a_firm(self, texts: list[str], i: int) -> bool:
        """A noun for a kind of firm (organizations.yaml: company_words, also as the end of a compound) after an
        article and at most a few adjectives: 'der Automobilzulieferer', 'des jungen Hamburger Start-ups'."""
        word = texts[i]
        if not word[:1].isupper() or self.company_word_pattern is None or not self.company_word_pattern.search(word):
            return False
        k = i - 1
        while k > max(0, i - 4) and (
            (texts[k][:1].islower() and texts[k] not in _ARTICLES_ALL) or _place_adjective(texts[k], self.lexicon)
        ):
            k -= 1
        return texts[k].lower() in _ARTICLES_ALL

    def _says_where_someone_works(self, texts: list[str], i: int, persons: frozenset[int]) -> bool:
        """'bei' where someone works: a word of work near it (employment_words: "der bei X für die Forschung
        verantwortlich ist", "war zuvor bei X tätig"), or a noun apposition to a person ("Thomas Haubold, Senior
        Innovation Consultant bei TREND ONE"; not a relative clause: "Kai Beispiel, der bei Olympia 2024 startete")."""
        if any(t in self.lexicon.employment_words for t in texts[max(0, i - 3) : _clause_end(texts, i, 10)]):
            return True
        return texts[i - 1] not in {"der", "die"} and any(
            k in persons for k in range(max(0, i - 6), i - 1) if texts[k + 1] == ","
        )

    def _firm_name_after(self, doc: Doc, texts: list[str], i: int, taken: set[int]) -> Mention | None:
        """The firm's name after the cue at ``i``: up to three capitalised words that are no common words
        ("Beagle Systems", "Engel Austria") and a legal form; None when the first word is no name."""
        lexicon = self.lexicon
        n = len(texts)
        first = texts[i + 1]
        if (
            first in lexicon.stopwords
            or first in lexicon.places
            or first.removesuffix("s") in lexicon.places  # "die Unternehmen Sachsens"
            or first in doc.user_data.get(_SURNAMES, ())  # "der IT-Spezialist Schmidt" is a person
            or first in lexicon.first_names
            or lexicon.org_head_kind(first) is not None
            or not (sum(c.isupper() for c in first) >= 2 or self.proper_names.is_name(first))
        ):
            return None
        end = i + 2
        while (
            end < n
            and end - i <= 3
            and end not in taken
            and texts[end][:1].isupper()
            and texts[end] not in lexicon.stopwords
            and texts[end] not in lexicon.places
            and (lexicon.org_head_kind(texts[end]) == "company" or not self.proper_names.is_common_word(texts[end]))
        ):
            end += 1
        if end < n and end not in taken and lexicon.legal_form(texts[end]):
            end += 1
        mention = _mention("org", doc, i + 1, end, _join(doc[i + 1 : end]))
        mention.subkind = self.kind_of_name(mention.name, default="company")
        return mention

    def _names_with_a_region_mark(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """'Präsident von Handwerk BW', 'Andreas Ehrhardt von Photonics BW': a word and a region's short form
        in capitals (organizations.yaml: brand_suffixes) after an article or preposition name a network."""
        lexicon = self.lexicon
        found: list[Mention] = []
        texts = token_texts(doc)
        for i in range(2, len(texts)):
            text = texts[i]
            if not (text.isupper() and text.lower() in lexicon.brand_suffixes) or {i, i - 1} & taken:
                continue
            word = texts[i - 1]
            if (
                _NAME_NOUN.match(word) is None
                or word in lexicon.stopwords
                or word in lexicon.places
                or word in lexicon.not_before_region_marks  # "das Land NRW" is its government, "Raum NRW" a place
                or lexicon.org_head_kind(word) is not None
                or texts[i - 2].lower() not in _FUNCTION_WORDS
            ):
                continue
            mention = _mention("org", doc, i - 1, i + 1, f"{word} {text}")
            mention.subkind = self.kind_of_name(mention.name, default=lexicon.brand_kind)
            found.append(mention)
        return found

    def _camel_case_names(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """'TechnologieZentrumDresden', 'SüdniedersachsenStiftung', 'ProduktionNRW': a word with a capital inside
        is a made name; it names an organisation when a part after the first is an organisation's head or a
        region's short form. Not gendered plurals ('MitarbeiterInnen'), titles ('MdB'), legal forms or document
        cues ('MoU')."""
        lexicon = self.lexicon
        found: list[Mention] = []
        # plain strings first: this scan visits every token, and few words have a capital inside
        for i, text in enumerate(token_texts(doc)):
            if len(text) < 5 or _CAMEL_CASE.search(text) is None or i in taken:
                continue
            if (
                not text.isalpha()
                or text.endswith(("Innen", "In"))
                or text in lexicon.stopwords
                or doc[i]._.sg_title
                or lexicon.legal_form(text)
                or lexicon.document_kind(text) is not None
            ):
                continue
            parts = _CAMEL_PARTS.split(text)
            if not any(
                lexicon.org_head_kind(part) is not None or part.lower() in lexicon.brand_suffixes for part in parts[1:]
            ):
                continue  # "LifeSciences", "PresseBox": no head or region that makes the word an organisation's name
            mention = _mention("org", doc, i, i + 1, text)
            mention.subkind = self.kind_of_name(text, default=lexicon.brand_kind)
            found.append(mention)
        return found

    def _names_a_list(self, texts: list[str], wie: int) -> bool:
        """Does a noun of organisations stand before 'wie' at ``wie``: 'Unternehmen wie', a compound
        ('Software-Unternehmen wie', 'Biotechfirmen wie'), perhaps with a genitive or place after it
        ('Leuchtturm-Unternehmen der Region wie')?"""
        nouns = self.lexicon.name_list_nouns
        k = wie - 1
        if k >= 2 and texts[k - 1] in {"der", "des", "aus", "in"}:
            k -= 2  # "… der Region wie", "… aus Bayern wie"
        word = texts[k]
        if word in nouns:
            return True
        tail = word.rsplit("-", 1)[-1]
        # a compound ends with the noun; short nouns end unrelated compounds too ("Datenbanken", "Stammkunden")
        return tail in nouns or any(
            len(noun) >= 7 and word.endswith(noun.lower()) and len(word) > len(noun) + 2 and word[:1].isupper()
            for noun in nouns
        )

    def _list_item_is_name(self, doc: Doc, start: int, end: int) -> bool:
        first = doc[start].text
        lexicon = self.lexicon
        if first in lexicon.places or first in lexicon.first_names or first in lexicon.not_name_words:
            return False
        if lexicon.org_head_kind(first) is not None or lexicon.is_role_word(first):
            return False
        acronym = sum(c.isupper() for c in first) >= 2
        return acronym or self.proper_names.is_name(first.split(".")[0] if "." in first else first)

    def _quoted_names(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """den Verein „X e.V.“, das „Verpackungscluster Y“: a quoted organisation name."""
        lexicon = self.lexicon
        found = []
        for token in doc:
            if token.text not in QUOTE_CHARS or token.i in taken or token.i + 1 >= len(doc):
                continue
            end = token.i + 1
            while end < len(doc) and doc[end].text not in QUOTE_CHARS and end - token.i <= 10:
                if "\n" in doc[end].text:
                    break
                end += 1
            if end >= len(doc) or doc[end].text not in QUOTE_CHARS or end == token.i + 1 or end - token.i > 10:
                continue
            if (
                (
                    token.i > 0
                    and not doc[token.i - 1].whitespace_
                    and not doc[token.i - 1].is_space
                    and doc[token.i - 1].text not in _OPENING_PUNCTUATION
                )
                or doc[end - 1].whitespace_
                or doc[end].text not in QUOTE_PAIRS.get(token.text, QUOTE_CHARS)
            ):
                # 'aus „Bremen und umzu“ haben den Verein „X“': a closing mark cannot open a name, nor an
                # opening mark close one
                continue
            inner = doc[token.i + 1 : end]
            previous = doc[token.i - 1].text if token.i > 0 else ""
            if len(inner) == 1 and inner[0].text.islower() and self.proper_names.has_verb([inner[0].text]):
                continue  # 'seiner Wirtschaftsförderung „versprach“ er': a word in quotes, not a brand
            if lexicon.document_kind(previous) is not None or any(t.i in taken for t in inner):
                continue
            genitive = next((t.i for t in inner if t.text in {"der", "des"}), end)
            if not any(
                lexicon.org_head_kind(t.text) or lexicon.legal_form(t.text) for t in doc[token.i + 1 : genitive]
            ) and not (previous[:1].isupper() and lexicon.org_head_kind(previous)):
                continue  # "„Wünsche und Forderungen der Handwerkskammer X“": the name is in the genitive
            heads = [lexicon.org_head_kind(t.text) for t in inner if t.text[:1].isupper()]
            legal = [k for k in (lexicon.legal_form(t.text) for t in inner) if k]
            before_kind = lexicon.org_head_kind(previous) if previous[:1].isupper() else None
            kinds = [k for k in heads if k is not None]
            if not (kinds or legal or before_kind):
                continue
            if any(t.text in {".", "!", "?"} for t in inner) or any(t.text in lexicon.speech_verbs for t in inner):
                continue  # a sentence (or the gap between two quotations), not a name
            if any(
                t.text[:1].islower() and t.text.lower() not in _FUNCTION_WORDS and not lexicon.legal_form(t.text)
                for t in inner[1:]
            ):
                continue  # "Großes Dankeschön vonseiten der …" is a phrase, not a name
            mention = _mention("org", doc, token.i + 1, end, _join(inner))
            if (
                before_kind is not None
                and not kinds
                and not legal
                and _uninflected(previous, lexicon) not in lexicon.generic_before_brand
            ):
                # "der Enquetekommission "Mittelständische Unternehmen"": a specific head before a quoted
                # description belongs to the name ("den Verein „X“" does not)
                mention = _mention("org", doc, token.i - 1, end + 1, _join(doc[token.i - 1 : end + 1]))
                mention.name = _normalise_head(mention.name, lexicon)
            mention.subkind = (legal or kinds or [before_kind])[-1] or "other"
            found.append(mention)
        return found

    def _plural_head_with_places(self, doc: Doc, index: int, taken: set[int]) -> list[Mention]:
        """'die Handwerkskammern Flensburg und Lübeck', 'die Hochschulen in Kiel und Lübeck': a plural head
        before places joined by 'und' names one organisation per place ('Handwerkskammer Flensburg' …).
        Each mention covers the place; its evidence runs from the head to the place."""
        text = doc[index].text
        if not text[:1].isupper() or not text.endswith(("n", "e")):
            return []
        singular, kind = next(
            (
                (text[: -len(end)], kind)
                for end in ("en", "n", "e")  # "Handwerkskammern", "Hochschulen", "Landkreise", "Kantone"
                if text.endswith(end)
                and (end != "e" or text.endswith(("kreise", "Kantone")))  # "Mitgliedsinstitute" name no bodies
                and len(text) > len(end) + 4
                and (kind := self.lexicon.org_head_kind(text[: -len(end)])) is not None
            ),
            (None, None),
        )
        # "die Länder Berlin und Brandenburg" stay places: annotated as organisations in 2 of 7 development cases
        if (
            singular is None
            or kind == "company"
            or (
                kind == "government"
                # "die Landkreise A und B", "die Gemeinden A und B", "die Kommunen A, B und C"
                and not singular.endswith("kreis")
                and not singular.lower().endswith("gemeinde")
                and singular not in {"Kanton", "Kommune"}
            )
        ):
            return []
        k = index + 1
        located = k < len(doc) and doc[k].text == "in"
        if located:
            k += 1
        # "die Industrie- und Handelskammern in …": the truncated first part belongs to each name
        prefix = ""
        if index >= 2 and doc[index - 1].text == "und" and doc[index - 2].text.endswith("-"):
            prefix = f"{doc[index - 2].text} und "
        places: list[tuple[int, int]] = []
        # towns too small for the gazetteer count inside a list that names at least one known place
        while (
            k < len(doc)
            and k not in taken
            and (_is_place(doc[k].text, self.lexicon) or _NAME_WORD.match(doc[k].text) or doc[k].text in _TOWN_PREFIXES)
            and not self.flags.first_name(doc[k].text)
        ):
            item = k
            if doc[k].text in _TOWN_PREFIXES:
                if k + 1 >= len(doc) or not _NAME_WORD.match(doc[k + 1].text):
                    break
                k += 1  # "St. Wendel", "Bad Kissingen": one town of two words
            place_end = _place_qualifier(doc, k + 1, self.lexicon)  # "Nienburg/Weser"
            places.append((item, place_end))
            if place_end + 1 < len(doc) and doc[place_end].text in {",", "und", "sowie"}:
                k = place_end + 1
                continue
            break
        known = sum(_is_place(doc[start].text, self.lexicon) for start, _ in places)
        if (
            len(places) < 2
            or not known
            or any(
                doc[start].text in self.lexicon.stopwords or self.lexicon.org_head_kind(doc[start].text)
                for start, _ in places
            )
        ):
            return []
        found = []
        for start, end in places:
            place = doc[start:end].text
            # "die Hochschulen in Hof und Bayreuth" -> "Hochschule in Hof", as the text puts it
            name = f"{prefix}{singular} {'in ' if located else ''}{place}"
            mention = Mention("org", start, end, doc[index].idx, doc[end - 1].idx + len(doc[end - 1].text), name)
            mention.subkind = kind
            found.append(mention)
        return found

    def _brand(self, doc: Doc, index: int) -> Mention:
        mention = _mention("org", doc, index, index + 1, doc[index].text)
        mention.subkind = self.kind_of_name(doc[index].text, default=self.lexicon.brand_kind)
        return mention

    def kind_of_name(self, name: str, default: str) -> str:
        # German compounds carry their head at the end: read the parts from the right
        for part in reversed(re.split(r"[\s.]+", name)):
            kind = self.lexicon.org_head_kind(part)
            if kind is not None and kind != "other":
                return kind
        squashed = re.sub(r"[\s.\-]", "", name)
        kind = self.lexicon.org_head_kind(squashed[:1].upper() + squashed[1:].lower())
        return kind if kind not in (None, "other") else default

    def _name_after_generic(self, doc: Doc, index: int, taken: set[int]) -> tuple[int, int] | None:
        """'Cluster Chemie.BW', 'Geschäftsstelle von KI Region OWL': the name after a generic head."""
        if index < len(doc) and doc[index].text in {"von", "der", "des"}:
            # "Geschäftsstelle von KI Region OWL" names a brand; "Cluster der Ernährungswirtschaft" describes
            if index + 1 >= len(doc) or not self._is_brand([doc[index + 1].text]):
                return None
            index += 1
        start = index
        end = index
        while end < len(doc) and end not in taken and end - start < 6:
            if _is_brand_word(doc[end], self.lexicon):
                end += 1
            elif (
                doc[end].text in {"&", "+"}
                and end > start
                and end + 1 < len(doc)
                and end + 1 not in taken
                and _is_brand_word(doc[end + 1], self.lexicon)
            ):
                end += 2  # "Cluster Food & Nutrition"
            elif (
                doc[end].text in {"und", "sowie"}
                and end > start
                and doc[end - 1].text.endswith("-")
                and end + 1 < len(doc)
                and doc[end + 1].text[:1].isupper()
            ):
                end += 2
                break  # "Sondermaschinen- und Anlagenbau" ends the name
            else:
                break
        if end == start:
            return None
        words = [doc[i].text for i in range(start, end)]
        if len(words) == 1 and (words[0] in self.lexicon.not_name_words or words[0] in self.lexicon.places):
            return None
        return start, end

    def _is_brand(self, words: list[str]) -> bool:
        """A self-standing name ("Chemie.BW", "KI Region OWL", "BioRiver") rather than a description."""
        return any(_BRAND.match(w) or (w.isupper() and len(w) > 1) or re.search(r"[a-zäöü][A-ZÄÖÜ]", w) for w in words)

    def _grow_head(self, doc: Doc, head: int, taken: set[int]) -> tuple[int, int] | None:
        lexicon = self.lexicon
        start = head
        # capitalised adjectives before the head: "Technische Universität", "Deutscher Gewerkschaftsbund"
        while (
            start > 0
            and start - 1 not in taken
            and re.match(r"^[A-ZÄÖÜ][a-zäöü]+(?:-[A-ZÄÖÜ][a-zäöü]+)*(e|er|es|en|sche|schen)$", doc[start - 1].text)
            and doc[start - 1].text not in lexicon.stopwords
            and not _NOUN_PLURAL.search(doc[start - 1].text)  # "ihren Tochtergesellschaften IHK …": a noun
            and doc[start - 1].text.lower().rstrip("nrs") not in _PLAIN_ADJECTIVES  # "Neues Netzwerk stärkt …"
            and lexicon.org_head_kind(doc[start - 1].text) is None
            and not doc[start - 1]._.sg_role
            and (not doc[start - 1].is_sent_start or _place_adjective(doc[start - 1].text, lexicon))
        ):
            start -= 1
        # "das bayerische Staatsministerium", "der sächsischen Landesregierung"
        if (
            start == head
            and start > 0
            and start - 1 not in taken
            and lexicon.org_head_kind(doc[head].text) in {"ministry", "government"}
            and lexicon.is_government_adjective(doc[start - 1].text)
        ):
            start -= 1
        # truncated compounds: "Industrie- und Handelskammer", "Innovations- und Technikbeirat"
        truncated = start
        while (
            start >= 2
            and doc[start - 1].text in {"und", "sowie", ","}
            and doc[start - 2].text.endswith("-")
            and doc[start - 2].text[:1].isupper()
            and start - 2 not in taken
        ):
            start -= 2
        if (
            start < truncated
            and start > 0
            and start - 1 not in taken
            and doc[start - 1].text[:1].isupper()
            and not doc[start - 1].is_sent_start
            and self._inflected_adjective(doc[start - 1].text)
        ):
            start -= 1  # "die Bergische Industrie- und Handelskammer" ("der Bergischen …" is put in the nominative)
        # English heads take their place before them: "Ulm News", "Wetzlar Network"
        if (
            start == head
            and start >= 1
            and start - 1 not in taken
            and doc[head].text in lexicon.place_prefixed_heads
            and doc[start - 1].text in lexicon.places
        ):
            start -= 1
        # a capitalised adjective opening a sentence or heading: "Maritimes Cluster Norddeutschland feiert …"
        # (only with a complement after the head: "Neues Netzwerk gegründet" names nothing)
        sentence_adjective = False
        if (
            start == head
            and start >= 1
            and start - 1 not in taken
            and doc[start - 1].is_sent_start
            and re.match(r"^[A-ZÄÖÜ][a-zäöüß]{3,}(?:es|e|er)$", doc[start - 1].text)
            and doc[start - 1].text not in lexicon.stopwords
            and doc[start - 1].text not in lexicon.places
            and lexicon.org_head_kind(doc[start - 1].text) is None
            and not doc[start - 1]._.sg_role
        ):
            start -= 1
            sentence_adjective = True
        # a proper noun between an article and the head: "die Muthesius Kunsthochschule Kiel", "des Rhein-Main
        # Verkehrsverbundes", "des Münchner Biotech Clusters" (a place adjective belongs to the name)
        place_adjective = (
            start >= 3
            and start - 2 not in taken
            and _place_adjective(doc[start - 2].text, lexicon)
            and doc[start - 3].text.lower() in _ARTICLES_ALL
        )
        if (
            start == head
            and start >= 2
            and start - 1 not in taken
            and re.match(r"^[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*$", doc[start - 1].text)
            and (
                doc[start - 2].text.lower() in _ARTICLES_ALL
                or (_LOWER_ADJECTIVE.match(doc[start - 2].text) and doc[start - 3].text.lower() in _ARTICLES_ALL)
                or place_adjective
            )
            and doc[start - 1].text not in lexicon.stopwords
            and doc[start - 1].text not in lexicon.not_name_words  # "unter der Bezeichnung Netzwerk X"
            and not _NOUN_PLURAL.search(doc[start - 1].text)  # "samt ihren Tochtergesellschaften IHK …"
            # a region before a compound head is part of the name: "des Rhein-Main Verkehrsverbundes"
            and (
                doc[start - 1].text not in lexicon.places
                or ("-" in doc[start - 1].text and _compound_head(doc[head].text, lexicon))
            )
            and not doc[start - 1]._.sg_role
            and lexicon.document_kind(doc[start - 1].text) is None
            and (lexicon.org_head_kind(doc[start - 1].text) is None or doc[start - 1].text in lexicon.org_heads_proper)
        ):
            start -= 2 if place_adjective else 1
        end = head + 1
        end = self._complement(doc, end, taken)
        if sentence_adjective and end == head + 1:
            start = head
        if end == head + 1 and start == head:
            word = doc[head].text
            base = lexicon.org_head_base(word) or word
            kind = lexicon.org_head_kind(word)
            compound = base.lower() not in lexicon.org_heads
            unit_of = (
                end + 1 < len(doc)
                and doc[end].text in {"des", "der"}
                and (
                    lexicon.org_head_kind(doc[end + 1].text)
                    or (
                        base in lexicon.organs and doc[end + 1].text.endswith("-")
                    )  # "der Industrie- und Handelskammer"
                )
            )
            first_part = word.split("-")[0]
            named_after = "-" in word and (
                first_part in lexicon.first_names  # "Otto-von-Guericke-Universität"
                or word.rsplit("-", 1)[1] in {"Kreis", "Kreises"}  # "Rhein-Sieg-Kreis"
                or re.search(r"[a-zäöü][A-ZÄÖÜ]", first_part) is not None  # "SmartTex-Netzwerk": a brand
                # "Leibniz-Gemeinschaft", "Fraunhofer-Gesellschaft": a proper name before the head
                or (
                    kind in {"research", "association", "university", "other"}
                    and self.flags.name_like(first_part)
                    and lexicon.org_head_kind(first_part) is None
                )
            )
            # "die IHK" names the chamber; "IHKs, HWK und Vereine" only kinds of bodies
            standalone = base in lexicon.standalone_names and (
                base not in lexicon.standalone_with_article
                or (head > 0 and doc[head - 1].text.lower() in _ARTICLE_BEFORE)
            )
            if not (
                standalone
                or (compound and kind == "ministry")
                or (compound and kind not in {"cluster", "alliance"} and unit_of)
                or (base in lexicon.organs and unit_of)  # "das Kuratorium der Logistik-Initiative X"
                or named_after
            ):
                # a bare generic noun ("das Netzwerk", "die Stadt", "die Innovations-Cluster") is no name;
                # "die Landesregierung", "das Wirtschaftsministerium", "der Innovationsbeirat des X" are
                return None
        return start, end

    def _complement(self, doc: Doc, end: int, taken: set[int]) -> int:
        """Extend an organisation name to the right over 'für …', genitives, places and acronyms."""
        lexicon = self.lexicon
        n = len(doc)
        head_end = end
        head_word = doc[end - 1].text
        head_compound = (lexicon.org_head_base(head_word) or head_word) not in lexicon.generic_before_brand
        progressed = True
        while progressed and end < n:
            progressed = False
            token = doc[end]
            if (
                token.text in {"&", "+"}
                and end > head_end
                and end + 1 < n
                and end + 1 not in taken
                and re.fullmatch(r"[A-ZÄÖÜ][\w-]*", doc[end + 1].text) is not None
                and doc[end + 1].text not in lexicon.stopwords
            ):
                end += 2  # "Cluster Food & Nutrition", "House of Logistics & Mobility"
                progressed = True
                continue
            if (
                token.text in {"für", "zu"}
                and end + 1 < n
                and (
                    _is_name_noun(doc[end + 1], lexicon)
                    # "Verband für universitäre Wissenschaftsallianzen"
                    or (
                        token.text == "für"
                        and end + 2 < n
                        and _LOWER_ADJECTIVE.match(doc[end + 1].text) is not None
                        and doc[end + 1].text not in _DETERMINERS
                        and _is_name_noun(doc[end + 2], lexicon)
                    )
                )
            ):
                new_end = _enumeration(doc, end + 1, lexicon)
                if new_end > end + 1:
                    end = new_end
                    progressed = True
                    continue
            if token.text == "für" and end + 2 < n and doc[end + 1].text in {"das", "den", "die"}:
                # "IHK Neubrandenburg für das östliche Mecklenburg-Vorpommern": the region a body serves
                k = end + 2
                if k + 1 < n and _LOWER_ADJECTIVE.match(doc[k].text) and doc[k].text not in _DETERMINERS:
                    k += 1
                if k < n and k not in taken and _is_place(doc[k].text, lexicon):
                    end = k + 1
                    progressed = True
                    continue
            if token.text == "des" and end + 1 < n and _DISTRICT_GENITIVE.match(doc[end + 1].text):
                end += 2  # "Kreisverwaltung des Rhein-Lahn-Kreises"
                progressed = True
                continue
            if (
                token.text == "des"
                and end + 1 < n
                and re.fullmatch(r"[A-ZÄÖÜ][\w-]+?e?s", doc[end + 1].text)
                and any(
                    doc[end + 1].text[: -len(ending)] in lexicon.places
                    for ending in ("es", "s")
                    if doc[end + 1].text.endswith(ending)
                )
            ):
                end += 2  # "Universität des Saarlandes", "Hochschule für Technik und Wirtschaft des Saarlandes"
                progressed = True
                continue
            if (
                token.text in {"von", "Region"}
                and end == head_end
                and end + 1 < n
                and _is_place(doc[end + 1].text, lexicon)
            ):
                end += 2  # "Regierung von Niederbayern", "Wasserstoffbündnis Region Chemnitz"
                progressed = True
                continue
            if (
                token.text in {"des", "der"}
                and end + 2 < n
                # "der Deutschen Industrie", "des nordrhein-westfälischen Handwerks"
                and re.match(r"^[A-ZÄÖÜa-zäöü][a-zäöü]+(?:-[a-zäöü]+)*en$", doc[end + 1].text)
                # "der beiden Universitäten", "der anderen Partner": quantifiers describe, names do not
                and doc[end + 1].text.lower().removesuffix("n") not in _PLAIN_ADJECTIVES | _QUANTIFIERS
                and _NAME_NOUN.match(doc[end + 2].text)
                and doc[end + 2].text not in lexicon.not_name_words
                and lexicon.org_head_kind(doc[end + 2].text) is None
            ):
                end += 3  # "Bundesverband der Deutschen Industrie"
                progressed = True
                continue
            if (
                token.text in {"des", "der"}
                and head_compound  # not after a generic head: "erster Cluster der Ernährungswirtschaft in …"
                and end + 3 < n
                and doc[end + 1].text[:1].isupper()
                and doc[end + 1].text.isalpha()
                and doc[end + 2].text == "in"
                and doc[end + 3].text in lexicon.places
            ):
                end += 4  # "Arbeitskreis der BioRegionen in Deutschland"
                progressed = True
                continue
            if (
                token.text in {"des", "der"}
                and end + 3 < n
                and _is_name_noun(doc[end + 1], lexicon)
                and lexicon.org_head_kind(doc[end + 1].text) is None
                and doc[end + 2].text == "für"
                and _is_place(doc[end + 3].text, lexicon)
                and end + 3 not in taken
            ):
                end = _place_qualifier(doc, end + 4, lexicon)  # "Arbeitgeberverband der Wirtschaft für Sachsen-Anhalt"
                progressed = True
                continue
            if (
                token.text in {"des", "der"}
                and end + 1 < n
                and doc[end + 1].text in _GENITIVE_FOLLOWERS
                and end + 2 < n
                and (doc[end + 2].text in lexicon.places or _NAME_WORD.match(doc[end + 2].text))
            ):
                end += 3
                progressed = True
                continue
            if (
                token.text == "("
                and end + 3 < n
                and doc[end + 2].text == ")"
                and _parenthesised_alias(doc, end)
                and _is_place(doc[end + 3].text, lexicon)
            ):
                end += 4  # "Justus-Liebig-Universität (JLU) Gießen": the short form sits inside the name
                progressed = True
                continue
            if (
                end == head_end
                and head_word.isupper()
                and token.text[:1].isupper()
                and token.text[1:].islower()
                and lexicon.org_head_kind(token.text) is not None
                and end not in taken
            ):
                end += 1  # "IHK Akademie Schwaben": an acronym's own unit
                progressed = True
                continue
            if _is_place(token.text, lexicon) or (
                token.text.isupper() and len(token.text) >= 2 and token.text.isalpha() and end not in taken
            ):
                end += 1
                if _is_place(token.text, lexicon):
                    end = _place_qualifier(doc, end, lexicon)  # "Frankfurt am Main", "Halle (Saale)"
                progressed = True
                continue
            if (
                end == head_end
                and head_compound
                and (_NAME_NOUN.match(token.text) or (token.text.isalpha() and _CAMEL_CASE.search(token.text)))
                and token.text not in lexicon.stopwords
                and token.text not in lexicon.not_name_words
                and lexicon.org_head_kind(token.text) is None
                and lexicon.document_kind(token.text) is None
                and not token._.sg_role
                and token.text not in doc.user_data.get(_SURNAMES, ())
                # "Innovationscluster Handwerk NRW": a place may follow
                and (end + 1 >= n or not doc[end + 1].text[:1].isupper() or _is_place(doc[end + 1].text, lexicon))
            ):
                end = _place_qualifier(doc, end + 1, lexicon)  # "Bundesverband Beispiel", "Stadt Halle (Saale)"
                if end < n and doc[end].text == "," and _closes_with_und(doc, end + 1):
                    end = _enumeration(doc, end + 1, lexicon)  # "…, Telekommunikation und neue Medien"
                elif (
                    end + 2 < n
                    and doc[end].text == "und"
                    and end + 1 not in taken
                    and _is_name_noun(doc[end + 1], lexicon)
                    and lexicon.org_head_kind(doc[end + 1].text) is None
                    and doc[end + 1].text not in lexicon.not_name_words
                    and doc[end + 1].text not in doc.user_data.get(_SURNAMES, ())
                    and _is_place(doc[end + 2].text, lexicon)
                ):
                    end = _place_qualifier(
                        doc, end + 3, lexicon
                    )  # "Hochschulverbund Transfer und Innovation Ostbayern"
                progressed = True
                continue
            if re.match(r"^[A-ZÄÖÜ][a-zäöü]+er$", token.text) and end + 1 < n and _is_name_noun(doc[end + 1], lexicon):
                # genitive plural: "Verband Deutscher Maschinen- und Anlagenbau"
                end = _enumeration(doc, end + 1, lexicon)
                progressed = True
        # "der IHK für Rheinhessen Günter Jertz": a name found before (a person) ends the organisation's
        return next((k for k in range(head_end, end) if k in taken), end)

    def _name_before_legal_form(self, doc: Doc, form: int, taken: set[int]) -> tuple[int, int] | None:
        start = form
        while (
            start > 0
            and start - 1 not in taken
            and form - start < 5
            and (
                doc[start - 1].text[:1].isupper()
                or doc[start - 1].text in {"&", "+"}
                or (
                    _lower_name_word(doc[start - 1])
                    # "der regionalen Wirtschaftsförderungsgesellschaft X GmbH": an adjective describes the firm
                    and not (doc[start - 1].text[:1].islower() and self._inflected_adjective(doc[start - 1].text))
                )
                # "Elektromotoren und Gerätebau Barleben GmbH", "Herges Stahl- und Blechbau GmbH"
                or (
                    doc[start - 1].text == "und"
                    and start >= 2
                    and (_NAME_NOUN.match(doc[start - 2].text) is not None or _TRUNCATED.fullmatch(doc[start - 2].text))
                    and not doc[start - 2]._.sg_role
                    and doc[start - 2].text not in self.lexicon.stopwords
                    and doc[start - 2].text not in self.lexicon.places  # "aus Berlin und Zala Kft."
                )
            )
            and doc[start - 1].text not in self.lexicon.stopwords
            and doc[start - 1].text not in self.lexicon.not_name_words
            and (self.lexicon.org_head_base(doc[start - 1].text) or "")
            not in {"Unternehmen", "Firma", "Konzern", "Gesellschaft"}
            # "des Kosmetikkonzerns Beiersdorf AG": a descriptor, not part of the name
            and _COMPANY_DESCRIPTOR.search(doc[start - 1].text.lower()) is None
            and not doc[start - 1]._.sg_role
            and not self.lexicon.is_plural_of_org_head(doc[start - 1].text)  # "die drei Wachstumsinitiativen X AG"
            and (not doc[start - 1].is_punct or doc[start - 1].text in {"&", "+"})  # "Hessen Trade & Invest GmbH"
            and not doc[start - 1].is_space
        ):
            start -= 1
        # "des Branchenverbandes Silicon Saxony e. V.": a descriptor noun before the name is not part of it,
        # unless an adjective follows it ("Verband Deutscher Maschinen- und Anlagenbau e.V.")
        if (
            start + 1 < form
            and _generic_descriptor(doc[start].text, self.lexicon)
            and not re.match(r"^[A-ZÄÖÜ][a-zäöü]{2,}(er|en|e)$", doc[start + 1].text)  # not "The"
        ):
            start += 1
        if start == form:
            return None
        end = form + 1
        if end < len(doc) and end not in taken and _FIRM_DESCRIPTOR.fullmatch(doc[end].text):
            end += 1  # "KPMG AG Wirtschaftsprüfungsgesellschaft": the kind of firm belongs to the name
        return start, end


# helpers ---------------------------------------------------------------------------------------


def _compound_head(word: str, lexicon: Lexicon) -> bool:
    """Is ``word`` a compound head ("Verkehrsverbund"), not a bare head noun ("Verbund")?"""
    return (lexicon.org_head_base(word) or word).lower() not in lexicon.org_heads


def _place_adjective(word: str, lexicon: Lexicon) -> bool:
    """An adjective made from a place name: "Thüringer", "Hamburger", "Baden-Württemberger"."""
    if not word.endswith("er"):
        return False
    stem = word[:-2]
    # "Hamburger", "Bremer" -> "Bremen", "Münchner" -> "München"
    return any(candidate in lexicon.places for candidate in (stem, stem + "en", stem + "n", stem[:-1] + "en"))


def _is_place(word: str, lexicon: Lexicon) -> bool:
    """A known place, or places joined by hyphens ("Gießen-Friedberg")."""
    return word in lexicon.places or ("-" in word and all(part in lexicon.places for part in word.split("-")))


def _generic_descriptor(word: str, lexicon: Lexicon) -> bool:
    """A common noun naming a kind of organisation, inflected or compound ("Branchenverbandes", "Netzwerks")."""
    lower = word.lower()
    bases = [lower] + [lower[: -len(suffix)] for suffix in ("es", "s") if lower.endswith(suffix)]
    return any(base.endswith(generic.lower()) for base in bases for generic in lexicon.generic_before_brand)


def _mention(kind: str, doc: Doc, start: int, end: int, name: str) -> Mention:
    return Mention(kind, start, end, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), name)


def _join(tokens: object) -> str:
    """The text of a token span with its original spacing, on one line."""
    text = tokens.text  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", text).strip()


def _taken(mentions: list[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions that overlap a longer one."""
    chosen: list[Mention] = []
    occupied: set[int] = set()
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        span = set(range(mention.start, mention.end))
        if span & occupied:
            continue
        chosen.append(mention)
        occupied |= span
    return sorted(chosen, key=lambda m: m.start)


_ARTICLES_ALL = {"die", "der", "des", "dem", "den", "das"}
_DETERMINERS = frozenset(
    {
        "die",
        "der",
        "das",
        "den",
        "dem",
        "des",
        "eine",
        "einen",
        "einer",
        "eines",
        "einem",
        "diese",
        "dieser",
        "diesen",
        "dieses",
        "jene",
        "alle",
        "seine",
        "seinen",
        "seiner",
        "seinem",
        "ihre",
        "ihren",
        "ihrer",
        "ihrem",
        "unsere",
        "unseren",
        "unserer",
        "jeden",
        "jede",
        "deren",
        "dessen",
        "keine",
        "mehrere",
    }
)
_LOWER_ADJECTIVE = re.compile(r"^[a-zäöü]+(e|en|er|es|sche|schen)$")
_TRUNCATED_TAIL = re.compile(r"^-[a-zäöü]{3,}$")
_NAME_NOUN = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{2,}(?:-[A-ZÄÖÜ][a-zäöüß]+)*$")

_FUNCTION_WORDS = {
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen", "und", "oder",
    "mit", "von", "vom", "bei", "beim", "für", "in", "im", "ins", "an", "am", "auf", "aus", "zu", "zum", "zur", "nach",
    "sowie", "über", "unter", "durch", "gegen", "ohne", "um", "seit", "bis",
    "seinem", "seiner", "ihrem", "ihrer", "unserem", "unserer", "dieser", "diesem", "eigenen", "eigene",
    # "die drei Wachstumsinitiativen Wolfsburg AG, …": a count is no part of a name
    "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf", "beiden", "beide",
}  # fmt: skip


_PLAIN_ADJECTIVES = frozenset(
    {"neue", "erste", "zweite", "dritte", "weitere", "gemeinsame", "eigene", "große", "kleine", "alle", "beide"}
)
_NOUN_PLURAL = re.compile(r"(?:schaften|ungen|heiten|keiten|ionen|täten|nehmen|ländern)$")
_FIRM_DESCRIPTOR = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:gesellschaft|beratungsgesellschaft)")
_COUNCIL = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{3,}s?rat$")
_QUANTIFIERS = frozenset(
    {"andere", "viele", "übrige", "einzelne", "zahlreiche", "verschiedene", "jeweilige", "gesamte", "meiste", "wenige"}
)
# Punctuation after which an opening mark follows without a space: "(„X“)", "/„X“", "–„X“"
_OPENING_PUNCTUATION = frozenset({"(", "[", "/", "–", "-", ":"})
# A capital after a small letter inside a word: a made name ("BioRiver", "ProduktionNRW")
_CAMEL_CASE = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")
_CAMEL_PARTS = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")
# The first part of a truncated compound: "Stahl-" in "Stahl- und Blechbau"
_TRUNCATED = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+-")
# Words that start a town's name of two words: "St. Wendel", "Bad Kissingen"
_TOWN_PREFIXES = frozenset({"St.", "Sankt", "Bad"})
# The shape of a declined adjective ("Maritimen", "regionale"); HanTa's lexicon decides whether it is one
_INFLECTED_ADJECTIVE = re.compile(r"[A-ZÄÖÜa-zäöü][a-zäöüß]+(?:e|em|en|er|es)")
# Words before a noun phrase that describes rather than names: "eine Anlaufstelle für …", "als Zentrum für …"
_DESCRIBING = frozenset({"ein", "eine", "einer", "einem", "einen", "eines", "als", "ist", "sind", "wird", "werden"})
_COMPANY_DESCRIPTOR = re.compile(r"(?:konzerns?|unternehmens?|gruppe)$")
_ATTRIBUTIVE = re.compile(r"(?:te[nrs]?|ische[nrs]?|liche[nrs]?|ige[nrs]?|neue[nrs]?)$")


def _lower_name_word(token: Token) -> bool:
    """Lower-case words that can be part of a company name ("tti Magdeburg GmbH", "richter+partner GmbH"), not
    adjectives and participles ("die 2008 gegründete Holding …", "die neue …")."""
    text = token.text
    return (
        (text.isalnum() or re.fullmatch(r"[a-zäöü]+[+&][a-zäöü]+", text) is not None)
        and text.lower() not in _FUNCTION_WORDS
        and len(text) <= 16
        # an adjective before a capitalised noun ("gegründete Holding") is no part of the name; a lower-case
        # brand is ("automotive thüringen e.V.")
        and not (
            text[:1].islower()
            and _ATTRIBUTIVE.search(text) is not None
            and token.i + 1 < len(token.doc)
            and token.doc[token.i + 1].text[:1].isupper()
        )
    )


def _is_title_word(token: Token) -> bool:
    return bool(re.match(r"^[A-Z][A-Za-z]+$", token.text)) or bool(_YEAR.match(token.text))


def _is_brand_word(token: Token, lexicon: Lexicon) -> bool:
    text = token.text
    if text in lexicon.stopwords or not text[:1].isalnum():
        return False
    return bool(_BRAND.match(text)) or text[:1].isupper() or text.isupper()


def nominative_first_word(name: str) -> str:
    """The first word of a name in the genitive singular after 'des', in the nominative: 'Freundeskreises' ->
    'Freundeskreis', 'Netzwerks' -> 'Netzwerk'; words that do not look inflected stay."""
    first, _, rest = name.partition(" ")
    if not rest or not re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{3,}", first):
        return name
    if first.endswith("es") and first[-3] not in "aeiouäöü":
        return f"{first[:-2]} {rest}"
    if first.endswith("s") and not first.endswith(("ss", "us", "is", "es")):
        return f"{first[:-1]} {rest}"
    return name


_SURNAMES = "stakegraph_surnames"
_PERSON_ENDS = "stakegraph_person_ends"  # doc.user_data key: the last token of each person's name
_TEXTS = "stakegraph_texts"


def _clause_end(texts: list[str], start: int, most: int) -> int:
    """The index of the comma or full stop that ends the clause after ``start``, at most ``most`` tokens on."""
    end = min(len(texts), start + most)
    return next((k for k in range(start, end) if texts[k] in {",", ".", ";"}), end)


def token_texts(doc: Doc) -> list[str]:
    """The doc's token texts as plain strings, made once per doc: rules that visit every token read these
    instead of creating spaCy tokens."""
    texts = doc.user_data.get(_TEXTS)
    if texts is None or len(texts) != len(doc):
        strings = doc.vocab.strings
        texts = doc.user_data[_TEXTS] = [strings[h] for h in doc.to_array(ORTH).tolist()]
    return texts


def _place_qualifier(doc: Doc, end: int, lexicon: Lexicon) -> int:
    """End of a river or region that qualifies the place just before ``end``: 'am Main', 'an der Oder',
    '(Saale)', '/Südpfalz'; not a day ('Halle am Mittwoch')."""
    n = len(doc)
    if (
        end + 1 < n
        and doc[end].text == "am"
        and re.fullmatch(r"[A-ZÄÖÜ][a-zäöü]+", doc[end + 1].text)
        and doc[end + 1].text not in lexicon.stopwords  # weekdays and months
    ):
        return end + 2
    if (
        end + 2 < n
        and doc[end].text == "an"
        and doc[end + 1].text == "der"
        and re.fullmatch(r"[A-ZÄÖÜ][a-zäöü]+", doc[end + 2].text)
    ):
        return end + 3
    if (
        end + 2 < n
        and doc[end].text == "("
        and doc[end + 2].text == ")"
        and re.fullmatch(r"[A-ZÄÖÜ][a-zäöü]+", doc[end + 1].text)
        and doc[end].idx == doc[end - 1].idx + len(doc[end - 1].text) + 1
    ):
        return end + 3
    if (
        end + 1 < n
        and doc[end].text == "/"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*", doc[end + 1].text)
    ):
        return end + 2  # "Speyer-Neustadt/Südpfalz": a second place joined by a slash
    return end


def _is_name_noun(token: Token, lexicon: Lexicon) -> bool:
    text = token.text
    return (
        bool(text[:1].isupper() and text[:1].isalpha())
        and text not in lexicon.stopwords
        and not lexicon.is_role_word(text)  # "… für Naturforschung und Professorin an der …"
        and text not in lexicon.first_names  # "der IHK X, Max Beispiel, sowie …": a person follows
        and not token._.sg_title  # "… Energietechnik und Dipl.-Wirtsch.-Ing. Kai Beispiel": a title
        and not text.startswith(("Dr.", "Dipl.", "Prof."))
    )


def _enumeration(doc: Doc, index: int, lexicon: Lexicon) -> int:
    """End of 'Wirtschaft, Industrie, Klimaschutz und Energie' (or '… und neue Medien') from ``index``."""
    n = len(doc)
    end = index
    while end < n and (
        _is_name_noun(doc[end], lexicon)
        or (end > index and _TRUNCATED_TAIL.match(doc[end].text) is not None)  # "Fabrikbetrieb und -automatisierung"
        or (
            _LOWER_ADJECTIVE.match(doc[end].text)
            and doc[end].text not in _DETERMINERS  # "… und Verbraucherschutz den Ernährungsrat": a new phrase
            and end + 1 < n
            and _is_name_noun(doc[end + 1], lexicon)
        )
    ):
        if not _is_name_noun(doc[end], lexicon) and _TRUNCATED_TAIL.match(doc[end].text) is None:
            end += 1
        end += 1
        if (
            end < n
            and doc[end].text in ENUM_JOINERS
            and end + 1 < n
            and (
                _is_name_noun(doc[end + 1], lexicon)
                or _TRUNCATED_TAIL.match(doc[end + 1].text) is not None
                # "…, Telekommunikation und neue Medien"
                or (
                    _LOWER_ADJECTIVE.match(doc[end + 1].text) is not None
                    and doc[end + 1].text not in _DETERMINERS
                    and end + 2 < n
                    and _is_name_noun(doc[end + 2], lexicon)
                )
            )
        ):
            # a comma only continues the list when an "und" closes it later in the same clause
            if doc[end].text == "," and not _closes_with_und(doc, end + 1):
                break
            # "die IHK zu Schwerin und die Handwerkskammer Schwerin": a second organisation, not a field
            if lexicon.org_head_kind(doc[end + 1].text) is not None and not doc[end - 1].text.endswith("-"):
                break  # ("Gesellschaft für Struktur- und Wirtschaftsförderung" goes on)
            end += 1
    return end


def _closes_with_und(doc: Doc, index: int) -> bool:
    for token in doc[index : index + 8]:
        if token.text in {"und", "sowie", "&"}:
            return True
        if not (token.text[:1].isupper() or token.text == "," or token.text.endswith("-")):
            return False
    return False


_ACRONYM = re.compile(r"^(?=(?:.*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,6}(?:-[A-ZÄÖÜ]{2,6})?$")
_ARTICLE_BEFORE = {"der", "die", "das", "des", "dem", "den", "vom", "beim", "zum", "zur", "im", "am"}


def _unknown_acronym(doc: Doc, index: int, lexicon: Lexicon) -> bool:
    text = doc[index].text
    return (
        text not in lexicon.acronyms
        and text not in lexicon.not_acronyms
        # "die KMUs", "die IHKs": the plural of a word or of an acronym names a kind of body, not one
        and not (text.endswith("s") and (text[:-1] in lexicon.not_acronyms or text[:-1] in lexicon.acronyms))
        and text not in lexicon.places
        and bool(_ACRONYM.match(text))
        and sum(c.islower() for c in text) <= 2
        and index > 0
        and doc[index - 1].text.lower() in _ARTICLE_BEFORE
    )


def _inside_parentheses(doc: Doc, index: int) -> bool:
    return index > 0 and doc[index - 1].text == "(" and index + 1 < len(doc) and doc[index + 1].text == ")"


def _parenthesised_alias(doc: Doc, end: int) -> str | None:
    """The short form right after a name: "(MWIKE)", or between dashes: "– AK BioRegio –"."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        candidate = doc[end + 1].text
        if re.match(r"^[A-Za-zÄÖÜ][A-Za-zÄÖÜ0-9.&-]{1,15}$", candidate) and sum(c.isupper() for c in candidate) >= 2:
            return candidate
    if end + 2 < len(doc) and doc[end].text in {"–", "—"}:
        close = next((i for i in range(end + 2, min(end + 5, len(doc))) if doc[i].text == doc[end].text), None)
        if close is not None:
            candidate = re.sub(r"\s+", " ", doc[end + 1 : close].text).strip()
            if candidate.split()[0][:1].isupper() and sum(c.isupper() for c in candidate) >= 2 and len(candidate) <= 30:
                return candidate
    return None


def _uninflected(word: str, lexicon: Lexicon) -> str:
    """'Clusters' -> 'Cluster' when only the uninflected form is a known head."""
    for suffix in ("es", "s"):
        if word.endswith(suffix) and word[: -len(suffix)].lower() in lexicon.org_heads:
            return word[: -len(suffix)]
    return word


def _normalise_head(name: str, lexicon: Lexicon) -> str:
    """Undo genitive inflection of the head: 'Verbands Deutscher …' -> 'Verband Deutscher …'."""
    words = name.split(" ")
    for index, word in enumerate(words):
        base = lexicon.org_head_base(word)
        if base is not None:
            words[index] = base
            break
    return " ".join(words)
