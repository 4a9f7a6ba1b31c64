"""Just enough PDF reading for tests: the page streams and the text shown in them.

reportlab writes text in the CID font as UTF-16BE string literals; this undoes the
stream filters (ASCII85, Flate) and the PDF string escapes, nothing more.
"""

import base64
import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)
LITERAL = re.compile(rb"\(((?:\\.|[^\\()])*)\)\s*Tj", re.S)
ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _decode(raw: bytes) -> bytes:
    data = raw.strip()
    if data.endswith(b"~>"):  # reportlab wraps compressed streams in ASCII85
        data = base64.a85decode(b"".join(data[:-2].split()))
    try:
        return zlib.decompress(data)
    except zlib.error:
        return raw


def streams(pdf: bytes) -> list[bytes]:
    return [_decode(raw) for raw in STREAM.findall(pdf)]


def _unescape(literal: bytes) -> bytes:
    def one(m: re.Match) -> bytes:
        code = m.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return SIMPLE.get(code, code)

    return ESCAPE.sub(one, literal)


def text(pdf: bytes) -> str:
    """Every string shown on the pages, decoded as the CID font's UTF-16BE, in order."""
    parts = []
    for stream in streams(pdf):
        for literal in LITERAL.findall(stream):
            parts.append(_unescape(literal).decode("utf-16-be", errors="replace"))
    return "".join(parts)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
