"""Faults: a full or read-only data directory, a locked store, a SPARQL server that goes away.

Each gives a clear one-line error (no traceback), leaves the store as it was (it opens, validates and
holds every document whole or not at all), and the same command succeeds once the cause is gone.

The disk faults are real file systems: a small tmpfs that fills up, remounted read-only. Mounting
needs root (or CAP_SYS_ADMIN), which `make test` has on our machines and in CI.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.corpus import make_corpus
from graph.store import OxigraphStore
from tests.conftest import FIXTURES
from tests.serving import SCRIPT

DEVSET = FIXTURES / "devset" / "texts"


def stakegraph(*args: object, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def assert_clear_failure(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-2000:]
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr[-2000:]


def whole_documents(data: Path | None = None, *, store: object | None = None) -> list[str]:
    """The document graphs of a store, each checked to be whole (its source, report and validated facts)."""
    opened = OxigraphStore(data, read_only=True) if store is None else store
    try:
        graphs = [g for g in opened.graph_names() if "/graph/source/" in g]  # type: ignore[attr-defined]
        for name in graphs:
            assert opened.ask(  # type: ignore[attr-defined]
                f"ASK {{ GRAPH <{name}> {{ ?d a sg:SourceText ; sg:extractionReport ?r ; sg:contentHash ?h }} }}"
            ), name
        return graphs
    finally:
        if store is None:
            opened.close()  # type: ignore[union-attr]


@contextlib.contextmanager
def tmpfs(path: Path, megabytes: int) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)], check=False)
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root or CAP_SYS_ADMIN (make test runs as root here and in CI)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)


def test_a_full_disk_stops_the_build_cleanly_and_the_next_build_completes(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", 3) as disk:
        data = disk / "store"
        result = stakegraph("build", DEVSET, "--data", data, "--jobs", "1")
        assert_clear_failure(result, "the disk is full", "the build stopped", "running the same build again")
        assert len(result.stderr.strip().splitlines()) == 1  # one message, not one per remaining document
        kept = whole_documents(data)
        validated = stakegraph("validate", "--data", data)
        assert validated.returncode == 0, validated.stdout + validated.stderr
        remount(disk, "size=1024m")  # space freed (a ceiling: the devset grows)
        again = stakegraph("build", DEVSET, "--data", data)
        assert again.returncode == 0, again.stderr
        assert f"skipped {len(kept)} unchanged" in again.stdout
        assert len(whole_documents(data)) == len(list(DEVSET.glob("*.txt")))


def test_a_read_only_data_directory_is_a_clear_error_and_reads_go_on(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", 1024) as disk:  # a ceiling, not an allocation: the devset grows
        data = disk / "store"
        assert stakegraph("build", DEVSET, "--data", data).returncode == 0
        before = whole_documents(data)
        remount(disk, "ro")
        assert_clear_failure(stakegraph("build", DEVSET, "--data", data, "--force"), "read-only file system")
        assert_clear_failure(stakegraph("build", DEVSET, "--data", disk / "new"), "Read-only file system")
        assert_clear_failure(stakegraph("serve", "--data", data, "--port", "1"), "read-only file system")
        queried = stakegraph("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", data, "--format", "csv")
        assert queried.returncode == 0 and queried.stdout.split()[-1].isdigit(), queried.stderr
        assert whole_documents(data) == before
        remount(disk, "rw")
        forced = stakegraph("build", DEVSET, "--data", data, "--force")
        assert forced.returncode == 0, forced.stderr
        assert whole_documents(data) == before


def test_a_locked_store_waits_or_says_who_holds_it(tmp_path: Path) -> None:
    data = tmp_path / "store"
    folder = tmp_path / "in"
    make_corpus(6, folder, seed=3)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom graph.store import OxigraphStore\n"
         f"s = OxigraphStore({str(data)!r})\nprint('open', flush=True)\ntime.sleep(float(sys.argv[1]))\ns.close()",
         "4"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert_clear_failure(
            stakegraph("build", folder, "--data", data, "--wait", "0"), "open for writing in another process"
        )
        started = time.monotonic()
        waited = stakegraph("build", folder, "--data", data, "--wait", "60")
        assert waited.returncode == 0, waited.stderr
        assert "waiting up to 60 s" in waited.stderr and "built 6" in waited.stdout
        assert time.monotonic() - started >= 2  # it did wait for the holder
    finally:
        holder.kill()
        holder.wait()
    assert len(whole_documents(data)) == 6


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[tuple[str, callable]]:
    """A real Oxigraph server on disk that the test can stop and start again on the same data."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = tmp_path / "oxigraph"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    processes: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).read()
                return process
            time.sleep(0.1)
        raise RuntimeError("the oxigraph server did not start")

    yield url, start
    for process in processes:
        process.kill()
        process.wait()


def test_a_vanished_sparql_server_stops_the_build_and_a_rerun_completes_it(
    tmp_path: Path, oxigraph_server: tuple[str, callable]
) -> None:
    url, start = oxigraph_server
    corpus = tmp_path / "corpus"
    make_corpus(120, corpus, seed=7)
    server = start()
    env = {**os.environ, "STAKEGRAPH_STORE": url + "/query", "STAKEGRAPH_UPDATE_URL": url + "/update"}
    build = subprocess.Popen(
        [str(SCRIPT), "build", str(corpus), "--jobs", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    time.sleep(4)
    server.send_signal(signal.SIGKILL)  # the server goes away in the middle of the build
    server.wait()
    out, err = build.communicate(timeout=120)
    result = subprocess.CompletedProcess(build.args, build.returncode, out, err)
    assert_clear_failure(result, "cannot be reached", "the build stopped")
    start()  # the server is back, on the same data
    from graph.remote import RemoteStore

    remote = RemoteStore(url + "/query", url + "/update")
    kept = whole_documents(store=remote)
    assert 0 < len(kept) < 120, len(kept)  # the kill did hit the middle of the build
    again = stakegraph("build", corpus, env=env)
    assert again.returncode == 0, again.stderr
    assert f"skipped {len(kept)} unchanged" in again.stdout
    assert len(whole_documents(store=remote)) == 120


def test_the_service_answers_503_while_its_sparql_server_is_gone_and_recovers(
    tmp_path: Path, oxigraph_server: tuple[str, callable]
) -> None:
    from tests.conftest import EXAMPLE_DIR
    from tests.serving import serving

    url, start = oxigraph_server
    backend = start()
    env = {**os.environ, "STAKEGRAPH_STORE": url + "/query", "STAKEGRAPH_UPDATE_URL": url + "/update"}
    assert stakegraph("build", EXAMPLE_DIR, env=env).returncode == 0
    query = "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    with serving({**env, "STAKEGRAPH_QUERY_TIMEOUT": "2"}) as service:
        assert service.request(query)[0] == 200
        assert service.json("/stats")["source_documents"] == 1
        slow = "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        started = time.monotonic()
        status, _, body = service.request(slow)
        assert status == 503 and b"query-timeout" in body and time.monotonic() - started < 10, body
        backend.send_signal(signal.SIGKILL)
        backend.wait()
        for path in (query, "/stats", "/entities?q=cluster"):
            status, headers, body = service.request(path)
            assert status == 503 and headers["content-type"] == "application/problem+json", (path, status, body)
            assert b"cannot be reached" in body
        start()  # the SPARQL server is back: the service answers again, without a restart
        assert service.request(query)[0] == 200
        assert service.json("/stats")["source_documents"] == 1
