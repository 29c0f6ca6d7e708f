"""The quad store: one named graph per source document, behind a small backend-neutral interface.

:class:`OxigraphStore` (embedded, on disk or in memory) is the default. The interface speaks rdflib
terms and serialised bytes only, so a remote SPARQL 1.1 server can implement it too.

The default graph of every query is the union of all named graphs.

>>> from rdflib import Graph, URIRef, Literal
>>> store = OxigraphStore()                      # in memory
>>> g = Graph(); _ = g.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("1")))
>>> store.replace_graph("urn:x:graph", g)
>>> [row["o"].toPython() for row in store.select("SELECT ?o WHERE { ?s ?p ?o }")]
['1']
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError, StoreError, StoreLockedError
from graph.sparql_text import check_complexity
from ontology.namespaces import PREFIXES

#: File formats the store imports and exports, by their command-line name.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: Formats that carry named graphs; the others hold the union of all graphs.
DATASET_FORMATS = frozenset({"trig", "nquads", "jsonld"})
#: Media types of the formats above.
MEDIA_TYPES: dict[str, str] = {name: fmt.media_type for name, fmt in RDF_FORMATS.items()}

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

Row = dict[str, Node]


@dataclass(frozen=True)
class DocumentEntry:
    """A source document held in the store."""

    graph: str
    document: str
    content_hash: str
    title: str | None
    source_path: str | None


class Store(Protocol):
    """What the builder, the analysis and the API need from a store."""

    def replace_graph(self, graph: str, data: Graph | str) -> None:
        """Replace the named graph ``graph`` by ``data`` (a graph, or N-Triples text) in one transaction."""

    def remove_graph(self, graph: str) -> bool:
        """Drop a named graph; ``False`` if it did not exist."""

    def graph_names(self) -> list[str]:
        """All named graphs."""

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Run a SELECT query (prefixes of :data:`ontology.namespaces.PREFIXES` preloaded)."""

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query."""

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""

    def update(self, update: str) -> None:
        """Run a SPARQL Update in one transaction."""

    def query_serialized(
        self,
        query: str,
        *,
        result_format: str = "json",
        graph_format: str = "turtle",
        bindings: Mapping[str, Node] | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> tuple[str, bytes]:
        """Run any query; return its form (``select``, ``ask`` or ``graph``) and serialised result."""

    def get_graph(self, graph: str) -> Graph:
        """The triples of one named graph."""

    def import_data(self, data: bytes, fmt: str, graph: str | None = None) -> None:
        """Load serialised RDF in one transaction; triple formats go to ``graph``."""

    def export(self, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
        """Write the dataset (or one graph) in ``fmt`` to ``out``."""

    def close(self) -> None:
        """Release the store."""


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def to_rdflib(term: object) -> Node:
    """Convert a pyoxigraph term to an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


