"""German policy text in, an :class:`~graph.report.Extraction` out.

The pipeline: segment the text (:mod:`graph.segment`), find mentions (:mod:`graph.mentions`),
group the mentions of one entity (within the document), find quotations and their speakers
(:mod:`graph.quotes`), then apply the relation rules below. Every record keeps its evidence span.
Cross-document resolution and curation come afterwards (:mod:`graph.resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.attrs import ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from graph.header import read_header
from graph.ingest import SourceDocument
from graph.lexicon import Lexicon, load_lexicon
from graph.mentions import QUOTE_CHARS, Mention, MentionFinder
from graph.names import loose, name_key
from graph.quotes import Quotation, find_quotations
from graph.report import (
    DocumentRecord,
    EventRecord,
    Extraction,
    OrganizationRecord,
    PersonRecord,
    QuoteRecord,
    RelationRecord,
    RoleRecord,
    Span,
    TopicRecord,
)
from graph.segment import Segmented, segment, tokenizer_pipeline
from ontology.files import concept_scheme
from ontology.namespaces import RDF, SKOS
from ontology.vocabulary import vocabulary

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_ARTICLES = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"}


@dataclass
class Entity:
    """All mentions of one person, organisation, place or document within a text."""

    kind: str
    name: str
    subkind: str = "other"
    mentions: list[Mention] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    is_source: bool = False
    date: str | None = None

    def add_alias(self, alias: str) -> None:
        if alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


class Extractor:
    """Extraction for one language, lexicon and concept scheme; reuse it across documents."""

    def __init__(
        self,
        language: str = "de",
        lexicon_dir: Path | None = None,
        concept_files: Iterable[Path] = (),
    ) -> None:
        self.language = language
        self.lexicon: Lexicon = load_lexicon(language, lexicon_dir)
        self.nlp = tokenizer_pipeline(language)
        self.finder = MentionFinder(self.lexicon, self.nlp.vocab)
        self.topics = _topic_matcher(self.nlp, tuple(concept_files), language)

    def extract(self, source: SourceDocument) -> Extraction:
        return _Run(self, source).run()


@cache
def _concept_labels(concept_files: tuple[Path, ...], language: str) -> tuple[tuple[str, str, str], ...]:
    """(label, concept IRI, preferred label) for every label of the scheme in ``language``."""
    graph = concept_scheme(concept_files)
    rows = []
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        preferred = next(
            (str(label) for label in graph.objects(concept, SKOS.prefLabel) if label.language == language),
            None,
        )
        if preferred is None:
            continue
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, predicate):
                if getattr(label, "language", None) == language:
                    rows.append((str(label), str(concept), preferred))
    return tuple(sorted(rows))


def _topic_matcher(nlp: object, concept_files: tuple[Path, ...], language: str) -> tuple[PhraseMatcher, dict]:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")  # type: ignore[attr-defined]
    table: dict[str, tuple[str, str]] = {}
    for label, concept, preferred in _concept_labels(concept_files, language):
        key = f"topic:{label.lower()}"
        table[key] = (concept, preferred)
        matcher.add(key, [nlp.make_doc(label)])  # type: ignore[attr-defined]
    return matcher, table


class _Run:
    """The state of one extraction; the methods are the rules, applied in order."""

    def __init__(self, extractor: Extractor, source: SourceDocument) -> None:
        self.x = extractor
        self.lex = extractor.lexicon
        self.source = source
        self.text = source.text
        self.seg: Segmented = segment(source.text, extractor.language, extractor.lexicon.multiword_tokens)
        self.doc: Doc = self.seg.doc
        strings = self.doc.vocab.strings
        self.texts: list[str] = [strings[h] for h in self.doc.to_array(ORTH).tolist()]  # plain strings: fast scans
        self.entities: list[Entity] = []
        self.by_token: dict[int, tuple[Entity, Mention]] = {}
        self.roles: dict[int, list[RoleRecord]] = {}
        self.acting_for: dict[int, Entity] = {}  # persons who sign or speak "für die X", by id
        self.role_spans: list[tuple[int, int]] = []
        self.relations: list[RelationRecord] = []
        self.events: list[EventRecord] = []
        self.warnings: list[str] = []
        self.source_entity: Entity | None = None
        self.place: str | None = None
        self.date: str | None = None

    # -- helpers ---------------------------------------------------------------------------

    def span(self, start_char: int, end_char: int) -> Span:
        """Evidence from character ``start_char`` to ``end_char`` with its sentence bounds."""
        token = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        sentence = token.sent if token is not None and len(token) else None
        if sentence is None:
            return Span(start_char, end_char, start_char, end_char)
        s_start, s_end = _stripped_bounds(self.text, sentence.start_char, sentence.end_char)
        return Span(start_char, end_char, min(s_start, start_char), max(s_end, end_char))

    def mention_span(self, *mentions: Mention) -> Span:
        return self.span(min(m.char_start for m in mentions), max(m.char_end for m in mentions))

    def relate(self, s: Entity | str, p: str, o: Entity | str, evidence: Span) -> None:
        subject = s.name if isinstance(s, Entity) else s
        obj = o.name if isinstance(o, Entity) else o
        if subject == obj:
            return
        symmetric = p in vocabulary().symmetric_relations
        for existing in self.relations:
            if existing.p == p and (
                (existing.s, existing.o) == (subject, obj) or (symmetric and (existing.s, existing.o) == (obj, subject))
            ):
                return
        self.relations.append(RelationRecord(subject, p, obj, evidence))

    def entity_at(self, token_index: int) -> tuple[Entity, Mention] | None:
        return self.by_token.get(token_index)

    def mentions_in(self, start: int, end: int, kinds: set[str] | None = None) -> list[tuple[Entity, Mention]]:
        """Entity mentions that start within tokens [start, end), in text order."""
        seen: list[tuple[Entity, Mention]] = []
        for index in range(start, end):
            found = self.by_token.get(index)
            if found and found[1].start == index and (kinds is None or found[0].kind in kinds):
                seen.append(found)
        return seen

    # -- the pipeline ----------------------------------------------------------------------

    def run(self) -> Extraction:
        self.read_dateline()
        mentions = self.x.finder.find(self.seg)
        self.group(mentions)
        self.find_roles()
        self.appointments()
        self.role_lists()
        self.copula_roles()
        self.person_then_copula_roles()
        self.parties()
        quotations = find_quotations(self.seg, self.lex, self.by_token)
        for quotation in quotations:
            if quotation.speaker is not None and quotation.speaker_role_token is not None:
                # "„…“, sagte der Geschäftsführer der X": the speaker's role
                token = self.doc[quotation.speaker_role_token]
                self._role_phrase(quotation.speaker, token.idx, token.i)
        self.resolve_source_document()
        self.memberships(quotations)
        self.authorship_and_handover()
        self.foundings()
        self.locations()
        self.cooperation_and_funding()
        self.part_of()
        topics = self.goals()
        self.goal_phrases()
        return self.assemble(quotations, topics)

    def read_dateline(self) -> None:
        self.header = read_header(self.seg.blocks, self.lex)
        self.place = self.header.place
        self.date = self.source.metadata.get("date") or self.header.date

    def group(self, mentions: list[Mention]) -> None:
        """Merge mentions of one entity: same key, surname of a full name, known aliases."""
        by_key: dict[tuple[str, str], Entity] = {}
        documents_by_title: dict[str, Entity] = {}
        for mention in mentions:
            if mention.kind == "document" and mention.quoted_title:
                documents_by_title[name_key(mention.name)] = documents_by_title.get(name_key(mention.name)) or Entity(
                    "document", mention.name, mention.subkind
                )
        mentions = mentions + self._subtitle_mentions(documents_by_title, mentions)
        for mention in mentions:
            # a name that is the title of a document in this text is that document
            if mention.kind == "org" and name_key(mention.name) in documents_by_title:
                mention.kind = "document"
            if mention.kind == "document" and (mention.quoted_title or name_key(mention.name) in documents_by_title):
                entity = documents_by_title.setdefault(
                    name_key(mention.name), Entity("document", mention.name, mention.subkind)
                )
            elif mention.kind == "document" and " " in mention.name:
                entity = by_key.setdefault(
                    ("document", name_key(mention.name)), Entity("document", mention.name, mention.subkind)
                )
            elif mention.kind == "document":
                continue  # untitled cue ("das Papier"): resolved to a titled document below
            else:
                key = (mention.kind, name_key(mention.name))
                entity = by_key.get(key)
                if entity is None and mention.kind == "org":
                    entity = self._org_by_alias(by_key, mention.name)
                if entity is None:
                    entity = Entity(mention.kind, mention.name, mention.subkind)
                    by_key[key] = entity
            entity.mentions.append(mention)
            if mention.alias:
                entity.add_alias(mention.alias)
            if (
                len(mention.name) > len(entity.name)
                and mention.kind != "document"
                and name_key(mention.name) == name_key(entity.name)
            ):
                pass
            elif mention.name != entity.name and mention.kind == "org":
                entity.add_alias(mention.name)
        # persons: surname-only mentions join the full name with that surname
        persons = [e for e in by_key.values() if e.kind == "person"]
        for entity in list(persons):
            if " " in entity.name:
                continue
            matches = [p for p in persons if p is not entity and p.name.split()[-1] == entity.name]
            if len(matches) == 1:
                matches[0].mentions.extend(entity.mentions)
                del by_key[("person", name_key(entity.name))]
            elif len(matches) > 1:
                self.warnings.append(
                    f"ambiguous surname {entity.name!r}: could be {', '.join(m.name for m in matches)}"
                )
        organizations = self._merge_organizations([e for e in by_key.values() if e.kind == "org"])
        self.entities = [
            *documents_by_title.values(),
            *(e for e in by_key.values() if e.kind != "org"),
            *organizations,
        ]
        for entity in self.entities:
            for mention in entity.mentions:
                for index in range(mention.start, mention.end):
                    self.by_token[index] = (entity, mention)
        self._bare_surnames()
        self._alias_mentions()
        self._generic_references()
        self._titles()
        self._untitled_documents(mentions)

    def _subtitle_mentions(self, titles: dict[str, Entity], mentions: list[Mention]) -> list[Mention]:
        """'die „Wünsche und Forderungen der X“' for the brochure „Positionen … – Wünsche und Forderungen der X“:
        a quoted part of a document title after a dash or colon names that document."""
        parts: dict[str, Entity] = {}
        for entity in titles.values():
            for part in re.split(r"\s[–—:-]\s|:\s", entity.name)[1:]:
                if len(part.split()) >= 2:
                    parts[name_key(part)] = entity
        if not parts:
            return []
        doc = self.doc
        taken = {i for m in mentions if m.kind == "document" for i in range(m.start, m.end)}
        found: list[Mention] = []
        for token in doc:
            if token.text not in QUOTE_CHARS or token.i + 1 in taken:
                continue
            end = token.i + 1
            while end < len(doc) and doc[end].text not in QUOTE_CHARS and end - token.i <= 25:
                end += 1
            if end >= len(doc) or doc[end].text not in QUOTE_CHARS:
                continue
            inner = doc[token.i + 1 : end]
            entity = parts.get(name_key(inner.text))
            if entity is not None:
                mention = Mention("document", inner.start, inner.end, inner.start_char, inner.end_char, entity.name)
                mention.subkind, mention.quoted_title = entity.subkind, True
                found.append(mention)
        return found

    def _merge_organizations(self, orgs: list[Entity]) -> list[Entity]:
        """Short forms join the one longer name that contains them ('Landeshauptstadt', 'IHK Kiel',
        'Verein X e.V.' → 'Landeshauptstadt Kiel', 'Industrie- und Handelskammer zu Kiel (IHK)', 'X - … e.V.')."""
        generic = {loose(w) for w in self.lex.generic_before_brand} | {loose(f) for f in self.lex.legal_forms}
        generic |= {"e", "v", "ev"}

        def words(entity: Entity) -> set[str]:
            found = set(loose(entity.name).split())
            for alias in entity.aliases:
                found |= set(loose(alias).split())
            return found

        def core(entity: Entity) -> set[str]:
            all_words = set(loose(entity.name).split())
            return (all_words - generic) or all_words

        merged: set[int] = set()
        # "Wirtschaftsministerium" and "Ministerium für Finanzen und Wirtschaft" in one text are one ministry
        for short in orgs:
            target = _ministry_of_compound(short, orgs)
            if target is not None:
                target.mentions.extend(short.mentions)
                target.add_alias(short.name)
                merged.add(id(short))
        # "Universität Magdeburg" and "Otto-von-Guericke-Universität" in one text: the one university named
        # after a person, in its town
        for short in orgs:
            parts = short.name.split()
            if id(short) in merged or len(parts) != 2 or parts[1] not in self.lex.places:
                continue
            named = [
                o for o in orgs if o is not short and id(o) not in merged and o.name.split()[0].endswith("-" + parts[0])
            ]
            if len(named) == 1:
                named[0].mentions.extend(short.mentions)
                named[0].add_alias(short.name)
                merged.add(id(short))
        # known abbreviations: "BMWi" and "Bundeswirtschaftsministerium" in one text are one ministry
        for short in orgs:
            expansions = {loose(n) for n in self.lex.acronym_expansions.get(short.name, ())}
            first, _, rest = short.name.partition(" ")
            if not expansions and rest:  # "IHK Magdeburg" and "Industrie- und Handelskammer (zu) Magdeburg"
                for expansion in self.lex.acronym_expansions.get(first, ()):
                    expansions |= {loose(f"{expansion} {rest}"), loose(f"{expansion} zu {rest}")}
            if not expansions:
                continue
            targets = [
                o
                for o in orgs
                if o is not short
                # "Uni Mainz" for "Johannes Gutenberg-Universität Mainz" too
                and any(loose(o.name).startswith(e) or (rest and loose(o.name).endswith(" " + e)) for e in expansions)
            ]
            if len(targets) == 1:
                targets[0].mentions.extend(short.mentions)
                targets[0].add_alias(short.name)
                merged.add(id(short))
        for short in sorted(orgs, key=lambda e: len(e.name)):
            if id(short) in merged:
                continue
            short_core = core(short)
            if not short_core:
                continue
            short_generic = set(loose(short.name).split()) - short_core
            candidates = [
                long
                for long in orgs
                if long is not short
                and id(long) not in merged
                and len(long.name) > len(short.name)
                and short_core <= words(long)
                # "Cluster Ernährung" is no short form of "Ministerium für Ernährung …"
                and (short_generic <= words(long) or short.subkind == long.subkind)
            ]
            if not candidates:
                continue
            if len({id(c) for c in candidates}) > 1 and not all(short_core <= core(c) for c in candidates[:1]):
                self.warnings.append(
                    f"ambiguous organisation {short.name!r}: could be {', '.join(c.name for c in candidates)}"
                )
                continue
            target = max(candidates, key=lambda e: len(e.name))
            target.mentions.extend(short.mentions)
            bare = (
                short_core == set(loose(short.name).split())
                and len(short_core) == 1
                and (self.lex.org_head_kind(short.name) is not None)
            )
            if not bare:
                target.add_alias(short.name)
            for alias in short.aliases:
                target.add_alias(alias)
            merged.add(id(short))
        kept = [o for o in orgs if id(o) not in merged]
        for entity in kept:
            _nominative_adjective(entity)
        return kept

    def _org_by_alias(self, by_key: dict[tuple[str, str], Entity], name: str) -> Entity | None:
        for entity in by_key.values():
            if entity.kind == "org" and name in entity.aliases:
                return entity
        return None

    def _bare_surnames(self) -> None:
        """A capitalised word equal to a known person's surname is a mention of that person."""
        surnames: dict[str, Entity] = {}
        for entity in self.entities:
            if entity.kind == "person" and " " in entity.name:
                surname = entity.name.split()[-1]
                surnames.setdefault(surname, entity)
        for token in self.doc:
            entity = surnames.get(token.text)
            if entity and token.i not in self.by_token:
                mention = Mention("person", token.i, token.i + 1, token.idx, token.idx + len(token.text), token.text)
                mention.surname_only = True
                entity.mentions.append(mention)
                self.by_token[token.i] = (entity, mention)

    def _alias_mentions(self) -> None:
        """A later 'BITKOM', 'Qiagen', 'CAU' for an organisation introduced with that abbreviation or
        whose name ends in a legal form ('Qiagen AG')."""
        table: dict[str, Entity] = {}
        legal = sorted(self.lex.legal_forms, key=len, reverse=True)
        for entity in self.entities:
            if entity.kind != "org":
                continue
            for alias in [*entity.aliases, entity.name]:
                if " " not in alias and len(alias) >= 2:
                    table.setdefault(alias, entity)
            for form in legal:
                if entity.name.endswith(" " + form):
                    short = entity.name[: -len(form) - 1]
                    if " " not in short and len(short) >= 4:
                        table.setdefault(short, entity)
                        entity.add_alias(short)
                    break
        for token in self.doc:
            entity = table.get(token.text)
            if entity is None or token.i in self.by_token or not token.text[:1].isupper():
                continue
            mention = Mention("org", token.i, token.i + 1, token.idx, token.idx + len(token.text), token.text)
            entity.mentions.append(mention)
            self.by_token[token.i] = (entity, mention)

    def _generic_references(self) -> None:
        """'die Initiative', 'des Vereins': the one organisation of that kind in the text."""
        table: dict = self.lex.cues.get("generic_references", {})
        texts = self.texts
        orgs = [e for e in self.entities if e.kind == "org"]
        for index in range(1, len(texts)):
            word = texts[index]
            if index in self.by_token or not word[:1].isupper() or texts[index - 1].lower() not in _ARTICLES:
                continue
            token = self.doc[index]
            kinds = (
                table.get(word)
                or table.get(word[:-1] if word.endswith("s") else word)
                or (table.get(word[:-2]) if word.endswith("es") else None)
            )
            candidates: list[Entity] = []
            for kind in kinds or []:  # the first kind with exactly one organisation wins
                candidates = [e for e in orgs if e.subkind == kind]
                if len(candidates) == 1:
                    break
            base = self.lex.org_head_base(word)
            if len(candidates) != 1 and base:
                # "die Wasserstoffagentur" for "Wasserstoffagentur Baden-Württemberg GmbH"
                candidates = [e for e in orgs if e.name.split()[0] in {word, base}]
                if len(candidates) != 1:
                    # "der Kammer" for "Handwerkskammer zu Köln": the one named last before, in this paragraph
                    # or the one before it
                    suffix = base.lower()
                    headed = [e for e in orgs if e.name.split()[0].lower().endswith(suffix)]
                    candidates = self._last_named_before(headed, index)
            if len(candidates) != 1:
                continue
            mention = Mention("org", token.i, token.i + 1, token.idx, token.idx + len(word), word)
            candidates[0].mentions.append(mention)
            self.by_token[token.i] = (candidates[0], mention)

    def _last_named_before(self, entities: list[Entity], index: int) -> list[Entity]:
        """The entity of ``entities`` mentioned last before token ``index``, within this paragraph or the one
        before it; empty when none is."""
        block = self.seg.block_of(self.doc[index].idx)
        earliest = self.seg.blocks[max(0, block - 1)].start
        best: tuple[int, Entity] | None = None
        for entity in entities:
            for mention in entity.mentions:
                if mention.end <= index and mention.char_start >= earliest and (best is None or mention.end > best[0]):
                    best = (mention.end, entity)
        return [best[1]] if best else []

    def _titles(self) -> None:
        """Titles and role words right before a person's name go into the person's titles."""
        for entity in self.entities:
            if entity.kind != "person":
                continue
            titles: list[str] = []
            for mention in entity.mentions:
                for title in mention.titles:
                    if title not in titles:
                        titles.append(title)
                index = mention.start - 1
                before: list[str] = []
                while (
                    index >= 0
                    and (self.doc[index]._.sg_title or self.doc[index]._.sg_role_or_address)
                    and self.doc[index].text not in {"Herr", "Frau", "Herrn"}
                ):
                    before.insert(0, self.doc[index].text)
                    index -= 1
                for title in before:
                    if title not in titles:
                        titles.append(title)
            # academic titles first, as written: "Dr.", then job titles
            entity.titles = sorted(titles, key=lambda t: (t not in self.lex.titles, titles.index(t)))

    def _untitled_documents(self, mentions: list[Mention]) -> None:
        """'das Papier', 'Positionspapier': the titled document of that kind, else a new document."""
        titled = [e for e in self.entities if e.kind == "document"]
        for mention in mentions:
            if mention.kind != "document" or mention.start in self.by_token:
                continue
            if mention.subkind == "press_release":
                continue  # "Pressemitteilung" untitled: the source itself (or its banner), not another document
            candidates = [e for e in titled if e.subkind == mention.subkind] or titled
            if not candidates:
                entity = Entity("document", self._document_base(mention.name), mention.subkind)
                self.entities.append(entity)
                titled.append(entity)
            else:
                # the nearest titled document: the last before the mention, else the first after it
                before = [e for e in candidates if e.mentions and e.mentions[0].start < mention.start]
                entity = before[-1] if before else candidates[0]
            entity.mentions.append(mention)
            for index in range(mention.start, mention.end):
                self.by_token[index] = (entity, mention)

    def _document_base(self, word: str) -> str:
        """An untitled document is named by its cue noun in the singular nominative: 'Vereinbarungen' ->
        'Vereinbarung', 'des Vertrages' -> 'Vertrag'; listed forms stay ('Förderbescheide')."""
        if " " in word or word.lower() in self.lex.document_cues:
            return word
        for suffix in ("es", "en", "s", "n"):
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and stem.lower() in self.lex.document_cues:
                return stem
        return word

    def _in_heading(self, mention: Mention) -> bool:
        block = self.seg.blocks[self.seg.block_of(mention.char_start)]
        return block.is_heading

    # -- roles -----------------------------------------------------------------------------

    def find_roles(self) -> None:
        """Roles in appositions ('NAME, ROLE bei ORG', 'NAME, ORG') and before names ('IHK-Präsident NAME',
        'Clustermanager NAME', 'dem Präsidenten der ORG, NAME')."""
        doc = self.doc
        for entity in self.entities:
            if entity.kind != "person":
                continue
            for mention in entity.mentions:
                end = mention.end
                if end + 1 < len(doc) and doc[end].text in {",", "("}:
                    start = end + 1
                    # "Kai Beispiel, der Beauftragte des …", "…, seit 2019 Präsidentin der …", "…, neuer Leiter …"
                    for skip in range(1, 4):
                        if (
                            start + skip < len(doc)
                            and doc[start + skip]._.sg_role
                            and all(not t.is_punct and t.i not in self.by_token for t in doc[start : start + skip])
                            and not doc[start]._.sg_role
                        ):
                            start += skip
                            break
                    if (
                        doc[start]._.sg_role
                        and not self._introduces_next_person(start)
                        and self._role_phrase(entity, mention.char_start, start)
                    ):
                        continue
                    found = self.by_token.get(end + 1)
                    if found and found[0].kind == "org" and found[1].start == end + 1:
                        self._add_role(entity, None, found[0], self.mention_span(mention, found[1]))
                    elif doc[end].text == "(":
                        self._affiliation_in_parentheses(entity, mention)
                    else:
                        self._role_then_org(entity, mention, end + 1)
                self._role_before(entity, mention)
                self._org_after_from(entity, mention)
                self._role_in_clause(entity, mention)
                self._person_after_org(entity, mention)

    def _org_after_from(self, person: Entity, mention: Mention) -> None:
        """'Karin Weber vom Verein X', 'Geschäftsführerin Anna Roth von der Y GmbH', 'Ole Brandt aus dem
        Ministerium Z': the organisation a person comes from; the role word before the name, if any."""
        doc = self.doc
        k = mention.end
        if k >= len(doc) or self.texts[k] not in {"von", "vom", "aus"}:
            return
        k += 1
        while k < len(doc) and self.texts[k].lower() in _ARTICLES:
            k += 1
        found = self.by_token.get(k)
        if not found or found[0].kind != "org" or found[1].start != k:
            j = k
            while (
                j < len(doc)
                and j not in self.by_token
                and self.lex.org_head_base(self.texts[j]) in (self.lex.generic_before_brand)
            ):
                j += 1  # "vom Verein Nordholz e.V." when the name leaves the generic word out
            found = self.by_token.get(j)
            if not found or found[0].kind != "org" or found[1].start != j:
                return
        if any(r.org == found[0].name for r in self.roles.get(id(person), [])):
            return
        index = mention.start - 1
        while index >= 0 and doc[index]._.sg_title and not doc[index]._.sg_role:
            index -= 1
        role = None
        if index >= 0 and doc[index]._.sg_role:
            role = self.lex.role_base(doc[index].text) or doc[index].text
        start = doc[index].idx if role else mention.char_start
        self._add_role(person, role, found[0], self.span(start, found[1].char_end))

    def _affiliation_in_parentheses(self, person: Entity, mention: Mention) -> None:
        """'Holger Ritter (Drynet)', 'Torben Taeger (Alfa Laval Mid Europe)': a name in parentheses after a
        person is the organisation they come from, even one the lexicon cannot tell by its form; not a party,
        a place, a photo position ('(Mitte)') or a number."""
        doc = self.doc
        start = mention.end + 1
        close = start
        while close < len(doc) and close - start < 6 and doc[close].text != ")":
            close += 1
        if close >= len(doc) or doc[close].text != ")" or close == start:
            return
        inner = [t for t in doc[start:close]]
        if any(t.i in self.by_token for t in inner):
            return
        words = [t.text for t in inner]
        if (
            not words[0][:1].isupper()
            or any(not (w[:1].isupper() or w in {"&", "-", "und"}) for w in words)
            or any(w in self.lex.parties or w in self.lex.places or self.lex.is_role_word(w) for w in words)
            or any(w in self.lex.cue("not_affiliations") for w in words)
        ):
            return
        name = re.sub(r"\s+", " ", doc[start:close].text)
        kind = self.x.finder.kind_of_name(name, default="company")
        org = self._ensure_org(name, kind, start, close)
        for index in range(start, close):
            self.by_token[index] = (org, org.mentions[-1])
        self._add_role(person, None, org, self.span(mention.char_start, doc[close].idx + 1))

    def _person_after_org(self, person: Entity, mention: Mention) -> None:
        """'die Universität X (Prof. Dr. Kai Beispiel)': a person in parentheses right after an organisation."""
        doc = self.doc
        if mention.end >= len(doc) or doc[mention.end].text != ")":
            return
        opening = mention.start - 1
        while opening > 0 and (doc[opening].text == "." or doc[opening].text in self.lex.titles):
            opening -= 1
        if opening < 1 or doc[opening].text != "(":
            return
        found = self.by_token.get(opening - 1)
        if found and found[0].kind == "org" and found[1].end == opening:
            self._add_role(person, None, found[0], self.mention_span(found[1], mention))

    def _role_then_org(self, person: Entity, mention: Mention, start: int) -> None:
        """'NAME, Chief Operating Officer, ORG': a role phrase the lexicon does not know, then the organisation."""
        doc = self.doc
        end = start
        while end < len(doc) and end - start < 8 and end not in self.by_token:
            token = doc[end]
            if token.is_space or (token.is_punct and token.text != "&") or token.text in QUOTE_CHARS:
                break
            end += 1
        if end == start or end + 1 >= len(doc) or not doc[start].text[:1].isupper():
            return
        if doc[end].text == ",":
            found = self.by_token.get(end + 1)
        elif (
            doc[end - 1].text in {"des", "der"}
            and end - start <= 4
            and all(t.text[:1].isupper() for t in doc[start : end - 1])
        ):
            found = self.by_token.get(end)  # "NAME, Managing Director des ECM"
            end -= 1
        else:
            return
        if not found or found[0].kind != "org" or found[1].start not in {end, end + 1}:
            return
        after = found[1].end
        closed = after >= len(doc) or doc[after].is_space or doc[after].text in {".", ";", ",", ")"}
        if doc[end].text == "," and not closed:
            return  # after a comma, the organisation must end the apposition
        role = re.sub(r"\s+", " ", doc[start:end].text).strip()
        self._add_role(person, role, found[0], self.mention_span(mention, found[1]))

    def appointments(self) -> None:
        """'Als Präsident wurde Kai Beispiel wiedergewählt', 'Zu Vizepräsidenten wurden gewählt: A, B':
        each person named in the sentence holds the role at the organisation named after the role, else at
        the organisation the paragraph is about (not one of their own affiliations), else the headline's."""
        doc = self.doc
        participles = self.lex.cue("appointment_participles")
        prepositions = self.lex.cue("appointment_prepositions")
        # organisations named as somebody's affiliation ("Anna Roth, Geschäftsführerin der X GmbH") are no
        # candidates for the body that elects
        affiliations = {r.org for records in self.roles.values() for r in records if r.org}
        texts = self.texts
        for sentence in self.seg.sentences:
            if participles.isdisjoint(texts[sentence.start : sentence.end]):
                continue
            role_index = next(
                (
                    i
                    for i in range(max(sentence.start, 1), sentence.end)
                    if doc[i]._.sg_role
                    and (
                        texts[i - 1] in prepositions
                        # "zum neuen Kammerpräsidenten", "zur stellvertretenden Vorsitzenden"
                        or (i > 1 and texts[i - 2] in prepositions and texts[i - 1][:1].islower())
                    )
                ),
                None,
            )
            if role_index is None:
                continue
            role = self.lex.role_base(doc[role_index].text) or doc[role_index].text
            persons = self.mentions_in(sentence.start, sentence.end, {"person"})
            if not persons:
                continue
            org = self._org_of_election(role_index, sentence.end, affiliations)
            if org is None:
                continue
            for person, mention in persons:
                if any(r.org == org.name for r in self.roles.get(id(person), [])):
                    continue
                start, end = (
                    sorted((doc[role_index].idx, mention.char_start))[0],
                    max(mention.char_end, doc[role_index].idx + len(doc[role_index].text)),
                )
                self._add_role(person, role, org, self.span(start, end))

    def role_lists(self) -> None:
        """'Die Beigeordneten sind:', 'Dem Vorstand gehören an:' before a list of persons, inline or one per
        bulleted line: each person listed first in an item holds the role at the organisation named after
        the role word, else the one its compound names ('Kammerpräsidenten'), else the paragraph's or the
        headline's (not one of the listed persons' own affiliations)."""
        doc = self.doc
        affiliations = {r.org for records in self.roles.values() for r in records if r.org}
        appointing = self.lex.cue("appointment_participles")
        for sentence in self.seg.sentences:
            colon = next((i for i in range(sentence.start, sentence.end) if doc[i].text == ":"), None)
            if colon is None or self.mentions_in(sentence.start, colon, {"person"}):
                continue
            if not appointing.isdisjoint(self.texts[sentence.start : colon]):
                continue  # "Zu Vizepräsidenten wurden gewählt: …" is an appointment
            role_index = next(
                (i for i in range(colon - 1, sentence.start - 1, -1) if doc[i]._.sg_role and i not in self.by_token),
                None,
            )
            if role_index is None:
                continue
            items = self._list_items_after(doc[colon].idx + 1, sentence.end_char)
            if not items:
                continue
            role = self.lex.role_base(doc[role_index].text) or doc[role_index].text
            org = self._org_of_election(role_index, colon, affiliations)
            if org is None:
                continue
            for item_start, item_end in items:
                span = doc.char_span(item_start, item_end, alignment_mode="expand")
                if span is None:
                    continue
                persons = self.mentions_in(span.start, span.end, {"person"})
                if not persons:
                    continue
                person, mention = persons[0]
                lead = [t for t in doc[span.start : mention.start] if not (t.is_space or t.is_punct)]
                if any(not t._.sg_title for t in lead):
                    continue  # the item does not start with the person ("• Leitung: …")
                evidence = self.span(doc[role_index].idx, mention.char_end)
                self._add_role(person, role, org, evidence)

    def copula_roles(self) -> None:
        """'Stellvertretender Vorsitzender des Gremiums ist Kai Beispiel (…)', 'Beisitzer sind A und B': the
        role word, a copula, then the persons; the organisation as for elections."""
        doc = self.doc
        texts = self.texts
        affiliations = {r.org for records in self.roles.values() for r in records if r.org}
        copulas = {"ist", "sind", "bleibt", "bleiben", "wird", "werden"}
        for sentence in self.seg.sentences:
            for role_index in range(sentence.start, sentence.end - 2):
                if not (doc[role_index]._.sg_role and texts[role_index][:1].isupper()) or role_index in self.by_token:
                    continue
                k = role_index + 1
                if texts[k] in {"des", "der"} and k + 1 < sentence.end:
                    found = self.by_token.get(k + 1)
                    k = found[1].end if found and found[1].start == k + 1 else k + 2
                if k >= sentence.end or texts[k] not in copulas:
                    continue
                first = self.by_token.get(k + 1)
                if not first or first[0].kind != "person" or first[1].start != k + 1:
                    continue
                persons = [first, *self._coordinated_persons(first[1].end, sentence.end)]
                org = self._org_of_election(role_index, k, affiliations)
                if org is None:
                    continue
                role = self.lex.role_base(texts[role_index]) or texts[role_index]
                for person, mention in persons:
                    self._add_role(person, role, org, self.span(doc[role_index].idx, mention.char_end))

    def person_then_copula_roles(self) -> None:
        """'Katrin Beispiel, Professorin an der X, ist neue Vizepräsidentin der Y', 'Kai Beispiel wird neuer
        Geschäftsführer der Z': a person, an optional apposition, a copula, adjectives, a role phrase."""
        doc = self.doc
        texts = self.texts
        copulas = {"ist", "wird", "bleibt", "wurde", "war"}
        for entity in [e for e in self.entities if e.kind == "person"]:
            for mention in entity.mentions:
                sentence = doc[mention.start].sent
                k = mention.end
                if k < sentence.end and texts[k] == ",":
                    k = self._after_apposition(k + 1, sentence.end)
                    if k is None:
                        continue
                if k >= sentence.end or texts[k] not in copulas:
                    continue
                k += 1
                while k < sentence.end and texts[k][:1].islower() and texts[k] not in {"der", "die", "des"}:
                    k += 1  # "neue", "neuer", "stellvertretende", "erneut"
                if k < sentence.end and doc[k]._.sg_role and texts[k][:1].isupper():
                    self._role_phrase(entity, mention.char_start, k)

    def _after_apposition(self, start: int, end: int) -> int | None:
        """The token after the comma that closes an apposition starting at ``start`` (organisation names
        with commas inside count as one word), or None when the clause ends first."""
        k = start
        while k < end:
            found = self.by_token.get(k)
            if found and found[1].start == k and found[1].end > k + 1:
                k = found[1].end
                continue
            if self.texts[k] == ",":
                return k + 1
            if self.texts[k] in {".", ";", ":"} or self.texts[k] in QUOTE_CHARS:
                return None
            k += 1
        return None

    def _org_of_previous_paragraph(self, index: int, own: set[str]) -> Entity | None:
        """The first organisation of the paragraph before the one holding token ``index`` that is nobody's
        affiliation ('… den Vorstand des Verbandes X e. V.' above 'Die Beigeordneten sind:')."""
        block = self.seg.block_of(self.doc[index].idx)
        if block == 0:
            return None
        previous = self.seg.blocks[block - 1]
        span = self.doc.char_span(previous.start, previous.end, alignment_mode="expand")
        candidates = self.mentions_in(span.start, span.end, {"org"}) if span is not None else []
        return next((e for e, _ in candidates if e.name not in own), None)

    def _list_items_after(self, start: int, sentence_end: int) -> list[tuple[int, int]]:
        """Character ranges of the items of a list that starts at ``start``: the rest of the line split at
        commas, semicolons and 'und', or, when the line ends there, the following bulleted lines."""
        text = self.seg.text
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        if text[start:line_end].strip():
            end = min(line_end, max(sentence_end, start))
            items, position = [], start
            for match in re.finditer(r",|;|\bund\b|\bsowie\b", text[start:end]):
                items.append((position, start + match.start()))
                position = start + match.end()
            items.append((position, end))
            return [(a, b) for a, b in items if text[a:b].strip()]
        items = []
        position = line_end + 1
        while position < len(text):
            next_end = text.find("\n", position)
            next_end = len(text) if next_end < 0 else next_end
            line = text[position:next_end]
            if not line.strip():
                position = next_end + 1
                continue  # blank lines before and between bullets
            if not _BULLET.match(line):
                break
            items.append((position, next_end))
            position = next_end + 1
        return items

    def _org_of_election(self, role_index: int, end: int, affiliations: set[str]) -> Entity | None:
        """Where a person is elected or appointed to the role at ``role_index``: the organisation named right
        after the role, else the one its compound names ('Kammerpräsidenten'), else the paragraph's, the
        headline's or the previous paragraph's (never one of the persons' own affiliations)."""
        # the assembly that elects ("Die Vollversammlung wählte …") is no candidate for the role's organisation
        organs = {e.name for e in self.entities if e.kind == "org" and e.name.split()[0] in self.lex.organs}
        return (
            self._org_after_role(role_index, end)
            or self._org_for_compound(self.doc[role_index].text)
            or self._org_of_paragraph(role_index, affiliations | organs)
            or self._org_of_previous_paragraph(role_index, affiliations | organs)
        )

    def _org_after_role(self, role_index: int, end: int) -> Entity | None:
        """'zum Sprecher des AK BioRegio': the organisation in the genitive right after the role word."""
        doc = self.doc
        k = role_index + 1
        if k < end and doc[k].text.lower() in {"des", "der", "im", "beim", "bei"}:
            k += 1
        found = self.by_token.get(k)
        return found[0] if found and found[0].kind == "org" and found[1].start == k else None

    def _org_of_paragraph(self, role_index: int, own: set[str]) -> Entity | None:
        """The first organisation of the paragraph before the role word that is nobody's affiliation,
        else the headline's."""
        block = self.seg.blocks[self.seg.block_of(self.doc[role_index].idx)]
        span = self.doc.char_span(block.start, block.end, alignment_mode="expand")
        candidates = self.mentions_in(span.start, role_index, {"org"}) if span is not None else []
        for entity, _ in candidates:
            if entity.name not in own:
                return entity
        title_block = self.header.title_block
        if title_block is not None:
            heading = self.seg.blocks[title_block]
            span = self.doc.char_span(heading.start, heading.end, alignment_mode="expand")
            for entity, _ in self.mentions_in(span.start, span.end, {"org"}) if span is not None else []:
                if entity.name not in own:
                    return entity
        return None

    def parties(self) -> None:
        """'Kai Beispiel (SPD)': the person is a member of the party."""
        doc = self.doc
        for entity in [e for e in self.entities if e.kind == "person"]:
            for mention in entity.mentions:
                k = mention.end
                if (
                    k + 2 < len(doc)
                    and doc[k].text == "("
                    and doc[k + 1].text in self.lex.parties
                    and doc[k + 2].text == ")"
                ):
                    party = self._ensure_org(doc[k + 1].text, "other", k + 1, k + 2)
                    self.relate(entity, "member_of", party, self.span(mention.char_start, doc[k + 2].idx + 1))

    def _role_in_clause(self, person: Entity, mention: Mention) -> None:
        """'NAME ist Geschäftsführer der X', 'NAME, der als Leiter bei X …', 'NAME von der X sagte'."""
        doc = self.doc
        end = mention.end
        if end >= len(doc):
            return
        sentence_end = doc[mention.start].sent.end
        k = end
        # "ist|war|wird (seit 2019)? ROLE" and "(, der|die)? als ROLE"
        if doc[k].text == ",":
            k += 1
        if (
            k < sentence_end
            and doc[k].text.lower() in {"der", "die"}
            and k + 1 < sentence_end
            and doc[k + 1].text == "als"
        ):
            k += 1
        if k < sentence_end and doc[k].text in {"ist", "war", "wird", "als", "bleibt"}:
            j = k + 1
            while j < sentence_end and j - k <= 3 and not doc[j]._.sg_role and doc[j].text not in {",", "."}:
                j += 1
            if j < sentence_end and doc[j]._.sg_role:
                self._role_phrase(person, mention.char_start, j)
                return
        # "NAME von der IHK Köln", "NAME vom Netzwerk X", "NAME aus dem Ministerium": an affiliation
        if doc[end].text in {"von", "vom", "aus"} and end + 1 < sentence_end:
            k = end + 1
            while k < sentence_end and doc[k].text.lower() in _ARTICLES:
                k += 1
            found = self.by_token.get(k)
            if found and found[0].kind == "org" and found[1].start == k:
                self._add_role(person, None, found[0], self.mention_span(mention, found[1]))

    def _introduces_next_person(self, index: int) -> bool:
        """'…, CAU-Präsident Prof. Kai Beispiel': the role word belongs to the following name."""
        k = index + 1
        while k < len(self.doc) and self.doc[k]._.sg_title:
            k += 1
        found = self.by_token.get(k)
        return bool(found and found[0].kind == "person")

    def _add_role(self, person: Entity, role: str | None, org: Entity | str | None, evidence: Span) -> None:
        org_name = org.name if isinstance(org, Entity) else org
        existing = self.roles.setdefault(id(person), [])
        if any(r.org == org_name and (r.role == role or role is None) for r in existing) and org_name:
            return
        if role is None and not org_name:
            return
        existing[:] = [r for r in existing if not (r.org == org_name and r.role is None)]
        existing.append(RoleRecord(role, org_name, evidence))
        if org_name:
            self.relate(person, "role_at", org_name, evidence)

    def _role_before(self, person: Entity, mention: Mention) -> None:
        doc = self.doc
        index = mention.start - 1
        while (
            index >= 0
            and doc[index]._.sg_title
            and (
                not doc[index]._.sg_role or (index > 0 and doc[index - 1]._.sg_role)  # "Hochschulpräsident Professor"
            )
        ):
            index -= 1
        if index < 0:
            return
        acronym = doc[index].text
        if (
            index > 0
            and doc[index - 1]._.sg_role
            and acronym.isupper()
            and 2 <= len(acronym) <= 6
            and acronym.isalpha()
            and acronym not in self.lex.not_acronyms
        ):
            # "Geschäftsführer LGH Reiner Nolten": role, the organisation's abbreviation, the name
            org = self._org_for_prefix(acronym, index)
            if org is not None:
                role = self.lex.role_base(doc[index - 1].text) or doc[index - 1].text
                self._add_role(person, role, org, self.span(doc[index - 1].idx, mention.char_end))
                return
        if doc[index]._.sg_role:
            word = doc[index].text
            org: Entity | None
            if "-" in word:
                prefix, role_word = word.rsplit("-", 1)
                org = self._org_for_prefix(prefix, index)
                role = self.lex.role_base(role_word) or role_word
            else:
                org = self._org_for_compound(word) or self._org_for_role_cue(word)
                if org is None:
                    org = self._org_on_whose_behalf(index)
                    if org is not None:
                        self.acting_for[id(person)] = org
                    else:
                        org = self._org_of_coordinated_signer(index)
                role = self.lex.role_base(word) or word
            if org is not None:
                self._add_role(person, role, org, self.span(doc[index].idx, mention.char_end))
            return
        if doc[index].text == ",":
            index -= 1
        elif not (
            (found := self.by_token.get(index))
            and found[0].kind == "org"
            and doc[index].text[:1].isupper()
            and not doc[index].text.endswith(".")  # "… der Nordwerk GmbH. Anna Roth": a sentence ended
            and not doc[mention.start].is_sent_start
        ):
            return
        elif (behalf := self._org_on_whose_behalf(index + 1)) is not None:
            # "seitens der IHK Schwaben Dr. Matthias Köppel": no role word, but the organisation they act for
            self.acting_for[id(person)] = behalf
            self._add_role(person, None, behalf, self.span(doc[index].idx, mention.char_end))
            return
        # "dem Präsidenten der Muthesius Kunsthochschule, Prof. Kai Beispiel", "der Manager für das „X“, Kai …",
        # "Hauptgeschäftsführer der Kammer Dr. Kai Beispiel" (no comma)
        while index >= 0 and doc[index].text in QUOTE_CHARS:
            index -= 1
        found = self.by_token.get(index)
        if not found or found[0].kind != "org":
            return
        org_entity, org_mention = found
        k = org_mention.start - 1
        while k >= 0 and (
            doc[k].text.lower() in _ARTICLES
            or doc[k].text in {"für", "bei", "von", "vom", "am", "im"} | set(QUOTE_CHARS)
        ):
            k -= 1
        if (
            k >= 2
            and not doc[k]._.sg_role
            and doc[k].text[:1].isupper()
            and k not in self.by_token
            and doc[k - 1].text == "für"
            and doc[k - 2]._.sg_role
        ):
            k -= 2  # "den Vizepräsidenten für Forschung der HNEE, Prof. Kai Beispiel": the role's field
        if k >= 0 and doc[k]._.sg_role:
            role = self.lex.role_base(doc[k].text) or doc[k].text
            self._add_role(person, role, org_entity, self.span(doc[k].idx, mention.char_end))

    def _org_on_whose_behalf(self, role_index: int) -> Entity | None:
        """'für die Handwerkskammer X Präsident Y', 'für die Universität ihr Rektor Y': the organisation a
        signer acts for, named right before the role word."""
        doc = self.doc
        k = role_index - 1
        while k >= 0 and doc[k].text.lower() in {"ihr", "ihre", "sein", "seine", "deren", "dessen"}:
            k -= 1
        found = self.by_token.get(k)
        if not found or found[0].kind != "org" or found[1].end != k + 1:
            return None
        j = found[1].start - 1
        while j >= 0 and doc[j].text.lower() in _ARTICLES:
            j -= 1
        return found[0] if j >= 0 and doc[j].text.lower() in {"für", "seitens"} else None

    def _org_of_coordinated_signer(self, role_index: int) -> Entity | None:
        """'für die Kammer Präsident A und der Hauptgeschäftsführer B': B acts for the organisation A acts for."""
        doc = self.doc
        k = role_index - 1
        while k >= 0 and doc[k].text.lower() in _ARTICLES:
            k -= 1
        if k < 1 or doc[k].text not in {"und", "sowie"}:
            return None
        found = self.by_token.get(k - 1)
        if not found or found[0].kind != "person" or found[1].end != k:
            return None
        return self.acting_for.get(id(found[0]))

    def _org_for_prefix(self, prefix: str, token_index: int) -> Entity | None:
        """'IHK' in 'IHK-Präsident': the organisation with that name or alias, else a new one for an acronym."""
        key = name_key(prefix)
        candidates = []
        for entity in self.entities:
            if entity.kind != "org":
                continue
            names = [entity.name, *entity.aliases]
            stripped = [re.sub(r"\s+(" + "|".join(map(re.escape, self.lex.legal_forms)) + r")$", "", n) for n in names]
            if any(name_key(n) == key for n in names + stripped):
                return entity
            if any(n.split()[0] == prefix for n in names if n.split()):
                candidates.append(entity)
        if len(candidates) == 1:
            return candidates[0]
        if prefix in self.lex.acronyms or (
            prefix.isupper() and 2 <= len(prefix) <= 6 and prefix not in self.lex.places
        ):
            token = self.doc[token_index]
            entity = Entity("org", prefix, self.lex.acronyms.get(prefix, "other"))
            entity.mentions.append(
                Mention("org", token_index, token_index + 1, token.idx, token.idx + len(prefix), prefix)
            )
            self.entities.append(entity)
            return entity
        return None

    def _org_for_role_cue(self, word: str) -> Entity | None:
        """'Oberbürgermeister' → the one town of the text (roles.yaml: organisation_cues)."""
        cues = self.lex.role_org_cues.get(self.lex.role_base(word) or word)
        if not cues:
            return None
        matches = [e for e in self.entities if e.kind == "org" and any(c in e.name.lower() for c in cues)]
        return matches[0] if len(matches) == 1 else None

    def _org_for_compound(self, word: str) -> Entity | None:
        """'Wirtschaftsminister' → the economy ministry of the text; 'Clustermanager' → its one cluster."""
        lower = word.lower()
        suffix = next((s for s in sorted(self.lex.role_suffixes, key=len, reverse=True) if lower.endswith(s)), None)
        if suffix is None or len(lower) <= len(suffix) + 2:
            return None
        prefix = word[: len(word) - len(suffix)]
        orgs = [e for e in self.entities if e.kind == "org"]
        if suffix.startswith("minister"):
            derived = loose(prefix + "ministerium")
            modifier = loose(re.sub(r"^(Bundes|Landes|Staats)", "", prefix).rstrip("s"))
            matches = [
                e
                for e in orgs
                if e.subkind == "ministry"
                and (
                    loose(e.name).endswith(derived)
                    or any(loose(a).endswith(derived) for a in e.aliases)
                    or re.match(rf"ministerium fur {re.escape(modifier)}\b", loose(e.name))
                )
            ]
            return matches[0] if len(matches) == 1 else None
        head_kind = self.lex.org_head_kind(prefix) or self.lex.org_head_kind(prefix + "e")
        if head_kind is None:
            return None
        lowered = prefix.lower()
        matches = [e for e in orgs if any(w.lower().startswith(lowered) for w in re.split(r"[\s.\-]+", e.name))] or [
            e for e in orgs if e.subkind == head_kind
        ]
        return matches[0] if len(matches) == 1 else None

    def _role_phrase(self, person: Entity, evidence_start: int, start: int) -> bool:
        """The role phrase starting at token ``start`` belongs to ``person``; False when it names nobody's role
        of theirs (it introduces the next person, or is empty)."""
        doc = self.doc
        member_preps = self.lex.cue("member_prepositions")
        end = start
        while end < len(doc):
            token = doc[end]
            if token.text in {":", ";", "(", ")", "–", "—"} or token.text in QUOTE_CHARS or token.is_space:
                break
            if token.text == "." or (token.is_sent_start and end > start):
                break
            if token.text == "," and not _enumeration_continues(doc, end + 1):
                break
            if token.text in member_preps and end > start:
                break
            if end > start and (found := self.by_token.get(end)) is not None and found[0].kind == "person":
                before = end - 1
                while before > start and (doc[before]._.sg_role or doc[before]._.sg_title):
                    before -= 1  # "…, und Landrat Frank Puch": the next person of a list, with their own role
                if doc[before].text in {",", "und", "sowie"}:
                    end = before
                    while end > start and doc[end - 1].text in {",", "und", "sowie"}:
                        end -= 1
                    break  # "…, Geschäftsführer der X GmbH, und Eva Lindner": the next person of a list
                # "Kai Beispiel, Geschäftsführer LGH Ole Brandt": the role names the next person, not this one
                return False
            if token.text in self.lex.speech_verbs and token.text[:1].islower():
                break
            if end > start and token.text[:1].islower() and token.text.endswith("t") and len(token.text) > 4:
                break  # a participle ends the role: "zum Sprecher gewählt", "als Leiterin bestätigt"
            end += 1
        if end <= start:
            return False
        following = end + 1
        while following < len(doc) and (doc[following]._.sg_title or doc[following].is_space):
            following += 1
        if (
            end < len(doc)
            and doc[end].text == ","
            and start > 0
            and doc[start - 1].text in {"der", "die"}
            and (found := self.by_token.get(following)) is not None
            and found[0].kind == "person"
            and found[0] is not person
        ):
            # "A, der Geschäftsführer der X GmbH, B, …": with its article the role introduces B, not A
            # (without one, "A, Geschäftsführer X GmbH, B, Inhaberin Y" gives each role to the name before it)
            return False
        self.role_spans.append((start, end))
        orgs = self.mentions_in(start, end, {"org"})
        role_tokens_end = end
        org: Entity | None = None
        ministry_role = doc[start].text in self.lex.ministry_roles and start + 1 < end and doc[start + 1].text == "für"
        if orgs and not ministry_role:
            org, org_mention = orgs[-1]
            role_tokens_end = org_mention.start
            # "Clustermanager des Clusters X": the generic head right before the name is no part of the role
            if role_tokens_end > start + 1 and _generic_head(doc[role_tokens_end - 1].text, self.lex):
                role_tokens_end -= 1
            while role_tokens_end > start + 1 and (
                doc[role_tokens_end - 1].text in self.lex.cue("role_prepositions")
                or doc[role_tokens_end - 1].text.lower() in _ARTICLES
            ):
                role_tokens_end -= 1
        elif ministry_role:
            for inner, inner_mention in orgs:  # "… des Landes X" is part of the ministry's name here
                inner.mentions.remove(inner_mention)
                for index in range(inner_mention.start, inner_mention.end):
                    self.by_token.pop(index, None)
            # "Ministerin für Wirtschaft … des Landes X" names the ministry "Ministerium für … des Landes X"
            role_word = doc[start].text
            ministry = role_word[: role_word.lower().rindex("minister")] + "Ministerium"
            ministry = ministry[:1].upper() + ministry[1:].lower() + " " + doc[start + 1 : end].text
            org = self._ensure_org(re.sub(r"\s+", " ", ministry), "ministry", start, end)
            role_tokens_end = _before_genitive(doc, start, end)
        else:
            org = self._org_for_compound(doc[start].text)
        words = doc[start:role_tokens_end].text.split()
        if words:
            words[0] = self.lex.role_base(words[0]) or words[0]
        role_text = re.sub(r"\s+", " ", " ".join(words)).strip(" ,")
        if not role_text:
            return False
        self._add_role(person, role_text, org, self.span(evidence_start, doc[end - 1].idx + len(doc[end - 1].text)))
        return True

    def _ensure_org(self, name: str, kind: str, start: int, end: int) -> Entity:
        for entity in self.entities:
            if entity.kind == "org" and name_key(entity.name) == name_key(name):
                return entity
        doc = self.doc
        entity = Entity("org", name, kind)
        mention = Mention("org", start, end, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), name)
        entity.mentions.append(mention)
        self.entities.append(entity)
        return entity

    # -- source document -------------------------------------------------------------------

    def resolve_source_document(self) -> None:
        """The source itself: title and kind from metadata or header; issuer and byline are authors."""
        meta = self.source.metadata
        header = self.header
        title = meta.get("title") or header.title or self.source.name
        kind = meta.get("kind") or header.kind
        self.source_entity = Entity("document", title, kind, is_source=True, date=self.date)
        issuers: list[Entity] = []
        for index in sorted(header.blocks):
            block = self.seg.blocks[index]
            if (header.issuer and header.issuer in block.text) or (header.byline and header.byline in block.text):
                span = self.doc.char_span(block.start, block.end, alignment_mode="expand")
                if span is None:
                    continue
                authors = self.mentions_in(span.start, span.end, {"org", "person"})
                for entity, mention in authors:
                    self.relate(entity, "authored", self.source_entity, self.mention_span(mention))
                persons = [a for a in authors if a[0].kind == "person"]
                orgs = [a for a in authors if a[0].kind == "org"]
                if len(persons) == 1 and len(orgs) == 1:  # byline "Kai Beispiel / IHK Kiel"
                    self.relate(persons[0][0], "role_at", orgs[0][0], self.mention_span(persons[0][1], orgs[0][1]))
                    self.roles.setdefault(id(persons[0][0]), []).append(
                        RoleRecord(None, orgs[0][0].name, self.mention_span(persons[0][1], orgs[0][1]))
                    )
                issuers += [entity for entity, _ in orgs]
        issuers += self._headline_tag()
        self._ministers_of(issuers)

    def _headline_tag(self) -> list[Entity]:
        """'StMWi: Zwei Cluster siegen …': an abbreviation before a colon at the start of the title is the issuer."""
        block_index = self.header.title_block
        if block_index is None or self.source.metadata.get("title"):
            return []
        block = self.seg.blocks[block_index]
        tag = re.match(r"([A-ZÄÖÜ][A-Za-zÄÖÜäöü.&-]{1,12}): ", block.text)
        if not tag or sum(ch.isupper() for ch in tag.group(1)) < 2:
            return []
        span = self.doc.char_span(block.start, block.start + len(tag.group(1)), alignment_mode="expand")
        if span is None:
            return []
        found = self.by_token.get(span.start)
        if found and found[0].kind == "org":
            entity = found[0]
        else:
            kind = (
                "ministry"
                if tag.group(1).startswith(tuple(self.lex.cue("ministry_abbreviation_prefixes")))
                else "other"
            )
            entity = self._ensure_org(tag.group(1), kind, span.start, span.end)
        self.relate(entity, "authored", self.source_entity, self.span(block.start, block.start + len(tag.group(1))))
        return [entity]

    def _ministers_of(self, issuers: list[Entity]) -> None:
        """'Umweltminister Olaf Lies' in a release issued by one ministry: the minister of that ministry."""
        ministries = {id(e): e for e in issuers if e.kind == "org" and e.subkind == "ministry"}
        if len(ministries) != 1:
            return
        (ministry,) = ministries.values()
        for person in self.entities:
            if person.kind != "person" or any(r.org for r in self.roles.get(id(person), [])):
                continue
            words = person.titles + [r.role or "" for r in self.roles.get(id(person), [])]
            minister = next((w for w in words if "minister" in w.lower() and "präsident" not in w.lower()), None)
            if minister is None:
                continue
            federal = ministry.name.startswith(("Bundes", "BM"))
            if minister.lower().startswith("bundes") != federal:
                continue  # a federal minister in a Land ministry's release, or the other way round
            role = self.lex.role_base(minister.split()[-1]) or minister.split()[-1]
            self._add_role(person, role, ministry, self.mention_span(person.mentions[0]))

    # -- memberships -----------------------------------------------------------------------

    def memberships(self, quotations: list[Quotation]) -> None:
        doc = self.doc
        member_preps = self.lex.cue("member_prepositions")
        member_nouns = self.lex.cue("member_nouns")
        for token in doc:
            # "X aus der Y"
            if token.text in member_preps and token.i > 0:
                left = self.by_token.get(token.i - 1)
                right_index = token.i + 1
                while right_index < len(doc) and doc[right_index].text.lower() in _ARTICLES:
                    right_index += 1
                right = self.by_token.get(right_index)
                if left and right and left[0].kind == "org" and right[0].kind == "org":
                    self.relate(left[0], "member_of", right[0], self.mention_span(left[1], right[1]))
            # "X ist Mitglied der Y" / "Mitglieder der Y: A, B und C" / "Y-Mitglieder A und B" / "Gründungsmitglied"
            base = token.text.split("-")[-1]
            if (
                base in member_nouns
                or (
                    base[:1].isupper()
                    and any(base.endswith(n.lower()) and len(base) > len(n) + 3 for n in member_nouns)
                )
            ) and not self.lex.is_role_word(token.text):
                # ("Ratsmitglied", "Vorstandsmitglied" are a person's role, not an organisation's membership)
                self._member_noun(token.i)
        self._joining()
        self._voice_headings(quotations)

    def _joining(self) -> None:
        """'X ist dem Netzwerk Y beigetreten', 'X wurde in das Programm Y aufgenommen'."""
        doc = self.doc
        words = self.lex.cue("joining_words")
        for sentence in self.seg.sentences:
            verbs = [t for t in sentence if t.text in words]
            if not verbs:
                continue
            agents = [a for a in self._agents(sentence) if a[0].kind == "org"]
            if not agents:
                continue
            member, member_mention = agents[0]
            for token in sentence:
                if token.text not in {"in", "im", "dem", "der", "zum"} or token.i <= member_mention.end:
                    continue
                k = token.i + 1
                while k < sentence.end and (
                    doc[k].text.lower() in _ARTICLES
                    or self.lex.org_head_base(doc[k].text) in self.lex.generic_before_brand
                    or doc[k].text in QUOTE_CHARS
                ):
                    k += 1
                found = self.by_token.get(k)
                if found and found[0].kind == "org" and found[0] is not member:
                    # "A und B sind dem Netzwerk Y beigetreten": every organisation named before Y
                    members = [a for a in agents if a[1].start < found[1].start and a[0] is not found[0]]
                    for entity, mention in members or [(member, member_mention)]:
                        self.relate(entity, "member_of", found[0], self.mention_span(mention, found[1]))
                    break
        self._belonging()

    def _belonging(self) -> None:
        """'Dem Netzwerk Y gehören A, B und C an', 'A gehört dem Verband Y an': members of the organisation in
        the dative before the separable verb 'an'."""
        doc = self.doc
        texts = self.texts
        for sentence in self.seg.sentences:
            verb = next((i for i in range(sentence.start, sentence.end) if texts[i] in {"gehören", "gehört"}), None)
            last = sentence.end - 1
            while last > sentence.start and (texts[last] in {".", "!"} or doc[last].is_space):
                last -= 1
            if verb is None or texts[last] != "an":
                continue
            container = None
            for k in range(sentence.start, last):
                if texts[k] in {"dem", "der", "Dem", "Der"}:
                    j = k + 1
                    while (
                        j < last
                        and j not in self.by_token
                        and self.lex.org_head_base(texts[j]) in self.lex.generic_before_brand
                    ):
                        j += 1
                    found = self.by_token.get(j)
                    if found and found[0].kind == "org" and found[1].start == j:
                        container = found
                        break
            if container is None:
                continue
            for entity, mention in self.mentions_in(sentence.start, last, {"org"}):
                if entity is not container[0]:
                    self.relate(entity, "member_of", container[0], self.mention_span(mention, container[1]))

    def _member_noun(self, index: int) -> None:
        doc = self.doc
        sentence = doc[index].sent
        container: tuple[Entity, Mention] | None = None
        if "-" in doc[index].text:
            prefix = doc[index].text.rsplit("-", 1)[0]
            for entity in self.entities:
                if entity.kind == "org" and (prefix == entity.name or prefix in entity.aliases):
                    container = (entity, entity.mentions[0])
        after = index + 1
        while after < sentence.end and (
            doc[after].text.lower() in _ARTICLES | {"von", "im", "in"}
            or (  # "Mitglieder im Netzwerk EUniverCities": the generic head before the name
                self.lex.org_head_base(doc[after].text) in self.lex.generic_before_brand
                and after + 1 < sentence.end
                and after + 1 in self.by_token
            )
        ):
            after += 1
        if container is None and after < sentence.end:
            found = self.by_token.get(after)
            if found and found[0].kind == "org":
                container = found
        if container is None:
            # "Die Gründungsmitglieder und Repräsentanten des Bündnisses sind …": a genitive a few words on
            for k in range(index + 1, min(sentence.end - 1, index + 7)):
                if self.texts[k] in {",", ":", ".", "sind", "ist"}:
                    break
                found = self.by_token.get(k + 1)
                if self.texts[k] in {"des", "der"} and found and found[0].kind == "org" and found[1].start == k + 1:
                    container = found
                    break
        if (
            container is None
            and index + 2 < sentence.end
            and self.texts[index + 1] == ","
            and self.texts[index + 2] in {"darunter", "u.a.", "etwa", "wie"}
        ):
            # "Das Netzwerk X hat 40 Mitglieder, darunter A und B": the subject has them
            owners = [a for a in self._agents(sentence) if a[0].kind == "org" and a[1].start < index]
            if owners:
                owner = owners[0]
                for entity, mention in self.mentions_in(index + 2, sentence.end, {"org"}):
                    if entity is not owner[0]:
                        self.relate(entity, "member_of", owner[0], self.mention_span(owner[1], mention))
            return
        if container is None:
            return
        members = [m for m in self.mentions_in(sentence.start, sentence.end, {"org"}) if m[0] is not container[0]]
        before = [m for m in members if m[1].start < index]
        after_list = [m for m in members if m[1].start > index]
        following = self.texts[container[1].end] if container[1].end < sentence.end else ""
        if ":" in doc[index : sentence.end].text or "-" in doc[index].text:
            chosen = after_list
        elif following in self.lex.cue("member_list_openers") or (
            index > 0 and self.texts[index - 2 : index] in (["Zu", "den"], ["zu", "den"])
        ):
            # "Zu den Mitgliedern des Netzwerks X zählen A, B und C", "Mitglieder des X sind A und B"
            chosen = [m for m in after_list if m[1].start > container[1].start]
        elif doc[index].text.endswith(("er", "ern")) and doc[index].text != "Partner":
            chosen = before  # "A, B und C sind Mitglieder im Netzwerk Y": every organisation named before
        else:
            chosen = before[-1:]
        for entity, mention in chosen:
            self.relate(
                entity,
                "member_of",
                container[0],
                self.span(
                    min(mention.char_start, doc[index].idx),
                    max(mention.char_end, doc[index].idx + len(doc[index].text)),
                ),
            )

    def _voice_headings(self, quotations: list[Quotation]) -> None:
        """A heading 'Weitere Stimmen aus der X' makes the speakers' organisations below members of X."""
        words = self.lex.cue("voice_heading_words")
        blocks = self.seg.blocks
        for index, block in enumerate(blocks):
            if not block.is_heading or not (set(block.text.split()) & words):
                continue
            orgs = [
                self.by_token[t.i]
                for t in self.doc.char_span(block.start, block.end, alignment_mode="expand") or []
                if t.i in self.by_token and self.by_token[t.i][0].kind == "org"
            ]
            if not orgs:
                continue
            container, _ = orgs[-1]
            section_end = next((b.start for b in blocks[index + 1 :] if b.is_heading), len(self.text))
            for quotation in quotations:
                if not (block.end <= quotation.start < section_end) or quotation.speaker is None:
                    continue
                for role in self.roles.get(id(quotation.speaker), []):
                    if role.org and role.org != container.name:
                        self.relate(
                            role.org,
                            "member_of",
                            container,
                            role.evidence,
                        )

    # -- documents: authors and handovers --------------------------------------------------

    def authorship_and_handover(self) -> None:
        doc = self.doc
        authoring = self.lex.authoring_verbs
        handover_words = self.lex.handover_verbs | self.lex.handover_nouns
        recipients_prep = self.lex.recipient_prepositions
        for sentence in self.seg.sentences:
            documents = [m for m in self.mentions_in(sentence.start, sentence.end, {"document"})]
            if not documents:
                continue
            words = {t.text for t in sentence}
            agents = self._agents(sentence)
            # genitive: "das Positionspapier der X" / "des Positionspapiers der X"
            for entity, mention in documents:
                after = mention.end
                if after + 1 < sentence.end and doc[after].text in {"der", "des"}:
                    owner = self.by_token.get(after + 1)
                    if owner and owner[0].kind in {"org", "person"}:
                        self.relate(owner[0], "authored", entity, self.mention_span(mention, owner[1]))
            if words & authoring and agents:
                agent_entity, agent_mention = agents[0]
                for entity, mention in documents:
                    if not entity.is_source:
                        self.relate(agent_entity, "authored", entity, self.mention_span(agent_mention, mention))
            if words & handover_words:
                self._handover(sentence, documents, agents, recipients_prep)

    def _agents(self, sentence: TokenSpan) -> list[tuple[Entity, Mention]]:
        """Organisations and persons that can be the subject: not after a preposition, not in a role."""
        doc = self.doc
        found = []
        for entity, mention in self.mentions_in(sentence.start, sentence.end, {"org", "person"}):
            if any(start <= mention.start < end for start, end in self.role_spans):
                continue
            index = mention.start - 1
            while index >= sentence.start and (
                doc[index].text.lower() in _ARTICLES
                or doc[index]._.sg_role_or_address
                or doc[index]._.sg_title
                or _YEAR.match(doc[index].text)
                or doc[index].text in self.lex.founding_words
            ):
                index -= 1
            if index >= sentence.start and doc[index].text.lower() in {
                "an",
                "mit",
                "für",
                "von",
                "vom",
                "zwischen",
                "bei",
                "über",
                "durch",
                "aus",
                "zur",
                "zum",
                "im",
                "in",
            }:
                continue
            if (
                mention.start - 1 >= sentence.start
                and doc[mention.start - 1].text in {"der", "des"}
                and mention.start - 2 >= sentence.start
                and doc[mention.start - 2].text[:1].isupper()
                and not doc[mention.start - 2].is_sent_start
            ):
                continue  # "Mitglied der X", "Ziel des X": a genitive attribute, not the subject
            found.append((entity, mention))
        return found

    def _handover(self, sentence: TokenSpan, documents: list, agents: list, recipient_preps: frozenset[str]) -> None:
        doc = self.doc
        recipients: list[tuple[Entity, Mention]] = []
        for index in range(sentence.start, sentence.end):
            if doc[index].text not in recipient_preps:
                continue
            after = index + 1
            while after < sentence.end and (
                doc[after].text.lower() in _ARTICLES or doc[after]._.sg_role_or_address or doc[after]._.sg_title
            ):
                after += 1
            found = self.by_token.get(after)
            if found and found[0].kind in {"org", "person"}:
                recipients.append(found)
                recipients += self._coordinated_persons(found[1].end, sentence.end)
        if not recipients:
            return
        # a person handed something is there for their organisation ("an THB-Präsidentin X"): it receives too
        by_name = {e.name: e for e in self.entities if e.kind == "org"}
        for entity, mention in list(recipients):
            for record in self.roles.get(id(entity), []) if entity.kind == "person" else []:
                org = by_name.get(record.org or "")
                if org is not None and sentence.start_char <= record.evidence.start < sentence.end_char:
                    recipients.append((org, mention))
        titled = [d for d in documents if not d[0].is_source]
        if not titled:
            return
        document, document_mention = titled[0]
        for entity, mention in recipients:
            self.relate(document, "handed_over_to", entity, self.mention_span(document_mention, mention))
        authors = [r.s for r in self.relations if r.p == "authored" and r.o == document.name]
        if not authors and agents:
            authors = [agents[0][0].name]
        participants = list(dict.fromkeys([*authors, *(e.name for e, _ in recipients)]))
        for event in self.events:
            if event.kind == "handover" and event.document == document.name:
                event.participants = list(dict.fromkeys([*event.participants, *participants]))
                return
        self.events.append(
            EventRecord(
                "handover",
                self.date,
                self.place,
                participants,
                self.span(*_stripped_bounds(self.text, sentence.start_char, sentence.end_char)),
                document=document.name,
            )
        )

    def _coordinated_persons(self, start: int, end: int) -> list[tuple[Entity, Mention]]:
        """Persons joined to a list by 'und', 'sowie' or a comma after token ``start``: '… an A und den
        Vizepräsidenten der Y, Prof. B'."""
        found: list[tuple[Entity, Mention]] = []
        index = start
        joined = False
        while index < end:
            text = self.texts[index]
            if text in {"und", "sowie", ","}:
                joined = True
            elif text in {".", ";", ":"} or text in self.lex.cue("goal_modals"):
                break
            entity = self.by_token.get(index)
            if entity and entity[0].kind == "person" and entity[1].start == index:
                if not joined:
                    break
                found.append(entity)
                joined = False
                index = entity[1].end
                continue
            index += 1
        return found

    # -- founding, places, cooperation, funding ---------------------------------------------

    def foundings(self) -> None:
        doc = self.doc
        words = self.lex.founding_words
        single = {w for w in words if " " not in w}
        phrases = [w for w in words if " " in w]
        relative = self.lex.cues.get("relative_years", {})
        for sentence in self.seg.sentences:
            text = sentence.text
            cue_index = next((t.i for t in sentence if t.text in single), None)
            if cue_index is None:
                phrase = next((p for p in phrases if p in text), None)
                if phrase is None:
                    continue
                cue_index = next(
                    (t.i for t in sentence if t.idx - sentence.start_char == text.index(phrase)),
                    sentence.start,
                )
            year = None
            for token in sentence:
                if _YEAR.match(token.text) and (token.i == cue_index - 1 or abs(token.i - cue_index) < 12):
                    year = token.text
                    break
            if year is None and self.date:
                for phrase, delta in relative.items():
                    if phrase.lower() in text.lower():
                        year = str(int(self.date[:4]) + int(delta))
                        break
            if year is None:
                continue
            orgs = self.mentions_in(cue_index + 1, min(cue_index + 3, sentence.end), {"org"})
            if not orgs:
                orgs = [m for m in self._agents(sentence) if m[0].kind == "org"][:1]
            if not orgs:
                continue
            entity, mention = orgs[0]
            evidence = self.span(
                min(mention.char_start, doc[cue_index].idx),
                max(mention.char_end, doc[cue_index].idx + len(doc[cue_index].text)),
            )
            self.relate(entity, "founded_in", year, evidence)
            # "… in Leverkusen gegründet": where the founding happened
            event_place = None
            for k in range(max(sentence.start, cue_index - 3), cue_index):
                found = self.by_token.get(k)
                if found and found[0].kind == "place" and doc[k - 1].text in {"in", "im"}:
                    event_place = found[0].name
            if not any(e.kind == "launch" and entity.name in e.participants for e in self.events):
                self.events.append(EventRecord("launch", year, event_place, [entity.name], evidence))
            # "… gegründet, um … in Nordrhein-Westfalen …": the place of the founded organisation
            places = [
                p
                for p in self.mentions_in(cue_index + 1, sentence.end, {"place"})
                if doc[p[1].start - 1].text in {"in", "im"}
            ]
            if places:
                self.relate(entity, "located_in", places[0][0], self.mention_span(mention, places[0][1]))

    def locations(self) -> None:
        """'X mit Sitz in P', 'X in P', 'X aus P', and names that say where ('… im Rheinland e.V.', 'IHK Kiel')."""
        doc = self.doc
        words = self.lex.cue("location_words") | {"in", "im", "nach"}
        for entity in self.entities:
            if entity.kind != "org":
                continue
            if entity.subkind not in {"ministry", "government"}:
                tokens = self.x.nlp.make_doc(entity.name)
                # "Verpackungscluster Mittelhessen", "… im Rheinland e.V."; not brand suffixes such as "NRW".
                # A place ending the name places networks and companies; for universities, chambers and
                # offices it is part of the name, not a statement the text makes.
                places = [t.text for t in tokens if t.text in self.lex.places and not t.text.isupper()]
                by_name = entity.subkind in self.lex.cue("located_by_name_kinds") and tokens[-1].text in self.lex.places
                if places and (by_name or any(t.text in {"in", "im"} for t in tokens)):
                    first = entity.mentions[0]
                    self.relate(entity, "located_in", places[-1], self.mention_span(first))
            for mention in entity.mentions:
                place = self._place_around(mention)
                if place is not None:
                    self.relate(entity, "located_in", place[0], place[1])
                    continue
                window = doc[mention.end : mention.end + 4]
                if not len(window) or (window[0].text not in words and window[0].text not in {"mit"}):
                    continue
                for token in window:
                    found = self.by_token.get(token.i)
                    if found and found[0].kind == "place":
                        self.relate(entity, "located_in", found[0], self.mention_span(mention, found[1]))
                        break
                    if found and found[0].kind != "place":
                        break

    def _place_around(self, mention: Mention) -> tuple[str, Span] | None:
        """'scm energy GmbH (Salzwedel)', 'Bayerns Cluster Ernährung': a place in parentheses after the name
        or in the genitive before it."""
        doc = self.doc
        places = self.lex.places
        end = mention.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].text in places:
            return doc[end + 1].text, self.span(mention.char_start, doc[end + 2].idx + 1)
        if mention.start > 0:
            word = doc[mention.start - 1].text
            if word.endswith("s") and word[:-1] in places and word[:-1][:1].isupper():
                return word[:-1], self.span(doc[mention.start - 1].idx, mention.char_end)
        # "die Kieler Firma Baltic GmbH", "der Hamburger Nordwerk AG": a place adjective before the name, perhaps
        # with a descriptor noun between; "die in Wismar ansässige Ostsee AG": a place before "ansässige"
        k = mention.start - 1
        descriptors = self.lex.generic_before_brand | {"Firma", "Unternehmen"}
        if k > 0 and (doc[k].text in descriptors or self.lex.org_head_base(doc[k].text) in descriptors):
            k -= 1
        if k >= 0:
            word = doc[k].text
            if word.endswith("er") and word[:-2] in places and word[:1].isupper():
                return word[:-2], self.span(doc[k].idx, mention.char_end)
            if (
                k >= 2
                and word in self.lex.cue("location_words")
                and doc[k - 2].text == "in"
                and doc[k - 1].text in places
            ):
                return doc[k - 1].text, self.span(doc[k - 2].idx, mention.char_end)
        return None

    def cooperation_and_funding(self) -> None:
        for sentence in self.seg.sentences:
            words = set(self.texts[sentence.start : sentence.end])
            self._agreement(sentence, words)  # signers may be persons signing for their organisations
            orgs = self.mentions_in(sentence.start, sentence.end, {"org"})
            if len(orgs) < 2:
                continue
            self._cooperation(sentence, words, orgs)
            self._joint_work(sentence, words)
            self._funding(sentence, words, orgs)

    def _agreement(self, sentence: TokenSpan, words: set[str]) -> None:
        """'A, B und C haben ein Kooperationsabkommen unterzeichnet': they cooperate and author it."""
        if not (words & self.lex.cue("signing_words")):
            return
        agreement_words = {w.lower() for w in self.lex.cue("agreement_words")}
        agreements = [
            d
            for d in self.mentions_in(sentence.start, sentence.end, {"document"})
            if any(
                re.sub(r"(?:en|es|n|s)$", "", name.lower()).endswith(w) or name.lower().endswith(w)
                for name in (d[1].name, d[0].name)
                for w in agreement_words
            )
        ]
        signers = [a for a in self._agents(sentence) if a[0].kind == "org"]
        signers += self._organisations_of_signers(sentence)
        signers = list({id(e): (e, m) for e, m in signers}.values())
        if not agreements or len(signers) < 2:
            return
        document, document_mention = agreements[0]
        # "A, B und C unterzeichnen eine Vereinbarung mit der D": each of them with D, not with each other
        partner = next(
            (
                (e, m)
                for e, m in self.mentions_in(document_mention.end, sentence.end, {"org"})
                if self.doc[m.start - 1].text.lower() in {"mit", "der", "dem", "den"}
                and "mit" in {t.text for t in self.doc[document_mention.end : m.start]}
            ),
            None,
        )
        if partner is not None:
            partner_entity, partner_mention = partner
            left_side = [s for s in signers if s[0] is not partner_entity and s[1].start < document_mention.start]
            for left, left_mention in [*left_side, partner]:
                self.relate(left, "authored", document, self.mention_span(left_mention, document_mention))
            for left, left_mention in left_side:
                self.relate(left, "cooperates_with", partner_entity, self.mention_span(left_mention, partner_mention))
            return
        for index, (left, left_mention) in enumerate(signers):
            self.relate(left, "authored", document, self.mention_span(left_mention, document_mention))
            for right, right_mention in signers[index + 1 :]:
                self.relate(left, "cooperates_with", right, self.mention_span(left_mention, right_mention))

    def _organisations_of_signers(self, sentence: TokenSpan) -> list[tuple[Entity, Mention]]:
        """'… Vertrag, der von Prof. A, Präsident der X, und B, Geschäftsführer der Y, unterzeichnet wurde': the
        organisations the signing persons hold a role at, as the sentence says."""
        by_name = {e.name: e for e in self.entities if e.kind == "org"}
        found: list[tuple[Entity, Mention]] = []
        for person, _ in self.mentions_in(sentence.start, sentence.end, {"person"}):
            for record in self.roles.get(id(person), []):
                org = by_name.get(record.org or "")
                if org is None or not sentence.start_char <= record.evidence.start < sentence.end_char:
                    continue
                org_mention = next(
                    (m for m in org.mentions if sentence.start <= m.start < sentence.end), org.mentions[0]
                )
                found.append((org, org_mention))
        return found

    def _cooperation(self, sentence: TokenSpan, words: set[str], orgs: list) -> None:
        """'X kooperiert mit Y', 'Kooperation zwischen X und Y', 'gemeinsam mit Y'."""
        cues = words & self.lex.cue("cooperation_words")
        if not cues:
            return
        cue = next(t for t in sentence if t.text in cues)
        after = [
            o
            for o in orgs
            if 0 < o[1].start - cue.i <= 4
            and self.doc[o[1].start - 1].text in {"mit", "zwischen", "der", "dem", "den", "die"}
        ]
        if not after:
            return
        partner, partner_mention = after[0]
        if self.doc[cue.i + 1].text == "zwischen":
            rest = [o for o in orgs if o[1].start > partner_mention.end and o[1].start - partner_mention.end <= 3]
            if rest:
                self.relate(partner, "cooperates_with", rest[0][0], self.mention_span(partner_mention, rest[0][1]))
            return
        subjects = [a for a in self._agents(sentence) if a[0].kind == "org" and a[1].start < cue.i]
        if subjects:
            subject, subject_mention = subjects[0]
            self.relate(subject, "cooperates_with", partner, self.mention_span(subject_mention, partner_mention))

    def _joint_work(self, sentence: TokenSpan, words: set[str]) -> None:
        """'Die Hochschule X und die IHK Y werden künftig zusammenarbeiten', 'seit Jahren arbeiten A und B
        zusammen': organisations coordinated as the subject of a verb of working together cooperate."""
        separable = {"arbeiten", "arbeitet", "arbeiteten"} & words and "zusammen" in words
        if not (words & self.lex.cue("joint_verbs") - {"arbeiten"} or separable):
            return
        agents = [a for a in self._agents(sentence) if a[0].kind == "org"]
        group: list[tuple[Entity, Mention]] = agents[:1]
        for entity, mention in agents[1:]:
            between = self.texts[group[-1][1].end : mention.start]
            if between and all(w in {"und", "sowie", ","} or w.lower() in _ARTICLES for w in between):
                group.append((entity, mention))
            elif len(group) < 2:
                group = [(entity, mention)]
        for index, (left, left_mention) in enumerate(group):
            for right, right_mention in group[index + 1 :]:
                if left is not right:
                    self.relate(left, "cooperates_with", right, self.mention_span(left_mention, right_mention))

    def _funding(self, sentence: TokenSpan, words: set[str], orgs: list) -> None:
        doc = self.doc
        preps = self.lex.cue("funding_agent_prepositions")
        participles = self.lex.cue("funding_participles")
        for entity, mention in orgs:
            before = mention.start - 1
            while before >= sentence.start and doc[before].text.lower() in _ARTICLES | {"dem"}:
                before -= 1
            if before < sentence.start or doc[before].text not in preps:
                continue
            window = doc[mention.end : min(sentence.end, mention.end + 5)]
            participle = next((t for t in window if t.text in participles), None)
            preceding = doc[before - 1] if before - 1 >= sentence.start else None
            if participle is None and preceding is not None and preceding.text in participles:
                participle = preceding  # "gefördert vom X"
            if participle is None:
                continue
            funded = self._funded_before(sentence, before, entity)
            if funded is not None:
                self.relate(entity, "funds", funded[0], self.mention_span(mention, funded[1]))
        verbs = words & self.lex.cue("funding_verbs")
        for verb in (t for t in sentence if t.text in verbs and t.text[:1].islower()):
            left = [o for o in orgs if 0 <= verb.i - _end_with_alias(doc, o[1].end) <= 1]
            right = [o for o in orgs if 0 < o[1].start - verb.i <= 3]
            if left and right and left[0][0] is not right[0][0]:
                self.relate(left[0][0], "funds", right[0][0], self.mention_span(left[0][1], right[0][1]))

    def _funded_before(self, sentence: TokenSpan, index: int, funder: Entity) -> tuple[Entity, Mention] | None:
        """The organisation that a 'von X gefördert' clause is about: the one right before ', die …'."""
        doc = self.doc
        k = index - 1
        while k > sentence.start and doc[k].text.lower() in {"die", "der", "das", "welche", "welcher"}:
            k -= 1
        if doc[k].text == ",":
            found = self.by_token.get(k - 1)
            if found and found[0].kind == "org" and found[0] is not funder:
                return found
        subjects = [a for a in self._agents(sentence) if a[0].kind == "org" and a[0] is not funder]
        return subjects[0] if subjects else None

    def part_of(self) -> None:
        """'des Innovationsbeirates des Ministeriums': a unit belongs to its parent organisation."""
        doc = self.doc
        units = self.lex.cue("unit_kinds")
        parents = self.lex.cue("parent_kinds")
        for entity in self.entities:
            if entity.kind != "org" or entity.subkind not in units:
                continue
            for mention in entity.mentions:
                k = mention.end
                if k < len(doc) and doc[k].text in {"des", "der"}:
                    found = self.by_token.get(k + 1)
                    if found and found[0].kind == "org" and found[0].subkind in parents and found[0] is not entity:
                        self.relate(entity, "part_of", found[0], self.mention_span(mention, found[1]))
            self._parent_in_name(entity, parents)

    def _parent_in_name(self, entity: Entity, parents: frozenset[str]) -> None:
        """'Amt für Wirtschaftsförderung der Landeshauptstadt Dresden': the named parent is an organisation too."""
        doc = self.doc
        mention = entity.mentions[0]
        for k in range(mention.start + 1, mention.end - 1):
            if doc[k].text not in {"des", "der"}:
                continue
            kind = self.lex.org_head_kind(doc[k + 1].text)
            if kind not in parents or kind in {"company"}:
                continue
            inner = re.sub(r"\s+", " ", doc[k + 1 : mention.end].text).strip()
            if self.lex.org_head_base(inner) is not None and inner not in self.lex.standalone_names:
                continue  # a bare generic head ("der Stadt") names no parent
            parent = self._ensure_org(inner, kind, k + 1, mention.end)
            if parent is not entity:
                self.relate(entity, "part_of", parent, self.mention_span(mention))
            return

    # -- goals and topics --------------------------------------------------------------------

    def goals(self) -> list[TopicRecord]:
        matcher, table = self.x.topics
        doc = self.doc
        topics: list[TopicRecord] = []
        challenge = self.lex.cue("challenge_words")
        goal_words = self.lex.cue("goal_words")
        matches = sorted(matcher(doc), key=lambda m: (m[1], -m[2]))
        taken: set[int] = set()
        for match_id, start, end in matches:
            if start in taken:
                continue
            taken.update(range(start, end))
            concept, preferred = table[self.x.nlp.vocab.strings[match_id]]
            evidence = self.span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
            topics.append(TopicRecord(preferred, concept, evidence))
            sentence = doc[start].sent
            words = {t.text for t in sentence}
            if words & challenge and _inside_dashes_after(doc, start, sentence, challenge):
                continue
            subject = self._goal_holder(sentence, words & goal_words)
            if subject is not None:
                self.relate(subject, "addresses_goal", preferred, evidence)
        return topics

    def goal_phrases(self) -> None:
        """Goals written out as phrases: colon lists after a goal noun, 'zu'-infinitives, modal verbs."""
        doc = self.doc
        nouns = self.lex.cue("goal_nouns")
        modals = self.lex.cue("goal_modals")
        list_verbs = self.lex.cue("goal_list_verbs")
        previous_holder: tuple[Entity, int] | None = None
        for number, sentence in enumerate(self.seg.sentences):
            tokens = [t for t in sentence if not t.is_space]
            if not tokens:
                continue
            # not a noun inside a name or title ("die „Wünsche und Forderungen der X“ konzentrieren sich auf …")
            noun = next((t for t in tokens if t.text in nouns and t.i not in self.by_token), None)
            phrases: list[tuple[int, int]] = []
            holder: Entity | None = None
            if noun is not None:
                colon = next((t for t in tokens if t.i > noun.i and t.text == ":"), None)
                comma = next((t for t in tokens if t.i > noun.i and t.text == ","), None)
                quoted = _quoted_items(doc, noun.i + 1, sentence.end)
                verb = next((t for t in tokens if noun.i < t.i <= noun.i + 6 and t.text in list_verbs), None)
                if verb is None and colon is None:
                    # "Die Schwerpunkte des Netzwerks sind A, B und C": a copula right after the noun or its holder
                    after = noun.i + 1
                    if self._genitive_holder(noun.i) is not None:
                        after = self.by_token[noun.i + 2][1].end
                    if (
                        after + 1 < sentence.end
                        and self.texts[after] in {"sind", "ist", "waren", "war"}
                        and self.texts[after + 1] not in {"es", ",", "dabei", "auch"}  # "Ziel ist es, … zu …"
                    ):
                        verb = doc[after]
                if colon is not None:
                    phrases = _list_items(doc, colon.i + 1, sentence.end)
                elif quoted:
                    phrases = quoted  # "in den Bereichen „A“ und „B“", "Schwerpunktthemen „A“, „B“ sowie „C“"
                elif verb is not None:
                    start = verb.i + 1  # "Zu den Kooperationsfeldern gehören u.a. der A, die B oder die C."
                    while start < sentence.end and doc[start].text in self.lex.cue("list_openers"):
                        start += 1
                    phrases = _list_items(doc, start, sentence.end)
                    if verb.text in {"steht", "stehen"}:  # "Im Fokus steht die Rolle der X in Y, als …"
                        stop = next((t.i for t in tokens if t.i > start and t.text in {",", ";"}), sentence.end)
                        phrases = [_without_article(doc, start, stop)] if stop > start else []
                elif comma is not None and any(t.text == "zu" or "zu" in t.text[2:-2] for t in tokens if t.i > comma.i):
                    phrases = _infinitive_phrases(doc, comma.i + 1, sentence.end)
                if not phrases:
                    phrases = self._goals_before_copula(sentence, noun.i)
                holder = self._genitive_holder(noun.i)
                if (
                    holder is None
                    and previous_holder is not None
                    and previous_holder[1] == self.seg.block_of(sentence.start_char)
                ):
                    holder = previous_holder[0]  # "Das Ziel des Netzwerks … Zu den Kooperationsfeldern gehören …"
                holder = holder or self._sentence_holder(sentence, number) or self._headline_subject()
            else:
                modal = next((t for t in tokens if t.text in modals), None)
                if modal is not None:
                    subject = self.by_token.get(modal.i + 2) or self.by_token.get(modal.i + 1)
                    before = self.by_token.get(modal.i - 1)
                    if subject and subject[0].kind in {"org", "document"}:
                        holder = subject[0]
                        phrases = _infinitive_phrases(doc, subject[1].end, sentence.end, modal=True)
                    elif (
                        before
                        and before[0].kind in {"org", "document"}
                        and before[1].end == modal.i
                        and before[1].start in {sentence.start, sentence.start + 1}
                    ):
                        # "Die Handwerkskammer X will durch … vor allem den Transfer verbessern"
                        holder = before[0]
                        start = modal.i + 1
                        openers = self.lex.cue("list_openers")
                        for k in range(modal.i + 1, sentence.end - 1):
                            if doc[k].text in openers and doc[k + 1].text in openers:
                                start = k + 2  # "vor allem", "unter anderem": the goal follows
                                break
                        phrases = _infinitive_phrases(doc, start, sentence.end, modal=True)
            if not phrases:
                purpose = self._purpose_clause(sentence) or self._commitment(sentence)
                if purpose is not None:
                    holder, phrases = purpose
            if holder is None:
                continue
            if phrases:
                previous_holder = (holder, self.seg.block_of(sentence.start_char))
            for start, end in phrases:
                text = re.sub(r"\s+", " ", doc[start:end].text).strip(" ,.;:–-")
                text = re.sub(r"\bzu (\w+)$", r"\1", text)  # "X zu stärken" -> "X stärken"
                if not any(w[:1].isupper() for w in text.split()):
                    continue  # "Die Ziele sind sehr hochgesteckt": no noun, no goal
                if len(text.split()) >= 1 and len(text) > 3:
                    self.relate(
                        holder,
                        "addresses_goal",
                        text,
                        self.span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)),
                    )

    def _headline_subject(self) -> Entity | None:
        """What the text is about when a sentence does not say: the document its headline names, else the
        headline's organisation."""
        title_block = self.header.title_block
        if title_block is None:
            return None
        heading = self.seg.blocks[title_block]
        span = self.doc.char_span(heading.start, heading.end, alignment_mode="expand")
        if span is None:
            return None
        documents = [
            e for e, _ in self.mentions_in(span.start, span.end, {"document"}) if not e.is_source and " " in e.name
        ]
        orgs = [e for e, _ in self.mentions_in(span.start, span.end, {"org"})]
        return (documents or orgs or [None])[0]

    def _purpose_clause(self, sentence: TokenSpan) -> tuple[Entity, list[tuple[int, int]]] | None:
        """'X unterstützt die Einrichtung, um das Potential der Region zu fördern', 'Um Gründungen zu fördern, gibt
        es das Cluster Y': the organisation that is the sentence's subject pursues the purpose."""
        texts = self.texts
        try:
            um = texts.index("um", sentence.start, sentence.end)
        except ValueError:
            return None
        verb = None
        for k in range(um + 2, sentence.end):
            if texts[k] in {",", ".", ";", ":"} or texts[k] in QUOTE_CHARS:
                break
            if (texts[k - 1] == "zu" and texts[k][:1].islower()) or _ZU_INFIX.match(texts[k]):
                verb = k
        if verb is None:
            return None
        agents = self._agents(sentence)
        if not agents or agents[0][0].kind != "org":
            return None  # a person's purpose, or none named: not an organisation's goal
        return agents[0][0], [_without_article(self.doc, um + 1, verb + 1)]

    def _commitment(self, sentence: TokenSpan) -> tuple[Entity, list[tuple[int, int]]] | None:
        """'Der Verband setzt sich für bessere Bedingungen ein', 'X engagiert sich für Y', 'macht sich für Y
        stark': what an organisation stands up for (relations.yaml: commitment_verbs)."""
        texts = self.texts
        verbs = self.lex.cue("commitment_verbs")
        k = next((i for i in range(sentence.start, sentence.end - 2) if texts[i] in verbs), None)
        if k is None or texts[k + 1] != "sich":
            return None
        fuer = next((i for i in range(k + 2, min(sentence.end, k + 6)) if texts[i] == "für"), None)
        if fuer is None:
            return None
        end = fuer + 1
        while end < sentence.end and texts[end] not in {",", ".", ";", ":", "ein", "stark", "und"} | set(QUOTE_CHARS):
            end += 1
        agents = [a for a in self._agents(sentence) if a[1].start < k]
        if not agents or agents[0][0].kind != "org" or end <= fuer + 1:
            return None
        return agents[0][0], [_without_article(self.doc, fuer + 1, end)]

    def _goals_before_copula(self, sentence: TokenSpan, noun: int) -> list[tuple[int, int]]:
        """'Kooperation auf dem Gebiet der A, des B und der C ist Ziel eines Vertrages': the list before
        'ist'/'sind' names the goals of the holder in the genitive after the goal noun."""
        k = noun - 1
        while k > sentence.start and self.texts[k].lower() in _ARTICLES:
            k -= 1
        if k <= sentence.start or self.texts[k] not in {"ist", "sind"} or self._genitive_holder(noun) is None:
            return []
        return _list_items(self.doc, sentence.start, k)

    def _genitive_holder(self, index: int) -> Entity | None:
        """'Ziel des Abkommens', 'Anliegen der Allianz', 'Ziel eines Vertrages'."""
        doc = self.doc
        if index + 1 < len(doc) and doc[index + 1].text in {"des", "der", "eines", "einer"}:
            found = self.by_token.get(index + 2)
            if found and found[0].kind in {"org", "document"}:
                return found[0]
        return None

    def _sentence_holder(self, sentence: TokenSpan, number: int) -> Entity | None:
        """The organisation (or document) the sentence, or else the sentence before it, is about."""
        opening = [t for t in sentence if not (t.is_space or t.is_punct or t.text.lower() in _ARTICLES)][:1]
        found = self.by_token.get(opening[0].i) if opening else None
        if found and found[0].kind == "document" and not found[0].is_source:
            return found[0]  # "Die „Wünsche …“ konzentrieren sich auf die Handlungsfelder: …"
        candidates = [self._agents(sentence)]
        block = self.seg.block_of(sentence.start_char)
        for back in range(number - 1, max(-1, number - 4), -1):
            previous = self.seg.sentences[back]
            if self.seg.block_of(previous.start_char) != block:
                break
            candidates.append(self._agents(previous))
        for agents in candidates:
            for entity, _ in agents:
                if entity.kind == "org":
                    return entity
        return None

    def _goal_holder(self, sentence: TokenSpan, cues: set[str]) -> Entity | None:
        """The document or organisation a goal sentence is about, if the sentence names one."""
        if not cues:
            return None
        documents = [d for d in self.mentions_in(sentence.start, sentence.end, {"document"}) if not d[0].is_source]
        if documents:
            return documents[0][0]
        orgs = [a for a in self._agents(sentence) if a[0].kind == "org"]
        if orgs:
            return orgs[0][0]
        return None

    # -- assembling the report ---------------------------------------------------------------

    def assemble(self, quotations: list[Quotation], topics: list[TopicRecord]) -> Extraction:
        assert self.source_entity is not None
        source = self.source_entity
        first_span = self.span(0, min(len(self.text.rstrip()), len(self.seg.blocks[0].text) if self.seg.blocks else 1))
        extraction = Extraction(
            text=self.text,
            source=DocumentRecord(source.name, source.subkind, [], self.date, first_span, is_source=True),
            place=self.place,
        )
        for entity in self.entities:
            if not entity.mentions:
                continue
            evidence = self.mention_span(entity.mentions[0])
            if entity.kind == "person":
                extraction.persons.append(
                    PersonRecord(entity.name, entity.titles, self.roles.get(id(entity), []), entity.aliases, evidence)
                )
            elif entity.kind == "org":
                extraction.organizations.append(
                    OrganizationRecord(entity.name, entity.subkind, entity.aliases, evidence)
                )
            elif entity.kind == "document":
                authors = [r.s for r in self.relations if r.p == "authored" and r.o == entity.name]
                date = self.date if any(e.document == entity.name for e in self.events) or authors else None
                extraction.documents.append(DocumentRecord(entity.name, entity.subkind, authors, date, evidence))
        for quotation in quotations:
            speaker = quotation.speaker.name if quotation.speaker else None
            extraction.quotes.append(QuoteRecord(speaker, quotation.text, self.span(quotation.start, quotation.end)))
            if speaker:
                self.relate(
                    speaker,
                    "quoted_in",
                    source.name,
                    self.span(quotation.attribution_start, quotation.attribution_end),
                )
            else:
                self.warnings.append(f"no speaker found for the quotation at {quotation.start}: {quotation.text[:40]}…")
        extraction.relations = self.relations
        extraction.topics = topics
        extraction.events = self.events
        extraction.warnings = self.warnings
        return extraction


