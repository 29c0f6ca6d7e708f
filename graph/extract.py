"""German policy text in, an :class:`~graph.report.Extraction` out.

The pipeline: segment the text (:mod:`graph.segment`), find mentions (:mod:`graph.mentions`),
group the mentions of one entity (within the document), find quotations and their speakers
(:mod:`graph.quotes`), then apply the rule families: roles (:mod:`graph.roles`), relations between
organisations, documents and places (:mod:`graph.relations`) and goals (:mod:`graph.goals`), which
share token-span helpers (:mod:`graph.phrases`). Every record keeps its evidence span. Cross-document
resolution and curation come afterwards (:mod:`graph.resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graph.entities import Entity
from graph.goals import GoalRules
from graph.header import read_header
from graph.ingest import SourceDocument
from graph.lexicon import Lexicon, load_lexicon
from graph.mentions import QUOTE_CHARS, Mention, MentionFinder, token_texts
from graph.names import loose, name_key
from graph.phrases import (
    ARTICLES,
    stripped_bounds,
)
from graph.quotes import Quotation, find_quotations
from graph.relations import RelationRules
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
from graph.roles import RoleRules
from graph.segment import Segmented, keep_dotted_forms, segment, tokenizer_pipeline
from ontology.files import concept_scheme
from ontology.namespaces import RDF, SKOS
from ontology.vocabulary import vocabulary


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
        keep_dotted_forms(self.nlp, [*self.lexicon.legal_forms, *self.lexicon.titles])  # "Kft.", "Dr. med."
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


class _Run(RoleRules, RelationRules, GoalRules):
    """The state of one extraction: mentions, entities, roles and relations found so far. The rule families
    (:class:`RoleRules`, :class:`RelationRules`, :class:`GoalRules`) are mixed in and applied in :meth:`run`."""

    def __init__(self, extractor: Extractor, source: SourceDocument) -> None:
        self.x = extractor
        self.lex = extractor.lexicon
        self.source = source
        self.text = source.text
        lexicon = extractor.lexicon
        self.seg: Segmented = segment(source.text, extractor.language, lexicon.multiword_tokens, lexicon.legal_forms)
        self.doc: Doc = self.seg.doc
        self.texts: list[str] = token_texts(self.doc)  # plain strings: fast scans
        self.entities: list[Entity] = []
        self.by_token: dict[int, tuple[Entity, Mention]] = {}
        self.roles: dict[int, list[RoleRecord]] = {}
        self.acting_for: dict[int, Entity] = {}  # persons who sign or speak "für die X", by id
        self.elected_at: set[str] = set()  # organisations somebody was elected or appointed to
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
        s_start, s_end = stripped_bounds(self.text, sentence.start_char, sentence.end_char)
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
        self.coordinated_roles()
        self.role_headings()
        self.board_roles()
        self.copula_roles()
        self.person_then_copula_roles()
        self.pronoun_roles()
        self.parties()
        quotations = find_quotations(
            self.seg, self.lex, self.by_token, self.labels_of, self.x.finder.proper_names.has_verb
        )
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

    def labels_of(self, person: Entity) -> list[str]:
        """A person's titles and role words: "Wissenschaftsministerin", "Präsident"."""
        return person.titles + [record.role for record in self.roles.get(id(person), []) if record.role]

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
        # persons: a genitive ("Michael Beispiels Vorgänger") is the person named without it
        persons = [e for e in by_key.values() if e.kind == "person"]
        for entity in list(persons):
            base = by_key.get(("person", name_key(entity.name[:-1]))) if entity.name.endswith("s") else None
            if base is not None and base is not entity:
                base.mentions.extend(entity.mentions)
                del by_key[("person", name_key(entity.name))]
                persons.remove(entity)
        # persons: surname-only mentions join the full name with that surname
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
        self._town_references()
        self._titles()
        self._untitled_documents(mentions)
        self._organs_named_by_parent()
        self._regions_named_as_places()

    def _regions_named_as_places(self) -> None:
        """'in der Metropolregion Hamburg', 'aus der Metropolregion Rhein-Neckar', 'im Norden der Metropolregion
        X': a region that is also the name of a body (organizations.yaml: region_heads) is a place when the text
        only ever says where something is with it."""
        doc = self.doc
        for entity in self.entities:
            if entity.kind != "org" or not set(entity.name.split()) & self.lex.region_heads:
                continue
            if entity.mentions and all(
                m.start >= 2 and doc[m.start - 1].text.lower() == "der" and doc[m.start - 2].text in _WHERE_BEFORE
                for m in entity.mentions
            ):
                entity.kind = "place"

    def _organs_named_by_parent(self) -> None:
        """'die Vollversammlung der Handwerkskammer Trier': an organ (organizations.yaml: organs) written with the
        organisation it belongs to is named with it, so that the assemblies of two chambers stay two
        organisations across documents ('Die Vollversammlung wählte …' later in the text is the same one).
        Where the parent is written several ways, its fullest form names the organ."""
        doc = self.doc
        for entity in self.entities:
            if entity.kind != "org" or entity.name not in self.lex.organs:
                continue
            written: list[tuple[int, str]] = []  # (0 for the parent written in full, 1 otherwise; the name)
            for mention in entity.mentions:
                k = mention.end
                if k + 1 >= len(doc) or doc[k].text not in {"der", "des"}:
                    continue
                parent = self.by_token.get(k + 1)
                if parent is None or parent[0].kind != "org" or parent[0] is entity or parent[1].start != k + 1:
                    continue
                if parent[1].name == parent[0].name:  # the parent by its full name, as written (in the genitive)
                    genitive = " ".join(doc.text[doc[k + 1].idx : parent[1].char_end].split())
                    written.append((0, f"{entity.name} {doc[k].text} {genitive}"))
                elif doc[k].text == "der":  # "der Kammer", "der IHK X": feminine, so the full name reads the same
                    written.append((1, f"{entity.name} der {parent[0].name}"))
            if written:
                # no alias "Vollversammlung": across documents it would join the assemblies of all chambers again
                entity.name = min(written)[1]

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
                # "vom Hessischen Wirtschaftsministerium": "Hessisches …" too
                _nominative_adjective(short, self.x.finder.proper_names.is_adjective)
                for alias in [short.name, *short.aliases]:
                    target.add_alias(alias)
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
            if not expansions and not rest and "-" in first:  # "Leibniz-Uni" and "Leibniz Universität Hannover"
                named_after, _, abbreviation = first.rpartition("-")
                for expansion in self.lex.acronym_expansions.get(abbreviation, ()):
                    expansions |= {loose(f"{named_after} {expansion}"), loose(f"{named_after}-{expansion}")}
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
        # abbreviations made of initials: "BDI" for "Bundesverband der Deutschen Industrie", "HTW Dresden" for
        # "Hochschule für Technik und Wirtschaft Dresden", "WTSH" for "… Technologietransfer Schleswig-Holstein"
        initials = self.x.finder.proper_names.stem_initials
        bare = {id(o): _without_legal_form(o.name, self.lex) for o in orgs}
        for short in orgs:
            if id(short) in merged:
                continue
            first, _, rest = short.name.partition(" ")
            if not _ABBREVIATION.fullmatch(first) or first in self.lex.not_acronyms:
                continue
            targets = [
                o
                for o in orgs
                if o is not short and id(o) not in merged and _abbreviates(first, rest, bare[id(o)], initials)
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
                # "Kreis X" is not "Berufsbildungszentrum des Kreises X": the long name is a unit of the short one
                and not _owned_by(long.name, short.name)
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
            _nominative_adjective(entity, self.x.finder.proper_names.is_adjective)
            entity.aliases = [alias for alias in entity.aliases if alias != entity.name]
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
            if index in self.by_token or not word[:1].isupper() or texts[index - 1].lower() not in ARTICLES:
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

    def _town_references(self) -> None:
        """'die Landeshauptstadt', 'der Stadt' without a name: the town of the text (the dateline's, else the
        one town its headline names), as '<word> <town>' ('Landeshauptstadt Magdeburg')."""
        town = self._text_town()
        if town is None:
            return
        texts = self.texts
        words = self.lex.cue("town_words")
        orgs = [e for e in self.entities if e.kind == "org"]
        for index in range(1, len(texts)):
            word = texts[index]
            if word not in words or index in self.by_token or texts[index - 1].lower() not in ARTICLES:
                continue
            following = texts[index + 1] if index + 1 < len(texts) else ""
            if following[:1].isupper() or following in {"von", "zu"}:
                continue  # "die Stadt Kiel", "die Stadt von morgen"
            name = f"{word} {town}"
            entity = next((e for e in orgs if name_key(e.name) == name_key(name)), None) or next(
                (e for e in orgs if e.subkind == "government" and e.name.endswith(" " + town)), None
            )  # "die Stadt" after "die Landeshauptstadt Kiel": the same town
            if entity is None:
                entity = Entity("org", name, "government")
                self.entities.append(entity)
                orgs.append(entity)
            token = self.doc[index]
            mention = Mention("org", index, index + 1, token.idx, token.idx + len(word), word)
            entity.mentions.append(mention)
            entity.add_alias(word)
            self.by_token[index] = (entity, mention)

    def _text_town(self) -> str | None:
        if self.place and self.place in self.lex.places:
            return self.place
        block = self.header.title_block
        if block is None:
            return None
        heading = self.seg.blocks[block]
        towns = {w.strip(".,:;!?") for w in heading.text.split()} & self.lex.places
        return next(iter(towns)) if len(towns) == 1 else None

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
        # "der Masterplan 2020" after "Masterplan Metall Brandenburg 2020": the short form of the titled one
        for short in [e for e in titled if all(m.described for m in e.mentions)]:
            words = set(loose(short.name).split())
            longer = [
                e
                for e in titled
                if e is not short and not all(m.described for m in e.mentions) and words <= set(loose(e.name).split())
            ]
            if len(longer) == 1:
                longer[0].mentions.extend(short.mentions)
                self.entities.remove(short)
                titled.remove(short)
                for mention in short.mentions:
                    for index in range(mention.start, mention.end):
                        self.by_token[index] = (longer[0], mention)
        owned: set[int] = set()  # documents named by their owner here, by id
        for mention in mentions:
            if mention.kind != "document" or mention.start in self.by_token:
                continue
            if mention.subkind == "press_release":
                continue  # "Pressemitteilung" untitled: the source itself (or its banner), not another document
            # the titled document of that kind, else any with a title of its own ("Thüringer Innovationsstrategie"
            # is a strategy, not the title that "der Förderbescheid" refers back to)
            candidates = [e for e in titled if e.subkind == mention.subkind] or [
                e for e in titled if not all(m.described for m in e.mentions)
            ]
            owner = self._owner_after(mention)
            named = self._document_base(mention.name) + owner
            if owner and any(id(e) in owned for e in candidates):
                # "Auch der Jahresbericht der IHK Kiel …" after the Handwerkskammer's: another owner, another report
                candidates = [e for e in titled if e.name == named]
            if not candidates:
                # "der Jahresbericht der Handwerkskammer X" (no titled document to refer back to): named by its owner
                entity = Entity("document", named, mention.subkind)
                self.entities.append(entity)
                titled.append(entity)
                if owner:
                    owned.add(id(entity))
            else:
                # the nearest titled document: the last before the mention, else the first after it
                before = [e for e in candidates if e.mentions and e.mentions[0].start < mention.start]
                entity = before[-1] if before else candidates[0]
            entity.mentions.append(mention)
            for index in range(mention.start, mention.end):
                self.by_token[index] = (entity, mention)

    def _owner_after(self, mention: Mention) -> str:
        """' des Freistaates Sachsen' after 'Innovationsstrategie': an untitled document is named by the
        organisation it belongs to ('Innovationsstrategie des Freistaates Sachsen', 'Jahresbericht der Hamburger
        Cluster'), as written; nothing when no organisation follows in the genitive."""
        after = mention.end
        if after + 1 >= len(self.doc) or self.texts[after] not in {"des", "der"}:
            return ""
        owner = self.by_token.get(after + 1)
        if owner is None or owner[0].kind != "org" or owner[1].start != after + 1:
            return ""
        return f" {self.texts[after]} {self.text[owner[1].char_start : owner[1].char_end]}"

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


def _ministry_of_compound(short: Entity, orgs: list[Entity]) -> Entity | None:
    """The one 'Ministerium für … X …' of the text that the compound 'X-ministerium' names, federal only for
    'Bundes…' compounds."""
    match = re.match(
        r"^(?:[A-ZÄÖÜ][a-zäöüß-]+(?:es|en|em|er|e) )?(Bundes|Landes|Staats)?([A-ZÄÖÜa-zäöüß]+?)s?ministerium$",
        short.name,
    )
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


def _nominative_adjective(entity: Entity, is_adjective: Callable[[str], bool] = lambda word: False) -> None:
    """'Maritimen Cluster Norddeutschland e.V.' (from 'des Maritimen Clusters …') takes the adjective as written
    where the text names it in the nominative ('Maritimes Cluster Norddeutschland feiert …'); adjectives are
    known by their ending or by ``is_adjective`` (a lexicon)."""
    first, _, rest = entity.name.partition(" ")

    def adjective(word: str, ending: str) -> bool:
        if word.endswith("ive") and ending == "e":
            return False  # "Automotive Cluster", "Creative …": English, not a weak German form
        return bool(
            # also lower case: "des bayerischen Staatsministeriums" -> "bayerisches Staatsministerium"
            re.match(rf"^[A-ZÄÖÜa-zäöü][a-zäöüß]+(?:{_ADJECTIVE_SUFFIXES}){ending}$", word)
            or (re.match(rf"^[A-ZÄÖÜ][a-zäöüß]+{ending}$", word) and is_adjective(word))
        )

    if rest and adjective(first, "e"):
        # the head of "Industrie- und Handelskammer" is its last word
        head = (rest.split()[-1] if rest.split()[0].endswith("-") else rest.split()[0]).lower()
        # "das Bayerische Staatsministerium" -> "Bayerisches …", "der Bayerische Handwerkstag" -> "Bayerischer …"
        ending = "s" if _NEUTER_HEAD.search(head) else "r" if _MASCULINE_HEAD.search(head) else ""
        if ending:
            entity.add_alias(entity.name)
            entity.name = f"{first}{ending} {rest}"
            return
    if not rest or not re.match(r"^[A-ZÄÖÜa-zäöü][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*(?:en|em)$", first):
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
            if alias_first.endswith("e"):
                _nominative_adjective(entity, is_adjective)  # "das Maritime Cluster" -> "Maritimes Cluster"
            return
    # the head of "Industrie- und Handelskammer" is its last word
    head = (rest.split()[-1] if rest.split()[0].endswith("-") else rest.split()[0]).lower()
    if first.endswith("en") and _FEMININE_HEAD.search(head):
        entity.add_alias(entity.name)
        entity.name = f"{first[:-1]} {rest}"  # "der Europäischen Union" -> "Europäische Union"
    elif adjective(first, "en") and (_NEUTER_HEAD.search(head) or _MASCULINE_HEAD.search(head)):
        # "vom Hessischen Wirtschaftsministerium" -> "Hessisches …", "des Deutschen Verbands" -> "Deutscher …"
        entity.add_alias(entity.name)
        ending = "es" if _NEUTER_HEAD.search(head) else "er"
        entity.name = f"{first[:-2]}{ending} {rest}"


def _owned_by(long: str, short: str) -> bool:
    """Does ``long`` end with a genitive that names ``short`` ("Berufsbildungszentrum des Kreises Steinburg")?"""
    match = re.search(r" (?:des|der) (.+)$", long)
    return match is not None and " " in short and loose(match.group(1)) == loose(short)


# words before "der <region>" that make it a place: "in der", "aus der", "im Norden der"
_WHERE_BEFORE = frozenset({"in", "aus", "In", "Aus", "Norden", "Süden", "Osten", "Westen", "Herzen", "Mitte"})
_ABBREVIATION = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜa-z]{1,5}")
_NOT_INITIALS = frozenset(
    {"der", "die", "das", "des", "für", "und", "von", "vom", "zu", "zur", "im", "in", "am", "an", "&"}
)


