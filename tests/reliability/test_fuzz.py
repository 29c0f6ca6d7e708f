"""Fuzzing the HTTP service: hypothesis over the SPARQL endpoint's input handling, stateful API sequences.

Everything runs against a real ``stakegraph serve`` (uvicorn, query worker processes, on-disk store built
from the bundled example) on a free localhost port, with a query timeout of 2 s and an update token.

Proven, for every generated input:

* ``/sparql`` never answers 5xx except the documented timeout (503, problem type ``query-timeout``), for
  arbitrary text and bytes as a query (GET ``query=``, POST form, POST ``application/sparql-query``, other
  methods) and for SPARQL-shaped text from a grammar (every query form, nesting up to 20,000 levels, odd
  IRIs and prefixed names, literals with quotes, escapes, newlines and Unicode, unbalanced brackets,
  comments, SERVICE/LOAD), with random ``Accept``, ``format``, ``default-graph-uri`` and
  ``named-graph-uri``;
* every 4xx (and the 503) is an ``application/problem+json`` body with exactly the fields that
  ``api/problems.py`` produces (``type``, ``title``, ``status``, ``detail``) and a 200 has a media type the
  endpoint offers;
* updates without the token (none, wrong, malformed, or the token sent anywhere but the ``Authorization``
  header) are refused and never change the store (hash of the whole dataset), nor do LOAD/SERVICE
  updates sent with the token;
* SERVICE and LOAD never make a connection (a listening socket on localhost is their target and must
  never be contacted);
* the service still answers ``/healthz`` and a query after each of these tests;
* sequences of calls keep the store consistent: schemathesis's stateful phase over the OpenAPI schema
  (links inferred by schemathesis; uploads get a real press release as body) and a hand-written state
  machine (upload with the token, read back through ``/documents``, ``/entities`` and SPARQL, delete,
  check it is gone) never see a 5xx, and once their uploads are deleted the dataset is byte-for-byte the
  one before.

Bounded for CI (``STAKEGRAPH_FUZZ_EXAMPLES`` unset: 100 examples per property, fewer for the state
machines, derandomised so that every run tries the same inputs; about 25 s when nothing fails). A longer
run on demand, with fresh random examples each time (1,000 examples: about 4 minutes)::

    STAKEGRAPH_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -s tests/reliability/test_fuzz.py

The builder's own fuzzing (arbitrary Unicode never crashes it, evidence offsets always slice the quoted
text) is in ``tests/test_build.py``; schemathesis's stateless phases in ``tests/test_api.py``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import socket
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx
import pyoxigraph
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from graph.iris import source_slug
from tests.conftest import EXAMPLE_DIR
from tests.serving import Server, build, serving

TOKEN = "fuzz-token-0123456789abcdef"
QUERY_TIMEOUT = 2  # seconds, STAKEGRAPH_QUERY_TIMEOUT of the server under test
LONG_RUN = "STAKEGRAPH_FUZZ_EXAMPLES" in os.environ
EXAMPLES = max(1, int(os.environ.get("STAKEGRAPH_FUZZ_EXAMPLES", "100")))
PROBLEM_BASE = "https://w3id.org/stakegraph/problems/"
TIMEOUT_TYPE = PROBLEM_BASE + "query-timeout"
PROBLEM_FIELDS = {"type", "title", "status", "detail"}
RESULT_MEDIA = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
GRAPH_MEDIA = {
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/trig",
    "application/n-quads",
}
MAX_GET_URL = 8_000  # longer queries go by POST: URLs that long are refused by clients and proxies anyway
#: Placeholders in generated text, replaced before sending (the values are known only at run time).
LISTENER = "LISTENER-PORT"
DOCUMENT_GRAPH = "DOCUMENT-GRAPH"


def fuzz_settings(examples: int = EXAMPLES, *, sequences: bool = False, **extra: Any) -> settings:
    """Hypothesis settings of this module: no deadline, no example database, derandomised unless on demand.

    A failing sequence of calls is shrunk in the long run only: replaying uploads hundreds of times would take
    the bounded run minutes (its failing sequence is printed as found, a dozen steps at most)."""
    if sequences and not LONG_RUN:
        extra["phases"] = [phase for phase in Phase if phase not in {Phase.shrink, Phase.explain}]
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=not LONG_RUN,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
        **extra,
    )


# --------------------------------------------------------------------------------------------------
# The server, a listener that SERVICE/LOAD must never reach, and helpers


@dataclass
class Listener:
    """A TCP socket on localhost that records every connection made to it."""

    port: int
    connections: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """A local port that SERVICE and LOAD targets point at; a thread accepts and records connections."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    found = Listener(sock.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                with contextlib.suppress(OSError):
                    found.connections.append(connection.recv(2000).decode("latin-1"))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join(timeout=5)
    sock.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``stakegraph serve`` over an on-disk store built from the bundled example, with a token."""
    data = tmp_path_factory.mktemp("fuzz") / "store"
    env = {
        **os.environ,
        "STAKEGRAPH_DATA": str(data),
        "STAKEGRAPH_TOKEN": TOKEN,
        "STAKEGRAPH_QUERY_TIMEOUT": str(QUERY_TIMEOUT),
    }
    build([EXAMPLE_DIR], env)
    with serving(env) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as session:
        yield session


@dataclass(frozen=True)
class Dataset:
    """Everything in the store: its quads (N-Quads lines) and the names of its graphs (empty ones included)."""

    quads: frozenset[bytes]
    graphs: frozenset[str]


def dataset(client: httpx.Client) -> Dataset:
    """The store's dataset, read through the service (export and SPARQL)."""
    response = client.get("/export", params={"format": "nquads"})
    assert response.status_code == 200, response.text[:500]
    graphs = select(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    return Dataset(frozenset(response.content.splitlines()), frozenset(row["g"]["value"] for row in graphs))


@dataclass(frozen=True)
class Baseline:
    """The store as built: its dataset, its documents and the labels of its persons and organisations."""

    dataset: Dataset
    documents: frozenset[str]
    graph: str
    names: frozenset[str]


def changes(client: httpx.Client, baseline: Baseline) -> str | None:
    """How the store differs from the store as built (None: not at all).

    A difference is undone at once (with the token) so that the next example, and the next test, start from
    the store as built again: otherwise one bug would fail every later example and confuse the shrinking."""
    now, then = dataset(client), baseline.dataset
    if now == then:
        return None
    added, removed = now.quads - then.quads, then.quads - now.quads
    new_graphs, lost_graphs = now.graphs - then.graphs, then.graphs - now.graphs
    report = (
        f"{len(added)} quads added {sorted(added)[:3]}, {len(removed)} removed {sorted(removed)[:3]}, "
        f"graphs created {sorted(new_graphs)}, graphs lost {sorted(lost_graphs)}"
    )
    parse = partial(pyoxigraph.parse, format=pyoxigraph.RdfFormat.N_QUADS)

    def data(lines: frozenset[bytes]) -> str:
        return " ".join(
            f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
            if isinstance(q.graph_name, pyoxigraph.NamedNode)
            else f"{q.subject} {q.predicate} {q.object} ."
            for q in parse(b"\n".join(lines))
        )

    operations = [f"DROP SILENT GRAPH <{g}>" for g in sorted(new_graphs)]
    operations += [f"DELETE DATA {{ {data(added)} }}"] if added else []
    operations += [f"INSERT DATA {{ {data(removed)} }}"] if removed else []
    operations += [f"CREATE SILENT GRAPH <{g}>" for g in sorted(lost_graphs)]
    response = client.post(
        "/sparql",
        content=" ;\n".join(operations).encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204 and dataset(client) == then, f"cannot undo: {report}" + describe(response)
    return report


def select(client: httpx.Client, query: str) -> list[dict[str, Any]]:
    """The bindings of a SELECT through the endpoint."""
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text[:500]
    return response.json()["results"]["bindings"]


def warm_up(client: httpx.Client) -> None:
    """Wait until the query workers have answered a few queries (they start after ``/healthz`` does)."""
    deadline = time.monotonic() + 60
    answered = 0
    while answered < 4:
        response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        answered = answered + 1 if response.status_code == 200 else 0
        assert time.monotonic() < deadline, describe(response)


@pytest.fixture(scope="module")
def baseline(client: httpx.Client) -> Baseline:
    """The store before any fuzzing; every test ends with the same dataset."""
    warm_up(client)
    documents = client.get("/documents").json()
    names = select(
        client, "SELECT DISTINCT ?l WHERE { VALUES ?c { sg:Person sg:Organization } ?x a ?c ; rdfs:label ?l }"
    )
    assert len(documents) == 1 and names
    return Baseline(
        dataset=dataset(client),
        documents=frozenset(d["id"] for d in documents),
        graph=documents[0]["graph"],
        names=frozenset(row["l"]["value"] for row in names),
    )


def describe(response: httpx.Response) -> str:
    """The request and its answer, for assertion messages (what to replay with curl)."""
    request = response.request
    sent = request.content[:600] if request.content else b""
    return (
        f"\n{request.method} {str(request.url)[:600]}\nrequest headers: {dict(request.headers)}\nrequest body: {sent!r}"
        f"\n-> {response.status_code} {response.headers.get('content-type')}\n{response.text[:800]}"
    )


def check_problem(response: httpx.Response) -> dict[str, Any]:
    """The body is an RFC 9457 problem exactly as ``api/problems.py`` writes it; returns it."""
    context = describe(response)
    assert response.headers.get("content-type") == "application/problem+json", context
    body = response.json()
    assert isinstance(body, dict) and set(body) == PROBLEM_FIELDS, context
    assert body["status"] == response.status_code, context
    assert isinstance(body["type"], str) and body["type"].startswith(PROBLEM_BASE), context
    assert body["type"] != PROBLEM_BASE, context
    assert isinstance(body["title"], str) and body["title"], context
    assert isinstance(body["detail"], str) and body["detail"], context
    assert "Traceback" not in body["detail"], context
    return body


def check_answer(response: httpx.Response) -> str:
    """``/sparql``: no 5xx but the documented timeout; every error a problem; a success in an offered media type.

    Returns the outcome (status and problem kind) for the summary printed at the end of a test."""
    status = response.status_code
    if status >= 500:
        assert status == 503, describe(response)
        assert check_problem(response)["type"] == TIMEOUT_TYPE, describe(response)
        return "503 query-timeout"
    if status >= 400:
        return f"{status} {check_problem(response)['type'].removeprefix(PROBLEM_BASE)}"
    if status == 200:
        media = response.headers.get("content-type", "").split(";")[0].strip()
        assert media in RESULT_MEDIA | GRAPH_MEDIA, describe(response)
        return f"200 {media}"
    assert status == 204, describe(response)
    return "204"


def check_rest(response: httpx.Response) -> None:
    """The REST API: never a 5xx, every error a problem."""
    assert response.status_code < 500, describe(response)
    if response.status_code >= 400:
        check_problem(response)


def check_no_connection(listener: Listener, response: httpx.Response | None = None) -> None:
    """Nothing has connected to the listener (since its record was last cleared)."""
    assert listener.connections == [], f"the server connected to the listener: {listener.connections}" + (
        describe(response) if response is not None else ""
    )


def check_still_serving(client: httpx.Client) -> None:
    """``/healthz`` answers, and so do queries on both query workers (replaced ones included)."""
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok", describe(health)
    for _ in range(3):
        response = client.get("/sparql", params={"query": "ASK { ?s a sg:Person }"})
        assert response.status_code == 200 and response.json()["boolean"] is True, describe(response)


# --------------------------------------------------------------------------------------------------
# Requests to /sparql


@dataclass(frozen=True)
class SparqlRequest:
    """One request to ``/sparql``: how the text travels, and the protocol's other parameters."""

    text: str | bytes
    transport: str  # get, form, body, update-body, update-form, method:<VERB>
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    content_type: str | None = None


def substitute(text: str | bytes, values: dict[str, str]) -> str | bytes:
    """``text`` with each placeholder replaced by its value."""
    for placeholder, value in values.items():
        if isinstance(text, bytes):
            text = text.replace(placeholder.encode(), value.encode())
        else:
            text = text.replace(placeholder, value)
    return text


def send(client: httpx.Client, request: SparqlRequest, values: dict[str, str]) -> httpx.Response:
    """Send ``request`` with its placeholders replaced by ``values``."""
    text = substitute(request.text, values)
    params: list[tuple[str, str]] = list(request.params)
    params += [("default-graph-uri", str(substitute(g, values))) for g in request.default_graphs]
    params += [("named-graph-uri", str(substitute(g, values))) for g in request.named_graphs]
    if request.format is not None:
        params.append(("format", request.format))
    headers = dict(request.headers)
    if request.accept is not None:
        headers["Accept"] = request.accept
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    transport, url, body = request.transport, "/sparql", b""
    if transport == "get":
        url = "/sparql?" + urllib.parse.urlencode([("query", raw), *params])
        if len(url) > MAX_GET_URL:
            transport = "form"
    if transport in {"form", "update-form"}:
        key = "query" if transport == "form" else "update"
        headers["Content-Type"] = request.content_type or "application/x-www-form-urlencoded"
        url, body = "/sparql", urllib.parse.urlencode([(key, raw), *params]).encode()
    elif transport != "get":
        if transport.startswith("method:"):
            headers.setdefault("Content-Type", "application/sparql-query")
        else:
            default = "application/sparql-query" if transport == "body" else "application/sparql-update"
            headers["Content-Type"] = default if request.content_type is None else request.content_type
        url, body = "/sparql" + ("?" + urllib.parse.urlencode(params) if params else ""), raw
    method = "GET" if transport == "get" else "POST"
    if transport.startswith("method:"):
        method = transport.split(":", 1)[1]
    headers = {name: value.strip() for name, value in headers.items()}  # HTTP clients refuse padded values
    return client.request(method, url, content=body or None, headers=headers)


ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
MEDIA_TYPES = [
    *sorted(RESULT_MEDIA | GRAPH_MEDIA),
    "application/json",
    "application/xml",
    "text/html",
    "image/png",
    "*/*",
    "text/*",
    "application/*",
    "",
]


@st.composite
def accept_headers(draw: st.DrawFn) -> str:
    """Accept headers: offered and other types, wildcards, odd and broken quality values, garbage."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.text(ASCII, max_size=60))
    items = []
    for _ in range(draw(st.integers(1, 4))):
        media = draw(st.sampled_from(MEDIA_TYPES))
        quality = draw(
            st.sampled_from(["", "", "", ";q=1", ";q=0.5", ";level=1", ";q=0", ";q=x", ";q=", ";q=nan", ";q=-1"])
        )
        items.append(media + quality)
    return draw(st.sampled_from([",", ", ", ",,", " , "])).join(items)


FORMATS = st.one_of(
    st.sampled_from(["json", "xml", "csv", "tsv", "turtle", "ttl", "ntriples", "jsonld", "rdfxml", "trig"]),
    st.sampled_from(["JSON", "Turtle", "nquads", "html", "", "json;q=1", "../json"]),
    st.text(ASCII, max_size=12),
)
GRAPH_URIS = st.one_of(
    st.sampled_from(
        [
            DOCUMENT_GRAPH,
            "https://w3id.org/stakegraph/graph/ontology",
            "https://example.org/none",
            "urn:x-stakegraph:nothing",
            f"http://127.0.0.1:{LISTENER}/graph",
        ]
    ),
    st.sampled_from(["", "not an iri", "<https://example.org/g>", "relative/path", "http://exa mple.org/", "ä"]),
    st.text(max_size=30),
)


@st.composite
def protocol_parameters(draw: st.DrawFn, rarely: int = 1) -> dict[str, Any]:
    """Accept, ``format``, ``default-graph-uri`` and ``named-graph-uri``, each present or not (``rarely`` times
    less often: many of them are refused before the query runs, and the grammar's queries should run)."""

    def present(odds: int) -> bool:
        return draw(st.integers(0, odds * rarely - 1)) == 0

    return {
        "accept": draw(accept_headers()) if present(3) else None,
        "format": draw(st.none() | FORMATS) if present(4) else None,
        "default_graphs": tuple(draw(st.lists(GRAPH_URIS, max_size=2))) if present(4) else (),
        "named_graphs": tuple(draw(st.lists(GRAPH_URIS, max_size=2))) if present(5) else (),
    }


# --------------------------------------------------------------------------------------------------
# SPARQL-shaped text


def casing(word: str) -> st.SearchStrategy[str]:
    alternating = "".join(c.lower() if i % 2 else c for i, c in enumerate(word))
    return st.sampled_from([word, word.lower(), word.capitalize(), alternating])


def mostly(valid: st.SearchStrategy[str], odd: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``valid`` 29 times in 30, else ``odd`` (syntax the parser must refuse, or a corner of it): a query has
    a few dozen tokens, and most of them should parse so that the evaluation is fuzzed too."""
    return st.integers(0, 29).flatmap(lambda i: odd if i == 29 else valid)


VARIABLES = mostly(
    st.sampled_from(["?s", "?p", "?o", "?x", "?s", "?o", "$x", "?g", "?n"]),
    st.sampled_from(["?ä", "?_1", "?SELECT", "?", "$", "??x", "?x-y"]),
)
IRIS = mostly(
    st.sampled_from(
        [
            "<https://w3id.org/stakegraph/id/person/mona-neubaur>",
            "<https://w3id.org/stakegraph/id/org/medizinnrw>",
            "<https://w3id.org/stakegraph/ns#Person>",
            "<http://www.w3.org/2000/01/rdf-schema#label>",
            f"<{DOCUMENT_GRAPH}>",
            "<http://example.org/a>",
            f"<http://127.0.0.1:{LISTENER}/sparql>",
            f"<http://localhost:{LISTENER}/x?query=ASK%7B%7D>",
            "<file:///etc/passwd>",
            "<urn:x:y>",
            "<javascript:alert(1)>",
            "<http://example.org/ä>",
            "<http://example.org/\\u0041>",
            "<http://[::1]/>",
        ]
    ),
    st.sampled_from(
        [
            "<>",
            "<#frag>",
            "<relative/path>",
            "<../../etc/passwd>",
            "<http://example.org/a b>",
            "<http://example.org/{x}>",
            "<a<b>",
            '<http://example.org/"q>',
            "<http://example.org/\\u00>",
            "<http://exa\x00mple.org/>",
        ]
    ),
)
SLASH_PREFIXES = ["foaf", "id", "dcterms", "schema", "sgc"]  # their namespaces end with "/"
HASH_PREFIXES = ["sg", "rdfs", "rdf", "org", "prov"]  # ... with "#"
PREFIXED = mostly(
    st.one_of(
        st.builds(
            lambda p, n: f"{p}:{n}",
            st.sampled_from(HASH_PREFIXES + SLASH_PREFIXES),
            st.sampled_from(["Person", "label", "type", "memberOf", "name", "0x", "%41", "é", "x:y", "a.b", ""]),
        ),
        st.builds(
            lambda p, n: f"{p}:{n}",
            st.sampled_from(SLASH_PREFIXES),
            st.sampled_from(["person\\/mona-neubaur", "a\\#", "a\\'", "a\\(b\\)", "a\\.", "a\\~", "a\\?x", "a\\;"]),
        ),
    ),
    st.builds(
        lambda p, n: f"{p}:{n}",
        st.sampled_from([*HASH_PREFIXES, "ex", "nope", ""]),
        st.sampled_from(["a\\#", "-x", "a.", "a\\q", ".a", "a b"]),
    ),
)


def quoted(text: str, quote: str) -> str:
    """``text`` as a SPARQL string literal with escapes (or, for long quotes, raw)."""
    if len(quote) == 3:
        return quote + text.replace("\\", "\\\\").replace(quote[0], "\\" + quote[0]) + quote
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n").replace("\r", "\\r")
    return quote + escaped + quote


LITERALS = mostly(
    st.one_of(
        st.sampled_from(
            [
                '"Mona Neubaur"',
                "'x'",
                '""',
                '"""a\nb"""',
                "'''c'd'''",
                '"a\\"b"',
                '"\\u00e4\\U0001F600"',
                '"tab\\t"',
                '"x"@de',
                '"x"@de-DE-1996',
                '"1"^^xsd:integer',
                '"x"^^<http://example.org/dt>',
                '"x"^^xsd:nope',
                "1",
                "-1.5",
                "1e9",
                "+.5",
                "true",
                "99999999999999999999999999",
            ]
        ),
        st.builds(quoted, st.text(max_size=20), st.sampled_from(['"', "'", '"""', "'''"])),
    ),
    st.one_of(
        st.sampled_from(['"unterminated', "'", '"""', '"a\nb"', '"a\rb"', '"\\q"', '"\\u00"', '"x"@', "1e", "'''"]),
        st.builds(lambda t: f'"{t}"', st.text(max_size=20)),  # raw: may hold quotes, backslashes, line ends
    ),
)
# SERVICE targets are local (the listener) or not fetchable: a refusal that fails must not reach other hosts.
SERVICE_TARGETS = mostly(
    st.sampled_from(
        [
            f"<http://127.0.0.1:{LISTENER}/sparql>",
            f"<http://127.0.0.1:{LISTENER}/x?query=ASK%7B%7D>",
            f"<http://localhost:{LISTENER}/sparql>",
            "here:sparql",  # the prologue may declare here: (else a syntax error)
        ]
    ),
    st.sampled_from(["<file:///etc/passwd>", "<urn:x:y>", "<>", "<relative>", "?x", "<http://127.0.0.1:1/>"]),
)
VALUES_TERMS = st.one_of(IRIS, PREFIXED, LITERALS, st.just("UNDEF"))
OBJECTS = st.one_of(
    VARIABLES, IRIS, PREFIXED, LITERALS, st.sampled_from(["sg:Person", "sg:Organization", "[]", "_:b", "()"])
)
SUBJECTS = st.one_of(VARIABLES, VARIABLES, IRIS, PREFIXED, st.sampled_from(["[]", "_:b"]))
PLAIN_PREDICATES = st.one_of(
    st.sampled_from(["a", "rdfs:label", "sg:holdsRoleAt", "org:memberOf"]), VARIABLES, PREFIXED
)
PATHS = st.sampled_from(
    ["rdfs:label|skos:altLabel", "^org:memberOf", "org:memberOf+", "(org:memberOf/rdfs:label)*", "!rdf:type"]
)
EXPRESSION_TERMS = st.one_of(VARIABLES, IRIS, PREFIXED, LITERALS)
FUNCTIONS = {  # name: number of arguments (None: any)
    "STR": 1,
    "LANG": 1,
    "REGEX": 2,
    "CONTAINS": 2,
    "STRLEN": 1,
    "BOUND": 1,
    "IF": 3,
    "COALESCE": None,
    "CONCAT": None,
    "SUBSTR": 2,
    "REPLACE": 3,
    "LCASE": 1,
    "IRI": 1,
    "SHA256": 1,
    "ENCODE_FOR_URI": 1,
    "NOW": 0,
    "xsd:integer": 1,
    "sg:nothing": None,
    "<http://example.org/f>": None,
}
OPERATORS = ["=", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "*", "/"]
NESTINGS = [1, 2, 3, 10, 127, 128, 129, 500, 5_000, 20_000]
CHAINS = [2, 10, 1_999, 2_000, 2_001, 25_000]
# What separates the tokens of a query: mostly a space, sometimes line ends, comments or nothing at all.
SEPARATORS = [" "] * 6 + ["\n", "\t", "\r\n", "\r", " #c\n", " #c\r", " # {\n", ""]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    """A SPARQL expression: terms, operators, function calls, EXISTS, deep parentheses and long chains."""
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(EXPRESSION_TERMS)
    kind = draw(st.sampled_from(["binary", "binary", "call", "call", "unary", "nested", "chain", "exists", "in"]))
    if kind == "binary":
        left, right = draw(expressions(depth - 1)), draw(expressions(depth - 1))
        operator = draw(st.sampled_from(OPERATORS))
        return draw(st.sampled_from([f"({left} {operator} {right})", f"{left}{operator}{right}"]))
    if kind == "call":
        name = draw(st.sampled_from(sorted(FUNCTIONS)))
        arity = FUNCTIONS[name]
        count = arity if arity is not None and draw(st.integers(0, 5)) else draw(st.integers(0, 3))
        return f"{name}({', '.join(draw(expressions(depth - 1)) for _ in range(count))})"
    if kind == "unary":
        return draw(st.sampled_from(["!", "-", "+"])) + draw(expressions(depth - 1))
    if kind == "nested":
        times = draw(st.sampled_from(NESTINGS))
        return "(" * times + draw(expressions(depth - 1)) + ")" * times
    if kind == "chain":
        operator = draw(st.sampled_from(["+", "||", "&&", "*", "-", "/"]))
        return "(" + operator.join(["1"] * draw(st.sampled_from(CHAINS))) + ")"
    if kind == "exists":
        return draw(st.sampled_from(["EXISTS ", "NOT EXISTS "])) + draw(groups(depth - 1))
    items = ", ".join(draw(st.lists(expressions(depth - 1), max_size=3)))
    return f"({draw(expressions(depth - 1))} {draw(st.sampled_from(['IN', 'NOT IN']))} ({items}))"


@st.composite
def triples(draw: st.DrawFn, paths: bool = True) -> str:
    """A triples block: subject, predicate (a property path where allowed), objects, maybe a second predicate."""
    predicates = st.one_of(PLAIN_PREDICATES, PATHS) if paths else PLAIN_PREDICATES
    subject, predicate = draw(SUBJECTS), draw(predicates)
    objects = draw(st.lists(OBJECTS, min_size=1, max_size=2))
    more = f" ; {draw(predicates)} {draw(OBJECTS)}" if draw(st.booleans()) else ""
    return f"{subject} {predicate} {', '.join(objects)}{more} ."


@st.composite
def elements(draw: st.DrawFn, depth: int) -> str:
    """One element of a group graph pattern."""
    if depth <= 0:
        return draw(triples())
    kind = draw(
        st.sampled_from(
            [
                *["triples", "triples", "triples", "filter", "filter", "optional", "union", "minus", "bind"],
                *["values", "graph", "service", "subquery", "group", "deep"],
            ]
        )
    )
    if kind == "triples":
        return draw(triples())
    if kind == "filter":
        return f"FILTER({draw(expressions(depth - 1))})"
    if kind == "optional":
        return "OPTIONAL " + draw(groups(depth - 1))
    if kind == "union":
        return " UNION ".join(draw(st.lists(groups(depth - 1), min_size=2, max_size=3)))
    if kind == "minus":
        return "MINUS " + draw(groups(depth - 1))
    if kind == "bind":
        return f"BIND({draw(expressions(depth - 1))} AS {draw(VARIABLES)})"
    if kind == "values":
        return f"VALUES {draw(VARIABLES)} {{ {' '.join(draw(st.lists(VALUES_TERMS, max_size=3)))} }}"
    if kind == "graph":
        return f"GRAPH {draw(st.one_of(VARIABLES, IRIS))} {draw(groups(depth - 1))}"
    if kind == "service":
        silent = draw(st.sampled_from(["", "SILENT "]))
        return f"SERVICE {silent}{draw(SERVICE_TARGETS)} {draw(groups(depth - 1))}"
    if kind == "subquery":
        return "{ " + draw(select_queries(depth - 1, prologue=False)) + " }"
    if kind == "group":
        return draw(groups(depth - 1))
    times = draw(st.sampled_from(NESTINGS))
    return "{" * times + draw(triples()) + "}" * times


@st.composite
def groups(draw: st.DrawFn, depth: int = 3) -> str:
    return "{ " + " ".join(draw(st.lists(elements(depth), max_size=4))) + " }"


PROLOGUES = mostly(
    st.lists(
        st.sampled_from(
            [
                "PREFIX ex: <http://example.org/>",
                "PREFIX : <http://example.org/>",
                "BASE <http://example.org/base/>",
                f"PREFIX sg: <http://127.0.0.1:{LISTENER}/>",
                f"PREFIX here: <http://127.0.0.1:{LISTENER}/>",
            ]
        ),
        max_size=2,
    ).map(" ".join),
    st.sampled_from(["PREFIX rdfs: <>", "PREFIX bad: <not an iri>", "PREFIX x:", "BASE", "PREFIX : <x> PREFIX : <y>"]),
)


@st.composite
def modifiers(draw: st.DrawFn) -> str:
    """Solution modifiers in their order (GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET), or odd ones."""
    numbers = mostly(st.sampled_from(["0", "1", "10"]), st.sampled_from(["-1", "99999999999999999999", "1.5", "x"]))
    parts = [
        f"GROUP BY {draw(VARIABLES)}" if draw(st.integers(0, 9)) == 0 else "",
        f"HAVING({draw(expressions(1))})" if draw(st.integers(0, 6)) == 0 else "",
        f"ORDER BY {draw(st.sampled_from(['', 'DESC', 'ASC']))}({draw(VARIABLES)})" if draw(st.booleans()) else "",
        f"LIMIT {draw(numbers)}" if draw(st.booleans()) else "",
        f"OFFSET {draw(numbers)}" if draw(st.integers(0, 3)) == 0 else "",
    ]
    if draw(st.integers(0, 9)) == 0:
        parts = draw(st.permutations(parts))
    return " ".join(part for part in parts if part)


@st.composite
def dataset_clauses(draw: st.DrawFn) -> str:
    """FROM and FROM NAMED clauses (mostly none)."""
    clauses = st.builds(lambda n, i: f"FROM {n}{i}", st.sampled_from(["", "NAMED "]), IRIS)
    return " ".join(draw(st.lists(clauses, max_size=2))) if draw(st.integers(0, 4)) == 0 else ""


@st.composite
def select_queries(draw: st.DrawFn, depth: int = 3, prologue: bool = True) -> str:
    projection = draw(
        st.one_of(
            st.just("*"),
            st.lists(VARIABLES, min_size=1, max_size=3, unique=True).map(" ".join),
            st.builds(lambda e, v: f"({e} AS {v})", expressions(1), VARIABLES),
            st.builds(lambda v: f"(COUNT(*) AS {v})", VARIABLES),
        )
    )
    distinct = draw(st.sampled_from(["", "", "DISTINCT ", "REDUCED "]))
    where = draw(st.sampled_from(["WHERE ", "WHERE ", ""]))
    head = draw(PROLOGUES) + " " if prologue else ""
    clauses = draw(dataset_clauses())
    return f"{head}SELECT {distinct}{projection} {clauses} {where}{draw(groups(depth))} {draw(modifiers())}"


@st.composite
def queries(draw: st.DrawFn) -> str:
    """A SPARQL-shaped query: mostly well formed, sometimes damaged, its tokens joined by odd separators."""
    form = draw(st.sampled_from(["select", "select", "ask", "construct", "construct-where", "describe", "update"]))
    if form == "select":
        text = draw(select_queries())
    else:
        head = draw(PROLOGUES)
        if form == "ask":
            text = f"{head} ASK {draw(dataset_clauses())} {draw(groups())}"
        elif form == "construct":
            template = "{ " + " ".join(draw(st.lists(triples(paths=False), max_size=3))) + " }"
            text = f"{head} CONSTRUCT {template} {draw(dataset_clauses())} WHERE {draw(groups())} {draw(modifiers())}"
        elif form == "construct-where":
            text = f"{head} CONSTRUCT WHERE {{ {draw(triples(paths=False))} }} {draw(modifiers())}"
        elif form == "describe":
            resources = " ".join(draw(st.lists(st.one_of(VARIABLES, IRIS, PREFIXED), min_size=1, max_size=3)))
            text = f"{head} DESCRIBE {resources} {draw(st.sampled_from(['', 'WHERE ']))}{draw(groups())}"
        else:
            text = draw(updates())
    return draw(mutated(text))


@st.composite
def mutated(draw: st.DrawFn, text: str, damage: bool = True) -> str:
    """``text`` with its spaces replaced by one kind of separator (or one space by another), keywords recased,
    maybe damaged."""
    separator = draw(st.sampled_from(SEPARATORS))
    if separator != " " and draw(st.booleans()):
        text = text.replace(" ", separator)
    elif separator != " " and " " in text:
        spaces = [i for i, char in enumerate(text) if char == " "]
        position = spaces[draw(st.integers(0, len(spaces) - 1))]
        text = text[:position] + separator + text[position + 1 :]
    if draw(st.booleans()):
        for word in ["SELECT", "WHERE", "FILTER", "SERVICE", "OPTIONAL", "UNION", "GRAPH", "LOAD"]:
            text = text.replace(word, draw(casing(word)))
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 0, 1, 2])) if damage else 0):
        position = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["cut", "drop", "insert", "repeat"]))
        if how == "cut":
            text = text[:position]
        elif how == "drop":
            text = text[:position] + text[position + 1 :]
        elif how == "insert":
            text = text[:position] + draw(st.sampled_from(DAMAGE)) + text[position:]
        else:
            text = text[:position] + text[max(0, position - 20) : position] + text[position:]
    return text


