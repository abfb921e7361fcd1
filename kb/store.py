"""SQLite storage of documents, clauses, records and cached vectors: the one writer of ``indexes/<name>/kb.sqlite``."""

from __future__ import annotations

import hashlib
import json
import queue
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import IndexMissingError
from kb.models import Clause, Deadline, Document, DocumentMeta, Indicator, Records, Responsibility

DB_NAME = "kb.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clauses (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses(doc_id, seq);
CREATE TABLE IF NOT EXISTS records (
    doc_id TEXT NOT NULL, clause_id TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_doc ON records(doc_id, kind);
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL, key TEXT NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (model, key)
);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (
    doc_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (doc_id, field)
);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
    doc_id TEXT NOT NULL, detail TEXT NOT NULL
);
"""
# Document fields staff may correct (kb edit, the app's 文档库): kept in their own table, laid over what ingest
# reads, so that a re-ingest of the same file keeps them.
CORRECTABLE = ("title", "doc_number", "issuer", "date")

_RECORD_KINDS: dict[str, type[Any]] = {
    "indicator": Indicator,
    "responsibility": Responsibility,
    "deadline": Deadline,
}


def text_key(text: str) -> str:
    """Cache key of a text (for vectors): sha1 of its UTF-8 bytes."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# Read-only connections a store keeps besides its writing one. Reads used to share the writing connection under
# one lock: with 50 app users, threads queued there for seconds (a thread holding the lock waits for the GIL while
# the others wait for the lock). They are opened with the store, so they read the same file as the writing one
# even after the index folder is swapped.
READERS = 4


