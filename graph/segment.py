"""Split a text into blocks (paragraphs, headings), sentences and tokens, keeping character offsets.

Tokens come from spaCy's rule-based German tokenizer (no model needed), with one change: dotted
names such as ``Chemie.BW`` stay one token. Sentences never cross a paragraph break, so a
headline is not glued to the next paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy
import spacy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

_SENTENCE_END = {".", "!", "?", "…"}
_CLOSING = {"“", "”", '"', "«", "»", "‘", "’", "'", ")", "*"}
_ABBREVIATION = re.compile(r"^[A-ZÄÖÜ][a-zäöü]{0,4}\.-?[A-ZÄÖÜ]?[a-zäöü]{0,4}$")
_ENDS_WITH_ABBREVIATION = re.compile(r"\b(?:e\.\s?V|e\.\s?K|Co|Inc|Ltd|mbH)\.$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SENTENCE_OPENERS = frozenset(
    {
        "Der",
        "Die",
        "Das",
        "Den",
        "Dem",
        "Ein",
        "Eine",
        "Er",
        "Sie",
        "Es",
        "Wir",
        "Ich",
        "Im",
        "In",
        "Mit",
        "Auch",
        "Dabei",
        "Damit",
        "Dazu",
        "Zudem",
        "Außerdem",
        "Seit",
        "Nach",
        "Am",
        "Zum",
        "Zur",
        "Bei",
        "Für",
        "Diese",
        "Dieser",
        "Dieses",
        "So",
        "Neben",
    }
)


@dataclass(frozen=True)
class Block:
    """A paragraph or heading: ``text[start:end]``."""

    start: int
    end: int
    is_heading: bool
    text: str


@dataclass
class Segmented:
    """A text with its blocks, its token ``doc`` and its sentences (spaCy spans)."""

    text: str
    doc: Doc
    blocks: list[Block]
    sentences: list[Span]
    token_starts: list[int]

    def block_of(self, char: int) -> int:
        """Index of the block that holds (or last starts before) character offset ``char``."""
        return max(0, bisect_right([b.start for b in self.blocks], char) - 1)

    def sentence_of(self, token_index: int) -> Span:
        return self.doc[token_index].sent


@cache
def tokenizer_pipeline(language: str = "de") -> Language:
    """A blank spaCy pipeline for ``language`` with dotted-name infixes removed."""
    nlp = spacy.blank(language)
    infixes = [pattern for pattern in nlp.Defaults.infixes if r"])\.(?=[" not in pattern]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # spaCy keeps the emoticon "):" whole; in "Kai Beispiel (SPD): „…“" it is a bracket and a colon
    nlp.tokenizer.add_special_case("):", [{ORTH: ")"}, {ORTH: ":"}])
    nlp.max_length = 5_000_000
    return nlp


def keep_dotted_forms(nlp: Language, forms: Iterable[str]) -> None:
    """Keep each dotted one-word form ("Ltd.", "Kft.", "s.r.o.") as one token, full stop included."""
    for form in forms:
        if "." in form and " " not in form:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def is_heading(line: str) -> bool:
    """A single short line without closing punctuation, or one in capitals, is a heading."""
    stripped = line.strip().strip("*#").strip()
    if not stripped:
        return False
    letters = [ch for ch in stripped if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8 and len(letters) > 8:
        return stripped.count("\n") < 3
    if "\n" in stripped:
        return False
    words = stripped.split()
    if _ENDS_WITH_ABBREVIATION.search(stripped):  # "… übergibt Förderbescheid an TH-ERN e.V."
        stripped = stripped[:-1]
    if stripped[-1] in '“”"«»' and len(stripped) > 2:
        # 'Zwölf Unternehmen gründen das "Netzwerk X"': a quoted name ends the line, not a quoted sentence
        stripped = stripped[:-1].rstrip()
        if not stripped or stripped[-1] in '“”"«»' or stripped.count(" ") < 2:
            return False
    return len(words) <= 25 and stripped[-1] not in '.!?:;,“”"«»…–-'


def blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            offset = position + chunk.index(stripped)
            blocks.append(Block(offset, offset + len(stripped), is_heading(stripped), stripped))
        position = match.end() if match else len(text)
    return blocks


def segment(
    text: str, language: str = "de", multiword: Iterable[str] = (), legal_forms: Iterable[str] = ()
) -> Segmented:
    """Tokenise ``text`` and mark sentence starts: at block starts and after closing punctuation.

    Each phrase of ``multiword`` written with spaces ("e. V.") becomes one token where it occurs. A sentence
    may also end with one of ``legal_forms`` ("… der Nordwerk GmbH. Anna …", "… Nordhafen e.V. Die …").
    """
    blocks = blocks_of(text)
    doc = tokenizer_pipeline(language)(text)
    _merge_phrases(doc, multiword)
    block_starts = {block.start for block in blocks}
    starts = _sentence_starts(doc, block_starts, frozenset(legal_forms))
    if len(doc):
        # one array write instead of a Python assignment per token
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        flags[sorted(starts | {0}), 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # -1 (no start) as spaCy stores it
    sentences = [sent for sent in doc.sents if sent.text.strip()]
    return Segmented(text=text, doc=doc, blocks=blocks, sentences=sentences, token_starts=doc.to_array(IDX).tolist())


def _merge_phrases(doc: Doc, phrases: Iterable[str]) -> None:
    """Merge the tokens of each occurrence of a phrase separated by single spaces into one token."""
    sequences = [phrase.split() for phrase in phrases if " " in phrase]
    if not sequences:
        return
    firsts = {words[0] for words in sequences}
    texts = [t.text for t in doc]
    spans = []
    index = 0
    while index < len(texts):
        if texts[index] in firsts:
            for words in sequences:
                end = index + len(words)
                if texts[index:end] == words and all(doc[k].whitespace_ == " " for k in range(index, end - 1)):
                    spans.append(doc[index:end])
                    index = end - 1
                    break
        index += 1
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)


def _sentence_starts(doc: Doc, block_starts: set[int], legal_forms: frozenset[str] = frozenset()) -> set[int]:
    # "GmbH." is a form written without a stop followed by the sentence's; "e.V." carries its own stop and ends
    # a sentence only before a word that opens one
    ending_a_sentence = {form + "." for form in legal_forms if not form.endswith(".")}
    with_stop = {form for form in legal_forms if form.endswith(".")}
    starts: set[int] = set()
    previous_end = False
    for token in doc:
        if token.is_space:
            if "\n" in token.text and token.i + 1 < len(doc):
                # a line break inside a block ends a sentence only after closing punctuation
                following = doc[token.i + 1]
                if following.idx in block_starts:
                    starts.add(following.i)
            continue
        if token.idx in block_starts:
            starts.add(token.i)
            previous_end = False
            continue
        if previous_end and token.text not in _CLOSING and not token.text[:1].islower():
            starts.add(token.i)
        if token.text in ending_a_sentence:
            previous_end = True  # "… der Nordwerk GmbH. Anna Roth …": the stop is no part of "GmbH"
            continue
        if (
            token.text in with_stop
            and token.i + 1 < len(doc)
            and (doc[token.i + 1].text in _SENTENCE_OPENERS or doc[token.i + 1].text in {"„", "»"})
        ):
            previous_end = True  # "… von Nordhafen e.V. Die Bilanz …": the legal form's stop ends the sentence
            continue
        if token.text == "." and token.i > 0 and _ABBREVIATION.match(doc[token.i - 1].text):
            previous_end = False  # "Prof. Dr.-Ing. Jens …" is tokenised "Dr.-Ing", ".": no sentence ends here
            continue
        if (
            token.text in _SENTENCE_END
            or (len(token.text) > 1 and token.text[-1] in "!?" and token.text[0].isalpha())
            or (token.text in _CLOSING and previous_end)
        ):
            previous_end = True
        else:
            previous_end = False
    return starts
