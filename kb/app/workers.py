"""Questions, comparisons and matrices computed in worker processes, so that one app uses every core.

One Python process serves the page, its queue and its event streams and, before this module, computed every answer
too: at about 35 requests a second it ran on one core (the GIL) while the machine's second core stayed half idle,
and 50 users' p95 sat above a second. With ``kb serve --workers N`` the heavy part of an ask, a comparison or a
responsibility matrix runs in one of N spawned processes that each open the same index (memory-mapped search files,
SQLite read-only) and load their own model; the serving process only renders. Results travel back pickled (the
pydantic records of kb.models).

After a build swaps the index in, ``reopen`` moves every call to the next generation: each worker reopens the
index on its next call (keeping its model, so that costs tens of milliseconds, not a model load). A worker that
dies (killed, out of memory) breaks the pool; the pool is then started again and the call retried once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.errors import KBError

if TYPE_CHECKING:
    from kb.config import Settings
    from kb.models import Answer, Comparison, Filters, ResponsibilityMatrix

log = logging.getLogger("policy_kb.ui")


class QueryPool:
    """N worker processes that answer asks, comparisons and matrices over one index folder."""

    def __init__(self, index_dir: Path, settings: Settings, workers: int) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.index_dir = Path(index_dir)
        self.settings = settings
        self.workers = workers
        self.generation = 0  # which opening of the index the workers must answer from
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init, initargs=(str(self.index_dir), self.settings))
            return self._pool

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(generation, *args)`` in a worker; a broken pool is started again and the call retried once.

        Raises:
            KBError: the worker's own error (re-raised as it was), or the pool broke twice.
            Exception: any other exception of ``fn``, re-raised here.
        """
        for attempt in (1, 2):
            pool = self._executor()
            try:
                return pool.submit(fn, self.generation, *args).result()
            except BrokenProcessPool:
                log.error("a query worker process ended unexpectedly; starting the workers again")
                with self._lock:
                    if self._pool is pool:
                        self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
                if attempt == 2:
                    raise KBError("查询进程意外退出：请重试；如果一直出错，请联系管理员查看服务日志。") from None
        raise AssertionError("unreachable")

    def warm(self) -> None:
        """Start every worker now and let each load its model and index (one tiny query each)."""
        pool = self._executor()
        for future in [pool.submit(_warm, self.generation) for _ in range(self.workers)]:
            future.result()

    def reopen(self) -> None:
        """The index folder was swapped: every later call is answered from the new index."""
        with self._lock:
            self.generation += 1

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    # --- what the app asks of the workers

    def ask(self, question: str, filters: Filters, max_documents: int) -> Answer:
        return self.call(_ask, question, filters, max_documents)

    def compare(self, topic: str, region: str | None, doc_ids: Sequence[str]) -> Comparison:
        return self.call(_compare, topic, region, tuple(doc_ids))

    def matrix(self, doc_ids: Sequence[str]) -> ResponsibilityMatrix:
        return self.call(_matrix, tuple(doc_ids))


# --- inside a worker process: one open knowledge base, reopened when the generation moves on

_STATE: dict[str, Any] = {}


def _init(index_dir: str, settings: Settings) -> None:
    _STATE.update(index_dir=Path(index_dir), settings=settings, generation=None, kb=None)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="kb-parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the app's process is gone (killed with a signal: no shutdown reached us)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _kb(generation: int) -> Any:
    from kb.search import KnowledgeBase

    if _STATE["kb"] is None or _STATE["generation"] != generation:
        old = _STATE["kb"]
        _STATE["kb"] = KnowledgeBase.open(_STATE["index_dir"], _STATE["settings"],
                                          embedder=old.index.embedder if old is not None else None)
        _STATE["generation"] = generation
    return _STATE["kb"]


def _warm(generation: int) -> None:
    kb = _kb(generation)
    kb.search("养老", k=1)
    from kb.compare.relevance import topic_terms

    topic_terms("养老服务设施")
    time.sleep(0.5)  # hold this worker so that the other warm-up calls start the other workers


def _ask(generation: int, question: str, filters: Filters, max_documents: int) -> Answer:
    return _kb(generation).ask(question, filters=filters, max_documents=max_documents)


def _compare(generation: int, topic: str, region: str | None, doc_ids: tuple[str, ...]) -> Comparison:
    from kb.compare import compare_topic

    return compare_topic(_kb(generation), topic, region=region, doc_ids=doc_ids)


def _matrix(generation: int, doc_ids: tuple[str, ...]) -> ResponsibilityMatrix:
    from kb.export import build_matrix

    return build_matrix(_kb(generation).store, doc_ids)
