"""FAISS inner-product search over normalised clause vectors: exact while small, HNSW beyond ``HNSW_FROM`` rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from kb.index.embedder import quiet_openmp

FAISS_FILE = "dense.faiss"
# Exact search of 384-dim vectors took 30 ms per query at 100k rows on this 2-core machine (linear in rows;
# ~1 ms at corpus size), HNSW a few ms at 100k and 1M (scripts/bench_search.py): exact below 50k rows.
HNSW_FROM = 50_000
HNSW_M = 16
# Candidates a search explores: the clause search asks for ~125 windows, and searched at 128 then (most queries)
# again at 300; one search at 300 finds the same (recall of the top 100 against exact search at 100k synthetic
# clauses: 0.87 at 300, 0.77 at 128; 2.3 ms; scripts/bench_serve.py --ann)
HNSW_EF_SEARCH = 300


class DenseIndex:
    """A FAISS index whose ids are the index's clause rows."""

    def __init__(self, index: Any) -> None:
        self._index = index

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def kind(self) -> str:
        return "hnsw" if "HNSW" in type(self._index).__name__ else "flat"

    @classmethod
    def build(cls, vectors: np.ndarray, hnsw_from: int = HNSW_FROM) -> DenseIndex:
        """Flat inner product below ``hnsw_from`` rows, HNSW (inner product) from there on."""
        quiet_openmp()
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) >= hnsw_from:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 40
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return cls(index)

    @classmethod
    def build_parts(cls, parts: list[np.ndarray], dim: int, hnsw_from: int = HNSW_FROM) -> DenseIndex:
        """Like ``build`` over the rows of ``parts`` in order, added part by part; the list is emptied as it goes,
        so the vectors are held once (in FAISS), never twice."""
        quiet_openmp()
        import faiss

        total = sum(len(p) for p in parts)
        if total >= hnsw_from:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 40
        else:
            index = faiss.IndexFlatIP(dim)
        parts.reverse()
        while parts:
            part = parts.pop()
            if len(part):
                index.add(np.ascontiguousarray(part, dtype=np.float32))
        return cls(index)

    def save(self, index_dir: Path, name: str = FAISS_FILE) -> None:
        quiet_openmp()
        import faiss

        faiss.write_index(self._index, str(Path(index_dir) / name))

    @classmethod
    def load(cls, index_dir: Path, name: str = FAISS_FILE, mmap: bool = True) -> DenseIndex:
        """Read a saved index; with ``mmap`` its vectors stay in the file, memory-mapped (read in 0.02 s instead of
        0.5 s at 100k clauses, and paged in as searches touch them, shared by every process serving the index)."""
        quiet_openmp()
        import faiss

        path = str(Path(index_dir) / name)
        if mmap:
            try:
                return cls(faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC))
            except RuntimeError:  # an index type faiss cannot map: read it whole
                pass
        return cls(faiss.read_index(path))

    def search(self, query: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k rows most similar to ``query`` (one normalised vector), only among ``rows`` when given."""
        quiet_openmp()
        import faiss

        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        k = min(k, self.size if rows is None else len(rows))
        if k <= 0:
            return []
        params = None
        if rows is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(rows, dtype=np.int64))
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
            else:
                params = faiss.SearchParameters(sel=selector)
        elif self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
        # one query: OpenMP threads only add their start and wake-up (a 23k-row exact search took 22-30 ms of CPU
        # with 2 threads on a busy machine, 3 ms with 1); set for this thread only, and given back
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            scores, ids = self._index.search(query, k, params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def vectors(self) -> np.ndarray:
        """Every stored vector, in row order (for comparisons that need clause-to-clause similarity)."""
        return self._index.reconstruct_n(0, self.size)

    def reconstruct(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of ``rows`` (in that order), without reading the whole index back."""
        rows = np.ascontiguousarray(rows, dtype=np.int64).reshape(-1)
        if rows.size == 0:
            return np.zeros((0, int(self._index.d)), dtype=np.float32)
        return np.asarray(self._index.reconstruct_batch(rows), dtype=np.float32).reshape(rows.size, -1)