DAMAGE = [*"{}()[]<>\"'#\\.;,?$@^\n\r\x00", "\ufeff"]
UPDATE_GRAPHS = st.sampled_from(
    [f"<{DOCUMENT_GRAPH}>", "<https://example.org/g>", "<https://w3id.org/stakegraph/graph/ontology>"]
)
QUAD = "<https://example.org/a> <https://example.org/b> 'c'"


@st.composite
def update_operations(draw: st.DrawFn) -> str:
    graph = draw(UPDATE_GRAPHS)
    target = draw(st.sampled_from([f"GRAPH {graph}", "DEFAULT", "NAMED", "ALL"]))
    silent = draw(st.sampled_from(["", "SILENT "]))
    return draw(
        st.sampled_from(
            [
                f"INSERT DATA {{ {QUAD} }}",
                f"INSERT DATA {{ GRAPH {graph} {{ {QUAD} }} }}",
                f"DELETE DATA {{ GRAPH {graph} {{ {QUAD} }} }}",
                "DELETE WHERE { ?s ?p ?o }",
                f"DELETE WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
                f"WITH {graph} DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
                f"INSERT {{ GRAPH {graph} {{ ?s ?p 'x' }} }} WHERE {{ ?s a sg:Person }}",
                f"DROP {silent}{target}",
                f"CLEAR {silent}{target}",
                f"CREATE {silent}GRAPH <https://example.org/new>",
                f"COPY {silent}{graph} TO <https://example.org/copy>",
                f"MOVE {silent}{graph} TO <https://example.org/moved>",
                f"ADD {silent}{graph} TO DEFAULT",
                f"LOAD {silent}<http://127.0.0.1:{LISTENER}/data.ttl>",
                f"LOAD {silent}<http://127.0.0.1:{LISTENER}/data.ttl> INTO GRAPH {graph}",
                f"INSERT {{ {QUAD} }} WHERE {{ SERVICE {silent}<http://127.0.0.1:{LISTENER}/sparql> {{ ?s ?p ?o }} }}",
            ]
        )
    )


