"""A store on any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB, QLever …).

It implements the same interface as :class:`~graph.store.OxigraphStore` with the SPARQL 1.1
Protocol only: queries go to the query endpoint, writes to the update endpoint. Replacing a
document's graph is one update request (``DROP SILENT GRAPH …; INSERT DATA …``), which the servers
above apply as one transaction. Configure the server so that its default graph is the union of the
named graphs (Oxigraph: ``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``), as
stakegraph's own store does.

Query parameters (``bindings``) become a ``VALUES`` block of RDF terms in N-Triples syntax (escaped
by rdflib), since SPARQL 1.1 has no parameter binding over HTTP.
"""

from __future__ import annotations

import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError, StoreError
from graph.sparql_text import check_complexity
from graph.store import DATASET_FORMATS, RDF_FORMATS, RESULT_FORMATS, DocumentEntry, Row, _documents, _rdf_format
from ontology.namespaces import sparql_prologue

_ACCEPT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_STRINGS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)


def bind(query: str, bindings: Mapping[str, Node] | None) -> str:
    r"""Bind variables with a ``VALUES`` block at the start of the query's outermost group.

    The terms are written in N-Triples syntax (escaped by rdflib), so a value can never change the
    query's structure.

    >>> from rdflib import Literal
    >>> bind("SELECT ?o WHERE { ?s ?p ?o }", {"o": Literal('x" } DROP ALL #')})
    'SELECT ?o WHERE { VALUES (?o) { ("x\\" } DROP ALL #") } ?s ?p ?o }'
    """
    if not bindings:
        return query
    names = list(bindings)
    values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bindings[n].n3() for n in names)}) }}"
    position = 0
    for match in _STRINGS.finditer(query):
        brace = query.find("{", position, match.start())
        if brace != -1:
            return query[: brace + 1] + values + query[brace + 1 :]
        position = match.end()
    brace = query.find("{", position)
    if brace == -1:
        raise QueryError("cannot bind parameters: the query has no group pattern")
    return query[: brace + 1] + values + query[brace + 1 :]


def _term(value: dict) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


