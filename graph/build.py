"""The graph builder: source files in, one named graph per document in the store.

For each file: read it (:mod:`graph.ingest`), skip it when its content hash is already in the store,
extract (:mod:`graph.extract`), apply the curation file and resolve entities against the store
(:mod:`graph.resolve`), write the RDF (:mod:`graph.triples`) and replace the document's named graph
in one transaction. A file that fails is reported and the batch goes on; the store never holds
half a document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import Graph, URIRef

from graph.errors import InputError, StakegraphError
from graph.extract import Extractor
from graph.ingest import SourceDocument, discover, read_source
from graph.iris import document_graph, source_slug
from graph.report import Extraction
from graph.resolve import Curation, EntityIndex, apply_curation, assign_iris, load_curation
from graph.settings import Settings
from graph.store import Store
from graph.triples import RunInfo, SourceInfo, same_as_triples, to_graph
from ontology.files import bind_prefixes, concept_scheme, ontology_graph
from ontology.namespaces import GRAPH, SG

ONTOLOGY_GRAPH = GRAPH["ontology"]
CONCEPTS_GRAPH = GRAPH["concepts"]


@cache
def software_version() -> str:
    try:
        return version("stakegraph")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+source"


@dataclass
class DocumentOutcome:
    """What happened to one source file."""

    path: str
    status: str  # built | skipped | failed
    graph: str | None = None
    message: str | None = None
    persons: int = 0
    organizations: int = 0
    facts: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildSummary:
    outcomes: list[DocumentOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)

    @property
    def facts(self) -> int:
        return sum(o.facts for o in self.outcomes)


class Builder:
    """Builds documents into a store with one extractor, curation file and concept scheme."""

    def __init__(self, store: Store, settings: Settings, *, lexicon_dir: Path | None = None) -> None:
        self.store = store
        self.settings = settings
        self.curation: Curation = load_curation(settings.curation)
        self.extractor = Extractor("de", lexicon_dir, settings.concepts)
        self._index: EntityIndex | None = None

    # one document -------------------------------------------------------------------------

    def document_graph(self, source: SourceDocument, slug: str) -> tuple[Extraction, Graph]:
        extraction = self.extractor.extract(source)
        apply_curation(extraction, self.curation, source.name)
        iris = assign_iris(extraction, self.index(), self.curation)
        run = RunInfo(software_version(), datetime.now(UTC).replace(microsecond=0))
        info = SourceInfo(slug, source.name, source.path, source.media_type, source.content_hash, source.metadata)
        graph = to_graph(extraction, iris, info, run)
        same_as_triples(
            graph,
            {
                iris[(k.type, k.name)]: k.same_as
                for k in self.curation.entities
                if k.same_as and (k.type, k.name) in iris
            },
        )
        return extraction, graph

    def build_source(self, source: SourceDocument, *, force: bool = False) -> DocumentOutcome:
        slug = source_slug(source.name)
        graph_iri = str(document_graph(slug))
        label = source.path or source.name
        if not force and self._stored_hash(graph_iri) == source.content_hash:
            return DocumentOutcome(label, "skipped", graph_iri, "unchanged")
        extraction, graph = self.document_graph(source, slug)
        self.store.replace_graph(graph_iri, graph)
        return DocumentOutcome(
            label,
            "built",
            graph_iri,
            persons=len(extraction.persons),
            organizations=len(extraction.organizations),
            facts=len(list(graph.subjects(predicate=None, object=SG.Fact))),
            warnings=list(extraction.warnings),
        )

    def _stored_hash(self, graph_iri: str) -> str | None:
        rows = self.store.select(
            "SELECT ?g ?hash WHERE { GRAPH ?g { ?doc a sg:SourceText ; sg:contentHash ?hash } }",
            {"g": URIRef(graph_iri)},
        )
        return str(rows[0]["hash"]) if rows else None

    def index(self) -> EntityIndex:
        if self._index is None:
            self._index = load_index(self.store)
        return self._index

    # many documents ------------------------------------------------------------------------

    def build_paths(
        self,
        paths: Iterable[Path],
        *,
        force: bool = False,
        progress: Callable[[DocumentOutcome], None] | None = None,
    ) -> BuildSummary:
        """Build every source file under ``paths``; failures are recorded, not raised."""
        self.ensure_vocabularies()
        summary = BuildSummary()
        for path in discover(list(paths)):
            try:
                source = read_source(
                    path, max_bytes=self.settings.max_file_bytes, max_chars=self.settings.max_text_chars
                )
                outcome = self.build_source(source, force=force)
            except InputError as exc:
                outcome = DocumentOutcome(str(path), "failed", message=exc.reason)
            except StakegraphError as exc:
                outcome = DocumentOutcome(str(path), "failed", message=str(exc))
            summary.outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        return summary

    def ensure_vocabularies(self) -> None:
        """Keep the ontology and the concept scheme in the store, for queries that use them."""
        self.store.replace_graph(str(ONTOLOGY_GRAPH), ontology_graph())
        self.store.replace_graph(str(CONCEPTS_GRAPH), concept_scheme(self.settings.concepts))


def load_index(store: Store) -> EntityIndex:
    """Names and aliases of persons, organisations, documents and places already in the store."""
    index = EntityIndex()
    kinds = {"person": "sg:Person", "org": "sg:Organization", "document": "sg:Document", "place": "sg:Place"}
    for kind, cls in kinds.items():
        rows = store.select(
            f"""SELECT ?entity ?label WHERE {{
                  ?entity a {cls} .
                  {{ ?entity rdfs:label ?label }} UNION {{ ?entity skos:altLabel ?label }}
                }} ORDER BY ?entity ?label"""
        )
        for row in rows:
            index.add(kind, str(row["label"]), URIRef(str(row["entity"])))
    return index


def extraction_graph(builder: Builder, source: SourceDocument) -> Graph:
    """The RDF of one source without writing it (``stakegraph extract --format turtle``)."""
    _, graph = builder.document_graph(source, source_slug(source.name))
    return bind_prefixes(graph)
