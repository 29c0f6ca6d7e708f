"""The network views, checked in a real browser (Debian's chromium, headless, driven by Playwright)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from graph.store import OxigraphStore
from viz.view import ViewRequest, render, view_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:  # `make test` installs it; a bare `pytest` on a machine without it says so
    pytest.skip("chromium is not installed (make test installs Debian's chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_page(browser: Browser, path: Path) -> tuple[Page, list[str], list[str]]:
    """Open a view with every network request blocked; returns the page, requests, console errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    errors: list[str] = []

    def block(route) -> None:
        if not route.request.url.startswith("file://"):
            requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", block)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function("document.body.dataset.rendered === '1'", timeout=30_000)
    return page, requests, errors


@pytest.fixture(scope="module")
def example_view(example_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "example.html"
    path.write_text(view_html(example_store), encoding="utf-8")
    return path


def test_example_view_loads_offline_without_errors(browser: Browser, example_view: Path, tmp_path: Path) -> None:
    page, requests, errors = open_page(browser, example_view)
    assert requests == [] and errors == []
    html = example_view.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//|@import""", html)
    page.screenshot(path=str(tmp_path / "view.png"))
    assert (tmp_path / "view.png").stat().st_size > 20_000
    page.context.close()


def test_drawn_nodes_and_edges_equal_the_graph(browser: Browser, example_view: Path, example_store) -> None:
    from graph.analysis import project

    network = project(example_store)
    page, _, _ = open_page(browser, example_view)
    drawn = page.evaluate("[stakegraph.network.body.nodeIndices.length, stakegraph.network.body.edgeIndices.length]")
    assert drawn == [network.number_of_nodes(), network.number_of_edges()]
    page.context.close()


def test_search_and_type_filter_change_what_is_visible(browser: Browser, example_view: Path) -> None:
    page, _, _ = open_page(browser, example_view)
    total = page.evaluate("stakegraph.network.body.nodeIndices.length")
    page.uncheck("input[data-kind='goal']")
    after = page.evaluate("stakegraph.network.body.nodeIndices.length")
    assert 0 < after < total
    assert "of" in page.text_content("#counts")
    page.fill("#search", "Medizin")
    assert page.evaluate("stakegraph.network.getSelectedNodes()") == ["org/medizinnrw"]
    assert "Medizin.NRW" in page.text_content("#panel")
    page.click("#reset")
    assert page.evaluate("stakegraph.network.body.nodeIndices.length") == total
    page.context.close()


def test_clicking_a_node_shows_its_evidence(browser: Browser, example_view: Path) -> None:
    page, _, _ = open_page(browser, example_view)
    page.evaluate("stakegraph.network.fit()")
    x, y = page.evaluate(
        """(() => { const p = stakegraph.network.getPositions(['person/mona-neubaur'])['person/mona-neubaur'];
                   const d = stakegraph.network.canvasToDOM(p);
                   const r = document.getElementById('network').getBoundingClientRect();
                   return [d.x + r.left, d.y + r.top]; })()"""
    )
    page.mouse.click(x, y)
    panel = page.text_content("#panel")
    assert "Mona Neubaur" in panel and "Roles" in panel
    assert "Ministerin für Wirtschaft" in panel  # a sentence of evidence
    page.context.close()


def test_hostile_labels_show_as_text_and_run_nothing(browser: Browser, tmp_path: Path) -> None:
    hostile = '<img src=x onerror="window.pwned=1">'
    closing = "</script><script>window.pwned=2</script>"
    network = nx.MultiDiGraph()
    network.add_node("person/a", label=hostile, kind="person", documents=["source/x"])
    network.add_node("org/b", label=closing, kind="organization", documents=["source/x"])
    network.add_edge("person/a", "org/b", key="role_at", relation="role_at",
                     evidence=[{"sentence": 'javascript:alert(1) <b onmouseover="window.pwned=3">x</b>',
                                "document_title": "<script>window.pwned=4</script>"}])  # fmt: skip
    path = tmp_path / "hostile.html"
    path.write_text(
        render(network, title="<i>t</i>", sources=[{"id": "source/x", "title": "<img src=y onerror=window.pwned=5>"}]),
        encoding="utf-8",
    )
    page, requests, errors = open_page(browser, path)
    page.evaluate("stakegraph.network.selectNodes(['person/a'])")
    page.fill("#search", "img")
    assert page.evaluate("window.pwned") is None
    assert hostile in page.text_content("#panel")
    assert "window.pwned=4" in page.text_content("#panel")
    assert page.text_content("#title") == "<i>t</i>"
    assert requests == [] and errors == []
    page.context.close()


def test_a_focused_view(example_store: OxigraphStore) -> None:
    html = view_html(example_store, ViewRequest(focus="Medizin", depth=1))
    assert "around Medizin.NRW" in html
