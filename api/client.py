"""A client of a running stakegraph service: ``stakegraph build --api URL`` sends files to its upload API.

The embedded store has one writer, and a running server is that writer; builds then go through the
server, which writes each document in one transaction, one after the other, while it keeps answering
queries.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from graph.build import BuildInterrupted, BuildSummary, DocumentOutcome
from graph.errors import InputError, StakegraphError, StoreError
from graph.ingest import SUPPORTED_SUFFIXES


class ServiceClient:
    """Uploads source files to ``base_url`` with the Bearer ``token``."""

    def __init__(self, base_url: str, token: str | None, *, timeout: float = 300) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def upload(self, path: Path, *, max_bytes: int, force: bool = False) -> DocumentOutcome:
        """Send one file; a refused document is a failed outcome, an unreachable service a :class:`StoreError`."""
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise InputError(path, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
            body = path.read_bytes()
        except OSError as exc:
            return DocumentOutcome(str(path), "failed", message=f"cannot be read ({exc.strerror or exc})")
        except InputError as exc:
            return DocumentOutcome(str(path), "failed", message=exc.reason)
        query = urllib.parse.urlencode({"name": path.name, "skip_unchanged": "false" if force else "true"})
        headers = {"Content-Type": SUPPORTED_SUFFIXES.get(path.suffix.lower(), "text/plain")}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            f"{self.base_url}/documents?{query}", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            detail = _problem_detail(error)
            if error.code in (401, 403):
                raise StakegraphError(f"{self.base_url} refused the upload: {detail} (set STAKEGRAPH_TOKEN)") from None
            if 400 <= error.code < 500:
                return DocumentOutcome(str(path), "failed", message=detail)
            raise StoreError(f"{self.base_url} failed ({error.code}): {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"{self.base_url}: the stakegraph service cannot be reached ({reason})") from None
        return DocumentOutcome(
            str(path),
            answer.get("status", "built"),
            answer.get("graph"),
            "unchanged" if answer.get("status") == "skipped" else None,
            facts=int(answer.get("facts") or 0),
            warnings=list(answer.get("warnings") or []),
        )

    def build(
        self,
        files: list[Path],
        *,
        max_bytes: int,
        force: bool = False,
        progress: Callable[[DocumentOutcome], None] | None = None,
    ) -> BuildSummary:
        """Upload every file in turn; stops with :class:`BuildInterrupted` when the service goes away."""
        summary = BuildSummary()
        for path in files:
            try:
                outcome = self.upload(path, max_bytes=max_bytes, force=force)
            except StoreError as exc:
                raise BuildInterrupted(summary, exc) from exc
            summary.outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        return summary

    def stats(self) -> dict[str, int]:
        """The service's store statistics (``GET /stats``)."""
        try:
            with urllib.request.urlopen(f"{self.base_url}/stats", timeout=self.timeout) as response:
                return json.loads(response.read())
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise StoreError(f"{self.base_url}: cannot read the statistics ({error})") from None


def _problem_detail(error: urllib.error.HTTPError) -> str:
    raw = error.read()
    try:
        return str(json.loads(raw).get("detail") or error.reason)
    except (ValueError, AttributeError):
        return raw.decode("utf-8", "replace")[:300] or str(error.reason)
