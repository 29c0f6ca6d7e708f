"""The extraction report: what the builder found in one document, in plain names with evidence.

Its JSON form is specified in ``shared/extraction-report.md``; every record also carries the
evidence span (``evidence``: character offsets into the document text, and the sentence) as an
extra key, which the comparison with gold files ignores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """Evidence: ``text[start:end]`` is the supporting text, inside the sentence ``sentence``."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "sentence": text[self.sentence_start : self.sentence_end],
        }


@dataclass
class RoleRecord:
    role: str | None
    org: str | None
    evidence: Span


@dataclass
class PersonRecord:
    name: str
    titles: list[str] = field(default_factory=list)
    roles: list[RoleRecord] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    evidence: Span | None = None
    iri: str | None = None


@dataclass
class OrganizationRecord:
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    evidence: Span | None = None
    iri: str | None = None


@dataclass
class DocumentRecord:
    title: str
    kind: str
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    evidence: Span | None = None
    is_source: bool = False
    iri: str | None = None


@dataclass
class QuoteRecord:
    speaker: str | None
    text: str
    evidence: Span

    @property
    def start_words(self) -> str:
        return " ".join(self.text.split()[:9])


@dataclass
class RelationRecord:
    s: str
    p: str
    o: str
    evidence: Span


@dataclass
class TopicRecord:
    label: str
    concept: str | None
    evidence: Span


@dataclass
class EventRecord:
    kind: str
    date: str | None
    place: str | None
    participants: list[str]
    evidence: Span
    document: str | None = None


@dataclass
class Extraction:
    """Everything found in one source document."""

    text: str
    source: DocumentRecord
    place: str | None = None
    persons: list[PersonRecord] = field(default_factory=list)
    organizations: list[OrganizationRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    topics: list[TopicRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_report(self) -> dict[str, Any]:
        """The JSON extraction report (``shared/extraction-report.md``)."""
        text = self.text

        def ev(span: Span | None) -> dict[str, Any] | None:
            return span.to_json(text) if span else None

        return {
            "persons": [
                {
                    "name": p.name,
                    "titles": p.titles,
                    "roles": [{"role": r.role, "org": r.org, "evidence": ev(r.evidence)} for r in p.roles],
                    "aliases": p.aliases,
                    "iri": p.iri,
                    "evidence": ev(p.evidence),
                }
                for p in self.persons
            ],
            "organizations": [
                {
                    "name": o.name,
                    "kind": o.kind,
                    "aliases": o.aliases,
                    "iri": o.iri,
                    "evidence": ev(o.evidence),
                }
                for o in self.organizations
            ],
            "documents": [
                {
                    "title": d.title,
                    "kind": d.kind,
                    "authors": d.authors,
                    "date": d.date,
                    "source": d.is_source,
                    "iri": d.iri,
                    "evidence": ev(d.evidence),
                }
                for d in [self.source, *self.documents]
            ],
            "quotes": [
                {"speaker": q.speaker, "start": q.start_words, "text": q.text, "evidence": ev(q.evidence)}
                for q in self.quotes
            ],
            "relations": [{"s": r.s, "p": r.p, "o": r.o, "evidence": ev(r.evidence)} for r in self.relations],
            "goals_topics": _unique(t.label for t in self.topics),
            "topics": [{"label": t.label, "concept": t.concept, "evidence": ev(t.evidence)} for t in self.topics],
            "events": [
                {
                    "kind": e.kind,
                    "date": e.date,
                    "place": e.place,
                    "participants": e.participants,
                    "document": e.document,
                    "evidence": ev(e.evidence),
                }
                for e in self.events
            ],
            "warnings": self.warnings,
        }


def _unique(items: Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


__all__ = [
    "DocumentRecord",
    "EventRecord",
    "Extraction",
    "OrganizationRecord",
    "PersonRecord",
    "QuoteRecord",
    "RelationRecord",
    "RoleRecord",
    "Span",
    "TopicRecord",
]
