"""An :class:`~graph.report.Extraction` with IRIs becomes the RDF graph of one source document.

Every statement is asserted directly (so plain queries work), reified as a ``sg:Fact`` that
points at its ``sg:Evidence`` (source, character offsets, exact text, sentence) and at the
extraction run, and expanded with the standard super-terms of the ontology (``org:memberOf`` for
``sg:memberOf`` …). See ``ontology/README.md`` for the pattern and example queries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.iris import entity_iri, local_iri, source_iri
from graph.report import Extraction, Span
from ontology.files import bind_prefixes
from ontology.inference import entailments
from ontology.namespaces import DATA, DCTERMS, OA, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SG, SKOS, XSD
from ontology.vocabulary import vocabulary

SOFTWARE_NAME = "stakegraph"
CANDIDATE_SCHEME = DATA["concept/candidates"]


@dataclass(frozen=True)
class RunInfo:
    """The extraction run: which software, which version, when."""

    version: str
    started: datetime

    @property
    def software(self) -> URIRef:
        return DATA[f"software/{SOFTWARE_NAME}-{self.version}"]


@dataclass(frozen=True)
class SourceInfo:
    """What the graph needs to know about the source file."""

    slug: str
    name: str
    path: str | None
    media_type: str
    content_hash: str
    metadata: dict[str, str]


def date_literal(value: str | None) -> Literal | None:
    """'2025-04-10' -> xsd:date, '2024' -> xsd:gYear; anything else -> None."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 4 and value.isdigit():
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            return None
        return Literal(value, datatype=XSD.date)
    return None


