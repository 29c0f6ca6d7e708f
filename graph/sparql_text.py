"""Looking at SPARQL text before a parser does: what is code, and is it safe to parse.

Oxigraph's SPARQL parser and evaluator recurse once per nesting level and per operator of a chain;
a query like ``SELECT * WHERE {{{{…}}}}`` a few thousand levels deep, or ``FILTER(1+1+1…)`` with
twenty thousand terms, overflows the stack and kills the process (measured with pyoxigraph 0.5:
segmentation fault from about 5,000 braces or parentheses and 20,000 chained operators; see
tests/reliability/README.md). :func:`check_complexity` refuses such text before it reaches the
parser, with limits far below the crash and far above any query a person or a tool writes.

>>> code_of('SELECT ?s WHERE { ?s rdfs:label "a { b" } # {')
'SELECT ?s WHERE { ?s rdfs:label   }  '
>>> nesting_depth("SELECT * WHERE { { ?s ?p ?o } FILTER((1)) }")
3
>>> check_complexity("SELECT * WHERE " + "{" * 500 + "}" * 500)
Traceback (most recent call last):
...
graph.errors.QueryError: the query nests 500 levels deep; the limit is 128
"""

from __future__ import annotations

import re

from graph.errors import QueryError

#: Deepest nesting of ``{}``, ``()`` and ``[]`` accepted.
MAX_NESTING = 128
#: Most operators and pattern joins (``+ - * / ! || && | ^ = < >``, UNION, OPTIONAL, MINUS) accepted.
MAX_OPERATORS = 2_000

_STRINGS = r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\r\n]|\\.)*"|\'(?:[^\'\\\r\n]|\\.)*\''
_IRI = r'<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s"{}|^`\\]*>'  # with a scheme: "<(((1)))>" is a comparison, not an IRI
_COMMENT = r"#[^\r\n]*"  # a comment ends at a carriage return too
_ESCAPE = r"\\."  # "foaf:a\#" is a name with an escaped "#", not the start of a comment
_LITERALS = re.compile("|".join([_STRINGS, _IRI, _COMMENT, _ESCAPE]))
_NOT_IRIS = re.compile("|".join([_STRINGS, _COMMENT, _ESCAPE]))
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NAMES = re.compile(r"[?$]?[\w\-.:%]+")
_OPERATORS = re.compile(r"\|\||&&|!=|<=|>=|[-+*/!|^=<>]|\b(?:UNION|OPTIONAL|MINUS)\b", re.IGNORECASE)
_JOINS = frozenset({"UNION", "OPTIONAL", "MINUS"})
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")


def code_of(text: str) -> str:
    """The query without strings, IRIs and comments: keywords, names, variables and punctuation.

    Codepoint escapes are decoded first, as the SPARQL parser does before it reads the query
    (``\\u004cOAD`` is ``LOAD``), and a comment ends at a carriage return as well as a newline.
    """
    return _LITERALS.sub(" ", unescape_codepoints(text))


def unescape_codepoints(text: str) -> str:
    r"""Decode the ``\uXXXX`` and ``\UXXXXXXXX`` escapes that SPARQL allows anywhere in a query.

    >>> unescape_codepoints("\\u004cOAD <x:y>")
    'LOAD <x:y>'
    """
    if "\\" not in text:
        return text
    return _CODEPOINT.sub(lambda m: _character(m.group(1) or m.group(2)), text)


def _character(hexadecimal: str) -> str:
    try:
        return chr(int(hexadecimal, 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets in the code of ``text`` (unbalanced text is measured as written)."""
    depth = deepest = 0
    # brackets inside IRIs count too: an IRI never needs many, and what looks like one may be two comparisons
    for char in _NOT_IRIS.sub(" ", unescape_codepoints(text)):
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


def operator_count(text: str) -> int:
    """How many operators and pattern joins the code of ``text`` holds (names such as ``sg:has-part`` excluded)."""
    code = code_of(text).replace("^^", " ")  # a datatype marker, not the inverse-path operator
    code = _NAMES.sub(lambda m: m.group(0) if m.group(0).upper() in _JOINS else " ", code)
    return len(_OPERATORS.findall(code))


def check_complexity(text: str) -> None:
    """Raise :class:`~graph.errors.QueryError` for text too deeply nested or with too long a chain to parse safely."""
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryError(f"the query nests {depth} levels deep; the limit is {MAX_NESTING}")
    operators = operator_count(text)
    if operators > MAX_OPERATORS:
        raise QueryError(f"the query has {operators:,} operators; the limit is {MAX_OPERATORS:,}")


__all__ = ["MAX_NESTING", "MAX_OPERATORS", "check_complexity", "code_of", "nesting_depth", "operator_count"]
