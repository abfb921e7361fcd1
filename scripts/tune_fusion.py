"""Refit the hybrid search's fusion weights leave-one-set-out, over the corpus sets AND the archive sets.

    nice .venv/bin/python scripts/tune_fusion.py --corpus-index indexes/bench --archive-index /work/idx/archive

The weights of ``kb.index.fuse`` (the RRF constant, BM25's weight at low and full lexical confidence, dense, the
context windows, the word-coverage and answer terms) were chosen on the corpus sets, where BM25 is strong; on an
archive of thousands of documents the dense retriever alone puts the answer first more often than the fusion
(blind3, official questions: hit@1 0.79 vs 0.62). Here every retriever's ranking is computed once per query (as
``kb search`` ranks: ``KnowledgeBase.retrieve`` + ``with_answers``), then every combination of the grid below is fused,
grouped (``kb.search.GROUP_JACCARD``) and judged as ``tune_search`` does (a hit counts when any clause of its group
holds a relevant piece; pooled judgments merged).

Tuning sets: the four corpus sets over the corpus index, the archive dev, blind and blind2 sets (pooled judgments)
over the whole-archive index. Leave-one-set-out: per set, the combination best on the OTHER sets (mean R@5 +
MRR@10) and what it scores on the held-out set, beside the product's weights. Report-only sets (``--report``, e.g.
blind3 and blind4 with their judgments) are never used to choose: they are scored with the combination best on all
tuning sets, beside the product's weights.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_archive_search import DEV as ARCHIVE_DEV, QUESTIONS, Judge, load_judgments, with_judgments  # noqa: E402
from bench_search import BLIND_QUERIES, DEV_QUERIES, HELDOUT_QUERIES, OWN_QUERIES, load_queries, metrics  # noqa: E402
from tune_search import _groups  # noqa: E402

import kb.index.fuse as fusion  # noqa: E402
from kb.index.groups import shingles  # noqa: E402
from kb.models import Filters  # noqa: E402
from kb.search import CANDIDATES, GROUP_JACCARD, GROUP_POOL, KnowledgeBase  # noqa: E402

# (name, values tried); the product's value is always among them
GRID = {
    "k": (10, 20, 40),
    "bm25_low": (0.3, 0.6, 1.0),
    "bm25_high": (0.6, 1.0),
    "dense": (1.0, 1.5, 2.0),
    "context": (0.5, 1.0, 1.5),
    "coverage": (0.75, 1.5, 2.5),
    "answer": (0.5, 1.0, 2.0),
    "prf": (0.0,),  # the pseudo-relevance-feedback dense list (--prf): a trial channel, not in the product
    "adapter": (0,),  # 1: rankings with the query adapter on (--query-adapter)
}
PRODUCT = {"k": fusion.RRF_K, "bm25_low": fusion.BM25_WEIGHT_LOW, "bm25_high": fusion.BM25_WEIGHT_HIGH,
           "dense": fusion.DENSE_WEIGHT, "context": fusion.CONTEXT_WEIGHT, "coverage": fusion.COVERAGE_WEIGHT,
           "answer": fusion.ANSWER_WEIGHT, "prf": 0.0, "adapter": 0}
NAMES = tuple(GRID)


def fused(ranked, v: dict) -> list[tuple[str, float]]:  # noqa: ANN001 - kb.index.retrieval.Ranked
    """``kb.index.fuse.fuse`` under the weights ``v`` (same formula, every constant a parameter)."""
    c = min(max(ranked.lexical_confidence, 0.0), 1.0)
    weights = {"bm25": v["bm25_low"] + (v["bm25_high"] - v["bm25_low"]) * c, "dense": v["dense"],
               "context": v["context"] * (1.0 - c), "docnum": fusion.DOCNUM_WEIGHT, "prf": v["prf"],
               "feedback": fusion.FEEDBACK_WEIGHT}  # the product's own feedback list at its weight
    scores = dict(fusion.rrf(ranked.rankings, weights, k=v["k"]))
    cover, answer = v["coverage"] / (v["k"] + 1), v["answer"] / (v["k"] + 1)
    out = [(cid, s + cover * ranked.coverage.get(cid, 0.0) + answer * ranked.answers.get(cid, 0.0))
           for cid, s in scores.items()]
    return sorted(out, key=lambda kv: (-kv[1], kv[0]))


def rankings(kb: KnowledgeBase, queries: list[dict], scoped: bool, prf: tuple[int, float] | None = None) -> list:
    """Per query, the retrievers' rankings with answers (as ``kb search``); with ``prf`` = (m, beta) also a "prf"
    list: the dense top of normalise(q + beta * mean of the first pass's top-m fused clause vectors) (Rocchio)."""
    from dataclasses import replace

    import numpy as np

    filters = None
    if scoped:  # the shared dev set was judged on its seed documents only (as bench_search searches it)
        sources = {Path(r["source"]).name for q in queries for r in q["relevant"]}
        filters = Filters(doc_ids=[d.id for d in kb.documents() if Path(d.source).name in sources])
    rows = kb.allowed_rows(filters)
    out = []
    for q in queries:
        ranked = kb.with_answers(q["query"], kb.retrieve(q["query"], CANDIDATES, filters))
        if prf and ranked.query_vector is not None:
            m, beta = prf
            top = [kb.index.row_of[cid] for cid, _ in fused(ranked, PRODUCT)[:m]]
            vec = np.asarray(ranked.query_vector, dtype=np.float32).reshape(-1)
            vec = vec / max(float(np.linalg.norm(vec)), 1e-12) + beta * kb.index.clause_vectors(top).mean(axis=0)
            vec = vec / max(float(np.linalg.norm(vec)), 1e-12)
            ids = kb.index.clause_ids
            got = [ids[r] for r, _ in kb.index.dense_top(vec.reshape(1, -1), CANDIDATES, rows)]
            new = [c for c in got if c not in ranked.coverage]
            if new:  # the new candidates' word share and answer fit, as the first pass's have
                from kb.index.query import prepare, simplify

                prepared = prepare(simplify(q["query"]), kb.index.tokenizer)
                shares = kb.index.term_share(prepared.tokens, [kb.index.row_of[c] for c in new], prepared.alternatives)
                ranked = replace(ranked, coverage={**ranked.coverage, **dict(zip(new, shares))})
            ranked = kb.with_answers(q["query"], replace(ranked, rankings={**ranked.rankings, "prf": got}))
        out.append(ranked)
    return out


def judged(kb: KnowledgeBase, judge: Judge, q: dict, ranked, v: dict, cache: dict) -> list[set[int]]:  # noqa: ANN001
    """The relevant pieces each of the top-10 groups covers, under weights ``v``."""
    ids = [cid for cid, _ in fused(ranked, v)[: GROUP_POOL * 10]]
    for cid in ids:
        if cid not in cache:
            c = kb.clause(cid)
            cache[cid] = (shingles(c.text), c.doc_id, c.text)
    found = []
    for members in _groups(ids, GROUP_JACCARD, cache)[:10]:
        got: set[int] = set()
        for m in members:
            key = (q["query"], ids[m])
            if key not in cache:
                _, doc_id, text = cache[ids[m]]
                cache[key] = judge.matches(q, doc_id, text)
            got |= cache[key]
        found.append(got)
    return found


def queries_with(path: Path, judgments: list[Path]) -> list[dict]:
    rows = [r for j in judgments for r in load_judgments(j)]
    return with_judgments(load_queries(path), rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus-index", type=Path, default=ROOT / "indexes" / "bench")
    ap.add_argument("--archive-index", type=Path, default=Path("/work/idx/archive"))
    ap.add_argument("--prf", type=float, nargs=2, metavar=("M", "BETA"), help="add the pseudo-relevance-feedback "
                    "dense list (top-M fused clauses, weight BETA) at the weights --prf-weights")
    ap.add_argument("--prf-weights", type=float, nargs="*", default=[0.0, 0.5, 1.0])
    ap.add_argument("--grid", nargs="*", default=[], metavar="NAME=V1,V2", help="values tried for a weight "
                    f"(names: {', '.join(GRID)})")
    ap.add_argument("--pool", type=Path, help="write, for the report sets, the top-10 groups (every member) of BM25, "
                    "dense, the product's fusion and the fusion chosen on all tuning sets to this TSV for judging "
                    "(scripts/bench_archive_search.py's format; no method named)")
    ap.add_argument("--query-adapter", type=Path, help="also rank with this query adapter (kb.index.adapter) on: "
                    "the grid's 'adapter' dimension")
    ap.add_argument("--report", nargs="*", default=["blind3"], help="archive sets scored only, never chosen on "
                    "(tests/data/search/archive/<name>.jsonl with judged/judged_<name>.tsv when it exists)")
    args = ap.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    judged_dir = QUESTIONS / "judged"

    def archive_set(name: str) -> list[dict]:
        path = ARCHIVE_DEV if name == "dev" else QUESTIONS / f"{name}.jsonl"
        j = judged_dir / f"judged_{name}.tsv"
        return queries_with(path, [j] if j.exists() else [])

    plan = [(args.corpus_index, {"dev": (load_queries(DEV_QUERIES), True), "own": (load_queries(OWN_QUERIES), False),
                                 "held-out": (load_queries(HELDOUT_QUERIES), False),
                                 "corpus blind": (load_queries(BLIND_QUERIES), False)}),
            (args.archive_index, {"archive dev": (archive_set("dev"), False),
                                  "archive blind": (archive_set("blind"), False),
                                  "archive blind2": (archive_set("blind2"), False),
                                  **{f"REPORT {n}": (archive_set(n), False) for n in args.report}})]
    for item in args.grid:
        name, _, values = item.partition("=")
        GRID[name] = tuple(sorted({float(x) if name != "k" else int(x) for x in values.split(",")} | {PRODUCT[name]}))
    if args.prf:
        GRID["prf"] = tuple(sorted({0.0, *args.prf_weights}))
    prf = (int(args.prf[0]), args.prf[1]) if args.prf else None
    adapters = {0: None}
    if args.query_adapter:
        from kb.index.adapter import load_adapter

        adapters[1] = load_adapter(args.query_adapter)
        GRID["adapter"] = (0, 1)
    variants = [dict(zip(NAMES, values)) for values in itertools.product(*(GRID[n] for n in NAMES))]
    if PRODUCT not in variants:
        variants.append(dict(PRODUCT))
    keys = [tuple(v[n] for n in NAMES) for v in variants]
    scores: dict[tuple, dict[str, dict[str, float]]] = {key: {} for key in keys}
    pending: list[tuple] = []  # (kb, judge, cache, set name, queries, rankings) of the report sets, for --pool
    kinds: dict[tuple, dict[str, dict[str, float]]] = {key: {} for key in keys}
    for index, sets in plan:
        if not (index / "manifest.json").exists():
            print(f"skipped (no index): {index}", flush=True)
            continue
        kb = KnowledgeBase.open(index)
        judge = Judge({d.id: Path(d.source).name for d in kb.documents()})
        cache: dict = {}
        for name, (queries, scoped) in sets.items():
            t = time.perf_counter()
            ranked = {}
            for flag, adapter in adapters.items():
                kb.index.query_adapter = adapter
                ranked[flag] = rankings(kb, queries, scoped, prf)
            kb.index.query_adapter = None
            print(f"{name}: {len(queries)} queries ranked in {time.perf_counter() - t:.0f} s", flush=True)
            totals = [len(q["relevant"]) for q in queries]
            t = time.perf_counter()
            for key, v in zip(keys, variants):
                found = [judged(kb, judge, q, r, v, cache) for q, r in zip(queries, ranked[v["adapter"]])]
                scores[key][name] = metrics(found, totals)
                for kind in ("everyday", "official"):
                    idx = [i for i, q in enumerate(queries) if q.get("kind") == kind]
                    if idx:
                        kinds[key][f"{name}: {kind}"] = metrics([found[i] for i in idx], [totals[i] for i in idx])
            print(f"{name}: {len(variants)} weightings judged in {time.perf_counter() - t:.0f} s", flush=True)
            if name.startswith("REPORT "):
                pending.append((kb, judge, cache, name, queries, ranked))
    chosen = report(scores, kinds, keys)
    if args.pool:
        rows = write_pool(args.pool, pending, dict(zip(NAMES, chosen)))
        print(f"\npool: {rows} rows written to {args.pool}")


def write_pool(path: Path, pending: list[tuple], chosen: dict) -> int:
    """The pooled top-10 of BM25, dense, the product's fusion and ``chosen`` per query (every member of a group:
    its copies count as the hit does), one row per distinct clause, sorted by clause id (no method named)."""
    import csv

    from bench_archive_search import ARCHIVE, relative_source

    from kb.pipeline import collect_files, doc_id_for

    path_of = {doc_id_for(f): relative_source(f) for f in collect_files([ARCHIVE, ROOT / "corpus"])}
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["set", "query", "kind", "need", "clause_id", "source", "text", "already", "relevant", "piece"])
        for kb, judge, cache, name, queries, ranked in pending:
            for i, q in enumerate(queries):
                r = ranked[0][i]
                pooled = set(r.rankings.get("bm25", [])[:10]) | set(r.rankings.get("dense", [])[:10])
                for v in (PRODUCT, chosen):
                    ids = [cid for cid, _ in fused(ranked[v["adapter"]][i], v)[: GROUP_POOL * 10]]
                    for cid in ids:
                        if cid not in cache:
                            c = kb.clause(cid)
                            cache[cid] = (shingles(c.text), c.doc_id, c.text)
                    pooled |= {ids[m] for members in _groups(ids, GROUP_JACCARD, cache)[:10] for m in members}
                for cid in sorted(pooled):
                    c = kb.clause(cid)
                    already = "1" if judge.matches(q, c.doc_id, c.text) else ""
                    w.writerow([name.removeprefix("REPORT "), q["query"], q.get("kind", ""), q.get("need", ""), cid,
                                path_of.get(c.doc_id, judge.source_of.get(c.doc_id, "")), " ".join(c.text.split()), already, already, ""])
                    rows += 1
    return rows


def report(scores: dict, kinds: dict, keys: list[tuple]) -> tuple:
    base = tuple(PRODUCT[n] for n in NAMES)
    names = [n for n in scores[base] if not n.startswith("REPORT ")]
    reports = [n for n in scores[base] if n.startswith("REPORT ")]

    def objective(key: tuple, among: list[str]) -> float:
        return statistics.mean(scores[key][n]["R@5"] + scores[key][n]["MRR@10"] for n in among)

    def cell(m: dict[str, float]) -> str:
        return f"{m['R@5']:.2f} / {m['R@10']:.2f} / {m['MRR@10']:.2f} / {m['hit@1']:.2f}"

    def best(among: list[str]) -> tuple:
        return max(keys, key=lambda key: (round(objective(key, among), 6), key == base))

    print(f"\nweights: {', '.join(NAMES)}; product {base}")
    print("\n## leave-one-set-out: R@5 / R@10 / MRR@10 / hit@1 of the held-out set\n")
    print("| held-out set | chosen on the others | chosen | product |")
    print("|---|---|---|---|")
    for held in names:
        key = best([n for n in names if n != held])
        print(f"| {held} | {key} | {cell(scores[key][held])} | {cell(scores[base][held])} |")
    key = best(names)
    print(f"\n## chosen on all tuning sets: {key}\n")
    print("| set | chosen | product |")
    print("|---|---|---|")
    for n in names + reports:
        print(f"| {n} | {cell(scores[key][n])} | {cell(scores[base][n])} |")
        for label in sorted(kinds[key]):
            if label.startswith(n + ":"):
                print(f"| {label} | {cell(kinds[key][label])} | {cell(kinds[base][label])} |")
    print("\nbest 10 on all tuning sets (mean R@5 + MRR@10):")
    for k in sorted(keys, key=lambda k: -objective(k, names))[:10]:
        print(f"  {k}: {objective(k, names):.3f}  " + "  ".join(
            f"{n} {scores[k][n]['R@5']:.2f}/{scores[k][n]['MRR@10']:.2f}" for n in names))
    return key


if __name__ == "__main__":
    main()
