"""The embedded store: named graphs, atomic replace, retraction, import/export round trips, locking."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.errors import QueryError, StoreError, StoreLockedError
from graph.store import RDF_FORMATS, OxigraphStore

G1 = "https://example.org/graph/one"
G2 = "https://example.org/graph/two"


def small_graph(value: str) -> Graph:
    graph = Graph()
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal(value)))
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/q"), Literal(value, lang="de")))
    return graph


def values(store: OxigraphStore, graph: str) -> set[str]:
    return {str(o) for _, _, o in store.get_graph(graph)}


def test_replace_graph_replaces_only_that_graph() -> None:
    store = OxigraphStore()
    store.replace_graph(G1, small_graph("old"))
    store.replace_graph(G2, small_graph("other"))
    store.replace_graph(G1, small_graph("new"))
    assert values(store, G1) == {"new"}
    assert values(store, G2) == {"other"}


def test_a_failed_replace_leaves_the_old_graph() -> None:
    store = OxigraphStore()
    store.replace_graph(G1, small_graph("old"))
    broken = small_graph("new")
    broken.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), URIRef("not an iri")))
    with pytest.raises((QueryError, StoreError)):
        store.replace_graph(G1, broken)
    assert values(store, G1) == {"old"}


def test_remove_graph_retracts_exactly_one_document() -> None:
    store = OxigraphStore()
    store.replace_graph(G1, small_graph("one"))
    store.replace_graph(G2, small_graph("two"))
    assert store.remove_graph(G1) is True
    assert store.remove_graph(G1) is False
    assert store.graph_names() == [G2]


def test_default_graph_is_the_union_of_named_graphs() -> None:
    store = OxigraphStore()
    store.replace_graph(G1, small_graph("one"))
    store.replace_graph(G2, small_graph("two"))
    rows = store.select("SELECT ?o WHERE { ?s <https://example.org/p> ?o } ORDER BY ?o")
    assert [str(r["o"]) for r in rows] == ["one", "two"]


def test_bindings_are_substituted_not_pasted() -> None:
    store = OxigraphStore()
    store.replace_graph(G1, small_graph("x"))
    rows = store.select("SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o }", {"o": Literal('x" } ; DROP ALL ; #')})
    assert rows == []
    assert store.graph_names() == [G1]


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_export_then_import_round_trips(example_store: OxigraphStore, fmt: str) -> None:
    buffer = io.BytesIO()
    graph = next(g for g in example_store.graph_names() if "/source/" in g)
    example_store.export(buffer, fmt, graph if fmt not in {"trig", "nquads", "jsonld"} else None)
    copy = OxigraphStore()
    copy.import_data(buffer.getvalue(), fmt, graph)
    assert isomorphic(copy.get_graph(graph), example_store.get_graph(graph))


def test_dataset_export_keeps_named_graphs(example_store: OxigraphStore) -> None:
    buffer = io.BytesIO()
    example_store.export(buffer, "trig")
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="trig")
    names = {str(c.identifier) for c in dataset.contexts()}
    assert set(example_store.graph_names()) <= names


def test_invalid_import_changes_nothing() -> None:
    store = OxigraphStore()
    store.replace_graph(G1, small_graph("kept"))
    with pytest.raises(StoreError):
        store.import_data(b"<a> <b> <c> .\n this is not turtle", "turtle", G2)
    assert store.graph_names() == [G1]


def test_on_disk_store_persists_and_is_created_on_first_use(tmp_path: Path) -> None:
    location = tmp_path / "nested" / "data"
    with OxigraphStore(location) as store:
        store.replace_graph(G1, small_graph("persisted"))
    with OxigraphStore(location, read_only=True) as store:
        assert values(store, G1) == {"persisted"}


def test_a_second_writer_gets_a_clear_lock_error(tmp_path: Path) -> None:
    location = tmp_path / "data"
    with OxigraphStore(location):
        code = (
            "import sys\nfrom graph.store import OxigraphStore\nfrom graph.errors import StoreLockedError\n"
            f"try:\n    OxigraphStore({str(location)!r})\nexcept StoreLockedError as e:\n    print(e); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "open for writing in another process" in result.stdout


def test_read_only_open_of_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no stakegraph store here"):
        OxigraphStore(tmp_path / "nothing", read_only=True)


def test_lock_error_type_is_a_store_error() -> None:
    assert issubclass(StoreLockedError, StoreError)


def test_an_update_that_fails_halfway_is_rolled_back() -> None:
    store = OxigraphStore()
    store.replace_graph(G1, small_graph("kept"))
    with pytest.raises(QueryError, match="nothing was changed"):
        store.update(f"DROP GRAPH <{G1}> ; DROP GRAPH <https://example.org/graph/missing>")
    assert values(store, G1) == {"kept"}