@st.composite
def updates(draw: st.DrawFn) -> str:
    """A SPARQL update of one or more operations (what would change the store if it were run)."""
    operations = draw(st.lists(update_operations(), min_size=1, max_size=3))
    return draw(PROLOGUES) + " " + " ; ".join(operations)


ARBITRARY_TEXT = st.one_of(st.text(max_size=300), st.text(st.characters(codec="utf-8"), max_size=300))
ARBITRARY_BYTES = st.binary(max_size=300)


@st.composite
def arbitrary_requests(draw: st.DrawFn) -> SparqlRequest:
    """Arbitrary text or bytes as the query, sent every way the protocol allows (and a few it doesn't)."""
    transport = draw(st.sampled_from(["get", "get", "form", "form", "body", "body", "body", "other-type", "method"]))
    if transport in {"get", "form"}:
        text: str | bytes = draw(st.text(st.characters(codec="utf-8"), max_size=300))
    else:
        text = draw(st.one_of(ARBITRARY_TEXT, ARBITRARY_BYTES))
    if draw(st.booleans()):  # behind a query keyword, so that the text gets past the first checks to the parser
        opening = draw(st.sampled_from(["SELECT ", "SELECT * WHERE { ", "ASK {", "CONSTRUCT WHERE { ?s ", "DESCRIBE "]))
        text = opening.encode() + text if isinstance(text, bytes) else opening + text
    if transport == "method":
        transport = "method:" + draw(st.sampled_from(["PUT", "DELETE", "PATCH", "OPTIONS"]))
    content_type = None
    if transport == "other-type":
        transport = "body"
        content_type = draw(
            st.sampled_from(["text/plain", "application/json", "", "application/sparql-query; charset=latin-1"])
            | st.text(ASCII, max_size=40)
        )
    return SparqlRequest(text=text, transport=transport, content_type=content_type, **draw(protocol_parameters()))


