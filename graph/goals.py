"""Goal rules: what organisations and documents aim at ('addresses_goal').

Topics from the concept scheme, goal nouns with lists, zu-infinitives, modal verbs, purpose clauses and
commitments. Mixed into :class:`graph.extract._Run`.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as TokenSpan

from graph.entities import Entity
from graph.mentions import QUOTE_CHARS
from graph.phrases import (
    ARTICLES,
    ZU_INFIX,
    end_with_alias,
    infinitive_phrases,
    inside_dashes_after,
    list_items,
    quoted_items,
    without_article,
)
from graph.report import (
    TopicRecord,
)


class GoalRules:
    """The goal rules of one extraction run."""

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
            if words & challenge and inside_dashes_after(doc, start, sentence, challenge):
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
                quoted = quoted_items(doc, noun.i + 1, sentence.end)
                verb = next((t for t in tokens if noun.i < t.i <= noun.i + 6 and t.text in list_verbs), None)
                if verb is None and colon is None:
                    # "Die Schwerpunkte des Netzwerks sind A, B und C": a copula right after the noun or its holder
                    after = noun.i + 1
                    if self._genitive_holder(noun.i) is not None:
                        named = self.by_token.get(noun.i + 2)  # the holder's name, or a noun that refers to it
                        after = named[1].end if named else noun.i + 3
                    if (
                        after + 1 < sentence.end
                        and self.texts[after] in {"sind", "ist", "waren", "war"}
                        and self.texts[after + 1] not in {"es", ",", "dabei", "auch"}  # "Ziel ist es, … zu …"
                    ):
                        verb = doc[after]
                if colon is not None:
                    phrases = list_items(doc, colon.i + 1, sentence.end)
                elif quoted:
                    phrases = quoted  # "in den Bereichen „A“ und „B“", "Schwerpunktthemen „A“, „B“ sowie „C“"
                elif verb is not None:
                    start = verb.i + 1  # "Zu den Kooperationsfeldern gehören u.a. der A, die B oder die C."
                    while start < sentence.end and doc[start].text in self.lex.cue("list_openers"):
                        start += 1
                    phrases = list_items(doc, start, sentence.end)
                    if verb.text in {"steht", "stehen"}:  # "Im Fokus steht die Rolle der X in Y, als …"
                        stop = next((t.i for t in tokens if t.i > start and t.text in {",", ";"}), sentence.end)
                        phrases = [without_article(doc, start, stop)] if stop > start else []
                elif comma is not None and any(t.text == "zu" or "zu" in t.text[2:-2] for t in tokens if t.i > comma.i):
                    phrases = infinitive_phrases(doc, comma.i + 1, sentence.end)
                if not phrases:
                    phrases = self._goals_before_copula(sentence, noun.i)
                if not phrases:
                    phrases = self._area_list(sentence, noun.i)
                holder = self._genitive_holder(noun.i) or self._agreement_about(number, noun.i)
                if holder is None:
                    own = [a for a in self._agents(sentence) if a[0].kind == "org"]
                    holder = own[0][0] if own else None  # "… richtet der Verein X den Fokus auf …"
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
                        phrases = infinitive_phrases(doc, subject[1].end, sentence.end, modal=True)
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
                        phrases = infinitive_phrases(doc, start, sentence.end, modal=True)
            if not phrases:
                purpose = self._purpose_clause(sentence) or self._commitment(sentence) or self._activity(sentence)
                if purpose is not None:
                    holder, phrases = purpose
            if holder is None:
                continue
            if phrases:
                previous_holder = (holder, self.seg.block_of(sentence.start_char))
            for start, end in phrases:
                text = re.sub(r"\s+", " ", doc[start:end].text).strip(" ,.;:–-")
                text = re.sub(r"\bzu (\w+)$", r"\1", text)  # "X zu stärken" -> "X stärken"
                last = text.rsplit(" ", 1)[-1]
                if " " in text and ZU_INFIX.match(last):  # "Kontakte auszubauen" -> "Kontakte ausbauen"
                    text = text[: -len(last)] + re.sub(r"^([a-zäöü]{2,}?)zu", r"\1", last)
                if not any(w[:1].isupper() for w in text.split()):
                    continue  # "Die Ziele sind sehr hochgesteckt": no noun, no goal
                if len(text.split()) >= 1 and len(text) > 3:
                    self.relate(
                        holder,
                        "addresses_goal",
                        text,
                        self.span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)),
                    )

    def _agreement_about(self, number: int, noun: int) -> Entity | None:
        """'Ziel der Übereinkunft ist es, …', 'Mit einer Kooperationsvereinbarung … mit Fokus auf …', 'Ziel ist
        es, …' right after a sentence on the agreement: goals of the agreement the sentence (or the one before
        it, in the same paragraph) names."""
        words = self.lex.cue("agreement_words")
        agreements = [
            e for e in self.entities if e.kind == "document" and not e.is_source and e.name.split()[-1] in words
        ]
        if not agreements:
            return None
        if noun + 1 < len(self.doc) and self.texts[noun + 1] in {"der", "des"}:
            genitive = self.texts[noun + 2] if noun + 2 < len(self.doc) else ""
            if genitive in words | self.lex.cue("agreement_references"):
                return agreements[0]  # "Ziel der Übereinkunft", "Ziel der Kooperation"
        sentence = self.seg.sentences[number]
        block = self.seg.block_of(sentence.start_char)
        nearby = [sentence]
        if number > 0 and self.seg.block_of(self.seg.sentences[number - 1].start_char) == block:
            nearby.append(self.seg.sentences[number - 1])
        for span in nearby:
            for entity, _ in self.mentions_in(span.start, span.end, {"document"}):
                if entity in agreements:
                    return entity
            if any(self.texts[k] in words for k in range(span.start, span.end)):
                return agreements[0]  # "bei der Unterzeichnung des neuen Kooperationsvertrags"
        return None

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
            if (texts[k - 1] == "zu" and texts[k][:1].islower()) or ZU_INFIX.match(texts[k]):
                verb = k
        if verb is None:
            return None
        agents = self._agents(sentence)
        if not agents or agents[0][0].kind != "org":
            return None  # a person's purpose, or none named: not an organisation's goal
        return agents[0][0], [without_article(self.doc, um + 1, verb + 1)]

    def _activity(self, sentence: TokenSpan) -> tuple[Entity, list[tuple[int, int]]] | None:
        """'Das Cluster X unterstützt mittelständische Unternehmen … und vernetzt die Firmen untereinander', 'Der
        Ernährungsrat vernetzt Akteure aus …': what a network, association or agency does, in the present, is
        what it aims at (relations.yaml: activity_verbs); a ministry or government that 'fördert' funds."""
        texts = self.texts
        verbs = self.lex.cue("activity_verbs")
        opening = sentence.start
        while opening < sentence.end and (
            texts[opening].lower() in ARTICLES
            or (opening not in self.by_token and texts[opening] in self.lex.generic_before_brand)  # "Das Cluster X"
        ):
            opening += 1
        found = self.by_token.get(opening)
        if found is None or found[0].kind != "org" or found[0].subkind in {"ministry", "government"}:
            return None
        subject, mention = found
        verb = end_with_alias(self.doc, mention.end)
        while verb < sentence.end and (more := self.by_token.get(verb)) is not None and more[0] is subject:
            verb = end_with_alias(self.doc, more[1].end)  # "Das Cluster ProduktionNRW": generic word, then name
        if verb >= sentence.end or texts[verb] not in verbs:
            return None
        phrases: list[tuple[int, int]] = []
        start = verb
        k = verb + 1
        while k <= sentence.end:
            stop = k == sentence.end or texts[k] in {",", ".", ";", ":", "!", "?"} or texts[k] in QUOTE_CHARS
            next_verb = texts[k] in {"und", "sowie"} and k + 1 < sentence.end and texts[k + 1] in verbs
            if stop or next_verb:
                object_start = start + 1
                names_an_org = any(
                    (o := self.by_token.get(i)) is not None and o[0].kind == "org"
                    for i in (object_start, object_start + 1)
                )
                if k > object_start and not names_an_org:
                    phrases.append((start, k))  # not "fördert den Verein X": that is funding
                if not next_verb:
                    break
                start = k + 1
                k += 2
                continue
            k += 1
        return (subject, phrases) if phrases else None

    def _commitment(self, sentence: TokenSpan) -> tuple[Entity, list[tuple[int, int]]] | None:
        """'Der Verband setzt sich für bessere Bedingungen ein', 'X engagiert sich für Y', 'macht sich für Y
        stark', 'konzentriert sich auf Y': what an organisation stands up for (relations.yaml: commitment_verbs)."""
        texts = self.texts
        verbs = self.lex.cue("commitment_verbs")
        k = next((i for i in range(sentence.start, sentence.end - 2) if texts[i] in verbs), None)
        if k is None or texts[k + 1] != "sich":
            return None
        # "setzt sich für X ein", "konzentriert sich auf die Gesundheitswirtschaft"
        fuer = next((i for i in range(k + 2, min(sentence.end, k + 6)) if texts[i] in {"für", "auf"}), None)
        if fuer is None:
            return None
        end = fuer + 1
        while end < sentence.end and texts[end] not in {",", ".", ";", ":", "ein", "stark", "und"} | set(QUOTE_CHARS):
            end += 1
        agents = [a for a in self._agents(sentence) if a[1].start < k]
        if not agents or agents[0][0].kind != "org" or end <= fuer + 1:
            return None
        return agents[0][0], [without_article(self.doc, fuer + 1, end)]

    def _area_list(self, sentence: TokenSpan, noun: int) -> list[tuple[int, int]]:
        """'Schwerpunkte in den Bereichen A, B sowie C setzen', 'Themen aus den Bereichen A, B und C', 'den Fokus
        auf X richten': the list after the area word (or after 'auf' for a focus), up to the clause's end and
        without a final verb."""
        texts = self.texts
        start = None
        for k in range(noun, min(sentence.end, noun + 8)):
            if texts[k] in {"Bereichen", "Feldern", "Themenfeldern", "Handlungsfeldern"} and k + 1 < sentence.end:
                start = k + 1
                break
            if texts[noun] == "Fokus" and texts[k] == "auf" and k + 1 < sentence.end:
                start = k + 1
                break
        if start is None:
            return []
        end = start
        while end < sentence.end and texts[end] not in {".", ";", ":", "!", "?"} and texts[end] not in QUOTE_CHARS:
            if texts[end] == "," and end + 1 < sentence.end and texts[end + 1][:1].islower():
                break  # ", die …", ", um …": a new clause
            end += 1
        while end > start and texts[end - 1][:1].islower() and texts[end - 1] not in {"und", "sowie"}:
            end -= 1  # "… sowie Wissenstransfer und Kommunikation setzen"
        if texts[noun] == "Fokus" and "," not in texts[start:end]:
            return [without_article(self.doc, start, end)] if end > start else []  # "den Fokus auf X und Y richten"
        return list_items(self.doc, start, end)

    def _goals_before_copula(self, sentence: TokenSpan, noun: int) -> list[tuple[int, int]]:
        """'Kooperation auf dem Gebiet der A, des B und der C ist Ziel eines Vertrages': the list before
        'ist'/'sind' names the goals of the holder in the genitive after the goal noun."""
        k = noun - 1
        while k > sentence.start and self.texts[k].lower() in ARTICLES:
            k -= 1
        if k <= sentence.start or self.texts[k] not in {"ist", "sind"} or self._genitive_holder(noun) is None:
            return []
        return list_items(self.doc, sentence.start, k)

    def _genitive_holder(self, index: int) -> Entity | None:
        """'Ziel des Abkommens', 'Anliegen der Allianz', 'Ziel eines Vertrages'; 'Ziel des Vereins': the last
        organisation before it that the generic noun names ('… Cluster Ostdeutschland e. V.')."""
        doc = self.doc
        if index + 2 < len(doc) and doc[index + 1].text in {"des", "der", "eines", "einer"}:
            found = self.by_token.get(index + 2)
            if found and found[0].kind in {"org", "document"}:
                return found[0]
            if found is None and doc[index + 1].text in {"des", "der"}:
                return self._named_by_generic_noun(index + 2)
        return None

    def _named_by_generic_noun(self, index: int) -> Entity | None:
        """The organisation that 'des Vereins', 'der Kammer' at ``index`` refers back to: the last one before it
        of that kind, or whose name has that noun."""
        word = self.doc[index].text
        base, kind = self.lex.org_head_base(word), self.lex.org_head_kind(word)
        if base is None or kind is None:
            return None
        for k in range(index - 1, -1, -1):
            found = self.by_token.get(k)
            if (
                found
                and found[0].kind == "org"
                and (
                    found[0].subkind == kind
                    or base.lower() in found[0].name.lower()
                    # "des Vereins" for "… Cluster Ostdeutschland e. V.": the legal form says what it is
                    or any(found[0].name.endswith(" " + form) for form in self.lex.legal_forms_of(kind))
                )
            ):
                return found[0]
        return None

    def _sentence_holder(self, sentence: TokenSpan, number: int) -> Entity | None:
        """The organisation (or document) the sentence, or else the sentence before it, is about."""
        opening = [t for t in sentence if not (t.is_space or t.is_punct or t.text.lower() in ARTICLES)][:1]
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
