"""A bounded load test of the real HTTP service on localhost.

Eight clients send a mix of SPARQL (SELECT, ASK, CONSTRUCT; GET and POST), REST, view and export
requests for ``STAKEGRAPH_LOAD_SECONDS`` (default 60) to ``stakegraph serve`` over a store built from
the texts of the development set, with a query timeout of 2 s. Each request is, with a chance of
2 %, a cross join that must run into that timeout, as long as no other one is running (one at a time,
so that one of the two query workers stays free: in practice one runs most of the time, and they make
about 0.6 % of the requests). Proven: every light request succeeds, the heavy ones get exactly the
documented timeout problem (503, ``query-timeout``) and nothing else answers 5xx, the server and its
pool of query workers are intact at the end, the resident memory of the server and its workers does
not grow over the run, and the p99 latency of the light requests stays below 2 s. The figures
(requests per kind, latencies, timeouts, memory) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import httpx
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "fixtures" / "devset"
# The corpus under load is fixed at the first 70 texts of the development set (as the figures in
# README.md were measured), so that a growing development set does not change what is proven here.
CORPUS_SIZE = 70


def load_corpus(folder: Path) -> Path:
    """The fixed corpus of the load test, copied into ``folder``."""
    names = json.loads((DEVSET / "split.json").read_text(encoding="utf-8"))["dev"][:CORPUS_SIZE]
    folder.mkdir()
    for name in names:
        shutil.copy(DEVSET / "texts" / f"{name}.txt", folder)
    return folder


SCRIPT = Path(sys.executable).parent / "stakegraph"

CLIENTS = 8
DURATION = float(os.environ.get("STAKEGRAPH_LOAD_SECONDS", "60"))
QUERY_TIMEOUT = 2  # seconds, STAKEGRAPH_QUERY_TIMEOUT of the server under test
HEAVY_SHARE = 0.02  # chance that a request is the heavy query, when none is in flight
HEAVY_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT_TYPE = "https://w3id.org/stakegraph/problems/query-timeout"
CLIENT_TIMEOUT = 30.0  # seconds, on every request: far above the server's query timeout
P99_BOUND = 2.0  # seconds, light requests
SAMPLE_EVERY = 1.0  # seconds between memory samples
MEMORY_FACTOR = 1.25  # last third of the run against the first third (medians, after a warm-up)
MEMORY_SLACK = 30 * 1024 * 1024
MB = 1024 * 1024

LIGHT_SELECTS = [
    "SELECT ?s ?l WHERE { ?s a sg:Organization ; rdfs:label ?l } ORDER BY ?l LIMIT 20",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10",
    "SELECT ?person ?l WHERE { ?person a sg:Person ; rdfs:label ?l } LIMIT 25",
    "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
]
LIGHT_ASKS = ["ASK { ?s a sg:Person }", "ASK { ?s a sg:Organization ; rdfs:label ?l }"]
LIGHT_CONSTRUCTS = [
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a sg:Person ; rdfs:label ?l } LIMIT 50",
    "CONSTRUCT { ?s a sg:Organization } WHERE { ?s a sg:Organization } LIMIT 30",
]
SEARCH_TERMS = ["cluster", "ihk", "weber", "netzwerk", "hochschule", "minister", "fraunhofer", "bosch", "a"]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


@dataclass
class Ids:
    """Real ids from the store, for the requests that need one."""

    entities: list[str]
    documents: list[str]
    pairs: list[tuple[str, str]]
    organizations: list[str]


@dataclass(frozen=True)
class Kind:
    """One kind of request: how to send it and what a correct answer looks like."""

    name: str
    weight: float
    send: Callable[[httpx.Client, random.Random, Ids], httpx.Response]
    media: str  # expected Content-Type prefix of the 200 answer


@dataclass
class Record:
    kind: str
    status: int
    seconds: float


@dataclass
class Memory:
    """RSS of the server process plus all its children (query workers, resource tracker), sampled."""

    samples: list[tuple[float, int, int, int]] = field(default_factory=list)  # (time, total, server, children)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tree_rss(process: psutil.Process) -> tuple[int, int, int]:
    """Summed RSS of ``process`` and its current children, RSS of ``process`` alone, number of children."""
    own = total = process.memory_info().rss
    children = process.children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):  # a timed-out worker ended between listing and reading
            total += child.memory_info().rss
    return total, own, len(children)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server (it stops its workers), kill it and any leftover child if that does not work."""
    if process.poll() is not None:
        return
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``stakegraph serve`` over a store built from the development set, with a 2 s query timeout."""
    data = tmp_path / "store"
    corpus = load_corpus(tmp_path / "corpus")
    built = subprocess.run(
        [str(SCRIPT), "build", str(corpus), "--data", str(data)], capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    texts = len(list(corpus.glob("*.txt")))
    assert f"built {texts}," in built.stdout, built.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith("STAKEGRAPH_")}
    env["STAKEGRAPH_QUERY_TIMEOUT"] = str(QUERY_TIMEOUT)
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(SCRIPT), "serve", "--data", str(data), "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    running = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"the server exited with {process.returncode}:\n{running.log_tail()}"
            try:
                if httpx.get(f"{running.url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the server did not answer /healthz:\n{running.log_tail()}"
            time.sleep(0.1)
        yield running
    finally:
        _stop(process)


def _discover(client: httpx.Client) -> Ids:
    """Entity ids, document ids and pairs of connected stakeholders, from the running service."""
    found = client.get("/entities", params={"q": "a", "limit": 200})
    assert found.status_code == 200, found.text
    entities = [r["id"] for r in found.json()["results"]]
    organizations = [e for e in entities if e.startswith("org/")]
    listed = client.get("/documents")
    assert listed.status_code == 200, listed.text
    documents = [d["id"] for d in listed.json()]
    pairs: list[tuple[str, str]] = []
    for entity in entities[:40]:
        around = client.get(f"/entities/{entity}/neighbors", params={"depth": 2})
        assert around.status_code == 200, around.text
        pairs += [(entity, node["id"]) for node in around.json()["nodes"] if node["id"] != entity][:3]
    assert len(entities) >= 20 and len(documents) == CORPUS_SIZE and len(pairs) >= 10 and organizations
    return Ids(entities, documents, pairs, organizations)


def _sparql_get(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/sparql", params={"query": rng.choice(LIGHT_SELECTS)})


def _sparql_post_form(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.post("/sparql", data={"query": rng.choice(LIGHT_SELECTS)}, headers={"Accept": "text/csv"})


def _sparql_ask(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.post(
        "/sparql", content=rng.choice(LIGHT_ASKS).encode(), headers={"Content-Type": "application/sparql-query"}
    )


def _sparql_construct(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.post(
        "/sparql",
        content=rng.choice(LIGHT_CONSTRUCTS).encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"},
    )


def _search(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/entities", params={"q": rng.choice(SEARCH_TERMS), "limit": rng.choice([5, 20, 50])})


def _entity(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get(f"/entities/{rng.choice(ids.entities)}")


def _neighbors(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get(f"/entities/{rng.choice(ids.entities)}/neighbors", params={"depth": rng.choice([1, 2, 3])})


def _paths(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    source, target = rng.choice(ids.pairs)
    return client.get("/paths", params={"from": source, "to": target, "max_hops": 4})


def _documents(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/documents")


def _document(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get(f"/documents/{rng.choice(ids.documents)}")


def _stats(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/stats")


def _queries(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/queries")


def _named_query(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    if rng.random() < 0.5:
        return client.get("/queries/speakers")
    return client.get("/queries/members", params={"alliance": rng.choice(ids.organizations)})


def _view_focus(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/view", params={"focus": rng.choice(ids.entities), "depth": rng.choice([1, 2])})


def _view_all(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/view")


def _export(client: httpx.Client, rng: random.Random, ids: Ids) -> httpx.Response:
    return client.get("/export", params={"format": "turtle"})


JSON = "application/json"
RESULTS = "application/sparql-results+json"
LIGHT = [
    Kind("sparql-select-get", 12, _sparql_get, RESULTS),
    Kind("sparql-select-post-csv", 6, _sparql_post_form, "text/csv"),
    Kind("sparql-ask-post", 6, _sparql_ask, RESULTS),
    Kind("sparql-construct-post", 6, _sparql_construct, "text/turtle"),
    Kind("entities-search", 12, _search, JSON),
    Kind("entity", 10, _entity, JSON),
    Kind("neighbors", 8, _neighbors, JSON),
    Kind("paths", 6, _paths, JSON),
    Kind("documents", 4, _documents, JSON),
    Kind("document", 6, _document, JSON),
    Kind("stats", 4, _stats, JSON),
    Kind("queries", 3, _queries, JSON),
    Kind("named-query", 6, _named_query, JSON),
    Kind("view-focus", 4, _view_focus, "text/html"),
]
BULK = [  # whole-graph answers of about 1 MB: checked like the light ones, timed apart
    Kind("view-all", 0.5, _view_all, "text/html"),
    Kind("export-turtle", 0.5, _export, "text/turtle"),
]
KINDS = LIGHT + BULK
HEAVY = "heavy-timeout"


def _check(kind: Kind, response: httpx.Response) -> str | None:
    """None when ``response`` is the correct answer for ``kind``, else what is wrong with it."""
    media = response.headers.get("content-type", "")
    if response.status_code != 200 or not media.startswith(kind.media) or not response.content:
        return (
            f"{kind.name}: {response.request.method} {response.request.url} {response.request.content[:200]!r}"
            f" -> {response.status_code} {media} {response.text[:300]!r}"
        )
    return None


def _check_heavy(response: httpx.Response) -> str | None:
    """None when ``response`` is the documented timeout problem, else what is wrong with it."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if (
        response.status_code == 503
        and response.headers.get("content-type", "").startswith("application/problem+json")
        and isinstance(body, dict)
        and body.get("type") == TIMEOUT_TYPE
        and body.get("status") == 503
    ):
        return None
    return f"{HEAVY}: expected the 503 query-timeout problem, got {response.status_code} {response.text[:300]!r}"


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0…100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _thirds(values: list[int]) -> tuple[float, float]:
    """Medians of the first and of the last third of ``values`` (0 when there are fewer than three)."""
    third = len(values) // 3
    if not third:
        return 0.0, 0.0
    return median(values[:third]), median(values[-third:])


