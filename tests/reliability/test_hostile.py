"""Hostile input: each gets a clear 4xx or command-line error, the store stays as it was, the service stays up.

The server is the real one (``stakegraph serve`` under uvicorn); the query page is checked in Debian's
chromium. Other hostile inputs are covered where their feature is tested (see README.md beside this file).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.sparql import check_token
from tests.conftest import EXAMPLE_DIR
from tests.pdfmaker import make_bomb_pdf
from tests.serving import SCRIPT, Server, build, serving

TOKEN = "hostile-test-token-6b1f0c2e9d"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MARKUP = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <a href="javascript:window.pwned=3">x</a>'

NESTED = {
    "braces": "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "operator chain": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 20000) + " > 0) }",
    "negations": "ASK { FILTER(" + "!" * 20000 + "true) }",
    "unions": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }",
    "blank nodes": "SELECT * WHERE { ?s <p:a> " + "[ <p:a> " * 5000 + "1" + " ]" * 5000 + " }",
}


@pytest.fixture(scope="module")
def store_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("hostile") / "store"
    env = {**os.environ, "STAKEGRAPH_DATA": str(data), "STAKEGRAPH_TOKEN": TOKEN, "STAKEGRAPH_QUERY_TIMEOUT": "5"}
    build([EXAMPLE_DIR], env)
    return env


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-log") / "server.log"


@pytest.fixture(scope="module")
def server(store_env: dict[str, str], log: Path) -> Iterator[Server]:
    with serving(store_env, log=log) as server:
        yield server


def fingerprint(server: Server) -> str:
    """A digest of the whole dataset as the server exports it: equal digests, unchanged store."""
    status, _, body = server.request("/export?format=nquads")
    assert status == 200
    return hashlib.sha256(b"\n".join(sorted(body.splitlines()))).hexdigest()


def assert_problem(status: int, headers: dict, body: bytes, expected: int, *words: str) -> dict:
    assert status == expected, body[:500]
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == expected
    for word in words:
        assert word in problem["detail"], problem
    return problem


@pytest.mark.parametrize("shape", list(NESTED))
def test_deeply_nested_queries_are_refused_and_the_service_stays_up(server: Server, shape: str) -> None:
    """Without the guard each of these kills the query parser with a stack overflow (segmentation fault)."""
    query = NESTED[shape]
    status, headers, body = server.request(
        "/sparql", method="POST", data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert_problem(status, headers, body, 400, "limit")
    assert server.alive()
    assert server.json("/stats")["source_documents"] == 1


def test_a_deeply_nested_update_is_refused_and_changes_nothing(server: Server) -> None:
    """Updates run in the server's own process: a parser crash there would take the whole service down."""
    before = fingerprint(server)
    update = "INSERT { <https://example.org/a> <https://example.org/b> 1 } WHERE " + "{" * 5000 + "}" * 5000
    status, headers, body = server.request(
        "/sparql", method="POST", data=update.encode(), headers={"Content-Type": "application/sparql-update", **AUTH}
    )
    assert_problem(status, headers, body, 400, "nests 5000 levels")
    assert server.alive() and fingerprint(server) == before


