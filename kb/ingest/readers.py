"""path -> RawDocument. The only file I/O of the ingest stages.

One reader per format, chosen by extension (each in its module: ``textfile``, ``mdfile``, ``htmlfile``, ``docxfile``,
``pdf``, ``ocr``):

* ``.txt`` / ``.md``: bytes decoded with BOM sniffing, strict UTF-8, then GB18030 and
  charset-normalizer; markdown syntax (``#`` headings, comments, ``|`` tables) is removed.
* ``.html`` / ``.htm``: the content container's block structure as lines, data tables as
  ``[[TABLE n]]`` blocks, and the gov.cn metadata table (标题/发文机关/成文日期/发文字号/发布日期)
  as :class:`~kb.models.DocHints`.
* ``.docx``: body paragraphs and tables in order, through python-docx, or straight from
  ``word/document.xml`` when python-docx refuses the package.
* ``.pdf`` / images: delegated to :mod:`kb.ingest.pdf` and :mod:`kb.ingest.ocr` (imported lazily).

Every failure is an :class:`~kb.errors.IngestError` whose one-line message names the file,
the reason and what to do next."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kb.errors import IngestError
from kb.ingest.docxfile import read_docx
from kb.ingest.htmlfile import read_html
from kb.ingest.mdfile import markdown_hints, markdown_to_text
from kb.ingest.textfile import decode_text, plausible
from kb.models import DocHints, RawDocument

if TYPE_CHECKING:
    from kb.ingest.ocr import OcrEngine

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg")


def read_document(
    path: Path,
    *,
    ocr: bool = True,
    max_bytes: int = 50 * 1024 * 1024,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    data: bytes | None = None,
    ocr_engine: OcrEngine | None = None,
) -> RawDocument:
    """Read one file into plain text. Raises IngestError (ScannedDocumentError) with a one-line reason.

    Args:
        path: the file.
        ocr: let the PDF reader OCR pages without a text layer.
        max_bytes: larger files are refused.
        cache_dir: where the PDF/OCR readers may cache page results.
        progress: optional callback for long readers (OCR).
        ocr_engine: the caller's ``kb.ingest.ocr.OcrEngine`` for PDFs and images (default: a new one per file).
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

            return read_pdf(path, ocr=ocr, cache_dir=cache_dir, progress=progress, engine=ocr_engine)
        if suffix in (".png", ".jpg", ".jpeg"):
            from kb.ingest.ocr import read_image

            return read_image(path, cache_dir=cache_dir, progress=progress, engine=ocr_engine)
        if data is None:
            data = path.read_bytes()
        if suffix in (".txt", ".md"):
            return _read_text(name, data, markdown=suffix == ".md")
        if suffix in (".html", ".htm"):
            return read_html(name, data)
        return read_docx(path, data)
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


def _read_text(name: str, data: bytes, *, markdown: bool) -> RawDocument:
    text, encoding = decode_text(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    hints = DocHints()
    if markdown:
        hints = markdown_hints(text)
        text = markdown_to_text(text)
    if not plausible(text):
        raise IngestError(f"{name}: binary content in a text file; check that it is really a text file")
    if not text.strip():
        raise IngestError(f"{name}: no text (only whitespace); re-download or re-export it")
    warnings = [] if encoding in ("utf-8", "utf-8-sig") else [f"decoded as {encoding}"]
    return RawDocument(source=name, format="md" if markdown else "txt", text=text, hints=hints, warnings=warnings)