class _Writer:
    def __init__(self, extraction: Extraction, iris: dict[tuple[str, str], URIRef], source: SourceInfo, run: RunInfo):
        self.x = extraction
        self.iris = iris
        self.source = source
        self.source_iri = source_iri(source.slug)
        self.run = run
        self.run_iri = local_iri(source.slug, "run", source.content_hash, run.version)
        self.graph = bind_prefixes(Graph())
        self.vocab = vocabulary()
        self.closure = entailments()
        self.concepts: dict[str, URIRef] = {t.label: URIRef(t.concept) for t in extraction.topics if t.concept}

    # primitives ------------------------------------------------------------------------------

    def add(self, s: Node, p: Node, o: Node) -> None:
        for triple in self.closure.entailed((s, p, o)):
            self.graph.add(triple)

    def evidence(self, span: Span) -> URIRef:
        node = local_iri(self.source.slug, "evidence", span.start, span.end)
        if (node, RDF.type, SG.Evidence) in self.graph:
            return node
        text = self.x.text
        position = URIRef(f"{node}/position")
        quote = URIRef(f"{node}/quote")
        self.add(node, RDF.type, SG.Evidence)
        self.graph.add((node, OA.hasSource, self.source_iri))
        self.graph.add((node, OA.hasSelector, position))
        self.graph.add((node, OA.hasSelector, quote))
        self.graph.add((node, SG.sentence, Literal(text[span.sentence_start : span.sentence_end])))
        self.graph.add((position, RDF.type, OA.TextPositionSelector))
        self.graph.add((position, OA.start, Literal(span.start, datatype=XSD.integer)))
        self.graph.add((position, OA.end, Literal(span.end, datatype=XSD.integer)))
        self.graph.add((quote, RDF.type, OA.TextQuoteSelector))
        self.graph.add((quote, OA.exact, Literal(text[span.start : span.end])))
        return node

    def fact(self, s: Node, p: URIRef, o: Node, span: Span) -> None:
        """Assert ``s p o`` and record it as a fact with evidence."""
        self.add(s, p, o)
        node = local_iri(self.source.slug, "fact", s, p, o, span.start, span.end)
        self.graph.add((node, RDF.type, SG.Fact))
        self.graph.add((node, RDF.type, RDF.Statement))
        self.graph.add((node, RDF.subject, s))
        self.graph.add((node, RDF.predicate, p))
        self.graph.add((node, RDF.object, o))
        self.graph.add((node, SG.evidence, self.evidence(span)))
        self.graph.add((node, PROV.wasGeneratedBy, self.run_iri))

    def entity(self, kind: str, name: str) -> URIRef:
        return self.iris.get((kind, name)) or entity_iri(kind, name)

    def agent(self, name: str) -> URIRef:
        """A person or organisation by name (relations do not say which)."""
        return self.iris.get(("person", name)) or self.iris.get(("org", name)) or entity_iri("org", name)

    def labelled(self, node: URIRef, cls: URIRef, label: str, span: Span | None) -> None:
        if span is not None:
            self.fact(node, RDF.type, cls, span)
        else:
            self.add(node, RDF.type, cls)
        self.graph.add((node, RDFS.label, Literal(label)))
        self.graph.add((node, SG.mentionedIn, self.source_iri))

    # sections --------------------------------------------------------------------------------

    def write(self) -> Graph:
        self.write_source()
        self.write_persons()
        self.write_organizations()
        self.write_documents()
        self.write_quotes()
        self.write_relations()
        self.write_events()
        return self.graph

    def write_source(self) -> None:
        g, node, meta = self.graph, self.source_iri, self.source.metadata
        record = self.x.source
        self.add(node, RDF.type, SG.SourceText)
        self.add(node, RDF.type, self.vocab.document_class(record.kind))
        g.add((node, RDFS.label, Literal(record.title)))
        g.add((node, DCTERMS.title, Literal(record.title)))
        g.add((node, SG.text, Literal(self.x.text)))
        g.add((node, SG.contentHash, Literal(self.source.content_hash)))
        g.add((node, SG.sourcePath, Literal(self.source.path or self.source.name)))
        report = json.dumps(self.x.to_report(), ensure_ascii=False, sort_keys=True)
        g.add((node, SG.extractionReport, Literal(report, datatype=RDF.JSON)))
        self.add(node, SG.mediaType, Literal(self.source.media_type))
        self.add(node, PROV.wasGeneratedBy, self.run_iri)
        date = date_literal(record.date)
        if date is not None:
            self.add(node, SG.date, date)
        if meta.get("url"):
            g.add((node, SCHEMA.url, Literal(meta["url"], datatype=XSD.anyURI)))
        if meta.get("publisher"):
            g.add((node, DCTERMS.publisher, Literal(meta["publisher"])))
        if self.x.place:
            place = entity_iri("place", self.x.place)
            self.labelled(place, SG.Place, self.x.place, None)
            g.add((node, SCHEMA.locationCreated, place))
        run, software = self.run_iri, self.run.software
        self.add(run, RDF.type, SG.ExtractionRun)
        g.add((run, RDFS.label, Literal(f"{SOFTWARE_NAME} {self.run.version} on {self.source.name}")))
        g.add((run, PROV.used, node))
        g.add((run, PROV.startedAtTime, Literal(self.run.started.isoformat(), datatype=XSD.dateTime)))
        g.add((run, PROV.wasAssociatedWith, software))
        self.add(software, RDF.type, SG.Software)
        g.add((software, RDFS.label, Literal(f"{SOFTWARE_NAME} {self.run.version}")))
        g.add((software, SCHEMA.softwareVersion, Literal(self.run.version)))

    def write_persons(self) -> None:
        for person in self.x.persons:
            node = self.entity("person", person.name)
            self.labelled(node, SG.Person, person.name, person.evidence)
            for alias in person.aliases:
                self.graph.add((node, SKOS.altLabel, Literal(alias)))
            for title in person.titles:
                self.graph.add((node, SCHEMA.honorificPrefix, Literal(title)))
            for role in person.roles:
                if role.org is None:
                    if role.role:
                        self.fact(node, SCHEMA.jobTitle, Literal(role.role, lang="de"), role.evidence)
                    continue
                org = self.agent(role.org)
                membership = local_iri(self.source.slug, "membership", node, org, role.role)
                self.add(membership, RDF.type, SG.Membership)
                self.graph.add((membership, ORG.member, node))
                self.graph.add((membership, ORG.organization, org))
                self.graph.add((membership, SG.evidence, self.evidence(role.evidence)))
                if role.role:
                    role_node = entity_iri("role", role.role.split()[0])
                    self.graph.add((membership, ORG.role, role_node))
                    self.graph.add((membership, SG.roleLabel, Literal(role.role, lang="de")))
                    self.add(role_node, RDF.type, SG.Role)
                    self.graph.add((role_node, RDFS.label, Literal(role.role.split()[0], lang="de")))

    def write_organizations(self) -> None:
        for org in self.x.organizations:
            node = self.entity("org", org.name)
            self.labelled(node, self.vocab.organization_class(org.kind), org.name, org.evidence)
            for alias in org.aliases:
                self.graph.add((node, SKOS.altLabel, Literal(alias)))

    def write_documents(self) -> None:
        g = self.graph
        for document in self.x.documents:
            node = self.entity("document", document.title)
            self.labelled(node, self.vocab.document_class(document.kind), document.title, document.evidence)
            g.add((node, DCTERMS.title, Literal(document.title)))
            date = date_literal(document.date)
            if date is not None:
                self.add(node, SG.date, date)

    def write_quotes(self) -> None:
        g = self.graph
        for quote in self.x.quotes:
            node = local_iri(self.source.slug, "quote", quote.evidence.start, quote.evidence.end)
            self.add(node, RDF.type, SG.Quote)
            g.add((node, RDFS.label, Literal(quote.start_words + " …")))
            g.add((node, SCHEMA.text, Literal(quote.text)))
            g.add((node, SCHEMA.isPartOf, self.source_iri))
            g.add((node, SG.evidence, self.evidence(quote.evidence)))
            if quote.speaker:
                self.add(node, SG.speaker, self.entity("person", quote.speaker))

    def write_relations(self) -> None:
        for relation in self.x.relations:
            prop = self.vocab.relation_property(relation.p)
            subject = self.relation_end(relation.p, relation.s, subject=True)
            obj = self.relation_end(relation.p, relation.o, subject=False)
            self.fact(subject, prop, obj, relation.evidence)

    def relation_end(self, key: str, name: str, *, subject: bool) -> Node:
        if name == self.x.source.title:
            return self.source_iri
        if key == "founded_in" and not subject:
            return date_literal(name) or Literal(name)
        if key == "located_in" and not subject:
            place = entity_iri("place", name)
            self.labelled(place, SG.Place, name, None)
            return place
        if key == "addresses_goal" and not subject:
            return self.concept(name)
        if key in {"handed_over_to", "addresses_goal"} and subject and ("document", name) in self.iris:
            return self.iris[("document", name)]
        if key in {"authored", "quoted_in"} and not subject:
            return self.entity("document", name)
        if key == "handed_over_to" and subject:
            return self.entity("document", name)
        return self.agent(name)

    def concept(self, label: str) -> URIRef:
        if label in self.concepts:
            return self.concepts[label]
        node = entity_iri("concept", label)
        self.add(node, RDF.type, SG.CandidateConcept)
        self.graph.add((node, RDFS.label, Literal(label, lang="de")))
        self.graph.add((node, SKOS.prefLabel, Literal(label, lang="de")))
        self.graph.add((node, SKOS.inScheme, CANDIDATE_SCHEME))
        self.concepts[label] = node
        return node

    def write_events(self) -> None:
        g = self.graph
        for index, event in enumerate(self.x.events):
            node = local_iri(self.source.slug, "event", event.kind, index, event.evidence.start)
            cls = self.vocab.event_class(event.kind)
            self.add(node, RDF.type, cls)
            label = f"{event.kind}: {event.document or ', '.join(event.participants)}"
            g.add((node, RDFS.label, Literal(label)))
            g.add((node, SG.evidence, self.evidence(event.evidence)))
            date = date_literal(event.date)
            if date is not None:
                self.add(node, SG.date, date)
            if event.place:
                place = entity_iri("place", event.place)
                self.labelled(place, SG.Place, event.place, None)
                self.add(node, SG.place, place)
            for participant in event.participants:
                self.add(node, SG.participant, self.agent(participant))
            if event.document:
                document = self.entity("document", event.document)
                self.add(node, SG.handedOverDocument, document)
                for relation in self.x.relations:
                    if relation.p == "handed_over_to" and relation.s == event.document:
                        g.add((node, SCHEMA.recipient, self.agent(relation.o)))
                    if relation.p == "authored" and relation.o == event.document:
                        g.add((node, SCHEMA.agent, self.agent(relation.s)))
            if event.kind == "launch":
                for participant in event.participants:
                    self.add(node, SG.founded, self.agent(participant))


def to_graph(extraction: Extraction, iris: dict[tuple[str, str], URIRef], source: SourceInfo, run: RunInfo) -> Graph:
    """The RDF graph of one source document (to be stored as its named graph)."""
    return _Writer(extraction, iris, source, run).write()


def same_as_triples(graph: Graph, same_as: dict[URIRef, list[str]]) -> None:
    """owl:sameAs links to external ids (Wikidata …) from the curation file."""
    for node, targets in same_as.items():
        for target in targets:
            graph.add((node, OWL.sameAs, URIRef(target)))


def graph_digest(graph: Graph) -> str:
    """A digest of a graph's triples, for determinism checks."""
    lines = sorted(" ".join(term.n3() for term in triple) for triple in graph)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
