"""path -> RawDocument. The only file I/O of the ingest stages. (Owner: readers helper.)

One reader per format, chosen by extension:

* ``.txt`` / ``.md``: bytes decoded with BOM sniffing, strict UTF-8, then GB18030 and
  charset-normalizer; markdown syntax (``#`` headings, comments, ``|`` tables) is removed.
* ``.html`` / ``.htm``: the content container's block structure as lines, data tables as
  ``[[TABLE n]]`` blocks, and the gov.cn metadata table (标题/发文机关/成文日期/发文字号/发布日期)
  as :class:`~kb.models.DocHints`.
* ``.docx``: body paragraphs and tables in order, through python-docx, or straight from
  ``word/document.xml`` when python-docx refuses the package.
* ``.pdf`` / images: delegated to :mod:`kb.ingest.pdf` and :mod:`kb.ingest.ocr` (imported lazily).

Every failure is an :class:`~kb.errors.IngestError` whose one-line message names the file,
the reason and what to do next.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kb.errors import IngestError
from kb.models import TABLE_END, TABLE_START, DocHints, RawDocument

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg")

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
_CJK = re.compile(r"[\u3400-\u9fff]")

# markdown
_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
# The title line of a markdown file: the first level-1 heading ("# 中华人民共和国民法典").
_MD_TITLE_LINE = re.compile(r"^[ ]{0,3}#[ \t]+(.+?)[ \t#]*$", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")

# html
_DROP_TAGS = (
    "script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "button",
    "select", "input", "textarea", "svg", "object", "embed", "template", "head", "aside",
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd div dl dt fieldset figcaption figure h1 h2 h3 h4 "
    "h5 h6 hr li main ol p pre section table tbody td tfoot th thead tr ul caption".split()
)
_CHROME_HINT = re.compile(
    r"(^|[-_ ])(nav|menu|footer|header|breadcrumb|crumb|share|sidebar|side|toolbar|foot|top|"
    r"search|login|copyright|related|comment|advert|ads?|banner|qr)([-_ ]|\d|$)",
    re.I,
)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_LABEL_CLEAN = re.compile(r"[\s\u3000\xa0:：]+")
_HINT_LABELS = {
    "标题": "title",
    "名称": "title",
    "发文机关": "issuer",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "成文日期": "date",
    "发布日期": "published",
    "索引号": "index_number",
}
_NEXT_LABEL = re.compile(r"\s+[^\s:：]{1,3}(?:\s?[^\s:：]){1,5}\s*[:：]")
_DATE = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")

# docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_document(
    path: Path,
    *,
    ocr: bool = True,
    max_bytes: int = 50 * 1024 * 1024,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    data: bytes | None = None,
) -> RawDocument:
    """Read one file into plain text. Raises IngestError (ScannedDocumentError) with a one-line reason.

    Args:
        path: the file.
        ocr: let the PDF reader OCR pages without a text layer.
        max_bytes: larger files are refused.
        cache_dir: where the PDF/OCR readers may cache page results.
        progress: optional callback for long readers (OCR).
        data: the file's bytes when the caller has read them already (to hash them): text, html and docx are
            parsed from these, so what is parsed is what was hashed; PDFs and images are opened from ``path``.

    Returns:
        The body text (tables as ``[[TABLE n]]`` blocks), hints and warnings.
    """
    path = Path(path)
    check_file(path, max_bytes)
    name = path.name
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            from kb.ingest.pdf import read_pdf

            return read_pdf(path, ocr=ocr, cache_dir=cache_dir, progress=progress)
        if suffix in (".png", ".jpg", ".jpeg"):
            from kb.ingest.ocr import read_image

            return read_image(path, cache_dir=cache_dir, progress=progress)
        if data is None:
            data = path.read_bytes()
        if suffix in (".txt", ".md"):
            return _read_text(name, data, markdown=suffix == ".md")
        if suffix in (".html", ".htm"):
            return _read_html(name, data)
        return _read_docx(path, data)
    except IngestError:
        raise
    except ImportError as exc:
        raise IngestError(
            f"{name}: the reader for {suffix} files is not available ({exc}); install the missing package"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - the boundary: never let a raw exception escape
        detail = " ".join(str(exc).split())[:160]
        raise IngestError(
            f"{name}: could not read ({type(exc).__name__}: {detail}); check that the file opens in its usual program"
        ) from exc


def check_file(path: Path, max_bytes: int) -> None:
    """Refuse, before reading, a file of an unsupported type, a missing or empty one, or one over ``max_bytes``.

    Raises:
        IngestError: naming the file, the reason and the next step.
    """
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(
            f"{name}: unsupported file type '{suffix or '(none)'}'; "
            f"convert it to one of {', '.join(SUPPORTED)} and ingest again"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{name}: cannot open ({exc.strerror or exc}); check the path and permissions") from exc
    if size == 0:
        raise IngestError(f"{name}: empty file (0 bytes); re-download or re-export it")
    if size > max_bytes:
        raise IngestError(
            f"{name}: file too large ({size / 1048576:.1f} MB > {max_bytes / 1048576:.0f} MB limit); "
            "split it or raise KB_MAX_FILE_MB"
        )


# --------------------------------------------------------------------------- text


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
        if _plausible(text) and _readable_share(text) >= 0.9:
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
        if _plausible(text) and _gb2312_share(text) > 0.9:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text) and _readable_share(text) >= 0.6:
            return text, best.encoding
    raise IngestError(
        f"{name}: undecodable text (not UTF-8, GB18030/GBK or UTF-16); re-save it as UTF-8 and ingest again"
    )


def _plausible(text: str) -> bool:
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
    ok = sum(1 for c in chars if c.isascii() or _CJK.match(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return ok / len(chars)


def _gb2312_share(text: str) -> float:
    """Share of CJK characters that GB2312 can encode (low for Big5/Shift-JIS read as GB18030)."""
    cjk = _CJK.findall(text)
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


def _read_text(name: str, data: bytes, *, markdown: bool) -> RawDocument:
    text, encoding = decode_text(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    hints = DocHints()
    if markdown:
        hints = markdown_hints(text)
        text = markdown_to_text(text)
    if not _plausible(text):
        raise IngestError(f"{name}: binary content in a text file; check that it is really a text file")
    if not text.strip():
        raise IngestError(f"{name}: no text (only whitespace); re-download or re-export it")
    warnings = [] if encoding in ("utf-8", "utf-8-sig") else [f"decoded as {encoding}"]
    return RawDocument(source=name, format="md" if markdown else "txt", text=text, hints=hints, warnings=warnings)


def markdown_hints(text: str) -> DocHints:
    """The title from a markdown file's title line: its first level-1 heading, in the first lines."""
    m = _MD_TITLE_LINE.search("\n".join(text.split("\n", 20)[:20]))
    return DocHints(title=_SPACES.sub(" ", m.group(1)).strip()) if m else DocHints()


