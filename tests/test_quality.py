"""Extraction quality measured against hand-made gold files (``stakegraph evaluate``).

The example's targets are the issue's (entity F1 ≥ 0.95, relation F1 ≥ 0.85). For the development
set the thresholds are regression floors just below today's figures, separately for the texts used
while writing rules (``dev``) and those kept out of rule development (``heldout``); today's figures
are in the issue notes and README.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.evaluate import Evaluation, evaluate, gold_pairs
from ontology.vocabulary import vocabulary

from .conftest import EXAMPLE_DIR, FIXTURES

DEVSET = FIXTURES / "devset"
EXAMPLE_GOLD = FIXTURES / "example"  # the hand-made gold file of shared/seeds, copied as a fixture


@pytest.fixture(scope="module")
def report_of(extractor):
    from graph.ingest import read_source

    def run(path: Path) -> dict:
        return extractor.extract(read_source(path, max_bytes=10**7, max_chars=10**7)).to_report()

    return run


def split_pairs(tmp_path: Path, part: str) -> list:
    names = json.loads((DEVSET / "split.json").read_text(encoding="utf-8"))[part]
    gold, texts = tmp_path / "gold", tmp_path / "texts"
    gold.mkdir()
    texts.mkdir()
    for name in names:
        shutil.copy(DEVSET / "gold" / f"{name}.gold.json", gold)
        shutil.copy(DEVSET / "texts" / f"{name}.txt", texts)
    return gold_pairs(gold, texts)


def test_example_meets_the_targets(report_of) -> None:
    result: Evaluation = evaluate(gold_pairs(EXAMPLE_GOLD, EXAMPLE_DIR), report_of)
    total = result.total()
    assert result.entity_f1() >= 0.95
    assert total["relations"].f1 >= 0.85
    assert total["quote_speakers"].f1 >= 0.95


@pytest.mark.parametrize(
    ("part", "entity", "quote_speakers", "relations"),
    [("dev", 0.86, 0.92, 0.49), ("heldout", 0.81, 0.82, 0.33)],
)
def test_development_set_does_not_regress(
    tmp_path: Path, report_of, part: str, entity: float, quote_speakers: float, relations: float
) -> None:
    result = evaluate(split_pairs(tmp_path, part), report_of)
    total = result.total()
    assert len(result.documents) >= 8
    assert result.entity_f1() >= entity
    assert total["quote_speakers"].f1 >= quote_speakers
    assert total["relations"].f1 >= relations


def test_evaluate_command(cli, tmp_path: Path) -> None:
    pairs = split_pairs(tmp_path, "dev")
    out = cli("evaluate", pairs[0][1].parent, pairs[0][2].parent, "--json")
    assert out.code == 0
    figures = json.loads(out.out)
    assert set(figures["total"]) == {"persons", "organizations", "documents", "quotes", "quote_speakers", "relations"}
    assert 0 < figures["entity_f1"] <= 1
    assert cli("evaluate", tmp_path / "none", tmp_path).code == 1


def test_every_gold_file_agrees_with_itself_and_its_text(cli, tmp_path: Path) -> None:
    """The annotators' gold files are checked like any input: a helper's slip shows up here, not as a
    silently lower score."""
    checked = cli("evaluate", DEVSET / "gold", DEVSET / "texts", "--check")
    assert checked.code == 0, checked.out
    assert "0 problems in" in checked.out
    gold = json.loads((DEVSET / "gold" / "hwk-rheinhessen-friese-wiederwahl.gold.json").read_text(encoding="utf-8"))
    gold["quotes"].append({"speaker": "Nobody Known", "start": "Words the text never had"})
    gold["relations"].append({"s": "Hans-Jörg Friese", "p": "role_at", "o": "Handwerkskammer Nirgendwo"})
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "gold" / "x.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    shutil.copy(DEVSET / "texts" / "hwk-rheinhessen-friese-wiederwahl.txt", tmp_path / "texts" / "x.txt")
    broken = cli("evaluate", tmp_path / "gold", tmp_path / "texts", "--check")
    assert broken.code == 1
    assert "quote not in the text: 'Words the text never had'" in broken.out
    assert "quote speaker not declared: Nobody Known" in broken.out
    assert "relation object not declared: … role_at Handwerkskammer Nirgendwo" in broken.out
    assert "3 problems in 1 gold files" in broken.out


def test_symmetric_relations_match_in_either_direction() -> None:
    """cooperates_with is an owl:SymmetricProperty in the ontology: B–A is the same fact as A–B."""
    from graph.evaluate import compare

    empty = {"persons": [], "organizations": [], "documents": [], "quotes": []}
    gold = {**empty, "relations": [{"s": "Hochschule X", "p": "cooperates_with", "o": "IHK Y"}]}
    swapped = {**empty, "relations": [{"s": "IHK Y", "p": "cooperates_with", "o": "Hochschule X"}]}
    assert compare(swapped, gold)["relations"].tp == 1
    member = {**empty, "relations": [{"s": "IHK Y", "p": "member_of", "o": "Hochschule X"}]}
    gold_member = {**empty, "relations": [{"s": "Hochschule X", "p": "member_of", "o": "IHK Y"}]}
    assert compare(member, gold_member)["relations"].tp == 0


def test_agreement_of_two_annotators(cli, tmp_path: Path) -> None:
    """``--against`` scores a second annotator's files, for the texts they annotated, against the first."""
    pairs = split_pairs(tmp_path, "dev")
    second = tmp_path / "second"
    second.mkdir()
    name, gold_file, _ = pairs[0]
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    kept = gold["relations"][1:]  # the second annotator missed one relation and added another
    extra = {"s": gold["persons"][0]["name"], "p": "role_at", "o": "Nirgendwo GmbH"}
    (second / gold_file.name).write_text(json.dumps({**gold, "relations": [*kept, extra]}), encoding="utf-8")
    out = cli("evaluate", gold_file.parent, pairs[0][2].parent, "--against", second, "--json")
    assert out.code == 0, out.out
    figures = json.loads(out.out)
    assert list(figures["documents"]) == [name]  # only the texts both annotated
    relations = figures["total"]["relations"]
    assert (relations["fp"], relations["fn"]) == (1, 1)
    assert figures["entity_f1"] == 1.0
    table = cli("evaluate", gold_file.parent, pairs[0][2].parent, "--against", second)
    assert "agreement of the two annotators" in table.out and "over 1 documents" in table.out
    nothing = cli("evaluate", gold_file.parent, pairs[0][2].parent, "--against", tmp_path / "texts")
    assert nothing.code == 1 and "holds no gold file with a name of the first folder" in nothing.err


