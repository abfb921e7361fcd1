"""Fit the hybrid search's answer term, character-bigram channel and near-duplicate grouping, leave-one-set-out.

    nice .venv/bin/python scripts/tune_search.py --corpus-index indexes/bench --archive-index indexes/archive-130

Per query of the corpus sets (shared dev, own, held-out, blind exhaustive; over the corpus/ index) and of the archive
dev set (over an archive slice index), the retrievers' rankings are computed once: BM25, dense, context, the
word coverage, which candidates state what the question asks for (``KnowledgeBase.with_answers``) and BM25 over
character bigrams (built here from the index's clause texts, cached in the index folder; a trial channel, not in
the product: leave-one-set-out never chose it alone). Then every combination of
ANSWER_WEIGHT (negative: the answer term times the candidate's word share) x BIGRAM_WEIGHT x GROUP_JACCARD is fused as ``KnowledgeBase.search`` fuses and groups, and judged:
a hit counts when any clause of its group (the hit and its "also" copies) holds a relevant piece. Leave-one-set-out:
for every set, the combination best on the OTHER sets (mean R@5 + MRR@10), and what it scores on the held-out set,
beside the baseline (no answer term, no bigrams, no grouping). The archive blind set is never read here.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_archive_search import DEV as ARCHIVE_DEV, Judge  # noqa: E402
from bench_search import BLIND_QUERIES, DEV_QUERIES, HELDOUT_QUERIES, OWN_QUERIES, load_queries, metrics  # noqa: E402

import kb.index.fuse as fusion  # noqa: E402
from kb.index.fuse import fuse  # noqa: E402
from kb.index.groups import jaccard, shingles  # noqa: E402
from kb.index.tokenizer import fold_width  # noqa: E402
from kb.models import Filters  # noqa: E402
from kb.search import CANDIDATES, GROUP_POOL, KnowledgeBase  # noqa: E402

ANSWER = (0.0, 0.5, 1.0, 2.0, -1.0, -2.0)  # negative: the term times the candidate's word share
BIGRAM = (0.0, 0.5, 1.0)
GROUP = (1.01, 0.8, 0.6, 0.4)  # 1.01 = no grouping
BASE = (0.0, 0.0, 1.01)
STRICT = False


_NOT_WORD = re.compile(r"[\W_]+")


def bigrams(text: str) -> list[str]:
    """Adjacent character pairs of ``text`` (width-folded, lower case) within runs of word characters
    (punctuation and whitespace break a run; a run of one character is kept as itself)."""
    out: list[str] = []
    for run in _NOT_WORD.split(fold_width(text).lower()):
        if len(run) == 1:
            out.append(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def bigram_channel(kb: KnowledgeBase):  # noqa: ANN201 - a scoring function
    """BM25 over the character bigrams of the index's clauses (as ``kb.index.clause_index.lexical_text``)."""
    from kb.index.clause_index import lexical_text
    from kb.index.lexical import LexicalIndex, top_rows
    from kb.index.query import simplify, without_frames

    folder = kb.index_dir / "bench-bigrams"
    n = kb.index.size
    if (folder / "bm25").exists():
        lexical = LexicalIndex.load(folder, n)
    else:
        t = time.perf_counter()
        lexical = LexicalIndex.build([bigrams(lexical_text(kb.clause(c))) for c in kb.index.clause_ids])
        folder.mkdir(exist_ok=True)
        lexical.save(folder)
        print(f"bigrams: {n} clauses indexed in {time.perf_counter() - t:.0f} s", flush=True)
    ids = kb.index.clause_ids

    def rank(query: str, rows_mask) -> list[str]:  # noqa: ANN001
        scores = lexical.scores(bigrams(without_frames(simplify(query))))
        return [ids[r] for r, _ in top_rows(scores, CANDIDATES, rows_mask)]

    return rank


def features(kb: KnowledgeBase, queries: list[dict], scoped: bool) -> list[dict]:
    """Per query: the Ranked of every retriever (with answers), the bigram ranking and its candidates' coverage."""
    import numpy as np

    from kb.index.query import prepare, simplify

    filters = None
    if scoped:
        sources = {r["source"] for q in queries for r in q["relevant"]}
        filters = Filters(doc_ids=[d.id for d in kb.documents() if d.source in sources])
    rows = kb.allowed_rows(filters)
    mask = None
    if rows is not None:
        mask = np.zeros(kb.index.size, dtype=bool)
        mask[rows] = True
    rank_bigrams = bigram_channel(kb)
    out = []
    for q in queries:
        ranked = kb.with_answers(q["query"], kb.retrieve(q["query"], CANDIDATES, filters))
        big = rank_bigrams(q["query"], mask)
        prepared = prepare(simplify(q["query"]), kb.index.tokenizer)
        new = [c for c in big if c not in ranked.coverage]
        shares = kb.index.term_share(prepared.tokens, [kb.index.row_of[c] for c in new], prepared.alternatives)
        coverage = {**ranked.coverage, **dict(zip(new, shares))}
        out.append({"ranked": ranked, "bigram": big, "coverage": coverage})
    return out


