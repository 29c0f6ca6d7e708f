"""The graph builder: source files in, one named graph per document in the store.

For each file: read it (:mod:`graph.ingest`), skip it when its content hash is already in the store,
extract (:mod:`graph.extract`), apply the curation file and resolve entities against the store
(:mod:`graph.resolve`), write the RDF (:mod:`graph.triples`) and replace the document's named graph
in one transaction. A file that fails is reported and the batch goes on; the store never holds
half a document.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import Graph, URIRef

from graph.errors import InputError, QueryError, StakegraphError, StoreError
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


class BuildInterrupted(StoreError):
    """The store failed during a build: the documents written before stay whole, the rest were not written."""

    def __init__(self, summary: BuildSummary, cause: StoreError) -> None:
        built = summary.count("built")
        super().__init__(
            f"{cause} — the build stopped; {built} document{'s' if built != 1 else ''} written before stay whole, "
            "and running the same build again completes it"
        )
        self.summary = summary
        self.code = cause.code


@dataclass
class Processed:
    """A document turned into RDF (N-Triples), ready to be written as its named graph."""

    outcome: DocumentOutcome
    ntriples: str | None = None
    report: dict | None = None


class DocumentProcessor:
    """Source file → extraction → curation → IRIs → RDF, without touching the store.

    It runs in the main process or in worker processes; ``index`` holds the entities known before
    the build (from the store) plus those this processor has seen.
    """

    def __init__(
        self,
        settings: Settings,
        index: EntityIndex,
        *,
        lexicon_dir: Path | None = None,
        curation: Curation | None = None,
    ) -> None:
        self.settings = settings
        self.curation = curation if curation is not None else load_curation(settings.curation)
        self.extractor = Extractor("de", lexicon_dir, settings.concepts)
        self.index = index

    def document_graph(self, source: SourceDocument, slug: str) -> tuple[Extraction, Graph]:
        extraction = self.extractor.extract(source)
        apply_curation(extraction, self.curation, source.name)
        iris = assign_iris(
            extraction, self.index, self.curation, self.extractor.lexicon.is_generic_org_name, source_slug=slug
        )
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

    def process(self, path: Path, stored_hashes: dict[str, str], *, force: bool = False) -> Processed:
        """Read and convert one file; failures become a failed outcome, never an exception."""
        try:
            source = read_source(
                path,
                max_bytes=self.settings.max_file_bytes,
                max_chars=self.settings.max_text_chars,
                max_pdf_seconds=self.settings.max_pdf_seconds,
            )
        except InputError as exc:
            return Processed(DocumentOutcome(str(path), "failed", message=exc.reason))
        return self.process_source(source, stored_hashes, force=force)

    def process_source(
        self, source: SourceDocument, stored_hashes: dict[str, str], *, force: bool = False, report: bool = False
    ) -> Processed:
        """Convert one source already read (a file or an upload); ``report`` keeps the extraction report."""
        path = source.path or source.name
        try:
            slug = source_slug(source.name)
            graph_iri = str(document_graph(slug))
            label = source.path or source.name
            if not force and stored_hashes.get(graph_iri) == source.content_hash:
                return Processed(DocumentOutcome(label, "skipped", graph_iri, "unchanged"))
            extraction, graph = self.document_graph(source, slug)
            ntriples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        except InputError as exc:
            return Processed(DocumentOutcome(str(path), "failed", message=exc.reason))
        except StakegraphError as exc:
            return Processed(DocumentOutcome(str(path), "failed", message=str(exc)))
        except Exception as exc:  # a bug on one document must not stop the batch
            return Processed(
                DocumentOutcome(str(path), "failed", message=f"internal error: {type(exc).__name__}: {exc}")
            )
        outcome = DocumentOutcome(
            label,
            "built",
            graph_iri,
            persons=len(extraction.persons),
            organizations=len(extraction.organizations),
            facts=len(list(graph.subjects(predicate=None, object=SG.Fact))),
            warnings=list(extraction.warnings),
        )
        return Processed(outcome, ntriples, extraction.to_report() if report else None)


# worker processes --------------------------------------------------------------------------------

_worker: DocumentProcessor | None = None
_worker_hashes: dict[str, str] = {}
_worker_force = False


def _die_with_parent() -> None:
    """A worker ends when the build that started it ends, even when that build is killed (SIGKILL)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the line above ran
            os._exit(1)


def _init_worker(
    settings: Settings, lexicon_dir: Path | None, index: EntityIndex, hashes: dict[str, str], force: bool
) -> None:
    _die_with_parent()
    global _worker, _worker_hashes, _worker_force
    _worker = DocumentProcessor(settings, index, lexicon_dir=lexicon_dir)
    _worker_hashes, _worker_force = hashes, force


def _work(path: Path) -> Processed:
    assert _worker is not None
    return _worker.process(path, _worker_hashes, force=_worker_force)


class Builder:
    """Builds documents into a store with one extractor, curation file and concept scheme."""

    def __init__(self, store: Store, settings: Settings, *, lexicon_dir: Path | None = None) -> None:
        self.store = store
        self.settings = settings
        self.lexicon_dir = lexicon_dir
        self.curation: Curation = load_curation(settings.curation)
        self._processor: DocumentProcessor | None = None

    @property
    def processor(self) -> DocumentProcessor:
        if self._processor is None:
            self._processor = DocumentProcessor(
                self.settings, load_index(self.store), lexicon_dir=self.lexicon_dir, curation=self.curation
            )
        return self._processor

    def document_graph(self, source: SourceDocument, slug: str) -> tuple[Extraction, Graph]:
        """Extraction and RDF of one source (nothing is written)."""
        return self.processor.document_graph(source, slug)

    def stored_hashes(self) -> dict[str, str]:
        """Content hash of every source document in the store, by named graph."""
        rows = self.store.select("SELECT ?g ?hash WHERE { GRAPH ?g { ?doc a sg:SourceText ; sg:contentHash ?hash } }")
        return {str(row["g"]): str(row["hash"]) for row in rows}

    def build_paths(
        self,
        paths: Iterable[Path],
        *,
        force: bool = False,
        jobs: int = 1,
        progress: Callable[[DocumentOutcome], None] | None = None,
    ) -> BuildSummary:
        """Build every source file under ``paths``; failures are recorded, not raised.

        With ``jobs`` > 1, extraction runs in that many worker processes and the main process writes
        each finished document in one transaction; documents built in the same run then resolve
        against the store as it was at the start (and against themselves), not against each other.
        """
        self.ensure_vocabularies()
        files = list(discover(list(paths)))
        hashes = self.stored_hashes()
        summary = BuildSummary()

        def write(processed: Processed) -> None:
            if processed.ntriples is not None and processed.outcome.graph is not None:
                try:
                    self.store.replace_graph(processed.outcome.graph, processed.ntriples)
                except QueryError as exc:  # this document's RDF was refused; the others may go in
                    processed.outcome.status, processed.outcome.message = "failed", str(exc)
                except StoreError as exc:  # the store itself failed (disk full, server gone): stop here
                    raise BuildInterrupted(summary, exc) from exc
            summary.outcomes.append(processed.outcome)
            if progress is not None:
                progress(processed.outcome)

        if jobs <= 1 or len(files) < 2 * jobs:
            for path in files:
                write(self.processor.process(path, hashes, force=force))
            return summary
        snapshot = load_index(self.store)
        context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.settings, self.lexicon_dir, snapshot, hashes, force),
        ) as pool:
            try:
                for processed in pool.map(_work, files, chunksize=4):
                    write(processed)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
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
