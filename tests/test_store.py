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
from graph.remote import RemoteStore
from graph.store import RDF_FORMATS, OxigraphStore

G1 = "https://example.org/graph/one"
G2 = "https://example.org/graph/two"


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Oxigraph server (the `oxigraph` package's CLI) on a free localhost port."""
    import shutil
    import socket
    import time
    import urllib.request

    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("the oxigraph server did not start")
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(params=["embedded", "remote"])
def fresh_store(request: pytest.FixtureRequest):
    """An empty store of each backend: the embedded Oxigraph, and a real SPARQL server."""
    if request.param == "embedded":
        return OxigraphStore()
    url = request.getfixturevalue("sparql_server")
    store = RemoteStore(url + "/query", url + "/update")
    store.update("DROP ALL")
    return store


def small_graph(value: str) -> Graph:
    graph = Graph()
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal(value)))
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/q"), Literal(value, lang="de")))
    return graph


def values(store, graph: str) -> set[str]:
    return {str(o) for _, _, o in store.get_graph(graph)}


def test_replace_graph_replaces_only_that_graph(fresh_store) -> None:
    store = fresh_store
    store.replace_graph(G1, small_graph("old"))
    store.replace_graph(G2, small_graph("other"))
    store.replace_graph(G1, small_graph("new"))
    assert values(store, G1) == {"new"}
    assert values(store, G2) == {"other"}


def test_a_failed_replace_leaves_the_old_graph(fresh_store) -> None:
    store = fresh_store
    store.replace_graph(G1, small_graph("old"))
    broken = small_graph("new")
    broken.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), URIRef("not an iri")))
    with pytest.raises((QueryError, StoreError)):
        store.replace_graph(G1, broken)
    assert values(store, G1) == {"old"}


def test_remove_graph_retracts_exactly_one_document(fresh_store) -> None:
    store = fresh_store
    store.replace_graph(G1, small_graph("one"))
    store.replace_graph(G2, small_graph("two"))
    assert store.remove_graph(G1) is True
    assert store.remove_graph(G1) is False
    assert store.graph_names() == [G2]


def test_default_graph_is_the_union_of_named_graphs(fresh_store) -> None:
    store = fresh_store
    store.replace_graph(G1, small_graph("one"))
    store.replace_graph(G2, small_graph("two"))
    rows = store.select("SELECT ?o WHERE { ?s <https://example.org/p> ?o } ORDER BY ?o")
    assert [str(r["o"]) for r in rows] == ["one", "two"]


def test_bindings_are_substituted_not_pasted(fresh_store) -> None:
    store = fresh_store
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


def test_invalid_import_changes_nothing(fresh_store) -> None:
    store = fresh_store
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


def test_an_update_that_fails_halfway_is_rolled_back(fresh_store) -> None:
    store = fresh_store
    store.replace_graph(G1, small_graph("kept"))
    with pytest.raises((QueryError, StoreError)):  # the embedded store says "nothing was changed"
        store.update(f"DROP GRAPH <{G1}> ; DROP GRAPH <https://example.org/graph/missing>")
    assert values(store, G1) == {"kept"}


def test_the_example_round_trips_through_a_real_sparql_server(sparql_server: str, example_store: OxigraphStore) -> None:
    remote = RemoteStore(sparql_server + "/query", sparql_server + "/update")
    remote.update("DROP ALL")
    buffer = io.BytesIO()
    example_store.export(buffer, "trig")
    remote.import_data(buffer.getvalue(), "trig")
    assert set(remote.graph_names()) == set(example_store.graph_names())
    for graph in example_store.graph_names():
        assert isomorphic(remote.get_graph(graph), example_store.get_graph(graph))
    out = io.BytesIO()
    remote.export(out, "nquads")
    assert out.getvalue().count(b"\n") == sum(len(example_store.get_graph(g)) for g in example_store.graph_names())


def test_builds_and_queries_work_on_a_real_sparql_server(sparql_server: str) -> None:
    from graph.build import Builder
    from graph.explore import search_entities
    from graph.settings import Settings

    from .conftest import EXAMPLE_DIR

    remote = RemoteStore(sparql_server + "/query", sparql_server + "/update")
    remote.update("DROP ALL")
    summary = Builder(remote, Settings()).build_paths([EXAMPLE_DIR])
    assert summary.count("built") == 1
    assert Builder(remote, Settings()).build_paths([EXAMPLE_DIR]).count("skipped") == 1
    assert search_entities(remote, "neubaur")["results"][0]["id"] == "person/mona-neubaur"
    assert remote.ask("ASK { ?x org:memberOf ?y }")


def test_an_unreachable_server_is_a_clear_error() -> None:
    store = RemoteStore("http://127.0.0.1:9/query", timeout=2)
    with pytest.raises(StoreError, match="cannot be reached"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_the_command_line_works_against_a_sparql_server(sparql_server: str, cli) -> None:
    from .conftest import EXAMPLE_DIR

    RemoteStore(sparql_server + "/query", sparql_server + "/update").update("DROP ALL")
    remote = ["--store", sparql_server + "/query", "--update-url", sparql_server + "/update"]
    built = cli("build", EXAMPLE_DIR, *remote)
    assert built.code == 0 and "built 1" in built.out
    stats = cli("stats", "--json", *remote)
    assert '"persons": 5' in stats.out
    answer = cli("query", "SELECT ?n WHERE { ?p a sg:Person ; rdfs:label ?n }", "--format", "csv", *remote)
    assert "Ines Rainer" in answer.out
    assert cli("validate", *remote).code == 0
    unreachable = cli("stats", "--store", "http://127.0.0.1:9/query")
    assert unreachable.code == 1 and "cannot be reached" in unreachable.err