def judge_run(kb: KnowledgeBase, judge: Judge, q: dict, f: dict, variant: tuple, cache: dict) -> list[set[int]]:
    """The top-10 groups of one query under ``variant`` = (answer weight, bigram weight, group threshold)."""
    answer_w, bigram_w, threshold = variant
    ranked = f["ranked"]
    answers = ranked.answers
    if answer_w < 0:
        answer_w = -answer_w
        answers = {c: a * f["coverage"].get(c, 0.0) for c, a in answers.items()}
    fused = fuse(ranked.rankings, ranked.lexical_confidence, f["coverage"], answers=answers, answer_weight=answer_w)
    if bigram_w:  # the bigram channel as one more weighted RRF list (its candidates' coverage counted too)
        scores = dict(fused)
        cover = fusion.COVERAGE_WEIGHT / (fusion.RRF_K + 1)
        for rank, cid in enumerate(f["bigram"], start=1):
            if cid not in scores:
                scores[cid] = cover * f["coverage"].get(cid, 0.0)
            scores[cid] += bigram_w / (fusion.RRF_K + rank)
        fused = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    fused = fused[: GROUP_POOL * 10]
    ids = [cid for cid, _ in fused]
    for cid in ids:
        if cid not in cache:
            c = kb.clause(cid)
            cache[cid] = (shingles(c.text), c.doc_id, c.text)
    groups = _groups(ids, threshold, cache)[:10]
    found = []
    for members in groups:
        got: set[int] = set()
        for m in members:
            key = (q["query"], fused[m][0])
            if key not in cache:  # judging normalises the clause text (OpenCC): once per query and clause
                _, doc_id, text = cache[fused[m][0]]
                cache[key] = judge.matches(q, doc_id, text)
            got |= cache[key]
            if STRICT:  # only the shown clause counts, not its "also" copies
                break
        found.append(got)
    return found


def _groups(ids: list[str], threshold: float, cache: dict) -> list[list[int]]:
    """``kb.index.groups.group_shingles`` with each pair's Jaccard computed once across variants."""
    groups: list[list[int]] = []
    for i, cid in enumerate(ids):
        if threshold > 1.0:
            groups.append([i])
            continue
        for group in groups:
            key = (ids[group[0]], cid)
            if key not in cache:
                cache[key] = jaccard(cache[ids[group[0]]][0], cache[cid][0])
            if cache[key] >= threshold:
                group.append(i)
                break
        else:
            if len(groups) >= 10:  # as search does: reading stops at the 11th distinct candidate
                break
            groups.append([i])
    return groups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus-index", type=Path, default=ROOT / "indexes" / "bench")
    ap.add_argument("--archive-index", type=Path, default=ROOT / "indexes" / "archive-130")
    ap.add_argument("--strict", action="store_true", help="count a grouped hit by its shown clause only")
    ap.add_argument("--answer", type=float, nargs="*", default=ANSWER, help="answer weights to try")
    ap.add_argument("--bigram", type=float, nargs="*", default=BIGRAM, help="bigram weights to try")
    args = ap.parse_args()
    global STRICT
    STRICT = args.strict
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    plan = [(args.corpus_index, {"dev": (load_queries(DEV_QUERIES), True), "own": (load_queries(OWN_QUERIES), False),
                                 "held-out": (load_queries(HELDOUT_QUERIES), False),
                                 "blind": (load_queries(BLIND_QUERIES), False)}),
            (args.archive_index, {"archive dev": (load_queries(ARCHIVE_DEV), False)})]
    plan = [(index, sets) for index, sets in plan if (index / "manifest.json").exists()]
    variants = list(itertools.product(sorted({*args.answer, BASE[0]}), sorted({*args.bigram, BASE[1]}), GROUP))
    scores: dict[tuple, dict[str, dict[str, float]]] = {v: {} for v in variants}
    for index, sets in plan:
        kb = KnowledgeBase.open(index)
        judge = Judge({d.id: d.source for d in kb.documents()})
        cache: dict = {}
        for name, (queries, scoped) in sets.items():
            t = time.perf_counter()
            feats = features(kb, queries, scoped)
            print(f"{name}: {len(queries)} queries ranked in {time.perf_counter() - t:.0f} s", flush=True)
            totals = [len(q["relevant"]) for q in queries]
            for v in variants:
                found = [judge_run(kb, judge, q, f, v, cache) for q, f in zip(queries, feats)]
                scores[v][name] = metrics(found, totals)
    report(scores, variants)


def report(scores: dict[tuple, dict[str, dict[str, float]]], variants: list[tuple]) -> None:
    names = list(scores[BASE])

    def objective(v: tuple, among: list[str]) -> float:
        return statistics.mean(scores[v][n]["R@5"] + scores[v][n]["MRR@10"] for n in among)

    def cell(m: dict[str, float]) -> str:
        return f"{m['R@5']:.2f} / {m['R@10']:.2f} / {m['MRR@10']:.2f} / {m['hit@1']:.2f}"

    families = {"joint": variants,
                "answer only": [v for v in variants if v[1:] == BASE[1:]],
                "bigram only": [v for v in variants if v[0] == BASE[0] and v[2] == BASE[2]],
                "grouping only": [v for v in variants if v[:2] == BASE[:2]]}
    for family, among in families.items():
        print(f"\n## leave-one-set-out, {family} (answer weight, bigram weight, group Jaccard): R@5 / R@10 / MRR@10 / "
              "hit@1 of the held-out set, chosen vs baseline\n")
        print("| held-out set | chosen on the others | chosen | baseline |")
        print("|---|---|---|---|")
        for held in names:
            others = [n for n in names if n != held]
            best = max(among, key=lambda v: (round(objective(v, others), 6), v == BASE))
            print(f"| {held} | {best} | {cell(scores[best][held])} | {cell(scores[BASE][held])} |")
    print("\nbest 10 on all sets (mean R@5 + MRR@10):")
    for v in sorted(variants, key=lambda v: -objective(v, names))[:10]:
        print(f"  {v}: {objective(v, names):.3f}  " + "  ".join(f"{n} {scores[v][n]['R@5']:.2f}/"
                                                               f"{scores[v][n]['MRR@10']:.2f}" for n in names))


if __name__ == "__main__":
    main()
