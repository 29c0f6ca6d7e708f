"""Benchmark: network measures (degree, betweenness, PageRank, Louvain) at 10,000 and 100,000 nodes.

Peer: networkx's degree centrality alone on the same graph (the cheapest measure), in the same run.

    python -m bench.analysis [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import resource
import time

import networkx as nx

from bench.views import synthetic
from graph.analysis import measures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        network = synthetic(size)
        started = time.perf_counter()
        scores = measures(network)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        nx.degree_centrality(nx.Graph(network))
        floor = time.perf_counter() - started
        communities = len({s.community for s in scores.values()})
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{size:>7,} nodes, {network.number_of_edges():,} edges: all measures in {seconds:.1f} s "
            f"(degree alone {floor:.2f} s, ratio {seconds / floor:.0f}), {communities} communities, "
            f"peak RSS {peak:,.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
