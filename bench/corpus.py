"""A corpus of N German policy documents made from the real texts of the development set.

Each document takes a real text, swaps its person names, places and years for others, adds one or
two paragraphs of another real text and shuffles the body paragraphs, so that every document
differs while keeping the genre's language. Deterministic (seeded).

    python bench/corpus.py 1000 /tmp/corpus
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "tests" / "fixtures" / "devset" / "texts").glob("*.txt")),
    *sorted((ROOT / "examples" / "corpus").glob("*.txt")),
]
FIRST = [
    "Anna",
    "Jonas",
    "Miriam",
    "Kai",
    "Sabine",
    "Tobias",
    "Lea",
    "Martin",
    "Nadine",
    "Oliver",
    "Petra",
    "Stefan",
    "Ulrike",
    "Yvonne",
    "Felix",
    "Greta",
]
LAST = [
    "Albers",
    "Brückner",
    "Dietz",
    "Engel",
    "Fuchs",
    "Graf",
    "Hahn",
    "Iseler",
    "Jansen",
    "Kraus",
    "Lorenz",
    "Möller",
    "Nowak",
    "Otto",
    "Pohl",
    "Quast",
    "Roth",
    "Seidel",
    "Thiel",
    "Ulrich",
    "Vogt",
    "Wendt",
    "Zeller",
]
CITIES = [
    "Bielefeld",
    "Kassel",
    "Rostock",
    "Freiburg",
    "Erfurt",
    "Potsdam",
    "Siegen",
    "Ulm",
    "Jena",
    "Trier",
    "Würzburg",
    "Kiel",
]


def _names(text: str) -> set[str]:
    return set(
        re.findall(r"\b(?:Dr\. |Prof\. )?([A-ZÄÖÜ][a-zäöüß]+ [A-ZÄÖÜ][a-zäöüß]+)(?=,| sagte| betonte| erklärte)", text)
    )


def make_document(number: int, rng: random.Random, texts: list[str]) -> str:
    base = rng.choice(texts)
    blocks = [b for b in base.split("\n\n") if b.strip()]
    header, body = blocks[:2], blocks[2:]
    extra = [b for b in rng.choice(texts).split("\n\n")[2:] if len(b.split()) > 20]
    body += rng.sample(extra, k=min(len(extra), rng.randint(1, 2)))
    rng.shuffle(body)
    text = "\n\n".join(header + body)
    for name in _names(text):
        text = text.replace(name, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    for city in CITIES:
        if city in text:
            text = text.replace(city, rng.choice(CITIES))
    return (
        re.sub(r"\b20(\d\d)\b", lambda m: str(2000 + (int(m.group(1)) + number) % 26), text)
        + f"\n\n(Meldung {number})\n"
    )


def make_corpus(count: int, target: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = target / f"doc-{number:05d}.txt"
        path.write_text(make_document(number, rng, texts), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    made = make_corpus(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {len(made)} documents to {sys.argv[2]}")
