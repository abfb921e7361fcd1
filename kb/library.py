"""Library management: remove, replace, re-parse documents and correct their metadata, every change in the index's
audit log.

Corrections live in the store's own table and are laid over what ingest reads (kb.store.CORRECTABLE), so a
re-ingest of the same file keeps them. A removal is a build like any other: the index folder is copied, the
document dropped from the copy, the search indexes refreshed, and the copy swapped in (kb.pipeline). A replacement
or a re-parse is the same kind of build (``kb.pipeline.reingest_documents``): the document keeps its id, its old
clauses, records and vectors go, and an uploaded new version is kept under ``<index>/uploads/`` as the original.
"""

from __future__ import annotations

import getpass
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from typing import Any
from datetime import datetime, timezone
from pathlib import Path

from kb.config import Settings
from kb.errors import KBError
from kb.models import DocumentMeta, FileResult
from kb.store import CORRECTABLE, Store

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def edit_document(index_dir: Path, doc_id: str, changes: dict[str, str], user: str | None = None) -> DocumentMeta:
    """Correct a document's title / 文号 / issuer / date; returns the corrected document.

    Raises:
        KBError: an unknown document, no change, or a date not written as YYYY-MM-DD.
    """
    changes = {k: v.strip() for k, v in changes.items() if v is not None and k in CORRECTABLE}
    if not changes:
        raise KBError("nothing to change: give --title, --doc-number, --issuer or --date")
    if changes.get("date") and not _DATE.match(changes["date"]):
        raise KBError(f"date {changes['date']!r} must look like 2024-01-31")
    store = Store.open(Path(index_dir))
    try:
        before = {d.id: d for d in store.documents()}.get(doc_id)
        if before is None:
            raise KBError(f"no document {doc_id!r} in the index: list them with `kb docs`")
        store.correct(doc_id, changes, user or default_user(), now())
        return next(d for d in store.documents() if d.id == doc_id)
    finally:
        store.close()


def remove_documents(index_dir: Path, doc_ids: Sequence[str], settings: Settings, user: str | None = None,
                     progress: Callable[[str], None] | None = None, embedder: Any = None) -> list[DocumentMeta]:
    """Delete documents from the index (built aside and swapped in); returns what was removed.

    ``embedder``: the model of ``settings.embedder`` when the caller holds one (the app lends its own).

    Raises:
        KBError: a document id the index does not hold (nothing is removed then).
    """
    from kb.pipeline import remove_documents as remove_aside  # the pipeline's build-aside-and-swap

    index_dir = Path(index_dir)
    live = Store.open(index_dir)
    try:
        known = {d.id: d for d in live.documents()}
    finally:
        live.close()
    missing = [d for d in doc_ids if d not in known]
    if missing:
        raise KBError(f"no document {missing[0]!r} in the index: list them with `kb docs`")

    def audit(store: Store, doc_id: str) -> None:
        store.log(now(), user or default_user(), "remove", doc_id,
                  {"title": known[doc_id].title, "source": known[doc_id].source})
        (store.path.parent / "uploads" / known[doc_id].source).unlink(missing_ok=True)  # an uploaded original

    remove_aside(index_dir, doc_ids, settings, on_removed=audit, progress=progress, embedder=embedder)
    return [known[d] for d in doc_ids]


def original_path(index_dir: Path, doc: DocumentMeta) -> Path | None:
    """The original file of a document, if it is still there: its uploaded copy under ``<index>/uploads/``, else
    the file it was ingested from (recorded by the pipeline)."""
    from kb.pipeline import ORIGINAL_KEY

    index_dir = Path(index_dir)
    uploads = index_dir / "uploads"
    candidates = [uploads / Path(doc.source).name]
    store = Store.open(index_dir)
    try:
        recorded = store.get_kv(ORIGINAL_KEY + doc.id)
    finally:
        store.close()
    if recorded:
        candidates.append(Path(recorded))
        candidates.append(uploads / Path(recorded).name)  # an upload recorded in the building copy's folder
    for path in candidates:
        inside = path.parent != uploads or path.resolve().parent == uploads.resolve()  # no link out of uploads/
        if inside and path.is_file() and doc_id_of(path) == doc.id:
            return path
    return None


