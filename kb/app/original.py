"""The original of a clause: its PDF page (or the uploaded image) with the clause boxed, or the document's text with
the clause's span marked — what staff check before they quote a clause.

The original file is found by ``kb.library.original_path`` (an uploaded copy under ``<index>/uploads/`` or the
file it was ingested from) and only read, never served by name: the page is sent as an inline PNG and every text
is HTML-escaped.
"""

from __future__ import annotations

import base64
import io
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kb.app.render import esc, shown_text, where
from kb.models import Clause

if TYPE_CHECKING:
    from kb.app.backend import Backend

PAGE_SCALE = 1.5  # 72 dpi x 1.5: an A4 page is 893 x 1263 pixels, readable in the side column
TEXT_BEFORE, TEXT_AFTER = 600, 2400  # characters of the document shown around a clause of a text original
_PDFIUM = threading.Lock()  # pdfium is not thread-safe: one page render at a time in this process
EMPTY = '<div class="kb-empty">先点击一条条款，再点“查看原文”。</div>'


def original_html(backend: Backend, clause_id: str) -> str:
    """The clause's original page image (PDF, image) or its document's text around it, with the clause marked."""
    from kb.library import original_path

    clause = backend.clause(clause_id) if clause_id else None
    meta = backend.document_meta(clause.doc_id) if clause else None
    if clause is None or meta is None:
        return EMPTY
    path = original_path(backend.index_dir, meta)
    head = (f'<div class="kb-orig-head"><b>{esc(meta.title or meta.source)}</b>'
            f'{"　第 " + str(clause.page) + " 页" if clause.page else ""}　<span class="kb-path">{esc(where(clause))}'
            f'</span></div>')
    suffix = path.suffix.lower() if path else ""
    if path is not None and suffix == ".pdf" and clause.page:
        png, found = pdf_page_png(path, clause.page, shown_text(clause))
        note = "" if found else '<div class="kb-meta">未能在页面上自动框出这一条（扫描页或排版特殊），请按页码核对。</div>'
        return f'<div class="kb-original">{head}{note}{_img(png, "原文第" + str(clause.page) + "页")}</div>'
    if path is not None and suffix in (".png", ".jpg", ".jpeg"):
        return f'<div class="kb-original">{head}{_img(path.read_bytes(), "原图", suffix[1:])}</div>'
    document = backend.store.document(clause.doc_id)
    note = "" if path is not None else '<div class="kb-meta">原文件不在服务器上，下面是入库时读出的全文。</div>'
    return f'<div class="kb-original">{head}{note}{text_window_html(document.text if document else "", clause)}</div>'


def text_window_html(text: str, clause: Clause) -> str:
    """The document's text around the clause, escaped, with the clause's own span in ``<mark class="kb-orig-mark">``."""
    start, end = clause.start, clause.end
    if not (0 <= start < end <= len(text)):
        return f'<div class="kb-orig-text"><mark class="kb-orig-mark">{esc(shown_text(clause))}</mark></div>'
    a, b = max(0, start - TEXT_BEFORE), min(len(text), end + TEXT_AFTER)
    return (f'<div class="kb-orig-text">{"…" if a else ""}{esc(text[a:start])}'
            f'<mark class="kb-orig-mark" id="kb-orig-mark">{esc(text[start:end])}</mark>'
            f'{esc(text[end:b])}{"…" if b < len(text) else ""}</div>')


def pdf_page_png(path: Path, page_no: int, clause_text: str) -> tuple[bytes, bool]:
    """Page ``page_no`` (1-based) of a PDF as PNG with the clause's text boxed in red; (png, whether it was found)."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[max(0, min(page_no, len(pdf)) - 1)]
            image = page.render(scale=PAGE_SCALE).to_pil().convert("RGB")
            height = page.get_height()
            boxes = clause_boxes(page.get_textpage(), clause_text)
        finally:
            pdf.close()
    draw = ImageDraw.Draw(image, "RGBA")
    for left, bottom, right, top in boxes:
        draw.rectangle([left * PAGE_SCALE - 2, (height - top) * PAGE_SCALE - 2,
                        right * PAGE_SCALE + 2, (height - bottom) * PAGE_SCALE + 2],
                       fill=(255, 214, 0, 60), outline=(180, 35, 24, 255), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), bool(boxes)


def clause_boxes(textpage: object, clause_text: str, chunk: int = 6, tries: int = 40) -> list[tuple[float, ...]]:
    """The rectangles (PDF points) of the clause on a page: pieces of its text are searched in order (a line break
    in the PDF splits a longer search), and the span from the first piece found to the last is boxed."""
    text = "".join(clause_text.split())
    first = last = None
    for i in range(0, min(len(text), chunk * tries), chunk):
        piece = text[i : i + chunk]
        if len(piece) < 3:
            break
        searcher = textpage.search(piece, index=last or 0)  # type: ignore[attr-defined]
        hit = searcher.get_next()
        searcher.close()
        if hit is None:
            continue
        first = hit[0] if first is None else first
        last = hit[0] + hit[1]
    if first is None or last is None:
        return []
    n = textpage.count_rects(first, last - first)  # type: ignore[attr-defined]
    return [tuple(textpage.get_rect(i)) for i in range(n)]  # type: ignore[attr-defined]


def _img(data: bytes, alt: str, kind: str = "png") -> str:
    kind = "jpeg" if kind == "jpg" else kind
    return (f'<img class="kb-orig-page" alt="{esc(alt)}" '
            f'src="data:image/{kind};base64,{base64.b64encode(data).decode("ascii")}">')
