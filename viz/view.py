"""Interactive network views: one self-contained HTML file that works offline and can be shared.

pyvis builds the nodes and edges; the page itself is stakegraph's own template
(``viz/static/view.html``) with vis-network inlined from pyvis's package, because pyvis's template
links Bootstrap from a CDN and renders some tooltips as HTML. All text from documents travels as
JSON and is written into the page with ``textContent`` only, so a label such as
``<img src=x onerror=…>`` shows as text and never runs.

Above :data:`PHYSICS_LIMIT` nodes the positions are computed with networkx and physics is off, so
that thousands of nodes open and respond quickly.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from graph.analysis import PHRASES, Scores, measures, neighbourhood, project
from graph.errors import NotFoundError
from graph.explore import list_documents, search_entities
from graph.store import Store

TEMPLATE = Path(__file__).resolve().parent / "static" / "view.html"
PHYSICS_LIMIT = 300
COLOURS = {
    "person": "#e4572e",
    "organization": "#17bebb",
    "document": "#f2a900",
    "place": "#76b041",
    "event": "#9c51b6",
    "goal": "#2e86ab",
}
SHAPES = {
    "person": "dot",
    "organization": "diamond",
    "document": "square",
    "place": "triangle",
    "event": "star",
    "goal": "hexagon",
}
MAX_SENTENCES = 12


@dataclass(frozen=True)
class ViewRequest:
    """What to show: everything, or the neighbourhood of one entity; some kinds; some documents."""

    focus: str | None = None
    depth: int = 2
    kinds: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


@cache
def _vis_assets() -> tuple[str, str]:
    base = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (base / "vis-network.min.js").read_text(encoding="utf-8"), (base / "vis-network.css").read_text(
        encoding="utf-8"
    )


def select(network: nx.MultiDiGraph, request: ViewRequest) -> nx.MultiDiGraph:
    """The part of the network a view shows."""
    chosen = neighbourhood(network, request.focus, depth=request.depth) if request.focus else network
    keep = [
        node
        for node, data in chosen.nodes(data=True)
        if (not request.kinds or data["kind"] in request.kinds or node == request.focus)
        and (not request.documents or set(data["documents"]) & set(request.documents) or node == request.focus)
    ]
    return chosen.subgraph(keep).copy()


def _details(network: nx.MultiDiGraph, node: str, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The side panel of a node: roles, memberships, other relations with their sentences, documents."""
    sections: dict[str, list[dict[str, Any]]] = {"Roles": [], "Memberships": [], "Relations": []}
    incident = [*network.out_edges(node, keys=True, data=True), *network.in_edges(node, keys=True, data=True)]
    for seen, (a, b, relation, data) in enumerate(incident):
        text = f"{network.nodes[a]['label']} {PHRASES.get(relation, relation)} {network.nodes[b]['label']}"
        evidence = (data.get("evidence") or [{}])[0]
        item = {
            "text": text,
            "sentence": evidence.get("sentence") if seen < MAX_SENTENCES else None,
            "document": evidence.get("document_title"),
        }
        key = "Roles" if relation == "role_at" else "Memberships" if relation == "member_of" else "Relations"
        sections[key].append(item)
    documents = [
        {"text": titles.get(doc, doc), "sentence": None, "document": None} for doc in network.nodes[node]["documents"]
    ]
    result = [{"title": title, "items": items} for title, items in sections.items() if items]
    if documents:
        result.append({"title": "Mentioned in", "items": documents})
    return result


def _positions(network: nx.MultiDiGraph) -> dict[str, tuple[float, float]] | None:
    count = network.number_of_nodes()
    if count <= PHYSICS_LIMIT:
        return None
    simple = nx.Graph(network)
    if count <= 1500:
        layout = nx.spring_layout(simple, iterations=40, seed=7)
    else:
        layout = nx.spectral_layout(simple)
        # spread the dense centre: spectral layouts pile nodes of one component together
        layout = {n: (x + _jitter(n), y + _jitter(n[::-1])) for n, (x, y) in layout.items()}
    scale = 400 * math.sqrt(count / 50)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in layout.items()}