@st.composite
def grammar_requests(draw: st.DrawFn) -> SparqlRequest:
    """SPARQL-shaped text as a query, GET or POST, with random protocol parameters."""
    transport = draw(st.sampled_from(["get", "form", "body"]))
    return SparqlRequest(text=draw(queries()), transport=transport, **draw(protocol_parameters(rarely=3)))


def wrong_authorizations() -> st.SearchStrategy[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]]:
    """Headers and query parameters that carry no valid Bearer token (the token may appear elsewhere)."""
    basic = base64.b64encode(f"admin:{TOKEN}".encode()).decode()
    authorization = st.one_of(
        st.sampled_from(
            [
                "Bearer",
                "Bearer wrong",
                f"Bearer {TOKEN[:-1]}",
                f"Bearer {TOKEN}x",
                f"Bearer x{TOKEN}",
                f"Bearer {TOKEN.upper()}",
                f"Bearer\t{TOKEN}",
                f"Bearer{TOKEN}",
                f"Basic {basic}",
                f"Token {TOKEN}",
                TOKEN,
                f"Bearer {TOKEN[:8]}",
                f"Bearer {TOKEN},Bearer {TOKEN}",
            ]
        ),
        st.text(ASCII, max_size=60).map(lambda s: "Bearer " + s).filter(lambda s: TOKEN not in s),
        st.text(ASCII, max_size=60).filter(lambda s: TOKEN not in s),
    )
    elsewhere = st.sampled_from(
        [
            ((), ()),
            ((("X-Token", TOKEN),), ()),
            ((("Cookie", f"token={TOKEN}"),), ()),
            ((("Proxy-Authorization", f"Bearer {TOKEN}"),), ()),
            ((), (("token", TOKEN),)),
            ((), (("access_token", TOKEN),)),
        ]
    )
    with_header = st.builds(lambda a, e: ((("Authorization", a), *e[0]), e[1]), authorization, elsewhere)
    return st.one_of(elsewhere, with_header)


