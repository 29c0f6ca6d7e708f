"""The ontology: it parses, documents every term, reasons consistently and aligns with standards."""

from __future__ import annotations

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph, URIRef

from ontology.files import concept_scheme, ontology_graph
from ontology.inference import entailments
from ontology.namespaces import DCTERMS, ORG, OWL, RDF, RDFS, SCHEMA, SG, SKOS, sparql_prologue
from ontology.vocabulary import vocabulary

from .conftest import FIXTURES

SG_NS = str(SG)


def defined_terms() -> set[URIRef]:
    graph = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(SG_NS)}


def test_every_term_has_german_and_english_label_and_a_definition() -> None:
    graph = ontology_graph()
    terms = defined_terms()
    assert len(terms) > 50
    for term in terms:
        languages = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"de", "en"} <= languages, f"{term} lacks a de or en label"
        definitions = list(graph.objects(term, SKOS.definition))
        assert len(definitions) == 1 and len(str(definitions[0])) > 10, f"{term} lacks a definition"


def test_python_constants_mirror_the_turtle_file() -> None:
    in_python = {URIRef(SG_NS + name) for name in SG.__annotations__}
    assert in_python == defined_terms()


def test_required_concepts_are_modelled_on_the_standards() -> None:
    closure = entailments()
    expectations = {
        SG.Person: SCHEMA.Person,
        SG.Ministry: SCHEMA.GovernmentOrganization,
        SG.Alliance: ORG.OrganizationalCollaboration,
        SG.Membership: ORG.Membership,
        SG.Quote: SCHEMA.Quotation,
        SG.Handover: SCHEMA.GiveAction,
        SG.Report: SCHEMA.Report,
        SG.Founding: ORG.ChangeEvent,
    }
    for ours, standard in expectations.items():
        assert standard in closure.superclasses(ours), f"{ours} should specialise {standard}"
    assert ORG.memberOf in closure.superproperties(SG.memberOf)
    assert ORG.subOrganizationOf in closure.superproperties(SG.partOf)
    assert DCTERMS.subject in closure.superproperties(SG.addressesGoal)


def test_report_keys_cover_the_extraction_report() -> None:
    vocab = vocabulary()
    assert set(vocab.organization_kinds) == {
        "ministry",
        "government",
        "cluster",
        "alliance",
        "association",
        "company",
        "university",
        "research",
        "media",
        "other",
    }
    assert set(vocab.document_kinds) == {"paper", "report", "strategy", "press_release", "law", "other"}
    assert set(vocab.relations) == {
        "role_at",
        "member_of",
        "part_of",
        "authored",
        "handed_over_to",
        "quoted_in",
        "founded_in",
        "located_in",
        "cooperates_with",
        "funds",
        "addresses_goal",
    }


def closure_of_example() -> Graph:
    graph = Graph()
    graph += ontology_graph()
    graph.parse(FIXTURES / "example-graph.ttl")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def test_owl_rl_closure_of_ontology_and_example_is_consistent_and_answers_standard_queries() -> None:
    graph = closure_of_example()
    errors = [str(m) for m in graph.objects(None, ERRNS.error)]
    assert errors == []
    prefixes = sparql_prologue()
    members = {
        (str(r[0]), str(r[1]))
        for r in graph.query(
            prefixes + "SELECT ?xl ?yl WHERE { ?x org:memberOf ?y . ?x rdfs:label ?xl . ?y rdfs:label ?yl }"
        )
    }
    assert ("EIN Quantum NRW", "ClusterAllianz.NRW") in members
    assert (
        "Mona Neubaur",
        "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie des Landes Nordrhein-Westfalen",
    ) in members
    creators = {
        str(r[0]) for r in graph.query(prefixes + "SELECT ?l WHERE { ?d dcterms:creator ?a . ?a rdfs:label ?l }")
    }
    assert creators == {"ClusterAllianz.NRW"}
    government = {
        str(r[0])
        for r in graph.query(prefixes + "SELECT ?l WHERE { ?o a schema:GovernmentOrganization ; rdfs:label ?l }")
    }
    assert government == {
        "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie des Landes Nordrhein-Westfalen",
        "Landesregierung",
    }


def test_a_person_that_is_also_an_organisation_is_found_inconsistent() -> None:
    """The closure test above can fail: owl:disjointWith violations are reported."""
    graph = Graph()
    graph += ontology_graph()
    graph.parse(
        data="""@prefix sg: <https://w3id.org/stakegraph/ns#> .
        <urn:x> a sg:Person , sg:Organization .""",
        format="turtle",
    )
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert list(graph.objects(None, ERRNS.error))


def test_concept_scheme_has_german_and_english_labels_and_can_be_extended(tmp_path) -> None:
    extra = tmp_path / "mine.ttl"
    extra.write_text(
        """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://example.org/topic/wolf> a skos:Concept ; skos:prefLabel "Wolfsmanagement"@de , "wolf management"@en ;
            skos:inScheme <https://w3id.org/stakegraph/concept/scheme> .""",
        encoding="utf-8",
    )
    scheme = concept_scheme([extra])
    concepts = set(scheme.subjects(RDF.type, SKOS.Concept))
    assert URIRef("https://example.org/topic/wolf") in concepts
    for concept in concepts:
        languages = {label.language for label in scheme.objects(concept, SKOS.prefLabel)}
        assert {"de", "en"} <= languages, concept
    german = {str(label) for c in concepts for label in scheme.objects(c, SKOS.prefLabel) if label.language == "de"}
    assert {
        "Dekarbonisierung",
        "Digitalisierung",
        "Demografie",
        "Fachkräftesicherung",
        "Künstliche Intelligenz",
        "Kreislaufwirtschaft",
        "Gesundheitswirtschaft",
    } <= german