class OxigraphStore:
    """The embedded store: pyoxigraph on disk (``path``) or in memory (``path=None``)."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        """Open the store; a writer finding it locked by another process retries for ``wait`` seconds.

        ``on_wait`` is called once when the waiting starts (to tell the user why nothing happens).
        """
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                self._store = self._open()
                return
            except StoreLockedError:
                if time.monotonic() >= deadline:
                    raise
                if on_wait is not None and not told:
                    on_wait()
                    told = True
                time.sleep(0.2)

    def _open(self) -> ox.Store:
        try:
            if self.path is None:
                return ox.Store()
            if self.read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no stakegraph store here (run `stakegraph build`)")
                return ox.Store.read_only(str(self.path))
            self.path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"{self.path}: the store is open for writing in another process "
                    "(a running build or server): wait for it (--wait SECONDS), send the files to the running "
                    "server (stakegraph build --api URL), or use another --data directory"
                ) from exc
            raise StoreError(f"{self.path}: cannot open the store ({_reason(exc)})") from exc
        except RuntimeError as exc:  # e.g. a read-only open while another process is still creating the store
            raise StoreError(f"{self.path}: cannot open the store yet ({exc}); try again in a moment") from exc

    # writing ---------------------------------------------------------------------------------

    def replace_graph(self, graph: str, data: Graph | str) -> None:
        if isinstance(data, str):
            body = data
        else:
            try:
                body = data.serialize(format="nt", encoding="utf-8").decode("utf-8")
            except Exception as exc:  # rdflib refuses terms it cannot write (IRIs with spaces …)
                raise StoreError(f"cannot serialise the graph for {graph}: {exc}") from exc
        # our own N-Triples: no need to measure its complexity, which costs time on large documents
        self._apply_update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")

    def remove_graph(self, graph: str) -> bool:
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return False
        self._write(lambda: self._store.remove_graph(node))
        return True

    def update(self, update: str) -> None:
        check_complexity(update)
        self._apply_update(update)

    def _apply_update(self, update: str) -> None:
        def run() -> None:
            try:
                self._store.update(update, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL update syntax error: {exc}") from exc
            except RuntimeError as exc:  # e.g. DROP of a graph that does not exist
                raise QueryError(f"SPARQL update failed, nothing was changed: {exc}") from exc

        self._write(run)

    def import_data(self, data: bytes, fmt: str, graph: str | None = None) -> None:
        rdf_format = _rdf_format(fmt)
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()

        def run() -> None:
            try:
                if fmt in DATASET_FORMATS:
                    self._store.load(data, rdf_format)
                else:
                    self._store.load(data, rdf_format, to_graph=target)
            except (SyntaxError, ValueError) as exc:
                raise StoreError(f"the {fmt} data is not valid: {exc}") from exc

        self._write(run)

    def _write(self, action: object) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")
        try:
            action()  # type: ignore[operator]
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {_reason(exc)}") from exc

    # reading ---------------------------------------------------------------------------------

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def raw_query(
        self,
        query: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> object:
        """Run a query with Oxigraph and return its native result object."""
        check_complexity(query)
        options: dict[str, object] = {"prefixes": PREFIXES}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            options["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        try:
            return self._store.query(query, **options)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:  # "The custom function <…> is not supported"
            raise QueryError(f"the query cannot be evaluated: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        result = self.raw_query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self.raw_query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        result = self.raw_query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph

    def query_serialized(
        self,
        query: str,
        *,
        result_format: str = "json",
        graph_format: str = "turtle",
        bindings: Mapping[str, Node] | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> tuple[str, bytes]:
        result = self.raw_query(query, bindings, default_graphs=default_graphs, named_graphs=named_graphs)
        try:
            if isinstance(result, ox.QueryTriples):
                return "graph", result.serialize(format=_rdf_format(graph_format))
            form = "select" if isinstance(result, ox.QuerySolutions) else "ask"
            return form, result.serialize(format=RESULT_FORMATS[result_format])  # type: ignore[union-attr]
        except KeyError:
            raise QueryError(f"unknown result format {result_format!r}") from None
        except RuntimeError as exc:  # an evaluation error while the results are written
            raise QueryError(f"the query cannot be evaluated: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def get_graph(self, graph: str) -> Graph:
        out = Graph()
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return out

    def dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (for validation and tests; small stores only)."""
        data = Dataset()
        data.parse(data=self._store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return data

    def triples_count(self) -> int:
        return len(self._store)

    def export(self, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
        rdf_format = _rdf_format(fmt)
        prefixes = PREFIXES if fmt in {"turtle", "trig"} else None
        if graph is not None:
            self._store.dump(out, rdf_format, from_graph=ox.NamedNode(graph), prefixes=prefixes)
        elif fmt in DATASET_FORMATS:
            self._store.dump(out, rdf_format, prefixes=prefixes)
        else:
            union = ox.Store()
            union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self._store)
            union.dump(out, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    def documents(self) -> list[DocumentEntry]:
        """Every source document with its graph and content hash."""
        return list(_documents(self))

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError as exc:
                raise StoreError(f"cannot write to the store: {_reason(exc)}") from exc

    def close(self) -> None:
        try:
            self.flush()
        finally:
            del self._store

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            self.close()
        except StoreError:
            if error is None:  # the first error is the one to report
                raise


def _documents(store: Store) -> Iterator[DocumentEntry]:
    rows = store.select(
        """SELECT ?g ?doc ?hash ?title ?path WHERE {
             GRAPH ?g { ?doc a sg:SourceText ; sg:contentHash ?hash .
                        OPTIONAL { ?doc dcterms:title ?title }
                        OPTIONAL { ?doc sg:sourcePath ?path } }
           } ORDER BY ?g"""
    )
    seen: set[str] = set()
    for row in rows:
        graph = str(row["g"])
        if graph in seen:
            continue
        seen.add(graph)
        yield DocumentEntry(
            graph=graph,
            document=str(row["doc"]),
            content_hash=str(row["hash"]),
            title=str(row["title"]) if "title" in row else None,
            source_path=str(row["path"]) if "path" in row else None,
        )


def _reason(error: OSError) -> str:
    """What went wrong, in the words a user acts on (disk full, read-only) before the technical detail."""
    message = str(error)
    if error.errno == errno.ENOSPC or "No space left" in message:
        return f"the disk is full; free some space and run the command again ({message})"
    if error.errno == errno.EROFS or "Read-only file system" in message:
        return f"the data directory is on a read-only file system ({message})"
    if error.errno == errno.EACCES or "Permission denied" in message:
        return f"no permission to write the data directory ({message})"
    return message


def _rdf_format(fmt: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[fmt]
    except KeyError:
        known = ", ".join(RDF_FORMATS)
        raise StoreError(f"unknown RDF format {fmt!r} (known: {known})") from None


__all__ = [
    "DATASET_FORMATS",
    "MEDIA_TYPES",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "DocumentEntry",
    "OxigraphStore",
    "Store",
    "to_ox",
    "to_rdflib",
]
