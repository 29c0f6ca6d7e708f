"""The REST API: search, entity pages, documents, statistics and health (JSON)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import tempfile
from html import escape
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from api.problems import Problem
from api.sparql import check_token, read_body
from graph import analysis, explore
from graph.build import Builder, Processed
from graph.ingest import SUPPORTED_SUFFIXES, SourceDocument, parse_bytes
from graph.iris import source_iri, source_slug
from graph.named_queries import named_queries, run_named_query
from graph.stats import store_stats
from ontology.files import ONTOLOGY_FILE, ontology_graph
from ontology.namespaces import RDFS, SG, SKOS
from viz.view import ViewRequest, view_html

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
    graph = network(request)
    for identifier in (source, target):
        if identifier not in graph:  # network ids include concept IRIs ("https://w3id.org/stakegraph/concept/…")
            explore.entity_iri(identifier)
    found = analysis.shortest_paths(graph, source, target, max_hops=max_hops)
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


@router.get("/queries", tags=["queries"], summary="Named queries for people who don't write SPARQL")
async def queries() -> list[dict[str, Any]]:
    return [query.to_json() for query in named_queries().values()]


@router.get(
    "/queries/{name}",
    tags=["queries"],
    summary="Run a named query; its parameters go in the query string",
    description="Example: `/queries/members?alliance=org/beispiel-allianz`. Values are bound as typed RDF terms.",
)
async def run_query(request: Request, name: str) -> dict[str, Any]:
    values = {k: v for k, v in request.query_params.items()}
    return run_named_query(request.app.state.store, name, values)


@router.post(
    "/documents",
    tags=["documents"],
    status_code=201,
    responses={200: {"description": "With `skip_unchanged`: the stored document has this content already"}},
    summary="Upload a source document (token required); returns the extraction report",
    description=(
        "Send the file as the request body with its Content-Type (text/plain, text/markdown, text/html, "
        "application/pdf) and its file name in `name`: `curl --data-binary @release.pdf -H 'Content-Type: "
        "application/pdf' -H 'Authorization: Bearer …' 'http://127.0.0.1:8000/documents?name=release.pdf'`. "
        "A document of the same name is replaced."
    ),
)
async def upload(
    request: Request,
    name: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[\w.\- ]+$", examples=["release.txt"])],
    skip_unchanged: Annotated[
        bool, Query(description="Answer 200 without rebuilding when the stored document has the same content.")
    ] = False,
) -> Response:
    check_token(request)
    state = request.app.state
    body = await read_body(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    known = SUPPORTED_SUFFIXES.values()
    media_type = content_type if content_type in known else SUPPORTED_SUFFIXES.get(suffix, "text/plain")
    # reading a PDF and extracting take CPU time: off the event loop, so other requests go on
    source = await asyncio.to_thread(
        parse_bytes,
        body,
        name=name,
        media_type=media_type,
        max_chars=state.settings.max_text_chars,
        max_pdf_seconds=state.settings.max_pdf_seconds,
        path=f"upload:{name}",
    )
    async with state.write_lock:
        processed = await asyncio.to_thread(_build_upload, state, source, skip_unchanged)
        if processed.outcome.status == "built":
            state.executor.changed()
    payload = {
        "id": explore.entity_id(str(source_iri(source_slug(source.name)))),
        "status": processed.outcome.status,
        "graph": processed.outcome.graph,
        "facts": processed.outcome.facts,
        "warnings": processed.outcome.warnings,
        "report": processed.report,
    }
    return Response(
        json.dumps(payload, ensure_ascii=False, default=str),
        status_code=201 if processed.outcome.status == "built" else 200,
        media_type="application/json",
    )


def _build_upload(state: Any, source: SourceDocument, skip_unchanged: bool) -> Processed:
    """Extract an uploaded source and replace its graph; a document that cannot be built is a 400 problem."""
    builder = Builder(state.store, state.settings)
    processed = builder.processor.process_source(source, builder.stored_hashes(), force=not skip_unchanged, report=True)
    if processed.outcome.status == "skipped":
        return processed
    if processed.outcome.status != "built" or processed.ntriples is None or processed.outcome.graph is None:
        raise Problem(
            400, "Document not built", processed.outcome.message or "the document could not be built", kind="bad-input"
        )
    builder.ensure_vocabularies()
    state.store.replace_graph(processed.outcome.graph, processed.ntriples)
    return processed


@router.delete(
    "/documents/{document_id:path}",
    tags=["documents"],
    status_code=204,
    summary="Retract a document: exactly its facts leave the store (token required)",
)
async def delete_document(request: Request, document_id: str) -> Response:
    check_token(request)
    state = request.app.state
    document = explore.document_details(state.store, document_id)
    async with state.write_lock:
        state.store.remove_graph(document["graph"])
        state.executor.changed()
    return Response(status_code=204)


EXPORT_MEDIA = {
    "turtle": "text/turtle",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "csv": "text/csv",
}


@router.get("/export", tags=["service"], summary="The whole graph as a file (RDF, GraphML, GEXF or CSV edges)")
async def export(
    request: Request,
    format: Annotated[str, Query(pattern="^(turtle|trig|nquads|ntriples|jsonld|graphml|gexf|csv)$")] = "trig",
) -> Response:
    state = request.app.state
    buffer = io.BytesIO()
    if format in {"graphml", "gexf", "csv"}:
        graph = nx.MultiDiGraph()
        for node, data in network(request).nodes(data=True):
            graph.add_node(node, label=data["label"], kind=data["kind"], documents=" ".join(data["documents"]))
        for a, b, key, data in network(request).edges(keys=True, data=True):
            graph.add_edge(a, b, key=key, relation=key, evidence=len(data.get("evidence", [])))
        if format == "graphml":
            nx.write_graphml(graph, buffer)
        elif format == "gexf":
            nx.write_gexf(graph, buffer)
        else:
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(["source", "target", "relation", "evidence"])
            for a, b, key, data in graph.edges(keys=True, data=True):
                writer.writerow([a, b, key, data["evidence"]])
            buffer.write(text.getvalue().encode("utf-8"))
    else:
        # RDF can be large: spool it to a temporary file (memory stays bounded) and stream that
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (closed by _chunks)
        await asyncio.to_thread(state.store.export, spool, format)
        spool.seek(0)
        return StreamingResponse(
            _chunks(spool),
            media_type=EXPORT_MEDIA[format],
            headers={"Content-Disposition": f'attachment; filename="{_filename(format)}"'},
        )
    return Response(
        buffer.getvalue(),
        media_type=EXPORT_MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{_filename(format)}"'},
    )


def _filename(format: str) -> str:
    return "stakegraph." + {"turtle": "ttl", "ntriples": "nt", "nquads": "nq"}.get(format, format)


def _chunks(spool: Any, size: int = 1024 * 1024) -> Any:
    try:
        while chunk := spool.read(size):
            yield chunk
    finally:
        spool.close()


@router.get("/ontology", tags=["service"], summary="The stakegraph ontology (Turtle, or HTML for browsers)")
async def ontology(request: Request) -> Response:
    if "text/html" not in request.headers.get("accept", ""):
        return Response(ONTOLOGY_FILE.read_text(encoding="utf-8"), media_type="text/turtle")
    graph = ontology_graph()
    rows = []
    for term in sorted({s for s in graph.subjects() if str(s).startswith(str(SG))}):
        labels = {label.language: str(label) for label in graph.objects(term, RDFS.label)}
        definition = str(graph.value(term, SKOS.definition) or "")
        parents = ", ".join(
            escape(str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for p in graph.objects(term, RDFS.subClassOf)
        )
        name = escape(str(term).rsplit("#", 1)[-1])
        rows.append(
            f"<tr><td><code>sg:{name}</code></td><td>{escape(labels.get('de', ''))}</td>"
            f"<td>{escape(labels.get('en', ''))}</td><td>{escape(definition)}</td><td>{parents}</td></tr>"
        )
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>stakegraph ontology</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{border-bottom:1px solid #ddd;padding:4px;text-align:left}"
        "</style></head><body><h1>stakegraph ontology</h1>"
        "<p>Turtle: request this URL without <code>Accept: text/html</code>.</p><table><tr><th>term</th>"
        "<th>Deutsch</th><th>English</th><th>definition</th><th>specialises</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
    return Response(page, media_type="text/html")


@router.get(
    "/view",
    tags=["views"],
    summary="The interactive network view (HTML, self-contained)",
    response_class=Response,
)
async def view(
    request: Request,
    focus: Annotated[str | None, Query(max_length=300, description="Entity id or name")] = None,
    depth: Annotated[int, Query(ge=1, le=6)] = 2,
    types: Annotated[list[str] | None, Query(description="Kinds to show")] = None,
    documents: Annotated[list[str] | None, Query(description="Source document ids to show")] = None,
) -> Response:
    page = await asyncio.to_thread(
        view_html, request.app.state.store, ViewRequest(focus, depth, tuple(types or ()), tuple(documents or ()))
    )
    return Response(page, media_type="text/html")
