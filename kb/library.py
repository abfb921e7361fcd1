"""Library management: remove documents and correct their metadata, every change in the index's audit log.

Corrections live in the store's own table and are laid over what ingest reads (kb.store.CORRECTABLE), so a
re-ingest of the same file keeps them. A removal is a build like any other: the index folder is copied, the
document dropped from the copy, the search indexes refreshed, and the copy swapped in (kb.pipeline).
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Callable, Sequence
from typing import Any
from datetime import datetime, timezone
from pathlib import Path

from kb.config import Settings
from kb.errors import KBError
from kb.models import DocumentMeta
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