def _without_legal_form(name: str, lexicon: Lexicon) -> str:
    """The name without the legal form it ends with ("Bundesverband der Deutschen Industrie e.V.")."""
    for form in sorted(lexicon.legal_forms, key=len, reverse=True):
        if name.endswith(" " + form):
            return name[: -len(form) - 1]
    return name


def _abbreviates(
    abbreviation: str, rest: str, name: str, stem_initials: Callable[[str], str] = lambda word: word[:1].lower()
) -> bool:
    """Is ``abbreviation`` (with ``rest``, e.g. a town, after it) made of the initials of ``name``? Each word
    gives its first letter and may give the first letters of further stems of a compound (``stem_initials``):
    "THT" for "Thüringer Handwerkstag"."""
    if sum(ch.isupper() for ch in abbreviation) < 2 or abbreviation.lower() == abbreviation:
        return False
    words = name.split()
    if rest:
        if not name.endswith(" " + rest):
            return False
        words = words[: -len(rest.split())]
    # function words add no letter (the caller strips the legal form); hyphens join words that each give one
    parts = [p for w in words for p in w.split("-") if p and p not in _NOT_INITIALS]
    if len(parts) < 2 or not all(p[0].isalpha() for p in parts):
        return False
    pattern = ""
    for part in parts:
        letters = stem_initials(part) or part[:1].lower()
        pattern += re.escape(part[:1].lower()) + "".join(f"(?:{re.escape(ch)})?" for ch in letters[1:])
    return re.fullmatch(pattern, abbreviation.lower()) is not None


# endings of adjectives that open names ("Bayerisch-", "Digital-", "Regional-", "Innovativ-")
_ADJECTIVE_SUFFIXES = "isch|sch|lich|ig|al|ell|iv|är|ös"
_NEUTER_HEAD = re.compile(r"(?:ministerium|zentrum|institut|netzwerk|amt|bündnis|forum|kuratorium|präsidium|cluster)$")
_MASCULINE_HEAD = re.compile(r"(?:verband|verbund|verein|beirat|rat|kreis|ausschuss|bund|senat|tag|konzern)$")
_FEMININE_HEAD = re.compile(
    r"(?:ung|ion|schaft|heit|keit|tät|kammer|agentur|allianz|initiative|plattform|hochschule|akademie|stiftung"
    r"|vereinigung|region|regierung|behörde|zentrale|anstalt|werkstatt|gruppe|gemeinschaft)$"
)
