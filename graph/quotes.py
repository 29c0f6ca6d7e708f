"""Quotations and their speakers.

A quotation is text between matching quotation marks („…“, “…”, "…", »…«, «…»); it may run over
several paragraphs. Short quoted strings (fewer than :data:`MIN_WORDS` words) count only when a
speech verb introduces them ("spricht von einem „sehr guten Start“"); otherwise they are titles
or names. Quoted headings count only when the heading names the speaker ("Lies: „…“").

The speaker is found by the first rule that applies:
1. an introduction that ends with a colon right before the quotation, in the same or the previous
   paragraph: "Kai Beispiel, Geschäftsführer bei X: „…“", "Er betonte in seiner Rede: „…“";
2. a speech verb right after it: "„…“, sagte X", "„…“ Dies betonte Ministerin X", "„…“, so X",
   "„…“, betonte er" (headings in between are skipped; "Dies unterstrich auch X" is agreement,
   not attribution);
3. an introduction in the same sentence: "X sagte, „…“";
4. the speaker of the quotation before it in the same paragraph, when nobody is named in between;
5. the nearest person mentioned before it, in the same or the previous paragraph.
Pronouns ("er", "sie") stand for the nearest person before; role nouns ("die Ministerin") for the
nearest person with that title or role, else the nearest person before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.lexicon import Lexicon
from graph.mentions import QUOTE_CHARS, QUOTE_PAIRS
from graph.phrases import ARTICLES
from graph.segment import Segmented

if TYPE_CHECKING:
    from spacy.tokens import Span

    from graph.entities import Entity
    from graph.mentions import Mention

MIN_WORDS = 5
MAX_PARAGRAPHS = 4
LOOKBACK_BLOCKS = 3
PRONOUNS = {"er", "sie", "Er", "Sie"}
PRONOUN_GENDERS = {"er": "m", "sie": "f"}
# opening mark -> closing marks it accepts; quotations open with double marks only
PAIRS = {mark: closers for mark, closers in QUOTE_PAIRS.items() if mark in '„“"»«”'}
_MODALS = frozenset({"kann", "konnte", "will", "wollte", "muss", "musste", "möchte", "darf", "durfte"})
_SKIP_AFTER = {",", "*", "“", "”", '"', "«", "»", ".", "–", "-"}


@dataclass
class Quotation:
    """A quotation: ``text[start:end]`` is the quoted text (without the marks)."""

    start: int
    end: int
    text: str
    speaker: Entity | None
    attribution_start: int
    attribution_end: int
    speaker_role_token: int | None = None  # "…, sagte der Geschäftsführer der X": the role word


def _after_colon(text: str, index: int) -> bool:
    """Is the mark at ``index`` the first thing after a colon ('…: „')?"""
    return text[:index].rstrip().endswith(":")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted texts (without their marks), paragraphs allowed in between.

    >>> text = 'Sie sagte: „Das ist gut so und bleibt so.“ Dann ging sie.'
    >>> [text[a:b] for a, b in quotation_spans(text)]
    ['Das ist gut so und bleibt so.']
    """
    spans: list[tuple[int, int]] = []
    index = 0
    n = len(text)
    while index < n:
        mark = text[index]
        if mark not in PAIRS or (mark == '"' and index > 0 and text[index - 1].isalnum()):
            index += 1
            continue
        closers = PAIRS[mark]
        paragraphs = 0
        cursor = index + 1
        end = None
        while cursor < n:
            char = text[cursor]
            if char == "\n" and text[cursor : cursor + 2] == "\n\n":
                paragraphs += 1
                if paragraphs > MAX_PARAGRAPHS:
                    break
            if char in closers and not (char == '"' and cursor + 1 < n and text[cursor + 1].isalnum()):
                end = cursor
                break
            if char == "„" and mark != "„":
                break  # a new German opening mark: the previous one was never closed
            cursor += 1
        if end is None and _after_colon(text, index):
            # 'Kai Beispiel, Präses der X: "Der gemeinsame …' cut off before its closing mark: the quotation runs
            # to the end of its paragraph
            paragraph_end = text.find("\n\n", index)
            end = n if paragraph_end < 0 else paragraph_end
            end = len(text[:end].rstrip())
        if end is None or end <= index + 1:
            index += 1
            continue
        spans.append((index + 1, end))
        index = end + 1
    return sorted(spans + _unopened_quotations(text, spans))


