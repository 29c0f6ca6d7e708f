"""The command line: each command's happy path and its bad-input path, with messages, not tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, EXAMPLE_DIR


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def built(cli, data: Path) -> Path:
    result = cli("build", EXAMPLE_DIR, "--data", data)
    assert result.code == 0, result.err
    return data


def test_build_reports_a_summary_and_skips_unchanged_files(cli, data: Path) -> None:
    first = cli("build", EXAMPLE_DIR, "--data", data)
    assert first.code == 0
    assert "built 1, skipped 0" in first.out
    assert "5 persons" in first.out
    second = cli("build", EXAMPLE_DIR, "--data", data)
    assert "built 0, skipped 1 unchanged" in second.out


def test_build_with_a_bad_file_goes_on_with_the_rest(cli, data: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXAMPLE, corpus / "good.txt")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    result = cli("build", corpus, "--data", data)
    assert result.code == 0
    assert "built 1" in result.out and "failed 2" in result.out
    assert "empty.txt: is empty" in result.err
    assert "binary.txt: looks binary" in result.err
    assert "Traceback" not in result.err


def test_build_of_a_missing_path_is_a_clear_error(cli, data: Path) -> None:
    result = cli("build", "no/such/folder", "--data", data)
    assert result.code == 1
    assert "no/such/folder: no such file or folder" in result.err
    assert not data.exists()


def test_data_directory_comes_from_the_environment(cli, data: Path, monkeypatch) -> None:
    monkeypatch.setenv("STAKEGRAPH_DATA", str(data))
    assert cli("build", EXAMPLE_DIR).code == 0
    assert (data / "CURRENT").exists()


def test_extract_prints_the_extraction_report(cli) -> None:
    result = cli("extract", EXAMPLE, "--format", "json")
    assert result.code == 0
    report = json.loads(result.out)
    assert {"persons", "organizations", "documents", "quotes", "relations", "goals_topics", "events"} <= set(report)
    names = {p["name"] for p in report["persons"]}
    assert "Mona Neubaur" in names


def test_extract_turtle_parses(cli) -> None:
    from rdflib import Graph

    result = cli("extract", EXAMPLE, "--format", "turtle")
    assert result.code == 0
    assert len(Graph().parse(data=result.out, format="turtle")) > 100


def test_extract_bad_input(cli, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Düsseldorf, 1. März 2025\n\nDie Ministerin sagte, dass Förderung wichtig ist.".encode("latin-1"))
    assert cli("extract", latin).code == 0  # detected, not refused
    assert "no such file" in cli("extract", tmp_path / "missing.txt").err
    assert cli("extract", EXAMPLE, "--format", "xml").code == 2


def test_query_formats(cli, built: Path) -> None:
    sparql = "SELECT ?name WHERE { ?p a sg:Person ; rdfs:label ?name } ORDER BY ?name"
    table = cli("query", sparql, "--data", built)
    assert table.code == 0 and "Mona Neubaur" in table.out and "5 rows" in table.out
    as_json = json.loads(cli("query", sparql, "--data", built, "--format", "json").out)
    assert len(as_json["results"]["bindings"]) == 5
    csv = cli("query", sparql, "--data", built, "--format", "csv").out.splitlines()
    assert csv[0] == "name" and len(csv) == 6
    ask = cli("query", "ASK { ?x org:memberOf ?y }", "--data", built)
    assert ask.out.strip() == "true"
    construct = cli("query", "CONSTRUCT { ?x a sg:Person } WHERE { ?x a sg:Person }", "--data", built)
    assert "sg:Person" in construct.out or "ns#Person" in construct.out


def test_query_from_file_and_bad_queries(cli, built: Path, tmp_path: Path) -> None:
    file = tmp_path / "people.rq"
    file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a sg:Person }", encoding="utf-8")
    assert "5" in cli("query", file, "--data", built).out
    broken = cli("query", "SELECT ?x WHERE { ?x", "--data", built)
    assert broken.code == 1 and "SPARQL syntax error" in broken.err
    assert "no such query file" in cli("query", tmp_path / "nope.rq", "--data", built).err
    update = cli("query", "DELETE WHERE { ?s ?p ?o }", "--data", built)
    assert update.code == 1
    assert "5" in cli("query", file, "--data", built).out  # nothing was deleted


def test_query_without_a_store_says_how_to_build_one(cli, tmp_path: Path) -> None:
    result = cli("query", "ASK {}", "--data", tmp_path / "none")
    assert result.code == 1 and "stakegraph build" in result.err


def test_export_and_import(cli, built: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.trig"
    assert cli("export", "--data", built, "--format", "trig", "--out", target).code == 0
    copy = tmp_path / "copy"
    assert cli("import", target, "--data", copy).code == 0
    original = json.loads(cli("stats", "--data", built, "--json").out)
    imported = json.loads(cli("stats", "--data", copy, "--json").out)
    assert original == imported
    assert cli("export", "--data", built, "--format", "yaml").code == 2
    assert cli("import", tmp_path / "x.unknown", "--data", copy).code == 2
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = cli("import", bad, "--data", copy, "--graph", "https://example.org/g")
    assert result.code == 1 and "not valid" in result.err


def test_validate_and_stats(cli, built: Path) -> None:
    result = cli("validate", "--data", built)
    assert result.code == 0 and "valid:" in result.out
    stats = json.loads(cli("stats", "--data", built, "--json").out)
    assert stats["source_documents"] == 1 and stats["persons"] == 5
    assert cli("validate", "--data", built, "--graph", "https://example.org/none").code == 1


def test_validate_reports_violations(cli, built: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix sg: <https://w3id.org/stakegraph/ns#> .\n<https://example.org/p> a sg:Person , sg:Agent .\n",
        encoding="utf-8",
    )
    assert cli("import", broken, "--data", built, "--graph", "https://example.org/broken").code == 0
    result = cli("validate", "--data", built)
    assert result.code == 1
    assert "Every entity needs a label" in result.out


@pytest.mark.parametrize("command", ["build", "extract", "query", "export", "import", "validate", "stats"])
def test_every_command_has_help_with_an_example(cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert "Example" in result.out or (command in {"stats"} and "--json" in result.out)
    if "--data" in result.out:  # bracketed notes are text, not console markup that vanishes
        assert "[env: STAKEGRAPH_DATA" in " ".join(result.out.replace("│", " ").split())


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "stakegraph"
    result = subprocess.run(
        [str(script), "query", "ASK {}", "--data", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "error:" in result.stderr
