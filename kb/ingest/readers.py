"""path -> RawDocument. The only file I/O of the ingest stages. (Owner: readers helper.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.models import RawDocument

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg")


def read_document(
    path: Path,
    *,
    ocr: bool = True,
    max_bytes: int = 50 * 1024 * 1024,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> RawDocument:
    """Read one file into plain text. Raises IngestError (ScannedDocumentError) with a one-line reason."""
    raise NotImplementedError
