"""The bridge between report keys and ontology terms, read from ``sg:reportKey`` annotations.

The JSON extraction report speaks of organisation kinds (``cluster``), document kinds (``paper``),
event kinds (``handover``) and relations (``member_of``); the ontology says which class or property
each key stands for. Nothing here is typed twice.

>>> from ontology.vocabulary import vocabulary
>>> vocabulary().relation_property("member_of").endswith("#memberOf")
True
>>> vocabulary().organization_kind(vocabulary().organization_class("cluster"))
'cluster'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import URIRef

from ontology.files import ontology_graph
from ontology.inference import entailments
from ontology.namespaces import OWL, RDF, SG


@dataclass(frozen=True)
class Vocabulary:
    """Report keys of classes and relations, grouped by their top class."""

    organization_kinds: dict[str, URIRef]
    document_kinds: dict[str, URIRef]
    event_kinds: dict[str, URIRef]
    relations: dict[str, URIRef]
    symmetric_relations: frozenset[str] = frozenset()

    def organization_class(self, kind: str) -> URIRef:
        """The class for an organisation kind; unknown kinds give ``sg:Organization``."""
        return self.organization_kinds.get(kind, SG.Organization)

    def document_class(self, kind: str) -> URIRef:
        """The class for a document kind; unknown kinds give ``sg:Document``."""
        return self.document_kinds.get(kind, SG.Document)

    def event_class(self, kind: str) -> URIRef:
        """The class for an event kind; unknown kinds give ``sg:Event``."""
        return self.event_kinds.get(kind, SG.Event)

    def relation_property(self, key: str) -> URIRef:
        """The property for a relation key such as ``member_of``; ``KeyError`` if unknown."""
        return self.relations[key]

    def organization_kind(self, cls: URIRef) -> str:
        return _key_of(self.organization_kinds, cls)

    def document_kind(self, cls: URIRef) -> str:
        return _key_of(self.document_kinds, cls)

    def event_kind(self, cls: URIRef) -> str:
        return _key_of(self.event_kinds, cls)

    def relation_key(self, prop: URIRef) -> str | None:
        for key, candidate in self.relations.items():
            if candidate == prop:
                return key
        return None


def _key_of(table: dict[str, URIRef], cls: URIRef) -> str:
    for key, candidate in table.items():
        if candidate == cls:
            return key
    return "other"


@cache
def vocabulary() -> Vocabulary:
    """Read the report keys from the ontology (cached)."""
    graph = ontology_graph()
    closure = entailments()
    tables: dict[URIRef, dict[str, URIRef]] = {SG.Organization: {}, SG.Document: {}, SG.Event: {}}
    relations: dict[str, URIRef] = {}
    for term, key in graph.subject_objects(SG.reportKey):
        assert isinstance(term, URIRef)
        if (term, RDF.type, OWL.Class) in graph:
            for top, table in tables.items():
                if top in closure.superclasses(term):
                    table[str(key)] = term
        else:
            relations[str(key)] = term
    return Vocabulary(
        organization_kinds=tables[SG.Organization],
        document_kinds=tables[SG.Document],
        event_kinds=tables[SG.Event],
        relations=relations,
        symmetric_relations=frozenset(
            key for key, prop in relations.items() if (prop, RDF.type, OWL.SymmetricProperty) in graph
        ),
    )