class Store:
    """Documents, clauses and records in one SQLite file; safe to share between threads (writes one at a time on
    one connection, reads on up to ``READERS`` read-only connections at once; each sees what was committed)."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(db_path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False)
        self._conn.executescript(_SCHEMA)
        self._readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        uri = self.path.resolve().as_uri() + "?mode=ro"
        for _ in range(READERS):
            self._readers.put(sqlite3.connect(uri, uri=True, check_same_thread=False))

    @classmethod
    def open(cls, index_dir: Path, *, create: bool = False) -> Store:
        """Open ``index_dir/kb.sqlite``; without ``create`` a missing index is an error."""
        db = Path(index_dir) / DB_NAME
        if not db.exists() and not create:
            raise IndexMissingError(
                f"no index at {index_dir}: build it first with `kb ingest corpus/ --index {index_dir}`"
            )
        Path(index_dir).mkdir(parents=True, exist_ok=True)
        return cls(db)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            while not self._readers.empty():
                self._readers.get().close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._readers.get()  # waits while every reader is busy
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            self._readers.put(conn)

    # ------------------------------------------------------------------ documents

    def documents(self) -> list[DocumentMeta]:
        """Every document without its text, with its clause count, in ingest order."""
        counts = dict(self._rows("SELECT doc_id, COUNT(*) FROM clauses GROUP BY doc_id"))
        out = []
        fixes = self.corrections()
        # the text left out in SQLite: parsing every document's full text is most of a large archive's open time
        for (data,) in self._rows("SELECT json_remove(data, '$.text') FROM documents ORDER BY seq, id"):
            doc = json.loads(data)
            doc.update(fixes.get(doc["id"], {}))
            fields = {k: doc.get(k, "") for k in DocumentMeta.model_fields if k not in ("clauses", "coverage")}
            out.append(
                DocumentMeta(**fields, coverage=doc.get("coverage", 0.0), clauses=counts.get(doc["id"], 0))
            )
        return out

    def document(self, doc_id: str) -> Document | None:
        rows = self._rows("SELECT data FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            return None
        doc = Document.model_validate_json(rows[0][0])
        fixes = self.corrections().get(doc_id)
        return doc.model_copy(update=fixes) if fixes else doc

    # ------------------------------------------------------------------ corrections and the audit log

    def corrections(self) -> dict[str, dict[str, str]]:
        """doc id -> {field: corrected value} (see CORRECTABLE)."""
        out: dict[str, dict[str, str]] = {}
        for doc_id, field, value in self._rows("SELECT doc_id, field, value FROM corrections"):
            out.setdefault(doc_id, {})[field] = value
        return out

    def correct(self, doc_id: str, changes: dict[str, str], user: str, at: str) -> None:
        """Record corrected fields of a document and log who changed what, when."""
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise ValueError(f"not a correctable field: {sorted(unknown)}; use {CORRECTABLE}")
        with self._lock, self._conn:
            for field, value in changes.items():
                self._conn.execute("INSERT OR REPLACE INTO corrections VALUES (?, ?, ?)", (doc_id, field, value))
            self._log(at, user, "edit", doc_id, changes)

    def drop_corrections(self, doc_id: str) -> None:
        """Forget a document's corrections (a replacement whose user wants the new file's own metadata)."""
        with self._lock, self._conn:
            self._conn.execute("DELETE FROM corrections WHERE doc_id = ?", (doc_id,))

    def log(self, at: str, user: str, action: str, doc_id: str, detail: dict[str, Any]) -> None:
        with self._lock, self._conn:
            self._log(at, user, action, doc_id, detail)

    def _log(self, at: str, user: str, action: str, doc_id: str, detail: dict[str, Any]) -> None:
        self._conn.execute("INSERT INTO audit (at, user, action, doc_id, detail) VALUES (?, ?, ?, ?, ?)",
                           (at, user, action, doc_id, json.dumps(detail, ensure_ascii=False)))

    def audit(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """The audit log, oldest first: {at, user, action, doc_id, detail}."""
        sql = "SELECT at, user, action, doc_id, detail FROM audit" + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY seq"
        return [{"at": at, "user": user, "action": action, "doc_id": d, "detail": json.loads(detail)}
                for at, user, action, d, detail in self._rows(sql, (doc_id,) if doc_id else ())]

    def find_document(self, *, source: str | None = None, sha256: str | None = None) -> str | None:
        """The id of the document ingested from ``source`` (file name) or with content ``sha256``."""
        if sha256 is not None:
            rows = self._rows("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        else:
            rows = self._rows("SELECT id FROM documents WHERE source = ?", (source,))
        return rows[0][0] if rows else None

    def doc_ids(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT id FROM documents")}

    # ------------------------------------------------------------------ clauses and records

    def clauses(self, doc_id: str | None = None) -> list[Clause]:
        if doc_id is None:
            rows = self._rows(
                "SELECT c.data FROM clauses c JOIN documents d ON d.id = c.doc_id ORDER BY d.seq, d.id, c.seq"
            )
        else:
            rows = self._rows("SELECT data FROM clauses WHERE doc_id = ? ORDER BY seq", (doc_id,))
        return [Clause.model_validate_json(r[0]) for r in rows]

    def clause_count(self, doc_id: str | None = None) -> int:
        """How many clauses (of one document, or of every stored document)."""
        if doc_id is None:
            sql, params = "SELECT COUNT(*) FROM clauses c JOIN documents d ON d.id = c.doc_id", ()
        else:
            sql, params = "SELECT COUNT(*) FROM clauses WHERE doc_id = ?", (doc_id,)
        return int(self._rows(sql, params)[0][0])

    def clause(self, clause_id: str) -> Clause | None:
        rows = self._rows("SELECT data FROM clauses WHERE id = ?", (clause_id,))
        return Clause.model_validate_json(rows[0][0]) if rows else None

    def clauses_by_id(self, clause_ids: Sequence[str]) -> dict[str, Clause]:
        """The stored clauses among ``clause_ids``, by id (one query per 500 ids)."""
        out: dict[str, Clause] = {}
        ids = list(dict.fromkeys(clause_ids))
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            sql = f"SELECT data FROM clauses WHERE id IN ({','.join('?' * len(chunk))})"
            for (data,) in self._rows(sql, chunk):
                clause = Clause.model_validate_json(data)
                out[clause.id] = clause
        return out

    def _records(self, kind: str, doc_id: str | None) -> list[Any]:
        model = _RECORD_KINDS[kind]
        sql = "SELECT r.data FROM records r JOIN documents d ON d.id = r.doc_id WHERE r.kind = ?"
        params: list[Any] = [kind]
        if doc_id is not None:
            sql += " AND r.doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY d.seq, r.clause_id, r.seq"
        return [model.model_validate_json(r[0]) for r in self._rows(sql, params)]

    def record_rows(self, kind: str, doc_id: str) -> list[tuple[str, str]]:
        """A document's records of ``kind`` as (clause id, JSON) in order, unparsed (a search parses the few it shows)."""
        sql = "SELECT clause_id, data FROM records WHERE kind = ? AND doc_id = ? ORDER BY clause_id, seq"
        return [(cid, data) for cid, data in self._rows(sql, [kind, doc_id])]

    def responsibility_units(self) -> list[str]:
        """Every unit some responsibility names, sorted (without parsing the records)."""
        rows = self._rows("SELECT DISTINCT json_extract(data, '$.unit') FROM records WHERE kind = 'responsibility'")
        return sorted(u for (u,) in rows if u)

    def indicators(self, doc_id: str | None = None) -> list[Indicator]:
        return self._records("indicator", doc_id)

    def responsibilities(self, doc_id: str | None = None) -> list[Responsibility]:
        return self._records("responsibility", doc_id)

    def deadlines(self, doc_id: str | None = None) -> list[Deadline]:
        return self._records("deadline", doc_id)

    # ------------------------------------------------------------------ writes

    def put_document(self, document: Document, clauses: Sequence[Clause], records: Records) -> None:
        """Insert or replace a document with its clauses and records, in one transaction."""
        with self._lock, self._conn:
            seq_rows = self._conn.execute("SELECT seq FROM documents WHERE id = ?", (document.id,)).fetchall()
            if seq_rows:
                seq = seq_rows[0][0]
            else:
                seq = self._conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM documents").fetchone()[0]
            self._delete(document.id)
            self._conn.execute(
                "INSERT INTO documents (id, source, sha256, seq, data) VALUES (?, ?, ?, ?, ?)",
                (document.id, document.source, document.sha256, seq, document.model_dump_json()),
            )
            self._conn.executemany(
                "INSERT INTO clauses (id, doc_id, seq, data) VALUES (?, ?, ?, ?)",
                [(c.id, document.id, c.seq, c.model_dump_json()) for c in clauses],
            )
            rows = []
            for kind, items in (
                ("indicator", records.indicators),
                ("responsibility", records.responsibilities),
                ("deadline", records.deadlines),
            ):
                rows.extend((document.id, r.clause_id, kind, i, r.model_dump_json()) for i, r in enumerate(items))
            self._conn.executemany(
                "INSERT INTO records (doc_id, clause_id, kind, seq, data) VALUES (?, ?, ?, ?, ?)", rows
            )

    def delete_document(self, doc_id: str) -> None:
        with self._lock, self._conn:
            self._delete(doc_id)

    def _delete(self, doc_id: str) -> None:
        for table, col in (("records", "doc_id"), ("clauses", "doc_id"), ("documents", "id")):
            self._conn.execute(f"DELETE FROM {table} WHERE {col} = ?", (doc_id,))

    # ------------------------------------------------------------------ vectors

    def get_vectors(self, model: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(keys)
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, dim, blob in self._rows(
                f"SELECT key, dim, vec FROM vectors WHERE model = ? AND key IN ({marks})", [model, *chunk]
            ):
                out[key] = np.frombuffer(blob, dtype=np.float32, count=dim).copy()
        return out

    def cached_keys(self, model: str, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` have a cached vector of ``model`` (reads no vectors)."""
        keys = list(keys)
        out: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(k for (k,) in self._rows(
                f"SELECT key FROM vectors WHERE model = ? AND key IN ({marks})", [model, *chunk]))
        return out

    def put_vectors(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO vectors (model, key, dim, vec) VALUES (?, ?, ?, ?)",
                [
                    (model, key, int(vec.shape[-1]), np.asarray(vec, dtype=np.float32).tobytes())
                    for key, vec in items.items()
                ],
            )

    def prune_vectors(self, model: str, keep: set[str]) -> int:
        """Drop cached vectors of ``model`` whose key is not in ``keep``; returns how many went."""
        live = keep
        stale = [k for (k,) in self._rows("SELECT key FROM vectors WHERE model = ?", (model,)) if k not in live]
        with self._lock, self._conn:
            self._conn.executemany("DELETE FROM vectors WHERE model = ? AND key = ?", [(model, k) for k in stale])
        return len(stale)

    # ------------------------------------------------------------------ misc

    def corpus_hash(self) -> str:
        """A hash of every document's content hash: changes when any document is added, changed or removed."""
        shas = sorted(f"{i}:{s}" for i, s in self._rows("SELECT id, sha256 FROM documents"))
        return hashlib.sha256("\n".join(shas).encode()).hexdigest()[:16]

    def get_kv(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM kv WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_kv(self, key: str, value: str) -> None:
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, value))
