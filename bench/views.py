"""Benchmark: view HTML size, generation time and time to first render at 100, 1,000 and 5,000 nodes.

Peer: pyvis's own ``write_html`` (``cdn_resources="in_line"``, the only pyvis mode that draws offline)
on the same network, in the same run. Rendering is timed in Debian's chromium (headless, Playwright)
until vis-network has drawn the first frame; "respond" is the time for a search to select and focus a
node.

    python -m bench.views [--sizes 100,1000,5000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from graph.analysis import measures
from viz.view import render

KINDS = ["person", "organization", "document", "place", "event", "goal"]


def synthetic(size: int, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(size, 2, seed=seed)
    network = nx.MultiDiGraph()
    for node in base:
        network.add_node(f"n/{node}", label=f"Akteur {node}", kind=rng.choice(KINDS), documents=[f"source/{node % 50}"])
    for a, b in base.edges():
        relation = rng.choice(["member_of", "role_at", "authored", "cooperates_with"])
        evidence = [{"sentence": f"Satz über {a} und {b}.", "document_title": f"Dokument {a % 50}"}]
        network.add_edge(f"n/{a}", f"n/{b}", key=relation, relation=relation, evidence=evidence)
    return network


def pyvis_peer(network: nx.MultiDiGraph, path: Path) -> float:
    started = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in network.nodes(data=True):
        net.add_node(node, label=data["label"])
    for a, b, key in network.edges(keys=True):
        net.add_edge(a, b, label=key)
    net.toggle_physics(False)
    net.write_html(str(path))
    return time.perf_counter() - started


def first_render(browser, path: Path) -> tuple[float, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    started = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("document.body.dataset.rendered === '1'", timeout=300_000)
    rendered = time.perf_counter() - started
    started = time.perf_counter()
    page.fill("#search", "Akteur 1")
    page.evaluate("stakegraph.network.getSelectedNodes()")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # the redraw
    respond = time.perf_counter() - started
    page.close()
    return rendered, respond


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="stakegraph-views-"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for size in (int(s) for s in args.sizes.split(",")):
                network = synthetic(size)
                started = time.perf_counter()
                html = render(network, title=f"{size} nodes", scores=measures(network))
                generated = time.perf_counter() - started
                ours = folder / f"ours-{size}.html"
                ours.write_text(html, encoding="utf-8")
                peer = folder / f"pyvis-{size}.html"
                peer_seconds = pyvis_peer(network, peer)
                rendered, respond = first_render(browser, ours)
                ours_kb, peer_kb = ours.stat().st_size / 1024, peer.stat().st_size / 1024
                print(
                    f"{size:>5} nodes: HTML {ours_kb:,.0f} KB (pyvis in_line {peer_kb:,.0f} KB), generated in "
                    f"{generated:.2f} s incl. measures (pyvis {peer_seconds:.2f} s, "
                    f"ratio {generated / peer_seconds:.1f}), "
                    f"first render {rendered:.2f} s, search responds in {respond * 1000:.0f} ms"
                )
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
