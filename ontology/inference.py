"""The RDFS/OWL entailments the builder materialises, so standard-vocabulary queries find our data.

Only the cheap, unambiguous rules are applied: ``rdfs:subClassOf`` and ``rdfs:subPropertyOf``
(transitively), ``owl:equivalentProperty``, ``owl:inverseOf`` and ``owl:SymmetricProperty``.
A cluster typed ``sg:Cluster`` is thereby also an ``org:Organization`` and ``schema:Organization``,
and ``sg:memberOf`` implies ``org:memberOf``.

>>> from ontology.namespaces import ORG, SG
>>> ORG.Organization in entailments().superclasses(SG.Cluster)
True
>>> ORG.memberOf in entailments().superproperties(SG.memberOf)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.term import Node

from ontology.files import ontology_graph
from ontology.namespaces import OWL, RDF, RDFS

Triple = tuple[Node, Node, Node]


def _closure(direct: dict[URIRef, set[URIRef]], start: URIRef) -> frozenset[URIRef]:
    seen = {start}
    todo = [start]
    while todo:
        for parent in direct.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return frozenset(seen)


@dataclass(frozen=True)
class Entailments:
    """Super-terms, inverses and symmetric properties read from an ontology graph."""

    direct_superclasses: dict[URIRef, set[URIRef]]
    direct_superproperties: dict[URIRef, set[URIRef]]
    inverses: dict[URIRef, set[URIRef]]
    symmetric: frozenset[URIRef]

    @classmethod
    def from_graph(cls, graph: Graph) -> Entailments:
        sub_class: dict[URIRef, set[URIRef]] = {}
        sub_prop: dict[URIRef, set[URIRef]] = {}
        inverses: dict[URIRef, set[URIRef]] = {}
        for child, parent in graph.subject_objects(RDFS.subClassOf):
            if isinstance(child, URIRef) and isinstance(parent, URIRef):
                sub_class.setdefault(child, set()).add(parent)
        for child, parent in graph.subject_objects(RDFS.subPropertyOf):
            if isinstance(child, URIRef) and isinstance(parent, URIRef):
                sub_prop.setdefault(child, set()).add(parent)
        for left, right in graph.subject_objects(OWL.equivalentProperty):
            if isinstance(left, URIRef) and isinstance(right, URIRef):
                sub_prop.setdefault(left, set()).add(right)
                sub_prop.setdefault(right, set()).add(left)
        for left, right in graph.subject_objects(OWL.inverseOf):
            if isinstance(left, URIRef) and isinstance(right, URIRef):
                inverses.setdefault(left, set()).add(right)
                inverses.setdefault(right, set()).add(left)
        symmetric = frozenset(p for p in graph.subjects(RDF.type, OWL.SymmetricProperty) if isinstance(p, URIRef))
        return cls(sub_class, sub_prop, inverses, symmetric)

    def superclasses(self, cls: URIRef) -> frozenset[URIRef]:
        """``cls`` and all its superclasses."""
        return _closure(self.direct_superclasses, cls)

    def superproperties(self, prop: URIRef) -> frozenset[URIRef]:
        """``prop``, its equivalents and all their superproperties."""
        return _closure(self.direct_superproperties, prop)

    def entailed(self, triple: Triple) -> Iterator[Triple]:
        """The triple itself and every triple the rules above derive from it."""
        s, p, o = triple
        if p == RDF.type and isinstance(o, URIRef):
            for cls in self.superclasses(o):
                yield (s, p, cls)
            return
        if not isinstance(p, URIRef):
            yield triple
            return
        for prop in self.superproperties(p):
            yield (s, prop, o)
            if isinstance(o, URIRef):
                for inverse in self.inverses.get(prop, ()):
                    for inverse_super in self.superproperties(inverse):
                        yield (o, inverse_super, s)
                if prop in self.symmetric:
                    yield (o, prop, s)

    def materialize(self, triples: Iterable[Triple]) -> set[Triple]:
        """All ``triples`` plus what they entail."""
        out: set[Triple] = set()
        for triple in triples:
            out.update(self.entailed(triple))
        return out


@cache
def entailments() -> Entailments:
    """Entailments of the bundled ontology (cached)."""
    return Entailments.from_graph(ontology_graph())
