"""Concurrency: builds and uploads at the same time lose no document, and readers never see half of one.

Every document goes into the store in one transaction, so a reader sees it whole or not at all. The
proof: readers poll the store while writers run and record, for every document graph they see, its
number of triples; each observation must equal the document's final count.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

from bench.corpus import make_corpus
from graph.errors import StoreError
from graph.store import OxigraphStore
from tests.reliability.test_faults import whole_documents
from tests.serving import SCRIPT, Server, serving

TOKEN = "concurrency-token-5a4b3c"
COUNTS = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/graph/source/')) } GROUP BY ?g"
)


def split_corpus(root: Path, parts: int, size: int) -> list[Path]:
    """``parts`` folders of ``size`` generated press releases, with distinct file names."""
    made = make_corpus(parts * size, root / "all", seed=13)
    folders = []
    for index in range(parts):
        folder = root / f"part{index}"
        folder.mkdir()
        for path in made[index * size : (index + 1) * size]:
            shutil.move(path, folder / path.name)
        folders.append(folder)
    return folders


def final_counts(data: Path) -> dict[str, int]:
    with OxigraphStore(data, read_only=True) as store:
        return {str(row["g"]): int(row["n"]) for row in store.select(COUNTS)}


def assert_never_half(observed: list[dict[str, int]], final: dict[str, int]) -> None:
    assert len(observed) >= 5, "the reader should have looked several times while the writers ran"
    for snapshot in observed:
        for graph, count in snapshot.items():
            assert count == final[graph], f"a reader saw {count} of {final[graph]} triples of {graph}"
    sizes = [len(snapshot) for snapshot in observed]
    assert sizes == sorted(sizes), "documents never disappear while others are added"
    assert any(0 < size < len(final) for size in sizes), "some looks happened in the middle of the writing"


def test_two_builds_at_once_lose_no_document_and_readers_see_whole_ones(tmp_path: Path) -> None:
    first, second = split_corpus(tmp_path / "corpus", 2, 40)
    data = tmp_path / "store"
    observed: list[dict[str, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                with OxigraphStore(data, read_only=True) as store:
                    observed.append({str(row["g"]): int(row["n"]) for row in store.select(COUNTS)})
            except StoreError:  # not created yet, or files replaced while opening: look again
                pass
            time.sleep(0.1)

    reader = threading.Thread(target=read)
    builds = [
        subprocess.Popen(
            [str(SCRIPT), "build", str(folder), "--data", str(data), "--wait", "300", "--jobs", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    reader.start()
    outputs = [build.communicate(timeout=600) for build in builds]
    stop.set()
    reader.join()
    for build, (out, err) in zip(builds, outputs, strict=True):
        assert build.returncode == 0, err
        assert "built 40" in out
    assert any("waiting up to 300 s" in err for _, err in outputs)  # one of them waited for the other
    final = final_counts(data)
    assert len(whole_documents(data)) == len(final) == 80
    assert_never_half(observed, final)


def test_builds_through_the_api_and_uploads_at_once_lose_no_document(tmp_path: Path) -> None:
    first, second, third = split_corpus(tmp_path / "corpus", 3, 25)
    data = tmp_path / "store"
    env = {**os.environ, "STAKEGRAPH_DATA": str(data), "STAKEGRAPH_TOKEN": TOKEN}
    with serving(env) as server:
        # while the server holds the store, a local build says how to go through the server instead
        local = subprocess.run(
            [str(SCRIPT), "build", str(first), "--wait", "1"], env=env, capture_output=True, text=True, timeout=120
        )
        assert local.returncode == 1 and "stakegraph build --api URL" in local.stderr, local.stderr
        tokenless = {k: v for k, v in env.items() if k != "STAKEGRAPH_TOKEN"}
        refused = subprocess.run(
            [str(SCRIPT), "build", str(first), "--api", server.url], env=tokenless, capture_output=True, text=True
        )
        assert refused.returncode == 1 and "refused the upload" in refused.stderr, refused.stderr
        assert "set STAKEGRAPH_TOKEN" in refused.stderr and "Traceback" not in refused.stderr

        observed: list[dict[str, int]] = []
        failures: list[str] = []
        stop = threading.Event()

        def read() -> None:
            query = "/sparql?" + urllib.parse.urlencode({"query": COUNTS})
            while not stop.is_set():
                status, _, body = server.request(query, headers={"Accept": "text/csv"})
                if status != 200:
                    failures.append(f"read: {status} {body[:200]!r}")
                else:
                    rows = body.decode().splitlines()[1:]
                    observed.append({line.split(",")[0]: int(line.split(",")[1]) for line in rows if line})
                time.sleep(0.1)

        def upload(folder: Path) -> None:
            for path in sorted(folder.iterdir()):
                status, _, body = server.request(
                    f"/documents?name={path.name}",
                    method="POST",
                    data=path.read_bytes(),
                    headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"},
                )
                if status != 201:
                    failures.append(f"upload {path.name}: {status} {body[:200]!r}")

        api_builds = [
            subprocess.Popen(
                [str(SCRIPT), "build", str(folder), "--api", server.url],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for folder in (first, second)
        ]
        threads = [threading.Thread(target=read), threading.Thread(target=upload, args=(third,))]
        for thread in threads:
            thread.start()
        outputs = [build.communicate(timeout=600) for build in api_builds]
        threads[1].join()
        stop.set()
        threads[0].join()
        for build, (out, err) in zip(api_builds, outputs, strict=True):
            assert build.returncode == 0, err
            assert "built 25, skipped 0 unchanged, failed 0" in out and "75 documents" not in err
        assert failures == []
        again = subprocess.run(
            [str(SCRIPT), "build", str(first), "--api", server.url], env=env, capture_output=True, text=True
        )
        assert "built 0, skipped 25 unchanged" in again.stdout, again.stdout + again.stderr
        assert server.json("/stats")["source_documents"] == 75
        final = _counts_over_http(server)
    assert final == final_counts(data)
    assert len(whole_documents(data)) == 75
    assert_never_half(observed, final)


def _counts_over_http(server: Server) -> dict[str, int]:
    status, _, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": COUNTS}), headers={"Accept": "text/csv"}
    )
    assert status == 200
    return {line.split(",")[0]: int(line.split(",")[1]) for line in body.decode().splitlines()[1:] if line}
