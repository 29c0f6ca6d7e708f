"""Entity resolution across documents, and the user's curation file.

Within one document :mod:`graph.extract` has already merged the mentions of an entity. Here the
entities of a document meet those already in the store (same name or alias, same surname of a
unique person) and the curation file is applied: known entities with aliases and external ids,
merges, per-document splits and rejections.

Curation file (YAML)::

    entities:                       # known entities, their aliases and external ids
      - name: Karin Weber
        type: person                # person | org | document | place
        aliases: [Weber]
        same_as: [http://www.wikidata.org/entity/Q1234567]
      - name: NetzwerkAllianz.BW
        type: org
        kind: alliance              # overrides the organisation kind found in the text
    merge:                          # several names of one entity
      - into: Chemie.BW
        names: [Cluster Chemie.BW, Clustermanagement Chemie.BW]
    split:                          # one name, different entities in different documents
      - name: Müller
        documents: {bericht-a.txt: Thomas Müller, bericht-b.txt: Anna Müller}
    reject: [Innovations-Cluster]   # names that are no entities
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import URIRef

from graph.errors import CurationError
from graph.iris import entity_iri
from graph.names import loose, name_key
from graph.report import Extraction

KINDS = ("person", "org", "document", "place")


@dataclass
class KnownEntity:
    name: str
    type: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)


@dataclass
class Curation:
    """The parsed curation file; an empty one changes nothing."""

    entities: list[KnownEntity] = field(default_factory=list)
    merges: dict[str, str] = field(default_factory=dict)  # name key -> canonical name
    splits: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> {source name: new name}
    rejects: set[str] = field(default_factory=set)  # name keys

    def canonical(self, name: str, source_name: str) -> str | None:
        """The curated name for ``name`` in ``source_name``; None if rejected."""
        if name in self.splits:
            return self.splits[name].get(source_name, name)
        key = name_key(name)
        if key in self.rejects:
            return None
        return self.merges.get(key, name)

    def known(self, name: str) -> KnownEntity | None:
        key = name_key(name)
        for entity in self.entities:
            if name_key(entity.name) == key:
                return entity
        return None


def load_curation(path: Path | None) -> Curation:
    """Read a curation file; raise :class:`CurationError` with the problem on a bad one."""
    if path is None:
        return Curation()
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise CurationError(f"{path}: no such curation file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CurationError(f"{path}: cannot read the curation file ({exc})") from None
    if not isinstance(raw, dict):
        raise CurationError(f"{path}: the curation file must be a mapping with entities/merge/split/reject")
    unknown = set(raw) - {"entities", "merge", "split", "reject"}
    if unknown:
        raise CurationError(f"{path}: unknown sections {', '.join(sorted(unknown))}")
    curation = Curation()
    for index, item in enumerate(raw.get("entities") or []):
        if not isinstance(item, dict) or "name" not in item or item.get("type") not in KINDS:
            raise CurationError(f"{path}: entities[{index}] needs a name and a type ({', '.join(KINDS)})")
        entity = KnownEntity(
            name=str(item["name"]),
            type=str(item["type"]),
            kind=item.get("kind"),
            aliases=[str(a) for a in item.get("aliases") or []],
            same_as=[str(s) for s in item.get("same_as") or []],
        )
        curation.entities.append(entity)
        for alias in entity.aliases:
            curation.merges[name_key(alias)] = entity.name
    for index, item in enumerate(raw.get("merge") or []):
        if not isinstance(item, dict) or "into" not in item or not isinstance(item.get("names"), list):
            raise CurationError(f"{path}: merge[{index}] needs 'into' and a list of 'names'")
        for name in item["names"]:
            curation.merges[name_key(str(name))] = str(item["into"])
    for index, item in enumerate(raw.get("split") or []):
        if not isinstance(item, dict) or "name" not in item or not isinstance(item.get("documents"), dict):
            raise CurationError(f"{path}: split[{index}] needs 'name' and a 'documents' mapping")
        curation.splits[str(item["name"])] = {str(k): str(v) for k, v in item["documents"].items()}
    reject = raw.get("reject") or []
    if not isinstance(reject, list):
        raise CurationError(f"{path}: 'reject' must be a list of names")
    curation.rejects = {name_key(str(name)) for name in reject}
    return curation


@dataclass
class EntityIndex:
    """Names and aliases of the entities already in the store, by kind: name key -> IRI."""

    names: dict[str, dict[str, URIRef]] = field(default_factory=lambda: {k: {} for k in KINDS})
    surnames: dict[str, set[URIRef]] = field(default_factory=dict)
    full_names: dict[URIRef, set[str]] = field(default_factory=dict)  # the names of several words, loose

    def add(self, kind: str, label: str, iri: URIRef) -> None:
        self.names.setdefault(kind, {}).setdefault(loose(label) or name_key(label), iri)
        if kind == "person" and " " in label.strip():
            self.surnames.setdefault(label.split()[-1], set()).add(iri)
        if " " in label.strip():
            self.full_names.setdefault(iri, set()).add(loose(label))

    def find_by_alias(self, kind: str, names: list[str], aliases: Iterable[str]) -> URIRef | None:
        """The entity one of ``aliases`` belongs to, unless both it and the entity of ``names`` have full names
        and none of them contains another: "WFG" of the "Wirtschaftsförderungs-Gesellschaft Rhein-Lahn mbH"
        is no "WFG" of the "Wirtschaftsförderungsgesellschaft für den Kreis Borken mbH"."""
        iri = self.find(kind, aliases)
        if iri is None:
            return None
        ours = {loose(n) for n in names if " " in n.strip()}
        theirs = self.full_names.get(iri, set())
        if ours and theirs and not any(a in b or b in a for a in ours for b in theirs):
            return None
        return iri

    def find(self, kind: str, names: Iterable[str]) -> URIRef | None:
        table = self.names.get(kind, {})
        for name in names:
            iri = table.get(loose(name) or name_key(name))
            if iri is not None:
                return iri
        return None


def apply_curation(extraction: Extraction, curation: Curation, source_name: str) -> None:
    """Rename, merge and drop entities of ``extraction`` as the curation file says (in place)."""
    renamed: dict[str, str | None] = {}

    def rename(name: str) -> str | None:
        if name not in renamed:
            renamed[name] = curation.canonical(name, source_name)
        return renamed[name]

    for person in list(extraction.persons):
        new = rename(person.name)
        if new is None:
            extraction.persons.remove(person)
        else:
            person.name = new
    merged_orgs: dict[str, object] = {}
    for org in list(extraction.organizations):
        new = rename(org.name)
        if new is None:
            extraction.organizations.remove(org)
            continue
        if new != org.name and org.name not in org.aliases:
            org.aliases.append(org.name)
        org.name = new
        known = curation.known(new)
        if known and known.kind:
            org.kind = known.kind
        if new in merged_orgs:
            extraction.organizations.remove(org)
        merged_orgs[new] = org
    for person in extraction.persons:
        for role in person.roles:
            role.org = rename(role.org) if role.org else None
    for document in extraction.documents:
        document.authors = [a for a in (rename(x) for x in document.authors) if a]
    for quote in extraction.quotes:
        quote.speaker = rename(quote.speaker) if quote.speaker else None
    for event in extraction.events:
        event.participants = [p for p in (rename(x) for x in event.participants) if p]
    relations = []
    for relation in extraction.relations:
        s = rename(relation.s)
        o = rename(relation.o)
        if s is None or o is None:
            continue
        relation.s, relation.o = s, o
        relations.append(relation)
    extraction.relations = relations


def assign_iris(
    extraction: Extraction,
    index: EntityIndex,
    curation: Curation,
    generic: Callable[[str], bool] = lambda name: False,
    source_slug: str | None = None,
) -> dict[tuple[str, str], URIRef]:
    """IRIs for every entity of ``extraction``: an existing one where names meet, else a new one.

    Returns ``(kind, name) -> IRI`` and sets the ``iri`` of each record. Warnings for surnames
    that match several known persons are added to ``extraction.warnings``. An organisation whose name
    is ``generic`` ("Landesregierung", "Handwerkskammer") is the one of the text's place ("landesregierung-
    duesseldorf"), else of the text alone (its ``source_slug``); generic aliases join nothing across documents.
    """
    iris: dict[tuple[str, str], URIRef] = {}
    scope = extraction.place or source_slug or extraction.source.title

    def resolve(kind: str, name: str, aliases: list[str]) -> URIRef:
        known = curation.known(name)
        if known is not None:
            return entity_iri(kind, known.name)
        if kind == "org":
            aliases = [a for a in aliases if not generic(a)]
            if generic(name):
                name = f"{name} {scope}"
        iri = index.find(kind, [name]) or index.find_by_alias(kind, [name, *aliases], aliases)
        if iri is None and kind == "person" and " " not in name.strip():
            candidates = index.surnames.get(name.strip(), set())
            if len(candidates) == 1:
                iri = next(iter(candidates))
            elif len(candidates) > 1:
                extraction.warnings.append(
                    f"ambiguous person {name!r}: {len(candidates)} known persons have this surname; "
                    "add it to the curation file to decide"
                )
        if iri is None:
            iri = entity_iri(kind, name)
        index.add(kind, name, iri)
        for alias in aliases:
            index.add(kind, alias, iri)
        return iri

    for person in extraction.persons:
        person.iri = str(resolve("person", person.name, person.aliases))
        iris[("person", person.name)] = URIRef(person.iri)
    # A unit named by one generic word ("Vollversammlung", "Präsidium") is that unit of its parent organisation:
    # by name alone, the assemblies of all chambers in the store would become one organisation.
    parents = {r.s: r.o for r in extraction.relations if r.p == "part_of"}
    for org in extraction.organizations:
        parent = parents.get(org.name)
        if parent is not None and " " not in org.name.strip() and curation.known(org.name) is None:
            org.iri = str(resolve("org", f"{org.name} {parent}", []))
        else:
            org.iri = str(resolve("org", org.name, org.aliases))
        iris[("org", org.name)] = URIRef(org.iri)
    for document in extraction.documents:
        document.iri = str(resolve("document", document.title, []))
        iris[("document", document.title)] = URIRef(document.iri)
    return iris
