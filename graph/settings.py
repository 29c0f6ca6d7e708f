"""All of stakegraph's configuration in one settings object.

Every field can be set from the environment with the prefix ``STAKEGRAPH_`` (``STAKEGRAPH_DATA``,
``STAKEGRAPH_QUERY_TIMEOUT`` …); command-line options override the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """stakegraph's settings; see README.md ("Configuration") for every field."""

    model_config = SettingsConfigDict(env_prefix="STAKEGRAPH_", extra="ignore")

    data: Path = Field(Path("stakegraph-data"), description="Directory of the embedded store.")
    store: str | None = Field(None, description="SPARQL query endpoint of a remote store.")
    update_url: str | None = Field(None, description="SPARQL update endpoint of a remote store.")
    max_file_bytes: int = Field(20_000_000, description="Largest source file the builder reads.")
    max_text_chars: int = Field(2_000_000, description="Largest extracted text per document.")
    max_pdf_seconds: float = Field(60.0, description="Seconds of PDF text extraction before a document is given up.")
    lock_wait: float = Field(60.0, description="Seconds a writer waits while another process holds the store.")
    curation: Path | None = Field(None, description="YAML curation file applied on every build.")
    concepts: list[Path] = Field(default_factory=list, description="Extra SKOS concept files.")
    # HTTP service
    token: str | None = Field(None, description="Bearer token that allows writes over HTTP.")
    query_timeout: float = Field(10.0, description="Seconds before a SPARQL query is stopped.")
    max_result_bytes: int = Field(50_000_000, description="Largest serialised query result, in bytes.")
    max_request_bytes: int = Field(10_000_000, description="Largest HTTP request body accepted.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS.")
