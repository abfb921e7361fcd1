"""BM25 (bm25s, precomputed sparse scores) over ``PolicyTokenizer`` tokens of the clauses.

bm25s builds and saves the index (a CSC matrix of every token's per-clause score, and the vocabulary); a search
process reads those arrays itself, memory-mapped, without importing bm25s (and scipy, which it pulls in: ~0.5 s of
a cold start) and without reading the matrix into memory before a query touches it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

BM25_DIR = "bm25"
_ARRAYS = ("data", "indices", "indptr")  # bm25s's file names: <name>.csc.index.npy
VOCAB_FILE = "vocab.index.json"


class LexicalIndex:
    """BM25 scores per (token, clause row) as CSC arrays, and the token vocabulary; rows are the clause rows."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, vocab: dict[str, int],
                 size: int, bm25: Any = None) -> None:
        self._data, self._indices, self._indptr = data, indices, indptr
        self._vocab = vocab
        self.size = size
        self._bm25 = bm25  # the bm25s model that built it (what ``save`` writes); None when loaded

    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> LexicalIndex:
        """Index one token list per clause row (an empty list is fine)."""
        import bm25s

        bm25 = bm25s.BM25(k1=k1, b=b)
        bm25.index([list(t) for t in token_lists], show_progress=False)
        scores = bm25.scores
        return cls(scores["data"], scores["indices"], scores["indptr"], bm25.vocab_dict, len(token_lists), bm25)

    def save(self, index_dir: Path) -> None:
        """bm25s's own files (of an index built by ``build``)."""
        if self._bm25 is None:
            raise ValueError("a loaded LexicalIndex is saved already: only one made by LexicalIndex.build is saved")
        self._bm25.save(str(Path(index_dir) / BM25_DIR), show_progress=False)

    @classmethod
    def load(cls, index_dir: Path, size: int, mmap: bool = True) -> LexicalIndex:
        """The arrays of ``index_dir/bm25`` (memory-mapped unless ``mmap`` is false) and the vocabulary."""
        folder = Path(index_dir) / BM25_DIR
        mode = "r" if mmap else None
        # plain ndarray views of the maps: np.memmap's own slicing costs ~10 us a call, a few hundred times a query
        data, indices, indptr = (np.asarray(np.load(folder / f"{name}.csc.index.npy", mmap_mode=mode))
                                 for name in _ARRAYS)
        vocab = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
        return cls(data, indices, indptr, vocab, size)

    def document_frequencies(self) -> dict[str, int]:
        """token -> number of rows holding it (bm25s adds an empty token past the score columns: left out)."""
        counts = np.diff(self._indptr)
        return {t: int(counts[i]) for t, i in self._vocab.items() if t and i < len(counts)}

    def _column(self, token_id: int) -> slice:
        return slice(int(self._indptr[token_id]), int(self._indptr[token_id + 1]))

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every row for the query tokens (a repeated token counts again).

        Sums the precomputed per-token columns with ``np.bincount``: about 10x faster than bm25s's
        ``np.add.at`` on tokens that occur in a large share of a big index.
        """
        ids = [self._vocab[t] for t in tokens if t in self._vocab]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        slices = [self._column(i) for i in ids]
        rows = np.concatenate([self._indices[s] for s in slices])
        weights = np.concatenate([self._data[s] for s in slices])
        return np.bincount(rows, weights=weights, minlength=self.size).astype(np.float32)

    def best_scores(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(rows, score): every row holding any of ``tokens`` with its best single-token BM25 score among them;
        sparse, so a few rare wordings cost their own rows only, not a pass over the whole index."""
        cols = [self._column(self._vocab[t]) for t in dict.fromkeys(tokens) if t in self._vocab]
        if not cols:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        rows = np.concatenate([self._indices[c] for c in cols])
        scores = np.concatenate([self._data[c] for c in cols])
        order = np.lexsort((-scores, rows))  # by row, best score first
        rows, scores = rows[order], scores[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = rows[1:] != rows[:-1]
        return rows[first].astype(np.int64), scores[first].astype(np.float32)

    def presence(self, tokens: Sequence[str], rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(weight of each token = its best score in any row, tokens x rows matrix of 1.0 where the row has it)."""
        weights = np.zeros(len(tokens), dtype=np.float64)
        present = np.zeros((len(tokens), len(rows)), dtype=np.float64)
        wanted = np.asarray(rows, dtype=self._indices.dtype)
        for i, token in enumerate(tokens):
            if token not in self._vocab:
                continue
            column = self._column(self._vocab[token])
            if column.stop > column.start:
                weights[i] = float(self._data[column].max())
                present[i] = _members(wanted, self._indices[column])
        return weights, present


def _members(wanted: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Which of ``wanted`` occur in ``column`` (a token's rows): binary search when the rows are sorted, as bm25s
    writes them (a common token's column holds most of a large index: ``np.isin`` would sort it per query)."""
    if len(column) > 1 and not bool(np.all(column[1:] > column[:-1])):
        return np.isin(wanted, column)
    pos = np.minimum(np.searchsorted(column, wanted), len(column) - 1)
    return column[pos] == wanted


def top_rows(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The k best rows with a positive score (ties: lower row first), only rows where ``mask`` is true.

    Partitions only the rows with a positive score (a query's words reach a small share of a large index).
    """
    positive = scores > 0
    if mask is not None:
        positive &= mask
    rows = np.flatnonzero(positive)
    k = min(k, len(rows))
    if k <= 0:
        return []
    values = scores[rows]
    if k < len(rows):
        kth = values[np.argpartition(-values, k - 1)[k - 1]]
        better, tied = rows[values > kth], rows[values == kth]  # rows ascending: ties keep the lower rows
        rows = np.concatenate([better, tied[: k - len(better)]])
    rows = rows[np.lexsort((rows, -scores[rows]))]
    return [(int(r), float(scores[r])) for r in rows]
