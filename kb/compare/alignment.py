"""Document alignment: every clause of A paired with its counterpart(s) in B by a global assignment on clause
similarity (character bigrams, plus embeddings when the index has them), labelled and diffed."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from kb.compare.relations import assign, char_diff, label, relate
from kb.compare.relevance import DENSE_CEIL, DENSE_FLOOR, topic_figures
from kb.compare.sources import Source
from kb.compare.tables import clause_path
from kb.models import AlignedPair, Alignment, Clause, Indicator, IndicatorBrief

ALIGN_THRESHOLD = 0.6  # clause similarity for a one-to-one pair in document alignment (tuned on tests/gold)
ALIGN_EXTRA = 0.65  # similarity for a further B clause to join an already paired A clause
MIN_ALIGN_CHARS = 8  # clauses shorter than this (bare headings) are not aligned
MERGE_PART = 0.25  # bigram cosine an unpaired A clause needs with one sentence of a taken B clause to share it
MERGE_MARGIN = 2.5  # … and how many times closer than the B clause's partner is to that sentence

_BIGRAM_SKIP = re.compile(r"[\s\W\d_]")
_SPACE = re.compile(r"\s")


def _bigrams(text: str) -> dict[str, int]:
    chars = _BIGRAM_SKIP.sub("", text)
    out: dict[str, int] = {}
    for i in range(len(chars) - 1):
        gram = chars[i : i + 2]
        out[gram] = out.get(gram, 0) + 1
    return out


def lexical_similarity_matrix(
    a_texts: Sequence[str], b_texts: Sequence[str], background: Sequence[str] = ()
) -> Any:
    """Cosine of IDF-weighted character-bigram vectors between every A text and every B text.

    The IDF counts the A and B texts and ``background`` (e.g. the whole documents when comparing pieces).
    """
    import numpy as np

    grams_a = [_bigrams(t) for t in a_texts]
    grams_b = [_bigrams(t) for t in b_texts]
    grams_bg = [_bigrams(t) for t in background]
    df: dict[str, int] = {}
    for grams in (*grams_a, *grams_b, *grams_bg):
        for g in grams:
            df[g] = df.get(g, 0) + 1
    n = len(grams_a) + len(grams_b) + len(grams_bg)
    vocab = {g: i for i, g in enumerate(df)}
    idf = np.array([math.log((n + 1) / (df[g] + 1)) + 1 for g in vocab], dtype=np.float32)

    def matrix(all_grams: list[dict[str, int]]) -> Any:
        m = np.zeros((len(all_grams), len(vocab)), dtype=np.float32)
        for r, grams in enumerate(all_grams):
            for g, c in grams.items():
                m[r, vocab[g]] = (1 + math.log(c)) * idf[vocab[g]]
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return m / norms

    if not vocab:
        return np.zeros((len(a_texts), len(b_texts)), dtype=np.float32)
    return matrix(grams_a) @ matrix(grams_b).T


def _alignable(clauses: Sequence[Clause]) -> list[Clause]:
    return [c for c in clauses if len(_SPACE.sub("", c.text)) >= MIN_ALIGN_CHARS]


def similarity_matrix(source: Source | None, a: Sequence[Clause], b: Sequence[Clause]) -> Any:
    """Clause similarity: character-bigram cosine, averaged with the embedding cosine when available."""
    lexical = lexical_similarity_matrix([c.text for c in a], [c.text for c in b])
    if source is None:
        return lexical
    va, vb = source.clause_vectors(a), source.clause_vectors(b)
    if va is None or vb is None:
        return lexical
    import numpy as np

    dense = np.clip((va @ vb.T - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR), 0.0, 1.0)
    return 0.5 * lexical + 0.5 * dense


def _figures_all(clause: Clause, indicators: Sequence[Indicator]) -> list[IndicatorBrief]:
    return topic_figures(clause, indicators, None)


_PART_END = re.compile(r"(?<=[。；;！？!?\n])")


def merged_links(a_texts: Sequence[str], b_texts: Sequence[str], similarity: Any,
                 pairs: dict[int, list[int]]) -> dict[int, list[int]]:
    """B clauses that merge an unpaired A clause with the A clause they were paired with (many-to-one).

    A city 条例 often folds two provincial articles into one (山东 第七条 宣传 and 第八条 表彰 → 德州 第九条).
    An A clause left without a counterpart joins its most similar B clause when that clause is taken, similar
    enough (``ALIGN_THRESHOLD``), and has a sentence that A clause owns: lexically close to it (``MERGE_PART``)
    and at least ``MERGE_MARGIN`` times closer than to the B clause's partner, while the partner owns another.
    """
    import numpy as np

    owner = {j: i for i, js in pairs.items() for j in js}
    sim = np.asarray(similarity, dtype=float)
    out: dict[int, list[int]] = {}
    if sim.ndim != 2 or sim.size == 0:
        return out
    for i in range(len(a_texts)):
        j = int(np.argmax(sim[i]))
        if i in pairs or j not in owner or sim[i, j] < ALIGN_THRESHOLD:
            continue
        parts = [p for p in _PART_END.split(b_texts[j]) if len(_SPACE.sub("", p)) >= MIN_ALIGN_CHARS]
        if len(parts) < 2:
            continue
        lex = lexical_similarity_matrix([a_texts[i], a_texts[owner[j]]], parts, background=b_texts)
        mine = any(x >= MERGE_PART and x >= MERGE_MARGIN * y for x, y in zip(lex[0], lex[1]))
        theirs = any(y > x for x, y in zip(lex[0], lex[1]))
        if mine and theirs:
            out[i] = [j]
    return out


def align_clauses(
    a: Sequence[Clause],
    b: Sequence[Clause],
    similarity: Any,
    figures_a: dict[str, list[IndicatorBrief]] | None = None,
    figures_b: dict[str, list[IndicatorBrief]] | None = None,
    *,
    threshold: float = ALIGN_THRESHOLD,
    extra_threshold: float = ALIGN_EXTRA,
) -> list[AlignedPair]:
    """Pairs for every A clause (with its B clauses or none), unmatched B clauses as 新增 in B's order."""
    figures_a = figures_a or {}
    figures_b = figures_b or {}
    pairs_idx, unmatched = assign(similarity, threshold, extra_threshold)
    pairs_idx.update(merged_links([c.text for c in a], [c.text for c in b], similarity, pairs_idx))
    out: list[tuple[tuple[int, int], AlignedPair]] = []
    for i, ca in enumerate(a):
        bs = [b[j] for j in pairs_idx.get(i, [])]
        if not bs:
            out.append(((i, 0), _pair(ca, [], 0.0, [], [], "silent")))
            continue
        score = max(float(similarity[i][j]) for j in pairs_idx[i])
        fb = [f for c in bs for f in figures_b.get(c.id, [])]
        relation, _ = relate(fb, figures_a.get(ca.id, []), "".join(c.text for c in bs), ca.text)
        out.append(((i, 0), _pair(ca, bs, score, fb, figures_a.get(ca.id, []), relation)))
    # an unmatched B clause goes right after the A clause paired with the B clause before it
    b_owner = {j: i for i, js in pairs_idx.items() for j in js}
    for j in unmatched:
        prev = [b_owner[k] for k in range(j) if k in b_owner]
        anchor = prev[-1] if prev else -1
        out.append(((anchor, 1 + j), _pair(None, [b[j]], 0.0, [], [], "new")))
    out.sort(key=lambda t: t[0])
    return [p for _, p in out]


