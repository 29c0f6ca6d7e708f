"""A tiny PDF writer for tests: one page, Helvetica, lines of Latin-1 text (no dependency needed)."""

from __future__ import annotations


def make_pdf(lines: list[str]) -> bytes:
    def escape(line: str) -> str:
        raw = line.encode("cp1252")
        out = []
        for byte in raw:
            char = chr(byte)
            if char in "()\\":
                out.append("\\" + char)
            elif byte > 126:
                out.append(f"\\{byte:03o}")
            else:
                out.append(char)
        return "".join(out)

    text_ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    for line in lines:
        text_ops.append(f"({escape(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body


def make_bomb_pdf(expanded_bytes: int, pages: int = 1) -> bytes:
    """A PDF whose one Flate-compressed content stream (shared by ``pages`` pages) expands to ``expanded_bytes``.

    A gigabyte of spaces compresses to about one megabyte: a decompression bomb.
    """
    import zlib

    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = compressor.compress(b"BT /F1 11 Tf 72 760 Td (Hallo Welt) Tj ET\n")
    for _ in range(expanded_bytes >> 20):
        stream += compressor.compress(chunk)
    stream += compressor.flush()
    kids = b" ".join(f"{5 + i} 0 R".encode() for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    objects += [page] * pages
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body