def doc_id_of(path: Path) -> str:
    from kb.pipeline import doc_id_for

    return doc_id_for(path)


def _known(index_dir: Path) -> dict[str, DocumentMeta]:
    store = Store.open(Path(index_dir))
    try:
        return {d.id: d for d in store.documents()}
    finally:
        store.close()


def replace_document(index_dir: Path, doc_id: str, new_file: Path, settings: Settings, user: str | None = None,
                     keep_corrections: bool = True, name: str | None = None,
                     progress: Callable[[str], None] | None = None, embedder: Any = None) -> FileResult:
    """Replace a document with a new version of it (any supported format) under the same id: its old clauses,
    records and vectors go, the new file is kept as its original, corrections stay unless ``keep_corrections`` is
    False; logged. ``name`` is the new file's name as the user knows it (an upload's temp file has another).
    ``embedder``: as for ``remove_documents``.

    Raises:
        KBError: an unknown document, or a new file that cannot be read (the old version is kept then).
    """
    from kb.pipeline import reingest_documents

    known = _known(index_dir)
    if doc_id not in known:
        raise KBError(f"no document {doc_id!r} in the index: list them with `kb docs`")
    new_file = Path(new_file)
    suffix = Path(name or new_file.name).suffix.lower()
    suffix = ".html" if suffix == ".htm" else suffix
    old = known[doc_id]

    def stored(store: Store, document: object, staged: Path) -> None:
        uploads = store.path.parent / "uploads"
        uploads.mkdir(exist_ok=True)
        if (uploads / old.source).is_file() and old.source != staged.name:
            (uploads / old.source).unlink()  # the previous upload of another format
        shutil.copyfile(staged, uploads / staged.name)
        from kb.pipeline import remember_original

        remember_original(store, doc_id, uploads / staged.name)
        if not keep_corrections:
            store.drop_corrections(doc_id)
        store.log(now(), user or default_user(), "replace", doc_id,
                  {"title": old.title, "source": old.source, "new_source": name or new_file.name,
                   "corrections": "kept" if keep_corrections else "dropped"})

    with tempfile.TemporaryDirectory(prefix="kb-replace-") as tmp:
        staged = Path(tmp) / f"{doc_id}{suffix}"
        shutil.copyfile(new_file, staged)
        return reingest_documents(index_dir, [(doc_id, staged)], settings, on_stored=stored, progress=progress,
                                  embedder=embedder)[0]


def reparse_documents(index_dir: Path, doc_ids: Sequence[str] | None, settings: Settings, user: str | None = None,
                      progress: Callable[[str], None] | None = None, embedder: Any = None) -> list[FileResult]:
    """Run the pipeline again on documents' originals (all when ``doc_ids`` is None), e.g. after a parser upgrade;
    corrections stay. A document whose original is gone gets a failed result and keeps its current version.
    ``embedder``: as for ``remove_documents``.

    Raises:
        KBError: an unknown document, or no original left to parse.
    """
    from kb.pipeline import reingest_documents

    known = _known(index_dir)
    ids = list(known) if doc_ids is None else list(doc_ids)
    if missing := [d for d in ids if d not in known]:
        raise KBError(f"no document {missing[0]!r} in the index: list them with `kb docs`")
    found = {d: original_path(index_dir, known[d]) for d in ids}
    lost = [FileResult(path=known[d].source, status="failed", doc_id=d,
                       reason=f"{known[d].source}: original file not found: replace the document with its file")
            for d in ids if found[d] is None]
    items = [(d, p) for d, p in found.items() if p is not None]
    if not items:
        raise KBError(lost[0].reason if lost else "nothing to re-parse")

    def stored(store: Store, document: object, path: Path) -> None:
        store.log(now(), user or default_user(), "reparse", getattr(document, "id"), {"source": path.name})

    return reingest_documents(index_dir, items, settings, on_stored=stored, progress=progress,
                              embedder=embedder) + lost
