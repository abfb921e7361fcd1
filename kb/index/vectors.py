"""The vectors an index needs: which texts it embeds, and embedding jobs that fill the store's vector cache.

Jobs are formed in document order, ``JOB_TEXTS`` new texts each, and every finished job is committed to the cache at
once, so a build killed at any point keeps what it embedded. Where a job runs (in this process or on a Ray worker)
does not change which texts share it: the ONNX int8 model quantises activations per batch, so the same jobs give the
same vectors on one machine or many.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from typing import Any

import numpy as np

from kb.config import Settings
from kb.errors import ConfigError
from kb.index.clause_index import context_spans, passage_texts

# About 20 s of model work on 2 cores: large enough to sort by length and batch well, small enough to lose little
# when a build is killed and to keep several Ray workers busy.
JOB_TEXTS = 512

Submit = Callable[[list[str]], "Future[np.ndarray]"]


def text_key(text: str) -> str:
    """Cache key of an embedded text (sha1 of its UTF-8 bytes, as ``kb.store.text_key``)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def document_texts(document: Any, clauses: Sequence[Any], settings: Settings) -> list[str]:
    """Every text the index embeds for one document: its clauses' windows, then (unless context vectors are pooled
    from the clauses' own) its context windows."""
    texts = [w for c in clauses for w in passage_texts(c)]
    if settings.context_vectors == "embedded" and document is not None:
        texts += [t for t, _, _ in context_spans(document.text, clauses, 0)]
    return texts


def local_submit(embedder: Any) -> Submit:
    """Run each job right here, in the calling thread (returns a finished future)."""

    def submit(texts: list[str]) -> Future[np.ndarray]:
        done: Future[np.ndarray] = Future()
        done.set_result(embedder.encode_passages(texts))
        return done

    return submit


class VectorJobs:
    """Collects the texts the cache lacks, embeds them in fixed jobs through ``submit``, stores each job's vectors.

    Args:
        store: a ``kb.store.Store`` (``cached_keys``, ``put_vectors``).
        model: the embedder's name (the cache key's model part).
        submit: starts one job and returns a future of its vectors (``local_submit`` or Ray workers).
        in_flight: jobs allowed to run at once before the oldest is awaited (0: wait for each job at once).
        job_texts: texts per job (default ``JOB_TEXTS``).
        on_job: called after each stored job with (newly embedded so far, texts waiting).
    """

    def __init__(
        self,
        store: Any,
        model: str,
        submit: Submit,
        *,
        in_flight: int = 0,
        job_texts: int | None = None,
        on_job: Callable[[int, int], None] | None = None,
    ) -> None:
        self.store, self.model, self.submit = store, model, submit
        self.in_flight, self.job_texts, self.on_job = in_flight, job_texts or JOB_TEXTS, on_job
        self._pending: dict[str, str] = {}  # key -> text, in arrival order
        self._queued: set[str] = set()  # keys pending or running
        self._running: deque[tuple[list[str], Future[np.ndarray]]] = deque()
        self.embedded = 0

    def add(self, texts: Iterable[str]) -> None:
        """Queue the texts that are neither cached nor queued; start jobs as they fill."""
        fresh: dict[str, str] = {}
        for t in texts:
            k = text_key(t)
            if k not in self._queued:
                fresh.setdefault(k, t)
        if fresh:
            cached = self.store.cached_keys(self.model, fresh)
            for k, t in fresh.items():
                if k not in cached:
                    self._pending[k] = t
                    self._queued.add(k)
        while len(self._pending) >= self.job_texts:
            self._start(self.job_texts)

    def finish(self) -> int:
        """Embed what is left and wait for every job; returns how many texts were embedded in all."""
        while self._pending:
            self._start(self.job_texts)
        while self._running:
            self._collect()
        return self.embedded

    @property
    def waiting(self) -> int:
        return len(self._pending) + sum(len(k) for k, _ in self._running)

    def _start(self, n: int) -> None:
        keys = list(self._pending)[:n]
        texts = [self._pending.pop(k) for k in keys]
        self._running.append((keys, self.submit(texts)))
        while len(self._running) > self.in_flight:
            self._collect()

    def _collect(self) -> None:
        keys, future = self._running.popleft()
        vectors = np.asarray(future.result(), dtype=np.float32)
        self.store.put_vectors(self.model, dict(zip(keys, vectors)))
        self._queued.difference_update(keys)
        self.embedded += len(keys)
        if self.on_job:
            self.on_job(self.embedded, self.waiting)


def cached_matrix(store: Any, embedder: Any, texts: Sequence[str]) -> np.ndarray:
    """The cached vectors of ``texts`` as one normalised matrix (every text must be cached)."""
    from kb.index.embedder import normalise

    keys = [text_key(t) for t in texts]
    found = store.get_vectors(embedder.name, set(keys))
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for row, key in enumerate(keys):
        vec = found.get(key)
        if vec is None:
            raise ConfigError(f"no cached vector of {embedder.name} for a text the index needs: rebuild the index")
        if vec.shape[-1] != embedder.dim:
            raise ConfigError(f"cached vector for model {embedder.name} has dim {vec.shape[-1]}, expected {embedder.dim}")
        out[row] = vec
    return normalise(out)
