"""Shared fixtures: the bundled example, a store built from it, and a command-line runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from api.cli import main
from graph.build import Builder
from graph.settings import Settings
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "examples" / "corpus"
EXAMPLE = EXAMPLE_DIR / "clusterallianz-nrw-zukunftspapier-2025-04-10.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def example_store() -> OxigraphStore:
    """An in-memory store with the example press release built into it (read it, don't write)."""
    store = OxigraphStore()
    summary = Builder(store, Settings()).build_paths([EXAMPLE_DIR])
    assert summary.count("built") == 1, summary.outcomes
    return store


@pytest.fixture(scope="session")
def example_graph(example_store: OxigraphStore) -> Graph:
    """The named graph of the example document."""
    names = [g for g in example_store.graph_names() if "/graph/source/" in g]
    assert len(names) == 1
    return example_store.get_graph(names[0])


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``stakegraph ARGS…`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def extractor():
    from graph.extract import Extractor

    return Extractor()


@pytest.fixture
def extract(extractor):
    """``extract(text) -> report dict`` for a German text given inline."""
    from graph.ingest import parse_bytes

    def run(text: str, name: str = "text.txt") -> dict:
        source = parse_bytes(text.encode("utf-8"), name=name, media_type="text/plain", max_chars=10**7)
        report = extractor.extract(source).to_report()
        report["_text"] = source.text
        return report

    return run
