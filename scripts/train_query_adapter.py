"""Train a query-side adapter on pairs the archive gives for free (issue 16, step 2), offline, on CPU.

    nice -n 10 .venv/bin/python scripts/train_query_adapter.py --index /work/idx/archive --out kb/data/query_adapter.npz

Pseudo-queries come from the index's own documents (read-only): a document's title -> its articles; a title with a
章/节 heading -> the clauses under it; an article's first sentence (its number removed) -> the article; an article
citing 本法/本条例/本办法 第X条 -> the cited article. Queries are embedded once with the index's embedder ("query: "
prefix; cached in --cache); positives are the clause vectors already in the index (mean of a clause's windows), so
documents are never re-embedded and no index needs rebuilding. The adapter is a residual linear map on the query
vector, q' = normalise(q + q A B) (rank ``--rank``; B starts at 0, so training starts from the identity), trained
with InfoNCE over in-batch negatives plus a bank of random clauses, and a penalty on ||AB|| that keeps it near the
identity. The defaults were chosen on the archive dev questions (scripts/bench_archive_search.py --query-adapter
NAME=FILE ...); held-out pairs (a tenth of the documents) are printed as a sanity check only. Figures: README,
"Query adapter".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇两]+条")
_HEADING = re.compile(r"^第[一二三四五六七八九十百零〇两]+[章节]")
_CITE = re.compile(r"本(?:法|条例|办法|规定|细则)第([一二三四五六七八九十百零〇两]+)条")
_SENTENCE = re.compile(r"[。；;！？]")


def _read(index: Path) -> tuple[dict[str, dict], list[dict]]:
    db = sqlite3.connect(f"file:{index / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        docs = {}
        for (data,) in db.execute("SELECT json_object('id', json_extract(data,'$.id'), 'title', "
                                  "json_extract(data,'$.title')) FROM documents"):
            d = json.loads(data)
            docs[d["id"]] = d
        clauses = [json.loads(data) for (data,) in db.execute("SELECT data FROM clauses ORDER BY doc_id, seq")]
    finally:
        db.close()
    return docs, clauses


def _lead(text: str) -> str:
    body = _ARTICLE.sub("", text).strip()
    return _SENTENCE.split(body, maxsplit=1)[0][:80].strip()


def collect_pairs(index: Path, row_of: dict[str, int], caps: dict[str, int], seed: int = 0) -> list[dict]:
    """Pseudo-query pairs: {"kind", "query", "rows": positive clause rows, "doc"} (at most caps[kind] of each)."""
    docs, clauses = _read(index)
    by_doc: dict[str, list[dict]] = {}
    for c in clauses:
        if c["id"] in row_of and c.get("kind", "text") == "text":
            by_doc.setdefault(c["doc_id"], []).append(c)
    pairs: dict[str, list[dict]] = {k: [] for k in caps}
    for doc_id, cs in by_doc.items():
        title = (docs.get(doc_id) or {}).get("title") or ""
        articles = [c for c in cs if _ARTICLE.match(c["text"]) and len(c["text"]) > 20]
        if title and len(articles) >= 3:
            pairs["title"].append({"doc": doc_id, "query": title, "rows": [row_of[c["id"]] for c in articles]})
        by_number = {c["number"]: c for c in articles}
        children: dict[str, list[int]] = {}
        for c in cs:
            if c.get("parent_id"):
                children.setdefault(c["parent_id"], []).append(row_of[c["id"]])
        for c in cs:
            if _HEADING.match(c["text"]) and c.get("heading") and len(children.get(c["id"], [])) >= 2:
                pairs["heading"].append({"doc": doc_id, "query": f"{title} {c['heading']}".strip(), "rows": children[c["id"]]})
        for c in articles:
            lead = _lead(c["text"])
            if len(lead) >= 12:
                pairs["lead"].append({"doc": doc_id, "query": lead, "rows": [row_of[c["id"]]]})
            for number in dict.fromkeys(_CITE.findall(c["text"])):
                cited = by_number.get(f"第{number}条")
                if cited is not None and cited["id"] != c["id"]:
                    pairs["cite"].append({"doc": doc_id, "query": _ARTICLE.sub("", c["text"]).strip()[:120],
                                          "rows": [row_of[cited["id"]]]})
    rng = random.Random(seed)
    out = []
    for kind, cap in caps.items():
        chosen = pairs[kind]
        rng.shuffle(chosen)
        out += [{"kind": kind, **p} for p in chosen[:cap]]
        print(f"pairs: {kind}: {len(pairs[kind])} found, {min(cap, len(pairs[kind]))} kept", flush=True)
    return out


def embed_queries(pairs: list[dict], embedder, cache: Path) -> np.ndarray:  # noqa: ANN001
    texts = [p["query"] for p in pairs]
    key = cache / f"queries-{hashlib.sha1(chr(10).join(texts).encode()).hexdigest()[:12]}.npy"
    if key.exists():
        return np.load(key)
    t = time.perf_counter()
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for start in range(0, len(texts), 512):
        out[start : start + 512] = embedder.encode_queries(texts[start : start + 512])
        print(f"  embedded {min(start + 512, len(texts))}/{len(texts)} ({time.perf_counter() - t:.0f} s)", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(key, out)
    return out


def train(q: np.ndarray, pos: list[np.ndarray], docs: list[str], bank: np.ndarray, *, rank: int, epochs: int,
          lr: float, temp: float, reg: float, batch: int = 256, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A (d x rank), B (rank x d) of q' = normalise(q + q A B), by InfoNCE over in-batch and bank negatives
    (pairs of the same document are not each other's negatives)."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    d = q.shape[1]
    a = torch.nn.Parameter(torch.randn(d, rank) * 0.02)
    b = torch.nn.Parameter(torch.zeros(rank, d))
    opt = torch.optim.Adam([a, b], lr=lr)
    qt = torch.from_numpy(q)
    bank_t = torch.from_numpy(bank)
    doc_ids = np.unique(np.asarray(docs), return_inverse=True)[1]
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        order = rng.permutation(len(q))
        total = 0.0
        for start in range(0, len(order), batch):
            idx = order[start : start + batch]
            p = torch.from_numpy(np.stack([pos[i][rng.integers(len(pos[i]))] for i in idx]))
            x = qt[idx]
            y = torch.nn.functional.normalize(x + (x @ a) @ b, dim=1)
            logits = torch.cat([y @ p.T, y @ bank_t.T], dim=1) / temp
            same = torch.from_numpy(doc_ids[idx][:, None] == doc_ids[idx][None, :])
            same.fill_diagonal_(False)
            logits[:, : len(idx)] = logits[:, : len(idx)].masked_fill(same, -1e4)
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(idx)))
            loss = loss + reg * ((a @ b) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f"  epoch {epoch + 1}: loss {total / len(q):.4f}", flush=True)
    return a.detach().numpy(), b.detach().numpy()


def apply(q: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    y = q + (q @ a) @ b
    return y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-12)


def pair_recall(q: np.ndarray, pos_rows: list[list[int]], vectors: np.ndarray, k: int = 10) -> float:
    """Share of held-out pairs with a positive among the top k of the sampled clause pool (a sanity check)."""
    scores = q @ vectors.T
    top = np.argsort(-scores, axis=1)[:, :k]
    return float(np.mean([bool(set(t) & set(p)) for t, p in zip(top.tolist(), pos_rows)]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=Path("/work/idx/archive"))
    ap.add_argument("--out", type=Path, default=ROOT / "kb" / "data" / "query_adapter.npz")
    ap.add_argument("--cache", type=Path, default=ROOT / "indexes" / "adapter-cache")
    ap.add_argument("--caps", default="title=3000,heading=7000,lead=12000,cite=6000")
    ap.add_argument("--rank", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--temp", type=float, default=0.05)
    ap.add_argument("--reg", type=float, default=0.3)
    ap.add_argument("--bank", type=int, default=2048, help="random clauses added as negatives to every batch")
    ap.add_argument("--kinds", default="", help="train on these pair kinds only (comma-separated; default all)")
    args = ap.parse_args()
    from kb.config import Settings
    from kb.index.clause_index import ClauseIndex

    index = ClauseIndex.open(args.index, Settings())
    caps = dict((k, int(v)) for k, v in (c.split("=") for c in args.caps.split(",")))
    pairs = collect_pairs(args.index, index.row_of, caps)
    q = embed_queries(pairs, index.embedder, args.cache)
    keep = [i for i, p in enumerate(pairs) if not args.kinds or p["kind"] in args.kinds.split(",")]
    pairs, q = [pairs[i] for i in keep], q[keep]
    rng = np.random.default_rng(0)
    for p in pairs:  # at most 16 positives per pseudo-query (titles own hundreds of articles)
        if len(p["rows"]) > 16:
            p["rows"] = sorted(rng.choice(p["rows"], 16, replace=False).tolist())
    rows = sorted({r for p in pairs for r in p["rows"]})
    vec_of = dict(zip(rows, index.clause_vectors(rows)))
    pos = [np.stack([vec_of[r] for r in p["rows"]]) for p in pairs]
    bank = index.clause_vectors(sorted(rng.choice(index.size, args.bank, replace=False).tolist()))
    docs = [p["doc"] for p in pairs]
    held = np.asarray([zlib.crc32(d.encode()) % 10 == 0 for d in docs])  # a tenth of the documents: held-out pairs
    tr = np.flatnonzero(~held)
    t = time.perf_counter()
    a, b = train(q[tr], [pos[i] for i in tr], [docs[i] for i in tr], bank, rank=args.rank, epochs=args.epochs,
                 lr=args.lr, temp=args.temp, reg=args.reg)
    print(f"trained on {len(tr)} pairs in {time.perf_counter() - t:.0f} s")
    va = np.flatnonzero(held)
    pool_rows = sorted({r for i in va for r in pairs[i]["rows"]} | set(rng.choice(index.size, 20000).tolist()))
    pool = index.clause_vectors(pool_rows)
    where = {r: j for j, r in enumerate(pool_rows)}
    prow = [[where[r] for r in pairs[i]["rows"]] for i in va]
    print(f"held-out pairs ({len(va)}): R@10 before {pair_recall(q[va], prow, pool):.3f}, "
          f"after {pair_recall(apply(q[va], a, b), prow, pool):.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, a=a.astype(np.float32), b=b.astype(np.float32), model=index.embedder.name,
                        settings=json.dumps({k: v for k, v in vars(args).items() if k not in ("index", "out", "cache")},
                                            default=str))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