def markdown_to_text(text: str) -> str:
    """Strip markdown syntax, keeping one block per line; ``|`` tables become TABLE blocks."""
    text = _MD_COMMENT.sub("", text)
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            out.extend(_table_lines(rows))
            rows.clear()

    for line in text.split("\n"):
        if _MD_TABLE_ROW.match(line):
            if not _MD_TABLE_RULE.match(line):
                rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush()
        line = _MD_HEADING.sub("", line)
        line = _MD_QUOTE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPH.sub(r"\2", line)
        out.append(line)
    flush()
    return "\n".join(out)


def _table_lines(rows: list[list[str]]) -> list[str]:
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


# --------------------------------------------------------------------------- html


def _read_html(name: str, data: bytes) -> RawDocument:
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(data, "lxml")
    hints = html_hints(soup)
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    container = _content_container(soup)
    lines: list[str] = []
    _html_lines(container, lines)
    text = "\n".join(line for line in (_SPACES.sub(" ", ln).strip() for ln in lines) if line)
    if not text.strip():
        raise IngestError(f"{name}: no body text found in the HTML page; save the page's article text as .txt")
    return RawDocument(source=name, format="html", text=text, hints=hints)


def html_hints(soup: Any) -> DocHints:
    """Read the gov.cn metadata table (标题/发文机关/成文日期/发文字号/发布日期) into DocHints."""
    found: dict[str, str] = {}
    cells = soup.find_all(["td", "th", "li", "dt", "dd"])
    for i, cell in enumerate(cells):
        raw = cell.get_text(" ", strip=True)
        if not raw or len(raw) > 200:
            continue
        label = _LABEL_CLEAN.sub("", raw)
        key = _HINT_LABELS.get(label)
        value = ""
        if key and i + 1 < len(cells):
            value = cells[i + 1].get_text(" ", strip=True)
        elif not key:
            m = re.match(r"^\s*([^:：]{2,8}?)\s*[:：]\s*(.+)$", raw)
            if m:
                key = _HINT_LABELS.get(_LABEL_CLEAN.sub("", m.group(1)))
                value = _NEXT_LABEL.split(m.group(2), maxsplit=1)[0]  # a cell holding the whole table
        value = " ".join(value.split())
        if key and value and key not in found and _LABEL_CLEAN.sub("", value) not in _HINT_LABELS:
            found[key] = value
    for meta_name, key in (("ArticleTitle", "title"), ("PubDate", "published")):
        tag = soup.find("meta", attrs={"name": meta_name})
        if key not in found and tag is not None and (tag.get("content") or "").strip():
            found[key] = " ".join(tag["content"].split())
    for key in ("date", "published"):
        if key in found:
            m = _DATE.search(found[key])
            found[key] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""
    return DocHints(**{k: v for k, v in found.items() if v})