@st.composite
def unauthorised_updates(draw: st.DrawFn) -> SparqlRequest:
    """An update (from the grammar, or arbitrary text) without a valid token, by body, form or as a query."""
    text = draw(st.one_of(updates().flatmap(mutated), updates(), ARBITRARY_TEXT))
    transport = draw(st.sampled_from(["update-body", "update-body", "update-form", "update-form", "body", "get"]))
    headers, params = draw(wrong_authorizations())
    return SparqlRequest(text=text, transport=transport, headers=headers, params=params)


@st.composite
def outbound_updates(draw: st.DrawFn) -> SparqlRequest:
    """LOAD and SERVICE updates sent with the valid token: refused, or failing, but never contacting anyone."""
    silent = draw(st.sampled_from(["", "SILENT ", "silent "]))
    target = f"<http://127.0.0.1:{LISTENER}/{draw(st.sampled_from(['data.ttl', 'sparql', '']))}>"
    load = draw(casing("LOAD"))
    service = draw(casing("SERVICE"))
    operation = draw(
        st.sampled_from(
            [
                f"{load} {silent}{target}",
                f"{load} {silent}{target} INTO GRAPH <https://example.org/loaded>",
                f"INSERT {{ GRAPH <https://example.org/s> {{ ?s ?p ?o }} }} "
                f"WHERE {{ {service} {silent}{target} {{ ?s ?p ?o }} }}",
                f"DELETE {{ ?s ?p ?o }} WHERE {{ {service} {silent}{target} {{ ?s ?p ?o }} }}",
            ]
        )
    )
    before = draw(
        st.sampled_from(["", "CREATE SILENT GRAPH <https://example.org/c> ; ", "PREFIX ex: <http://example.org/> "])
    )
    text = draw(mutated(before + operation, damage=False))
    transport = draw(st.sampled_from(["update-body", "update-form"]))
    return SparqlRequest(text=text, transport=transport, headers=(("Authorization", f"Bearer {TOKEN}"),))


