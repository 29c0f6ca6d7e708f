"""Stable, readable IRIs for entities, documents and evidence.

The same name gives the same IRI in every document and every build; spellings that differ only
in case, dots or hyphens meet ("NetzwerkAllianz.BW" and "NETZWERK.ALLIANZ.BW").

>>> entity_iri("person", "Jörg Müller-Lüdenscheidt")
rdflib.term.URIRef('https://w3id.org/stakegraph/id/person/joerg-muellerluedenscheidt')
>>> entity_iri("org", "NetzwerkAllianz.BW") == entity_iri("org", "NETZWERK.ALLIANZ.BW")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from ontology.namespaces import DATA, GRAPH

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
MAX_SLUG = 80


def slug(name: str) -> str:
    """Lower-case ASCII words joined by '-', other punctuation dropped; long names end in a hash."""
    text = name.translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = [re.sub(r"[^a-z0-9]", "", word) for word in re.split(r"[\s/,;:]+", text)]
    value = "-".join(word for word in words if word) or "x"
    if len(value) > MAX_SLUG:
        digest = hashlib.sha1(value.encode()).hexdigest()[:8]
        value = value[: MAX_SLUG - 9].rstrip("-") + "-" + digest
    return value


def entity_iri(kind: str, name: str) -> URIRef:
    """``kind`` is person, org, place, document, role or concept."""
    return DATA[f"{kind}/{slug(name)}"]


def source_slug(name: str) -> str:
    """The slug of a source file name (its suffix dropped)."""
    stem = re.sub(r"\.(txt|text|md|html?|xhtml|pdf)$", "", name, flags=re.I)
    return slug(stem.replace(".", " "))


def source_iri(source: str) -> URIRef:
    return DATA[f"source/{source}"]


def document_graph(source: str) -> URIRef:
    """The named graph that holds everything extracted from one source."""
    return GRAPH[f"source/{source}"]


def local_iri(source: str, kind: str, *parts: object) -> URIRef:
    """An IRI for a node that belongs to one source (fact, evidence, quote, event)."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return DATA[f"{kind}/{source}/{digest}"]
