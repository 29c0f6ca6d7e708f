"""Quotations and their speakers.

A quotation is text between matching quotation marks („…“, “…”, "…", »…«, «…»), at least a few
words long (shorter quoted strings are titles or names). It may run over several paragraphs. Its
speaker is found, in this order, by
1. a speech verb after it: „…“, sagte X / „…“ Dies betonte Ministerin X / „…“, so X
   (headings between the quotation and the attribution are skipped),
2. an introduction before it: X, Geschäftsführerin bei Y: „…“ / X sagte: „…“,
3. the nearest person mentioned before it in the same paragraph.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.lexicon import Lexicon
from graph.segment import Segmented

if TYPE_CHECKING:
    from graph.extract import Entity
    from graph.mentions import Mention

MIN_WORDS = 5
MAX_PARAGRAPHS = 4
# opening mark -> closing marks it accepts
PAIRS: dict[str, set[str]] = {
    "„": {"“", "”", '"'},
    "“": {"”", "“"},
    '"': {'"', "“", "”"},
    "»": {"«"},
    "«": {"»"},
}


@dataclass
class Quotation:
    """A quotation: ``text[start:end]`` is the quoted text (without the marks)."""

    start: int
    end: int
    text: str
    speaker: Entity | None
    attribution_start: int
    attribution_end: int


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
        if end is None:
            index += 1
            continue
        spans.append((index + 1, end))
        index = end + 1
    return spans


def find_quotations(seg: Segmented, lexicon: Lexicon, by_token: dict[int, tuple[Entity, Mention]]) -> list[Quotation]:
    """Quotations of at least :data:`MIN_WORDS` words with their speakers."""
    text = seg.text
    quotations: list[Quotation] = []
    for start, end in quotation_spans(text):
        quoted = text[start:end].strip().strip("*").strip()
        if len(quoted.split()) < MIN_WORDS:
            continue
        inner_start = text.index(quoted, start)
        inner_end = inner_start + len(quoted)
        speaker, attribution = _after(seg, lexicon, by_token, end)
        if speaker is None:
            speaker, attribution = _before(seg, lexicon, by_token, start)
        if speaker is None:
            speaker, attribution = _nearest_before(seg, by_token, start)
        attribution_start, attribution_end = attribution or (inner_start, inner_end)
        quotations.append(
            Quotation(
                inner_start,
                inner_end,
                quoted,
                speaker,
                min(attribution_start, inner_start),
                max(attribution_end, inner_end) if attribution else inner_end,
            )
        )
    return quotations


def _token_at_or_after(seg: Segmented, char: int) -> int | None:
    doc = seg.doc
    index = bisect_left(seg.token_starts, char)
    while index < len(doc) and doc[index].is_space:
        index += 1
    return index if index < len(doc) else None


def _after(seg: Segmented, lexicon: Lexicon, by_token: dict, end: int) -> tuple[Entity | None, tuple[int, int] | None]:
    """„…“ sagte X / „…“ Dies betonte X / „…“, so X — skipping headings in between."""
    doc = seg.doc
    index = _token_at_or_after(seg, end + 1)
    # skip closing marks, emphasis and headings between the quotation and its attribution
    while index is not None and index < len(doc):
        token = doc[index]
        if token.text in {",", "*", "“", "”", '"', "«", "»", "."} or token.is_space:
            index += 1
            continue
        block = seg.blocks[seg.block_of(token.idx)]
        if block.is_heading and block.start >= end:
            index = _token_at_or_after(seg, block.end)
            continue
        break
    if index is None or index >= len(doc):
        return None, None
    sentence_end = doc[index].sent.end
    window_end = min(len(doc), index + 6, sentence_end)
    verb = None
    for k in range(index, window_end):
        if doc[k].text in lexicon.speech_verbs:
            verb = k
            break
    if verb is None:
        return None, None
    for k in range(verb + 1, min(sentence_end, verb + 8)):
        found = by_token.get(k)
        if found and found[0].kind == "person":
            mention = found[1]
            return found[0], (doc[index].idx, mention.char_end)
        if found and found[0].kind == "org":
            break
    return None, None


def _before(
    seg: Segmented, lexicon: Lexicon, by_token: dict, start: int
) -> tuple[Entity | None, tuple[int, int] | None]:
    """X, Rolle bei Y: „…“ / X sagte: „…“ — the introduction ends with a colon or comma."""
    doc = seg.doc
    block = seg.blocks[seg.block_of(start - 1)]
    intro = doc.char_span(block.start, max(block.start, start - 1), alignment_mode="expand")
    if intro is None or not len(intro):
        return None, None
    tail = [t for t in intro if not t.is_space and t.text not in {"*", "„", "“", '"'}]
    if not tail or tail[-1].text not in {":", ","}:
        return None, None
    # the intro's sentence: from the last sentence start before the colon
    sentence_start = tail[-1].sent.start
    for token in doc[sentence_start : tail[-1].i]:
        found = by_token.get(token.i)
        if found and found[0].kind == "person":
            has_verb = any(t.text in lexicon.speech_verbs for t in doc[token.i : tail[-1].i])
            if tail[-1].text == ":" or has_verb:
                return found[0], (doc[sentence_start].idx, tail[-1].idx + 1)
    return None, None


def _nearest_before(seg: Segmented, by_token: dict, start: int) -> tuple[Entity | None, tuple[int, int] | None]:
    doc = seg.doc
    block = seg.blocks[seg.block_of(start - 1)] if start > 0 else None
    if block is None:
        return None, None
    span = doc.char_span(block.start, start, alignment_mode="contract")
    if span is None:
        return None, None
    for token in reversed(span):
        found = by_token.get(token.i)
        if found and found[0].kind == "person":
            return found[0], (found[1].char_start, found[1].char_end)
    return None, None
