"""Search indexes over the stored clauses: embeddings (cached), FAISS, bm25s, and their manifest.

``refresh`` is what the pipeline calls after storing documents; ``ClauseIndex`` is what search opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import Settings
from kb.index.clause_index import (
    ClauseIndex, clause_mean_vectors, context_overlaps, context_spans, lexical_text, passage_texts,
    pooled_context_vectors,
)
from kb.index.embedder import Embedder, make_embedder
from kb.index.fuse import ranks_of, rrf
from kb.index.manifest import CONTEXT_FAISS, CONTEXT_ROWS, MANIFEST, PASSAGES, ROWS, make_manifest, write_json
from kb.index.tokenizer import PolicyTokenizer
from kb.index.vectors import Submit, VectorJobs, cached_matrix, document_texts, local_submit, text_key

__all__ = [
    "ClauseIndex", "Embedder", "PolicyTokenizer", "VectorJobs", "document_contexts", "document_texts", "embed_missing",
    "local_submit", "make_embedder", "passage_texts", "ranks_of", "refresh", "rrf", "vector_keys",
]


def vector_keys(store: Any, settings: Settings | None = None) -> set[str]:
    """Cache keys (sha1 of each embedded text) the index of ``store`` needs: what a vector prune must keep."""
    settings = settings or Settings()
    keys: set[str] = set()
    for doc_id in store_doc_order(store):
        keys.update(text_key(t) for t in document_texts(store.document(doc_id), store.clauses(doc_id), settings))
    return keys


def store_doc_order(store: Any) -> list[str]:
    """Document ids in the store's order (the index's clause rows follow it)."""
    return [d.id for d in store.documents()]


def document_contexts(store: Any, clauses: list[Any]) -> list[tuple[str, int, int]]:
    """Every document's context windows as (text, first clause row, end clause row), rows as in ``clauses``
    (the store's order: documents one after another, each in clause order)."""
    out: list[tuple[str, int, int]] = []
    for doc_id, rows in groupby(range(len(clauses)), key=lambda row: clauses[row].doc_id):
        rows = list(rows)
        document = store.document(doc_id)
        if document is not None:
            out.extend(context_spans(document.text, clauses[rows[0] : rows[-1] + 1], rows[0]))
    return out


def embed_missing(
    store: Any,
    embedder: Embedder,
    settings: Settings,
    *,
    submit: Submit | None = None,
    in_flight: int = 0,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Embed every text the index of ``store`` needs that the vector cache lacks (in jobs, each stored when done).

    Returns:
        How many texts were embedded.
    """
    def on_job(done: int, waiting: int) -> None:
        if progress:
            progress(f"embedded {done} new texts ({waiting} waiting)")

    jobs = VectorJobs(store, embedder.name, submit or local_submit(embedder), in_flight=in_flight, on_job=on_job)
    for doc_id in store_doc_order(store):
        jobs.add(document_texts(store.document(doc_id), store.clauses(doc_id), settings))
    return jobs.finish()


def refresh(
    index_dir: Path,
    store: Any,
    settings: Settings,
    progress: Callable[[str], None] | None = None,
    *,
    embedder: Embedder | None = None,
    submit: Submit | None = None,
    in_flight: int = 0,
) -> int:
    """(Re)build the dense and lexical indexes of every clause in ``store`` under ``index_dir``.

    Vectors come from the store's cache when the text is unchanged; only new texts are embedded. Documents are
    read one at a time; the vectors are held once (in the FAISS indexes being built).

    Args:
        index_dir: the index folder (the pipeline's temporary copy while it builds).
        store: a ``kb.store.Store``.
        settings: build settings (``embedder`` chooses the model, ``context_vectors`` how windows get theirs).
        progress: called with one-line status messages.
        embedder: an already loaded embedder (tests, benchmarks); default: the one ``settings`` names.
        submit, in_flight: where embedding jobs run (default: here, one at a time; see ``VectorJobs``).

    Returns:
        How many texts (clause windows and context windows) were newly embedded.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / MANIFEST).unlink(missing_ok=True)  # a half-written index must not look valid
    embedder = embedder or make_embedder(settings.embedder)
    tokenizer = PolicyTokenizer()
    new = embed_missing(store, embedder, settings, submit=submit, in_flight=in_flight, progress=progress)
    rows = index_rows(store, embedder, settings, tokenizer)
    if progress:
        progress(f"indexing {len(rows.clause_ids)} clauses, {len(rows.context_rows)} context windows")
    dense_kind = write_indexes(index_dir, rows, embedder.dim)
    manifest = make_manifest(
        model=embedder.name,
        dim=embedder.dim,
        settings=settings,
        tokenizer=tokenizer.signature,
        corpus_hash=store.corpus_hash(),
        clauses=len(rows.clause_ids),
        dense=dense_kind,
    )
    write_json(index_dir / MANIFEST, manifest)
    if progress:
        progress(f"index ready: {len(rows.clause_ids)} clauses, {new} newly embedded")
    return new


@dataclass
class IndexRows:
    """What ``refresh`` indexes, row by row: vectors per document (passage windows, context windows), which clause
    row each passage window and context window belongs to, BM25 tokens, clause and document ids."""

    passages: list[np.ndarray] = field(default_factory=list)
    contexts: list[np.ndarray] = field(default_factory=list)
    passage_clause: list[int] = field(default_factory=list)
    context_rows: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[list[str]] = field(default_factory=list)
    clause_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)


def index_rows(store: Any, embedder: Embedder, settings: Settings, tokenizer: PolicyTokenizer) -> IndexRows:
    """Read the store one document at a time (in its order) into ``IndexRows``; vectors from the store's cache."""
    out = IndexRows()
    for doc_id in store_doc_order(store):
        clauses = store.clauses(doc_id)
        if not clauses:
            continue
        row = len(out.clause_ids)
        windows = [passage_texts(c) for c in clauses]
        owners = np.asarray([i for i, ws in enumerate(windows) for _ in ws], dtype=np.int64)
        vectors = cached_matrix(store, embedder, [w for ws in windows for w in ws])
        out.passages.append(vectors)
        out.passage_clause.extend((row + owners).tolist())
        document = store.document(doc_id)
        overlaps = context_overlaps(document.text, clauses, 0)
        if settings.context_vectors == "pooled":
            means = clause_mean_vectors(vectors, owners, len(clauses))
            out.contexts.append(pooled_context_vectors(means, [(a, b, w) for _, _, a, b, w in overlaps]))
        else:
            out.contexts.append(cached_matrix(store, embedder, [document.text[s:e] for s, e, _, _, _ in overlaps]))
        out.context_rows.extend((row + a, row + b) for _, _, a, b, _ in overlaps)
        out.tokens.extend(tokenizer.tokens(lexical_text(c)) for c in clauses)
        out.clause_ids.extend(c.id for c in clauses)
        out.doc_ids.extend([doc_id] * len(clauses))
    return out


def write_indexes(index_dir: Path, rows: IndexRows, dim: int) -> str:
    """Write FAISS (passages, contexts), BM25 and the row files of ``rows`` into ``index_dir``; the vectors and
    tokens are dropped from ``rows`` as they are written (held once). Returns the passage index's kind."""
    from kb.index.dense import DenseIndex
    from kb.index.lexical import LexicalIndex

    dense = DenseIndex.build_parts(rows.passages, dim)
    dense.save(index_dir)
    np.save(index_dir / PASSAGES, np.asarray(rows.passage_clause, dtype=np.int64))
    DenseIndex.build_parts(rows.contexts, dim).save(index_dir, CONTEXT_FAISS)
    np.save(index_dir / CONTEXT_ROWS, np.asarray(rows.context_rows, dtype=np.int64).reshape(-1, 2))
    if rows.clause_ids:
        LexicalIndex.build(rows.tokens).save(index_dir)
    rows.tokens = []
    write_json(index_dir / ROWS, {"clause_ids": rows.clause_ids, "doc_ids": rows.doc_ids})
    return dense.kind