# --------------------------------------------------------------------------------------------------
# The SPARQL endpoint


def summarise(outcomes: Counter[str]) -> None:
    """Print how the requests of a test were answered (with ``pytest -s``)."""
    print(f"\n{sum(outcomes.values())} requests: " + ", ".join(f"{k} x{n}" for k, n in outcomes.most_common()))


def values_for(listener: Listener, baseline: Baseline) -> dict[str, str]:
    """What the placeholders in generated text stand for."""
    return {LISTENER: str(listener.port), DOCUMENT_GRAPH: baseline.graph}


def _queries_never_break_the_endpoint(
    client: httpx.Client, listener: Listener, baseline: Baseline, requests: st.SearchStrategy[SparqlRequest]
) -> None:
    """Send each drawn request: never a 5xx but the timeout, every error a problem document, no connection
    made; afterwards the store is unchanged and the service still answers."""
    values = values_for(listener, baseline)
    outcomes: Counter[str] = Counter()

    @fuzz_settings()
    @given(request=requests)
    def run(request: SparqlRequest) -> None:
        listener.connections.clear()
        response = send(client, request, values)
        check_no_connection(listener, response)
        outcomes[check_answer(response)] += 1

    run()
    summarise(outcomes)
    check_still_serving(client)
    assert changes(client, baseline) is None


