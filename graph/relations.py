"""Relation rules between organisations, documents and places.

Memberships, authorship and handovers, foundings, places, cooperation and funding, units of an organisation.
Mixed into :class:`graph.extract._Run`.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as TokenSpan

from graph.entities import Entity
from graph.mentions import QUOTE_CHARS, Mention, nominative_first_word
from graph.phrases import (
    ARTICLES,
    COORDINATION,
    YEAR,
    end_with_alias,
    stripped_bounds,
)
from graph.quotes import Quotation
from graph.report import (
    EventRecord,
    Span,
)

_PREPOSITIONS = frozenset(
    {
        "in",
        "mit",
        "von",
        "zu",
        "bei",
        "aus",
        "nach",
        "seit",
        "vor",
        "gegenüber",
        "außer",
        "neben",
        "unter",
        "über",
        "an",
        "auf",
        "hinter",
        "zwischen",
        "entsprechend",
        "gemäß",
    }
)


# Prepositions before an organisation that is a partner or beneficiary of the sentence, not a participant
_NOT_PARTICIPATING = frozenset({"mit", "für", "von", "vom", "durch", "gegen", "zwischen", "bei", "beim"})
# Articles of an accusative object: after "überreichte der X" one of these shows "der X" is the dative
_ACCUSATIVE_ARTICLES = frozenset({"den", "einen", "das", "ein", "eine", "ihren", "seinen", "ihr", "sein"})


class RelationRules:
    """The relation rules of one extraction run."""

    def memberships(self, quotations: list[Quotation]) -> None:
        doc = self.doc
        member_preps = self.lex.cue("member_prepositions")
        member_nouns = self.lex.cue("member_nouns")
        for token in doc:
            # "X aus der Y"
            if token.text in member_preps and token.i > 0:
                left = self.by_token.get(token.i - 1)
                right_index = token.i + 1
                while right_index < len(doc) and doc[right_index].text.lower() in ARTICLES:
                    right_index += 1
                right = self.by_token.get(right_index)
                if left and right and left[0].kind == "org" and right[0].kind == "org":
                    town = self._town_of_municipality(right[0])
                    if town is not None:  # "die Nordholz AG aus der Stadt Husum" comes from there
                        self.relate(left[0], "located_in", town, self.mention_span(left[1], right[1]))
                    else:
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
        self._belonging()
        self._participation()
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
            # "zum Netzwerk Y zusammengeschlossen": a merger names its result after "zu"
            merging = any(t.text.startswith("zusammen") for t in verbs)
            targets = {"zum", "zur", "zu"} if merging else {"in", "im", "dem", "der", "zum"}
            for token in sentence:
                if token.text not in targets or token.i <= member_mention.end:
                    continue
                k = token.i + 1
                while k < sentence.end and (
                    doc[k].text.lower() in ARTICLES
                    or self.lex.org_head_base(doc[k].text) in self.lex.generic_before_brand
                    or doc[k].text in QUOTE_CHARS
                ):
                    k += 1
                found = self.by_token.get(k)
                if found and found[0].kind == "org" and found[0] is not member:
                    # "A und B sind dem Netzwerk Y beigetreten": every organisation named before Y, but not the
                    # partners of "in Kooperation mit C"
                    partner_from = next(
                        (t.i for t in sentence if t.text == "mit" and member_mention.end <= t.i < found[1].start),
                        found[1].start,
                    )
                    members = [a for a in agents if a[1].start < partner_from and a[0] is not found[0]]
                    for entity, mention in members or [(member, member_mention)]:
                        self.relate(entity, "member_of", found[0], self.mention_span(mention, found[1]))
                    break

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

    def _participation(self) -> None:
        """'An dem Verbund sind A, B und C beteiligt', 'An der Allianz nehmen neben A auch B teil', 'Im Netzwerk X
        sind A und B vertreten': the organisations of the sentence (not those after 'mit', 'für' …) are members of
        the network. 'Zum Verbund der X zählen A und B', 'Zum Netzwerk gehören A, B': members of X, named after
        the verb."""
        texts = self.texts
        words = self.lex.cue("participation_words")
        openers = self.lex.cue("member_list_openers")
        for sentence in self.seg.sentences:
            indices = range(sentence.start, sentence.end)
            container: tuple[Entity, Mention] | None = None
            members: list[tuple[Entity, Mention]] = []
            if any(texts[i] in words for i in indices):
                container = next(
                    (
                        found
                        for i in indices
                        if texts[i] in {"an", "An", "am", "Am"}
                        # "an dem Verbund", "an der Allianz X", "am Netzwerk X", "an TRIO"
                        and self._network_at(i + 2 if texts[i + 1].lower() in ARTICLES else i + 1)
                        and (found := self._organisation_at(i + 1, sentence.end)) is not None
                    ),
                    None,
                )
                if container is not None:
                    members = self._participants(sentence)
            elif {"sind", "ist"} & set(texts[sentence.start : sentence.end]) and (
                inside := next((i for i in indices if texts[i] in {"im", "Im"} and self._network_at(i + 1)), None)
            ) is not None:
                # "Neben A sind im Verbund des Gründungs-Hub B und C": every organisation of the sentence
                container = self._organisation_at(inside + 1, sentence.end)
                if container is not None:
                    members = self._participants(sentence)
            elif texts[sentence.start] in {"Zum", "Zur"}:
                container = self._organisation_at(sentence.start + 1, sentence.end)
                verb = next((i for i in indices if texts[i] in openers), None)
                if container is not None and verb is not None and verb > container[1].start:
                    members = self.mentions_in(verb + 1, sentence.end, {"org"})
            if container is None:
                continue
            for entity, mention in members:
                if entity is not container[0]:
                    self.relate(entity, "member_of", container[0], self.mention_span(mention, container[1]))

    def _participants(self, sentence: TokenSpan) -> list[tuple[Entity, Mention]]:
        """The organisations of a sentence that take part, not those after 'mit', 'für' … ('arbeitet eng mit
        der Universität X zusammen')."""
        return [
            (entity, mention)
            for entity, mention in self.mentions_in(sentence.start, sentence.end, {"org"})
            if self._word_before(mention.start, sentence.start) not in _NOT_PARTICIPATING
        ]

    def _word_before(self, index: int, start: int) -> str:
        """The word before ``index`` that is no article, or "" at the sentence start."""
        k = index - 1
        while k >= start and self.texts[k].lower() in ARTICLES:
            k -= 1
        return self.texts[k].lower() if k >= start else ""

    def _network_at(self, index: int) -> bool:
        """Does a network start at ``index``: a noun for a group of organisations ('Verbund des X') or the name
        of a cluster or alliance ('Netzwerk Holz Nord')?"""
        if index >= len(self.texts):
            return False
        found = self.by_token.get(index)
        if found is not None:
            return found[1].start == index and found[0].subkind in {"cluster", "alliance"}
        return self._is_collective(self.texts[index])

    def _is_collective(self, word: str) -> bool:
        """A noun for a group of organisations ('Verbund', 'Netzwerk', 'Verbundes')."""
        collectives = self.lex.cue("collective_nouns") | self.lex.generic_before_brand
        return word in collectives or self.lex.org_head_base(word) in collectives

    def _organisation_at(self, index: int, end: int) -> tuple[Entity, Mention] | None:
        """The organisation named at ``index``, after articles and collective nouns ('dem Verbund der X')."""
        while index < end and index not in self.by_token:
            word = self.texts[index]
            if word.lower() not in ARTICLES and not self._is_collective(word):
                return None
            index += 1
        found = self.by_token.get(index)
        if found is None or found[0].kind != "org" or found[1].start != index:
            return None
        return found

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
            doc[after].text.lower() in ARTICLES | {"von", "im", "in"}
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
                doc[index].text.lower() in ARTICLES
                or doc[index]._.sg_role_or_address
                or doc[index]._.sg_title
                or YEAR.match(doc[index].text)
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
            # "an X"; or a dative "dem X" that no preposition governs ("…, darunter auch dem Verband X, …")
            dative = (
                doc[index].text == "dem" and (index == sentence.start or self.texts[index - 1] not in _PREPOSITIONS)
            ) or (
                # "überreichte der Nordholz GmbH den Bescheid", "hat der Stadt X einen Bescheid übergeben": right
                # after the verb, "der" is a dative (after a noun it would be a genitive)
                doc[index].text == "der"
                and index > sentence.start
                and self.texts[index - 1] in self.lex.handover_verbs | {"hat", "haben", "hatte", "hatten"}
            )
            if doc[index].text not in recipient_preps and not dative:
                continue
            after = index + 1
            while after < sentence.end and (
                doc[after].text.lower() in ARTICLES or doc[after]._.sg_role_or_address or doc[after]._.sg_title
            ):
                after += 1
            found = self.by_token.get(after)
            if (
                found
                and doc[index].text == "der"
                and (found[1].end >= sentence.end or self.texts[found[1].end] not in _ACCUSATIVE_ARTICLES)
            ):
                continue  # "überreichte der Landkreis X an die Y": "der" opens the subject, not a dative
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
                self.span(*stripped_bounds(self.text, sentence.start_char, sentence.end_char)),
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
                if YEAR.match(token.text) and (token.i == cue_index - 1 or abs(token.i - cue_index) < 12):
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
            # an organ is where its organisation is ("Vollversammlung der IHK Kiel")
            if entity.subkind not in {"ministry", "government"} and not self.lex.names_an_organ(entity.name):
                tokens = self.x.nlp.make_doc(entity.name)
                # "Verpackungscluster Mittelhessen", "… im Rheinland e.V."; not brand suffixes such as "NRW".
                # A place ending the name places the kinds of located_by_name_kinds; for universities and
                # chambers it is part of the name, not a statement the text makes.
                places = [t.text for t in tokens if t.text in self.lex.places and not t.text.isupper()]
                name_words = [t.text for t in tokens if not self.lex.legal_form(t.text)]  # "… Rheinland e.V."
                by_name = (
                    entity.subkind in self.lex.cue("located_by_name_kinds")
                    and bool(name_words)
                    and name_words[-1] in self.lex.places
                )
                if places and (by_name or any(t.text in {"in", "im"} for t in tokens)):
                    first = entity.mentions[0]
                    self.relate(entity, "located_in", places[-1], self.mention_span(first))
            for mention in entity.mentions:
                listed = self._places_in_parentheses(mention)
                for name, evidence in listed:
                    self.relate(entity, "located_in", name, evidence)  # "DFKI (Saarbrücken und Kaiserslautern)"
                if listed:
                    continue
                around = self._places_around(mention)
                for name, evidence in around:
                    self.relate(entity, "located_in", name, evidence)
                if around:
                    continue
                window = doc[mention.end : mention.end + 5]
                if not len(window) or (window[0].text not in words and window[0].text not in {"mit"}):
                    continue
                town = self._town_outside_the_gazetteer(mention.end)
                if town is not None:
                    # "die EURA-Mobil GmbH in Sprendlingen": a proper name by the lexicon after "in"/"aus"
                    self.relate(
                        entity, "located_in", town, self.span(mention.char_start, doc[mention.end + 1].idx + len(town))
                    )
                    continue
                for token in window:
                    found = self.by_token.get(token.i)
                    if found and found[0].kind == "place":
                        self.relate(entity, "located_in", found[0], self.mention_span(mention, found[1]))
                        break
                    if found and found[0].kind != "place":
                        town = self._town_of_municipality(found[0])
                        if town is not None:  # "mit Sitz in der Landeshauptstadt Schwerin"
                            self.relate(entity, "located_in", town, self.mention_span(mention, found[1]))
                        break

    def _town_of_municipality(self, entity: Entity) -> str | None:
        """'Landeshauptstadt Schwerin' -> 'Schwerin': the place a town or district named by its word
        (relations.yaml: town_words, or a Kreis) stands for; None for any other organisation."""
        if entity.kind != "org" or entity.subkind != "government":
            return None
        word, _, place = entity.name.partition(" ")
        if not place or not (word in self.lex.cue("town_words") or word.lower().endswith("kreis")):
            return None
        return place if place in self.lex.places or place.split(" ")[0] in self.lex.places else None

    def _places_in_parentheses(self, mention: Mention) -> list[tuple[str, Span]]:
        """'… Künstliche Intelligenz (Saarbrücken/Kaiserslautern)': two or more places, and nothing else,
        in parentheses right after the name."""
        doc = self.doc
        k = mention.end
        if k >= len(doc) or doc[k].text != "(":
            return []
        places: list[str] = []
        k += 1
        while k < len(doc) and doc[k].text != ")":
            parts = doc[k].text.split("/")  # "(Saarbrücken/Kaiserslautern)"
            if all(part in self.lex.places for part in parts):
                places.extend(parts)
            elif doc[k].text not in {",", "und", "sowie", "/"}:
                return []
            k += 1
        if k >= len(doc) or len(places) < 2:
            return []
        evidence = self.span(mention.char_start, doc[k].idx + 1)
        return [(place, evidence) for place in places]

    def _town_outside_the_gazetteer(self, end: int) -> str | None:
        """The town in 'X in Sprendlingen' or 'X aus Gau-Odernheim' right after an organisation, when the
        gazetteer does not know it but the lexicon takes it for a proper name, and the clause ends there."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].text not in {"in", "aus"}:
            return None
        word = doc[end + 1]
        after = doc[end + 2].text if end + 2 < len(doc) else "."
        if (
            end + 1 in self.by_token
            or not word.text[:1].isupper()
            or word.text in self.lex.stopwords
            or word.text.isupper()  # "Die Landesregierung aus CDU und FDP": an acronym names no town
            or word.text in self.lex.parties
            or not (after in {",", ".", ";", ")", "und"} or after[:1].islower())
            or self.lex.org_head_kind(word.text) is not None
        ):
            return None
        parts = word.text.split("-")
        return word.text if self.x.finder.proper_names.is_name(parts[-1]) else None  # "Gau-Odernheim"

    def _places_around(self, mention: Mention) -> list[tuple[str, Span]]:
        """'scm energy GmbH (Salzwedel)', 'Bayerns Cluster Ernährung', 'die in Berlin und Brüssel agierende X':
        the places in parentheses after the name, in the genitive before it, or before a word of location."""
        doc = self.doc
        places = self.lex.places
        end = mention.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].text in places:
            return [(doc[end + 1].text, self.span(mention.char_start, doc[end + 2].idx + 1))]
        if (
            end + 2 < len(doc)
            and doc[end].text == ","
            and doc[end + 1].text in places
            and doc[end + 2].text in {",", ".", ";", ")"}
            # a place, not the start of the next organisation's name
            and ((found := self.by_token.get(end + 1)) is None or found[0].kind == "place")
        ):
            return [(doc[end + 1].text, self.span(mention.char_start, doc[end + 2].idx))]  # "X GmbH, Weimar,"
        if mention.start > 0:
            word = doc[mention.start - 1].text
            if word.endswith("s") and word[:-1] in places and word[:-1][:1].isupper():
                return [(word[:-1], self.span(doc[mention.start - 1].idx, mention.char_end))]
        # "die Kieler Firma Baltic GmbH", "der Hamburger Nordwerk AG": a place adjective before the name, perhaps
        # with a descriptor noun between; "die in Wismar ansässige Ostsee AG": a place before "ansässige"
        k = mention.start - 1
        descriptors = self.lex.generic_before_brand | {"Firma", "Unternehmen"}
        if k > 0 and (doc[k].text in descriptors or self.lex.org_head_base(doc[k].text) in descriptors):
            k -= 1
        if k >= 0:
            word = doc[k].text
            if word.endswith("er") and word[:-2] in places and word[:1].isupper():
                return [(word[:-2], self.span(doc[k].idx, mention.char_end))]
            if k >= 2 and word in self.lex.cue("location_words") and doc[k - 1].text in places:
                # "die in Wismar ansässige Ostsee AG"; "die in Berlin und Brüssel agierende X": the first place
                j = k - 2
                while j >= 2 and doc[j].text in {"und", ","} and doc[j - 1].text in places:
                    j -= 2
                if doc[j].text == "in":
                    evidence = self.span(doc[j].idx, mention.char_end)
                    return [(doc[i].text, evidence) for i in range(j + 1, k, 2)]
        return []

    def cooperation_and_funding(self) -> None:
        for sentence in self.seg.sentences:
            words = set(self.texts[sentence.start : sentence.end])
            self._agreement(sentence, words)  # signers may be persons signing for their organisations
            self._agreement_between(sentence)
            orgs = self.mentions_in(sentence.start, sentence.end, {"org"})
            if len(orgs) < 2:
                continue
            self._cooperation(sentence, words, orgs)
            self._joint_work(sentence, words)
            self._joint_hosts(sentence)
            self._funding(sentence, words, orgs)

    def _agreement(self, sentence: TokenSpan, words: set[str]) -> None:
        """'A, B und C haben ein Kooperationsabkommen unterzeichnet': they cooperate and author it."""
        if not (words & self.lex.cue("signing_words")):
            return
        agreements = [
            d
            for d in self.mentions_in(sentence.start, sentence.end, {"document"})
            if self.lex.names_an_agreement(d[1].name) or self.lex.names_an_agreement(d[0].name)
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

    def _agreement_between(self, sentence: TokenSpan) -> None:
        """'Kooperationsvertrag zwischen der HwK Koblenz und der WFG …', 'der Koalitionsvertrag von CDU und
        Grünen': the organisations named after the agreement are its parties; they author it and cooperate."""
        doc = self.doc
        agreement = self.lex.names_an_agreement
        texts = self.texts
        for index in range(sentence.start, sentence.end - 1):
            if not agreement(texts[index]):
                continue
            between = (
                index + 1 if texts[index + 1] in {"zwischen", "von"} else self._between_in_relative(index, sentence)
            )
            if between is None:
                continue
            found = self.by_token.get(index)
            if found is not None and found[0].kind == "document" and not found[0].is_source:
                document, mention = found
            else:
                # in the headline, the title of the text itself: the agreement the body names with that noun
                named = [
                    e
                    for e in self.entities
                    if e.kind == "document" and not e.is_source and agreement(e.name) and e.mentions
                ]
                if len(named) != 1:
                    continue
                document, mention = (
                    named[0],
                    Mention(
                        "document",
                        index,
                        index + 1,
                        doc[index].idx,
                        doc[index].idx + len(doc[index].text),
                        doc[index].text,
                    ),
                )
            parties: list[tuple[Entity, Mention]] = []
            k = between + 1
            while k < sentence.end:
                if doc[k].text.lower() in ARTICLES or doc[k].text in {"und", ","}:
                    k += 1
                    continue
                found = self.by_token.get(k)
                if found is None or found[0].kind != "org" or found[1].start != k:
                    break
                parties.append(found)
                k = found[1].end
            if len(parties) < 2:
                continue
            for position, (party, party_mention) in enumerate(parties):
                self.relate(party, "authored", document, self.mention_span(mention, party_mention))
                for other, other_mention in parties[position + 1 :]:
                    if other is not party:
                        self.relate(party, "cooperates_with", other, self.mention_span(party_mention, other_mention))

    def _between_in_relative(self, index: int, sentence: TokenSpan) -> int | None:
        """'eine Kooperationsvereinbarung zum Inhalt, die heute zwischen A und B unterzeichnet wurde': the
        'zwischen' of a relative clause a few words after the agreement noun, whose verb is a signing word."""
        texts = self.texts
        comma = next((j for j in range(index + 1, min(sentence.end - 1, index + 6)) if texts[j] == ","), None)
        if comma is None or texts[comma + 1] not in {"die", "der", "das"}:
            return None
        between = next((j for j in range(comma + 2, min(sentence.end, comma + 6)) if texts[j] == "zwischen"), None)
        signing = self.lex.cue("signing_words")
        if between is None or not any(texts[j] in signing for j in range(between, sentence.end)):
            return None
        return between

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
            # "Die Fachhochschule X und der Kreis Y vertiefen ihre Zusammenarbeit": coordinated subjects
            subjects = [a for a in self._agents(sentence) if a[0].kind == "org" and a[1].end <= cue.i]
            self._coordinated_cooperate(subjects)
            return
        partner, partner_mention = after[0]
        if self.doc[cue.i + 1].text == "zwischen":
            rest = [o for o in orgs if o[1].start > partner_mention.end and o[1].start - partner_mention.end <= 3]
            if rest:
                self.relate(partner, "cooperates_with", rest[0][0], self.mention_span(partner_mention, rest[0][1]))
            return
        subjects = [a for a in self._agents(sentence) if a[0].kind == "org" and a[1].start < cue.i]
        if not subjects:
            return
        # "A, B und C haben sich in Kooperation mit D und E …": each subject with each coordinated partner
        partners = [(partner, partner_mention)]
        for entity, mention in orgs:
            gap = [t.text for t in self.doc[partners[-1][1].end : mention.start]]
            if mention.start >= partners[-1][1].end and gap and all(w in COORDINATION for w in gap):
                partners.append((entity, mention))
        coordinated = [subjects[0]]
        for entity, mention in subjects[1:]:
            gap = [t.text for t in self.doc[coordinated[-1][1].end : mention.start]]
            if all(w in COORDINATION for w in gap):
                coordinated.append((entity, mention))
        for subject, subject_mention in coordinated:
            for other, other_mention in partners:
                if other is not subject:
                    self.relate(subject, "cooperates_with", other, self.mention_span(subject_mention, other_mention))

    def _joint_work(self, sentence: TokenSpan, words: set[str]) -> None:
        """'Die Hochschule X und die IHK Y werden künftig zusammenarbeiten', 'seit Jahren arbeiten A und B
        zusammen': organisations coordinated as the subject of a verb of working together cooperate."""
        separable = {"arbeiten", "arbeitet", "arbeiteten"} & words and "zusammen" in words
        if not (words & self.lex.cue("joint_verbs") - {"arbeiten"} or separable):
            return
        self._coordinated_cooperate([a for a in self._agents(sentence) if a[0].kind == "org"])

    def _joint_hosts(self, sentence: TokenSpan) -> None:
        """Organisations that host or run something together cooperate: 'Auf Einladung der A und der B',
        'eine gemeinsame Veranstaltung von A und B', 'Projektpartner sind A, B sowie C' (relations.yaml:
        joint_adjectives, invitation_words, partner_nouns)."""
        texts = self.texts
        joint = self.lex.cue("joint_adjectives")
        invitation = self.lex.cue("invitation_words")
        partners = self.lex.cue("partner_nouns")
        for i in range(sentence.start, sentence.end - 2):
            word = texts[i]
            if word.lower() in joint and texts[i + 1][:1].isupper():
                after = i + 2  # "gemeinsames Cluster-Meeting von A und B"
            elif word in invitation and texts[i - 1].lower() == "auf":
                after = i + 1  # "Auf Einladung der A und der B"
            elif word in partners and texts[i + 1] in {"sind", "waren"}:
                after = i + 2  # "Projektpartner sind A, B sowie C"
            else:
                continue
            if after < sentence.end and texts[after] in {"von", "der", "des", "vom", "neben"}:
                after += 1
            self._each_cooperates_with_each(self._listed_organisations(after, sentence.end))

    def _listed_organisations(self, start: int, end: int) -> list[tuple[Entity, Mention]]:
        """The organisations listed from ``start``: 'der A, der B in Kiel sowie der C' (articles, commas, 'und',
        'sowie', 'neben' and a place after 'in' or 'aus' between them)."""
        listed: list[tuple[Entity, Mention]] = []
        k = start
        while k < end:
            found = self.by_token.get(k)
            text = self.texts[k]
            if found is not None and found[1].start == k and found[0].kind == "org":
                listed.append(found)
                k = found[1].end
            elif found is not None and found[0].kind == "place" and listed and self.texts[k - 1] in {"in", "aus"}:
                k = found[1].end
            elif text in {",", "und", "sowie", "neben", "in", "aus"} or text.lower() in ARTICLES:
                k += 1
            elif self.lex.is_plural_of_org_head(text) and k + 1 in self.by_token:
                k += 1  # "der Kreishandwerkerschaften Bremen und Bremerhaven": a plural head before the names
            else:
                break
        return listed

    def _coordinated_cooperate(self, agents: list[tuple[Entity, Mention]]) -> None:
        """The first organisations of ``agents`` coordinated with 'und', 'sowie' or commas cooperate."""
        group: list[tuple[Entity, Mention]] = agents[:1]
        for entity, mention in agents[1:]:
            between = self.texts[group[-1][1].end : mention.start]
            if between and all(w in {"und", "sowie", ","} or w.lower() in ARTICLES for w in between):
                group.append((entity, mention))
            elif len(group) < 2:
                group = [(entity, mention)]
        self._each_cooperates_with_each(group)

    def _each_cooperates_with_each(self, group: list[tuple[Entity, Mention]]) -> None:
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
            while before >= sentence.start and doc[before].text.lower() in ARTICLES | {"dem"}:
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
        if words & self.lex.cue("grant_verbs") and words & self.lex.cue("grant_nouns"):
            # "Jetzt hat die Aufbaubank dem Netzwerk X Fördermittel bewilligt": the subject funds the other one
            agents = [a for a in self._agents(sentence) if a[0].kind == "org"]
            if agents:
                funder, funder_mention = agents[0]
                funded = [o for o in orgs if o[0] is not funder and o[1].start > funder_mention.end]
                if funded:
                    self.relate(funder, "funds", funded[0][0], self.mention_span(funder_mention, funded[0][1]))
        verbs = words & self.lex.cue("funding_verbs")
        for verb in (t for t in sentence if t.text in verbs and t.text[:1].islower()):
            left = [o for o in orgs if 0 <= verb.i - end_with_alias(doc, o[1].end) <= 1]
            right = [o for o in orgs if 0 < o[1].start - verb.i <= 3]
            if left and right and left[0][0] is not right[0][0]:
                self.relate(left[0][0], "funds", right[0][0], self.mention_span(left[0][1], right[0][1]))
            elif not left and right:
                # "Deshalb unterstützt das Ministerium den Verein mit 120.000 Euro": subject after the verb, object next
                funder, funder_mention = right[0]
                objects = [
                    o
                    for o in orgs
                    if o[0] is not funder and 0 <= o[1].start - end_with_alias(doc, funder_mention.end) <= 1
                ]
                if objects:
                    self.relate(funder, "funds", objects[0][0], self.mention_span(funder_mention, objects[0][1]))

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
            parent_found = False
            for mention in entity.mentions:
                k = mention.end
                if k < len(doc) and doc[k].text in {"des", "der"}:
                    found = self.by_token.get(k + 1)
                    if found and found[0].kind == "org" and found[0].subkind in parents and found[0] is not entity:
                        self.relate(entity, "part_of", found[0], self.mention_span(mention, found[1]))
                        parent_found = True
            if not parent_found and entity.name in self.lex.organs:
                self._organ_of_the_text(entity)
            self._parent_in_name(entity, parents)

    def _organ_of_the_text(self, organ: Entity) -> None:
        """'Die Vollversammlung wählte …' in a chamber's text: the organ belongs to the association the text is
        most about, when one stands out."""
        associations = sorted(
            (e for e in self.entities if e.kind == "org" and e.subkind == "association" and e is not organ),
            key=lambda e: -len(e.mentions),
        )
        if not associations or (
            len(associations) > 1 and len(associations[1].mentions) == len(associations[0].mentions)
        ):
            return
        self.relate(organ, "part_of", associations[0], self.mention_span(organ.mentions[0]))

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
            # "des Kreises Steinburg" names the "Kreis Steinburg"
            parent = self._ensure_org(nominative_first_word(inner), kind, k + 1, mention.end)
            if parent is not entity:
                self.relate(entity, "part_of", parent, self.mention_span(mention))
            return
