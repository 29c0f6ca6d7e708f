"""Named queries: parameterised SPARQL files (``graph/queries/*.rq``) for people who don't write SPARQL.

A file starts with comment lines that describe it::

    # title: Members of an alliance or network
    # description: Organisations and persons that belong to an organisation.
    # param: alliance iri The alliance, cluster or network (an entity id such as org/beispiel-allianz)

Parameter types: ``iri`` (an entity id or a full IRI), ``string``, ``integer``, ``date``. Values are
bound as typed RDF terms (SPARQL substitution), never pasted into the query text; a parameter's
variable must appear in the query's SELECT clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import NotFoundError, QueryError
from graph.explore import entity_id, entity_iri
from graph.store import Store
from ontology.namespaces import XSD

QUERIES = Path(__file__).resolve().parent / "queries"
TYPES = ("iri", "string", "integer", "date")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [{"name": p.name, "type": p.type, "description": p.description} for p in self.parameters],
        }


def parse(name: str, text: str) -> NamedQuery:
    title, description, parameters = name, "", []
    for line in text.splitlines():
        match = re.match(r"#\s*(title|description|param):\s*(.*)$", line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            title = value.strip()
        elif key == "description":
            description = value.strip()
        else:
            parts = value.split(maxsplit=2)
            if len(parts) < 2 or parts[1] not in TYPES:
                raise QueryError(f"{name}.rq: a param line needs a name and a type ({', '.join(TYPES)})")
            parameters.append(Parameter(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return NamedQuery(name, title, description, text, tuple(parameters))


@cache
def named_queries(folder: Path = QUERIES) -> dict[str, NamedQuery]:
    """The named queries shipped in ``folder``, by name (the file name without ``.rq``)."""
    return {path.stem: parse(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.rq"))}


def _term(parameter: Parameter, raw: str) -> Node:
    if parameter.type == "iri":
        return URIRef(raw) if raw.startswith(("http://", "https://", "urn:")) else entity_iri(raw)
    if parameter.type == "integer":
        if not re.fullmatch(r"-?\d{1,18}", raw):
            raise QueryError(f"parameter {parameter.name} must be a whole number")
        return Literal(int(raw), datatype=XSD.integer)
    if parameter.type == "date":
        try:
            return Literal(date.fromisoformat(raw).isoformat(), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"parameter {parameter.name} must be a date like 2025-04-10") from None
    if len(raw) > 500:
        raise QueryError(f"parameter {parameter.name} is too long")
    return Literal(raw)


def run_named_query(store: Store, name: str, values: dict[str, str]) -> dict[str, Any]:
    """Run a named query with typed parameters; rows as plain JSON values (entity ids for IRIs)."""
    query = named_queries().get(name)
    if query is None:
        raise NotFoundError(f"no named query {name!r} (see GET /queries or `stakegraph queries`)")
    unknown = set(values) - {p.name for p in query.parameters}
    if unknown:
        raise QueryError(f"{name} takes no parameter {', '.join(sorted(unknown))}")
    bindings: dict[str, Node] = {}
    for parameter in query.parameters:
        if parameter.name not in values or not values[parameter.name].strip():
            raise QueryError(f"{name} needs the parameter {parameter.name} ({parameter.type}): {parameter.description}")
        bindings[parameter.name] = _term(parameter, values[parameter.name].strip())
    rows = store.select(query.text, bindings)
    return {
        "query": query.to_json(),
        "rows": [
            {
                k: (entity_id(str(v)) if isinstance(v, URIRef) else v.toPython() if isinstance(v, Literal) else str(v))
                for k, v in row.items()
            }
            for row in rows
        ],
    }
