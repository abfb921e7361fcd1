"""Bytes of a text file -> str (BOM, strict UTF-8, GB18030, charset-normalizer), and the TABLE block lines every reader writes."""

from __future__ import annotations

import codecs
import re

from kb.errors import IngestError
from kb.models import TABLE_END, TABLE_START

_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a zip archive (docx/xlsx?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls)"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CJK = re.compile(r"[\u3400-\u9fff]")
SPACES = re.compile(r"[ \t\u3000\xa0]+")


def _sniff_binary(name: str, data: bytes) -> None:
    """Raise when bytes are clearly not text (magic number or NUL bytes without a UTF-16 shape)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"{name}: binary file, looks like {what} not text; rename it with the right extension")
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise IngestError(f"{name}: binary file (NUL bytes), not text; check that it is really a text file")


def _looks_utf16(head: bytes) -> bool:
    """True when NUL-bearing bytes decode as clean UTF-16 text (a UTF-16 file without a BOM)."""
    return _utf16_guess(head) is not None


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes decode as readable text in that order, else None."""
    if b"\x00" not in data[:4096]:
        return None
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            if len(sample) < len(data):  # a cut surrogate pair at the sample end
                try:
                    text = sample[:-2].decode(enc)
                except UnicodeDecodeError:
                    continue
            else:
                continue
        if plausible(text) and _readable_share(text) >= 0.9:
            return enc
    return None


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode text bytes, returning ``(text, encoding)``.

    Order: BOM (UTF-8/UTF-16/UTF-32), strict UTF-8, UTF-16 without BOM, GB18030 when the result
    is plausible Chinese, then charset-normalizer. Raises IngestError when nothing fits.
    """
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{name}: starts with a {enc} byte-order mark but does not decode as {enc}; "
                    "re-save it as UTF-8"
                ) from exc
    _sniff_binary(name, data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc16 = _utf16_guess(data)
    if enc16 is not None:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("gb18030")
        if plausible(text) and _gb2312_share(text) > 0.9:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if plausible(text) and _readable_share(text) >= 0.6:
            return text, best.encoding
    raise IngestError(
        f"{name}: undecodable text (not UTF-8, GB18030/GBK or UTF-16); re-save it as UTF-8 and ingest again"
    )


def plausible(text: str) -> bool:
    """Decoded text with few control characters and replacement marks."""
    if not text:
        return False
    bad = len(_CONTROL.findall(text)) + text.count("\ufffd")
    return bad <= 0.01 * len(text)


def _readable_share(text: str) -> float:
    """Share of non-space characters that are CJK or printable ASCII (low for mojibake)."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    ok = sum(1 for c in chars if c.isascii() or CJK.match(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return ok / len(chars)


def _gb2312_share(text: str) -> float:
    """Share of CJK characters that GB2312 can encode (low for Big5/Shift-JIS read as GB18030)."""
    cjk = CJK.findall(text)
    if not cjk:
        return 1.0
    ok = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
            ok += 1
        except UnicodeEncodeError:
            pass
    return ok / len(cjk)


def table_lines(rows: list[list[str]]) -> list[str]:
    """A rectangular grid as TABLE block lines (one cell per line, newlines in cells joined)."""
    cols = max((len(r) for r in rows), default=0)
    if cols < 2 or len(rows) < 2:
        return [" ".join(c for c in r if c) for r in rows]
    lines = [TABLE_START.format(cols=cols)]
    for row in rows:
        for cell in row + [""] * (cols - len(row)):
            lines.append(" ".join(cell.split()))
    lines.append(TABLE_END)
    return lines
