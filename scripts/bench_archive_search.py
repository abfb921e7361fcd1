"""Archive-scale search benchmark (issue 16): corpus/ plus a fixed slice of ../shared/archive.

    .venv/bin/python scripts/bench_archive_search.py --methods bm25            # BM25 only: no embeddings needed
    .venv/bin/python scripts/bench_archive_search.py                          # bm25, dense, chunks-500, hybrid
    .venv/bin/python scripts/bench_archive_search.py --limit-docs 300 --index indexes/archive-300   # quick run
    .venv/bin/python scripts/bench_archive_search.py --pool pool.tsv          # write every method's top 10 to judge
    .venv/bin/python scripts/bench_archive_search.py --judgments judged.tsv   # score with the judge's marks added
    .venv/bin/python scripts/bench_archive_search.py --methods bm25 --without-thesaurus     # before / after expansion
    .venv/bin/python scripts/bench_archive_search.py --methods bm25 --expansions a=A.tsv b=B.tsv --trial-dump T.jsonl
    .venv/bin/python scripts/bench_archive_search.py --index I --no-build --query-adapter kb/data/query_adapter.npz
        # without, then with each query adapter (kb.index.adapter), same index and queries
    .venv/bin/python scripts/bench_archive_search.py --loso T.jsonl    # leave-one-set-out over trials on several indexes
    .venv/bin/python scripts/bench_archive_search.py --index WHOLE_ARCHIVE --restrict-to-slice   # the slice's
        # documents inside an index of the whole archive: over-fetch per retriever, drop other documents, fuse

The slice (tests/data/search/archive/FORMAT.md): corpus/, archive govcn/, national-laws/ without sifa-jieshi/,
local-regulations/{henan,shandong,zhejiang}/. The index is built by the real pipeline (``kb.pipeline.build``) in
batches, so an interrupted build keeps what it finished; ``--methods bm25`` stores documents and clauses only
(no embeddings) and builds the BM25 index over them as ``kb.index.refresh`` does (same tokenizer, same text).

Query sets: tests/data/search/archive/dev.jsonl by default (``--queries`` for others). blind.jsonl is held out:
only the lead passes it, once, at the end.

Relevance: a returned clause counts when it comes from a relevant piece's source file (matched by file name) and
its text, with punctuation and whitespace removed and simplified, contains the piece (as scripts/bench_search.py).
R@k = share of the query's relevant pieces found in the top k; MRR@10 = 1 / rank of the first relevant result;
hit@1 = share of queries whose first result is relevant. Chunk hits count when the 500-character chunk contains
the piece (a looser test than a clause's). A hybrid hit counts when its clause or one of its near-identical copies listed under
it (``Hit.also``, kb.index.groups) holds the piece.

Pooling: ``--pool FILE`` writes, per query, the union of every method's top 10 as one row per clause (no method
named, in a fixed order) with empty ``relevant`` and ``piece`` columns for a judge to fill: relevant 1/0, and
optionally the piece of the clause that answers (default: the clause's text). ``--judgments FILE`` (same columns;
at least query, source, relevant) adds every row marked 1 as a relevant piece of its query.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_search import load_queries, metrics, norm  # noqa: E402

from kb.config import Settings  # noqa: E402
from kb.index.clause_index import EXPANSION_WEIGHT, THESAURUS_WEIGHT, lexical_text  # noqa: E402
from kb.index.lexical import LexicalIndex, top_rows  # noqa: E402
from kb.index.query import PreparedQuery, prepare  # noqa: E402
from kb.index.tokenizer import PolicyTokenizer  # noqa: E402
from kb.pipeline import collect_files, doc_id_for, pipeline_version  # noqa: E402
from kb.search import simplify  # noqa: E402
from kb.store import DB_NAME, Store  # noqa: E402
from kb.vocabulary import expansions  # noqa: E402

ARCHIVE = ROOT.parent / "shared" / "archive"
if not ARCHIVE.exists():  # a worktree under /work/wt/<branch>
    ARCHIVE = Path("/work/shared/archive")
QUESTIONS = ROOT / "tests" / "data" / "search" / "archive"
DEV = QUESTIONS / "dev.jsonl"
METHODS = ("bm25", "dense", "chunks-500", "hybrid")
LOCAL_PROVINCES = ("henan", "shandong", "zhejiang")
BATCH = 250  # files per pipeline build call: an interrupted build keeps the batches it finished
PLAIN = "bm25 w/o thesaurus"
BM25_DIR = "bench-bm25"  # beside the pipeline's files: BM25 over the store's clauses, for --methods bm25


# ---------------------------------------------------------------------------------------------- the slice


def slice_folders(archive: Path = ARCHIVE, corpus_only: bool = False) -> list[Path]:
    """The folders of the benchmark slice, in a fixed order (``corpus_only``: corpus/ alone)."""
    if corpus_only:
        return [ROOT / "corpus"]
    laws = sorted(p for p in (archive / "national-laws").iterdir() if p.is_dir() and p.name != "sifa-jieshi")
    local = [archive / "local-regulations" / p for p in LOCAL_PROVINCES]
    return [ROOT / "corpus", archive / "govcn", *laws, *local]


def slice_files(limit: int | None, keep_names: set[str], corpus_only: bool = False) -> list[Path]:
    """Every file of the slice, or with ``limit`` the files named in ``keep_names`` (the question sources) plus
    others up to ``limit`` in a fixed pseudo-random order (by the hash of the name, so every folder is sampled)."""
    files = collect_files(slice_folders(corpus_only=corpus_only))
    if limit is None or limit >= len(files):
        return files
    keep = [f for f in files if f.name in keep_names]
    rest = sorted((f for f in files if f.name not in keep_names), key=lambda f: hashlib.sha1(f.name.encode()).digest())
    return sorted(keep + rest[: max(limit - len(keep), 0)])


def relative_source(path: Path) -> str:
    """How question files name a source: archive-relative path, or the corpus/ file name."""
    try:
        return path.resolve().relative_to(ARCHIVE.resolve()).as_posix()
    except ValueError:
        return path.name


def build_store(index: Path, files: Sequence[Path], *, embed: bool) -> None:
    """Ingest ``files`` with the real pipeline in batches (unchanged files are skipped); with ``embed`` the last
    call also refreshes the search indexes (vectors, BM25, manifest)."""
    from kb.pipeline import build

    settings = Settings()
    have: set[str] = set()
    if (index / DB_NAME).exists():  # documents stored by this pipeline version (an older one is re-processed)
        with sqlite3.connect(index / DB_NAME) as db:
            have = {i for i, v in db.execute("SELECT id, json_extract(data, '$.pipeline') FROM documents")
                    if v == pipeline_version()}
    todo = [f for f in files if doc_id_for(f) not in have]
    print(f"pipeline: {len(files)} files in the slice, {len(files) - len(todo)} already stored, {len(todo)} to ingest",
          flush=True)
    failed = 0
    for start in range(0, len(todo), BATCH):
        t = time.perf_counter()
        report = build(todo[start : start + BATCH], index, settings, refresh_index=False)
        failed += sum(r.status in ("failed", "skipped") for r in report.files)
        print(f"  {min(start + BATCH, len(todo))}/{len(todo)} files, {report.clauses} clauses stored "
              f"({time.perf_counter() - t:.0f} s, {failed} failed or skipped so far)", flush=True)
    if embed and (todo or not (index / "manifest.json").exists()):
        print("pipeline: refreshing the search indexes (embeddings)…", flush=True)
        build([], index, settings, progress=lambda m: print("  " + m, flush=True))


# ---------------------------------------------------------------------------------------------- judging


def load_judgments(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def with_judgments(queries: list[dict], rows: list[dict]) -> list[dict]:
    """The queries with every row marked relevant (1) added as a relevant piece (``"pooled": true``)."""
    extra: dict[str, list[dict]] = {}
    for row in rows:
        if str(row.get("relevant", "")).strip() != "1":
            continue
        piece = (row.get("piece") or "").strip() or (row.get("text") or "").strip()
        extra.setdefault(row["query"], []).append({"source": row["source"], "text": piece, "pooled": True})
    out = []
    for q in queries:
        known = {(Path(r["source"]).name, norm(r["text"])) for r in q["relevant"]}
        added = [r for r in extra.get(q["query"], []) if (Path(r["source"]).name, norm(r["text"])) not in known]
        out.append({**q, "relevant": q["relevant"] + added})
    return out


class Judge:
    """Which relevant pieces of a query an item (a clause or a chunk of a document) covers."""

    def __init__(self, source_of: dict[str, str]) -> None:
        self.source_of = source_of  # doc id -> file name

    def matches(self, query: dict, doc_id: str, text: str) -> set[int]:
        t = norm(text)
        name = self.source_of.get(doc_id, "")
        return {i for i, r in enumerate(query["relevant"]) if Path(r["source"]).name == name and norm(r["text"]) in t}


# ---------------------------------------------------------------------------------------------- retrievers


@dataclass(frozen=True)
class Item:
    """One ranked result: a clause (``clause_id``) or a chunk of a document (``clause_id`` empty); a hybrid hit
    also carries its near-identical copies (``also``, see kb.index.groups)."""

    doc_id: str
    text: str
    clause_id: str = ""
    also: tuple[Item, ...] = ()


def covered(judge: Judge, query: dict, item: Item) -> set[int]:
    """The relevant pieces a result covers: a grouped hit counts when any clause of its group (the hit or one of
    its "also" copies, which the user sees listed under it) holds a piece."""
    got = judge.matches(query, item.doc_id, item.text)
    for copy in item.also:
        got |= judge.matches(query, copy.doc_id, copy.text)
    return got


class Bm25Only:
    """BM25 over the stored clauses exactly as ``kb.index.refresh`` indexes them and ``ClauseIndex.retrieve``
    scores them (query words + curated synonyms at EXPANSION_WEIGHT), with no embeddings; cached in BM25_DIR."""

    def __init__(self, index: Path) -> None:
        self.tokenizer = PolicyTokenizer()
        store = Store.open(index)
        try:
            self.docs = {d.id: d for d in store.documents()}
            self.clauses = store.clauses()
            key = f"{store.corpus_hash()}|{self.tokenizer.signature}|{len(self.clauses)}"
        finally:
            store.close()
        folder = index / BM25_DIR
        stamp = folder / "key.txt"
        if stamp.exists() and stamp.read_text() == key:
            self.lexical = LexicalIndex.load(folder, len(self.clauses))
        else:
            t = time.perf_counter()
            print(f"bm25: tokenising {len(self.clauses)} clauses (cached in {folder})…", flush=True)
            self.lexical = LexicalIndex.build([self.tokenizer.tokens(lexical_text(c)) for c in self.clauses])
            folder.mkdir(exist_ok=True)
            self.lexical.save(folder)
            stamp.write_text(key)
            print(f"bm25: built in {time.perf_counter() - t:.0f} s", flush=True)

    def prepare(self, query: str) -> PreparedQuery:
        return prepare(simplify(query), self.tokenizer)

    def rank(self, prepared: PreparedQuery, k: int = 10, extra: Sequence[tuple[Sequence[str], float]] = (),
             sources: set[str] | None = None, thesaurus: bool = True, keep_docs: set[str] | None = None) -> list[Item]:
        """Top ``k`` clauses (only of documents from ``sources`` file names, if given), scored as
        ``ClauseIndex.retrieve`` scores BM25 (``thesaurus=False``: without the kb/data/expansions.tsv wordings).
        ``extra`` = (alternative tokens, weight) groups scored beside: each adds weight x its best one's score;
        ``keep_docs``: only clauses of these document ids (--restrict-to-slice)."""
        scores = self.lexical.scores(prepared.tokens)
        if prepared.expansion:
            scores = scores + EXPANSION_WEIGHT * self.lexical.scores(prepared.expansion)
        if thesaurus:
            extra = [*extra, *((group, THESAURUS_WEIGHT) for group in prepared.thesaurus)]
        for alternatives, weight in extra:  # as ClauseIndex.thesaurus_scores
            rows, best = self.lexical.best_scores(alternatives)
            scores[rows] += weight * best
        mask = None
        if sources is not None or keep_docs is not None:
            mask = np.asarray([(sources is None or self.docs[c.doc_id].source in sources)
                               and (keep_docs is None or c.doc_id in keep_docs) for c in self.clauses])
        return [self._item(r) for r, _ in top_rows(scores, k, mask)]

    def _item(self, row: int) -> Item:
        c = self.clauses[row]
        return Item(c.doc_id, c.text, c.id)


class FullIndex:
    """bm25, dense and hybrid from the built index (``KnowledgeBase``), 500-character chunks beside them.

    ``keep_docs`` (--restrict-to-slice): score an index that holds more than the slice as if it held the slice's
    documents only, by over-fetching then filtering: each retriever's top ``fetch`` clauses over the whole index,
    the clauses of other documents dropped, the first CANDIDATES kept (``Ranked.restricted``), then the lexical
    confidence recomputed for the best kept BM25 clause and the lists fused and grouped as ``kb.search`` does.
    Each retriever's order among the kept clauses is then the one a slice-only index gives whenever ``fetch`` held
    CANDIDATES kept clauses (``short`` counts the lists where it did not); BM25's idf and length norm stay the
    whole index's.
    """

    def __init__(self, index: Path, methods: Sequence[str], keep_docs: set[str] | None = None,
                 fetch: int = 400) -> None:
        from kb.search import KnowledgeBase

        self.kb = KnowledgeBase.open(index)
        self.keep_docs = keep_docs
        self.fetch = fetch
        self.short = 0  # restricted retriever lists that ran out of fetched clauses before CANDIDATES
        self.docs = {d.id: d for d in self.kb.documents() if keep_docs is None or d.id in keep_docs}
        self.chunks = None
        if "chunks-500" in methods:
            from bench_search import Chunks

            self.chunks = Chunks(self.kb, doc_ids=None if keep_docs is None else set(self.docs))

    def rank_all(self, query: str, methods: Sequence[str], sources: set[str] | None = None) -> dict[str, list[Item]]:
        from kb.models import Filters

        filters = None if sources is None else Filters(doc_ids=[d for d, m in self.docs.items() if m.source in sources])
        out: dict[str, list[Item]] = {}
        if self.keep_docs is not None:
            ranked = self._restricted(query, filters)
            for m in ("bm25", "dense"):
                if m in methods:
                    out[m] = [self._clause(cid) for cid in ranked.rankings.get(m, [])[:10]]
            if "hybrid" in methods:
                out["hybrid"] = [self._hit(h) for h in self.kb.hits(self.kb.with_answers(query, ranked), 10)]
        else:
            if {"bm25", "dense"} & set(methods):
                ranked = self.kb.retrieve(query, 100, filters)
                for m in ("bm25", "dense"):
                    if m in methods:
                        out[m] = [self._clause(cid) for cid in ranked.rankings.get(m, [])[:10]]
            if "hybrid" in methods:
                out["hybrid"] = [self._hit(h) for h in self.kb.search(query, k=10, filters=filters)]
        if "chunks-500" in methods and self.chunks is not None:
            out["chunks-500"] = [Item(d, t) for d, t in self.chunks.rank(query, 10, filters)]
        return out

    def _restricted(self, query: str, filters: object):  # noqa: ANN202 - kb.index.retrieval.Ranked
        from kb.index.query import prepare
        from kb.search import CANDIDATES

        keep = self.keep_docs or set()
        ranked = self.kb.retrieve(query, self.fetch, filters)  # type: ignore[arg-type]

        def kept(cid: str) -> bool:
            return self.kb.clause(cid).doc_id in keep

        for ids in ranked.rankings.values():
            if len(ids) >= self.fetch and sum(map(kept, ids)) < CANDIDATES:
                self.short += 1
        bm25 = [c for c in ranked.rankings.get("bm25", []) if kept(c)]
        confidence = None
        if bm25:
            p = prepare(simplify(query), self.kb.index.tokenizer)
            confidence = self.kb.index.term_share(p.tokens, [self.kb.index.row_of[bm25[0]]], p.alternatives)[0]
        return ranked.restricted(kept, CANDIDATES, confidence)

    def _clause(self, clause_id: str) -> Item:
        c = self.kb.clause(clause_id)
        return Item(c.doc_id, c.text, c.id)

    def _hit(self, hit) -> Item:  # noqa: ANN001 - kb.models.Hit
        return Item(hit.doc_id, hit.clause.text, hit.clause_id, tuple(self._clause(a.clause_id) for a in hit.also))


# ---------------------------------------------------------------------------------------------- expansion trials


def expansion_groups(prepared: PreparedQuery, table: dict[str, tuple[str, ...]], weight: float,
                     top: int | None = None) -> list[tuple[list[str], float]]:
    """Per query token found in ``table``: its targets not already searched for, scored at ``weight``."""
    searched = set(prepared.tokens) | set(prepared.expansion)
    out = []
    for token in dict.fromkeys(prepared.tokens):
        targets = [t for t in table.get(token, ())[:top] if t not in searched]
        if targets and weight > 0:
            out.append((targets, weight))
    return out


def expansion_trial(engine: Bm25Only, sets: dict[str, list[dict]], judge: Judge, tables: dict[str, Path],
                    weights: Sequence[float], dump: Path | None = None) -> None:
    """BM25 without and with each expansion table at each weight, per set; then leave-one-set-out: for every
    set, the (table, weight) best on the OTHER sets (mean R@5 + MRR@10; no expansion is a candidate) and what it
    scores on the held-out set."""
    loaded = {name: expansions(path) for name, path in tables.items()}
    variants = [("none", 0.0)] + [(name, w) for name in loaded for w in weights]
    prepared = {q["query"]: engine.prepare(q["query"]) for qs in sets.values() for q in qs}
    scores: dict[tuple[str, float], dict[str, dict[str, float]]] = {}
    for name, w in variants:
        for set_name, queries in sets.items():
            within = scope(set_name, queries)
            found = []
            for q in queries:
                p = prepared[q["query"]]
                extra = expansion_groups(p, loaded[name], w) if name != "none" else []
                found.append([judge.matches(q, it.doc_id, it.text)
                              for it in engine.rank(p, 10, extra, within, thesaurus=False)])
            scores.setdefault((name, w), {})[set_name] = metrics(found, [len(q["relevant"]) for q in queries])
    print("\n## BM25 with query expansion (R@5 / R@10 / MRR@10 / hit@1)\n")
    names = list(sets)
    print("| expansion | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for v in variants:
        cells = [f"{m['R@5']:.2f} / {m['R@10']:.2f} / {m['MRR@10']:.2f} / {m['hit@1']:.2f}"
                 for m in (scores[v][n] for n in names)]
        print(f"| {v[0]} x {v[1]} | " + " | ".join(cells) + " |")

    if dump is not None:  # append, so that sets run over other indexes join the leave-one-set-out (--loso)
        with dump.open("a", encoding="utf-8") as f:
            for (name, w), by_set in scores.items():
                for set_name, m in by_set.items():
                    f.write(json.dumps({"table": name, "weight": w, "set": set_name, **m}, ensure_ascii=False) + "\n")
    leave_one_set_out(scores)


def leave_one_set_out(scores: dict[tuple[str, float], dict[str, dict[str, float]]]) -> None:
    """For every set: the (table, weight) best on the other sets (mean R@5 + MRR@10), and its score there."""
    variants = list(scores)
    names = list(dict.fromkeys(n for by_set in scores.values() for n in by_set))

    def objective(v: tuple[str, float], among: list[str]) -> float:
        return statistics.mean(scores[v][n]["R@5"] + scores[v][n]["MRR@10"] for n in among)

    print("\nleave-one-set-out (chosen on the other sets by mean R@5 + MRR@10):")
    for held in names:
        others = [n for n in names if n != held]
        if not others:
            print("  (one set only: nothing to choose on)")
            break
        best = max(variants, key=lambda v: (round(objective(v, others), 6), v == ("none", 0.0)))
        got, base = scores[best][held], scores[("none", 0.0)][held]
        print(f"  {held}: chose {best[0]} x {best[1]} -> R@5 {got['R@5']:.2f} (none {base['R@5']:.2f}), MRR@10 "
              f"{got['MRR@10']:.2f} (none {base['MRR@10']:.2f}), hit@1 {got['hit@1']:.2f} (none {base['hit@1']:.2f})")


def compare_adapters(engine: FullIndex, sets: dict[str, list[dict]], judge: Judge, methods: Sequence[str],
                     specs: Sequence[str]) -> None:
    """The quality table without a query adapter, then with each adapter file (``NAME=FILE``), same index."""
    from kb.index.adapter import load_adapter

    variants = [("no adapter", None)] + [(n, load_adapter(Path(f))) for n, f in
                                         (x.split("=", 1) if "=" in x else (Path(x).stem, x) for x in specs)]
    for name, adapter in variants:
        engine.kb.index.query_adapter = adapter
        runs = {set_name: {q["query"]: engine.rank_all(q["query"], methods, scope(set_name, queries))
                           for q in queries} for set_name, queries in sets.items()}
        print(f"\n# query adapter: {name}")
        print_table(score(sets, runs, judge, methods), methods)


# ---------------------------------------------------------------------------------------------- report


def scope(name: str, queries: list[dict]) -> set[str] | None:
    """The shared dev set (dev_queries.jsonl) was judged on its seed documents only: it is searched among them, as
    scripts/bench_search.py does; every other set over the whole index."""
    if not name.startswith("dev_queries"):
        return None
    return {Path(r["source"]).name for q in queries for r in q["relevant"]}


def score(sets: dict[str, list[dict]], runs: dict[str, dict[str, dict[str, list[Item]]]], judge: Judge,
          methods: Sequence[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Per set, per kind within it: metrics per method. runs[set][query][method] = ranked items."""
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name, queries in sets.items():
        found = {m: [[covered(judge, q, it) for it in runs[name][q["query"]].get(m, [])]
                     for q in queries] for m in methods}
        totals = [len(q["relevant"]) for q in queries]
        groups = {f"{name} ({len(queries)})": range(len(queries))}
        for kind in sorted({q.get("kind", "") for q in queries} - {""}):
            idx = [i for i, q in enumerate(queries) if q.get("kind") == kind]
            groups[f"{name}: {kind} ({len(idx)})"] = idx
        for label, idx in groups.items():
            results[label] = {m: metrics([found[m][i] for i in idx], [totals[i] for i in idx]) for m in methods}
    return results


