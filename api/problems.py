"""RFC 9457 problem responses: every error the API returns, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import CurationError, InputError, NotFoundError, QueryError, StakegraphError, StoreError
from ontology.errors import OntologyError

PROBLEM = "application/problem+json"
log = logging.getLogger("stakegraph.api")

STATUS: dict[type[Exception], int] = {
    NotFoundError: 404,
    QueryError: 400,
    InputError: 400,
    CurationError: 400,
    StoreError: 503,
}


class Problem(Exception):
    """An HTTP problem with a status, a short title and a human explanation."""

    def __init__(self, status: int, title: str, detail: str, *, kind: str | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.kind = kind or title.lower().replace(" ", "-")
        self.headers = headers or {}


def problem_response(status: int, title: str, detail: str, kind: str, headers: dict | None = None) -> JSONResponse:
    body = {"type": f"https://w3id.org/stakegraph/problems/{kind}", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    """Map every exception to a problem response."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, exc.kind, exc.headers)

    @app.exception_handler(StakegraphError)
    async def _stakegraph(request: Request, exc: StakegraphError) -> JSONResponse:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        return problem_response(status, type(exc).__name__, str(exc), exc.code)

    @app.exception_handler(OntologyError)
    async def _ontology(request: Request, exc: OntologyError) -> JSONResponse:
        return problem_response(400, "Ontology error", str(exc), "ontology-error")

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'][1:]) or 'request'}: {error['msg']}" for error in exc.errors()
        )
        return problem_response(422, "Invalid request", details or "the request is not valid", "invalid-request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(
            exc.status_code, str(exc.detail), str(exc.detail), "http-error", getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return problem_response(500, "Internal error", "the server could not answer this request", "internal-error")