def _pair(
    a: Clause | None,
    bs: Sequence[Clause],
    score: float,
    fb: Sequence[IndicatorBrief],
    fa: Sequence[IndicatorBrief],
    relation: str,
) -> AlignedPair:
    a_text = a.text if a is not None else ""
    b_text = "\n".join(c.text for c in bs)
    return AlignedPair(
        a_clause_id=a.id if a is not None else None,
        b_clause_ids=[c.id for c in bs],
        a_text=a_text,
        b_text=b_text,
        a_path=clause_path(a) if a is not None else "",
        b_path="；".join(clause_path(c) for c in bs),
        score=round(score, 4),
        relation=relation,
        label=label(relation),
        diff=char_diff(a_text, b_text) if a is not None and bs else [],
    )


def align_documents(kb: Any, doc_a: str, doc_b: str) -> Alignment:
    """Align every clause of ``doc_a`` (the reference, e.g. the province's) with its counterparts in ``doc_b``.

    A global assignment on clause similarity (not greedy first-come) pairs clauses one to one; B clauses
    left over join the A clause they resemble most when similar enough (one-to-many); the rest are 新增.
    Each pair is labelled (照搬 细化 加码 放宽 …) and carries a character diff.
    """
    source = Source(kb)
    source.document(doc_a)
    source.document(doc_b)
    a = _alignable(source.clauses(doc_a))
    b = _alignable(source.clauses(doc_b))
    sim = similarity_matrix(source, a, b)
    ind_a, ind_b = source.indicators(doc_a), source.indicators(doc_b)
    figures_a = {c.id: _figures_all(c, ind_a.get(c.id, [])) for c in a}
    figures_b = {c.id: _figures_all(c, ind_b.get(c.id, [])) for c in b}
    return Alignment(doc_a=doc_a, doc_b=doc_b, pairs=align_clauses(a, b, sim, figures_a, figures_b))
