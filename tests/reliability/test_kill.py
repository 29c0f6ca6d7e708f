"""Builds killed with SIGKILL at random moments leave a store that opens, validates and holds every
document whole or not at all; the next build completes it."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from bench.corpus import make_corpus
from graph.store import OxigraphStore
from ontology.validate import validate

KILLS = 8
DOCUMENTS = 300


def test_sigkill_at_random_moments_never_leaves_half_a_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(DOCUMENTS, corpus, seed=11)
    data = tmp_path / "store"
    script = Path(sys.executable).parent / "stakegraph"
    rng = random.Random(5)
    survivors = []
    for _ in range(KILLS):
        process = subprocess.Popen(
            [str(script), "build", str(corpus), "--data", str(data), "--jobs", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        with OxigraphStore(data) as store:  # opens (no lock left behind, no corruption)
            graphs = [g for g in store.graph_names() if "/graph/source/" in g]
            for name in graphs:  # every stored document is whole: its source text and its facts
                assert store.ask(f"ASK {{ GRAPH <{name}> {{ ?d a sg:SourceText ; sg:extractionReport ?r }} }}"), name
            survivors.append(len(graphs))
            if graphs:
                assert validate(store.get_graph(rng.choice(graphs))) == []
    time.sleep(0.5)
    orphans = [p.pid for p in psutil.process_iter(["cmdline"]) if str(corpus) in " ".join(p.info["cmdline"] or [])]
    assert orphans == [], "worker processes of killed builds must end with them"
    finished = subprocess.run(
        [str(script), "build", str(corpus), "--data", str(data)], capture_output=True, text=True, timeout=600
    )
    assert finished.returncode == 0, finished.stderr
    with OxigraphStore(data, read_only=True) as store:
        assert len([g for g in store.graph_names() if "/graph/source/" in g]) == DOCUMENTS
    assert survivors == sorted(survivors)  # progress is kept across kills
    assert any(0 < count < DOCUMENTS for count in survivors)  # some kills did hit a build in the middle
    print(f"documents whole after each of {KILLS} kills: {survivors}")
