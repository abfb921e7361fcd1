"""DOCX -> body paragraphs and tables in order, through python-docx or straight from ``word/document.xml``."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kb.errors import IngestError
from kb.ingest.textfile import table_lines
from kb.models import RawDocument

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, data: bytes) -> RawDocument:
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
                yield from table_lines(grid)
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
