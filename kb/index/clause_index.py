"""A built index opened for search: clause rows, bm25s, FAISS and the (lazily loaded) query embedder."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import Settings
from kb.index.embedder import Embedder, make_embedder
from kb.index.lexical import top_rows
from kb.index.manifest import ROWS, check_manifest, read_manifest
from kb.index.query import PreparedQuery
from kb.index.tokenizer import PolicyTokenizer

EXPANSION_WEIGHT = 0.5  # synonyms count half as much as the query's own words


@dataclass(frozen=True)
class Retrieval:
    """Each retriever's best rows for one query, as (row, score) best first."""

    bm25: list[tuple[int, float]]
    dense: list[tuple[int, float]]


def passage_text(clause: Any) -> str:
    """What is embedded for a clause: its own text (the vector cache key is this text's sha1)."""
    return clause.text


def lexical_text(clause: Any) -> str:
    """What BM25 indexes for a clause: its heading (when the text does not start with it) and its text."""
    heading = getattr(clause, "heading", "") or ""
    if heading and heading not in clause.text[: len(heading) + 8]:
        return f"{heading} {clause.text}"
    return clause.text


class ClauseIndex:
    """Read-only search structures of one index folder; safe to share between threads."""

    def __init__(
        self,
        index_dir: Path,
        manifest: dict[str, Any],
        clause_ids: list[str],
        doc_ids: list[str],
        lexical: Any,
        dense: Any,
        settings: Settings,
        embedder: Embedder | None = None,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.manifest = manifest
        self.clause_ids = clause_ids
        self.row_of = {cid: i for i, cid in enumerate(clause_ids)}
        self.doc_ids = np.asarray(doc_ids, dtype=object)
        self.lexical = lexical
        self.dense = dense
        self.settings = settings
        self.tokenizer = PolicyTokenizer()
        self._embedder = embedder
        self._lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: Path, settings: Settings, embedder: Embedder | None = None) -> ClauseIndex:
        """Load an index folder written by ``kb.index.refresh``.

        Raises:
            IndexMissingError: no manifest in the folder.
            IndexMismatchError: built with another model, settings or tokenizer.
        """
        from kb.index.dense import DenseIndex
        from kb.index.lexical import LexicalIndex

        index_dir = Path(index_dir)
        manifest = read_manifest(index_dir)
        check_manifest(manifest, settings, PolicyTokenizer().signature, index_dir)
        rows = json.loads((index_dir / ROWS).read_text(encoding="utf-8"))
        n = len(rows["clause_ids"])
        lexical = LexicalIndex.load(index_dir, n) if n else None
        dense = DenseIndex.load(index_dir)
        return cls(index_dir, manifest, rows["clause_ids"], rows["doc_ids"], lexical, dense, settings, embedder)

    @property
    def size(self) -> int:
        return len(self.clause_ids)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = make_embedder(self.settings.embedder)
        return self._embedder

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.encode_queries([text])[0]

    def lexical_scores(self, tokens: list[str]) -> np.ndarray:
        if self.lexical is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return self.lexical.scores(tokens)

    def dense_top(self, vector: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        if self.size == 0:
            return []
        return self.dense.search(vector, k, rows)

    def retrieve(self, query: PreparedQuery, n: int, rows: np.ndarray | None = None) -> Retrieval:
        """BM25 (query words + synonyms at ``EXPANSION_WEIGHT``) and dense top-``n`` rows, within ``rows`` if given."""
        if rows is not None and len(rows) == 0:
            return Retrieval([], [])
        mask = None
        if rows is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[rows] = True
        lex = self.lexical_scores(query.tokens)
        if query.expansion:
            lex = lex + EXPANSION_WEIGHT * self.lexical_scores(query.expansion)
        vector = self.embed_query(query.text)
        return Retrieval(bm25=top_rows(lex, n, mask), dense=self.dense_top(vector, n, rows))
