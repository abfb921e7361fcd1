"""PDF reader: text layer page by page (pdfplumber), OCR for pages without a usable one.

Each page is read from its text layer when that layer is good. A page with no text, or
whose text is garbled (``(cid:N)`` runs, U+FFFD, private-use or control characters, or
subset-font ASCII where Chinese is expected), is rendered with pypdfium2 and OCR'd
(:mod:`kb.ingest.ocr`). Ruled tables are written into the text as ``[[TABLE n]]``, one
cell per line, ``[[/TABLE]]``, and their cells are not repeated as body text. Page footers
and letter-spaced headers are left in the text for :mod:`kb.ingest.clean`.

Owner: PDF/OCR helper. ``read_pdf`` is called by ``kb.ingest.readers``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.errors import IngestError, ScannedDocumentError
from kb.ingest import ocr as _ocr
from kb.models import TABLE_END, TABLE_START, PageInfo, RawDocument

_CID = re.compile(r"\(cid:\d+\)")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_LIKE = re.compile(r"[A-Za-z\u00c0-\u024f]")  # ASCII and accented letters (mojibake of CJK bytes)
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~\u00a1-\u00bf\u00d7\u00f7]")
_MEANINGFUL = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_SPACE = re.compile(r"\s+")
_MOJIBAKE = re.compile(r"[\u00a1-\u00bf\u00c0-\u00ff]{2}")  # two latin-1 symbols/letters in a row

MIN_TEXT_CHARS = 10  # fewer letters/CJK/digits than this on a page with images: no text layer


@dataclass(frozen=True)
class _PageText:
    number: int
    text: str
    needs_ocr: str | None  # None, "no text layer" or "garbled text layer"


def is_garbled(text: str, *, expect_chinese: bool = True) -> bool:
    """Whether a page's extracted text is garbage rather than the page's real text.

    Garbled means: ``(cid:N)`` runs, U+FFFD replacement characters, private-use or control
    characters, or (when the page should be Chinese) text made mostly of ASCII punctuation and
    latin letters with almost no CJK, as subset fonts without a usable ToUnicode map produce.

    Args:
        text: the page text from the PDF's text layer.
        expect_chinese: the document is Chinese (its other pages or its name say so).

    Returns:
        True when the text should not be used and the page should be OCR'd.
    """
    body = _SPACE.sub("", text)
    if not body:
        return False
    n = len(body)
    cids = _CID.findall(body)
    if len(cids) >= 3 or sum(map(len, cids)) > 0.05 * n:
        return True
    for bad in (body.count("\ufffd"), len(_PRIVATE.findall(body)), len(_CONTROL.findall(body))):
        if bad >= 3 or bad > 0.02 * n:
            return True
    if not expect_chinese or n < 8:
        return False
    cjk = len(_CJK.findall(body))
    latin = len(_LATIN_LIKE.findall(body))
    punct = len(_ASCII_PUNCT.findall(body))
    if cjk > 0.1 * n:
        return False
    return punct > 0.25 * n or (latin + punct) > 0.6 * n and not _looks_like_words(text)


def _looks_like_words(text: str) -> bool:
    """Real latin text: words separated by spaces, mostly with vowels, few punctuation runs."""
    if _MOJIBAKE.search(text):
        return False
    words = re.findall(r"[A-Za-z]+", text)
    if len(words) < 3:
        return False
    voweled = sum(1 for w in words if re.search(r"[aeiouyAEIOUY]", w) or len(w) <= 2)
    spaces = text.count(" ")
    return voweled >= 0.8 * len(words) and spaces >= 0.5 * len(words)


def ocr_reason(text: str, has_images: bool, *, expect_chinese: bool = True) -> str | None:
    """Why a page needs OCR ("no text layer" / "garbled text layer"), or None when its text is usable."""
    if is_garbled(text, expect_chinese=expect_chinese):
        return "garbled text layer"
    if len(_MEANINGFUL.findall(text)) < MIN_TEXT_CHARS and has_images:
        return "no text layer"
    return None


# --------------------------------------------------------------------------- text layer


def _good_tables(page: Any) -> list[Any]:
    """Ruled tables with at least two rows and two columns and some text in them."""
    tables = []
    try:
        found = page.find_tables()
    except Exception:  # pdfplumber raises assorted errors on odd pages; tables are optional
        return []
    for table in found:
        rows = table.extract()
        if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
            continue
        cells = [c for r in rows for c in r if c and c.strip()]
        if len(cells) >= 2:
            tables.append(table)
    return sorted(tables, key=lambda t: t.bbox[1])


def _table_block(table: Any) -> str:
    rows = table.extract()
    cols = max(len(r) for r in rows)
    lines = [TABLE_START.format(cols=cols)]
    for row in rows:
        cells = list(row) + [None] * (cols - len(row))
        lines.extend(_SPACE.sub(" ", (c or "")).strip() for c in cells)
    lines.append(TABLE_END)
    return "\n".join(lines)


def _inside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def page_text_layer(page: Any) -> str:
    """A page's text in reading order, its ruled tables as ``[[TABLE n]]`` blocks in place."""
    tables = _good_tables(page)
    if not tables:
        return page.extract_text() or ""
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in boxes))
    parts: list[str] = []
    top = 0.0
    for table in tables:
        parts.append(_band_text(outside, top, table.bbox[3]))
        parts.append(_table_block(table))
        top = table.bbox[3]
    parts.append(_band_text(outside, top, float(page.height)))
    return "\n".join(p for p in parts if p.strip())


