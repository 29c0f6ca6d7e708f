"""The SPARQL 1.1 Protocol endpoint at ``/sparql``, a Service Description and a VoID description.

Queries: GET ``?query=``, POST form ``query=``, POST ``application/sparql-query``; ``default-graph-uri``
and ``named-graph-uri`` are honoured; without them the default graph is the union of all document
graphs. Results are negotiated by ``Accept`` (or ``format=`` for browsers); 406 when no offered
type is acceptable. Updates (POST ``application/sparql-update`` or form ``update=``) need the
configured token as a Bearer token. ``SERVICE`` and ``LOAD`` are refused always: the server never
makes an outbound request.
"""

from __future__ import annotations

import hmac
import re
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.problems import Problem
from graph.errors import QueryError
from graph.sparql_text import code_of
from ontology.namespaces import GRAPH

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
FORMAT_NAMES = {
    "json": ("json", "application/sparql-results+json"),
    "xml": ("xml", "application/sparql-results+xml"),
    "csv": ("csv", "text/csv"),
    "tsv": ("tsv", "text/tab-separated-values"),
    "turtle": ("turtle", "text/turtle"),
    "ttl": ("turtle", "text/turtle"),
    "ntriples": ("ntriples", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
    "rdfxml": ("rdfxml", "application/rdf+xml"),
    "trig": ("trig", "application/trig"),
}
MEDIA_OF = {**{v: k for k, v in RESULT_TYPES.items() if k != "application/json" and k != "application/xml"}}
GRAPH_MEDIA_OF = {v: k for k, v in GRAPH_TYPES.items()}

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
# no word boundary after the keyword: Oxigraph reads "LOADSILENT<…>" as LOAD SILENT <…>; only a prefixed
# name ("load:x") is something else
_FORBIDDEN = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w-]*:)", re.IGNORECASE)
_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.IGNORECASE)
_UPDATE = re.compile(r"(?<![\w:?$])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:-])", re.IGNORECASE)


def refuse_outbound(text: str) -> None:
    """SERVICE and LOAD would make this server fetch other URLs (SSRF): never allowed."""
    match = _FORBIDDEN.search(code_of(text))
    if match:
        keyword = match.group(1).upper()
        raise Problem(
            400,
            f"{keyword} is not allowed",
            f"{keyword} would make the server contact another host; stakegraph never does that. "
            "Run federated queries from your own client instead.",
            kind="outbound-request-refused",
        )


def query_form(text: str) -> str:
    """'select', 'ask', 'construct' or 'describe' — the first query keyword after the prologue."""
    match = _FORM.search(code_of(text))
    if not match:
        if _UPDATE.search(code_of(text)):
            raise QueryError("this is a SPARQL update; send it as an update (POST application/sparql-update)")
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return match.group(1).lower()


def _accepted(header: str) -> list[tuple[str, float]]:
    items = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        items.append((fields[0].lower(), quality))
    return sorted(items, key=lambda item: -item[1])


def negotiate(accept: str | None, fmt: str | None, graph: bool) -> tuple[str, str]:
    """The serialisation (name, media type) for the result; Problem 406 when none is acceptable."""
    offered = GRAPH_TYPES if graph else RESULT_TYPES
    if fmt:
        name = FORMAT_NAMES.get(fmt.lower())
        if name is None or (name[0] in GRAPH_TYPES.values()) != graph:
            kinds = "turtle, ntriples, jsonld, rdfxml, trig" if graph else "json, xml, csv, tsv"
            raise Problem(
                406,
                "Format not available",
                f"format={fmt} is not offered here; use one of {kinds}",
                kind="not-acceptable",
            )
        return name
    if not accept:
        default = ("turtle", "text/turtle") if graph else ("json", "application/sparql-results+json")
        return default
    for media, quality in _accepted(accept):
        if quality <= 0:
            continue
        if media in offered:
            name = offered[media]
            return name, (GRAPH_MEDIA_OF if graph else MEDIA_OF).get(name, media)
        if media in {"*/*", "application/*", "text/*"}:
            return ("turtle", "text/turtle") if graph else ("json", "application/sparql-results+json")
    raise Problem(
        406,
        "Not acceptable",
        f"cannot produce any of {accept!r}; offered: {', '.join(offered)}",
        kind="not-acceptable",
    )


