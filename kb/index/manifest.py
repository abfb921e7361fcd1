"""``manifest.json``: what an index was built with; opening it with anything else is refused."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.errors import IndexMismatchError, IndexMissingError

MANIFEST = "manifest.json"
ROWS = "rows.json"
PASSAGES = "passages.npy"  # dense row -> clause row
CONTEXT_FAISS = "context.faiss"  # FAISS over fixed windows of each document's text (see kb.index.context_windows)
CONTEXT_ROWS = "context_rows.npy"  # context window -> [first clause row, end clause row) it overlaps
FORMAT = 3  # 3: context windows (context.faiss, context_rows.npy)
# Settings that change what the index contains; the others (ocr, max_file_mb) only change ingest.
INDEX_SETTINGS = ("embedder", "context_vectors")
# what an index whose manifest predates a setting was built with
_BEFORE = {"context_vectors": "embedded"}
_ENV = {"embedder": "KB_EMBEDDER", "context_vectors": "KB_CONTEXT_VECTORS"}


def kb_version() -> str:
    try:
        from importlib.metadata import version

        return version("policy-kb")
    except Exception:  # noqa: BLE001 - not installed as a distribution (running from the source tree)
        return "0+src"


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temp file then rename), UTF-8, ``ensure_ascii=False``."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def make_manifest(
    *, model: str, dim: int, settings: Settings, tokenizer: str, corpus_hash: str, clauses: int, dense: str
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kb_version": kb_version(),
        "model": model,
        "dim": dim,
        "settings": settings.model_dump(),
        "tokenizer": tokenizer,
        "corpus_hash": corpus_hash,
        "clauses": clauses,
        "dense": dense,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def read_manifest(index_dir: Path) -> dict[str, Any]:
    path = Path(index_dir) / MANIFEST
    if not path.exists():
        raise IndexMissingError(
            f"no search index in {index_dir} (missing {MANIFEST}): build it with `kb ingest corpus/ --index {index_dir}`"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def check_manifest(manifest: dict[str, Any], settings: Settings, tokenizer: str, index_dir: Path) -> None:
    """Raise ``IndexMismatchError`` when the index was built with another model, settings or tokenizer."""
    rebuild = f"rebuild it with `kb ingest <folder> --index {index_dir}` or open it with the settings it was built with"
    if manifest.get("format") != FORMAT:
        raise IndexMismatchError(f"index {index_dir} has format {manifest.get('format')}, expected {FORMAT}: {rebuild}")
    built = manifest.get("settings", {})
    for name in INDEX_SETTINGS:
        want, have = getattr(settings, name), built.get(name, _BEFORE.get(name))
        if want != have:
            raise IndexMismatchError(
                f"index {index_dir} was built with {name}={have!r} (model {manifest.get('model')}), "
                f"but the current setting is {name}={want!r}: set {_ENV[name]}={have} or {rebuild}"
            )
    if manifest.get("tokenizer") != tokenizer:
        raise IndexMismatchError(
            f"index {index_dir} was built with another tokenizer dictionary ({manifest.get('tokenizer')}, "
            f"now {tokenizer}): {rebuild}"
        )