def test_arbitrary_text_as_a_query_never_breaks_the_endpoint(
    client: httpx.Client, listener: Listener, baseline: Baseline
) -> None:
    """Arbitrary Unicode and bytes as ``query`` (GET, form, body, other methods and content types) with random
    protocol parameters: never a 5xx but the timeout, every error a problem document, no connection made,
    the store unchanged and the service still answering afterwards."""
    _queries_never_break_the_endpoint(client, listener, baseline, arbitrary_requests())


def test_sparql_shaped_queries_are_answered_or_refused_cleanly(
    client: httpx.Client, listener: Listener, baseline: Baseline
) -> None:
    """Grammar-built queries of every form (deep nesting, long operator chains, odd IRIs, prefixed names and
    literals, comments and odd separators, SERVICE aimed at a local listener, updates sent as queries,
    damaged text): never a 5xx but the timeout, errors are problem documents, results come in an offered
    media type, SERVICE never connects, the store is unchanged and the service still answers."""
    _queries_never_break_the_endpoint(client, listener, baseline, grammar_requests())


def test_updates_without_the_token_never_change_the_store(
    client: httpx.Client, listener: Listener, baseline: Baseline
) -> None:
    """Updates from the grammar (INSERT, DELETE, DROP, CLEAR, COPY, MOVE, ADD, LOAD, SERVICE on the real
    document graph) and arbitrary text, by body, form or as a query, with no, a wrong or a misplaced token
    (query parameter, form field, cookie, other headers): refused with a 4xx problem when sent as an update,
    never a 5xx or a connection, and the dataset's hash is the same after every single request."""
    values = values_for(listener, baseline)
    outcomes: Counter[str] = Counter()

    @fuzz_settings()
    @given(request=unauthorised_updates())
    def run(request: SparqlRequest) -> None:
        listener.connections.clear()
        response = send(client, request, values)
        changed = changes(client, baseline)  # first: a change is undone whatever fails next
        check_no_connection(listener, response)
        outcomes[check_answer(response)] += 1
        if request.transport.startswith("update"):
            assert 400 <= response.status_code < 500, describe(response)
        assert changed is None, f"the store changed: {changed}" + describe(response)

    run()
    summarise(outcomes)
    check_still_serving(client)


