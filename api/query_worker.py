"""A query worker process: runs SPARQL queries on a read-only view of the on-disk store.

Oxigraph cannot cancel a running query, so queries run here, in a process of their own, and a
query that overruns its time is stopped by ending the process. This module imports nothing but
pyoxigraph so that a new worker starts quickly.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


def execute(store: ox.Store, query: str, options: dict[str, Any]) -> tuple[str, bytes]:
    """Run one query and serialise its result; raises SyntaxError or OSError."""
    arguments: dict[str, Any] = {"prefixes": options.get("prefixes") or {}}
    if options.get("default_graphs"):
        arguments["default_graph"] = [ox.NamedNode(g) for g in options["default_graphs"]]
    else:
        arguments["use_default_graph_as_union"] = True
    if options.get("named_graphs"):
        arguments["named_graphs"] = [ox.NamedNode(g) for g in options["named_graphs"]]
    result = store.query(query, **arguments)
    if isinstance(result, ox.QueryTriples):
        return "graph", result.serialize(format=GRAPH_FORMATS[options.get("graph_format", "turtle")])
    form = "select" if isinstance(result, ox.QuerySolutions) else "ask"
    return form, result.serialize(format=RESULT_FORMATS[options.get("result_format", "json")])


def serve(snapshots: str, connection: Connection, generation: Any) -> None:
    """Answer queries sent over ``connection`` until it closes; open the newest checkpoint after writes."""
    store = None
    seen = -1
    connection.send("ready")
    while True:
        try:
            query, options = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or generation.value != seen:
                seen = generation.value
                store = ox.Store.read_only(f"{snapshots}/{seen}")
            form, body = execute(store, query, options)
            limit = options.get("max_bytes")
            if limit and len(body) > limit:
                connection.send(("too-large", f"the result has {len(body):,} bytes; the limit is {limit:,}", b""))
            else:
                connection.send(("ok", form, body))
        except (SyntaxError, ValueError) as exc:  # ValueError: an invalid IRI or term in the request
            connection.send(("syntax", str(exc), b""))
        except RuntimeError as exc:  # evaluation refused the query ("The custom function <…> is not supported")
            connection.send(("unsupported", str(exc), b""))
        except Exception as exc:  # the worker must answer, whatever went wrong
            connection.send(("error", f"{type(exc).__name__}: {exc}", b""))
