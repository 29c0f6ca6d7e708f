"""Questions researchers ask of the store, answered as plain data: search, entity pages, documents.

Every function takes a :class:`~graph.store.Store` and returns dictionaries ready for JSON; the HTTP
API and the views use them alike. Entity ids are the path of the IRI below ``id/``
("person/karin-weber"), so they stay short in URLs.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import NotFoundError, QueryError
from graph.names import fold
from graph.store import Store
from ontology.namespaces import DATA, SG
from ontology.vocabulary import vocabulary

#: Entity types a search can ask for, by their short name.
ENTITY_TYPES: dict[str, URIRef] = {
    "person": SG.Person,
    "organization": SG.Organization,
    "document": SG.Document,
    "place": SG.Place,
    "event": SG.Event,
}


def _letter_classes() -> dict[str, str]:
    """Each ASCII letter with the Latin letters that fold to it ("r": "rŕŗř…"), for diacritic-blind regexes."""
    classes: dict[str, set[str]] = {}
    for codepoint in list(range(0x61, 0x7B)) + list(range(0xC0, 0x250)):
        char = chr(codepoint)
        base = fold(char)
        if len(base) == 1 and "a" <= base <= "z":
            classes.setdefault(base, set()).update({char, char.upper()} if len(char.upper()) == 1 else {char})
    classes["s"].add("ß")
    return {base: "".join(sorted(chars)) for base, chars in classes.items()}


_LETTERS = _letter_classes()
_ID = re.compile(r"^[a-z]+/[A-Za-z0-9._~/-]{1,300}$")


def entity_id(iri: str) -> str:
    """'https://w3id.org/stakegraph/id/person/x' -> 'person/x' (other IRIs stay whole)."""
    return iri[len(str(DATA)) :] if iri.startswith(str(DATA)) else iri


def entity_iri(identifier: str) -> URIRef:
    """The IRI for an entity id; rejects ids that could escape the id space (path traversal)."""
    if not _ID.match(identifier) or ".." in identifier.split("/"):
        raise NotFoundError(f"no entity {identifier!r} (ids look like person/kai-beispiel)")
    return DATA[identifier]


def _pattern(query: str) -> str:
    """A case- and diacritic-insensitive regular expression for ``query``."""
    out = []
    folded = fold(query)
    index = 0
    while index < len(folded):
        char = folded[index]
        index += 1
        if folded[index - 1 : index + 1] == "ss":  # "Weiss" finds "Weiß": ß folds to ss
            out.append("(?:[sS][sS]|[ßẞ])")
            index += 1
            continue
        if char in _LETTERS:
            out.append(f"[{_LETTERS[char]}]")
        elif char.isalnum():
            out.append(char)
        else:
            out.append(re.escape(char))
    return "".join(f"(?:{piece})" if "|" in piece else piece for piece in out)


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode().rstrip("=")


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (ValueError, UnicodeDecodeError):
        raise QueryError("the cursor is not valid; use the next_cursor of a previous page") from None
    if value < 0:
        raise QueryError("the cursor is not valid")
    return value


def search_entities(
    store: Store, query: str, *, entity_type: str | None = None, limit: int = 20, cursor: str | None = None
) -> dict[str, Any]:
    """Entities whose label or alias contains ``query``, best matches first.

    Ranking: exact label, then label starting with the query, then a word starting with it, then
    anywhere; aliases count slightly less than labels; ties by label.
    """
    if not query.strip():
        raise QueryError("give a search text (q)")
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise QueryError(f"unknown type {entity_type!r} (use one of {', '.join(ENTITY_TYPES)})")
    classes = [ENTITY_TYPES[entity_type]] if entity_type else list(ENTITY_TYPES.values())
    values = " ".join(f"<{c}>" for c in classes)
    rows = store.select(
        f"""SELECT ?entity ?label ?matched ?alias ?pattern WHERE {{
              VALUES ?class {{ {values} }}
              ?entity a ?class ; rdfs:label ?label .
              {{ ?entity rdfs:label ?matched BIND(false AS ?alias) }}
              UNION {{ ?entity skos:altLabel ?matched BIND(true AS ?alias) }}
              FILTER (REGEX(STR(?matched), ?pattern, "i"))
            }}""",
        {"pattern": Literal(_pattern(query.strip()))},  # bound, never pasted into the query text
    )
    needle = fold(query.strip())
    best: dict[str, tuple[float, str, str]] = {}
    for row in rows:
        iri, label, matched = str(row["entity"]), str(row["label"]), str(row["matched"])
        folded = fold(matched)
        if folded == needle:
            score = 4.0
        elif folded.startswith(needle):
            score = 3.0
        elif re.search(rf"\b{re.escape(needle)}", folded):
            score = 2.0
        else:
            score = 1.0
        if row.get("alias") == Literal(True):
            score -= 0.5
        if iri not in best or score > best[iri][0]:
            best[iri] = (score, label, matched)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1].casefold(), item[0]))
    start = _offset(cursor)
    page = ranked[start : start + limit]
    types = _types(store, [URIRef(iri) for iri, _ in page])
    results = [
        {
            "id": entity_id(iri),
            "iri": iri,
            "label": label,
            "matched": matched,
            "score": score,
            "types": types.get(iri, []),
        }
        for iri, (score, label, matched) in page
    ]
    following = start + limit if start + limit < len(ranked) else None
    return {
        "query": query,
        "total": len(ranked),
        "results": results,
        "next_cursor": _cursor(following) if following else None,
    }


def _types(store: Store, nodes: list[URIRef]) -> dict[str, list[str]]:
    """The most specific stakegraph classes of each node, as report keys ('cluster', 'person' …)."""
    if not nodes:
        return {}
    values = " ".join(f"<{n}>" for n in nodes)
    rows = store.select(
        f"""SELECT ?x ?class WHERE {{ VALUES ?x {{ {values} }} ?x a ?class .
              FILTER (STRSTARTS(STR(?class), "{SG}")) }}"""
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(str(row["x"]), []).append(_short(str(row["class"])))
    return {k: sorted(set(v)) for k, v in found.items()}


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _evidence(store: Store, evidence: Node | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    rows = store.select(
        """SELECT ?e ?source ?title ?start ?end ?exact ?sentence WHERE {
             ?e oa:hasSource ?source ; sg:sentence ?sentence ;
                oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end ; oa:hasSelector/oa:exact ?exact .
             OPTIONAL { ?source dcterms:title ?title }
           } LIMIT 1""",
        {"e": evidence},
    )
    if not rows:
        return None
    row = rows[0]
    return {
        "document": entity_id(str(row["source"])),
        "document_title": str(row["title"]) if "title" in row else None,
        "start": int(row["start"]),
        "end": int(row["end"]),
        "text": str(row["exact"]),
        "sentence": str(row["sentence"]),
    }


def entity_details(store: Store, identifier: str) -> dict[str, Any]:
    """Everything the store says about one entity, each fact with its evidence."""
    iri = entity_iri(identifier)
    if not store.ask(f"ASK {{ <{iri}> ?p ?o }}"):
        raise NotFoundError(f"no entity {identifier!r}")
    labels = [str(r["l"]) for r in store.select(f"SELECT DISTINCT ?l WHERE {{ <{iri}> rdfs:label ?l }} ORDER BY ?l")]
    aliases = [
        str(r["l"]) for r in store.select(f"SELECT DISTINCT ?l WHERE {{ <{iri}> skos:altLabel ?l }} ORDER BY ?l")
    ]
    same_as = [str(r["s"]) for r in store.select(f"SELECT DISTINCT ?s WHERE {{ <{iri}> owl:sameAs ?s }} ORDER BY ?s")]
    titles = [str(r["t"]) for r in store.select(f"SELECT DISTINCT ?t WHERE {{ <{iri}> schema:honorificPrefix ?t }}")]
    vocab = vocabulary()
    facts = []
    rows = store.select(
        f"""SELECT DISTINCT ?fact ?s ?p ?o ?slabel ?olabel ?evidence WHERE {{
              ?fact a sg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:evidence ?evidence .
              FILTER (?s = <{iri}> || ?o = <{iri}>)
              FILTER (?p != rdf:type)
              OPTIONAL {{ ?s rdfs:label ?slabel }} OPTIONAL {{ ?o rdfs:label ?olabel }}
            }} ORDER BY ?p ?s ?o"""
    )
    for row in rows:
        predicate = row["p"]
        facts.append(
            {
                "subject": entity_id(str(row["s"])),
                "subject_label": str(row.get("slabel", row["s"])),
                "relation": vocab.relation_key(URIRef(str(predicate))) or _short(str(predicate)),
                "object": entity_id(str(row["o"])) if isinstance(row["o"], URIRef) else str(row["o"]),
                "object_label": str(row.get("olabel", row["o"])),
                "evidence": _evidence(store, row["evidence"]),
            }
        )
    roles = []
    for row in store.select(
        f"""SELECT DISTINCT ?org ?orglabel ?role ?evidence WHERE {{
              ?m a org:Membership ; org:member <{iri}> ; org:organization ?org ; sg:evidence ?evidence .
              OPTIONAL {{ ?m sg:roleLabel ?role }} OPTIONAL {{ ?org rdfs:label ?orglabel }}
            }} ORDER BY ?orglabel"""
    ):
        roles.append(
            {
                "organization": entity_id(str(row["org"])),
                "organization_label": str(row.get("orglabel", row["org"])),
                "role": str(row["role"]) if "role" in row else None,
                "evidence": _evidence(store, row["evidence"]),
            }
        )
    quotes = [
        {"text": str(r["text"]), "document": entity_id(str(r["doc"])), "evidence": _evidence(store, r["evidence"])}
        for r in store.select(
            f"""SELECT ?text ?doc ?evidence WHERE {{ ?q a sg:Quote ; sg:speaker <{iri}> ; schema:text ?text ;
                  schema:isPartOf ?doc ; sg:evidence ?evidence }} ORDER BY ?doc ?text"""
        )
    ]
    documents = [
        {"id": entity_id(str(r["doc"])), "title": str(r.get("title", r["doc"]))}
        for r in store.select(
            f"""SELECT DISTINCT ?doc ?title WHERE {{ <{iri}> sg:mentionedIn ?doc .
                  OPTIONAL {{ ?doc dcterms:title ?title }} }} ORDER BY ?title"""
        )
    ]
    events = [
        {"id": entity_id(str(r["e"])), "label": str(r["label"]), "date": str(r["date"]) if "date" in r else None}
        for r in store.select(
            f"""SELECT DISTINCT ?e ?label ?date WHERE {{ ?e a sg:Event ; sg:participant <{iri}> ; rdfs:label ?label .
                  OPTIONAL {{ ?e sg:date ?date }} }} ORDER BY ?date"""
        )
    ]
    return {
        "id": identifier,
        "iri": str(iri),
        "types": _types(store, [iri]).get(str(iri), []),
        "labels": labels,
        "aliases": aliases,
        "titles": titles,
        "same_as": same_as,
        "roles": roles,
        "facts": facts,
        "quotes": quotes,
        "documents": documents,
        "events": events,
    }


def list_documents(store: Store) -> list[dict[str, Any]]:
    """The source documents in the store, newest first."""
    rows = store.select(
        """SELECT ?g ?doc ?title ?date ?path ?hash (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
             GRAPH ?g { ?doc a sg:SourceText ; sg:contentHash ?hash .
                        OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc sg:date ?date }
                        OPTIONAL { ?doc sg:sourcePath ?path } OPTIONAL { ?fact a sg:Fact } }
           } GROUP BY ?g ?doc ?title ?date ?path ?hash ORDER BY DESC(?date) ?title"""
    )
    return [
        {
            "id": entity_id(str(r["doc"])),
            "graph": str(r["g"]),
            "title": str(r["title"]) if "title" in r else None,
            "date": str(r["date"]) if "date" in r else None,
            "source": str(r["path"]) if "path" in r else None,
            "content_hash": str(r["hash"]),
            "facts": int(r["facts"]),
        }
        for r in rows
    ]


def document_details(store: Store, identifier: str) -> dict[str, Any]:
    """One source document: its metadata and every fact it states, with evidence."""
    iri = entity_iri(identifier)
    documents = [d for d in list_documents(store) if d["id"] == identifier]
    if not documents:
        raise NotFoundError(f"no document {identifier!r}")
    document = documents[0]
    rows = store.select(
        f"""SELECT ?s ?p ?o ?slabel ?olabel ?evidence WHERE {{
              GRAPH <{document["graph"]}> {{
                ?fact a sg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:evidence ?evidence .
                FILTER (?p != rdf:type)
                OPTIONAL {{ ?s rdfs:label ?slabel }} OPTIONAL {{ ?o rdfs:label ?olabel }} }}
            }} ORDER BY ?p ?s ?o"""
    )
    vocab = vocabulary()
    document["facts_list"] = [
        {
            "subject": entity_id(str(r["s"])),
            "subject_label": str(r.get("slabel", r["s"])),
            "relation": vocab.relation_key(URIRef(str(r["p"]))) or _short(str(r["p"])),
            "object": entity_id(str(r["o"])) if isinstance(r["o"], URIRef) else str(r["o"]),
            "object_label": str(r.get("olabel", r["o"])),
            "evidence": _evidence(store, r["evidence"]),
        }
        for r in rows
    ]
    document["iri"] = str(iri)
    rows = store.select(f"SELECT ?report WHERE {{ <{iri}> sg:extractionReport ?report }} LIMIT 1")
    document["report"] = json.loads(str(rows[0]["report"])) if rows else None
    return document
