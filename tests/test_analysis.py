"""The network analysis: projection, centrality, communities, brokers, paths, exports, write-back."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from graph.analysis import (
    Projection,
    export_network,
    measures,
    neighbourhood,
    project,
    ranking,
    scores_graph,
    shortest_paths,
)
from graph.errors import NotFoundError
from graph.store import OxigraphStore


@pytest.fixture(scope="module")
def network(example_store: OxigraphStore) -> nx.MultiDiGraph:
    return project(example_store)


def test_projection_has_labelled_typed_nodes_and_evidenced_edges(network: nx.MultiDiGraph) -> None:
    assert network.nodes["person/mona-neubaur"]["kind"] == "person"
    assert network.nodes["org/clusterallianznrw"]["label"] == "ClusterAllianz.NRW"
    edge = network.edges["org/medizinnrw", "org/clusterallianznrw", "member_of"]
    assert edge["evidence"] and "Medizin.NRW" in edge["evidence"][0]["text"]
    assert network.nodes["org/medizinnrw"]["documents"]


def test_projection_can_leave_out_documents_events_goals(example_store: OxigraphStore) -> None:
    slim = project(example_store, Projection(documents=False, events=False, goals=False, places=False))
    kinds = {d["kind"] for _, d in slim.nodes(data=True)}
    assert kinds == {"person", "organization"}


def test_the_alliance_is_the_most_central_stakeholder(network: nx.MultiDiGraph) -> None:
    scores = measures(network)
    top = ranking(network, scores)[0]
    assert top["label"] == "ClusterAllianz.NRW"
    assert scores["org/medizinnrw"].community == scores["org/creativenrw"].community


def test_paths_neighbourhoods_and_errors(network: nx.MultiDiGraph) -> None:
    paths = shortest_paths(network, "person/mona-neubaur", "org/medizinnrw")
    assert paths[0]["explanation"].endswith("Medizin.NRW is a member of ClusterAllianz.NRW")
    ego = neighbourhood(network, "org/clusterallianznrw", depth=1, kinds=["organization"])
    assert "org/medizinnrw" in ego and all(d["kind"] == "organization" for _, d in ego.nodes(data=True))
    with pytest.raises(NotFoundError):
        shortest_paths(network, "person/nobody", "org/medizinnrw")


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("graphml", b"<graphml"), ("gexf", b"<gexf"), ("edges", b"source,target"), ("nodes", b"id,label,kind")],
)
def test_exports(network: nx.MultiDiGraph, fmt: str, marker: bytes) -> None:
    out = io.BytesIO()
    export_network(network, fmt, out, measures(network))
    assert marker in out.getvalue()
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(out.getvalue()))
        assert back.number_of_nodes() == network.number_of_nodes()


def test_scores_are_written_back_for_sparql(network: nx.MultiDiGraph) -> None:
    store = OxigraphStore()
    store.replace_graph("https://w3id.org/stakegraph/graph/analysis", scores_graph(measures(network)))
    rows = store.select("SELECT ?x ?r WHERE { ?x sg:pageRank ?r } ORDER BY DESC(?r) LIMIT 1")
    assert str(rows[0]["x"]).endswith("/org/clusterallianznrw")


def test_analyze_command(cli, tmp_path) -> None:
    from .conftest import EXAMPLE_DIR

    data = tmp_path / "store"
    assert cli("build", EXAMPLE_DIR, "--data", data).code == 0
    result = cli(
        "analyze", "--data", data, "--top", "3", "--gexf", tmp_path / "n.gexf", "--nodes", tmp_path / "nodes.csv"
    )
    assert result.code == 0 and "ClusterAllianz.NRW" in result.out
    assert (tmp_path / "n.gexf").stat().st_size > 1000 and (tmp_path / "nodes.csv").read_text().startswith("id,")
    ranked = cli("query", "SELECT ?r WHERE { ?x sg:pageRank ?r }", "--data", data, "--format", "csv")
    assert len(ranked.out.splitlines()) > 10