def _client(server: Server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=CLIENT_TIMEOUT)


def _sample(process: psutil.Process, memory: Memory, stop: threading.Event, start: float) -> None:
    while not stop.is_set():
        try:
            total, own, children = _tree_rss(process)
        except psutil.NoSuchProcess:
            return
        memory.samples.append((time.monotonic() - start, total, own, children))
        stop.wait(SAMPLE_EVERY)


@pytest.mark.slow
def test_service_under_load_keeps_answering_bounded_memory_and_latency(server: Server) -> None:
    with _client(server) as client:
        ids = _discover(client)
        rng = random.Random(0)
        for kind in KINDS:  # every kind answers correctly once before the load starts
            assert _check(kind, kind.send(client, rng, ids)) is None, kind.name
        warm = client.get("/sparql", params={"query": HEAVY_QUERY})
        assert _check_heavy(warm) is None, _check_heavy(warm)
    tree = psutil.Process(server.process.pid)
    children_before = len(tree.children(recursive=True))

    records: list[Record] = []
    failures: list[str] = []
    lock = threading.Lock()
    heavy_slot = threading.Semaphore(1)  # at most one timeout query in flight: one worker stays free
    stop = threading.Event()
    start = time.monotonic()
    deadline = start + DURATION
    memory = Memory()
    weights = [kind.weight for kind in KINDS]

    def work(seed: int) -> None:
        rng = random.Random(seed)
        with _client(server) as client:
            while time.monotonic() < deadline:
                heavy = rng.random() < HEAVY_SHARE and heavy_slot.acquire(blocking=False)
                kind = None if heavy else rng.choices(KINDS, weights)[0]
                began = time.monotonic()
                try:
                    if kind is None:
                        try:
                            response = client.get("/sparql", params={"query": HEAVY_QUERY})
                        finally:
                            heavy_slot.release()
                        problem = _check_heavy(response)
                    else:
                        response = kind.send(client, rng, ids)
                        problem = _check(kind, response)
                    status = response.status_code
                except Exception as exc:  # transport errors, client timeouts, unreadable answers
                    problem, status = f"{kind.name if kind else HEAVY}: {type(exc).__name__}: {exc}", 0
                seconds = time.monotonic() - began
                with lock:
                    records.append(Record(kind.name if kind else HEAVY, status, seconds))
                    if problem:
                        failures.append(f"[at {began - start:.1f} s, took {seconds:.2f} s] {problem}")

    sampler = threading.Thread(target=_sample, args=(tree, memory, stop, start), daemon=True)
    sampler.start()
    clients = [threading.Thread(target=work, args=(seed,), daemon=True) for seed in range(CLIENTS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=DURATION + 4 * CLIENT_TIMEOUT)
    elapsed = time.monotonic() - start
    stop.set()
    sampler.join(timeout=5)
    assert not any(thread.is_alive() for thread in clients), "a client hung"

    # the figures
    by_kind: dict[str, list[float]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record.seconds)
    light = [s for name in (k.name for k in LIGHT) for s in by_kind.get(name, [])]
    bulk = [s for name in (k.name for k in BULK) for s in by_kind.get(name, [])]
    heavy = by_kind.get(HEAVY, [])
    statuses = Counter(record.status for record in records)
    print(f"\nload: {CLIENTS} clients, {elapsed:.1f} s, {len(records)} requests, {len(records) / elapsed:.1f}/s")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    for name in [k.name for k in KINDS] + [HEAVY]:
        times = by_kind.get(name, [])
        if times:
            print(
                f"  {name:24} {len(times):6}  p50 {_percentile(times, 50) * 1000:7.1f} ms"
                f"  p99 {_percentile(times, 99) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms"
            )
    p50, p95, p99 = (_percentile(light, q) for q in (50, 95, 99)) if light else (0.0, 0.0, 0.0)
    print(f"light requests: {len(light)}, p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    if bulk:
        print(f"bulk requests: {len(bulk)}, p50 {_percentile(bulk, 50):.2f} s, p99 {_percentile(bulk, 99):.2f} s")
    print(f"timeouts (503 query-timeout): {len(heavy)}" + (f", {min(heavy):.2f}–{max(heavy):.2f} s" if heavy else ""))
    warm_up = max(5.0, elapsed / 10)
    steady = [sample for sample in memory.samples if sample[0] >= warm_up]
    third = len(steady) // 3
    first, last = _thirds([total for _, total, _, _ in steady])
    server_first, server_last = _thirds([own for _, _, own, _ in steady])
    totals = [total for _, total, _, _ in memory.samples]
    counts = [n for _, _, _, n in memory.samples]
    print(
        f"memory (server + workers): {len(totals)} samples, {min(totals) / MB:.0f}–{max(totals) / MB:.0f} MB, "
        f"children {min(counts)}–{max(counts)}; after {warm_up:.0f} s warm-up, median of first third "
        f"{first / MB:.1f} MB, of last third {last / MB:.1f} MB (server alone {server_first / MB:.1f} → "
        f"{server_last / MB:.1f} MB)"
    )
    trace = ", ".join(f"{t:.0f}s {total // MB}/{own // MB}" for t, total, own, _ in memory.samples[::5])
    print(f"memory every 5 s (total/server MB): {trace}")

    # the claims
    assert not failures, f"{len(failures)} bad answers, e.g.:\n" + "\n".join(failures[:10]) + "\n" + server.log_tail()
    assert server.process.poll() is None, f"the server died:\n{server.log_tail()}"
    assert all(status < 500 or status == 503 for status in statuses)
    assert statuses[503] == len(heavy)  # the only 5xx: the documented timeout, and only for the heavy queries
    assert len(heavy) >= 3, "too few queries ran into the timeout to prove anything"
    assert min(heavy) >= QUERY_TIMEOUT
    assert p99 < P99_BOUND, f"p99 of light requests {p99:.2f} s: the service stalls"
    assert third >= 3, "too few memory samples"
    assert last <= first * MEMORY_FACTOR + MEMORY_SLACK, f"memory grew from {first / MB:.1f} to {last / MB:.1f} MB"
    with _client(server) as client:  # still answers, with the same pool of workers
        assert client.get("/healthz").json()["status"] == "ok"
        answer = client.get("/sparql", params={"query": LIGHT_ASKS[0]})
        assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert len(tree.children(recursive=True)) == children_before, "query workers leaked or went missing"
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-3000:]
