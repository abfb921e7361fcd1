"""The knowledge base and store of one index, opened once and shared by every session of the app."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from kb.config import Settings, settings_from_env
from kb.models import Answer, Clause, Comparison, DocumentMeta, Filters, Indicator, ResponsibilityMatrix

log = logging.getLogger("policy_kb.ui")

MAX_CARDS = 12  # answer cards (one per document) shown for a question


class Backend:
    """The knowledge base and store of one index, opened once and shared by every session.

    After an upload the pipeline swaps the index folder; ``reload`` then opens the new one.
    Builds are serialised by ``build_lock`` (two builds at once would each swap in their own copy).
    With ``workers`` > 0, asks, comparisons and matrices are computed in that many worker processes
    (kb.app.workers) and this process only serves and renders; with 0 they run here.
    """

    def __init__(self, index_dir: Path, settings: Settings | None = None,
                 logins: dict[str, tuple[str, str]] | None = None, answer_cache: int = 0, workers: int = 0) -> None:
        self.index_dir = Path(index_dir)
        self.answer_cache = answer_cache  # answers kept (0: none), dropped whenever the index is reopened
        self._answers: OrderedDict[tuple[str, str], Answer] = OrderedDict()
        self.logins = logins or {}  # user -> (password, role): kb.app.checks.parse_logins
        self.settings = settings or settings_from_env()
        self.build_lock = threading.Lock()
        self._lock = threading.Lock()
        self._kb: Any = None
        self.pool: Any = None
        if workers > 0:
            from kb.app.workers import QueryPool

            self.pool = QueryPool(self.index_dir, self.settings, workers)

    # --- opening

    @property
    def kb(self) -> Any:
        with self._lock:
            if self._kb is None:
                from kb.search import KnowledgeBase

                self._kb = KnowledgeBase.open(self.index_dir, self.settings)
            return self._kb

    @property
    def store(self) -> Any:
        """The open knowledge base's store (one SQLite connection for both)."""
        return self.kb.store

    @property
    def embedder(self) -> Any:
        """The open knowledge base's model (loaded on first use), lent to builds and to the index opened next."""
        return self.kb.index.embedder

    def reload(self) -> None:
        """Open the (swapped-in) index again; requests in flight keep the old objects until they finish."""
        from kb.search import KnowledgeBase

        with self._lock:
            old = self._kb
        lend = old is not None and self.pool is None  # with workers this process needs no model of its own
        fresh = KnowledgeBase.open(self.index_dir, self.settings, embedder=old.index.embedder if lend else None)
        with self._lock:
            self._kb = fresh
            self._answers.clear()  # answers of the previous index version
        if self.pool is not None:
            self.pool.reopen()

    def warm(self) -> None:
        """Load the model and indexes now (one tiny query) so the first user does not wait."""
        try:
            if self.pool is not None:  # the workers answer; this process only lists and renders
                self.kb.documents()
                self.pool.warm()
                return
            self.kb.search("养老", k=1)
            from kb.compare.relevance import topic_terms

            topic_terms("养老服务设施")  # the comparison's own word list (its jieba dictionary loads once, ~1 s)
        except Exception:  # warming is best effort; the first request will report the real error
            log.exception("warming the knowledge base failed")

    # --- reads

    def documents(self) -> list[DocumentMeta]:
        return self.kb.documents()

    def document_meta(self, doc_id: str) -> DocumentMeta | None:
        return self.kb.document_meta(doc_id)

    def clause(self, clause_id: str) -> Clause | None:
        return self.kb.clause(clause_id)

    def ask(self, question: str, filters: Filters) -> Answer:
        """KnowledgeBase.ask, up to MAX_CARDS documents; with ``answer_cache``, the last answers are kept per
        question and filters (an Answer is immutable; the cache is emptied when the index is reopened)."""
        kb = self.kb
        if not self.answer_cache:
            return self._ask(kb, question, filters)
        key = (question, filters.model_dump_json())
        with self._lock:
            if key in self._answers and self._kb is kb:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = self._ask(kb, question, filters)
        with self._lock:
            if self._kb is kb:  # not an answer from an index replaced meanwhile
                self._answers[key] = answer
                while len(self._answers) > self.answer_cache:
                    self._answers.popitem(last=False)
        return answer

    def _ask(self, kb: Any, question: str, filters: Filters) -> Answer:
        if self.pool is not None:
            return self.pool.ask(question, filters, MAX_CARDS)
        return kb.ask(question, filters=filters, max_documents=MAX_CARDS)

    def compare(self, topic: str, region: str | None, doc_ids: tuple[str, ...]) -> Comparison:
        """kb.compare.compare_topic over the open index (in a worker when there are workers)."""
        if self.pool is not None:
            return self.pool.compare(topic, region, doc_ids)
        from kb.compare import compare_topic

        return compare_topic(self.kb, topic, region=region, doc_ids=doc_ids)

    def matrix(self, doc_ids: list[str]) -> ResponsibilityMatrix:
        """kb.export.build_matrix over the open index (in a worker when there are workers)."""
        if self.pool is not None:
            return self.pool.matrix(doc_ids)
        from kb.export import build_matrix

        return build_matrix(self.store, doc_ids)

    def close(self) -> None:
        """Stop the worker processes (the app is shutting down)."""
        if self.pool is not None:
            self.pool.close()

    def context(self, clause_id: str) -> list[Clause]:
        """Ancestors (outermost first), two clauses before, the clause, two after (KnowledgeBase.context)."""
        return list(self.kb.context(clause_id, before=2, after=2))

    def build_settings(self) -> Settings:
        """The settings the open index was built with (an upload must not change the model)."""
        return self.kb.settings

    def clauses(self, doc_id: str) -> list[Clause]:
        return self.kb.clauses(doc_id)

    def indicators(self, doc_id: str | None = None) -> list[Indicator]:
        return list(self.store.indicators(doc_id))
