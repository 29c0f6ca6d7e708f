"""Read source files into plain text: text, Markdown, HTML (main text only) and PDF (text layer).

Every failure is an :class:`~graph.errors.InputError` that names the file, so a batch can report
it on one line and go on with the next file.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from graph.errors import InputError

TEXT_SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown"}
HTML_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".xhtml": "text/html"}
PDF_SUFFIXES = {".pdf": "application/pdf"}
SUPPORTED_SUFFIXES = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **PDF_SUFFIXES}
SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")
MIN_HTML_WORDS = 5  # fewer words than this is a menu, not an article
METADATA_KEYS = {"title", "date", "url", "publisher", "kind", "place", "language"}


@dataclass(frozen=True)
class SourceDocument:
    """A source file read into text, with what is known about it before extraction."""

    name: str
    text: str
    media_type: str
    content_hash: str
    metadata: dict[str, str] = field(default_factory=dict)
    path: str | None = None


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def discover(paths: list[Path]) -> Iterator[Path]:
    """The readable source files under ``paths`` (files as given, folders recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _is_source(child):
                    yield child
        else:
            yield path


def _is_source(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith(".") or name.endswith(SIDECAR_SUFFIXES) or name.endswith(".gold.json"):
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


#: Largest decompressed PDF stream (a page's content, a font map); more is a decompression bomb.
PDF_MAX_STREAM_BYTES = 10_000_000
#: Default seconds of PDF text extraction after which a document is given up (checked between pages).
PDF_MAX_SECONDS = 60.0


def read_source(
    path: Path, *, max_bytes: int, max_chars: int, max_pdf_seconds: float = PDF_MAX_SECONDS
) -> SourceDocument:
    """Read one file; raise :class:`InputError` with a one-line reason when it cannot be used."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder (give files or folders to `build`, not both at once)")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    media_type = SUPPORTED_SUFFIXES.get(path.suffix.lower(), "text/plain")
    return parse_bytes(
        data,
        name=path.name,
        media_type=media_type,
        max_chars=max_chars,
        max_pdf_seconds=max_pdf_seconds,
        metadata=read_sidecar(path),
        path=str(path),
    )


def parse_bytes(
    data: bytes,
    *,
    name: str,
    media_type: str,
    max_chars: int,
    metadata: dict[str, str] | None = None,
    path: str | None = None,
    max_pdf_seconds: float = PDF_MAX_SECONDS,
) -> SourceDocument:
    """Turn the bytes of one source into a :class:`SourceDocument` (shared by files and uploads)."""
    label = path or name
    if not data.strip():
        raise InputError(label, "is empty")
    if media_type == "application/pdf" or data[:5] == b"%PDF-":
        text = _pdf_text(data, label, max_chars, max_pdf_seconds)
        media_type = "application/pdf"
    else:
        decoded = _decode(data, label)
        text = _html_text(decoded, label) if media_type == "text/html" else decoded
    text = normalise_text(text)
    if not text.strip():
        raise InputError(label, "contains no text")
    if len(text) > max_chars:
        raise InputError(label, f"text too long ({len(text):,} characters; the limit is {max_chars:,})")
    return SourceDocument(
        name=name,
        text=text,
        media_type=media_type,
        content_hash=content_hash(data + json.dumps(metadata or {}, sort_keys=True).encode()),
        metadata=dict(metadata or {}),
        path=path,
    )


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, no trailing spaces; offsets count this text."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\ufeff", "").replace("\u00a0", " ")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data[:4096]:
        raise InputError(label, "looks binary (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(label, "unknown text encoding (save it as UTF-8)")
    text = str(best)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > len(text) / 100:
        raise InputError(label, "looks binary, not text")
    return text


def _html_text(html: str, label: str) -> str:
    import trafilatura  # imported late: it is slow to import and only HTML needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=False, deduplicate=False)
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise InputError(label, "no main text found in the HTML (only navigation or boilerplate)")
    # trafilatura puts one paragraph per line; stakegraph separates paragraphs by blank lines
    return re.sub(r"\n+", "\n\n", text)


def _pdf_text(data: bytes, label: str, max_chars: int, max_seconds: float) -> str:
    import io
    import time

    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PdfReadError

    limits = {
        name: PDF_MAX_STREAM_BYTES
        for name in (
            "maximum_declared_stream_length",
            "array_based_stream_maximum_output_length",
            "jbig2_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "zlib_maximum_output_length",
            "brotli_maximum_output_length",
        )
    }
    started = time.monotonic()
    pages: list[str] = []
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise InputError(label, "the PDF is encrypted")
            extracted = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                extracted += len(pages[-1])
                if extracted > max_chars:
                    raise InputError(label, f"text too long (more than {max_chars:,} characters)")
                if time.monotonic() - started > max_seconds:
                    raise InputError(label, f"reading the PDF took longer than {max_seconds:g} s; giving up")
    except InputError:
        raise
    except LimitReachedError:
        raise InputError(
            label, f"a compressed part of the PDF expands beyond {PDF_MAX_STREAM_BYTES:,} bytes (decompression bomb?)"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(label, f"not a readable PDF ({exc})") from None
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise InputError(label, f"not a readable PDF ({type(exc).__name__})") from None
    if not "".join(pages).strip():
        raise InputError(label, "the PDF has no text layer (scanned pages need OCR first)")
    return "\n\n".join(reflow(page) for page in pages)


def reflow(page: str) -> str:
    r"""Rejoin the hard-wrapped lines of a PDF page into paragraphs separated by blank lines.

    A line continues the previous one unless the previous line ends a sentence or is short
    (a heading, a dateline); words hyphenated at a line end are joined.

    >>> reflow("Die Wirt-\nschaft wächst weiter und\nweiter.\nNeuer Absatz")
    'Die Wirtschaft wächst weiter und weiter.\n\nNeuer Absatz'
    """
    lines = [line.strip() for line in page.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    width = sorted(len(line) for line in lines)[len(lines) * 3 // 4]
    out: list[str] = [lines[0]]
    for line in lines[1:]:
        previous = out[-1]
        ends_sentence = previous[-1] in '.!?:“”"»«'
        short = len(previous.split("\n")[-1]) < 0.6 * width
        if previous.endswith("-") and line[:1].islower():
            out[-1] = previous[:-1] + line
        elif ends_sentence or short or line[:1] in "•–-*":
            out.append("\n\n" + line)
        else:
            out[-1] = previous + " " + line
    return "".join(out)


def read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from ``NAME.meta.json`` or ``NAME.meta.yaml`` beside a source file, if present."""
    for suffix in SIDECAR_SUFFIXES:
        sidecar = path.with_name(path.stem + suffix)
        if sidecar.exists():
            try:
                raw = sidecar.read_text(encoding="utf-8")
                values = json.loads(raw) if suffix == ".meta.json" else yaml.safe_load(raw)
            except (OSError, ValueError, yaml.YAMLError) as exc:
                raise InputError(sidecar, f"cannot read the metadata file ({exc})") from None
            if not isinstance(values, dict):
                raise InputError(sidecar, "the metadata file must hold a mapping (title: …)")
            unknown = set(values) - METADATA_KEYS
            if unknown:
                raise InputError(sidecar, f"unknown metadata keys: {', '.join(sorted(unknown))}")
            return {k: str(v) for k, v in values.items() if v is not None}
    return {}