def check_token(request: Request) -> None:
    token = request.app.state.settings.token
    if not token:
        raise Problem(
            403,
            "Updates are disabled",
            "this server is read-only: start it with STAKEGRAPH_TOKEN set to allow updates with that Bearer token",
            kind="read-only",
        )
    header = request.headers.get("authorization", "")
    sent = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not hmac.compare_digest(sent.encode(), token.encode()):
        raise Problem(403, "Forbidden", "a valid Bearer token is needed for updates", kind="forbidden")


router = APIRouter()


async def read_body(request: Request) -> bytes:
    """The request body, refused with 413 above the configured size."""
    limit = request.app.state.settings.max_request_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Problem(
            413,
            "Request too large",
            f"the request has {declared} bytes; the limit is {limit:,}",
            kind="request-too-large",
        )
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Problem(
                413, "Request too large", f"the request is larger than {limit:,} bytes", kind="request-too-large"
            )
    return body


@router.api_route("/sparql", methods=["GET", "POST"], include_in_schema=False)
async def sparql(request: Request) -> Response:
    params: dict[str, list[str]] = {k: request.query_params.getlist(k) for k in request.query_params}
    query: str | None = params.get("query", [None])[0]
    update: str | None = None
    if request.method == "POST":
        body = await read_body(request)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        text = body.decode("utf-8", errors="replace")
        if content_type == "application/sparql-query":
            query = text
        elif content_type == "application/sparql-update":
            update = text
        elif content_type == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            query = form.get("query", [query])[0] if "query" in form else query
            update = form["update"][0] if "update" in form else None
        else:
            raise Problem(
                415,
                "Unsupported media type",
                "POST application/sparql-query, application/sparql-update or application/x-www-form-urlencoded",
                kind="unsupported-media-type",
            )
    if update is not None:
        return await _update(request, update)
    if query is None:
        return _service_description(request)
    refuse_outbound(query)
    form = query_form(query)
    graph = form in {"construct", "describe"}
    name, media = negotiate(request.headers.get("accept"), params.get("format", [None])[0], graph)
    executor = request.app.state.executor
    _, body = await executor.run(
        query,
        result_format=name if not graph else "json",
        graph_format=name if graph else "turtle",
        default_graphs=_graph_iris(params, "default-graph-uri"),
        named_graphs=_graph_iris(params, "named-graph-uri"),
    )
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    """The values of ``name``, each an absolute IRI; a 400 problem for anything else."""
    values = params.get(name) or []
    for value in values:
        try:
            ox.NamedNode(value)
            valid = bool(_ABSOLUTE_IRI.match(value))
        except ValueError:
            valid = False
        if not valid:
            raise QueryError(f"{name} must be an absolute IRI, not {value[:80]!r}")
    return values or None


async def _update(request: Request, update: str) -> Response:
    refuse_outbound(update)
    check_token(request)
    store = request.app.state.store
    async with request.app.state.write_lock:
        store.update(update)
        request.app.state.executor.changed()
    return Response(status_code=204)


def _service_description(request: Request) -> Response:
    endpoint = str(request.url_for("sparql"))
    turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query , sd:SPARQL11Update ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML> , <http://www.w3.org/ns/formats/SPARQL_Results_CSV> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV> , <http://www.w3.org/ns/formats/Turtle> ,
        <http://www.w3.org/ns/formats/N-Triples> , <http://www.w3.org/ns/formats/JSON-LD> ,
        <http://www.w3.org/ns/formats/RDF_XML> , <http://www.w3.org/ns/formats/TriG> ;
    sd:feature sd:UnionDefaultGraph ;
    dcterms:description "stakegraph: the default graph is the union of all document graphs." ,
        "SERVICE and LOAD are refused; updates need a Bearer token." ;
    sd:defaultDataset [ a sd:Dataset ; void:sparqlEndpoint <{endpoint}> ;
        sd:defaultGraph [ a sd:Graph ; dcterms:description "union of all named graphs" ] ;
        sd:namedGraph [ a sd:NamedGraph ; sd:name <{GRAPH["ontology"]}> ] ] .
"""
    return Response(turtle, media_type="text/turtle")
