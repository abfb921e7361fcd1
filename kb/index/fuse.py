"""Rank fusion: pure functions over ranked id lists (no scores: BM25 and cosine live on different scales), and
the weights the hybrid search fuses its retrievers with.

Fusion: weighted reciprocal ranks plus a word-coverage term. BM25's weight moves from BM25_WEIGHT_LOW (a
paraphrase: the best BM25 clause holds few of the query's words) to BM25_WEIGHT_HIGH (every query word found in
one clause); dense is 1.0, a 文号 match DOCNUM_WEIGHT. Each candidate clause then gains COVERAGE_WEIGHT x (the share
of the query's idf-weighted words it holds, curated synonyms counted) / (RRF_K + 1): a clause that says every
word of the question beats one that repeats a single word (BM25 saturates per word) or that only sounds alike
(dense). Chosen by leave-one-query-set-out over the dev, own and held-out sets (scripts/bench_search.py --tune).
The feedback list (``FEEDBACK_WEIGHT``) is the dense search of the query moved toward the first pass's best clauses.
The context retriever (a clause ranked by the best 500-character window of its document it lies in, see
kb.index.clause_index.CONTEXT) weighs CONTEXT_WEIGHT x (1 - lexical confidence): it helps where the question's
words are not the document's (the window states the topic a short clause leaves to its article), and would only
blur a keyword query. Over all 116 benchmark queries (R@5 capped at 5 relevant / MRR@10) it moved 0.811 / 0.814 to
0.837 / 0.825, no set worse; a fixed weight of 0.5 cost the dev set a query. Chosen after the blind set's first
run, so that set no longer counts as untouched for this one parameter (README).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# The RRF constant every figure in the README was measured with (a small k keeps the top ranks apart).
RRF_K = 10
# Refit in session 10 (scripts/tune_fusion.py) leave-one-set-out over the four corpus sets and the archive dev, blind
# and blind2 sets on the whole-archive index: every fold chose BM25 0.3 -> 0.6, dense 1.0 and the feedback list at 1.0,
# coverage 2.5-4.0, context 0.5-1.0. Of those, checked end to end through `kb search` on the same sets (tuning sets
# only; blind3 and blind4 were not looked at to choose): coverage 2.5 with context 1.0 (coverage 4.0 cost the corpus
# blind set 0.06 R@5). Before: BM25 0.6 -> 1.0, coverage 1.5, no feedback list (README, "Fusion refit on the archive").
BM25_WEIGHT_LOW = 0.3
BM25_WEIGHT_HIGH = 0.6
DENSE_WEIGHT = 1.0
DOCNUM_WEIGHT = 2.0
COVERAGE_WEIGHT = 2.5
CONTEXT_WEIGHT = 1.0
# Pseudo-relevance feedback (Rocchio on the dense side): the query vector plus FEEDBACK_BETA x the mean vector of the
# first pass's FEEDBACK_DEPTH best fused clauses, searched again; that list weighs FEEDBACK_WEIGHT in the fusion.
# On questions in everyday words the best first clauses carry the documents' own wording the question lacks.
FEEDBACK_WEIGHT = 1.0
FEEDBACK_DEPTH = 3
FEEDBACK_BETA = 1.0
# A candidate that states what the question asks for (kb.answers.answer_fit: a figure of the asked kind for 多少/
# 标准/补贴/几个月, a ruling for 能不能, a duty for 谁负责) gains ANSWER_WEIGHT / (RRF_K + 1), as the coverage term
# does. Chosen by leave-one-set-out over the four corpus sets and the archive dev set (scripts/tune_search.py): every
# held-out set chose 1.0 and none fell (archive dev R@5 0.65 -> 0.68, MRR@10 0.71 -> 0.76, hit@1 0.63 -> 0.69).
ANSWER_WEIGHT = 1.0


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


def fusion_weights(lexical_confidence: float) -> dict[str, float]:
    """RRF weights for a query whose best BM25 clause holds ``lexical_confidence`` of its word weight."""
    c = min(max(lexical_confidence, 0.0), 1.0)
    return {"bm25": BM25_WEIGHT_LOW + (BM25_WEIGHT_HIGH - BM25_WEIGHT_LOW) * c, "dense": DENSE_WEIGHT,
            "context": CONTEXT_WEIGHT * (1.0 - c), "docnum": DOCNUM_WEIGHT, "feedback": FEEDBACK_WEIGHT}


def fuse(
    rankings: Mapping[str, Sequence[str]],
    lexical_confidence: float,
    coverage: Mapping[str, float],
    coverage_weight: float = COVERAGE_WEIGHT,
    k: int = RRF_K,
    answers: Mapping[str, float] | None = None,
    answer_weight: float | None = None,
) -> list[tuple[str, float]]:
    """(clause id, score) best first: weighted RRF of the retrievers' lists plus the word-coverage term and the
    answer term (``answers``: clause id -> 1.0 when it states what the question asks for)."""
    fused = rrf(rankings, fusion_weights(lexical_confidence), k=k)
    answer_weight = ANSWER_WEIGHT if answer_weight is None else answer_weight
    answers = answers if answers and answer_weight else {}
    if not answers and (not coverage or not coverage_weight):
        return fused
    cover, answer = coverage_weight / (k + 1), answer_weight / (k + 1)
    scored = [(cid, score + cover * coverage.get(cid, 0.0) + answer * answers.get(cid, 0.0)) for cid, score in fused]
    return sorted(scored, key=lambda kv: (-kv[1], kv[0]))