def test_scores_per_relation_type_add_up_to_the_relation_score(cli, tmp_path: Path, report_of) -> None:
    gold, texts = tmp_path / "some" / "gold", tmp_path / "some" / "texts"
    gold.mkdir(parents=True)
    texts.mkdir()
    for _, gold_file, text_file in split_pairs(tmp_path, "dev")[:12]:
        shutil.copy(gold_file, gold)
        shutil.copy(text_file, texts)
    pairs = gold_pairs(gold, texts)
    result = evaluate(pairs, report_of)
    total, kinds = result.total()["relations"], result.by_relation_type()
    assert set(kinds) <= set(vocabulary().relations) and "role_at" in kinds
    assert sum(s.tp for s in kinds.values()) == total.tp
    assert sum(s.fp for s in kinds.values()) == total.fp
    assert sum(s.fn for s in kinds.values()) == total.fn
    gold_counts = [s.tp + s.fn for s in kinds.values()]
    assert gold_counts == sorted(gold_counts, reverse=True)  # the most frequent type first
    out = cli("evaluate", gold, texts, "--by-relation")
    assert out.code == 0 and "│   role_at " in out.out, out.out
    figures = json.loads(cli("evaluate", gold, texts, "--json").out)
    assert figures["relations_by_type"]["role_at"]["tp"] > 0


def test_a_second_annotation_agrees_with_the_first(cli) -> None:
    """16 held-out texts annotated a second time, blind to the first annotation (SOURCES.md): the gold is
    reproducible, so a gap between extraction and gold is the extractor's. A careless edit of either shows here."""
    second = DEVSET / "gold-second"
    assert cli("evaluate", second, DEVSET / "texts", "--check").code == 0
    out = cli("evaluate", DEVSET / "gold", DEVSET / "texts", "--against", second, "--json")
    figures = json.loads(out.out)
    assert len(figures["documents"]) == len(list(second.glob("*.gold.json"))) >= 16
    assert figures["entity_f1"] >= 0.95
    assert figures["total"]["quote_speakers"]["f1"] >= 0.95
    assert figures["total"]["relations"]["f1"] >= 0.85
