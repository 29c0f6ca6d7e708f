"""Counts that describe what a store holds."""

from __future__ import annotations

from graph.store import Store

_CLASSES = {
    "persons": "sg:Person",
    "organizations": "sg:Organization",
    "documents": "sg:Document",
    "quotes": "sg:Quote",
    "events": "sg:Event",
    "places": "sg:Place",
    "facts": "sg:Fact",
}


def store_stats(store: Store) -> dict[str, object]:
    """Source documents, triples, entities per class and organisations per kind.

    >>> from graph.store import OxigraphStore
    >>> store_stats(OxigraphStore())["source_documents"]
    0
    """
    counts: dict[str, object] = {}
    rows = store.select("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a sg:SourceText } }")
    counts["source_documents"] = int(rows[0]["n"]) if rows else 0
    rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    counts["triples"] = int(rows[0]["n"]) if rows else 0
    for name, cls in _CLASSES.items():
        rows = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")
        counts[name] = int(rows[0]["n"]) if rows else 0
    rows = store.select(
        """SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
             ?x a sg:Organization , ?cls . ?cls sg:reportKey ?kind .
             FILTER NOT EXISTS { ?x a ?sub . ?sub rdfs:subClassOf ?cls . FILTER (?sub != ?cls) }
           } GROUP BY ?kind ORDER BY DESC(?n)"""
    )
    counts["organizations_by_kind"] = {str(r["kind"]): int(r["n"]) for r in rows}
    return counts
