"""Compare extraction reports with hand-made gold files: precision, recall and F1 per category.

Names match loosely: case, diacritics, punctuation, academic and job titles, articles and German
inflection endings are ignored, and an organisation matches through its aliases. Goal phrases
(the objects of ``addresses_goal``) match when most content words of the shorter phrase occur in
the other. Quotes match on their first words; a matched quote counts for ``quote_speakers`` when
its speaker matches too.

>>> loose("des Verbands Deutscher Maschinen- und Anlagenbau") == loose("Verband Deutscher Maschinen- und Anlagenbau")
True
>>> loose("Dr. Daniela Beispiel") == loose("Daniela Beispiel")
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.names import loose, loose_words
from ontology.vocabulary import vocabulary

CATEGORIES = ("persons", "organizations", "documents", "quotes", "quote_speakers", "relations")
#: Scores of one relation type are kept under this prefix and the type's name ("relations:role_at").
RELATION_PREFIX = "relations:"


def phrase_match(a: str, b: str) -> bool:
    """Goal phrases: equal, or most content words of the shorter one occur in the longer one."""
    left, right = set(loose_words(a)), set(loose_words(b))
    if not left or not right:
        return False
    if left == right:
        return True
    shorter, longer = (left, right) if len(left) <= len(right) else (right, left)
    hits = sum(
        1 for w in shorter if any(w == v or (len(w) > 5 and (v.startswith(w) or w.startswith(v))) for v in longer)
    )
    return hits / len(shorter) >= 0.6


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _match(
    predicted: list[Any], gold: list[Any], same: Callable[[Any, Any], bool], show: Callable[[Any], str]
) -> Score:
    """Greedy one-to-one matching."""
    score = Score()
    unmatched = list(gold)
    for item in predicted:
        partner = next((g for g in unmatched if same(item, g)), None)
        if partner is None:
            score.fp += 1
            score.false_positives.append(show(item))
        else:
            unmatched.remove(partner)
            score.tp += 1
    score.fn = len(unmatched)
    score.false_negatives = [show(g) for g in unmatched]
    return score


class _Names:
    """Canonical names of one report: every alias of an organisation points at its name."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.table: dict[str, str] = {}
        for org in report.get("organizations", []):
            for alias in [org["name"], *org.get("aliases", [])]:
                self.table.setdefault(loose(alias), loose(org["name"]))
        for person in report.get("persons", []):
            key = loose(person["name"])
            self.table.setdefault(key, key)
            for alias in person.get("aliases", []):
                self.table.setdefault(loose(alias), key)

    def __call__(self, name: str | None) -> str:
        key = loose(name)
        return self.table.get(key, key)


