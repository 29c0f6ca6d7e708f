"""Namespaces and the stakegraph vocabulary as Python constants.

The terms of :class:`SG` mirror ``stakegraph.ttl`` one to one (a test keeps them in step), so code
refers to ``SG.Person`` instead of retyping IRIs. Accessing a term that the ontology does not define
raises ``AttributeError``.

>>> from ontology.namespaces import SG
>>> str(SG.Cluster)
'https://w3id.org/stakegraph/ns#Cluster'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "DATA",
    "DCTERMS",
    "FOAF",
    "GRAPH",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SG",
    "SGC",
    "SH",
    "SKOS",
    "VOID",
    "XSD",
]

SCHEMA = SDO
OA = Namespace("http://www.w3.org/ns/oa#")
#: Concepts of the bundled goal/topic scheme.
SGC = Namespace("https://w3id.org/stakegraph/concept/")
#: Entities, documents, facts and evidence minted by the builder.
DATA = Namespace("https://w3id.org/stakegraph/id/")
#: Named graphs: one per source document, plus the ontology, concepts and analysis graphs.
GRAPH = Namespace("https://w3id.org/stakegraph/graph/")


class SG(DefinedNamespace):
    """The stakegraph ontology (``ontology/stakegraph.ttl``)."""

    _NS = Namespace("https://w3id.org/stakegraph/ns#")
    _fail = True

    # classes
    Agent: URIRef
    Alliance: URIRef
    Association: URIRef
    CandidateConcept: URIRef
    Cluster: URIRef
    Company: URIRef
    Document: URIRef
    Event: URIRef
    Evidence: URIRef
    ExtractionRun: URIRef
    Fact: URIRef
    Founding: URIRef
    Government: URIRef
    Handover: URIRef
    Law: URIRef
    MediaOrganization: URIRef
    Meeting: URIRef
    Membership: URIRef
    Ministry: URIRef
    Organization: URIRef
    Paper: URIRef
    Person: URIRef
    Place: URIRef
    PressRelease: URIRef
    PublicBody: URIRef
    Quote: URIRef
    Report: URIRef
    ResearchInstitute: URIRef
    Role: URIRef
    Software: URIRef
    SourceText: URIRef
    Strategy: URIRef
    University: URIRef
    # properties
    addressesGoal: URIRef
    authored: URIRef
    betweennessCentrality: URIRef
    community: URIRef
    contentHash: URIRef
    cooperatesWith: URIRef
    date: URIRef
    degreeCentrality: URIRef
    evidence: URIRef
    extractionReport: URIRef
    founded: URIRef
    foundedIn: URIRef
    funds: URIRef
    handedOverDocument: URIRef
    handedOverTo: URIRef
    holdsRoleAt: URIRef
    locatedIn: URIRef
    mediaType: URIRef
    memberOf: URIRef
    mentionedIn: URIRef
    mentionsTopic: URIRef
    pageRank: URIRef
    partOf: URIRef
    participant: URIRef
    place: URIRef
    quotedIn: URIRef
    reportKey: URIRef
    roleLabel: URIRef
    sentence: URIRef
    sourcePath: URIRef
    speaker: URIRef
    text: URIRef


#: Prefixes bound in every serialisation and preloaded in the query page.
PREFIXES: dict[str, str] = {
    "sg": str(SG),
    "sgc": str(SGC),
    "id": str(DATA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
}


def sparql_prologue() -> str:
    """The PREFIX lines for :data:`PREFIXES`, to put in front of a SPARQL query."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
