"""The query page at ``/``: write SPARQL with the prefixes preloaded, pick an example, see a table.

One self-contained page (no external host): the script sends the query to ``/sparql`` and writes
every value with ``textContent``, so text from documents can never run as markup.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from ontology.namespaces import sparql_prologue

EXAMPLES: dict[str, str] = {
    "Who holds which role where": """SELECT ?person ?role ?organisation WHERE {
  ?m a org:Membership ; org:member/rdfs:label ?person ; org:organization/rdfs:label ?organisation .
  OPTIONAL { ?m sg:roleLabel ?role }
} ORDER BY ?person""",
    "Members of networks and alliances": """SELECT ?member ?network WHERE {
  ?m org:memberOf ?n . ?m a org:Organization ; rdfs:label ?member . ?n rdfs:label ?network .
} ORDER BY ?network ?member""",
    "Quotes and their speakers": """SELECT ?speaker ?quote ?document WHERE {
  ?q a sg:Quote ; sg:speaker/rdfs:label ?speaker ; schema:text ?quote .
  ?q schema:isPartOf/dcterms:title ?document .
} ORDER BY ?speaker""",
    "Documents handed over, to whom and by whom": """SELECT ?document ?recipient ?author WHERE {
  ?d sg:handedOverTo ?r ; dcterms:title ?document . ?r rdfs:label ?recipient .
  OPTIONAL { ?a sg:authored ?d ; rdfs:label ?author }
}""",
    "Every fact with its sentence": """SELECT ?subject ?relation ?object ?sentence WHERE {
  ?f a sg:Fact ; rdf:subject/rdfs:label ?subject ; rdf:predicate ?p ; rdf:object ?o .
  ?f sg:evidence/sg:sentence ?sentence .
  ?p sg:reportKey ?relation . OPTIONAL { ?o rdfs:label ?ol } BIND(COALESCE(?ol, STR(?o)) AS ?object)
} LIMIT 100""",
    "Organisations per kind": """SELECT ?kind (COUNT(DISTINCT ?o) AS ?organisations) WHERE {
  ?o a sg:Organization , ?class . ?class sg:reportKey ?kind . FILTER (?class != sg:Organization)
} GROUP BY ?kind ORDER BY DESC(?organisations)""",
}

PAGE = (Path(__file__).resolve().parent / "static" / "query.html").read_text(encoding="utf-8")

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/query", response_class=HTMLResponse, include_in_schema=False)
async def page() -> HTMLResponse:
    data = {"prologue": sparql_prologue(), "examples": EXAMPLES, "first": next(iter(EXAMPLES.values()))}
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")  # keep </script> out of the JSON
    return HTMLResponse(PAGE.replace("__DATA__", payload))
