"""The stakegraph HTTP service: the SPARQL endpoint and the REST API over one store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import page, problems, rest, sparql
from api.executor import QueryExecutor
from graph.build import software_version
from graph.settings import Settings
from graph.store import OxigraphStore


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
    problems.install(app)
    app.include_router(sparql.router)
    app.include_router(rest.router)
    app.include_router(page.router)
    return app
