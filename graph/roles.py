"""Role rules: who holds which role at which organisation.

Appositions ('NAME, ROLE der ORG'), roles before names ('IHK-Präsident NAME'), elections and appointments,
role lists after a colon, copula sentences ('ROLE ist NAME'), persons acting for an organisation.
Mixed into :class:`graph.extract._Run`, whose state (doc, mentions, entities, roles) the rules read and extend.
"""

from __future__ import annotations

import re

from graph.entities import Entity
from graph.mentions import QUOTE_CHARS, Mention
from graph.names import loose, name_key
from graph.phrases import (
    ARTICLES,
    BULLET,
    SINGULAR_COPULAS,
    before_genitive,
    enumeration_continues,
    generic_head,
)
from graph.quotes import Attribution
from graph.report import (
    RoleRecord,
    Span,
)

# "(rechtes Foto)", "(2.v.l.)", "(links)": where a person stands in a photo
_PHOTO_POSITION = re.compile(r"\d\.?\s*v\.\s*[lr]\.|\b(?:links|rechts|Mitte|Foto|Bild)\b")


# "1. Vorsitzender", "Beisitzer:innen", "Schatzmeister:" alone on a line
_ROLE_HEADING = re.compile(r"(?:\d\.\s*)?([A-ZÄÖÜ][a-zäöüß]+)(?:[:*/_]?[iI]nnen)?:?")
# words after which "Grüne", "Grünen", "Linke" name the party, not a colour or a side
_BEFORE_A_PARTY = frozenset({"die", "der", "den", "und", "von", "(", ",", "für", "sowie", "oder"})


# Words that deny a role after "Er ist": "nicht", "kein", "nie"
_NEGATIONS = frozenset({"nicht", "kein", "keine", "nie", "niemals"})


