"""Benchmark: the SPARQL endpoint under load, against rdflib-endpoint and in-process pyoxigraph.

For each size (triples) the same synthetic stakeholder data is served by
(a) ``stakegraph serve`` (FastAPI, query workers on an on-disk Oxigraph store),
(b) rdflib-endpoint 0.6.3 (the peer a Python user would pick; default rdflib store),
(c) pyoxigraph queried in this process, no HTTP at all (the floor).
A load client with ``--clients`` threads sends a fixed mix of five queries for ``--seconds`` each;
it prints queries per second and p50/p99 latency, and the ratios.

    python -m bench.endpoint --sizes 10000,100000,1000000 --clients 4 --seconds 20
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

SG = "https://w3id.org/stakegraph/ns#"
ORG = "http://www.w3.org/ns/org#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ID = "https://w3id.org/stakegraph/id/"
PREFIX = f"PREFIX sg: <{SG}> PREFIX org: <{ORG}> PREFIX rdfs: <{RDFS}> "
MIX = {
    "label lookup": PREFIX + 'SELECT ?x WHERE { ?x rdfs:label "Organisation 77" }',
    "2-hop neighbourhood": PREFIX + f"SELECT DISTINCT ?b WHERE {{ <{ID}org/77> ?p ?a . ?a ?q ?b }} LIMIT 500",
    "count per class": PREFIX + "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
    "memberOf+": PREFIX + f"SELECT (COUNT(?o) AS ?n) WHERE {{ <{ID}org/5000> org:memberOf+ ?o }}",
    "regex search": PREFIX
    + 'SELECT ?x ?l WHERE { ?x a sg:Person ; rdfs:label ?l FILTER REGEX(?l, "^Person 12", "i") } LIMIT 50',
}


def make_data(triples: int, path: Path) -> None:
    """Persons with roles at organisations; organisations in chains of memberships (N-Triples)."""
    organisations = max(10, triples // 20)
    persons = max(10, triples // 8)
    with path.open("w", encoding="utf-8") as out:
        count = 0
        for number in range(organisations):
            out.write(f"<{ID}org/{number}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SG}Organization> .\n")
            out.write(f'<{ID}org/{number}> <{RDFS}label> "Organisation {number}" .\n')
            if number:
                out.write(f"<{ID}org/{number}> <{ORG}memberOf> <{ID}org/{number // 3}> .\n")
            count += 3
        number = 0
        while count < triples:
            out.write(f"<{ID}person/{number}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SG}Person> .\n")
            out.write(f'<{ID}person/{number}> <{RDFS}label> "Person {number}" .\n')
            out.write(f"<{ID}person/{number}> <{SG}holdsRoleAt> <{ID}org/{number % organisations}> .\n")
            out.write(f"<{ID}person/{number}> <{ORG}memberOf> <{ID}org/{(number * 7) % organisations}> .\n")
            count += 4
            number += 1
    del persons


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


def load(host: str, port: int, path: str, clients: int, seconds: float) -> tuple[float, float, float, int]:
    """Queries per second, p50 and p99 latency (s), errors — for the mix, round-robin per client."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=120)
        queries = list(MIX.values())
        index = offset
        while time.monotonic() < deadline:
            body = urllib.parse.urlencode({"query": queries[index % len(queries)]})
            started = time.perf_counter()
            try:
                connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                        "Accept": "application/sparql-results+json"})  # fmt: skip
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=120)
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1
            index += 1

    return _summary(latencies, _run(client, clients), errors[0])


def _run(client: Callable[[int], None], clients: int) -> float:
    """Run ``clients`` threads of ``client`` and return the wall time."""
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _summary(latencies: list[float], wall: float, errors: int) -> tuple[float, float, float, int]:
    """Queries per second, p50, p99 (seconds), errors."""
    if not latencies:
        return 0.0, float("nan"), float("nan"), errors
    ordered = sorted(latencies)
    return (
        len(ordered) / wall,
        statistics.median(ordered),
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        errors,
    )


def in_process(store: ox.Store, clients: int, seconds: float) -> tuple[float, float, float, int]:
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        queries = list(MIX.values())
        index = offset
        while time.monotonic() < deadline:
            started = time.perf_counter()
            result = store.query(queries[index % len(queries)])
            result.serialize(format=ox.QueryResultsFormat.JSON)
            with lock:
                latencies.append(time.perf_counter() - started)
            index += 1

    return _summary(latencies, _run(client, clients), 0)


def rss_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (the query workers), in MB."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            total += sum(rss_mb(int(child)) for child in children)
    except OSError:
        return total or float("nan")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--only-stakegraph", action="store_true", help="Skip the peers (quick memory checks).")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stakegraph-endpoint-"))
    bin_dir = Path(sys.executable).parent
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            data = folder / f"data-{size}.nt"
            make_data(size, data)
            # (c) the floor: pyoxigraph in this process
            floor_store = ox.Store()
            floor_store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
            floor = in_process(floor_store, args.clients, 1 if args.only_stakegraph else args.seconds)
            del floor_store
            # (a) stakegraph serve over an on-disk store
            location = folder / f"store-{size}"
            store = ox.Store(str(location))
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"{ID}bench"))
            store.flush()
            del store
            port = free_port()
            env = {**os.environ, "STAKEGRAPH_DATA": str(location), "STAKEGRAPH_QUERY_TIMEOUT": "60"}
            ours = subprocess.Popen([str(bin_dir / "stakegraph"), "serve", "--port", str(port), "--workers", "2"],
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            try:
                wait_for(f"http://127.0.0.1:{port}/healthz")
                stakegraph = load("127.0.0.1", port, "/sparql", args.clients, args.seconds)
                stakegraph_rss = rss_mb(ours.pid)
            finally:
                ours.terminate()
                ours.wait(timeout=60)
            # (b) rdflib-endpoint on the same triples
            if args.only_stakegraph:
                print(
                    f"{size:>9,} triples: stakegraph {stakegraph[0]:.1f} q/s, "
                    f"peak RSS with workers {stakegraph_rss:,.0f} MB"
                )
                continue
            port = free_port()
            command = [str(bin_dir / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port), str(data)]
            peer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for(f"http://127.0.0.1:{port}/?query=ASK%7B%7D", seconds=1800)  # it serves SPARQL at /
                rdflib = load("127.0.0.1", port, "/", args.clients, args.seconds)
                rdflib_rss = rss_mb(peer.pid)
            finally:
                peer.terminate()
                peer.wait(timeout=60)
            print(f"{size:>9,} triples, {args.clients} clients, {args.seconds:.0f} s each:")
            for name, (qps, p50, p99, errors), rss in (
                ("stakegraph", stakegraph, stakegraph_rss),
                ("rdflib-endpoint", rdflib, rdflib_rss),
                ("pyoxigraph in-process", floor, float("nan")),
            ):
                memory = f"  peak RSS {rss:,.0f} MB" if rss == rss else ""
                print(
                    f"  {name:<22} {qps:9.1f} q/s  p50 {p50 * 1000:8.1f} ms  p99 {p99 * 1000:9.1f} ms"
                    f"  errors {errors}{memory}"
                )
            print(f"  ratios: stakegraph / rdflib-endpoint = {stakegraph[0] / max(rdflib[0], 1e-9):.1f}x, "
                  f"pyoxigraph / stakegraph = {floor[0] / max(stakegraph[0], 1e-9):.2f}x", flush=True)  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
