"""The HTTP service, tested through a real uvicorn server on a free localhost port."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from .conftest import EXAMPLE_DIR
from .serving import Server, build, serving

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("api") / "store"
    env = {**os.environ, "STAKEGRAPH_DATA": str(data), "STAKEGRAPH_TOKEN": TOKEN, "STAKEGRAPH_QUERY_TIMEOUT": "2"}
    build([EXAMPLE_DIR], env)
    with serving(env) as server:
        yield server


PERSONS = "SELECT ?name WHERE { ?p a sg:Person ; rdfs:label ?name } ORDER BY ?name"
PREFIXED = "PREFIX sg: <https://w3id.org/stakegraph/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_every_format(server: Server, fmt: str) -> None:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(PREFIXED + PERSONS)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        names = [b["name"]["value"] for b in result["results"]["bindings"]]
        assert names[0] == "Daniel Stadler" and len(names) == 5
    elif fmt == XML:
        assert len(result.getElementsByTagName("result")) == 5
    else:
        lines = result.decode("utf-8").strip().splitlines()
        assert len(lines) == 6
        assert lines[0] == ("name" if fmt == CSV else "?name")
        assert ("Mona Neubaur" if fmt == CSV else '"Mona Neubaur"') in lines


def test_sparqlwrapper_ask_and_construct(server: Server) -> None:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery("ASK { ?x <http://www.w3.org/ns/org#memberOf> ?y }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(PREFIXED + "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a sg:Person ; rdfs:label ?n }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 5


def test_rdflib_sparqlstore_reads_through_the_endpoint(server: Server) -> None:
    graph = Graph(store=SPARQLStore(server.url + "/sparql", returnFormat="json"))
    rows = list(graph.query(PREFIXED + "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a sg:Organization }"))
    assert int(rows[0][0]) == 7


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_content_negotiation_for_select(server: Server, accept: str, media: str) -> None:
    status, headers, _ = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": PERSONS}), headers={"Accept": accept}
    )
    assert status == 200 and headers["content-type"].startswith(media)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/trig", "application/trig"),
    ],
)
def test_content_negotiation_for_construct(server: Server, accept: str, media: str) -> None:
    query = "CONSTRUCT WHERE { ?p a sg:Person }"
    status, headers, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept}
    )
    assert status == 200 and headers["content-type"].startswith(media)
    assert body


def test_post_forms_and_the_format_parameter(server: Server) -> None:
    form = urllib.parse.urlencode({"query": PERSONS, "format": "csv"}).encode()
    status, headers, body = server.request(
        "/sparql", method="POST", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and headers["content-type"].startswith("text/csv") and b"Ines Rainer" in body
    status, headers, body = server.request(
        "/sparql", method="POST", data=PERSONS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and json.loads(body)["results"]["bindings"]


def test_unacceptable_and_bad_requests_are_problems(server: Server) -> None:
    status, headers, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": PERSONS}), headers={"Accept": "image/png"}
    )
    assert status == 406 and headers["content-type"] == "application/problem+json"
    status, headers, body = server.request("/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {"}))
    assert status == 400 and json.loads(body)["title"] == "QueryError"
    status, _, _ = server.request("/sparql", method="POST", data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_named_and_default_graph_parameters(server: Server) -> None:
    graphs = [g["graph"] for g in server.json("/documents")]
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a sg:Person }"
    url = "/sparql?" + urllib.parse.urlencode({"query": query, "default-graph-uri": graphs[0]})
    assert json.loads(server.request(url)[2])["results"]["bindings"][0]["n"]["value"] == "5"
    url = "/sparql?" + urllib.parse.urlencode({"query": query, "default-graph-uri": "https://example.org/none"})
    assert json.loads(server.request(url)[2])["results"]["bindings"][0]["n"]["value"] == "0"
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a sg:Person } }"
    url = "/sparql?" + urllib.parse.urlencode({"query": named, "named-graph-uri": graphs[0]})
    assert [b["g"]["value"] for b in json.loads(server.request(url)[2])["results"]["bindings"]] == graphs[:1]


def test_service_description(server: Server) -> None:
    status, headers, body = server.request("/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert len(graph) > 10
    status, _, body = server.request("/void")
    assert status == 200 and b"void:classPartition" in body


def test_service_and_load_are_refused_and_no_connection_is_made(server: Server) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(3)
    port = listener.getsockname()[1]
    connections: list[object] = []

    def watch() -> None:
        with contextlib.suppress(OSError):
            connections.append(listener.accept())

    watcher = threading.Thread(target=watch)
    watcher.start()
    for query in [
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ service silent <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }} }}",
    ]:
        status, _, body = server.request("/sparql?" + urllib.parse.urlencode({"query": query}))
        assert status == 400 and b"SERVICE" in body
    status, _, body = server.request(
        "/sparql", method="POST", data=f"LOAD <http://127.0.0.1:{port}/data.ttl>".encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )  # fmt: skip
    assert status == 400 and b"LOAD" in body
    watcher.join()
    listener.close()
    assert connections == []


def test_updates_need_the_token(server: Server) -> None:
    update = b"INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 'c' } }"
    headers = {"Content-Type": "application/sparql-update"}
    assert server.request("/sparql", method="POST", data=update, headers=headers)[0] == 403
    wrong = {**headers, "Authorization": "Bearer wrong"}
    assert server.request("/sparql", method="POST", data=update, headers=wrong)[0] == 403
    ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK { <https://example.org/a> ?p ?o }"})
    assert json.loads(server.request(ask)[2])["boolean"] is False
    right = {**headers, "Authorization": f"Bearer {TOKEN}"}
    assert server.request("/sparql", method="POST", data=update, headers=right)[0] == 204
    assert json.loads(server.request(ask)[2])["boolean"] is True
    drop = b"DROP GRAPH <https://example.org/g>"
    assert server.request("/sparql", method="POST", data=drop, headers=right)[0] == 204


def test_a_pathological_query_times_out_while_others_are_served(server: Server) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    outcome: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        outcome["status"], _, outcome["body"] = server.request("/sparql?" + urllib.parse.urlencode({"query": slow}))
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    status, _, body = server.request("/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    quick = time.monotonic() - started
    thread.join()
    assert status == 200 and json.loads(body)["boolean"] is True
    assert quick < 1.5
    assert outcome["status"] == 503
    assert json.loads(outcome["body"])["type"].endswith("/query-timeout")
    assert outcome["seconds"] < 2 + 2
    # the worker was replaced: the service still answers
    assert server.request("/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))[0] == 200


def test_rest_search_entity_and_documents(server: Server) -> None:
    found = server.json("/entities?q=NEUBAUR")
    assert found["results"][0]["id"] == "person/mona-neubaur"
    assert server.json("/entities?q=dusseldorf")["results"][0]["label"] == "Düsseldorf"
    page = server.json("/entities?q=e&limit=2")
    assert len(page["results"]) == 2 and page["next_cursor"]
    following = server.json(f"/entities?q=e&limit=2&cursor={page['next_cursor']}")
    assert {r["id"] for r in following["results"]}.isdisjoint({r["id"] for r in page["results"]})
    entity = server.json("/entities/person/mona-neubaur")
    assert entity["roles"][0]["organization_label"].startswith("Ministerium für Wirtschaft")
    assert entity["roles"][0]["evidence"]["sentence"]
    assert any(f["relation"] == "handed_over_to" for f in entity["facts"])
    documents = server.json("/documents")
    assert len(documents) == 1 and documents[0]["facts"] > 30
    document = server.json(f"/documents/{documents[0]['id']}")
    assert any(f["relation"] == "member_of" for f in document["facts_list"])
    assert {p["name"] for p in document["report"]["persons"]} >= {"Mona Neubaur", "Ines Rainer"}
    assert server.json("/stats")["persons"] == 5


@pytest.mark.parametrize("path", ["/entities/person/nobody", "/entities/../../etc/passwd", "/documents/source/nothing"])
def test_unknown_ids_are_404_problems(server: Server, path: str) -> None:
    status, headers, body = server.request(path)
    assert status == 404 and headers["content-type"] == "application/problem+json"
    assert "Traceback" not in body.decode()


def test_openapi_schema_is_served(server: Server) -> None:
    schema = server.json("/openapi.json")
    assert "/entities" in schema["paths"] and "/entities/{entity_id}" in schema["paths"]


def test_neighbors_and_paths_with_explanations(server: Server) -> None:
    ego = server.json("/entities/org/clusterallianznrw/neighbors?depth=1")
    ids = {n["id"] for n in ego["nodes"]}
    assert {"org/clusterallianznrw", "org/medizinnrw", "document/clusterzukunftnrw"} <= ids
    only = server.json("/entities/org/clusterallianznrw/neighbors?depth=1&types=organization")
    assert {n["kind"] for n in only["nodes"]} == {"organization"}
    found = server.json("/paths?from=person/mona-neubaur&to=org/medizinnrw&max_hops=4")
    best = found["paths"][0]
    assert best["explanation"].startswith("Cluster.Zukunft.NRW was handed over to Mona Neubaur")
    assert all(hop["evidence"] and hop["evidence"][0]["sentence"] for hop in best["hops"])
    assert server.request("/paths?from=person/nobody&to=org/medizinnrw")[0] == 404
    assert server.request("/paths?from=person/mona-neubaur&to=org/medizinnrw&max_hops=0")[0] == 422


def test_named_queries(server: Server) -> None:
    names = {q["name"] for q in server.json("/queries")}
    assert {"speakers", "members", "handed-to", "goal", "document-facts"} <= names
    members = server.json("/queries/members?alliance=org/clusterallianznrw")
    assert {row["memberLabel"] for row in members["rows"]} >= {"Medizin.NRW", "creative.nrw"}
    goal = server.json("/queries/goal?goal=digitalisierung")
    assert goal["rows"] and goal["rows"][0]["holderLabel"] == "Cluster.Zukunft.NRW"
    injection = server.json("/queries/goal?" + urllib.parse.urlencode({"goal": '") } DROP ALL #'}))
    assert injection["rows"] == []
    assert server.request("/queries/members")[0] == 400
    assert server.request("/queries/members?alliance=org/x&colour=blue")[0] == 400
    assert server.request("/queries/nothing")[0] == 404


def test_export_formats(server: Server) -> None:
    status, headers, body = server.request("/export?format=turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) > 1000
    status, headers, body = server.request("/export?format=graphml")
    assert status == 200 and b"<graphml" in body
    status, _, body = server.request("/export?format=csv")
    assert body.decode().splitlines()[0] == "source,target,relation,evidence"
    assert server.request("/export?format=docx")[0] == 422


def test_ontology_as_turtle_and_html(server: Server) -> None:
    status, headers, body = server.request("/ontology")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, headers, body = server.request("/ontology", headers={"Accept": "text/html"})
    assert status == 200 and b"sg:Person" in body and b"<table>" in body


def test_upload_and_delete_round_trip(server: Server) -> None:
    text = (
        "Ulm, 2. Mai 2025\n\nNetzwerk wächst\n\n"
        "„Wir bauen das Netzwerk weiter aus und laden alle ein“, sagte Dr. Karin Probe, Geschäftsführerin der "
        "Beispiel Robotics GmbH."
    ).encode()
    headers = {"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"}
    assert (
        server.request("/documents?name=probe.txt", method="POST", data=text, headers={"Content-Type": "text/plain"})[0]
        == 403
    )
    status, _, body = server.request("/documents?name=probe.txt", method="POST", data=text, headers=headers)
    assert status == 201, body
    created = json.loads(body)
    assert created["report"]["persons"][0]["name"] == "Karin Probe"
    assert server.json("/entities?q=karin%20probe")["results"][0]["id"] == "person/karin-probe"
    assert len(server.json("/documents")) == 2
    status, _, body = server.request(
        f"/documents/{created['id']}", method="DELETE", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert status == 204, body
    assert len(server.json("/documents")) == 1
    assert server.json("/entities?q=karin%20probe")["total"] == 0


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"", "empty.txt"), (b"\x00\x01\x02" * 100, "binary.txt"), (b"%PDF-1.4 not a pdf", "fake.pdf")],
)
def test_bad_uploads_are_problems_and_change_nothing(server: Server, content: bytes, name: str) -> None:
    before = server.json("/stats")
    headers = {"Content-Type": "application/octet-stream", "Authorization": f"Bearer {TOKEN}"}
    status, headers_out, _body = server.request(f"/documents?name={name}", method="POST", data=content, headers=headers)
    assert status == 400 and headers_out["content-type"] == "application/problem+json"
    assert server.json("/stats") == before


def test_oversized_requests_are_refused(server: Server) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            + f"Content-Length: {11 * 1024 * 1024}\r\n\r\nASK {{}}".encode()
        )
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"application/problem+json" in answer


def test_schemathesis_finds_no_server_error(server: Server, tmp_path: Path) -> None:
    """Property-based requests over the whole OpenAPI schema (bounded for CI)."""
    script = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [str(script), "run", f"{server.url}/openapi.json", "--checks", "not_a_server_error", "--max-examples", "15",
         "--phases", "examples,coverage,fuzzing", "--workers", "1", "--seed", "1"],
        capture_output=True,
        cwd=tmp_path,  # its cache goes there, not into the repository
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    assert "passed" in result.stdout


def test_query_page_is_self_contained_and_its_examples_run(server: Server) -> None:
    import re

    from api.page import EXAMPLES
    from ontology.namespaces import sparql_prologue

    status, headers, body = server.request("/")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page)
    assert references and all(ref.startswith("/") for ref in references), references
    assert "textContent" in page and "innerHTML" not in page
    for title, example in EXAMPLES.items():
        query = urllib.parse.urlencode({"query": sparql_prologue() + example})
        status, _, answer = server.request("/sparql?" + query)
        assert status == 200, (title, answer[:300])


def test_cors_is_off_by_default_and_configurable(server: Server) -> None:
    from starlette.middleware.cors import CORSMiddleware

    from api.app import create_app
    from graph.settings import Settings
    from graph.store import OxigraphStore

    _, headers, _ = server.request("/healthz", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in headers}
    assert not any(m.cls is CORSMiddleware for m in create_app(Settings(), OxigraphStore()).user_middleware)
    configured = create_app(Settings(cors_origins=["https://tool.example"]), OxigraphStore())
    middleware = [m for m in configured.user_middleware if m.cls is CORSMiddleware]
    assert middleware and middleware[0].kwargs["allow_origins"] == ["https://tool.example"]


def test_update_by_form_with_the_token(server: Server) -> None:
    form = urllib.parse.urlencode(
        {
            "update": "INSERT DATA { GRAPH <https://example.org/f> { "
            "<https://example.org/x> <https://example.org/y> 1 } }"
        }
    ).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"}
    assert server.request("/sparql", method="POST", data=form, headers=headers)[0] == 204
    form = urllib.parse.urlencode({"update": "DROP GRAPH <https://example.org/f>"}).encode()
    assert server.request("/sparql", method="POST", data=form, headers=headers)[0] == 204


def test_result_size_cap_stops_large_answers(tmp_path: Path) -> None:
    import asyncio

    from api.executor import QueryExecutor
    from api.problems import Problem
    from graph.build import Builder
    from graph.settings import Settings
    from graph.store import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    Builder(store, Settings()).build_paths([EXAMPLE_DIR])

    async def scenario() -> tuple[int, int]:
        executor = QueryExecutor(store, timeout=10, max_bytes=2_000, workers=1)
        await executor.start()
        try:
            small = await executor.run("ASK { ?s ?p ?o }")
            with pytest.raises(Problem) as caught:
                await executor.run("SELECT * WHERE { ?s ?p ?o }")
            return len(small[1]), caught.value.status
        finally:
            await executor.stop()

    size, status = asyncio.run(scenario())
    assert size < 2_000 and status == 413
    store.close()


def test_view_endpoint_returns_the_same_page(server: Server) -> None:
    status, headers, body = server.request("/view?focus=org/medizinnrw&depth=1")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"around Medizin.NRW" in body and b"vis.Network" in body
    assert server.request("/view?focus=nobody-at-all")[0] == 404


def test_query_workers_start_lean(server: Server) -> None:
    """Workers import only pyoxigraph: they start fast, so a new one never eats a query's time budget."""
    import psutil

    assert server.request("/sparql?query=ASK%7B%7D")[0] == 200
    workers = [p for p in psutil.Process(server.process.pid).children() if "spawn_main" in " ".join(p.cmdline())]
    assert len(workers) == 2
    for worker in workers:
        maps = Path(f"/proc/{worker.pid}/maps").read_text()
        assert "spacy" not in maps and "numpy" not in maps
        assert worker.memory_info().rss < 80 * 1024 * 1024