def _content_container(soup: Any) -> Any:
    """The element holding the article: the parent with the most text in direct <p>/<div> children."""
    scores: dict[int, tuple[int, Any]] = {}
    for p in soup.find_all(["p", "br"]):
        parent = p.parent
        if parent is None or _is_chrome(parent):
            continue
        n = len(_CJK.findall(p.get_text())) if p.name == "p" else 5
        key = id(parent)
        old = scores.get(key, (0, parent))[0]
        scores[key] = (old + n, parent)
    body = soup.body or soup
    if not scores:
        return body
    best_score, best = max(scores.values(), key=lambda t: t[0])
    if best_score < 100:
        return body
    return best


def _is_chrome(tag: Any) -> bool:
    """True for containers whose id/class names navigation, footers, share bars and the like."""
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(names) and bool(_CHROME_HINT.search(names))


def _html_lines(el: Any, lines: list[str]) -> None:
    """Append el's text as lines: a new line at each block element, data tables as TABLE blocks."""
    from bs4 import NavigableString, Tag

    if not lines:
        lines.append("")
    for child in el.children:
        if isinstance(child, NavigableString):
            lines[-1] += str(child).replace("\n", " ")
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "br":
            lines.append("")
            continue
        if child.name == "table":
            grid = _html_table_grid(child)
            if grid is not None:
                lines.extend(_table_lines(grid))
                lines.append("")
                continue
        block = child.name in _BLOCK_TAGS
        if block:
            lines.append("")
        _html_lines(child, lines)
        if block:
            lines.append("")


