"""The vocabularies the extraction rules use, loaded from data files (``graph/patterns/<lang>/``).

Users extend them with a folder of their own files of the same names (``--lexicon DIR``): lists
are merged, nothing is replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from graph.errors import InputError

PATTERNS = Path(__file__).resolve().parent / "patterns"


def _word_list(path: Path) -> set[str]:
    """Whitespace-separated words; lines starting with '#' are comments."""
    if not path.exists():
        return set()
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        words.update(line.split())
    return words


def _gendered_names(path: Path) -> dict[str, str]:
    """Lines 'NAME GENDER' (m, f or mf); '#' starts a comment line."""
    genders: dict[str, str] = {}
    for line in _line_list(path):
        name, _, gender = line.partition(" ")
        genders[name] = gender.strip()
    return genders


def _line_list(path: Path) -> list[str]:
    """One entry per line (entries may contain spaces); '#' starts a comment line."""
    if not path.exists():
        return []
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(path, "must hold a mapping")
    return data


def _json_list(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(path, f"not valid JSON ({exc})") from None
    if not isinstance(data, list):
        raise InputError(path, "must hold a list of patterns")
    return data


def _merge(base: object, extra: object) -> object:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra if extra is not None else base


@dataclass(frozen=True)
class Lexicon:
    """Word lists and cue tables for one language."""

    language: str
    first_names: frozenset[str]
    titles: tuple[str, ...]
    speech_verbs: frozenset[str]
    places: frozenset[str]
    role_words: frozenset[str]
    role_suffixes: tuple[str, ...]
    not_roles: frozenset[str]
    ministry_roles: frozenset[str]
    not_surname_suffixes: tuple[str, ...]
    field_words: frozenset[str]
    name_carriers: frozenset[str]
    surname_stopwords: frozenset[str]
    place_prefixed_heads: frozenset[str]
    name_list_nouns: frozenset[str]
    company_words: tuple[str, ...]
    employment_words: frozenset[str]
    not_before_region_marks: frozenset[str]
    name_list_openers: tuple[tuple[str, ...], ...]
    organs: frozenset[str]
    region_heads: frozenset[str]
    unique_bodies: frozenset[str]
    role_org_cues: dict[str, tuple[str, ...]]
    org_heads: dict[str, tuple[str, bool]]  # lower-case head word -> (kind, compound allowed)
    legal_forms: dict[str, str]
    generic_before_brand: frozenset[str]
    brand_suffixes: frozenset[str]
    brand_kind: str
    acronyms: dict[str, str]
    government_adjectives: frozenset[str]
    standalone_names: frozenset[str]
    standalone_with_article: frozenset[str]
    not_acronyms: frozenset[str]
    not_name_words: frozenset[str]
    org_heads_proper: frozenset[str]
    parties: frozenset[str]
    acronym_expansions: dict[str, tuple[str, ...]]
    document_cues: dict[str, str]  # lower-case cue -> kind
    not_documents: frozenset[str]
    title_nouns: tuple[str, ...]
    authoring_verbs: frozenset[str]
    handover_verbs: frozenset[str]
    handover_nouns: frozenset[str]
    founding_words: tuple[str, ...]
    meeting_nouns: frozenset[str]
    recipient_prepositions: frozenset[str]
    stopwords: frozenset[str] = frozenset()
    # the name of a party where the text uses a short or inflected form ("Grünen" -> "Grüne")
    party_names: dict[str, str] = field(default_factory=dict, compare=False)
    # "m", "f" or "mf" for the first names whose gender first_names_gendered.txt knows
    first_name_genders: dict[str, str] = field(default_factory=dict, compare=False)
    person_patterns: tuple[dict, ...] = ()
    cues: dict = field(default_factory=dict)  # relations.yaml: cue words of the relation rules
    compound_heads: tuple[tuple[str, str], ...] = field(default=())
    # per-word answers of the lookups below: the rules ask about the same words again and again
    _memo: dict[tuple[str, str], object] = field(default_factory=dict, compare=False, repr=False)

    # --- lookups used by the rules ------------------------------------------------------------

    def _memoised(self, table: str, word: str, compute: Callable[[str], object]) -> object:
        key = (table, word)
        if key not in self._memo:
            if len(self._memo) > 500_000:  # bounded: a corpus keeps bringing new words
                self._memo.clear()
            self._memo[key] = compute(word)
        return self._memo[key]

    def cue(self, name: str) -> frozenset[str]:
        """A word list of ``relations.yaml`` (built once: the rules ask for them per sentence and token)."""
        return self._memoised("cue", name, lambda key: frozenset(self.cues.get(key, [])))  # type: ignore[return-value]

    def is_role_word(self, word: str) -> bool:
        """A role noun, also inflected ("Präsidenten", "Geschäftsführers")."""
        return self.role_base(word) is not None

    def role_base(self, word: str) -> str | None:
        """The uninflected role noun of ``word`` ("Präsidenten" -> "Präsident"), or None."""
        return self._memoised("role", word, self._role_base)  # type: ignore[return-value]

    def _role_base(self, word: str) -> str | None:
        if self._is_role_word(word):
            return word
        for suffix in ("en", "s", "n"):
            if len(word) > 5 and word.endswith(suffix) and self._is_role_word(word[: -len(suffix)]):
                return word[: -len(suffix)]
        for plural, singular in (("innen", "in"), ("glieder", "glied")):  # "Sprecherinnen", "Vorstandsmitglieder"
            if word.endswith(plural) and self._is_role_word(word[: -len(plural)] + singular):
                return word[: -len(plural)] + singular
        return None

    @property
    def multiword_tokens(self) -> tuple[str, ...]:
        """Phrases written with spaces that the tokenizer keeps as one token ("e. V.", "GmbH & Co. KG")."""
        return tuple(sorted((form for form in self.legal_forms if " " in form), key=len, reverse=True))

    def is_plural_of_org_head(self, word: str) -> bool:
        """'Wachstumsinitiativen', 'Kreishandwerkerschaften': the plural of an organisation head names a kind of
        body, not one."""
        return word[:1].isupper() and any(
            word.endswith(ending) and self.org_head_kind(word[: -len(ending)]) is not None for ending in ("n", "en")
        )

    def is_generic_org_name(self, name: str) -> bool:
        """'Landesregierung', 'Freistaat', 'Handwerkskammer', 'Industrie- und Handelskammer', 'IHK': a name that is
        only an organisation head names a different body in every Land or town; 'Bund' and the other
        ``unique_bodies`` name one."""
        if name in self.unique_bodies:
            return False
        word = re.sub(r"^(?:\S+- (?:und|&) )+", "", name.strip())  # "Industrie- und Handelskammer"
        kind = self.org_head_kind(word) if " " not in word else None
        if kind in {"ministry", "government"} and word.startswith("Bundes") and word != "Bundesministerium":
            return False  # "Bundeswirtschaftsministerium", "Bundesregierung": the federal one
        return kind is not None

    def names_an_organ(self, name: str) -> bool:
        """'Vollversammlung', 'Kuratorium der Logistik-Initiative X': an organ of another organisation (organs)."""
        return name.split(" ", 1)[0] in self.organs

    def ends_with_legal_form(self, name: str) -> bool:
        """Whether ``name`` ends with a legal form whose last character is its full stop ("… e. V.")."""
        return any(name.endswith(" " + form) or name == form for form in self.legal_forms if form.endswith("."))

    def legal_form(self, word: str) -> str | None:
        """The organisation kind a legal form stands for ("GmbH", also "GmbH." at a sentence end)."""
        return self.legal_forms.get(word) or (self.legal_forms.get(word[:-1]) if word.endswith(".") else None)

    def is_government_adjective(self, word: str) -> bool:
        """'bayerische', 'sächsischen', 'hessisches': an adjective of a Land, in any ending (organizations.yaml:
        government_adjectives)."""
        return self._memoised("government", word.lower(), self._government_adjective)  # type: ignore[return-value]

    def _government_adjective(self, lower: str) -> bool:
        forms = {lower, re.sub(r"(?:en|es|er|n|s|r)$", "", lower)}
        return any(forms & {adjective, adjective.rstrip("e")} for adjective in self.government_adjectives)

    def names_an_agreement(self, name: str) -> bool:
        """Does ``name`` end with an agreement noun, also inflected ("Kooperationsvertrages")? (relations.yaml:
        agreement_words)"""
        return self._memoised("agreement", name, self._names_an_agreement)  # type: ignore[return-value]

    def _names_an_agreement(self, name: str) -> bool:
        lower = name.lower()
        stem = re.sub(r"(?:en|es|n|s)$", "", lower)
        return any(lower.endswith(w.lower()) or stem.endswith(w.lower()) for w in self.cue("agreement_words"))

    def legal_forms_of(self, kind: str) -> list[str]:
        """The legal forms that mark an organisation of ``kind`` ("e. V." for an association)."""
        return [form for form, form_kind in self.legal_forms.items() if form_kind == kind]

    def _is_role_word(self, word: str) -> bool:
        if word in self.not_roles or not word[:1].isupper():
            return False
        if word in self.role_words:
            return True
        lower = word.lower()
        return any(lower.endswith(suffix) and len(lower) > len(suffix) + 2 for suffix in self.role_suffixes)

    def org_head_kind(self, word: str) -> str | None:
        """The kind of organisation that ``word`` heads (also in the genitive), or None."""
        return self._memoised("head", word, self._org_head_kind_inflected)  # type: ignore[return-value]

    def _org_head_kind_inflected(self, word: str) -> str | None:
        kind = self._org_head_kind(word)
        if kind is None and len(word) > 4:
            for suffix in ("ses", "es", "s"):  # "Bündnisses", "Verbandes", "Netzwerks"
                if word.endswith(suffix):
                    kind = self._org_head_kind(word[: -len(suffix)])
                    if kind is not None:
                        break
        return kind

    def org_head_base(self, word: str) -> str | None:
        """The uninflected form of a head noun ("Verbands" -> "Verband"), or None if ``word`` heads nothing."""
        if self._org_head_kind(word) is not None:
            return word
        for suffix in ("ses", "es", "s"):
            if len(word) > 4 and word.endswith(suffix) and self._org_head_kind(word[: -len(suffix)]) is not None:
                return word[: -len(suffix)]
        return None

    def _org_head_kind(self, word: str) -> str | None:
        lower = word.lower()
        if lower in self.org_heads:
            return self.org_heads[lower][0]
        if "-" in lower and lower.rsplit("-", 1)[1] in self.org_heads and word[:1].isupper():
            return self.org_heads[lower.rsplit("-", 1)[1]][0]  # "Rhein-Sieg-Kreis", "Nord-Verband"
        for head, kind in self.compound_heads:
            if lower.endswith(head) and len(lower) > len(head) + 2:
                return kind
        return None

    def names_a_title(self, word: str) -> bool:
        """Does a quoted string after ``word`` name a programme, theme or event ("Fördermaßnahme", "Thema")?"""
        lower = word.lower()
        return any(lower == t or (lower.endswith(t) and len(t) >= 5) for t in self.title_nouns)

    def document_kind(self, word: str) -> str | None:
        """The kind of document that the noun ``word`` names (also in the genitive), or None."""
        return self._memoised("document", word, self._document_kind_inflected)  # type: ignore[return-value]

    def _document_kind_inflected(self, word: str) -> str | None:
        if word in self.not_documents or not word[:1].isupper():
            return None
        kind = self._document_kind(word)
        if kind is None and len(word) > 5:
            for suffix in ("es", "s", "en"):
                if word.endswith(suffix) and word[: -len(suffix)] not in self.not_documents:
                    kind = self._document_kind(word[: -len(suffix)])
                    if kind is not None:
                        break
        return kind

    def _document_kind(self, word: str) -> str | None:
        lower = word.lower()
        if lower in self.document_cues:
            return self.document_cues[lower]
        for cue, kind in sorted(self.document_cues.items(), key=lambda item: -len(item[0])):
            if lower.endswith(cue) and len(cue) >= 5:
                return kind
        return None


@cache
def load_lexicon(language: str = "de", extra: Path | None = None) -> Lexicon:
    """Load the bundled lexicon of ``language``, merged with the files in ``extra`` if given."""
    base = PATTERNS / language
    if not base.is_dir():
        raise InputError(language, "no extraction patterns for this language")
    folders = [base] + ([extra] if extra is not None else [])
    first_names: set[str] = set()
    genders: dict[str, str] = {}
    titles: list[str] = []
    speech: set[str] = set()
    places: set[str] = set()
    roles: dict = {}
    orgs: dict = {}
    docs: dict = {}
    events: dict = {}
    stopwords: set[str] = set()
    person_patterns: list[dict] = []
    cues: dict = {}
    for folder in folders:
        cues = _merge(cues, _yaml(folder / "relations.yaml"))  # type: ignore[assignment]
        stopwords |= _word_list(folder / "stopwords.txt")
        person_patterns += _json_list(folder / "persons.json")
        first_names |= _word_list(folder / "first_names.txt")
        genders.update(_gendered_names(folder / "first_names_gendered.txt"))
        titles += [t for t in _line_list(folder / "titles.txt") if t not in titles]
        speech |= _word_list(folder / "speech_verbs.txt")
        places |= _word_list(folder / "places.txt") | _word_list(folder / "towns.txt")
        roles = _merge(roles, _yaml(folder / "roles.yaml"))  # type: ignore[assignment]
        orgs = _merge(orgs, _yaml(folder / "organizations.yaml"))  # type: ignore[assignment]
        docs = _merge(docs, _yaml(folder / "documents.yaml"))  # type: ignore[assignment]
        events = _merge(events, _yaml(folder / "events.yaml"))  # type: ignore[assignment]

    org_heads: dict[str, tuple[str, bool]] = {}
    compound_heads: list[tuple[str, str]] = []
    for kind, spec in orgs.get("heads", {}).items():
        for word in spec.get("words", []):
            org_heads[str(word).lower()] = (kind, bool(spec.get("compound")))
            if spec.get("compound") and len(str(word)) >= 5:
                compound_heads.append((str(word).lower(), kind))
    compound_heads.sort(key=lambda item: -len(item[0]))
    legal_forms = {str(f): kind for kind, forms in orgs.get("legal_forms", {}).items() for f in forms}
    acronyms = {str(a): kind for kind, items in orgs.get("acronyms", {}).items() for a in items}
    document_cues = {str(word).lower(): kind for kind, words in docs.get("kinds", {}).items() for word in words}
    return Lexicon(
        language=language,
        first_names=frozenset(first_names | (genders.keys() - stopwords)),
        first_name_genders=genders,
        titles=tuple(titles),
        speech_verbs=frozenset(speech),
        places=frozenset(places),
        role_words=frozenset(roles.get("words", [])),
        role_suffixes=tuple(str(s) for s in roles.get("suffixes", [])),
        not_roles=frozenset(roles.get("not_roles", [])),
        ministry_roles=frozenset(roles.get("ministry_roles", [])),
        not_surname_suffixes=tuple(str(x) for x in roles.get("not_surname_suffixes", [])),
        field_words=frozenset(str(x) for x in roles.get("field_words", [])),
        name_carriers=frozenset(str(x) for x in roles.get("name_carriers", [])),
        surname_stopwords=frozenset(str(x) for x in roles.get("surname_stopwords", [])),
        role_org_cues={str(k): tuple(str(c) for c in v) for k, v in (roles.get("organisation_cues") or {}).items()},
        org_heads=org_heads,
        legal_forms=legal_forms,
        generic_before_brand=frozenset(orgs.get("generic_before_brand", [])),
        brand_suffixes=frozenset(str(s).lower() for s in orgs.get("brand_suffixes", [])),
        brand_kind=str(orgs.get("brand_kind", "other")),
        acronyms=acronyms,
        government_adjectives=frozenset(orgs.get("government_adjectives", [])),
        standalone_names=frozenset(orgs.get("standalone", [])),
        standalone_with_article=frozenset(orgs.get("standalone_with_article", [])),
        not_acronyms=frozenset(str(a) for a in orgs.get("not_acronyms", [])),
        not_name_words=frozenset(str(a) for a in orgs.get("not_name_words", [])),
        org_heads_proper=frozenset(str(a) for a in orgs.get("proper_heads", [])),
        place_prefixed_heads=frozenset(str(a) for a in orgs.get("place_prefixed_heads", [])),
        name_list_nouns=frozenset(str(a) for a in orgs.get("name_list_nouns", [])),
        company_words=tuple(str(a).lower() for a in orgs.get("company_words", [])),
        employment_words=frozenset(str(a) for a in orgs.get("employment_words", [])),
        not_before_region_marks=frozenset(str(a) for a in orgs.get("not_before_region_marks", [])),
        name_list_openers=tuple(tuple(str(a).split()) for a in orgs.get("name_list_openers", [])),
        organs=frozenset(str(a) for a in orgs.get("organs", [])),
        region_heads=frozenset(str(a) for a in orgs.get("region_heads", [])),
        unique_bodies=frozenset(str(a) for a in orgs.get("unique_bodies", [])),
        parties=frozenset(str(a) for a in orgs.get("parties", [])),
        party_names={str(k): str(v) for k, v in orgs.get("party_names", {}).items()},
        acronym_expansions={
            str(k): tuple(str(n) for n in v) for k, v in (orgs.get("acronym_expansions") or {}).items()
        },
        document_cues=document_cues,
        not_documents=frozenset(docs.get("not_documents", [])),
        title_nouns=tuple(str(t).lower() for t in docs.get("title_nouns", [])),
        authoring_verbs=frozenset(docs.get("authoring_verbs", [])),
        handover_verbs=frozenset(events.get("handover", {}).get("verbs", [])),
        handover_nouns=frozenset(events.get("handover", {}).get("nouns", [])),
        founding_words=tuple(events.get("founding", {}).get("words", [])),
        meeting_nouns=frozenset(events.get("meeting", {}).get("nouns", [])),
        recipient_prepositions=frozenset(events.get("recipient_prepositions", [])),
        compound_heads=tuple(compound_heads),
        stopwords=frozenset(stopwords),
        person_patterns=tuple(person_patterns),
        cues=cues,
    )
