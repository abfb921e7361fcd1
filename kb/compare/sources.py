"""What comparison reads from a ``KnowledgeBase`` (or a bare ``Store``): documents, clauses, figures, vectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.errors import KBError
from kb.models import Clause, DocumentMeta, Indicator

# Topic comparison scores only the clauses search ranks best for the topic (BM25 and dense, each this many per
# document in scope, at least MIN_CANDIDATES), and weighs topic terms on at most IDF_SAMPLE clauses: its cost no
# longer grows with every clause in scope.
CANDIDATES_PER_DOC = 10
MIN_CANDIDATES = 100


class Source:
    """What compare needs from a ``KnowledgeBase`` (or a bare ``Store``): documents, clauses, figures, vectors."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        store = getattr(kb, "store", None) or (kb if hasattr(kb, "documents") and hasattr(kb, "indicators") else None)
        if store is None:
            raise KBError("compare needs a KnowledgeBase or a Store: open one with KnowledgeBase.open(index_dir)")
        self.store = store
        self._docs: list[DocumentMeta] | None = None
        self._ranked: Any = None  # the candidates' retrieval: its query vector is the topic's
        self._indicators: dict[str, dict[str, list[Indicator]]] = {}

    def documents(self) -> list[DocumentMeta]:
        if self._docs is None:
            self._docs = list(self.store.documents())
        return self._docs

    def document(self, doc_id: str) -> DocumentMeta:
        for doc in self.documents():
            if doc.id == doc_id:
                return doc
        known = ", ".join(d.id for d in self.documents()[:8])
        raise KBError(f"no document {doc_id!r} in the index: pick one of `kb docs` ({known}…)")

    def clauses(self, doc_id: str) -> list[Clause]:
        return list(self.kb.clauses(doc_id))  # a KnowledgeBase holds them in memory; a Store reads them

    def candidates(self, topic: str, docs: Sequence[DocumentMeta]) -> dict[str, list[Clause]] | None:
        """The clauses of ``docs`` the search index ranks best for ``topic``, by document in document order.

        One retrieval over the whole scope (BM25 and dense, ``max(MIN_CANDIDATES, CANDIDATES_PER_DOC ×
        documents)`` each, ``KnowledgeBase.retrieve``): compare then scores only these, not every clause.
        None for a bare store (no search index): the caller scores every clause.
        """
        retrieve = getattr(self.kb, "retrieve", None)
        clause_of = getattr(self.kb, "clause", None)
        if not callable(retrieve) or not callable(clause_of):
            return None
        from kb.models import Filters

        scope = [d.id for d in docs]
        filters = None if set(scope) == {d.id for d in self.documents()} else Filters(doc_ids=scope)
        ranked = retrieve(topic, max(MIN_CANDIDATES, CANDIDATES_PER_DOC * len(scope)), filters)
        self._ranked = ranked
        found: dict[str, dict[str, Clause]] = {d: {} for d in scope}
        for ids in ranked.rankings.values():
            for cid in ids:
                clause = clause_of(cid)
                if clause is not None and clause.doc_id in found and clause.text.strip():
                    found[clause.doc_id][cid] = clause
        return {d: sorted(cs.values(), key=lambda c: c.seq) for d, cs in found.items()}

    def indicators(self, doc_id: str) -> dict[str, list[Indicator]]:
        """The document's indicators by clause id (the extraction records, else a light parse of the text)."""
        if doc_id not in self._indicators:
            cached = getattr(self.kb, "document_indicators", None)  # a KnowledgeBase parses them once
            by_clause: dict[str, list[Indicator]] = {}
            if callable(cached):
                by_clause.update(cached(doc_id))
            else:
                for ind in self.store.indicators(doc_id):
                    by_clause.setdefault(ind.clause_id, []).append(ind)
            self._indicators[doc_id] = by_clause or _parse_figures(self.clauses(doc_id))
        return self._indicators[doc_id]

    # ---- embeddings (optional: used when the knowledge base has a search index)

    def query_vector(self, text: str) -> Any:
        """The unit query embedding (``KnowledgeBase.embed_query``; the one ``candidates`` retrieved with when it
        embedded the same text), or None for a bare store or a failed model."""
        fn = getattr(self.kb, "embed_query", None)
        if not callable(fn):
            return None
        try:
            return fn(text, ranked=self._ranked) if self._ranked is not None else fn(text)
        except Exception:  # noqa: BLE001 - embeddings are an optional boost; lexical relevance still works
            return None

    def clause_vectors(self, clauses: Sequence[Clause]) -> Any:
        """Unit clause embeddings (``KnowledgeBase.clause_vectors``, rows in ``clauses`` order), or None."""
        fn = getattr(self.kb, "clause_vectors", None)
        if not callable(fn) or not clauses:
            return None
        try:
            return fn([c.id for c in clauses])
        except KBError:  # a clause the search index does not hold (index older than the store): lexical only
            return None


def _parse_figures(clauses: Sequence[Clause]) -> dict[str, list[Indicator]]:
    """The extractor's figures of each clause, for an index built without the extraction records."""
    from kb.extract.numbers import clause_indicators

    out: dict[str, list[Indicator]] = {}
    for clause in clauses:
        found = clause_indicators(clause)  # a clause it cannot parse has none
        if found:
            out[clause.id] = found
    return out
