"""Errors of the graph package. The command line and the HTTP API map each to a clear message."""

from __future__ import annotations


class StakegraphError(Exception):
    """Base class of every error stakegraph reports to a user instead of a traceback."""

    #: A short machine-readable name, used in HTTP problem responses.
    code = "stakegraph-error"


class InputError(StakegraphError):
    """A source file cannot be read: missing, empty, binary, too large, or an unreadable PDF."""

    code = "bad-input"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class QueryError(StakegraphError):
    """A SPARQL query or update cannot be parsed or is not allowed."""

    code = "bad-query"


class StoreError(StakegraphError):
    """The store cannot be opened, read or written."""

    code = "store-error"


class StoreLockedError(StoreError):
    """Another process holds the on-disk store open for writing."""

    code = "store-locked"


class NotFoundError(StakegraphError):
    """A document, entity or named query does not exist."""

    code = "not-found"


class CurationError(StakegraphError):
    """The curation file is malformed."""

    code = "bad-curation"
