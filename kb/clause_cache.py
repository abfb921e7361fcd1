"""Clauses and their records read from the store when a search needs them, kept in bounded caches.

``KnowledgeBase`` used to parse every clause of the store when it opened: 1.5 s and about 1 GB per 100k clauses
before the first answer. A search needs the clauses of its top hits only (and an answer their documents' records),
so they are read by id from SQLite when first asked for and kept in least-recently-used caches.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from kb.models import Clause, Indicator, Responsibility

CLAUSES_KEPT = 50_000  # parsed clauses kept (about 50 MB)
DOCUMENTS_KEPT = 256  # documents whose clause lists are kept
RECORD_DOCUMENTS_KEPT = 2048  # documents whose records are kept as JSON (a search looks at ~100 documents' records)

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A thread-safe least-recently-used map of at most ``size`` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def get_or(self, key: K, make: Callable[[], V]) -> V:
        value = self.get(key)
        return value if value is not None else self.put(key, make())


class ClauseCache:
    """Clauses by id, each document's clauses in order, its records by clause, read from ``store`` on demand.

    Args:
        store: a ``kb.store.Store``.
        doc_of: clause id -> its document id (the search index knows it without reading the store), or None.
        is_heading: whether a clause text is only a title (its first child answers in its stead).
    """

    def __init__(self, store: Any, doc_of: Callable[[str], str | None], is_heading: Callable[[str], bool]) -> None:
        self._store = store
        self._doc_of = doc_of
        self._is_heading = is_heading
        self._clauses: Lru[str, Clause] = Lru(CLAUSES_KEPT)
        self._documents: Lru[str, list[Clause]] = Lru(DOCUMENTS_KEPT)
        self._records: Lru[tuple[str, str], dict[str, list[str]]] = Lru(RECORD_DOCUMENTS_KEPT)
        self._parsed: Lru[tuple[str, str], list[Any]] = Lru(CLAUSES_KEPT)
        self._shown: Lru[str, str] = Lru(CLAUSES_KEPT)

    def get(self, clause_id: str) -> Clause | None:
        found = self._clauses.get(clause_id)
        if found is None:
            found = self.many([clause_id]).get(clause_id)
        return found

    def __getitem__(self, clause_id: str) -> Clause:
        found = self.get(clause_id)
        if found is None:
            raise KeyError(clause_id)
        return found

    def __contains__(self, clause_id: object) -> bool:
        return isinstance(clause_id, str) and self.get(clause_id) is not None

    def many(self, clause_ids: Iterable[str]) -> dict[str, Clause]:
        """The clauses among ``clause_ids`` that exist, by id (one SQLite query for those not cached)."""
        out: dict[str, Clause] = {}
        missing = []
        for cid in clause_ids:
            found = self._clauses.get(cid)
            if found is None:
                missing.append(cid)
            else:
                out[cid] = found
        if missing:
            for cid, clause in self._store.clauses_by_id(missing).items():
                out[cid] = self._clauses.put(cid, clause)
        return out

    def of_document(self, doc_id: str) -> list[Clause]:
        """The document's clauses in order."""
        return self._documents.get_or(doc_id, lambda: self._store.clauses(doc_id))

    def shown(self, clause_id: str) -> str:
        """The clause an answer shows for ``clause_id``: a section title's (第四节 医养结合服务) first clause, else itself."""
        def first_child() -> str:
            clause = self.get(clause_id)
            if clause is None or not self._is_heading(clause.text):
                return clause_id
            children = [c for c in self.of_document(clause.doc_id) if c.parent_id == clause_id]
            return min(children, key=lambda c: c.seq).id if children else clause_id

        return self._shown.get_or(clause_id, first_child)

    def indicators(self, clause_id: str) -> list[Indicator]:
        return self._by_clause("indicator", clause_id)

    def responsibilities(self, clause_id: str) -> list[Responsibility]:
        return self._by_clause("responsibility", clause_id)

    def document_indicators(self, doc_id: str) -> dict[str, list[Indicator]]:
        """A document's indicators by clause id (comparisons read them per document; parsed once, then cached)."""
        return {cid: self._parsed_of("indicator", cid, raw) for cid, raw in self._raw("indicator", doc_id).items()}

    def _by_clause(self, kind: str, clause_id: str) -> list[Any]:
        doc_id = self._doc_of(clause_id)
        if doc_id is None:
            clause = self.get(clause_id)
            doc_id = clause.doc_id if clause is not None else None
        if doc_id is None:
            return []
        raw = self._raw(kind, doc_id).get(clause_id)
        return self._parsed_of(kind, clause_id, raw) if raw else []

    def _raw(self, kind: str, doc_id: str) -> dict[str, list[str]]:
        def read() -> dict[str, list[str]]:  # the document's records, unparsed: a search needs few of them
            by_clause: dict[str, list[str]] = {}
            for cid, data in self._store.record_rows(kind, doc_id):
                by_clause.setdefault(cid, []).append(data)
            return by_clause

        return self._records.get_or((kind, doc_id), read)

    def _parsed_of(self, kind: str, clause_id: str, raw: list[str]) -> list[Any]:
        model = Indicator if kind == "indicator" else Responsibility
        return self._parsed.get_or((kind, clause_id), lambda: [model.model_validate_json(d) for d in raw])