def test_load_and_service_updates_with_the_token_make_no_connection(
    client: httpx.Client, listener: Listener, baseline: Baseline
) -> None:
    """LOAD and SERVICE in updates sent with the valid token (any casing, SILENT, after other operations,
    with odd separators and comments): refused as problems, no connection made, the store unchanged."""
    values = values_for(listener, baseline)
    outcomes: Counter[str] = Counter()

    @fuzz_settings(max(10, EXAMPLES // 2))
    @given(request=outbound_updates())
    def run(request: SparqlRequest) -> None:
        listener.connections.clear()
        response = send(client, request, values)
        changed = changes(client, baseline)  # first: a change is undone whatever fails next
        check_no_connection(listener, response)
        outcomes[check_answer(response)] += 1
        assert 400 <= response.status_code < 500, describe(response)
        assert changed is None, f"the store changed: {changed}" + describe(response)

    run()
    summarise(outcomes)
    check_still_serving(client)


# --------------------------------------------------------------------------------------------------
# Sequences of calls


FIRST_NAMES = ["Karin", "Jörg", "Ayşe", "Mona", "Łukasz", "Anne-Marie", "Ole"]
LAST_NAMES = ["Probe", "Übelacker", "Neubaur", "Yılmaz", "Schmidt-Weiß", "Beispiel"]
ORGANISATIONS = [
    "Beispiel Robotics GmbH",
    "Verband der Zündholzindustrie e. V.",
    "Cluster Testwerk NRW",
    "IHK Musterstadt",
    "Doğuş Robotics GmbH",
    "Dvořák Maschinenbau GmbH",
]
UPLOAD_NAMES = ["probe.txt", "Pressemitteilung 1.txt", "mitteilung.md", "ä.txt", "release"]


def press_release(first: str, last: str, organisation: str, noise: str) -> str:
    return (
        f"Ulm, 2. Mai 2025\n\nNetzwerk wächst\n\n„Wir bauen das Netzwerk weiter aus und laden alle ein“, sagte "
        f"Dr. {first} {last}, Geschäftsführerin der {organisation}. {noise}\n"
    )


PRESS_RELEASES = st.builds(
    press_release,
    st.sampled_from(FIRST_NAMES),
    st.sampled_from(LAST_NAMES),
    st.sampled_from(ORGANISATIONS),
    st.one_of(st.just(""), st.text(max_size=80)),
)


def remove_uploads(client: httpx.Client, baseline: Baseline) -> None:
    """Delete every document that was not in the store as built."""
    for document in client.get("/documents").json():
        if document["id"] not in baseline.documents:
            response = client.delete(f"/documents/{document['id']}", headers={"Authorization": f"Bearer {TOKEN}"})
            assert response.status_code == 204, describe(response)


def machine_for(client: httpx.Client, baseline: Baseline, steps: Counter[str]) -> type[RuleBasedStateMachine]:
    """A state machine over documents: the model is what each upload reported, the store must agree."""
    auth = {"Authorization": f"Bearer {TOKEN}"}

    class DocumentLifecycle(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.documents: dict[str, dict[str, Any]] = {}  # id -> {"graph", "facts", "names"}

        def names_alive(self) -> set[str]:
            """The persons and organisations some stored document mentions."""
            return set(baseline.names).union(*(d["names"] for d in self.documents.values()))

        def check_stored(self, identifier: str) -> None:
            """The document reads back as uploaded: its facts, its graph in SPARQL, its persons and organisations
            (by their exact names) in search."""
            expected = self.documents[identifier]
            response = client.get(f"/documents/{identifier}")
            assert response.status_code == 200, describe(response)
            assert response.json()["graph"] == expected["graph"], describe(response)
            assert response.json()["facts"] == expected["facts"], describe(response)
            ask = client.get("/sparql", params={"query": f"ASK {{ GRAPH <{expected['graph']}> {{ ?s ?p ?o }} }}"})
            assert ask.status_code == 200 and ask.json()["boolean"] is True, describe(ask)
            for name in expected["names"]:
                found = client.get("/entities", params={"q": name[:200]}).json()
                assert name in {r["label"] for r in found["results"]}, ("not found by search", name, found)

        def check_gone(self, names: set[str]) -> None:
            """Persons and organisations no stored document mentions any more are not found by search."""
            for name in names - self.names_alive():
                found = client.get("/entities", params={"q": name[:200]}).json()
                assert name not in {r["label"] for r in found["results"]}, ("still found", name, found)

        def retract(self, identifier: str) -> None:
            """Delete with the token: 204, then the document, its graph and its own persons and organisations are
            gone."""
            response = client.delete(f"/documents/{identifier}", headers=auth)
            assert response.status_code == 204, describe(response)
            gone = self.documents.pop(identifier)
            assert client.get(f"/documents/{identifier}").status_code == 404
            ask = client.get("/sparql", params={"query": f"ASK {{ GRAPH <{gone['graph']}> {{ ?s ?p ?o }} }}"})
            assert ask.status_code == 200 and ask.json()["boolean"] is False, describe(ask)
            self.check_gone(gone["names"])

        @rule(name=st.sampled_from(UPLOAD_NAMES), text=PRESS_RELEASES, with_token=st.integers(0, 3).map(bool))
        def upload(self, name: str, text: str, with_token: bool) -> None:
            steps["upload"] += 1
            headers = {"Content-Type": "text/plain", **(auth if with_token else {})}
            response = client.post("/documents", params={"name": name}, content=text.encode(), headers=headers)
            check_rest(response)
            if not with_token:
                assert response.status_code == 403, describe(response)
                return
            assert response.status_code in {201, 400}, describe(response)
            if response.status_code == 201:
                steps["upload 201"] += 1
                created = response.json()
                previous = self.documents.get(created["id"])  # a document of the same name is replaced
                report = created["report"]
                names = {p["name"] for p in report["persons"]} | {o["name"] for o in report["organizations"]}
                self.documents[created["id"]] = {
                    "graph": created["graph"],
                    "facts": created["facts"],
                    "names": names,
                }
                self.check_stored(created["id"])
                if previous is not None:
                    steps["replaced"] += 1
                    self.check_gone(previous["names"])

        @precondition(lambda self: bool(self.documents))
        @rule(data=st.data())
        def read_back(self, data: st.DataObject) -> None:
            steps["read back"] += 1
            self.check_stored(data.draw(st.sampled_from(sorted(self.documents))))

        @precondition(lambda self: bool(self.documents))
        @rule(data=st.data())
        def delete(self, data: st.DataObject) -> None:
            steps["delete"] += 1
            self.retract(data.draw(st.sampled_from(sorted(self.documents))))

        @rule(data=st.data())
        def refused_delete(self, data: st.DataObject) -> None:
            """A deletion without a valid token (403), or of a document that is not there (404)."""
            if data.draw(st.booleans()):
                steps["delete without token"] += 1
                identifier = data.draw(st.sampled_from(sorted({*self.documents, *baseline.documents})))
                headers = data.draw(st.sampled_from([{}, {"Authorization": "Bearer wrong"}, {"X-Token": TOKEN}]))
                expected = 403
            else:
                steps["delete unknown"] += 1
                identifier = data.draw(st.sampled_from(["source/nothing", "source/../../etc/passwd", "x", "source/"]))
                headers, expected = auth, 404
            response = client.delete(f"/documents/{identifier}", headers=headers)
            assert response.status_code == expected, describe(response)
            check_problem(response)

        @rule(query=st.text(min_size=1, max_size=40))
        def search(self, query: str) -> None:
            steps["search"] += 1
            response = client.get("/entities", params={"q": query})
            check_rest(response)

        @invariant()
        def documents_are_the_model(self) -> None:
            listed = {d["id"] for d in client.get("/documents").json()}
            assert listed == set(baseline.documents) | set(self.documents)

        def teardown(self) -> None:
            """Every remaining upload is retracted (with the checks of ``delete``); then the store is as built."""
            try:
                for identifier in sorted(self.documents):
                    steps["delete (teardown)"] += 1
                    self.retract(identifier)
            finally:
                remove_uploads(client, baseline)
            changed = changes(client, baseline)
            assert changed is None, f"deleting every upload did not restore the store: {changed}"

    return DocumentLifecycle


def test_document_lifecycle_keeps_the_store_consistent(client: httpx.Client, baseline: Baseline) -> None:
    """Random sequences of uploads (with and without the token, names that replace each other), reads, searches
    and deletions (with and without the token, unknown ids): never a 5xx; the document list always equals
    the model; an upload's persons and organisations are found by search (exact name) and its graph by SPARQL
    until it is deleted or replaced, then they are gone (names mentioned elsewhere stay); after deleting the
    uploads the dataset is the one before."""
    steps: Counter[str] = Counter()
    sequences = fuzz_settings(max(3, EXAMPLES // 8), sequences=True, stateful_step_count=12)
    run_state_machine_as_test(machine_for(client, baseline, steps), settings=sequences)
    summarise(steps)
    check_still_serving(client)


def test_schemathesis_stateful_sequences_keep_the_store_consistent(
    server: Server, client: httpx.Client, baseline: Baseline
) -> None:
    """schemathesis's state machine over the OpenAPI schema with the links it infers (upload -> document ->
    delete, search -> entity -> neighbours, named queries): uploads get a real press release and the token,
    deletions the token unless they target the built document; no sequence gets a 5xx or a malformed
    problem, and after each scenario, once its uploads are deleted, the dataset hash is the one before."""
    import schemathesis
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    base_slugs = {identifier.removeprefix("source/") for identifier in baseline.documents}
    releases = [press_release(f, last, o, "") for f in FIRST_NAMES for last in LAST_NAMES for o in ORGANISATIONS[:1]]
    machine: Any = schema.as_state_machine()
    seen: Counter[str] = Counter()
    assert schema.statistic.transitions.total > 0, "schemathesis inferred no links"

    class Sequences(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            if case.method.upper() == "POST" and case.path == "/documents":
                name = str((case.query or {}).get("name", ""))
                release = releases[int(hashlib.sha1(name.encode()).hexdigest(), 16) % len(releases)]
                headers = {"Content-Type": "text/plain"}
                if source_slug(name) not in base_slugs:  # never replace the built document
                    headers["Authorization"] = f"Bearer {TOKEN}"
                return {"headers": headers, "data": release.encode()}
            if case.method.upper() == "DELETE":
                identifier = str((case.path_parameters or {}).get("document_id", ""))
                if identifier not in baseline.documents and identifier.strip("/") not in baseline.documents:
                    return {"headers": {"Authorization": f"Bearer {TOKEN}"}}
            return {}

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            seen[f"{case.method.upper()} {case.path} {response.status_code}"] += 1
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400:
                assert response.headers.get("content-type", [""])[0] == "application/problem+json", (
                    case.as_curl_command(),
                    response.status_code,
                    response.text[:500],
                )

        def teardown(self) -> None:
            remove_uploads(client, baseline)
            changed = changes(client, baseline)
            assert changed is None, f"the store differs after the scenario: {changed}"

    sequences = fuzz_settings(max(5, EXAMPLES // 4), sequences=True, stateful_step_count=8)
    run_state_machine_as_test(Sequences, settings=sequences)
    summarise(seen)
    check_still_serving(client)
    assert {d["id"] for d in client.get("/documents").json()} == set(baseline.documents)


def test_the_built_document_survived_the_fuzzing(client: httpx.Client, baseline: Baseline) -> None:
    """After all of the above the store is exactly as built and the service answers."""
    assert changes(client, baseline) is None
    check_still_serving(client)
