"""Rank fusion: pure functions over ranked id lists (no scores: BM25 and cosine live on different scales)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

RRF_K = 60


def rrf(
    rankings: Mapping[str, Sequence[str]],
    weights: Mapping[str, float] | None = None,
    k: int = RRF_K,
) -> list[tuple[str, float]]:
    """Weighted reciprocal-rank fusion: score(id) = sum over lists of weight / (k + rank), rank 1-based.

    Args:
        rankings: retriever name -> ids, best first (an id appears at most once per list).
        weights: retriever name -> weight (missing: 1.0).
        k: the RRF constant; larger flattens the difference between top ranks.

    Returns:
        (id, score) best first; ties broken by id so the result does not depend on input order.
    """
    weights = weights or {}
    scores: dict[str, float] = {}
    for name in sorted(rankings):  # a fixed summation order: float sums must not depend on dict order
        ids, w = rankings[name], weights.get(name, 1.0)
        for rank, item in enumerate(ids, start=1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def ranks_of(rankings: Mapping[str, Sequence[str]]) -> dict[str, dict[str, int]]:
    """id -> {retriever name: 1-based rank} for every id in any list."""
    out: dict[str, dict[str, int]] = {}
    for name, ids in rankings.items():
        for rank, item in enumerate(ids, start=1):
            out.setdefault(item, {})[name] = rank
    return out
