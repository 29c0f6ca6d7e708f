"""The REST API: search, entity pages, documents, statistics and health (JSON)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from graph import explore
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
                        "query": "neubaur",
                        "total": 1,
                        "next_cursor": None,
                        "results": [
                            {
                                "id": "person/mona-neubaur",
                                "label": "Mona Neubaur",
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
    q: Annotated[str, Query(min_length=1, max_length=200, description="Search text", examples=["Neubaur"])],
    type: Annotated[str | None, Query(description="person, organization, document, place or event")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=40, description="next_cursor of the previous page")] = None,
) -> dict[str, Any]:
    return explore.search_entities(request.app.state.store, q, entity_type=type, limit=limit, cursor=cursor)


@router.get(
    "/entities/{entity_id:path}",
    tags=["entities"],
    summary="Everything about one entity, each fact with its evidence",
    description="Ids are the IRI path below https://w3id.org/stakegraph/id/, e.g. `person/mona-neubaur`.",
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
