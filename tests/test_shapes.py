"""SHACL shapes: the example's graph is valid; each kind of broken graph fails for the right reason."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from ontology.namespaces import OA, ORG, RDF, RDFS, SG, XSD
from ontology.validate import validate


def messages(graph: Graph) -> set[str]:
    return {v.message for v in validate(graph)}


def test_the_built_example_is_valid(example_graph: Graph) -> None:
    assert validate(example_graph) == []


def copy(graph: Graph) -> Graph:
    clone = Graph()
    clone += graph
    return clone


def first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def break_label(graph: Graph) -> None:
    person = first(graph, SG.Person)
    graph.remove((person, RDFS.label, None))


def break_membership(graph: Graph) -> None:
    membership = first(graph, ORG.Membership)
    graph.remove((membership, ORG.organization, None))


def break_fact_evidence(graph: Graph) -> None:
    fact = first(graph, SG.Fact)
    graph.remove((fact, SG.evidence, None))


def break_date(graph: Graph) -> None:
    document = first(graph, SG.SourceText)
    graph.remove((document, SG.date, None))
    graph.add((document, SG.date, Literal("10. April 2025")))


def break_offsets(graph: Graph) -> None:
    selector = sorted(graph.subjects(RDF.type, OA.TextPositionSelector))[0]
    start = graph.value(selector, OA.start)
    graph.set((selector, OA.start, Literal(int(start) + 1, datatype=XSD.integer)))


def break_relation_without_fact(graph: Graph) -> None:
    people = sorted(graph.subjects(RDF.type, SG.Person))
    graph.add((people[0], SG.memberOf, first(graph, SG.Organization)))


@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (break_label, "Every entity needs a label (rdfs:label)."),
        (break_membership, "A membership links exactly one organisation (org:organization)."),
        (break_fact_evidence, "Every fact needs evidence (sg:evidence)."),
        (break_date, "Dates (sg:date) are xsd:date or xsd:gYear literals."),
        (break_offsets, "The evidence offsets do not slice the quoted span out of the source text."),
        (break_relation_without_fact, "A relation has no fact with evidence: {?p} {?o}."),
    ],
)
def test_broken_graphs_fail_with_the_expected_violation(example_graph: Graph, breaker, expected: str) -> None:
    graph = copy(example_graph)
    breaker(graph)
    found = messages(graph)
    assert any(expected.split("{")[0] in message for message in found), found