def print_table(results: dict[str, dict[str, dict[str, float]]], methods: Sequence[str]) -> None:
    print("\n## Quality (R@5 / R@10 / MRR@10 / hit@1)\n")
    print("| query set | " + " | ".join(methods) + " |")
    print("|---|" + "---|" * len(methods))
    for label, by_method in results.items():
        cells = [f"{m['R@5']:.2f} / {m['R@10']:.2f} / {m['MRR@10']:.2f} / {m['hit@1']:.2f}"
                 for m in (by_method[x] for x in methods)]
        print(f"| {label} | " + " | ".join(cells) + " |")


def write_pool(path: Path, sets: dict[str, list[dict]], runs: dict, docs: dict, judge: Judge) -> int:
    """Every method's top 10 per query, one row per distinct clause (chunks: the chunk text), no method named."""
    path_of = {doc_id: src for doc_id, src in docs.items()}
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["set", "query", "kind", "need", "clause_id", "source", "text", "already", "relevant", "piece"])
        for name, queries in sets.items():
            for q in queries:
                seen: set[tuple[str, str]] = set()
                pooled = [it for items in runs[name][q["query"]].values() for it in items]
                for it in sorted(pooled, key=lambda it: (it.doc_id, it.clause_id, it.text)):
                    key = (it.doc_id, it.clause_id or norm(it.text))
                    if key in seen:
                        continue
                    seen.add(key)
                    already = "1" if judge.matches(q, it.doc_id, it.text) else ""
                    text = " ".join(it.text.split())
                    w.writerow([name, q["query"], q.get("kind", ""), q.get("need", ""), it.clause_id,
                                path_of.get(it.doc_id, ""), text, already, already, ""])
                    rows += 1
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=ROOT / "indexes" / "archive")
    ap.add_argument("--queries", type=Path, nargs="*", default=None, help="query sets (default: the archive dev set)")
    ap.add_argument("--methods", default=",".join(METHODS), help="comma-separated: " + ",".join(METHODS))
    ap.add_argument("--limit-docs", type=int, default=None,
                    help="index only this many files of the slice (always including the questions' sources)")
    ap.add_argument("--corpus-only", action="store_true", help="index corpus/ alone (the earlier query sets' setting)")
    ap.add_argument("--no-build", action="store_true", help="use the index as it is (no ingest of missing files)")
    ap.add_argument("--restrict-to-slice", action="store_true",
                    help="score an EXISTING index holding more than the slice (e.g. the whole archive) as if it held "
                         "only the slice's documents (--limit-docs / --corpus-only choose the slice): each retriever "
                         "over-fetches --fetch clauses, the other documents' are dropped, then fusion (no build)")
    ap.add_argument("--fetch", type=int, default=400, help="with --restrict-to-slice: clauses fetched per retriever")
    ap.add_argument("--expansions", nargs="*", default=[], metavar="NAME=FILE",
                    help="BM25 expansion trial: expansion tables to compare (kb/data/expansions.tsv format)")
    ap.add_argument("--expansion-weights", type=float, nargs="*", default=[0.1, 0.2, 0.3, 0.5])
    ap.add_argument("--without-thesaurus", action="store_true", help="BM25-only: also rank without the thesaurus "
                    "expansion of kb/data/expansions.tsv (the figures before it; pooled too)")
    ap.add_argument("--trial-dump", type=Path, help="append the expansion trial's scores to this JSONL")
    ap.add_argument("--loso", type=Path, help="only: leave-one-set-out over the scores appended to this JSONL "
                    "(trials run over several indexes: corpus/ for the earlier sets, the slice for the archive ones)")
    ap.add_argument("--pool", type=Path, help="write the pooled top 10 of every method to this TSV for judging")
    ap.add_argument("--judgments", type=Path, nargs="*", default=[], help="judged TSVs merged into the scoring")
    ap.add_argument("--query-adapter", nargs="*", default=[], metavar="NAME=FILE",
                    help="score without a query adapter, then with each of these (kb.index.adapter files), in turn")
    args = ap.parse_args()
    # the thesaurus is opt-in in the product (KB_THESAURUS, licence): this benchmark measures it unless told not to
    os.environ.setdefault("KB_THESAURUS", "cilin")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if args.loso:
        rows = [json.loads(line) for line in args.loso.read_text(encoding="utf-8").splitlines() if line.strip()]
        scores: dict[tuple[str, float], dict[str, dict[str, float]]] = {}
        for r in rows:
            scores.setdefault((r["table"], r["weight"]), {})[r["set"]] = r
        leave_one_set_out({v: s for v, s in scores.items() if len(s) == max(len(x) for x in scores.values())})
        return
    methods = [m for m in args.methods.split(",") if m]
    unknown = set(methods) - set(METHODS)
    if unknown:
        ap.error(f"unknown methods {sorted(unknown)}: choose from {', '.join(METHODS)}")
    paths = args.queries if args.queries else [DEV]
    sets = {p.stem: load_queries(p) for p in paths}
    judged = [row for j in args.judgments for row in load_judgments(j)]
    if judged:
        sets = {n: with_judgments(qs, judged) for n, qs in sets.items()}
    needs_embeddings = set(methods) != {"bm25"}
    sources = {Path(r["source"]).name for qs in sets.values() for q in qs for r in q["relevant"]}
    keep_docs = None
    if args.restrict_to_slice:
        keep_docs = {doc_id_for(f) for f in slice_files(args.limit_docs, sources, args.corpus_only)}
    elif not args.no_build:
        build_store(args.index, slice_files(args.limit_docs, sources, args.corpus_only), embed=needs_embeddings)
    engine: Bm25Only | FullIndex = (FullIndex(args.index, methods, keep_docs, args.fetch) if needs_embeddings
                                    else Bm25Only(args.index))
    docs = {d: m for d, m in engine.docs.items() if keep_docs is None or d in keep_docs}
    judge = Judge({d.id: d.source for d in docs.values()})
    paths_of = {doc_id_for(f): relative_source(f) for f in collect_files(slice_folders())}
    doc_of = (engine.kb.index.doc_ids if isinstance(engine, FullIndex) else [c.doc_id for c in engine.clauses])
    n_clauses = sum(d in docs for d in doc_of)
    print(f"index {args.index}: {len(docs)} documents, {n_clauses} clauses; methods {', '.join(methods)}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if keep_docs is not None:
        print(f"  restricted to the slice: {len(docs)} of its {len(keep_docs)} documents are in the index "
              f"({len(engine.kb.documents()) if isinstance(engine, FullIndex) else len(engine.docs)} documents in all); over-fetch {args.fetch} per retriever, then filter")
    missing = sorted({Path(r["source"]).name for qs in sets.values() for q in qs for r in q["relevant"]}
                     - {d.source for d in docs.values()})
    if missing:
        print(f"  warning: {len(missing)} relevant sources are not in the index: {', '.join(missing[:5])}")
    if args.query_adapter and isinstance(engine, FullIndex):
        compare_adapters(engine, sets, judge, methods, args.query_adapter)
        return
    runs: dict[str, dict[str, dict[str, list[Item]]]] = {}
    if args.without_thesaurus and isinstance(engine, Bm25Only):
        methods = [*methods, PLAIN]
    t = time.perf_counter()
    for name, queries in sets.items():
        within = scope(name, queries)
        if isinstance(engine, Bm25Only):
            runs[name] = {}
            for q in queries:
                p = engine.prepare(q["query"])
                runs[name][q["query"]] = {"bm25": engine.rank(p, sources=within, keep_docs=keep_docs)}
                if args.without_thesaurus:
                    runs[name][q["query"]][PLAIN] = engine.rank(p, 10, (), within, thesaurus=False,
                                                                keep_docs=keep_docs)
        else:
            runs[name] = {q["query"]: engine.rank_all(q["query"], methods, within) for q in queries}
    n = sum(len(qs) for qs in sets.values())
    print(f"  {n} queries ranked in {time.perf_counter() - t:.1f} s")
    if isinstance(engine, FullIndex) and keep_docs is not None:
        print(f"  {engine.short} retriever lists held fewer than the candidates within the fetch (0: every "
              "retriever's order over the slice is exact)")
    print_table(score(sets, runs, judge, methods), methods)
    if args.expansions and isinstance(engine, Bm25Only):
        tables = dict(e.split("=", 1) if "=" in e else (Path(e).stem, e) for e in args.expansions)
        expansion_trial(engine, sets, judge, {k: Path(v) for k, v in tables.items()}, args.expansion_weights,
                        args.trial_dump)
    if args.pool:
        rows = write_pool(args.pool, sets, runs, paths_of, judge)
        print(f"\npooled {rows} clauses (top 10 of {', '.join(methods)}) into {args.pool}: mark 'relevant' 1/0, "
              f"optionally a 'piece' of the clause, then pass it with --judgments")


if __name__ == "__main__":
    main()
