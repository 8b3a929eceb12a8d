"""The text a PDF written by LibreOffice shows, for tests (no PDF library in the project).

LibreOffice embeds subsets of TrueType fonts and writes each run as glyph codes (`<0102…> Tj`/`TJ`) with a
ToUnicode map per font; this reads those maps and the page content streams, which is enough to check that a
word is on the page (`page_texts`: on which page). It is not a general PDF reader.
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number → (dictionary text, decoded stream or b"")."""
    found = {}
    for match in _OBJECT.finditer(data):
        body = match.group(2)
        stream = _STREAM.search(body)
        content = b""
        if stream:
            content = stream.group(1)
            if b"/FlateDecode" in body[: stream.start()]:
                try:
                    content = zlib.decompress(content)
                except zlib.error:
                    content = b""
        found[int(match.group(1))] = (body[: stream.start()] if stream else body, content)
    return found


def _cmap(stream: bytes) -> tuple[dict[bytes, str], int]:
    """A ToUnicode map: glyph code (bytes) → text, and the width of a code in bytes."""
    width = 1
    span = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", stream)
    if span:
        width = len(span.group(1)) // 2
    mapping: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first, last, base = int(low, 16), int(high, 16), int(start, 16)
            for offset in range(last - first + 1):
                mapping[(first + offset).to_bytes(width, "big")] = chr(base + offset)
    return mapping, width


def _fonts(objects: dict[int, tuple[bytes, bytes]]) -> dict[bytes, tuple[dict[bytes, str], int]]:
    """Font resource name → its ToUnicode map (LibreOffice names fonts alike on every page)."""
    fonts: dict[bytes, tuple[dict[bytes, str], int]] = {}
    for head, _stream in objects.values():
        for name, number in re.findall(rb"/(F\d+)\s+(\d+) 0 R", head):
            font = objects.get(int(number), (b"", b""))[0]
            unicode_map = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
            if unicode_map:
                fonts[name] = _cmap(objects.get(int(unicode_map.group(1)), (b"", b""))[1])
    return fonts


def _stream_lines(stream: bytes, fonts: dict[bytes, tuple[dict[bytes, str], int]]) -> list[str]:
    """The text of one content stream, one line per text object."""
    lines = []
    mapping: dict[bytes, str] = {}
    width = 1
    for block in re.findall(rb"BT(.*?)ET", stream, re.S):
        text = []
        for token in re.finditer(rb"/(F\d+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>", block):
            if token.group(1):
                mapping, width = fonts.get(token.group(1), ({}, 1))
                continue
            raw = bytes.fromhex(token.group(2).decode())
            text.append("".join(mapping.get(raw[i : i + width], "") for i in range(0, len(raw), width)))
        lines.append("".join(text))
    return lines


def pdf_text(data: bytes) -> str:
    """The text of every page, one line per text object."""
    objects = _objects(data)
    fonts = _fonts(objects)
    lines = []
    for _head, stream in objects.values():
        if b"BT" not in stream or b"Tf" not in stream:
            continue
        lines += _stream_lines(stream, fonts)
    return "\n".join(lines)


def page_texts(data: bytes) -> list[str]:
    """The text of each page in reading order of the pages (the order of the page tree's /Kids)."""
    objects = _objects(data)
    fonts = _fonts(objects)
    pages: list[int] = []
    for head, _stream in objects.values():
        if re.search(rb"/Type\s*/Pages\b", head):
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", head)
            pages += [int(n) for n in re.findall(rb"(\d+) 0 R", kids.group(1))] if kids else []
    texts = []
    for number in pages:
        head = objects[number][0]
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", head)
        refs = [int(n) for n in re.findall(rb"(\d+) 0 R", contents.group(1))] if contents else []
        texts.append("\n".join(line for ref in refs for line in _stream_lines(objects[ref][1], fonts)))
    return texts
