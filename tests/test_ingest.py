"""Reading sources: text, Markdown, HTML (main text only), PDF (text layer), encodings, sidecars, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.ingest import discover, read_source

from .pdfmaker import make_pdf

LIMITS = {"max_bytes": 1_000_000, "max_chars": 100_000}


def read(path: Path, **limits: int):
    return read_source(path, **{**LIMITS, **limits})


def test_plain_text_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Zeile eins  \r\nZeile\u00adzwei\u00a0hier\r\n".encode())
    source = read(path)
    assert source.text == "Zeile eins\nZeilezwei hier\n"
    assert source.content_hash.startswith("sha256:") and len(source.content_hash) == 71


def test_latin1_and_cp1252_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "alt.txt"
    path.write_bytes("Die Förderung für Düsseldorf ist groß und wichtig für die Region.".encode("cp1252"))
    assert "Förderung für Düsseldorf ist groß" in read(path).text


def test_html_keeps_the_main_text_and_drops_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        """<html><head><title>X</title><script>var tracking = "NICHT IM TEXT";</script></head><body>
        <nav><a href="/">Startseite</a> | <a href="/impressum">Impressum</a> | Navigation Menü</nav>
        <article><h1>Netzwerk gegründet</h1>
        <p>Dr. Karin Weber, Geschäftsführerin der Beispiel Robotics GmbH, sagte heute in Ulm, das neue Netzwerk
        werde die Region stärken und Unternehmen mit der Forschung verbinden.</p>
        <p>Die Universität Ulm kooperiert mit dem Netzwerk und bringt ihre Labore ein, damit Ideen schneller
        in die Praxis gelangen.</p></article>
        <footer>© 2025 Cookie-Hinweis Datenschutz</footer></body></html>""",
        encoding="utf-8",
    )
    source = read(path)
    assert "Geschäftsführerin der Beispiel Robotics GmbH" in source.text
    assert "Universität Ulm kooperiert" in source.text
    assert "NICHT IM TEXT" not in source.text and "Impressum" not in source.text
    assert source.media_type == "text/html"
    assert "\n\n" in source.text  # paragraphs stay apart


def test_pdf_text_layer_is_read_and_reflowed(tmp_path: Path) -> None:
    path = tmp_path / "release.pdf"
    path.write_bytes(
        make_pdf(
            [
                "Düsseldorf, 10. April 2025",
                "Netzwerk gegründet",
                "Dr. Karin Weber, Geschäftsführerin der Beispiel Robotics GmbH, sagte heute, dass",
                "das Netzwerk wachsen werde. Die Förderung durch das Land sei wichtig für die Re-",
                "gion und ihre Unternehmen.",
            ]
        )
    )
    source = read(path)
    assert source.media_type == "application/pdf"
    assert "sagte heute, dass das Netzwerk wachsen werde" in source.text
    assert "für die Region und" in source.text
    assert source.text.startswith("Düsseldorf, 10. April 2025\n\nNetzwerk gegründet\n\n")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"  \n\n ", "is empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 50, "looks binary"),
        ("fake.pdf", b"%PDF-1.4 this is not really a pdf at all", "not a readable PDF"),
        ("image.pdf", make_pdf([]), "no text layer"),
        ("empty.html", b"<html><body><nav>Menu</nav></body></html>", "no main text"),
    ],
)
def test_bad_input_is_one_clear_message(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read(path)
    assert reason in str(caught.value)
    assert str(path) in str(caught.value)


def test_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Wort " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        read(path, max_bytes=100)
    with pytest.raises(InputError, match="text too long"):
        read(path, max_chars=100)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a folder"):
        read(tmp_path)


def test_sidecar_metadata_overrides_the_header(tmp_path: Path, extractor) -> None:
    text = tmp_path / "note.txt"
    text.write_text("Kurze Notiz\n\nDie Universität Ulm lädt zur Tagung ein, sagte man.", encoding="utf-8")
    (tmp_path / "note.meta.json").write_text(
        json.dumps(
            {
                "title": "Einladung zur Tagung",
                "date": "2024-11-02",
                "kind": "press_release",
                "url": "https://example.org/x",
            }
        ),
        encoding="utf-8",
    )
    source = read(text)
    assert source.metadata["title"] == "Einladung zur Tagung"
    report = extractor.extract(source).to_report()
    document = next(d for d in report["documents"] if d["source"])
    assert (document["title"], document["date"], document["kind"]) == (
        "Einladung zur Tagung",
        "2024-11-02",
        "press_release",
    )


def test_bad_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("Ein Text über die Universität Ulm.", encoding="utf-8")
    (tmp_path / "note.meta.yaml").write_text("title: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match=r"note\.meta\.yaml"):
        read(text)
    (tmp_path / "note.meta.yaml").write_text("colour: blau", encoding="utf-8")
    with pytest.raises(InputError, match="unknown metadata keys: colour"):
        read(text)


def test_discover_finds_sources_and_skips_sidecars_and_gold(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["a.txt", "b.md", "sub/c.html", "sub/d.pdf", "a.meta.json", "x.gold.json", "e.docx", ".hidden.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in discover([tmp_path]))
    assert found == ["a.txt", "b.md", "sub/c.html", "sub/d.pdf"]