def compare(predicted: dict[str, Any], gold: dict[str, Any]) -> dict[str, Score]:
    """Scores per category for one document."""
    pn, gn = _Names(predicted), _Names(gold)

    def same_name(a: str | None, b: str | None) -> bool:
        # a predicted name that the gold file lists as an alias means the gold entity ("Ernährungswirtschaft"
        # for "Landescluster Ernährungswirtschaft")
        return bool(a and b) and (pn(a) == gn(b) or gn(a) == gn(b) or loose(a) == loose(b))

    def same_org(a: dict, b: dict) -> bool:
        names_a = {loose(n) for n in [a["name"], *a.get("aliases", [])]}
        names_b = {loose(n) for n in [b["name"], *b.get("aliases", [])]}
        return bool(names_a & names_b)

    def same_quote(a: dict, b: dict) -> bool:
        first_a, first_b = loose_words(a.get("start") or "")[:5], loose_words(b.get("start") or "")[:5]
        n = min(len(first_a), len(first_b), 5)
        return n >= 3 and first_a[:n] == first_b[:n]

    def same_relation(a: dict, b: dict) -> bool:
        if a["p"] != b["p"]:
            return False
        if (
            a["p"] in vocabulary().symmetric_relations
            and same_name(a["s"], str(b["o"]))
            and same_name(str(a["o"]), b["s"])
        ):
            return True  # "A cooperates_with B" is "B cooperates_with A" (owl:SymmetricProperty)
        if not same_name(a["s"], b["s"]):
            return False
        if a["p"] == "addresses_goal":
            return phrase_match(a["o"], b["o"])
        return same_name(str(a["o"]), str(b["o"]))

    scores = {
        "persons": _match(
            predicted["persons"], gold["persons"], lambda a, b: same_name(a["name"], b["name"]), lambda x: x["name"]
        ),
        "organizations": _match(predicted["organizations"], gold["organizations"], same_org, lambda x: x["name"]),
        "documents": _match(
            predicted["documents"],
            gold["documents"],
            lambda a, b: loose(a["title"]) == loose(b["title"]),
            lambda x: x["title"],
        ),
        "quotes": _match(
            predicted["quotes"], gold["quotes"], same_quote, lambda x: f"{x.get('speaker')}: {x.get('start')}"
        ),
        "quote_speakers": _match(
            predicted["quotes"],
            gold["quotes"],
            lambda a, b: same_quote(a, b) and same_name(a.get("speaker"), b.get("speaker")),
            lambda x: f"{x.get('speaker')}: {x.get('start')}",
        ),
        "relations": _match(
            _unique_relations(predicted["relations"]),
            _unique_relations(gold["relations"]),
            same_relation,
            lambda x: f"{x['s']} {x['p']} {x['o']}",
        ),
    }
    # the same matching per relation type (relations of two types never match, so these add up to "relations")
    for kind in sorted({r["p"] for r in [*predicted["relations"], *gold["relations"]]}):
        scores[RELATION_PREFIX + kind] = _match(
            _unique_relations(r for r in predicted["relations"] if r["p"] == kind),
            _unique_relations(r for r in gold["relations"] if r["p"] == kind),
            same_relation,
            lambda x: f"{x['s']} {x['p']} {x['o']}",
        )
    return scores


def _unique_relations(relations: Iterable[dict]) -> list[dict]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for relation in relations:
        key = (relation["s"], relation["p"], str(relation["o"]))
        if key not in seen:
            seen.add(key)
            out.append(relation)
    return out


@dataclass
class Evaluation:
    documents: dict[str, dict[str, Score]]

    def total(self, names: Iterable[str] | None = None) -> dict[str, Score]:
        """Scores summed over the documents: the categories, then one ``relations:TYPE`` per relation type."""
        chosen = set(names) if names is not None else set(self.documents)
        total = {category: Score() for category in CATEGORIES}
        for name, scores in self.documents.items():
            if name in chosen:
                for category, score in scores.items():
                    total.setdefault(category, Score()).add(score)
        return total

    def by_relation_type(self, names: Iterable[str] | None = None) -> dict[str, Score]:
        """Relation scores per type, most frequent in the gold files first."""
        total = self.total(names)
        kinds = {k.removeprefix(RELATION_PREFIX): v for k, v in total.items() if k.startswith(RELATION_PREFIX)}
        return dict(sorted(kinds.items(), key=lambda item: (-(item[1].tp + item[1].fn), item[0])))

    def entity_f1(self, names: Iterable[str] | None = None) -> float:
        """Micro-averaged F1 over persons, organisations and documents together."""
        total = self.total(names)
        entity = Score()
        for category in ("persons", "organizations", "documents"):
            entity.add(total[category])
        return entity.f1


def gold_pairs(gold_dir: Path, text_dir: Path) -> list[tuple[str, Path, Path]]:
    """(name, gold file, text file) for every ``NAME.gold.json`` with a text ``NAME.*`` beside."""
    if not gold_dir.is_dir():
        raise InputError(gold_dir, "no such folder of gold files")
    if not text_dir.is_dir():
        raise InputError(text_dir, "no such folder of texts")
    pairs = []
    for gold in sorted(gold_dir.glob("*.gold.json")):
        name = gold.name[: -len(".gold.json")]
        texts = [
            p
            for p in sorted(text_dir.glob(name + ".*"))
            if not p.name.endswith((".gold.json", ".meta.json", ".meta.yaml"))
        ]
        if not texts:
            raise InputError(gold, f"no text {name}.* in {text_dir}")
        pairs.append((name, gold, texts[0]))
    if not pairs:
        raise InputError(gold_dir, "holds no *.gold.json files")
    return pairs