def _unopened_quotations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'Das ist bedauerlich“, sagte X.' with the opening mark lost in the source: a paragraph that starts with
    a word and holds a German closing mark followed by a comma, before any opening mark, is a quotation
    from its start to that mark."""
    found: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n\n"):
        close = paragraph.find("“,")
        opening = min(
            (i for i in (paragraph.find("„"), paragraph.find("»"), paragraph.find('"')) if i >= 0), default=-1
        )
        stripped = len(paragraph) - len(paragraph.lstrip())
        if (
            close > 0
            and (opening < 0 or opening > close)
            and paragraph[stripped : stripped + 1].isupper()
            and not any(a <= start + close <= b for a, b in spans)
        ):
            found.append((start + stripped, start + close))
        start += len(paragraph) + 2
    return found


class Attribution:
    """Who a text refers to at a place: the persons before it, by name, pronoun or role word (used by the
    quotation rules and by the role rules for 'Er ist Geschäftsführer der X')."""

    def __init__(
        self, seg: Segmented, lexicon: Lexicon, by_token: dict, labels: Callable[[Entity], Iterable[str]]
    ) -> None:
        self.seg = seg
        self.doc = seg.doc
        self.lex = lexicon
        self.by_token = by_token
        self.labels = labels

    def token_at_or_after(self, char: int) -> int | None:
        index = bisect_left(self.seg.token_starts, char)
        while index < len(self.doc) and self.doc[index].is_space:
            index += 1
        return index if index < len(self.doc) else None

    def token_before(self, char: int) -> int | None:
        index = bisect_left(self.seg.token_starts, char) - 1
        while index >= 0 and self.doc[index].is_space:
            index -= 1
        return index if index >= 0 else None

    def person_at(self, index: int) -> tuple[Entity, Mention] | None:
        found = self.by_token.get(index)
        return found if found and found[0].kind == "person" else None

    def nearest_person_before(self, char: int, pronoun: str | None = None) -> tuple[Entity, Mention] | None:
        """The last person mentioned before ``char``, looking back a few paragraphs; for a ``pronoun`` ("er",
        "sie"), the last one whose first name does not say otherwise ("Sie folgt auf Kai Beispiel. Sie …")."""
        wanted = PRONOUN_GENDERS.get(pronoun.lower()) if pronoun else None
        block_index = self.seg.block_of(max(0, char - 1))
        first_block = max(0, block_index - LOOKBACK_BLOCKS)
        lower = self.seg.blocks[first_block].start
        index = self.token_before(char)
        while index is not None and index >= 0 and self.doc[index].idx >= lower:
            found = self.person_at(index)
            if found and (wanted is None or wanted in self.gender(found[0])):
                if pronoun is not None:
                    # "Meier lobte seinen Vorgänger Kai Beispiel. „…“, sagte er.": the pronoun continues the
                    # subject of that sentence, when a person opens it, not the person named last
                    subject = self.person_opening(self.seg.sentence_of(found[1].start))
                    if subject is not None and subject[0] is not found[0] and wanted in self.gender(subject[0]):
                        return subject
                return found
            index -= 1
        return None

    def person_opening(self, sentence: Span) -> tuple[Entity, Mention] | None:
        """The person a sentence opens with, after titles and role words ('Präsident Kai Beispiel lobte …')."""
        for token in sentence:
            found = self.person_at(token.i)
            if found is not None:
                return found
            if not (token.is_space or token._.sg_title or token._.sg_role_or_address or token.text.lower() in ARTICLES):
                return None
        return None

    def gender(self, person: Entity) -> str:
        """ "m", "f", or "mf" when the first name does not tell."""
        return self.lex.first_name_genders.get(person.name.split(" ")[0], "mf") or "mf"

    def nearest_person_described(self, char: int, role_word: str) -> tuple[Entity, Mention] | None:
        """The last person before ``char`` whose titles or roles end with ``role_word`` ("Ministerin" names the
        "Wissenschaftsministerin" of two paragraphs before)."""
        wanted = role_word.lower()
        first: tuple[Entity, Mention] | None = None
        index = self.token_before(char)
        while index is not None and index >= 0:
            found = self.person_at(index)
            labels = [label.lower() for label in self.labels(found[0])] if found else []
            if wanted in labels:
                return found  # "der Präsident" is the president before it is a vice-president
            # "die Ministerin" for a "Wissenschaftsministerin", "die Enquetevorsitzende" for a "Vorsitzende"
            if first is None and any(
                label.endswith(wanted) or (len(label) >= 5 and wanted.endswith(label)) for label in labels
            ):
                first = found
            index -= 1
        return first

    def continues(self, previous: Quotation, start: int) -> bool:
        """Does the quotation at ``start`` go on from ``previous`` in the same paragraph, with nobody named in
        between?"""
        if previous.speaker is None or self.seg.block_of(previous.end) != self.seg.block_of(start):
            return False
        first = self.token_at_or_after(max(previous.end, previous.attribution_end))
        last = self.token_before(start)
        if first is None or last is None:
            return True
        return not any(self.person_at(k) for k in range(first, last + 1))

    # the rules ---------------------------------------------------------------------------

    def colon_intro(self, start: int) -> tuple[tuple[Entity, Mention] | None, tuple[int, int] | None]:
        """Rule 1: an introduction ending with ':' right before the opening mark."""
        before = self.token_before(start - 1)
        while before is not None and self.doc[before].text in {"*", "„", "“", '"', "«", "»"}:
            before = self.token_before(self.doc[before].idx)
        if before is None or self.doc[before].text != ":":
            return None, None
        sentence = self.doc[before].sent
        intro_start = sentence.start
        for index in range(intro_start, before):
            found = self.person_at(index)
            if found:
                return found, (self.doc[intro_start].idx, self.doc[before].idx + 1)
        # "Er betonte in seiner Rede:" / "Der Präsident … fragte:" — the person mentioned before (with that title)
        pronoun = next((t.text for t in self.doc[intro_start:before] if t.text in PRONOUNS), None)
        role = next((t.text for t in self.doc[intro_start:before] if t._.sg_role), None)
        found = (self.nearest_person_described(start, role) if role and not pronoun else None) or (
            self.nearest_person_before(self.doc[intro_start].idx, pronoun)
        )
        if found:
            return found, (found[1].char_start, self.doc[before].idx + 1)
        return None, None

    def intro_names_speaker(self, start: int) -> bool:
        """Does the sentence that ends with the colon before the quotation at ``start`` name a person?"""
        before = self.token_before(start - 1)
        while before is not None and self.doc[before].text in {"*", "„", "“", '"', "«", "»"}:
            before = self.token_before(self.doc[before].idx)
        if before is None or self.doc[before].text != ":":
            return False
        sentence = self.doc[before].sent
        return any(self.person_at(index) for index in range(sentence.start, before))

    def speech_verb_after(
        self, start: int, end: int
    ) -> tuple[tuple[Entity, Mention] | None, tuple[int, int] | None, int | None]:
        """Rule 2: '„…“, sagte X' / '„…“ Dies betonte X' / '„…“, so X' / '„…“, betonte er'."""
        doc = self.doc
        index = self.token_at_or_after(end + 1)
        while index is not None and index < len(doc):
            token = doc[index]
            if token.text in _SKIP_AFTER or token.is_space:
                index += 1
                continue
            block = self.seg.blocks[self.seg.block_of(token.idx)]
            if block.is_heading and block.start >= end:
                index = self.token_at_or_after(block.end)
                continue
            break
        if index is None or index >= len(doc):
            return None, None, None
        if (
            self.seg.block_of(doc[index].idx) != self.seg.block_of(end)
            and doc[index].text[:1].isupper()
            and doc[index].text not in self.lex.speech_verbs
        ):
            return None, None, None  # a new paragraph opens with its own subject: it does not attribute the quotation
        sentence_end = doc[index].sent.end
        verb = next(
            (k for k in range(index, min(len(doc), index + 4, sentence_end)) if doc[k].text in self.lex.speech_verbs),
            None,
        )
        if verb is None and doc[index].text in _MODALS:
            # "„…“, kann Oberbürgermeister Kai Beispiel nach dem Gespräch verkünden": modal, speaker, verb last
            later = any(doc[k].text in self.lex.speech_verbs for k in range(index + 1, sentence_end))
            if later:
                for k in range(index + 1, min(sentence_end, index + 5)):
                    found = self.by_token.get(k)
                    if found and found[0].kind == "person":
                        return found, (doc[index].idx, found[1].char_end), None
        if verb is None:
            return None, None, None
        if verb + 1 < len(doc) and doc[verb + 1].text in {"auch", "ebenfalls"}:
            return None, None, None  # "Dies unterstrich auch X": X agrees, somebody else spoke
        role_token = None
        for k in range(verb + 1, min(sentence_end, verb + 8)):
            found = self.by_token.get(k)
            if found and found[0].kind == "person":
                return found, (doc[index].idx, found[1].char_end), None
            if found and found[0].kind == "org":
                break
            # "sagte die Ministerin", "sagte der neue Präsident der X, Kai Beispiel"
            article_before = doc[k - 1].text.lower() in {"der", "die"} or (
                doc[k - 2].text.lower() in {"der", "die"} and doc[k - 1].text[:1].islower() and doc[k - 1].is_alpha
            )
            if doc[k]._.sg_role and article_before:
                named = next(filter(None, (self.person_at(j) for j in range(k + 1, min(sentence_end, k + 4)))), None)
                if named is not None and all(doc[j]._.sg_title for j in range(k + 1, named[1].start)):
                    return named, (doc[index].idx, named[1].char_end), k  # "sagt der neue Vorsitzende Kai Beispiel"
            if doc[k].text in PRONOUNS or (doc[k]._.sg_role and article_before):
                if doc[k]._.sg_role:
                    role_token = k
                    # "…“, sagt der Rektor der Universität X, Prof. Dr. Kai Beispiel": the name follows the role
                    named = self.person_in_apposition(k, sentence_end)
                    if named is not None:
                        return named, (doc[index].idx, named[1].char_end), k
                speaker = None
                if doc[k]._.sg_role:
                    # "…“, sagte die Ministerin": the last person the text calls a minister
                    speaker = self.nearest_person_described(start, doc[k].text)
                speaker = speaker or self.nearest_person_before(start, doc[k].text if doc[k].text in PRONOUNS else None)
                if speaker:
                    return speaker, (doc[index].idx, doc[k].idx + len(doc[k].text)), role_token
                break
        return None, None, None

    def person_in_apposition(self, role: int, sentence_end: int) -> tuple[Entity, Mention] | None:
        """The person named after a comma that closes the role phrase starting at ``role``."""
        doc = self.doc
        for k in range(role + 1, min(sentence_end, role + 16)):
            if doc[k].text in QUOTE_CHARS or doc[k].text in {";", ":"}:  # the sentence bounds the search
                return None
            found = self.by_token.get(k)
            if found and found[0].kind == "person":
                # "der Minister für Wirtschaft, Bau und Tourismus Kai Beispiel": the portfolio runs up to the name
                portfolio = doc[role + 1].text == "für"
                return found if doc[k - 1].text == "," or portfolio or self._titles_after_comma(k) else None
        return None

    def _titles_after_comma(self, index: int) -> bool:
        doc = self.doc
        k = index - 1
        # "Prof. Dr.-Ing." is tokenised as "Prof.", "Dr.-Ing", "."; "…, Ministerin Petra Beispiel" has a role word
        while k > 0 and (
            doc[k].text.endswith(".")
            or doc[k].text in self.lex.titles
            or doc[k].text.startswith("Dr.")
            or doc[k]._.sg_role
        ):
            k -= 1
        return doc[k].text == ","

    def intro_in_sentence(self, start: int) -> tuple[tuple[Entity, Mention] | None, tuple[int, int] | None]:
        """Rule 3: 'X sagte, „…“' in the same sentence."""
        before = self.token_before(start - 1)
        if before is None:
            return None, None
        if self.doc[before].text in {".", "!", "?"}:
            return None, None  # the quotation opens a sentence of its own: the one before is not its intro
        sentence = self.doc[before].sent
        tokens = self.doc[sentence.start : before + 1]
        if not any(t.text in self.lex.speech_verbs for t in tokens):
            return None, None
        for token in tokens:
            found = self.person_at(token.i)
            if found:
                return found, (self.doc[sentence.start].idx, self.doc[before].idx + 1)
        pronoun = next((t.text for t in tokens if t.text in PRONOUNS), None)
        found = self.nearest_person_before(self.doc[sentence.start].idx, pronoun)
        if found and pronoun:
            return found, (found[1].char_start, self.doc[before].idx + 1)
        return None, None

    def names_a_thing(self, start: int) -> bool:
        """Is the quoted string right after an organisation noun or a document noun?"""
        before = self.token_before(start - 1)
        if before is None:
            return False
        word = self.doc[before].text
        if self.seg.block_of(self.doc[before].idx) != self.seg.block_of(start):
            return False  # a heading that ends with "…allianz" names nothing in the next paragraph
        if word.endswith("."):
            return False  # "… von DiWiSH e.V. „Heute haben wir …“": a sentence ended, a quotation begins
        return (
            self.lex.org_head_kind(word) is not None
            or self.lex.document_kind(word) is not None
            or self.lex.names_a_title(word)  # "im Rahmen der Fördermaßnahme „…“", "zum Thema „…“"
        )

    def introduced_by_speech_verb(self, start: int) -> bool:
        before = self.token_before(start - 1)
        if before is None:
            return False
        sentence = self.doc[before].sent
        return any(t.text in self.lex.speech_verbs for t in self.doc[sentence.start : before + 1])


def find_quotations(
    seg: Segmented,
    lexicon: Lexicon,
    by_token: dict[int, tuple[Entity, Mention]],
    labels: Callable[[Entity], Iterable[str]] = lambda person: person.titles,
    has_verb: Callable[[list[str]], bool] = lambda words: True,
) -> list[Quotation]:
    """Quotations with their speakers (see the module docstring); ``labels`` gives a person's titles and role
    words, which name the speaker of "…“, sagte die Ministerin"; ``has_verb`` tells a quoted sentence from a
    quoted title ("„Tag der Wirtschaft für Gymnasiallehrer“"), which nothing attributes."""
    text = seg.text
    rules = Attribution(seg, lexicon, by_token, labels)
    quotations: list[Quotation] = []
    for start, end in quotation_spans(text):
        quoted = text[start:end].strip().strip("*").strip()
        if not quoted:
            continue
        inner_start = text.index(quoted, start)
        inner_end = inner_start + len(quoted)
        block = seg.blocks[seg.block_of(start)]
        if rules.names_a_thing(start):
            continue  # den Verein „…“, das Papier „…“: a name or a title, not a quotation
        speaker, attribution = rules.colon_intro(start)
        if block.is_heading and speaker is None:
            continue  # a quoted heading names no speaker
        if len(quoted.split()) < MIN_WORDS and speaker is None and not rules.introduced_by_speech_verb(start):
            continue  # a short quoted string is a title or a name
        role_token = None
        if speaker is not None and not rules.intro_names_speaker(start):
            # "Eine Delegation war angereist: „…“, erklärte X": a speech verb after the quotation beats the
            # person mentioned somewhere before the colon
            after = rules.speech_verb_after(start, end)
            if after[0] is not None:
                speaker, attribution, role_token = after
        if speaker is None:
            speaker, attribution, role_token = rules.speech_verb_after(start, end)
        if speaker is None:
            speaker, attribution = rules.intro_in_sentence(start)
        if speaker is None and quotations and rules.continues(quotations[-1], start):
            # "„…“, sagte die Ministerin. „…“": a second quotation of the same paragraph goes on
            entity: Entity | None = quotations[-1].speaker
            attribution = (inner_start, inner_end)
        else:
            if (
                speaker is None
                and not rules.introduced_by_speech_verb(start)  # "spricht von „gezieltem Kennenlernen“"
                and not has_verb(re.findall(r"[\w-]+", quoted))
            ):
                continue  # nobody says it and it has no verb: the title of an event, a product, a paper
            if speaker is None:
                found = rules.nearest_person_before(start)
                if found:
                    speaker, attribution = found, (found[1].char_start, found[1].char_end)
            entity = speaker[0] if speaker else None
        attribution_start, attribution_end = attribution or (inner_start, inner_end)
        quotations.append(
            Quotation(
                inner_start,
                inner_end,
                quoted,
                entity,
                min(attribution_start, inner_start),
                max(attribution_end, inner_end),
                role_token,
            )
        )
    return quotations
