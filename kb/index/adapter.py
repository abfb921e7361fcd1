"""Query-side adapter: a small residual linear map applied to query embeddings only (issue 16, step 2).

q' = normalise(q + (q A) B), with A (d x r) and B (r x d) trained offline by scripts/train_query_adapter.py on
pairs the archive gives for free (title -> articles, heading -> its clauses, an article's first sentence -> the
article, an article -> the article it cites). Document vectors are untouched, so no index needs rebuilding; the
file names the embedder it was trained for and is ignored for any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.errors import ConfigError


@dataclass(frozen=True)
class QueryAdapter:
    """The low-rank residual map of one embedder's query vectors."""

    a: np.ndarray  # d x r
    b: np.ndarray  # r x d
    model: str  # the embedder name (Embedder.name) it was trained on

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Unit rows q + (q A) B for unit rows q (one vector or a matrix; the shape is kept)."""
        q = np.asarray(vectors, dtype=np.float32)
        rows = q.reshape(1, -1) if q.ndim == 1 else q
        out = rows + (rows @ self.a) @ self.b
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(out.reshape(q.shape), dtype=np.float32)


def load_adapter(path: Path) -> QueryAdapter:
    """Read an adapter written by scripts/train_query_adapter.py.

    Raises:
        ConfigError: missing or malformed file.
    """
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"query adapter {path} not found: set KB_QUERY_ADAPTER=0, or rebuild it with "
                          f"`python scripts/train_query_adapter.py --out {path}`")
    with np.load(path, allow_pickle=False) as data:
        a, b, model = data["a"].astype(np.float32), data["b"].astype(np.float32), str(data["model"])
    if a.ndim != 2 or b.shape != (a.shape[1], a.shape[0]):
        raise ConfigError(f"query adapter {path} has shapes {a.shape} / {b.shape}: expected d x r and r x d")
    return QueryAdapter(a, b, model)