def test_the_command_line_refuses_nested_queries(store_env: dict[str, str]) -> None:
    result = subprocess.run(
        [str(SCRIPT), "query", NESTED["braces"]], env=store_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])  # not -11 (SIGSEGV)
    assert "nests 5000 levels deep; the limit is 128" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_decompression_bomb_is_refused_quickly(server: Server, tmp_path: Path, store_env: dict[str, str]) -> None:
    """A 1 MB PDF whose content stream expands to 1 GB: refused before it is inflated."""
    bomb = make_bomb_pdf(1 << 30)
    assert len(bomb) < 2_000_000
    before = fingerprint(server)
    started = time.monotonic()
    status, headers, body = server.request(
        "/documents?name=bomb.pdf", method="POST", data=bomb, headers={"Content-Type": "application/pdf", **AUTH}
    )
    assert_problem(status, headers, body, 400, "decompression bomb")
    assert time.monotonic() - started < 10
    assert server.alive() and fingerprint(server) == before

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(bomb)
    (folder / "note.txt").write_text("Berlin, 3. März 2025\n\nDie Beispiel GmbH wächst.\n", encoding="utf-8")
    env = {**store_env, "STAKEGRAPH_DATA": str(tmp_path / "store")}
    result = subprocess.run([str(SCRIPT), "build", str(folder)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "bomb.pdf: a compressed part of the PDF expands beyond" in result.stderr
    assert "built 1, skipped 0 unchanged, failed 1" in result.stdout


def test_a_pdf_that_takes_too_long_is_given_up(tmp_path: Path, store_env: dict[str, str]) -> None:
    """Each stream under the limit, but many pages: the time budget (checked between pages) ends it."""
    (tmp_path / "slow.pdf").write_bytes(make_bomb_pdf(9 << 20, pages=200))
    env = {**store_env, "STAKEGRAPH_DATA": str(tmp_path / "store"), "STAKEGRAPH_MAX_PDF_SECONDS": "1"}
    started = time.monotonic()
    result = subprocess.run(
        [str(SCRIPT), "build", str(tmp_path / "slow.pdf")], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "slow.pdf: reading the PDF took longer than 1 s; giving up" in result.stderr
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    "path",
    [
        "/documents/..%2F..%2F..%2Fetc%2Fpasswd",
        "/documents/../../../etc/passwd",
        "/entities/%2e%2e/%2e%2e/etc/passwd",
        "/export?format=..%2F..%2Fetc%2Fpasswd",
        "/export?format=trig%0d%0aSet-Cookie:%20x=1",
        "/queries/..%2F..%2Fgraph%2Fsettings.py",
        "/view?focus=..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_path_traversal_in_ids_and_export_names(server: Server, path: str) -> None:
    status, headers, body = server.request(path)
    assert 400 <= status < 500, (path, status)
    assert headers["content-type"] == "application/problem+json"
    assert b"root:" not in body and b"Set-Cookie" not in b"".join(k.encode() for k in headers)


def test_upload_names_cannot_leave_the_store(server: Server, store_env: dict[str, str]) -> None:
    before = fingerprint(server)
    for name in ["../../evil.txt", "/etc/passwd", "..\\evil.txt", "a/b.txt", "x\x00.txt"]:
        query = urllib.parse.urlencode({"name": name})
        status, headers, _ = server.request(
            f"/documents?{query}", method="POST", data=b"Text", headers={"Content-Type": "text/plain", **AUTH}
        )
        assert status == 422 and headers["content-type"] == "application/problem+json", name
    assert fingerprint(server) == before
    data = Path(store_env["STAKEGRAPH_DATA"])
    assert not (data.parent / "evil.txt").exists() and not (data.parent.parent / "evil.txt").exists()


def test_markup_in_documents_stays_text_in_the_json_api(server: Server) -> None:
    text = (
        f"Köln, 1. April 2025\n\nDer Verein plant {MARKUP} weitere Projekte.\n\n"
        f"„Wir wollen {MARKUP} zeigen“, sagte Dr. Eva Muster, Geschäftsführerin der Beispiel Technik GmbH.\n"
    )
    status, headers, body = server.request(
        "/documents?name=markup.txt", method="POST", data=text.encode(), headers={"Content-Type": "text/plain", **AUTH}
    )
    assert status == 201, body
    assert headers["content-type"] == "application/json" and headers["x-content-type-options"] == "nosniff"
    created = json.loads(body)
    sentences = [role["evidence"]["sentence"] for person in created["report"]["persons"] for role in person["roles"]]
    assert any(MARKUP in sentence for sentence in sentences), sentences
    status, headers, body = server.request(f"/documents/{created['id']}")
    assert status == 200 and headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    facts = json.loads(body)["facts_list"]
    assert any(MARKUP in fact["evidence"]["sentence"] for fact in facts if fact["evidence"]), facts
    status, _, _ = server.request(f"/documents/{created['id']}", method="DELETE", headers=AUTH)
    assert status == 204


def test_markup_in_labels_is_shown_as_text_on_the_query_page(server: Server) -> None:
    from tests.test_view import ARGS, CHROMIUM

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    subject = "https://example.org/hostile"
    label = json.dumps(MARKUP)
    insert = f"INSERT DATA {{ GRAPH <https://example.org/g-hostile> {{ <{subject}> rdfs:label {label} }} }}"
    headers = {"Content-Type": "application/sparql-update", **AUTH}
    assert server.request("/sparql", method="POST", data=insert.encode(), headers=headers)[0] == 204
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(server.url + "/")
            page.fill("#query", f"SELECT ?label WHERE {{ <{subject}> rdfs:label ?label }}")
            page.click("button[type=submit]")
            page.wait_for_selector("#results td", timeout=20_000)
            cell = page.inner_text("#results td")
            injected = page.evaluate("document.querySelectorAll('#results img, #results script, #results a').length")
            pwned = page.evaluate("window.pwned === undefined ? null : window.pwned")
            browser.close()
        assert cell == MARKUP
        assert injected == 0 and pwned is None and dialogs == []
    finally:
        drop = b"DROP SILENT GRAPH <https://example.org/g-hostile>"
        assert server.request("/sparql", method="POST", data=drop, headers=headers)[0] == 204


def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """check_token goes through hmac.compare_digest, whose time does not depend on where the strings differ."""
    import hmac
    from types import SimpleNamespace

    from api.problems import Problem

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("api.sparql.hmac.compare_digest", recording)

    def request(header: str | None) -> SimpleNamespace:
        settings = SimpleNamespace(token="s3cret")
        return SimpleNamespace(
            app=SimpleNamespace(state=SimpleNamespace(settings=settings)),
            headers={"authorization": header} if header is not None else {},
        )

    check_token(request("Bearer s3cret"))  # type: ignore[arg-type]
    for header in ["Bearer s3creT", "Bearer ", None, "Basic s3cret", "Bearer s3cret-and-more"]:
        with pytest.raises(Problem) as refused:
            check_token(request(header))  # type: ignore[arg-type]
        assert refused.value.status == 403 and "s3cret" not in refused.value.detail
    assert len(calls) == 6 and all(b == b"s3cret" for _, b in calls)


def test_no_token_in_logs_or_answers(server: Server, log: Path) -> None:
    """Right and wrong tokens, in headers, forms and query strings: never echoed, never logged."""
    wrong = "wrong-token-0f9e8d7c"
    update = b"INSERT DATA { GRAPH <https://example.org/t> { <https://example.org/t> <https://example.org/t> 1 } }"
    answers: list[bytes] = []
    for token in [TOKEN, wrong]:
        for headers in (
            {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
            {"Content-Type": "application/sparql-update", "Authorization": token},
        ):
            answers.append(server.request("/sparql", method="POST", data=update, headers=headers)[2])
        form = urllib.parse.urlencode({"update": update.decode(), "access_token": token}).encode()
        answers.append(
            server.request(
                "/sparql", method="POST", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
            )[2]
        )
        answers.append(server.request(f"/documents/nothing?token={token}", headers={"Authorization": token})[2])
        answers.append(server.request("/sparql?query=SELECT%20(1%20AS%20?x)%20{}", headers={"Authorization": token})[2])
    server.request("/sparql", method="POST", data=b"DROP SILENT GRAPH <https://example.org/t>", headers={
        "Content-Type": "application/sparql-update", **AUTH})  # fmt: skip
    for answer in answers:
        assert TOKEN.encode() not in answer and wrong.encode() not in answer
    shutil.copy(log, log.with_suffix(".copy"))
    logged = log.with_suffix(".copy").read_bytes()
    assert TOKEN.encode() not in logged and wrong.encode() not in logged


@pytest.mark.parametrize(
    "update",
    [
        "LOADSILENT<http://127.0.0.1:9/data.ttl>",
        "CREATE #c\rSILENT GRAPH <https://example.org/c> ; LOAD <http://127.0.0.1:9/data.ttl>",
        "INSERT DATA { <a:b> <a:c> 1 } ;\u000bLOAD <http://127.0.0.1:9/data.ttl>",
    ],
)
def test_load_hidden_from_a_naive_keyword_scan_is_still_refused(server: Server, update: str) -> None:
    """Found by the fuzzer: Oxigraph reads 'LOADSILENT<…>' as LOAD, and a comment ends at a carriage return."""
    before = fingerprint(server)
    status, headers, body = server.request(
        "/sparql", method="POST", data=update.encode(), headers={"Content-Type": "application/sparql-update", **AUTH}
    )
    assert_problem(status, headers, body, 400, "LOAD would make the server contact another host")
    assert fingerprint(server) == before


def test_graph_parameters_must_be_iris(server: Server) -> None:
    """Found by the fuzzer: an empty named-graph-uri crashed the query worker's request (503)."""
    for parameter in ("named-graph-uri", "default-graph-uri"):
        query = urllib.parse.urlencode({"query": "ASK {}", parameter: ""})
        status, headers, body = server.request(f"/sparql?{query}")
        assert_problem(status, headers, body, 400, "must be an absolute IRI")


@pytest.mark.parametrize(
    ("method", "text"),
    [
        ("query", "SELECT * WHERE { BIND(foaf:a\\# AS ?x) SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
        ("query", "SELECT * WHERE { BIND(foaf:a\\' AS ?x) SERVICE <http://127.0.0.1:9/sparql> { ?s ?p 'o' } }"),
        ("update", "INSERT DATA { foaf:a\\# foaf:b foaf:c } ; LOAD SILENT <http://127.0.0.1:9/data.ttl>"),
    ],
)
def test_escaped_characters_in_names_hide_nothing(server: Server, method: str, text: str) -> None:
    """Found by the long fuzzing run: 'foaf:a\\#' made the guard read the rest of the line as a comment."""
    before = fingerprint(server)
    media = "application/sparql-query" if method == "query" else "application/sparql-update"
    status, headers, body = server.request(
        "/sparql", method="POST", data=text.encode(), headers={"Content-Type": media, **AUTH}
    )
    assert_problem(status, headers, body, 400, "would make the server contact another host")
    assert fingerprint(server) == before


@pytest.mark.parametrize(
    "query",
    [
        "ASK { ?s foaf:a\\# ?o FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
        "ASK { FILTER(1<" + "(" * 20000 + "1" + ")" * 20000 + ">0) }",
    ],
)
def test_nesting_hidden_behind_escapes_or_comparisons_is_refused(server: Server, query: str) -> None:
    """Found by the long fuzzing run: both crashed a query worker (segmentation fault)."""
    status, headers, body = server.request(
        "/sparql", method="POST", data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert_problem(status, headers, body, 400, "limit")
    assert server.alive()


def test_an_unknown_function_is_a_bad_request(server: Server, store_env: dict[str, str]) -> None:
    for query in ["SELECT * WHERE { FILTER(<http://example.org/f>(1)) }", "SELECT (sg:nothing() AS ?x) WHERE {}"]:
        status, headers, body = server.request("/sparql?" + urllib.parse.urlencode({"query": query}))
        assert_problem(status, headers, body, 400, "not supported")
        result = subprocess.run(
            [str(SCRIPT), "query", query], env=store_env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 1 and "not supported" in result.stderr and "Traceback" not in result.stderr
