"""Benchmark: extraction speed (words per second per core) and corpus builds (documents per minute).

Peers measured in the same run:
- extraction is compared with spaCy's German tokenizer alone on the same texts (the floor any
  spaCy-based extractor pays);
- a build is compared with loading the very triples it wrote into a fresh on-disk Oxigraph store
  with ``bulk_load`` (the floor any Oxigraph-based builder pays for writing).

    python bench/extraction.py [--documents 1000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph

from bench.corpus import make_corpus
from graph.build import Builder
from graph.extract import Extractor
from graph.ingest import read_source
from graph.segment import tokenizer_pipeline
from graph.settings import Settings
from graph.store import OxigraphStore


def extraction_speed(paths: list[Path]) -> tuple[float, float, int]:
    sources = [read_source(p, max_bytes=10**8, max_chars=10**8) for p in paths]
    words = sum(len(s.text.split()) for s in sources)
    extractor = Extractor()
    extractor.extract(sources[0])  # warm-up: lexicon, patterns, concept matcher
    started = time.perf_counter()
    for source in sources:
        extractor.extract(source)
    ours = words / (time.perf_counter() - started)
    nlp = tokenizer_pipeline("de")
    started = time.perf_counter()
    for source in sources:
        nlp(source.text)
    tokenizer = words / (time.perf_counter() - started)
    return ours, tokenizer, words


def build_time(paths: list[Path], jobs: int) -> tuple[float, int, bytes]:
    location = Path(tempfile.mkdtemp(prefix="stakegraph-bench-"))
    try:
        with OxigraphStore(location / "store") as store:
            started = time.perf_counter()
            summary = Builder(store, Settings()).build_paths(paths, jobs=jobs)
            seconds = time.perf_counter() - started
            assert summary.count("built") == len(paths), [o.message for o in summary.outcomes if o.status == "failed"][
                :3
            ]
            dump = io.BytesIO()
            store.export(dump, "nquads")
        return seconds, summary.facts, dump.getvalue()
    finally:
        shutil.rmtree(location, ignore_errors=True)


def bulk_load_time(nquads: bytes) -> float:
    location = Path(tempfile.mkdtemp(prefix="stakegraph-bench-"))
    try:
        store = pyoxigraph.Store(str(location / "store"))
        started = time.perf_counter()
        store.bulk_load(nquads, pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
        return time.perf_counter() - started
    finally:
        shutil.rmtree(location, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    corpus_dir = Path(tempfile.mkdtemp(prefix="stakegraph-corpus-"))
    try:
        paths = make_corpus(args.documents, corpus_dir)
        ours, tokenizer, words = extraction_speed(paths)
        print(f"corpus: {len(paths)} documents, {words:,} words (cores: {os.cpu_count()})")
        print(
            f"extraction, 1 process: {ours:,.0f} words/s; spaCy tokenizer alone: {tokenizer:,.0f} words/s "
            f"(ratio {ours / tokenizer:.2f})"
        )
        for jobs in sorted({1, args.jobs}):
            seconds, facts, nquads = build_time(paths, jobs)
            floor = bulk_load_time(nquads)
            triples = nquads.count(b"\n")
            print(
                f"build, {jobs} job(s): {seconds:.1f} s = {len(paths) / seconds * 60:,.0f} documents/min, "
                f"{words / seconds:,.0f} words/s, {facts:,} facts, {triples:,} quads; "
                f"bulk_load of the same quads: {floor:.1f} s (ratio {seconds / floor:.1f})"
            )
    finally:
        shutil.rmtree(corpus_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