def _band_text(page: Any, top: float, bottom: float) -> str:
    if bottom <= top:
        return ""
    band = page.crop((0, top, float(page.width), bottom), strict=False)
    return band.extract_text() or ""


# --------------------------------------------------------------------------- reader


def _open(path: Path) -> Any:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
        _ = len(pdf.pages)
        return pdf
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        reason = str(exc) or type(exc).__name__
        if "password" in reason.lower() or "encrypt" in reason.lower() or type(exc).__name__ == "PDFPasswordIncorrect":
            raise IngestError(
                f"{path.name}: encrypted PDF ({reason}); save an unprotected copy and ingest that"
            ) from exc
        raise IngestError(
            f"{path.name}: corrupt or unreadable PDF ({type(exc).__name__}: {reason}); "
            "re-download or re-export the file and ingest it again"
        ) from exc


def _read_layer(path: Path) -> list[_PageText]:
    """Every page's text-layer text and whether it needs OCR."""
    pdf = _open(path)
    pages: list[_PageText] = []
    textless = _textless_pages(path)
    try:
        raw: list[tuple[str, bool]] = []
        for page in pdf.pages:
            if page.page_number in textless:  # skip pdfminer's slow layout of image/vector-only pages
                raw.append(("", textless[page.page_number]))
                continue
            try:
                text = page_text_layer(page)
            except Exception as exc:
                raise IngestError(
                    f"{path.name}: page {page.page_number} could not be read ({type(exc).__name__}: {exc}); "
                    "re-export the PDF and ingest it again"
                ) from exc
            has_images = bool(page.images) or bool(page.rects) or bool(page.curves)
            raw.append((unicodedata.normalize("NFC", text), has_images))
    finally:
        pdf.close()
    expect_chinese = _expect_chinese(path, [t for t, _ in raw])
    for number, (text, has_images) in enumerate(raw, start=1):
        pages.append(_PageText(number, text, ocr_reason(text, has_images, expect_chinese=expect_chinese)))
    return pages


def _textless_pages(path: Path) -> dict[int, bool]:
    """Pages pdfium finds no text on, with whether they draw anything (a fast pre-scan).

    A printed web page can draw every glyph as a vector path: pdfminer then spends seconds
    laying out thousands of curves of a page that has no text anyway.
    """
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
    except Exception:  # pdfplumber reports unreadable files with a better message
        return {}
    found: dict[int, bool] = {}
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            if textpage.count_chars() == 0:
                found[index + 1] = next(iter(page.get_objects()), None) is not None
            textpage.close()
            page.close()
    except Exception:
        return {}
    finally:
        doc.close()
    return found


def _expect_chinese(path: Path, texts: list[str]) -> bool:
    """A document is Chinese unless its readable pages are clearly latin text."""
    good = "".join(t for t in texts if not is_garbled(t, expect_chinese=False))
    if _CJK.search(good):
        return True
    latin = len(_LATIN.findall(good))
    return latin < 200 or not _looks_like_words(good)


def _page_label(numbers: list[int]) -> str:
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(map(str, numbers))


