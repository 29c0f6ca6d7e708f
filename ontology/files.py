"""Load the ontology, the SHACL shapes and the goal/topic concept scheme shipped in this folder."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import Graph

from ontology.errors import OntologyError
from ontology.namespaces import PREFIXES

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "stakegraph.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
CONCEPTS_FILE = HERE / "concepts.ttl"


def bind_prefixes(graph: Graph) -> Graph:
    """Bind stakegraph's prefixes on ``graph`` (for readable Turtle) and return it."""
    for name, iri in PREFIXES.items():
        graph.bind(name, iri, override=True, replace=True)
    return graph


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file, turning every failure into :class:`OntologyError`."""
    graph = bind_prefixes(Graph())
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise OntologyError(f"{path}: no such file") from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        raise OntologyError(f"{path}: not valid Turtle ({exc})") from exc
    return graph


@cache
def ontology_graph() -> Graph:
    """The stakegraph OWL ontology (cached: treat the result as read-only)."""
    return parse_turtle(ONTOLOGY_FILE)


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes that define a valid stakegraph graph (cached, read-only)."""
    return parse_turtle(SHAPES_FILE)


def concept_scheme(extra: Iterable[Path] = ()) -> Graph:
    """The bundled goal/topic concept scheme, extended by the users' own Turtle files."""
    graph = bind_prefixes(Graph())
    graph += _bundled_concepts()
    for path in extra:
        graph += parse_turtle(Path(path))
    return graph


@cache
def _bundled_concepts() -> Graph:
    return parse_turtle(CONCEPTS_FILE)