def test_search_folds_sharp_s_and_diacritics() -> None:
    """Found by the fuzzer's state machine: 'Schmidt-Weiß' was not found by its own name."""
    from rdflib import Graph, Literal, URIRef

    from graph import explore
    from graph.store import OxigraphStore
    from ontology.namespaces import RDF, RDFS, SG

    store = OxigraphStore()
    graph = Graph()
    person = URIRef("https://w3id.org/stakegraph/id/person/joerg-schmidt-weiss")
    graph.add((person, RDF.type, SG.Person))
    graph.add((person, RDFS.label, Literal("Jörg Schmidt-Weiß")))
    store.replace_graph("https://example.org/g", graph)
    org = URIRef("https://w3id.org/stakegraph/id/org/dvorak")
    graph.add((org, RDF.type, SG.Organization))
    graph.add((org, RDFS.label, Literal("Dvořák Maschinenbau GmbH")))
    store.replace_graph("https://example.org/g", graph)
    assert explore.search_entities(store, "dvorak maschinenbau")["total"] == 1
    for query in ["Jörg Schmidt-Weiß", "jorg schmidt-weiss", "SCHMIDT-WEISS", "weiß"]:
        assert explore.search_entities(store, query)["total"] == 1, query
    assert explore.search_entities(store, "Weis")["total"] == 1  # a prefix of the folded name


def test_paths_accept_every_node_id_of_the_network(server: Server) -> None:
    """Found by the load test: concept nodes have IRIs as ids, and /paths refused them."""
    status, _, body = server.request("/export?format=csv")
    assert status == 200
    ids = {cell for line in body.decode().splitlines()[1:] for cell in line.split(",")[:2]}
    concept = next((i for i in ids if i.startswith("https://w3id.org/stakegraph/concept/")), None)
    assert concept is not None, "the example links goals to the concept scheme"
    other = next(i for i in ids if i.startswith("org/"))
    query = urllib.parse.urlencode({"from": other, "to": concept, "max_hops": 6})
    status, _, body = server.request(f"/paths?{query}")
    assert status == 200, body