def read_pdf(
    path: Path,
    *,
    ocr: bool = True,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    engine: _ocr.OcrEngine | None = None,
) -> RawDocument:
    """Read a PDF page by page; OCR the pages without a usable text layer.

    Args:
        path: the PDF file.
        ocr: OCR pages that need it; when False, such pages are skipped with a warning.
        cache_dir: folder for the OCR cache (keyed by file content hash and page).
        progress: called with a short message before each OCR'd page ("OCR 第2/4页").
        engine: the OCR engine to use (default: a new one, loaded only if a page needs it).

    Returns:
        The text with one ``PageInfo`` per page (offsets, OCR flag, mean confidence).

    Raises:
        ScannedDocumentError: no page has a usable text layer and OCR is off.
        IngestError: the file is not a readable PDF, or no text could be read from it.
    """
    path = Path(path)
    layer = _read_layer(path)
    if not layer:
        raise IngestError(f"{path.name}: the PDF has no pages; check the file")
    need = [p for p in layer if p.needs_ocr]
    warnings: list[str] = []
    ocr_text: dict[int, tuple[str, float | None]] = {}
    if need and not ocr:
        if len(need) == len(layer):
            raise ScannedDocumentError(
                f"{path.name}: no text layer: scanned document, OCR needed (re-run without --no-ocr)"
            )
        numbers = [p.number for p in need]
        warnings.append(
            f"{path.name}: {_page_label(numbers)} skipped: no usable text layer (scanned or garbled), "
            "OCR is off; re-run without --no-ocr to read them"
        )
    elif need:
        ocr_text = _ocr_pages(path, [p.number for p in need], len(layer), cache_dir, progress,
                              engine or _ocr.OcrEngine())
        garbled = [p.number for p in need if p.needs_ocr == "garbled text layer"]
        if garbled:
            warnings.append(f"{path.name}: {_page_label(garbled)}: garbled text layer, read by OCR instead")
    text, pages = _assemble(layer, ocr_text, skip=bool(need) and not ocr)
    if not text.strip():
        raise IngestError(
            f"{path.name}: no text found in the PDF (empty pages, or OCR found nothing); check the file"
        )
    return RawDocument(source=path.name, format="pdf", text=text, pages=pages, warnings=warnings)


def _assemble(
    layer: list[_PageText], ocr_text: dict[int, tuple[str, float | None]], *, skip: bool
) -> tuple[str, list[PageInfo]]:
    parts: list[str] = []
    pages: list[PageInfo] = []
    offset = 0
    for page in layer:
        if page.needs_ocr and skip:
            continue
        if page.number in ocr_text:
            body, confidence = ocr_text[page.number]
            info = {"ocr": True, "confidence": confidence}
        else:
            body, info = page.text.strip("\n"), {}
        if parts:
            offset += 1  # the "\n" between pages
        pages.append(PageInfo(number=page.number, start=offset, end=offset + len(body), **info))
        parts.append(body)
        offset += len(body)
    return "\n".join(parts), pages


def _ocr_pages(
    path: Path,
    numbers: list[int],
    total: int,
    cache_dir: Path | None,
    progress: Callable[[str], None] | None,
    engine: _ocr.OcrEngine,
) -> dict[int, tuple[str, float | None]]:
    """OCR the given 1-based pages; running headers/footers are found across them."""
    import pypdfium2 as pdfium

    sha = _ocr.file_sha256(path)
    results: dict[int, _ocr.OcrPage] = {}
    doc = None
    try:
        for number in numbers:
            if progress:
                progress(f"OCR 第{number}/{total}页")

            def render(number: int = number) -> Any:
                nonlocal doc
                if doc is None:
                    doc = pdfium.PdfDocument(str(path))
                return doc[number - 1].render(scale=_ocr.RENDER_SCALE).to_pil()

            try:
                results[number] = engine.cached(sha, number, cache_dir, render)
            except (ScannedDocumentError, IngestError):
                raise
            except Exception as exc:
                raise IngestError(
                    f"{path.name}: OCR failed on page {number} ({type(exc).__name__}: {exc}); "
                    "re-run with --no-ocr to skip scanned pages"
                ) from exc
    finally:
        if doc is not None:
            doc.close()
    running = _ocr.running_lines(list(results.values()))
    return {n: _ocr.page_text(r, running) for n, r in results.items()}
