"""Token-span helpers the extraction rules share: articles, list items, infinitive phrases, bounds."""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from graph.lexicon import Lexicon
from graph.mentions import QUOTE_CHARS

YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
ARTICLES = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"}
# Copulas of one subject: "Kai Beispiel ist / wird / wurde / bleibt …", "Er war …"
SINGULAR_COPULAS = frozenset({"ist", "war", "wird", "wurde", "bleibt"})
# What may stand between coordinated names: "A, B und die C", "D sowie dem E".
COORDINATION = frozenset({",", "und", "sowie", "&"}) | ARTICLES


def stripped_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def enumeration_continues(doc: Doc, index: int) -> bool:
    """After a comma: does an enumeration of capitalised words go on, closed by 'und'?"""
    for token in doc[index : index + 8]:
        if token.text in {"und", "sowie"}:
            return True
        if not (token.text[:1].isupper() or token.text == "," or token.text.endswith("-")):
            return False
    return False


def before_genitive(doc: Doc, start: int, end: int) -> int:
    for index in range(start + 1, end - 1):
        if doc[index].text in {"des", "der"} and doc[index + 1].text in {
            "Landes",
            "Bundes",
            "Freistaates",
            "Freistaats",
        }:
            return index
    return end


def generic_head(word: str, lexicon: Lexicon) -> bool:
    for candidate in (
        word,
        word[:-1] if word.endswith("s") else word,
        word[:-2] if word.endswith("es") else word,
    ):
        if candidate in lexicon.generic_before_brand:
            return True
    return False


def end_with_alias(doc: Doc, end: int) -> int:
    """The end of a name including an abbreviation in parentheses right after it: 'Ministerium (UM)'."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        return end + 3
    return end


STOP_GOAL = {"um", "damit", "indem", "wobei", "weil", "dass"}


def list_items(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """'der A, die B – auch … – sowie eine C, um …' -> token spans of A, B, C (articles dropped).

    Lines that start with a bullet ("- A und B", "• C") are the items, whole.
    """
    bullets = [
        index + 1
        for index in range(start, end - 1)
        if doc[index].is_space and "\n" in doc[index].text and doc[index + 1].text in BULLETS
    ]
    if bullets:
        items = []
        for position, bullet in enumerate(bullets):
            stop = bullets[position + 1] - 1 if position + 1 < len(bullets) else end
            while stop > bullet + 1 and (doc[stop - 1].is_space or doc[stop - 1].text in {".", ";", ","}):
                stop -= 1
            if stop > bullet + 1:
                items.append(without_article(doc, bullet + 1, stop))
        return items
    items: list[tuple[int, int]] = []
    current = start
    index = start
    in_dash = False
    while index < end:
        text = doc[index].text
        if text in {"–", "—"}:
            if index > current and not in_dash:
                items.append((current, index))
            in_dash = not in_dash
            current = index + 1
        elif in_dash:
            pass
        elif text in {",", ";"} or (text in {"und", "sowie", "oder"} and not doc[index - 1].text.endswith("-")):
            if index > current:
                items.append((current, index))
            current = index + 1
            if index + 1 < end and doc[index + 1].text in STOP_GOAL:
                return [without_article(doc, a, b) for a, b in items if b > a]
        elif text in {".", "!", "?"}:
            break
        index += 1
    if not in_dash and index > current:
        items.append((current, index))
    return [without_article(doc, a, b) for a, b in items if b > a]


def quoted_items(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """'„A“, „B und C“ sowie „D“' right after ``start`` (an article or preposition may come first): the
    quoted items, whole; empty when no quote opens there."""
    index = start
    while index < end and index < start + 2 and doc[index].text.lower() in ARTICLES | {"von", "zu", "für"}:
        index += 1
    items: list[tuple[int, int]] = []
    while index < end and doc[index].text in QUOTE_CHARS:
        close = index + 1
        while close < end and doc[close].text not in QUOTE_CHARS and close - index <= 12:
            close += 1
        if close >= end or doc[close].text not in QUOTE_CHARS or close == index + 1:
            break
        items.append((index + 1, close))
        index = close + 1
        while index < end and (doc[index].is_space or doc[index].text in {",", "und", "sowie", "oder"}):
            index += 1
    return items


BULLETS = frozenset({"-", "•", "*", "–", "·", "▪"})
BULLET = re.compile(r"^\s*[-•*–·▪]\s")
ZU_INFIX = re.compile(r"^[a-zäöü]{2,}zu[a-zäöü]{2,}(en|ern|eln)$")


def infinitive_phrases(doc: Doc, start: int, end: int, *, modal: bool = False) -> list[tuple[int, int]]:
    """'X zu stärken und Y mitzugestalten' -> spans of 'X zu stärken', 'Y mitzugestalten' (the caller drops
    'zu'); with ``modal`` the verbs stand bare: 'X stärken und Y machen'."""
    phrases: list[tuple[int, int]] = []
    current = start
    for index in range(start, end):
        text = doc[index].text
        if text in {".", "!", "?", ";"}:
            break
        following = doc[index + 1].text if index + 1 < end else "."
        if modal:
            is_verb = (
                text[:1].islower()
                and text.endswith(("en", "ern", "eln"))
                and following in {"und", "sowie", "oder", ".", ",", "!", ";"}
                and not doc[index - 1].text.endswith("-")
            )
        else:
            is_verb = (
                doc[index - 1].text == "zu" and text[:1].islower() and text.endswith(("en", "ern", "eln"))
            ) or bool(ZU_INFIX.match(text))
        if is_verb and index >= current:
            phrases.append(without_article(doc, current, index + 1))
            current = index + 2 if following in {"und", "sowie", "oder", ","} else index + 1
            if following == "," and modal:
                break
    return [(a, b) for a, b in phrases if b > a]


def without_article(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].text.lower() in ARTICLES or doc[start].text.lower() in {"einen", "eine", "ein"}):
        start += 1
    return start, end


def inside_dashes_after(doc: Doc, index: int, sentence: TokenSpan, words: frozenset[str]) -> bool:
    """Is token ``index`` inside '– … –' (or after ':') that follows one of ``words``?"""
    for back in range(index - 1, sentence.start - 1, -1):
        if doc[back].text in {"–", "—", ":"}:
            return any(doc[k].text in words for k in range(max(sentence.start, back - 4), back))
    return False
