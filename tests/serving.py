"""A real stakegraph server for tests: ``stakegraph serve`` in a subprocess on a free localhost port."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "stakegraph"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def request(
        self, path: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, path: str) -> object:
        status, _, body = self.request(path)
        assert status == 200, body
        return json.loads(body)

    def alive(self) -> bool:
        return self.process.poll() is None and self.request("/healthz")[0] == 200


def build(paths: list[Path], env: dict[str, str]) -> subprocess.CompletedProcess:
    """``stakegraph build PATHS`` with ``env`` (STAKEGRAPH_DATA names the store)."""
    return subprocess.run(
        [str(SCRIPT), "build", *map(str, paths)], env=env, check=True, capture_output=True, text=True, timeout=300
    )


@contextlib.contextmanager
def serving(env: dict[str, str], *, workers: int = 2, log: Path | None = None) -> Iterator[Server]:
    """Serve the store of ``env``; stdout and stderr go to ``log`` (else are discarded)."""
    port = free_port()
    sink = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(
        [str(SCRIPT), "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, **env},
        stdout=sink,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if server.request("/healthz")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log is not None:
            sink.close()  # type: ignore[union-attr]
