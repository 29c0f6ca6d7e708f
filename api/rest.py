"""The REST API: search, entity pages, documents, statistics and health (JSON)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from graph import analysis, explore
from graph.stats import store_stats

router = APIRouter()


@router.get("/healthz", tags=["service"], summary="Liveness and the size of the store")
async def healthz(request: Request) -> dict[str, Any]:
    store = request.app.state.store
    return {"status": "ok", "graphs": len(store.graph_names())}


@router.get("/stats", tags=["service"], summary="Counts of documents, triples, entities per class")
async def stats(request: Request) -> dict[str, Any]:
    return store_stats(request.app.state.store)


@router.get(
    "/entities",
    tags=["entities"],
    summary="Search entities by label and alias",
    description="Case- and diacritic-insensitive; ranked (exact, prefix, word, anywhere); paginated with `cursor`.",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "query": "weber",
                        "total": 1,
                        "next_cursor": None,
                        "results": [
                            {
                                "id": "person/karin-weber",
                                "label": "Karin Weber",
                                "types": ["Agent", "Person"],
                                "score": 2.0,
                            }
                        ],
                    }
                }
            }
        }
    },
)
async def entities(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Search text", examples=["Weber"])],
    type: Annotated[str | None, Query(description="person, organization, document, place or event")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=40, description="next_cursor of the previous page")] = None,
) -> dict[str, Any]:
    return explore.search_entities(request.app.state.store, q, entity_type=type, limit=limit, cursor=cursor)


def network(request: Request) -> Any:
    """The stakeholder network, projected once per state of the store."""
    state = request.app.state
    generation = state.executor.generation
    cached = getattr(state, "network", None)
    if cached is None or cached[0] != generation:
        state.network = (generation, analysis.project(state.store))
    return state.network[1]


@router.get(
    "/entities/{entity_id:path}/neighbors",
    tags=["entities"],
    summary="The network around an entity",
    description="Nodes within `depth` hops (either direction) and the relations between them, with evidence.",
)
async def neighbors(
    request: Request,
    entity_id: str,
    depth: Annotated[int, Query(ge=1, le=4)] = 1,
    types: Annotated[
        list[str] | None, Query(description="Keep only these kinds: person, organization, document, place, event, goal")
    ] = None,
) -> dict[str, Any]:
    explore.entity_iri(entity_id)  # rejects malformed ids
    return analysis.to_json(analysis.neighbourhood(network(request), entity_id, depth=depth, kinds=types))


@router.get(
    "/paths",
    tags=["entities"],
    summary="Shortest connections between two stakeholders, each hop explained with its evidence",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "paths": [
                            {
                                "explanation": "Industrie 2030 was handed over to Karin Weber; "
                                "Verband Deutscher Beispielbauer authored Industrie 2030",
                            }
                        ]
                    }
                }
            }
        }
    },
)
async def paths(
    request: Request,
    source: Annotated[str, Query(alias="from", min_length=3, max_length=300, examples=["person/karin-weber"])],
    target: Annotated[
        str, Query(alias="to", min_length=3, max_length=300, examples=["org/verband-deutscher-beispielbauer"])
    ],
    max_hops: Annotated[int, Query(ge=1, le=8)] = 4,
) -> dict[str, Any]:
    explore.entity_iri(source)
    explore.entity_iri(target)
    found = analysis.shortest_paths(network(request), source, target, max_hops=max_hops)
    return {"from": source, "to": target, "paths": found}


@router.get(
    "/entities/{entity_id:path}",
    tags=["entities"],
    summary="Everything about one entity, each fact with its evidence",
    description="Ids are the IRI path below https://w3id.org/stakegraph/id/, e.g. `person/karin-weber`.",
)
async def entity(request: Request, entity_id: str) -> dict[str, Any]:
    return explore.entity_details(request.app.state.store, entity_id)


@router.get("/documents", tags=["documents"], summary="The source documents in the store")
async def documents(request: Request) -> list[dict[str, Any]]:
    return explore.list_documents(request.app.state.store)


@router.get("/documents/{document_id:path}", tags=["documents"], summary="One document with its facts and evidence")
async def document(request: Request, document_id: str) -> dict[str, Any]:
    return explore.document_details(request.app.state.store, document_id)


@router.get("/void", tags=["service"], summary="VoID description of the dataset (Turtle)")
async def void(request: Request) -> Response:
    store = request.app.state.store
    classes = store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c")
    properties = store.select("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
    triples = store_stats(store)["triples"]
    endpoint = str(request.url_for("sparql"))
    lines = [
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "",
        "<#dataset> a void:Dataset ;",
        f"    void:sparqlEndpoint <{endpoint}> ;",
        f"    void:triples {triples} ;",
    ]
    parts = [f"    void:classPartition [ void:class <{r['c']}> ; void:entities {int(r['n'])} ]" for r in classes]
    parts += [
        f"    void:propertyPartition [ void:property <{r['p']}> ; void:triples {int(r['n'])} ]" for r in properties
    ]
    lines.append(" ;\n".join(parts) + " ." if parts else "    void:triples 0 .")
    return Response("\n".join(lines) + "\n", media_type="text/turtle")