# module helpers -------------------------------------------------------------------------------


def _ministry_of_compound(short: Entity, orgs: list[Entity]) -> Entity | None:
    """The one 'Ministerium für … X …' of the text that the compound 'X-ministerium' names, federal only for
    'Bundes…' compounds."""
    match = re.match(r"^(Bundes|Landes|Staats)?([A-ZÄÖÜa-zäöüß]+?)s?ministerium$", short.name)
    if short.subkind != "ministry" or match is None or not match.group(2):
        return None
    federal = match.group(1) == "Bundes"
    field = loose(match.group(2)).rstrip("s")
    candidates = [
        o
        for o in orgs
        if o is not short
        and o.subkind == "ministry"
        and " für " in o.name
        and o.name.startswith("Bundes") == federal
        and any(w.startswith(field) for w in loose(o.name.split(" für ", 1)[1]).split())
    ]
    return candidates[0] if len(candidates) == 1 else None


def _nominative_adjective(entity: Entity) -> None:
    """'Maritimen Cluster Norddeutschland e.V.' (from 'des Maritimen Clusters …') takes the adjective as written
    where the text names it in the nominative ('Maritimes Cluster Norddeutschland feiert …')."""
    first, _, rest = entity.name.partition(" ")
    if not rest or not re.match(r"^[A-ZÄÖÜ][a-zäöüß]+(?:en|em)$", first):
        return
    stem = first[:-2]
    for alias in entity.aliases:
        alias_first, _, alias_rest = alias.partition(" ")
        if (
            alias_first != first
            and alias_first.startswith(stem)
            and alias_first[len(stem) :] in {"e", "es", "er"}
            and rest.startswith(alias_rest)
        ):
            entity.add_alias(entity.name)
            entity.name = f"{alias_first} {rest}"
            return
    head = rest.split()[0]
    if first.endswith("en") and _FEMININE_HEAD.search(head):
        entity.add_alias(entity.name)
        entity.name = f"{first[:-1]} {rest}"  # "der Europäischen Union" -> "Europäische Union"