def _jitter(text: str) -> float:
    return (zlib.crc32(text.encode()) % 1000 - 500) / 50000


def render(
    network: nx.MultiDiGraph,
    *,
    title: str,
    sources: Iterable[dict[str, str]] = (),
    scores: dict[str, Scores] | None = None,
    generated: datetime | None = None,
) -> str:
    """The HTML page of ``network``."""
    scores = scores if scores is not None else measures(network)
    top = max((s.pagerank for s in scores.values()), default=1.0) or 1.0
    positions = _positions(network)
    sources = list(sources)
    titles = {source["id"]: source["title"] for source in sources}
    net = Network(directed=True)
    for node, data in network.nodes(data=True):
        score = scores.get(node)
        extra: dict[str, Any] = {}
        if positions is not None:
            extra = {"x": positions[node][0], "y": positions[node][1], "physics": False}
        net.add_node(
            node,
            label=data["label"],
            color=COLOURS.get(data["kind"], "#999999"),
            shape=SHAPES.get(data["kind"], "dot"),
            size=10 + 30 * ((score.pagerank / top) if score else 0),
            kind=data["kind"],
            documents=list(data["documents"]),
            score=score.pagerank if score else 0,
            details=_details(network, node, titles),
            **extra,
        )
    for a, b, relation, _ in network.edges(keys=True, data=True):
        net.add_edge(a, b, label=relation.replace("_", " "), arrows="to", relation=relation)
    nodes, edges, *_ = net.get_network_data()
    physics = positions is None
    options = {
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "stabilization": {"enabled": physics, "iterations": 150},
            "barnesHut": {"gravitationalConstant": -8000, "springLength": 140},
        },
        "edges": {"smooth": False, "font": {"size": 9, "align": "middle"}, "color": {"color": "#999999"}},
        "nodes": {
            "font": {"size": 14},
            "scaling": {"label": {"enabled": True, "min": 12, "max": 26, "drawThreshold": 3}},
        },
        "interaction": {"hover": True, "navigationButtons": False, "hideEdgesOnDrag": not physics},
        "layout": {"improvedLayout": network.number_of_nodes() <= 150},
    }
    names = ", ".join(s["title"] for s in sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    kinds = sorted({d["kind"] for _, d in network.nodes(data=True)}, key=list(COLOURS).index)
    data = {
        "title": title,
        "caption": f"{network.number_of_nodes()} nodes, {network.number_of_edges()} relations · "
        f"sources: {names or 'none'} · generated {when} by stakegraph",
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "kinds": kinds,
        "colours": COLOURS,
        "documents": sources,
    }
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")  # no "</script>" can close the block
    vis_js, vis_css = _vis_assets()
    parts = {"VIS_CSS": vis_css, "DATA": payload, "VIS_JS": vis_js}
    # one pass: text inserted for one marker is never searched for the others
    return re.sub(
        r"__(VIS_CSS|DATA|VIS_JS)__", lambda match: parts[match.group(1)], TEMPLATE.read_text(encoding="utf-8")
    )


def view_html(store: Store, request: ViewRequest = ViewRequest(), *, generated: datetime | None = None) -> str:
    """The page for ``request`` over everything in ``store``."""
    network = project(store)
    if request.focus is not None and request.focus not in network:
        found = search_entities(store, request.focus, limit=1)["results"]
        if not found:
            raise NotFoundError(f"no entity matches {request.focus!r}")
        request = ViewRequest(found[0]["id"], request.depth, request.kinds, request.documents)
    chosen = select(network, request)
    shown = {doc for _, d in chosen.nodes(data=True) for doc in d["documents"]}
    sources = [{"id": d["id"], "title": d["title"] or d["id"]} for d in list_documents(store) if d["id"] in shown]
    title = (
        f"stakegraph · around {network.nodes[request.focus]['label']}"
        if request.focus
        else "stakegraph · stakeholder network"
    )
    return render(chosen, title=title, sources=sources, generated=generated)
