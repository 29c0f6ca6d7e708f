"""Run SPARQL queries with a real timeout: in worker processes that are ended when they overrun.

The store's own process stays responsive because queries run elsewhere; a query that exceeds
``timeout`` seconds is stopped by ending its worker, which is then replaced.

Workers read an immutable checkpoint of the store (``Store.backup``: hard links, a few
milliseconds), made anew after every write, in ``<data>.snapshots/<generation>``: a read-only
view of a database that another process writes and compacts would lose files under its feet.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from api import query_worker
from api.problems import Problem
from graph.errors import QueryError, StoreError
from graph.sparql_text import check_complexity
from graph.store import Store
from ontology.namespaces import PREFIXES

#: Seconds a new query worker may take to start (open nothing yet, import pyoxigraph).
WORKER_START_SECONDS = 60.0


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    ready: bool = False


class QueryExecutor:
    """A pool of query workers over the on-disk store at ``path`` (or in-process for a memory store)."""

    def __init__(self, store: Store, *, timeout: float, max_bytes: int, workers: int = 2) -> None:
        self.store = store
        self.path = getattr(store, "path", None)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.size = workers
        self._context = multiprocessing.get_context("spawn")
        self._generation = self._context.Value("i", 0)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: list[_Worker] = []
        self.snapshots = self.path.with_name(self.path.name + ".snapshots") if self.path is not None else None

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=query_worker.serve, args=(str(self.snapshots), child, self._generation), daemon=True
        )
        # "spawn" re-runs the parent's main script in the child; for `stakegraph serve` that imports the
        # whole command line (spaCy, numpy …): 1-2 s and ~100 MB per worker. Hidden, the child imports
        # only api.query_worker.
        main = sys.modules["__main__"]
        hidden = {name: main.__dict__.get(name) for name in ("__file__", "__spec__") if name in main.__dict__}
        main.__dict__.pop("__file__", None)
        main.__spec__ = None
        try:
            process.start()
        finally:
            main.__dict__.update(hidden)
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker

    async def start(self) -> None:
        if self.path is None:
            return
        assert self.snapshots is not None
        shutil.rmtree(self.snapshots, ignore_errors=True)
        self.snapshots.mkdir(parents=True)
        self._snapshot()
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(self._spawn())

    async def stop(self) -> None:
        for worker in self._workers:
            worker.connection.close()
            worker.process.terminate()
        for worker in self._workers:
            worker.process.join(timeout=5)
        self._workers.clear()
        if self.snapshots is not None:
            shutil.rmtree(self.snapshots, ignore_errors=True)

    def _snapshot(self) -> None:
        assert self.snapshots is not None
        generation = self._generation.value
        self.store.flush()
        self.store._store.backup(str(self.snapshots / str(generation)))  # type: ignore[attr-defined]
        for old in self.snapshots.iterdir():  # open files of an older snapshot stay readable (Linux)
            if old.name.isdigit() and int(old.name) < generation - 1:
                shutil.rmtree(old, ignore_errors=True)

    @property
    def generation(self) -> int:
        """How many writes the store has seen since the service started."""
        return int(self._generation.value)

    def changed(self) -> None:
        """Tell the workers that the store was written: they read a new checkpoint from the next query on."""
        if self.snapshots is None:
            with self._generation.get_lock():
                self._generation.value += 1
            return
        with self._generation.get_lock():
            self._generation.value += 1
            self._snapshot()

    async def run(
        self,
        query: str,
        *,
        result_format: str = "json",
        graph_format: str = "turtle",
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> tuple[str, bytes]:
        check_complexity(query)
        options = {
            "prefixes": PREFIXES,
            "result_format": result_format,
            "graph_format": graph_format,
            "default_graphs": default_graphs or [],
            "named_graphs": named_graphs or [],
            "max_bytes": self.max_bytes,
        }
        if self._idle is None:  # in-memory or remote store: no process of ours to stop
            try:
                return await asyncio.wait_for(asyncio.to_thread(self._in_process, query, options), self.timeout)
            except TimeoutError:  # the client gets its answer now; the thread ends when the server answers
                raise self._timeout_problem() from None
        worker = await self._idle.get()
        try:
            if not worker.ready:  # a new worker's start-up does not count against the query's time
                started = await asyncio.to_thread(worker.connection.poll, WORKER_START_SECONDS)
                if not started or worker.connection.recv() != "ready":
                    raise OSError("the query worker did not start")
                worker.ready = True
            worker.connection.send((query, options))
            ready = await asyncio.to_thread(worker.connection.poll, self.timeout)
            if not ready:
                self._kill(worker)
                worker = self._spawn()
                raise self._timeout_problem()
            status, message, body = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._kill(worker)
            worker = self._spawn()
            raise StoreError("the query worker stopped unexpectedly; try again") from None
        finally:
            self._idle.put_nowait(worker)
        return self._answer(status, message, body)

    def _in_process(self, query: str, options: dict) -> tuple[str, bytes]:
        """In-memory and remote stores: the query runs here (a remote server applies its own timeout)."""
        form, body = self.store.query_serialized(
            query,
            result_format=options["result_format"],
            graph_format=options["graph_format"],
            default_graphs=options["default_graphs"] or None,
            named_graphs=options["named_graphs"] or None,
        )
        if self.max_bytes and len(body) > self.max_bytes:
            return self._answer(
                "too-large", f"the result has {len(body):,} bytes; the limit is {self.max_bytes:,}", b""
            )
        return form, body

    def _timeout_problem(self) -> Problem:
        return Problem(
            503,
            "Query timeout",
            f"the query ran longer than {self.timeout:g} s and was stopped; narrow it down or add a LIMIT",
            kind="query-timeout",
        )

    @staticmethod
    def _answer(status: str, message: str, body: bytes) -> tuple[str, bytes]:
        if status == "ok":
            return message, body
        if status == "syntax":
            raise QueryError(f"SPARQL syntax error: {message}")
        if status == "unsupported":
            raise QueryError(f"the query cannot be evaluated: {message}")
        if status == "too-large":
            raise Problem(413, "Result too large", message, kind="result-too-large")
        raise StoreError(f"the query failed: {message}")

    def _kill(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        if worker in self._workers:
            self._workers.remove(worker)


def default_workers() -> int:
    import os

    return max(2, (os.cpu_count() or 2))
