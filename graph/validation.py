"""Validate what the store holds against the SHACL shapes, one named graph at a time."""

from __future__ import annotations

from collections.abc import Callable

from graph.store import Store
from ontology.namespaces import GRAPH
from ontology.validate import Violation, validate

#: Graphs that hold vocabulary, not extracted data.
VOCABULARY_GRAPHS = frozenset({str(GRAPH["ontology"])})


def validate_store(
    store: Store, *, graphs: list[str] | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, list[Violation]]:
    """Violations per named graph (only graphs with violations appear in the result)."""
    results: dict[str, list[Violation]] = {}
    for name in graphs or store.graph_names():
        if name in VOCABULARY_GRAPHS:
            continue
        if progress is not None:
            progress(name)
        violations = validate(store.get_graph(name))
        if violations:
            results[name] = violations
    return results