def read_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a readable gold file ({exc})") from None
    missing = {"persons", "organizations", "documents", "quotes", "relations"} - set(data)
    if missing:
        raise InputError(path, f"gold file lacks {', '.join(sorted(missing))}")
    return data


# Relations between named things: both ends must be persons, organisations or documents of the gold file.
# ``funds`` and ``member_of`` may end in a programme or project that is no entity ("funds Cluster-Offensive").
_NAMED_OBJECTS = frozenset({"role_at", "part_of", "cooperates_with", "authored", "handed_over_to", "quoted_in"})


def check_gold(gold: dict[str, Any], text: str) -> list[str]:
    """What makes a gold file inconsistent with itself or its text, one line each (empty when none): a
    quotation whose first words are not in the text, a speaker or relation end that names nobody the file
    declares, a role at an organisation without its ``role_at`` relation.

    >>> check_gold({"persons": [{"name": "Kai Roth", "roles": [{"role": "Leiter", "org": "X GmbH"}]}],
    ...             "organizations": [], "documents": [], "quotes": [], "relations": []}, "Kai Roth")
    ['Kai Roth: role at X GmbH without a role_at relation']
    """
    declared = {loose(p["name"]) for p in gold["persons"]}
    declared |= {loose(name) for o in gold["organizations"] for name in [o["name"], *o.get("aliases", [])]}
    declared |= {loose(d["title"]) for d in gold["documents"]}
    flat = " ".join(text.split())
    problems = []
    for quote in gold["quotes"]:
        if " ".join(quote["start"].split())[:20] not in flat:
            problems.append(f"quote not in the text: {quote['start'][:40]!r}")
        if quote.get("speaker") and loose(quote["speaker"]) not in declared:
            problems.append(f"quote speaker not declared: {quote['speaker']}")
    for relation in gold["relations"]:
        if loose(relation["s"]) not in declared:
            problems.append(f"relation subject not declared: {relation['s']} {relation['p']} …")
        if relation["p"] in _NAMED_OBJECTS and loose(relation["o"]) not in declared:
            problems.append(f"relation object not declared: … {relation['p']} {relation['o']}")
    triples = {(loose(r["s"]), r["p"], loose(r["o"])) for r in gold["relations"]}
    for person in gold["persons"]:
        for role in person.get("roles", []):
            if role.get("org") and (loose(person["name"]), "role_at", loose(role["org"])) not in triples:
                problems.append(f"{person['name']}: role at {role['org']} without a role_at relation")
    return problems


def evaluate(pairs: list[tuple[str, Path, Path]], report_of: Callable[[Path], dict[str, Any]]) -> Evaluation:
    """Score ``report_of(text)`` against each gold file."""
    return Evaluation({name: compare(report_of(text), read_gold(gold)) for name, gold, text in pairs})


def agreement(pairs: list[tuple[str, Path, Path]], second_dir: Path) -> Evaluation:
    """Score a second annotator's gold files against the first ones, name by name: how far two annotators
    agree on the same texts, a ceiling for any extractor measured on one annotator's gold.
    Texts the second annotator did not annotate are left out; F1 does not depend on which side is "gold"."""
    if not second_dir.is_dir():
        raise InputError(second_dir, "no such folder of gold files")
    shared = [(name, gold, second_dir / gold.name) for name, gold, _ in pairs if (second_dir / gold.name).is_file()]
    if not shared:
        raise InputError(second_dir, "holds no gold file with a name of the first folder")
    return Evaluation({name: compare(read_gold(second), read_gold(first)) for name, first, second in shared})