class RemoteStore:
    """The store interface over a SPARQL 1.1 query endpoint and update endpoint."""

    def __init__(self, query_url: str, update_url: str | None = None, *, timeout: float = 120.0) -> None:
        if not query_url.startswith(("http://", "https://")):
            raise StoreError(f"{query_url}: the store URL must be an http(s) SPARQL endpoint")
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.timeout = timeout
        self.path = None
        self.read_only = False

    # transport -----------------------------------------------------------------------------

    def _post(self, url: str, body: str, content_type: str, accept: str | None = None) -> bytes:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:500]
            if 400 <= error.code < 500:
                raise QueryError(f"the SPARQL server refused the request ({error.code}): {detail}") from None
            raise StoreError(f"the SPARQL server failed ({error.code}): {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"{url}: the SPARQL server cannot be reached ({reason}); is it running?") from None

    def _query(self, query: str, accept: str, bindings: Mapping[str, Node] | None = None) -> bytes:
        check_complexity(query)
        return self._post(self.query_url, sparql_prologue() + bind(query, bindings), "application/sparql-query", accept)

    # reading -------------------------------------------------------------------------------

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        result = json.loads(self._query(query, _ACCEPT["json"], bindings))
        if "results" not in result:
            raise QueryError("expected a SELECT query")
        return [{k: _term(v) for k, v in binding.items()} for binding in result["results"]["bindings"]]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = json.loads(self._query(query, _ACCEPT["json"], bindings))
        if "boolean" not in result:
            raise QueryError("expected an ASK query")
        return bool(result["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        body = self._query(query, "application/n-triples", bindings)
        return Graph().parse(data=body.decode("utf-8"), format="nt")

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
        if result_format not in RESULT_FORMATS:
            raise QueryError(f"unknown result format {result_format!r}")
        check_complexity(query)
        graph_type = RDF_FORMATS[graph_format].media_type
        accept = f"{_ACCEPT[result_format]}, {graph_type};q=0.9"
        url = self.query_url
        params = [("default-graph-uri", g) for g in default_graphs or []]
        params += [("named-graph-uri", g) for g in named_graphs or []]
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        body = self._post(url, sparql_prologue() + bind(query, bindings), "application/sparql-query", accept)
        if body.lstrip().startswith(b"{") and b'"boolean"' in body[:200]:
            return "ask", body
        if result_format == "json" and body.lstrip().startswith(b"{") and b'"head"' in body[:200]:
            return "select", body
        return ("graph" if not body.lstrip().startswith(b"{") or graph_format == "jsonld" else "select"), body

    def graph_names(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in rows if isinstance(r.get("g"), URIRef))

    def get_graph(self, graph: str) -> Graph:
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")

    def documents(self) -> list[DocumentEntry]:
        return list(_documents(self))

    def dataset(self) -> Dataset:
        data = Dataset()
        buffer = io.BytesIO()
        self.export(buffer, "nquads")
        data.parse(data=buffer.getvalue(), format="nquads")
        return data

    # writing -------------------------------------------------------------------------------

    def update(self, update: str) -> None:
        check_complexity(update)
        self._apply_update(update)

    def _apply_update(self, update: str) -> None:
        self._post(self.update_url, sparql_prologue() + update, "application/sparql-update")

    def replace_graph(self, graph: str, data: Graph | str) -> None:
        if isinstance(data, str):
            body = data
        else:
            try:
                body = data.serialize(format="nt", encoding="utf-8").decode("utf-8")
            except Exception as exc:  # rdflib refuses terms it cannot write
                raise StoreError(f"cannot serialise the graph for {graph}: {exc}") from exc
        # our own N-Triples: no need to measure its complexity, which costs time on large documents
        self._apply_update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")

    def remove_graph(self, graph: str) -> bool:
        if graph not in self.graph_names():
            return False
        self.update(f"DROP GRAPH <{graph}>")
        return True

    def import_data(self, data: bytes, fmt: str, graph: str | None = None) -> None:
        staging = ox.Store()
        try:
            if fmt in DATASET_FORMATS:
                staging.load(data, _rdf_format(fmt))
            else:
                target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
                staging.load(data, _rdf_format(fmt), to_graph=target)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the {fmt} data is not valid: {exc}") from exc
        blocks: dict[str, list[str]] = {}
        for quad in staging:  # pyoxigraph terms print in N-Triples syntax
            name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
            blocks.setdefault(name, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        parts = [
            (f"INSERT DATA {{ GRAPH {name} {{\n" if name else "INSERT DATA {\n")
            + "\n".join(lines)
            + ("\n} }" if name else "\n}")
            for name, lines in blocks.items()
        ]
        if parts:
            self.update(" ;\n".join(parts))

    def export(self, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
        rdf_format = _rdf_format(fmt)
        staging = ox.Store()
        if graph is not None or fmt not in DATASET_FORMATS:
            where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
            body = self._query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", "application/n-triples")
            staging.load(body, ox.RdfFormat.N_TRIPLES)
            staging.dump(out, rdf_format, from_graph=ox.DefaultGraph())
            return
        rows = self._query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", _ACCEPT["json"])
        for binding in json.loads(rows)["results"]["bindings"]:
            staging.add(
                ox.Quad(_ox(binding["s"]), _ox(binding["p"]), _ox(binding["o"]), ox.NamedNode(binding["g"]["value"]))
            )
        staging.dump(out, rdf_format)

    def flush(self) -> None:
        """Nothing to flush: the server persists each update."""

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ox(value: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    return ox.Literal(
        value["value"], datatype=ox.NamedNode(value.get("datatype", "http://www.w3.org/2001/XMLSchema#string"))
    )