def _html_table_grid(table: Any) -> list[list[str]] | None:
    """A data table as a grid (colspan/rowspan filled); None for layout tables."""
    if table.find("table") is not None:
        return None
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text) for rowspans
    for tr in rows:
        row: list[str] = []
        cells = tr.find_all(["td", "th"], recursive=False)
        col = 0
        queue = list(cells)
        while queue or col in pending:
            if col in pending:
                left, text = pending.pop(col)
                row.append(text)
                if left > 1:
                    pending[col] = (left - 1, text)
                col += 1
                continue
            cell = queue.pop(0)
            text = " ".join(cell.get_text(" ", strip=True).split())
            span = _int_attr(cell, "colspan")
            down = _int_attr(cell, "rowspan")
            for _ in range(span):
                row.append(text)
                if down > 1:
                    pending[col] = (down - 1, text)
                col += 1
        if any(row):
            grid.append(row)
    if len(grid) < 2 or max(len(r) for r in grid) < 2:
        return None
    cells_text = [c for r in grid for c in r if c]
    if not cells_text or sum(len(c) for c in cells_text) / len(cells_text) > 60:
        return None
    return grid


def _int_attr(tag: Any, attr: str) -> int:
    try:
        return max(1, min(50, int(str(tag.get(attr, 1)).strip() or 1)))
    except ValueError:
        return 1


# --------------------------------------------------------------------------- docx


def _read_docx(path: Path, data: bytes) -> RawDocument:
    name = path.name
    if not data.startswith(b"PK"):
        raise IngestError(f"{name}: not a docx (not a zip package); if it is an old .doc, re-save it as .docx")
    warnings: list[str] = []
    try:
        import docx

        body = docx.Document(str(path)).element.body
    except Exception as exc:  # noqa: BLE001 - python-docx refuses some real packages
        body = _docx_body_from_zip(path)
        warnings.append(f"python-docx refused the package ({type(exc).__name__}); read word/document.xml directly")
    lines = list(_docx_lines(body))
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(f"{name}: the docx has no text (images only?); export it as PDF and ingest that")
    return RawDocument(source=name, format="docx", text=text, warnings=warnings)


def _docx_body_from_zip(path: Path) -> Any:
    from lxml import etree

    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                sample = ", ".join(sorted(names)[:3])
                raise IngestError(
                    f"{name}: a zip archive but not a Word document (no word/document.xml; holds {sample}…); "
                    "open it and save as .docx"
                )
            xml = zf.read("word/document.xml")
    except zipfile.BadZipFile as exc:
        raise IngestError(f"{name}: corrupt docx (bad zip: {exc}); re-save it from Word or WPS") from exc
    root = etree.fromstring(xml, parser=etree.XMLParser(recover=True, huge_tree=True))
    body = root.find(f"{_W}body")
    if body is None:
        raise IngestError(f"{name}: word/document.xml has no body; re-save it from Word or WPS")
    return body


def _docx_lines(body: Any) -> Iterator[str]:
    """Paragraph texts and TABLE blocks in body order (content controls unwrapped)."""
    for child in body:
        tag = child.tag
        if tag == f"{_W}p":
            yield _docx_para_text(child)
        elif tag == f"{_W}tbl":
            grid = _docx_table_grid(child)
            if grid:
                yield from _table_lines(grid)
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _docx_lines(content)


def _docx_para_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}delText"):
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append(" ")
        elif el.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _docx_table_grid(tbl: Any) -> list[list[str]]:
    """Rows of cell texts; gridSpan repeats a cell, vMerge continuation copies the cell above."""
    grid: list[list[str]] = []
    for tr in tbl.findall(f"{_W}tr"):
        row: list[str] = []
        for tc in tr.findall(f"{_W}tc"):
            pr = tc.find(f"{_W}tcPr")
            span, cont = 1, False
            if pr is not None:
                gs = pr.find(f"{_W}gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(f"{_W}val", "1")))
                    except ValueError:
                        span = 1
                vm = pr.find(f"{_W}vMerge")
                cont = vm is not None and vm.get(f"{_W}val", "continue") != "restart"
            text = " ".join(" ".join(_docx_para_text(p) for p in tc.iter(f"{_W}p")).split())
            for _ in range(span):
                col = len(row)
                if cont and grid and col < len(grid[-1]):
                    row.append(grid[-1][col])
                else:
                    row.append(text)
        if any(row):
            grid.append(row)
    return grid
