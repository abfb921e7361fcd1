"""Search indexes over the stored clauses: embeddings (cached), FAISS, bm25s, and their manifest.

``refresh`` is what the pipeline calls after storing documents; ``ClauseIndex`` is what search opens.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import Settings
from kb.index.clause_index import ClauseIndex, context_spans, lexical_text, passage_texts
from kb.index.embedder import Embedder, embed_cached, make_embedder
from kb.index.fuse import ranks_of, rrf
from kb.index.manifest import CONTEXT_FAISS, CONTEXT_ROWS, MANIFEST, PASSAGES, ROWS, make_manifest, write_json
from kb.index.tokenizer import PolicyTokenizer

__all__ = [
    "ClauseIndex", "Embedder", "PolicyTokenizer", "document_contexts", "make_embedder", "passage_texts", "ranks_of",
    "refresh", "rrf", "vector_keys",
]


def vector_keys(store: Any) -> set[str]:
    """Cache keys (sha1 of each embedded text) the index of ``store`` needs: what a vector prune must keep."""
    import hashlib

    clauses = store.clauses()
    texts = [w for c in clauses for w in passage_texts(c)] + [t for t, _, _ in document_contexts(store, clauses)]
    return {hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts}


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


def refresh(
    index_dir: Path,
    store: Any,
    settings: Settings,
    progress: Callable[[str], None] | None = None,
    *,
    embedder: Embedder | None = None,
) -> int:
    """(Re)build the dense and lexical indexes of every clause in ``store`` under ``index_dir``.

    Vectors come from the store's cache when the clause text is unchanged; only new texts are embedded.

    Args:
        index_dir: the index folder (the pipeline's temporary copy while it builds).
        store: a ``kb.store.Store`` (anything with clauses/get_vectors/put_vectors/corpus_hash).
        settings: build settings (``embedder`` chooses the model).
        progress: called with one-line status messages.
        embedder: an already loaded embedder (tests, benchmarks); default: the one ``settings`` names.

    Returns:
        How many texts (clause windows and context windows) were newly embedded.
    """
    from kb.index.dense import DenseIndex
    from kb.index.lexical import LexicalIndex

    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / MANIFEST).unlink(missing_ok=True)  # a half-written index must not look valid
    embedder = embedder or make_embedder(settings.embedder)
    tokenizer = PolicyTokenizer()
    clauses = store.clauses()
    if progress:
        progress(f"indexing {len(clauses)} clauses with {embedder.name}")
    passages: list[str] = []
    passage_clause: list[int] = []
    for row, clause in enumerate(clauses):
        windows = passage_texts(clause)
        passages.extend(windows)
        passage_clause.extend([row] * len(windows))
    vectors, new = embed_cached(store, embedder, passages, progress=progress)
    dense = DenseIndex.build(vectors)
    dense.save(index_dir)
    np.save(index_dir / PASSAGES, np.asarray(passage_clause, dtype=np.int64))
    contexts = document_contexts(store, clauses)
    if progress:
        progress(f"indexing {len(contexts)} context windows")
    context_vectors, new_context = embed_cached(store, embedder, [t for t, _, _ in contexts], progress=progress)
    DenseIndex.build(context_vectors).save(index_dir, CONTEXT_FAISS)
    np.save(index_dir / CONTEXT_ROWS, np.asarray([(a, b) for _, a, b in contexts], dtype=np.int64).reshape(-1, 2))
    new += new_context
    if clauses:
        LexicalIndex.build([tokenizer.tokens(lexical_text(c)) for c in clauses]).save(index_dir)
    write_json(index_dir / ROWS, {"clause_ids": [c.id for c in clauses], "doc_ids": [c.doc_id for c in clauses]})
    manifest = make_manifest(
        model=embedder.name,
        dim=embedder.dim,
        settings=settings,
        tokenizer=tokenizer.signature,
        corpus_hash=store.corpus_hash(),
        clauses=len(clauses),
        dense=dense.kind,
    )
    write_json(index_dir / MANIFEST, manifest)
    if progress:
        progress(f"index ready: {len(clauses)} clauses, {new} newly embedded")
    return new