_FEMININE_HEAD = re.compile(
    r"(?:ung|ion|schaft|heit|keit|tät|kammer|agentur|allianz|initiative|plattform|hochschule|akademie|stiftung"
    r"|vereinigung|region|regierung|behörde|zentrale)$"
)


def _stripped_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _enumeration_continues(doc: Doc, index: int) -> bool:
    """After a comma: does an enumeration of capitalised words go on, closed by 'und'?"""
    for token in doc[index : index + 8]:
        if token.text in {"und", "sowie"}:
            return True
        if not (token.text[:1].isupper() or token.text == "," or token.text.endswith("-")):
            return False
    return False


def _before_genitive(doc: Doc, start: int, end: int) -> int:
    for index in range(start + 1, end - 1):
        if doc[index].text in {"des", "der"} and doc[index + 1].text in {
            "Landes",
            "Bundes",
            "Freistaates",
            "Freistaats",
        }:
            return index
    return end


def _generic_head(word: str, lexicon: Lexicon) -> bool:
    for candidate in (
        word,
        word[:-1] if word.endswith("s") else word,
        word[:-2] if word.endswith("es") else word,
    ):
        if candidate in lexicon.generic_before_brand:
            return True
    return False


def _end_with_alias(doc: Doc, end: int) -> int:
    """The end of a name including an abbreviation in parentheses right after it: 'Ministerium (UM)'."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        return end + 3
    return end


_STOP_GOAL = {"um", "damit", "indem", "wobei", "weil", "dass"}


def _list_items(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """'der A, die B – auch … – sowie eine C, um …' -> token spans of A, B, C (articles dropped).

    Lines that start with a bullet ("- A und B", "• C") are the items, whole.
    """
    bullets = [
        index + 1
        for index in range(start, end - 1)
        if doc[index].is_space and "\n" in doc[index].text and doc[index + 1].text in _BULLETS
    ]
    if bullets:
        items = []
        for position, bullet in enumerate(bullets):
            stop = bullets[position + 1] - 1 if position + 1 < len(bullets) else end
            while stop > bullet + 1 and (doc[stop - 1].is_space or doc[stop - 1].text in {".", ";", ","}):
                stop -= 1
            if stop > bullet + 1:
                items.append(_without_article(doc, bullet + 1, stop))
        return items
    items: list[tuple[int, int]] = []
    current = start
    index = start
    in_dash = False
    while index < end:
        text = doc[index].text
        if text in {"–", "—"}:
            if index > current and not in_dash:
                items.append((current, index))
            in_dash = not in_dash
            current = index + 1
        elif in_dash:
            pass
        elif text in {",", ";"} or (text in {"und", "sowie", "oder"} and not doc[index - 1].text.endswith("-")):
            if index > current:
                items.append((current, index))
            current = index + 1
            if index + 1 < end and doc[index + 1].text in _STOP_GOAL:
                return [_without_article(doc, a, b) for a, b in items if b > a]
        elif text in {".", "!", "?"}:
            break
        index += 1
    if not in_dash and index > current:
        items.append((current, index))
    return [_without_article(doc, a, b) for a, b in items if b > a]


def _quoted_items(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """'„A“, „B und C“ sowie „D“' right after ``start`` (an article or preposition may come first): the
    quoted items, whole; empty when no quote opens there."""
    index = start
    while index < end and index < start + 2 and doc[index].text.lower() in _ARTICLES | {"von", "zu", "für"}:
        index += 1
    items: list[tuple[int, int]] = []
    while index < end and doc[index].text in QUOTE_CHARS:
        close = index + 1
        while close < end and doc[close].text not in QUOTE_CHARS and close - index <= 12:
            close += 1
        if close >= end or doc[close].text not in QUOTE_CHARS or close == index + 1:
            break
        items.append((index + 1, close))
        index = close + 1
        while index < end and (doc[index].is_space or doc[index].text in {",", "und", "sowie", "oder"}):
            index += 1
    return items


_BULLETS = frozenset({"-", "•", "*", "–", "·", "▪"})
_BULLET = re.compile(r"^\s*[-•*–·▪]\s")
_ZU_INFIX = re.compile(r"^[a-zäöü]{2,}zu[a-zäöü]{2,}(en|ern|eln)$")


def _infinitive_phrases(doc: Doc, start: int, end: int, *, modal: bool = False) -> list[tuple[int, int]]:
    """'X zu stärken und Y mitzugestalten' -> spans of 'X zu stärken', 'Y mitzugestalten' (the caller drops
    'zu'); with ``modal`` the verbs stand bare: 'X stärken und Y machen'."""
    phrases: list[tuple[int, int]] = []
    current = start
    for index in range(start, end):
        text = doc[index].text
        if text in {".", "!", "?", ";"}:
            break
        following = doc[index + 1].text if index + 1 < end else "."
        if modal:
            is_verb = (
                text[:1].islower()
                and text.endswith(("en", "ern", "eln"))
                and following in {"und", "sowie", "oder", ".", ",", "!", ";"}
                and not doc[index - 1].text.endswith("-")
            )
        else:
            is_verb = (
                doc[index - 1].text == "zu" and text[:1].islower() and text.endswith(("en", "ern", "eln"))
            ) or bool(_ZU_INFIX.match(text))
        if is_verb and index >= current:
            phrases.append(_without_article(doc, current, index + 1))
            current = index + 2 if following in {"und", "sowie", "oder", ","} else index + 1
            if following == "," and modal:
                break
    return [(a, b) for a, b in phrases if b > a]


def _without_article(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].text.lower() in _ARTICLES or doc[start].text.lower() in {"einen", "eine", "ein"}):
        start += 1
    return start, end


def _inside_dashes_after(doc: Doc, index: int, sentence: TokenSpan, words: frozenset[str]) -> bool:
    """Is token ``index`` inside '– … –' (or after ':') that follows one of ``words``?"""
    for back in range(index - 1, sentence.start - 1, -1):
        if doc[back].text in {"–", "—", ":"}:
            return any(doc[k].text in words for k in range(max(sentence.start, back - 4), back))
    return False
