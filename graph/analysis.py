"""The stakeholder network: the RDF graph projected into networkx, with evidence on every edge.

Nodes are entities (persons, organisations, documents, places, events, goals) with their label,
type and the source documents that mention them; edges are the extracted relations, labelled with
their report key (``member_of`` …) and carrying every piece of evidence that supports them.

>>> from graph.store import OxigraphStore
>>> network = project(OxigraphStore())
>>> network.number_of_nodes()
0
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef

from graph.errors import NotFoundError, QueryError
from graph.explore import entity_id
from graph.store import Store
from ontology.namespaces import DATA, SG, SKOS, XSD
from ontology.vocabulary import vocabulary

#: Node kinds, from the most specific class an entity has.
NODE_KINDS: dict[str, str] = {
    str(SG.Person): "person",
    str(SG.Organization): "organization",
    str(SG.Document): "document",
    str(SG.Place): "place",
    str(SG.Event): "event",
    str(SKOS.Concept): "goal",
}
#: How a relation reads in a sentence, from subject to object.
PHRASES: dict[str, str] = {
    "role_at": "holds a role at",
    "member_of": "is a member of",
    "part_of": "is part of",
    "authored": "authored",
    "handed_over_to": "was handed over to",
    "quoted_in": "is quoted in",
    "founded_in": "was founded in",
    "located_in": "is located in",
    "cooperates_with": "cooperates with",
    "funds": "funds",
    "addresses_goal": "addresses",
    "participant": "had as participant",
}


HOP_WEIGHTS = {"quoted_in": 3.0, "participant": 2.0, "addresses_goal": 2.0, "located_in": 2.0}


@dataclass(frozen=True)
class Projection:
    """Which kinds of nodes to keep in the network."""

    documents: bool = True
    events: bool = True
    goals: bool = True
    places: bool = True

    def keeps(self, kind: str) -> bool:
        return {"document": self.documents, "event": self.events, "goal": self.goals, "place": self.places}.get(
            kind, True
        )


def project(store: Store, projection: Projection = Projection()) -> nx.MultiDiGraph:
    """The stakeholder network of everything in ``store``."""
    network = nx.MultiDiGraph()
    kinds = " ".join(f"<{k}>" for k in NODE_KINDS)
    for row in store.select(
        f"""SELECT ?x ?class ?label ?doc WHERE {{
              VALUES ?class {{ {kinds} }}
              ?x a ?class .
              OPTIONAL {{ ?x rdfs:label ?plain }}
              OPTIONAL {{ ?x skos:prefLabel ?german FILTER (LANG(?german) = "de") }}
              BIND (COALESCE(?german, ?plain) AS ?label)
              OPTIONAL {{ ?x sg:mentionedIn ?doc }}
            }}"""
    ):
        kind = NODE_KINDS[str(row["class"])]
        if not projection.keeps(kind):
            continue
        node = entity_id(str(row["x"]))
        data = network.nodes[node] if node in network else None
        if data is None:
            network.add_node(node, label=str(row.get("label", node)), kind=kind, documents=set())
            data = network.nodes[node]
        elif kind in {"person", "organization"} and data["kind"] not in {"person", "organization"}:
            data["kind"] = kind  # a source document is also a document; persons and organisations win
        if "doc" in row:
            data["documents"].add(entity_id(str(row["doc"])))
    vocab = vocabulary()
    rows = store.select(
        """SELECT ?s ?p ?o ?source ?title ?sentence ?start ?end ?exact WHERE {
             ?fact a sg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:evidence ?e .
             FILTER (isIRI(?o) && ?p != rdf:type)
             ?e oa:hasSource ?source ; sg:sentence ?sentence ;
                oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end ; oa:hasSelector/oa:exact ?exact .
             OPTIONAL { ?source dcterms:title ?title }
           }"""
    )
    for row in rows:
        relation = vocab.relation_key(row["p"])  # type: ignore[arg-type]
        if relation is None:
            continue
        subject, obj = entity_id(str(row["s"])), entity_id(str(row["o"]))
        if subject not in network or obj not in network:
            continue
        evidence = {
            "document": entity_id(str(row["source"])),
            "document_title": str(row["title"]) if "title" in row else None,
            "sentence": str(row["sentence"]),
            "start": int(row["start"]),
            "end": int(row["end"]),
            "text": str(row["exact"]),
        }
        if network.has_edge(subject, obj, key=relation):
            known = network.edges[subject, obj, relation]["evidence"]
            if evidence not in known:
                known.append(evidence)
        else:
            network.add_edge(subject, obj, key=relation, relation=relation, evidence=[evidence])
    for row in store.select("""SELECT ?event ?who WHERE { ?event a sg:Event ; sg:participant ?who }"""):
        event, who = entity_id(str(row["event"])), entity_id(str(row["who"]))
        if event in network and who in network and not network.has_edge(event, who, key="participant"):
            network.add_edge(event, who, key="participant", relation="participant", evidence=[])
    for _, data in network.nodes(data=True):
        data["documents"] = sorted(data["documents"])
    # goals of the concept scheme that no text addresses are vocabulary, not part of the network
    network.remove_nodes_from(
        [n for n, d in network.nodes(data=True) if d["kind"] == "goal" and network.degree(n) == 0]
    )
    return network


def _require(network: nx.MultiDiGraph, node: str) -> None:
    if node not in network:
        raise NotFoundError(f"no entity {node!r} in the network")


def explain(network: nx.MultiDiGraph, source: str, target: str) -> list[dict[str, Any]]:
    """The relations between two adjacent nodes, each as a sentence with its evidence."""
    hops = []
    for start, end in ((source, target), (target, source)):
        for relation, data in (network.get_edge_data(start, end) or {}).items():
            label_start, label_end = network.nodes[start]["label"], network.nodes[end]["label"]
            hops.append(
                {
                    "from": start,
                    "to": end,
                    "relation": relation,
                    "sentence": f"{label_start} {PHRASES.get(relation, relation)} {label_end}",
                    "evidence": data["evidence"],
                }
            )
    return hops


def shortest_paths(
    network: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 4, limit: int = 3
) -> list[dict[str, Any]]:
    """Up to ``limit`` shortest connections between two entities (ignoring edge direction), each hop
    explained in a sentence with its evidence.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A", kind="organization"); g.add_node("b", label="B", kind="organization")
    >>> _ = g.add_edge("a", "b", key="member_of", relation="member_of", evidence=[])
    >>> shortest_paths(g, "b", "a")[0]["explanation"]
    'A is a member of B'
    """
    _require(network, source)
    _require(network, target)
    if max_hops < 1:
        raise QueryError("max_hops must be at least 1")
    undirected = nx.Graph()
    for a, b, relation in network.edges(keys=True):
        # a shared source document or event says less than a direct relation: walk them last
        weight = HOP_WEIGHTS.get(relation, 1.0)
        if not undirected.has_edge(a, b) or undirected.edges[a, b]["weight"] > weight:
            undirected.add_edge(a, b, weight=weight)
    try:
        paths = list(islice(nx.shortest_simple_paths(undirected, source, target, weight="weight"), limit * 3))
    except nx.NetworkXNoPath:
        return []
    result = []
    for path in paths:
        if len(path) - 1 > max_hops:
            continue
        if len(result) == limit:
            break
        hops = [explain(network, a, b)[0] for a, b in pairwise(path)]
        result.append(
            {
                "nodes": [
                    {"id": n, "label": network.nodes[n]["label"], "kind": network.nodes[n]["kind"]} for n in path
                ],
                "hops": hops,
                "explanation": "; ".join(hop["sentence"] for hop in hops),
            }
        )
    return result


def neighbourhood(
    network: nx.MultiDiGraph, node: str, *, depth: int = 1, kinds: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """The ego network of ``node`` up to ``depth`` hops (either direction), optionally only some kinds."""
    _require(network, node)
    if depth < 1:
        raise QueryError("depth must be at least 1")
    ego = nx.ego_graph(network, node, radius=depth, undirected=True)
    wanted = set(kinds or [])
    if wanted:
        keep = [n for n, d in ego.nodes(data=True) if d["kind"] in wanted or n == node]
        ego = ego.subgraph(keep).copy()
    return ego


def to_json(network: nx.MultiDiGraph) -> dict[str, Any]:
    """Nodes and edges as JSON-ready lists."""
    return {
        "nodes": [{"id": n, **{k: v for k, v in d.items()}} for n, d in network.nodes(data=True)],
        "edges": [
            {"from": a, "to": b, "relation": key, "evidence": d.get("evidence", [])}
            for a, b, key, d in network.edges(keys=True, data=True)
        ],
    }


@dataclass(frozen=True)
class Scores:
    """Network measures of one node."""

    degree: float
    betweenness: float
    pagerank: float
    community: int
    broker: bool


def measures(network: nx.MultiDiGraph, *, seed: int = 7) -> dict[str, Scores]:
    """Degree centrality, betweenness, PageRank, Louvain community and broker flag of every node.

    A broker reaches into two other communities, or into one while in the top tenth by betweenness.

    >>> g = nx.MultiDiGraph()
    >>> for a, b in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d")]:
    ...     _ = g.add_edge(a, b, key="member_of")
    >>> scores = measures(g)
    >>> max(scores, key=lambda n: scores[n].betweenness) in {"c", "d"}
    True
    """
    if network.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(network)
    degree = nx.degree_centrality(simple)
    nodes = simple.number_of_nodes()
    # exact up to 2,000 nodes; above, sampled from 500 (100 above 20,000) sources
    sample = None if nodes <= 2000 else 500 if nodes <= 20_000 else 100
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=seed)
    pagerank = nx.pagerank(nx.DiGraph(network)) if network.number_of_edges() else {n: 1 / len(simple) for n in simple}
    communities = nx.community.louvain_communities(simple, seed=seed)
    community_of = {
        node: index
        for index, members in enumerate(sorted(communities, key=lambda c: (-len(c), sorted(c))))
        for node in members
    }
    positive = sorted(v for v in betweenness.values() if v > 0)
    threshold = positive[int(len(positive) * 0.9)] if positive else 1.0
    scores = {}
    for node in simple:
        others = {community_of[n] for n in simple.neighbors(node)} - {community_of[node]}
        # a broker reaches into two other communities, or into one while carrying many shortest paths
        broker = len(others) >= 2 or (len(others) == 1 and betweenness[node] >= threshold and betweenness[node] > 0)
        scores[node] = Scores(degree[node], betweenness[node], pagerank[node], community_of[node], broker)
    return scores


def ranking(
    network: nx.MultiDiGraph, scores: dict[str, Scores], *, kinds: Iterable[str] = ("person", "organization")
) -> list[dict[str, Any]]:
    """Stakeholders (persons and organisations by default) ranked by PageRank, then betweenness."""
    wanted = set(kinds)
    rows = [
        {
            "id": node,
            "label": network.nodes[node]["label"],
            "kind": network.nodes[node]["kind"],
            **scores[node].__dict__,
        }
        for node in network
        if network.nodes[node]["kind"] in wanted and node in scores
    ]
    return sorted(rows, key=lambda r: (-r["pagerank"], -r["betweenness"], r["label"]))


def scores_graph(scores: dict[str, Scores]) -> Graph:
    """The scores as RDF (``sg:pageRank`` …) for the analysis named graph, so SPARQL can use them."""
    graph = Graph()
    for node, score in scores.items():
        iri = URIRef(str(DATA) + node) if not node.startswith("http") else URIRef(node)
        graph.add((iri, SG.degreeCentrality, Literal(round(score.degree, 6), datatype=XSD.double)))
        graph.add((iri, SG.betweennessCentrality, Literal(round(score.betweenness, 6), datatype=XSD.double)))
        graph.add((iri, SG.pageRank, Literal(round(score.pagerank, 6), datatype=XSD.double)))
        graph.add((iri, SG.community, Literal(score.community, datatype=XSD.integer)))
    return graph


def export_network(network: nx.MultiDiGraph, fmt: str, out: Any, scores: dict[str, Scores] | None = None) -> None:
    """Write the network as GraphML, GEXF, or CSV (``nodes`` or ``edges``) to a binary file."""
    flat = nx.MultiDiGraph()
    for node, data in network.nodes(data=True):
        extra = scores[node].__dict__ if scores and node in scores else {}
        flat.add_node(node, label=data["label"], kind=data["kind"], documents=" ".join(data["documents"]), **extra)
    for a, b, key, data in network.edges(keys=True, data=True):
        flat.add_edge(a, b, key=key, relation=key, evidence=len(data.get("evidence", [])))
    if fmt == "graphml":
        nx.write_graphml(flat, out)
    elif fmt == "gexf":
        nx.write_gexf(flat, out)
    elif fmt in {"csv", "edges"}:
        _write_csv(out, ["source", "target", "relation", "evidence"],
                   ([a, b, k, d["evidence"]] for a, b, k, d in flat.edges(keys=True, data=True)))  # fmt: skip
    elif fmt == "nodes":
        columns = ["id", "label", "kind", "documents", "degree", "betweenness", "pagerank", "community", "broker"]
        _write_csv(out, columns, ([n, *(d.get(c, "") for c in columns[1:])] for n, d in flat.nodes(data=True)))
    else:
        raise QueryError(f"unknown network format {fmt!r} (graphml, gexf, csv/edges, nodes)")


def _write_csv(out: Any, header: list[str], rows: Iterable[list[Any]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    out.write(text.getvalue().encode("utf-8"))