class RoleRules:
    """The role rules of one extraction run."""

    def find_roles(self) -> None:
        """Roles in appositions ('NAME, ROLE bei ORG', 'NAME, ORG') and before names ('IHK-Präsident NAME',
        'Clustermanager NAME', 'dem Präsidenten der ORG, NAME')."""
        doc = self.doc
        for entity in self.entities:
            if entity.kind != "person":
                continue
            for mention in entity.mentions:
                end = self._after_photo_note(mention.end)
                if end + 1 < len(doc) and doc[end].text in {",", "(", "–", "—", "-"}:
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
                    found = self.by_token.get(end + 1)
                    if (
                        doc[start]._.sg_role
                        and not self._introduces_next_person(start)
                        and self._role_phrase(entity, mention.char_start, start)
                    ):
                        # the role after the name; one before it, after an article, still counts ("den
                        # Präsidenten der IHK X, Kai Beispiel, zum Präsidenten der Y"), not one of a list before
                        role = next(
                            (k for k in range(mention.start - 1, max(-1, mention.start - 9), -1) if doc[k]._.sg_role),
                            None,
                        )
                        if role is not None and role > 0 and doc[role - 1].text.lower() in {"den", "dem", "der", "die"}:
                            self._role_before(entity, mention)
                        continue
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

    def _after_photo_note(self, end: int) -> int:
        """Past a photo note right after a name ('Enno Fuchs (rechtes Foto), Geschäftsführer …', '(2.v.l.)'),
        else ``end`` itself."""
        doc = self.doc
        if end >= len(doc) or doc[end].text != "(":
            return end
        close = next((k for k in range(end + 1, min(len(doc), end + 8)) if doc[k].text == ")"), None)
        if close is None or close + 1 >= len(doc) or doc[close + 1].text != ",":
            return end
        inner = doc[end + 1 : close].text
        notes = self.lex.cue("not_affiliations")
        if _PHOTO_POSITION.search(inner) or any(word in notes for word in inner.split()):
            return close + 1
        return end

    def _org_after_from(self, person: Entity, mention: Mention) -> None:
        """'Karin Weber vom Verein X', 'Geschäftsführerin Anna Roth von der Y GmbH', 'Ole Brandt aus dem
        Ministerium Z': the organisation a person comes from; the role word before the name, if any. Persons
        joined before come from there too ('A und B von X')."""
        doc = self.doc
        k = mention.end
        if k >= len(doc) or self.texts[k] not in {"von", "vom", "aus"}:
            return
        k += 1
        while k < len(doc) and self.texts[k].lower() in ARTICLES:
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
        # "Anna Roth und Kai Beispiel von Mazars": the persons joined before come from there too
        k = mention.start - 1
        while k >= 1 and self.texts[k] in {"und", ","}:
            before = self.by_token.get(k - 1)
            if before is None or before[0].kind != "person" or before[1].end != k:
                break
            if not any(r.org == found[0].name for r in self.roles.get(id(before[0]), [])):
                self._add_role(before[0], None, found[0], self.span(before[1].char_start, found[1].char_end))
            k = before[1].start - 1

    def _affiliation_in_parentheses(self, person: Entity, mention: Mention) -> None:
        """'Holger Ritter (Drynet)', 'Torben Taeger (Alfa Laval Mid Europe)': a name in parentheses after a
        person is the organisation they come from, even one the lexicon cannot tell by its form; not a party,
        a place, a photo position ('(Mitte)') or a number."""
        doc = self.doc
        start = mention.end + 1
        if start - 1 >= len(doc) or doc[start - 1].text != "(":
            return
        close = start
        while close < len(doc) and close - start < 20 and doc[close].text != ")":
            close += 1
        if close >= len(doc) or doc[close].text != ")" or close == start:
            return
        role = None
        comma = next((t.i for t in doc[start:close] if t.text == ","), None)
        if comma is not None and comma + 1 < close and doc[comma + 1]._.sg_role:
            # "Herbert Stütz (LEG, Abteilungsleiter Invest, …)": the organisation, then the role there
            role = self.lex.role_base(doc[comma + 1].text) or doc[comma + 1].text
            close_name = comma
        elif close - start > 6:
            return
        else:
            close_name = close
        inner = [t for t in doc[start:close_name]]
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
        name = re.sub(r"\s+", " ", doc[start:close_name].text)
        kind = self.x.finder.kind_of_name(name, default="company")
        org = self._ensure_org(name, kind, start, close_name)
        for index in range(start, close_name):
            self.by_token[index] = (org, org.mentions[-1])
        self._add_role(person, role, org, self.span(mention.char_start, doc[close].idx + 1))

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
        """'Als Präsident wurde Kai Beispiel wiedergewählt', 'Zu Vizepräsidenten wurden gewählt: A, B', 'zum neuen
        IHK Präsidenten', 'Als neuer Vizepräsident folgt A auf B': each person named in the sentence (with 'folgt …
        auf' the predecessor too) holds the role at the organisation whose short form stands before the role word,
        else the one named after it, else the one the paragraph is about (not one of their own affiliations),
        else the headline's."""
        doc = self.doc
        participles = self.lex.cue("appointment_participles")
        prepositions = self.lex.cue("appointment_prepositions")
        # organisations named as somebody's affiliation ("Anna Roth, Geschäftsführerin der X GmbH") are no
        # candidates for the body that elects
        affiliations = self._affiliations()
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
                        # "zum neuen IHK Präsidenten": an organisation's short form before the role
                        or (
                            i - 3 >= sentence.start
                            and texts[i - 1].isupper()
                            and (texts[i - 2] in prepositions or texts[i - 3] in prepositions)
                        )
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
            org = (
                self._org_for_prefix(texts[role_index - 1], role_index - 1) if texts[role_index - 1].isupper() else None
            ) or self._org_of_election(role_index, sentence.end, affiliations)
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
                self.elected_at.add(org.name)

    def role_lists(self) -> None:
        """'Die Beigeordneten sind:', 'Dem Vorstand gehören an:' before a list of persons, inline or one per
        bulleted line: each person listed first in an item holds the role at the organisation named after
        the role word, else the one its compound names ('Kammerpräsidenten'), else the paragraph's or the
        headline's (not one of the listed persons' own affiliations)."""
        doc = self.doc
        affiliations = self._affiliations()
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

    def role_headings(self) -> None:
        """A line with only a board role over lines that each start with a person ("2. Vorsitzender" /
        "Kerstin Beispiel, Beispiel GmbH"): each of them holds the role at the organisation the text is about."""
        home: Entity | None = None
        doc = self.doc
        boards = self.lex.cue("board_roles")
        for block in self.seg.blocks:
            lines = block.text.split("\n")
            if len(lines) < 2:
                continue
            heading = _ROLE_HEADING.fullmatch(lines[0].strip())
            word = heading.group(1) if heading else ""
            role = self.lex.role_base(word) or word
            if role not in boards:
                continue
            home = home or self._organisation_of_the_text()  # asked only when the text has such a heading
            if home is None:
                return
            offset = block.start + len(lines[0]) + 1
            for line in lines[1:]:
                span = doc.char_span(offset, offset + len(line), alignment_mode="expand")
                offset += len(line) + 1
                persons = self.mentions_in(span.start, span.end, {"person"}) if span is not None else []
                if not persons or any(not t._.sg_title for t in doc[span.start : persons[0][1].start]):
                    continue  # the line does not start with the person
                person, mention = persons[0]
                self._add_role(person, role, home, self.span(block.start, mention.char_end))

    def coordinated_roles(self) -> None:
        """'die Vizepräsidenten A (5.v.l.) und B (5.v.r.)': a role word in the plural before coordinated persons
        gives each of them the role, at the organisation the word names (its prefix, its compound or the one
        chamber or cluster of the text, see roles.yaml: organisation_cues)."""
        doc = self.doc
        for index, text in enumerate(self.texts):
            base = self.lex.role_base(text)  # memoised per word: cheaper than the token flag on every token
            # "die beiden Geschäftsführer A und B": the same form in the plural, told by what goes before
            plural_before = index > 0 and self.texts[index - 1].lower() in {"die", "beiden", "beide", "zwei", "drei"}
            if not base or (base == text and not plural_before) or not doc[index]._.sg_role:
                continue
            token = doc[index]
            persons = self._coordinated_after(token.i + 1)
            if len(persons) < 2:
                continue
            org: Entity | None
            if "-" in token.text:
                org = self._org_for_prefix(token.text.rsplit("-", 1)[0], token.i)
                base = base.rsplit("-", 1)[1]
            else:
                org = self._org_for_compound(token.text) or self._org_for_role_cue(token.text)
            if org is None and base in self.lex.cue("board_roles"):
                org = self._organisation_of_the_text()  # "die weiteren Vorstandsmitglieder A und B"
            if org is None:
                continue
            for person, mention in persons:
                self._add_role(person, base, org, self.span(token.idx, mention.char_end))

    def board_roles(self) -> None:
        """'Der Vorstandsvorsitzende Prof. Kai Beispiel', 'die weiteren Vorstandsmitglieder A und B' in a text
        about one association or network: a board role with no organisation named is held there (roles.yaml:
        board_roles). The organisation is the one the headline names, else the one named most often (at least
        three times, and more often than any other)."""
        home = self._organisation_of_the_text()
        if home is None:
            return
        boards = self.lex.cue("board_roles")
        for person in (e for e in self.entities if e.kind == "person"):
            records = self.roles.get(id(person), [])
            if any(r.org == home.name for r in records):
                continue
            words = [*person.titles, *(r.role for r in records if r.role and r.org is None)]
            board = next((self.lex.role_base(w) or w for w in words if (self.lex.role_base(w) or w) in boards), None)
            if board is None:
                continue
            mention = person.mentions[0]
            self._add_role(person, board, home, self.span(mention.char_start, mention.char_end))

    def _affiliations(self) -> set[str]:
        """Organisations named as somebody's affiliation so far ('Anna Roth, Geschäftsführerin der X GmbH'):
        no candidates for the body that elects. A body somebody was elected to stays a candidate ('zum neuen
        IHK-Präsidenten gewählt', then 'als Ehrenpräsident')."""
        return {r.org for records in self.roles.values() for r in records if r.org} - self.elected_at

    def _organisation_of_the_text(self) -> Entity | None:
        kinds = {"association", "cluster", "alliance"}
        candidates = [e for e in self.entities if e.kind == "org" and e.subkind in kinds]
        title_block = self.header.title_block
        if title_block is not None:
            heading = self.seg.blocks[title_block]
            span = self.doc.char_span(heading.start, heading.end, alignment_mode="expand")
            named = [e for e, _ in self.mentions_in(span.start, span.end, {"org"})] if span is not None else []
            headline = [e for e in named if e in candidates]
            if len(headline) == 1:
                return headline[0]
        ranked = sorted(candidates, key=lambda e: -len(e.mentions))
        if (
            ranked
            and len(ranked[0].mentions) >= 3
            and (len(ranked) == 1 or len(ranked[1].mentions) < len(ranked[0].mentions))
        ):
            return ranked[0]
        return None

    def _coordinated_after(self, start: int) -> list[tuple[Entity, Mention]]:
        """The persons named one after another from ``start``: 'A (5.v.l.), B und C', titles allowed."""
        doc = self.doc
        persons: list[tuple[Entity, Mention]] = []
        k = start
        while k < len(doc):
            found = self.by_token.get(k)
            if found is None and doc[k]._.sg_title and not doc[k]._.sg_role:
                k += 1  # "Dr."
                continue
            if found is None or found[0].kind != "person" or found[1].start != k:
                break
            persons.append(found)
            k = found[1].end
            if k < len(doc) and doc[k].text == "(":  # a photo position: "(5.v.l.)"
                close = next((j for j in range(k + 1, min(len(doc), k + 12)) if doc[j].text == ")"), None)
                if close is None:
                    break
                k = close + 1
            if k < len(doc) and doc[k].text in {",", "und", "sowie"}:
                k += 1
                continue
            break
        return persons

    def copula_roles(self) -> None:
        """'Stellvertretender Vorsitzender des Gremiums ist Kai Beispiel (…)', 'Beisitzer sind A und B': the
        role word, a copula, then the persons; the organisation as for elections."""
        doc = self.doc
        texts = self.texts
        affiliations = self._affiliations()
        copulas = {"ist", "sind", "bleibt", "bleiben", "wird", "werden"}
        for sentence in self.seg.sentences:
            for role_index in range(sentence.start, sentence.end - 2):
                # plain strings in this loop over every token: an extension attribute costs a Python call each
                if role_index in self.by_token or not self.lex.is_role_word(texts[role_index]):
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
        for entity in [e for e in self.entities if e.kind == "person"]:
            for mention in entity.mentions:
                sentence = doc[mention.start].sent
                k = mention.end
                if k < sentence.end and texts[k] == ",":
                    k = self._after_apposition(k + 1, sentence.end)
                    if k is None:
                        continue
                if k >= sentence.end or texts[k] not in SINGULAR_COPULAS:
                    continue
                k += 1
                while k < sentence.end and texts[k][:1].islower() and texts[k] not in {"der", "die", "des"}:
                    k += 1  # "neue", "neuer", "stellvertretende", "erneut"
                if k < sentence.end and doc[k]._.sg_role and texts[k][:1].isupper():
                    self._role_phrase(entity, mention.char_start, k)

    def pronoun_roles(self) -> None:
        """'Er ist Geschäftsführer der HSBC Germany Holdings GmbH', 'Sie war zuvor Leiterin des X': a sentence
        that opens with a pronoun and a copula gives the role to the last person of that gender named before."""
        texts = self.texts
        attribution: Attribution | None = None
        for sentence in self.seg.sentences:
            start = sentence.start
            if start + 2 >= sentence.end or texts[start] not in {"Er", "Sie"}:
                continue
            if texts[start + 1] not in SINGULAR_COPULAS:
                continue  # "Sie sind …" is plural
            k = start + 2
            while k < sentence.end and (texts[k][:1].islower() or texts[k].isdigit()) and texts[k] not in ARTICLES:
                k += 1  # "seit", "2010", "neuer", "zudem"
            if (
                k >= sentence.end
                or not self.doc[k]._.sg_role
                or not texts[k][:1].isupper()
                or _NEGATIONS & set(texts[start + 2 : k])  # "Er ist nicht länger Vorsitzender"
            ):
                continue
            attribution = attribution or Attribution(self.seg, self.lex, self.by_token, self.labels_of)
            found = attribution.nearest_person_before(sentence.start_char, texts[start].lower())
            if found is None or self._organisation_opens_between(found[1].end, start):
                continue  # "Die Stadt Husum hat … gegründet. Sie ist Gesellschafterin …": the pronoun is the town
            self._role_phrase(found[0], sentence.start_char, k)

    def _organisation_opens_between(self, start: int, end: int) -> bool:
        """Does a sentence between tokens ``start`` and ``end`` open with an organisation (its subject)?"""
        for sentence in self.seg.sentences:
            if start <= sentence.start < end:
                k = sentence.start
                while k < sentence.end and self.texts[k].lower() in ARTICLES:
                    k += 1
                found = self.by_token.get(k)
                if found is not None and found[0].kind == "org":
                    return True
        return False

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
            if not BULLET.match(line):
                break
            items.append((position, next_end))
            position = next_end + 1
        return items

    def _org_of_election(self, role_index: int, end: int, affiliations: set[str]) -> Entity | None:
        """Where a person is elected or appointed to the role at ``role_index``: the organisation named right
        after the role, else the one its compound names ('Kammerpräsidenten'), else the paragraph's, the
        headline's or the previous paragraph's (never one of the persons' own affiliations)."""
        # the assembly that elects ("Die Vollversammlung wählte …") is no candidate for the role's organisation
        organs = {e.name for e in self.entities if e.kind == "org" and self.lex.names_an_organ(e.name)}
        return (
            self._org_after_role(role_index, end)
            or self._org_for_compound(self.doc[role_index].text)
            or self._org_for_role_cue(self.doc[role_index].text)  # "Vizepräsidentin": the chamber of the text
            or self._org_of_electing_members(role_index, end)
            or self._org_of_paragraph(role_index, affiliations | organs)
            or self._org_of_previous_paragraph(role_index, affiliations | organs)
            # "Neu in den Vorstand gewählt wurden …" in a text about one chamber: its board
            or (
                self._organisation_of_the_text()
                if (self.lex.role_base(self.doc[role_index].text) or self.doc[role_index].text)
                in self.lex.cue("board_roles")
                else None
            )
        )

    def _org_of_electing_members(self, role_index: int, end: int) -> Entity | None:
        """'Zur zweiten Vorsitzenden wählten die MCN-Mitglieder …': the members' organisation elects."""
        doc = self.doc
        sentence = doc[role_index].sent
        member_nouns = self.lex.cue("member_nouns")
        for k in range(sentence.start, min(end, sentence.end)):
            prefix, dash, noun = doc[k].text.rpartition("-")
            if dash and prefix and noun in member_nouns:
                return self._org_for_prefix(prefix, k)
        return None

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
            if entity.name not in own and entity.subkind != "company":  # a firm elects no chair of a body
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
        """'Kai Beispiel (SPD)', 'Kai Beispiel, CDU, sagte' , 'CSU-Stadtrat Kai Beispiel', 'Kai Beispiel für die
        FDP': the person is a member of the party. Every party the text names is an organisation."""
        doc = self.doc
        party_at = self._party_mentions()
        for entity in [e for e in self.entities if e.kind == "person"]:
            for mention in entity.mentions:
                k = mention.end
                before = doc[mention.start - 1].text if mention.start > 0 else ""
                prefix, _, rest = before.partition("-")
                if prefix in self.lex.parties and rest[:1].isupper():  # "CSU-Stadtrat", "SPD-Politikerin"
                    party = self._ensure_org(prefix, "other", mention.start - 1, mention.start)
                    self.relate(entity, "member_of", party, self.span(doc[mention.start - 1].idx, mention.char_end))
                if (
                    k + 2 < len(doc)
                    and doc[k].text in {"(", ","}
                    and doc[k + 1].text in self.lex.parties
                    and doc[k + 2].text in {")", ","}
                    and (doc[k].text == "(") == (doc[k + 2].text == ")")
                ):
                    party = self._ensure_org(doc[k + 1].text, "other", k + 1, k + 2)
                    self.relate(entity, "member_of", party, self.span(mention.char_start, doc[k + 2].idx + 1))
                if k + 1 < len(doc) and doc[k].text == "für":
                    # "Den Fragen stellten sich Kai Beispiel für die SPD, …": speaking for the party
                    article = doc[k + 1].text in {"die", "den"}
                    found = party_at.get(k + 1) or (party_at.get(k + 2) if article else None)
                    if found is not None:
                        self.relate(entity, "member_of", found[0], self.mention_span(mention, found[1]))

    def _party_mentions(self) -> dict[int, tuple[Entity, Mention]]:
        """Every party the text names, as an organisation, by the token it starts at ('Bündnis 90/Die Grünen';
        'Grüne' and 'Linke' only as nouns, not in 'die Grüne Woche')."""
        doc = self.doc
        found: dict[int, tuple[Entity, Mention]] = {}
        claimed: list[tuple[int, int]] = []
        text = self.seg.text  # (Doc.text joins every token anew on each call)
        for party in sorted(self.lex.parties, key=len, reverse=True):  # "Bündnis 90/Die Grünen" before "Grünen"
            if party not in text:
                continue
            for match in re.finditer(rf"(?<![\w/-]){re.escape(party)}(?![\w/-])", text):
                span = doc.char_span(match.start(), match.end())
                if span is None or any(a < match.end() and match.start() < b for a, b in claimed):
                    continue
                named = self.by_token.get(span.start)
                if named is not None:
                    if named[0].kind == "org" and named[0].name in self.lex.parties:
                        found[span.start] = named  # found as an organisation already ("die SPD")
                    continue  # or part of a longer name ("SPD-Fraktion im Landtag")
                before = doc[span.start - 1].text.lower() if span.start > 0 else ""
                following = doc[span.end].text if span.end < len(doc) else "."
                if (
                    not party.isupper()
                    and " " not in party
                    and (before not in _BEFORE_A_PARTY or (following[:1].isupper() and following.isalpha()))
                ):
                    continue
                claimed.append((match.start(), match.end()))
                entity = self._ensure_org(self.lex.party_names.get(party, party), "other", span.start, span.end)
                found[span.start] = (entity, Mention("org", span.start, span.end, match.start(), match.end(), party))
        return found

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
            while k < sentence_end and doc[k].text.lower() in ARTICLES:
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
                if (
                    org is None
                    and index > 0
                    and index not in self.by_token
                    and (found := self.by_token.get(index - 1))
                    and found[0].kind == "org"
                ):
                    org = found[0]  # "der ISDERA Geschäftsführer Kai Beispiel": the organisation before the role
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
            doc[k].text.lower() in ARTICLES
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
        while j >= 0 and doc[j].text.lower() in ARTICLES:
            j -= 1
        return found[0] if j >= 0 and doc[j].text.lower() in {"für", "seitens"} else None

    def _org_of_coordinated_signer(self, role_index: int) -> Entity | None:
        """'für die Kammer Präsident A und der Hauptgeschäftsführer B': B acts for the organisation A acts for."""
        doc = self.doc
        k = role_index - 1
        while k >= 0 and doc[k].text.lower() in ARTICLES:
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
        # "HWK-Hauptgeschäftsführerin" in a text about the "Handwerkskammer Rheinhessen": the one expansion
        expansions = [loose(e) for e in self.lex.acronym_expansions.get(prefix, ())]
        expanded = [
            e for e in self.entities if e.kind == "org" and any(loose(e.name).startswith(x) for x in expansions)
        ]
        if len(expanded) == 1:
            expanded[0].add_alias(prefix)
            return expanded[0]
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
        matches = [
            e
            for e in self.entities
            if e.kind == "org" and any(c in e.name.lower() for c in cues) and not self.lex.names_an_organ(e.name)
        ]  # not "Vollversammlung der Handwerkskammer X" beside the chamber
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
                    or re.search(rf"ministerium fur {re.escape(modifier)}\b", loose(e.name))
                )
            ]
            return matches[0] if len(matches) == 1 else None
        head_kind = self.lex.org_head_kind(prefix) or self.lex.org_head_kind(prefix + "e")
        if head_kind is None:
            return None
        lowered = prefix.lower()
        stems = {lowered, (self.lex.org_head_base(prefix) or prefix).lower()}  # "Verbands" -> "verband"
        matches = [
            e for e in orgs if any(w.lower().startswith(tuple(stems)) for w in re.split(r"[\s.\-]+", e.name))
        ] or [e for e in orgs if e.subkind == head_kind]
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
            if token.text == "," and not enumeration_continues(doc, end + 1):
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
            if role_tokens_end > start + 1 and generic_head(doc[role_tokens_end - 1].text, self.lex):
                role_tokens_end -= 1
            while role_tokens_end > start + 1 and (
                doc[role_tokens_end - 1].text in self.lex.cue("role_prepositions")
                or doc[role_tokens_end - 1].text.lower() in ARTICLES
            ):
                role_tokens_end -= 1
        elif ministry_role:
            # the name ends before an adverbial: "… des Landes Niedersachsen am Mittwoch persönlich in Göttingen"
            for k in range(start + 2, end):
                text = doc[k].text
                if (
                    text[:1].islower()
                    and text not in {"für", "und", "sowie", "des", "der", "die", "das"}
                    and not (
                        re.fullmatch(r"[a-zäöü]+(?:e|en|er|es)", text) and k + 1 < end and doc[k + 1].text[:1].isupper()
                    )
                ):
                    end = k
                    break
            orgs = [(e, m) for e, m in orgs if m.start < end]
            for inner, inner_mention in orgs:  # "… des Landes X" is part of the ministry's name here
                inner.mentions.remove(inner_mention)
                for index in range(inner_mention.start, inner_mention.end):
                    self.by_token.pop(index, None)
            # "Ministerin für Wirtschaft … des Landes X" names the ministry "Ministerium für … des Landes X"
            role_word = doc[start].text
            ministry = role_word[: role_word.lower().rindex("minister")] + "Ministerium"
            ministry = ministry[:1].upper() + ministry[1:].lower() + " " + doc[start + 1 : end].text
            org = self._ensure_org(re.sub(r"\s+", " ", ministry), "ministry", start, end)
            role_tokens_end = before_genitive(doc, start, end)
        else:
            org = self._org_for_compound(doc[start].text)
            unnamed = None if org is not None else self._name_after_role(start, end)
            if unnamed is not None:
                # "Sprecher des Bodensee AIRea": a role's genitive names an organisation the lexicon cannot tell
                name_start, name_end = unnamed
                name = re.sub(r"\s+", " ", doc[name_start:name_end].text)
                org = self._ensure_org(name, self.x.finder.kind_of_name(name, default="other"), name_start, name_end)
                for index in range(name_start, name_end):
                    self.by_token[index] = (org, org.mentions[-1])  # a place inside is part of the name now
                role_tokens_end = name_start - 1
        words = doc[start:role_tokens_end].text.split()
        if words:
            words[0] = self.lex.role_base(words[0]) or words[0]
        role_text = re.sub(r"\s+", " ", " ".join(words)).strip(" ,")
        if not role_text:
            return False
        self._add_role(person, role_text, org, self.span(evidence_start, doc[end - 1].idx + len(doc[end - 1].text)))
        return True

    def _name_after_role(self, start: int, end: int) -> tuple[int, int] | None:
        """Tokens of a proper name right after 'des'/'der'/'beim'/'bei'/'von' that ends the role phrase [start,
        end): up to five capitalised words (a lower-case brand may open them: 'airplus Maintenance'), one of them
        shaped like a name (an acronym, a CamelCase or dotted brand) or the first a proper name by the lexicon
        ('Fresenius'), not a common noun phrase ('Leiter der Abteilung')."""
        doc = self.doc
        proper_names = self.x.finder.proper_names
        for k in range(start + 1, end - 1):
            if self.texts[k] not in {"des", "der", "beim", "bei", "von", "vom"}:
                continue
            words = doc[k + 1 : end]
            if not 1 <= len(words) <= 5 or any(
                t.i in self.by_token and self.by_token[t.i][0].kind != "place" for t in words
            ):
                return None
            first = words[0].text
            lower_brand = first.isalpha() and first.islower() and len(words) > 1 and proper_names.is_name(first)
            if not all(
                t.text[:1].isupper() or t.text in {"&", "und", "für"} or (t.i == k + 1 and lower_brand) for t in words
            ):
                return None
            shaped = [
                t
                for t in words
                if (t.text.isupper() and len(t.text) >= 2 and t.text not in self.lex.not_acronyms)
                or (sum(c.isupper() for c in t.text) >= 2 and not t.text.isupper())  # "NordTec", "AIRea"
                or "." in t.text[1:-1]
            ]
            named = lower_brand or (
                first not in self.lex.places
                and first not in self.lex.first_names
                and not self.lex.is_role_word(first)
                and self.lex.org_head_kind(first) is None  # "des Ernährungsnetzwerkes": a generic reference
                and proper_names.is_name(first)
            )
            return (k + 1, end) if (shaped or named) and words[-1].text[:1].isupper() else None
        return None

    def named_in_full(self, word: str) -> Entity | None:
        """'IHK', 'HWK', 'Freistaat' (organizations.yaml: standalone_names, with their acronym_expansions): the one
        organisation of the text whose name starts with it ('IHK zu Schwerin', 'Handwerkskammer Schwerin');
        None when there is none or more than one, and for the ``unique_bodies`` ('Bund')."""
        if word not in self.lex.standalone_names or word in self.lex.unique_bodies:
            return None
        starts = tuple(f"{w} " for w in (word, *self.lex.acronym_expansions.get(word, ())))
        named = [
            e for e in self.entities if e.kind == "org" and any(n.startswith(starts) for n in [e.name, *e.aliases])
        ]
        return named[0] if len(named) == 1 else None

    def _ensure_org(self, name: str, kind: str, start: int, end: int) -> Entity:
        for entity in self.entities:
            if entity.kind == "org" and name_key(entity.name) == name_key(name):
                return entity
        doc = self.doc
        mention = Mention("org", start, end, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), name)
        named = self.named_in_full(name)
        if named is not None:  # "Hans Thon (IHK)" in a text about the "IHK zu Schwerin"
            named.add_alias(name)
            named.mentions.append(mention)
            return named
        entity = Entity("org", name, kind)
        entity.mentions.append(mention)
        self.entities.append(entity)
        return entity
