"""The stakegraph HTTP service: the SPARQL endpoint and the REST API over one store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import page, problems, rest, sparql
from api.executor import QueryExecutor
from graph.build import software_version
from graph.settings import Settings
from graph.store import OxigraphStore


class SecurityHeaders:
    """Every response says what it is (``nosniff``): a JSON answer holding markup is never run as a page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(settings: Settings, store: OxigraphStore | None = None, *, workers: int = 2) -> FastAPI:
    """The service over ``store`` (default: the on-disk store of ``settings.data``)."""
    store = store if store is not None else OxigraphStore(settings.data)
    executor = QueryExecutor(
        store, timeout=settings.query_timeout, max_bytes=settings.max_result_bytes, workers=workers
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await executor.start()
        try:
            yield
        finally:
            await executor.stop()
            store.flush()

    app = FastAPI(
        title="stakegraph",
        version=software_version(),
        description=(
            "Who is connected to whom in public policy. A SPARQL 1.1 endpoint at `/sparql` (the default graph "
            "is the union of all document graphs) and a JSON API for search, entities and documents; every "
            "fact comes with its evidence (document, sentence, character offsets)."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.executor = executor
    app.state.write_lock = asyncio.Lock()
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"], allow_headers=["*"]
        )
    app.add_middleware(SecurityHeaders)
    problems.install(app)
    app.include_router(sparql.router)
    app.include_router(rest.router)
    app.include_router(page.router)
    return app
