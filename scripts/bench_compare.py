"""Benchmark of kb compare against the gold sets in tests/gold/compare_*.json.

Topic comparisons (tests/gold/compare_topics.json): for every document in scope the gold says which clause
addresses the topic (any clause containing one of the ``clause`` snippets), that the document is silent, or
that either is acceptable (``either``: a borderline clause). Reported:
  - clause choice: share of gold "match" rows where the chosen clause is a right one;
  - silence:       share of gold "silent" rows answered "no matching clause";
  - relations:     share of rows with a gold relation where the relation (and figure, when given) is right.
Document alignment (tests/gold/compare_alignment.json): for each gold A clause, whether its B counterparts
are exactly the gold ones (none for a 缺失), plus link precision/recall.

    .venv/bin/python scripts/bench_compare.py [--index indexes/default] [--build] [-v]

``--build`` builds corpus/ into a temporary index first (real stages and model, several minutes).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD_TOPICS = ROOT / "tests" / "gold" / "compare_topics.json"
GOLD_ALIGN = ROOT / "tests" / "gold" / "compare_alignment.json"
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Text for snippet matching: no whitespace, ASCII punctuation folded to full width where it varies."""
    text = _WS.sub("", text)
    return text.replace(",", "，").replace(";", "；").replace("(", "（").replace(")", "）").replace(":", "：")


def contains(text: str, snippets: list[str]) -> bool:
    t = norm(text)
    return any(norm(s) in t for s in snippets)


def score_topic(gold: dict[str, Any], comp: Any, clause_text: dict[str, str]) -> dict[str, Any]:
    """Counts and errors for one topic: match/silent/either rows and relations."""
    rows = {r.doc_id: r for r in comp.rows}
    out: dict[str, Any] = {"match": [0, 0], "silent": [0, 0], "either": [0, 0], "relation": [0, 0], "errors": []}
    for doc_id, row in rows.items():
        g = gold["docs"].get(doc_id, {"silent": True})
        text = clause_text.get(row.clause_id or "", "")
        if g.get("silent"):
            ok = row.clause_id is None
            out["silent"][0] += ok
            out["silent"][1] += 1
            if not ok:
                out["errors"].append(f"{doc_id}: should be silent, got {row.path} {text[:50]!r} ({row.score})")
            continue
        kind = "either" if g.get("either") else "match"
        ok = row.clause_id is not None and contains(text, g["clause"])
        if kind == "either":
            ok = ok or row.clause_id is None
        out[kind][0] += ok
        out[kind][1] += 1
        if not ok:
            got = f"{row.path} {text[:50]!r}" if row.clause_id else "silent"
            out["errors"].append(f"{doc_id}: want {g['clause'][0][:30]!r}, got {got} ({row.score})")
        if "relation" in g:
            rel_ok = ok and row.relation == g["relation"]
            if rel_ok and "value" in g:
                rel_ok = bool(row.indicators) and row.indicators[0].value == g["value"]
            if rel_ok and "difference" in g:
                rel_ok = row.delta is not None and abs(row.delta.difference - g["difference"]) < 1e-6
            out["relation"][0] += rel_ok
            out["relation"][1] += 1
            if not rel_ok:
                figs = [(i.value, i.unit, i.basis) for i in row.indicators]
                out["errors"].append(
                    f"{doc_id}: relation want {g['relation']} {g.get('value', '')}, got {row.relation!r} {figs}"
                )
    for doc_id in gold["docs"]:
        if doc_id not in rows:
            out["errors"].append(f"{doc_id}: not in the comparison (not ingested or filtered out)")
    return out


def score_alignment(gold: dict[str, Any], al: Any, clause_text: dict[str, str]) -> dict[str, Any]:
    """Exact counterpart sets per gold A clause, and link precision/recall over those A clauses."""
    exact = tp = fp = fn = 0
    errors = []
    for item in gold["pairs"]:
        pair = next((p for p in al.pairs if p.a_clause_id and contains(p.a_text, [item["a"]])), None)
        if pair is None:
            errors.append(f"A clause {item['a'][:30]!r} not found")
            fn += len(item["b"])
            continue
        got = [clause_text[c] for c in pair.b_clause_ids]
        hit_gold = [any(contains(t, [s]) for t in got) for s in item["b"]]
        extra = [t for t in got if not any(contains(t, [s]) for s in item["b"])]
        tp += sum(hit_gold)
        fn += len(hit_gold) - sum(hit_gold)
        fp += len(extra)
        ok = all(hit_gold) and not extra
        exact += ok
        if not ok:
            errors.append(
                f"A {pair.a_path} {item['a'][:20]!r}: want {[s[:16] for s in item['b']]}, "
                f"got {[t[:16] for t in got]}"
            )
    n = len(gold["pairs"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"exact": (exact, n), "precision": precision, "recall": recall, "errors": errors}


def share(pair: list[int] | tuple[int, int]) -> str:
    got, n = pair
    return f"{got}/{n} = {got / n:.3f}" if n else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "indexes" / "default")
    parser.add_argument("--build", action="store_true", help="build corpus/ into a temporary index first")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = parser.parse_args()

    from kb.cli.compare import open_kb
    from kb.compare import align_documents, compare_topic

    index = args.index
    if args.build:
        from kb.pipeline import build

        index = Path(tempfile.mkdtemp(prefix="kb-bench-compare-")) / "default"
        t0 = time.perf_counter()
        build([ROOT / "corpus"], index)
        print(f"built corpus/ into {index} in {time.perf_counter() - t0:.0f}s")
    from kb.errors import KBError

    try:
        kb = open_kb(index)
    except KBError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    store = getattr(kb, "store", kb)
    clause_text = {c.id: c.text for c in store.clauses()}

    gold_topics = json.loads(GOLD_TOPICS.read_text(encoding="utf-8"))["topics"]
    totals: dict[str, list[int]] = {"match": [0, 0], "silent": [0, 0], "either": [0, 0], "relation": [0, 0]}
    t0 = time.perf_counter()
    print(f"{'topic':<34} {'clause':>9} {'silent':>9} {'either':>9} {'relation':>9}")
    for gold in gold_topics:
        comp = compare_topic(kb, gold["topic"], region=gold.get("region"), doc_ids=gold.get("doc_ids", ()))
        res = score_topic(gold, comp, clause_text)
        for k in totals:
            totals[k][0] += res[k][0]
            totals[k][1] += res[k][1]
        cells = [f"{res[k][0]}/{res[k][1]}" for k in ("match", "silent", "either", "relation")]
        print(f"{gold['topic'][:32]:<34} " + " ".join(f"{c:>9}" for c in cells))
        for err in res["errors"] if args.verbose else res["errors"][:3]:
            print(f"    ✗ {err}")
    seconds = time.perf_counter() - t0
    print()
    print(f"topics: {len(gold_topics)}   ({seconds / max(1, len(gold_topics)):.2f} s per topic, warm model after the first)")
    print(f"  right clause chosen      {share(totals['match'])}")
    print(f"  correct 'no matching'    {share(totals['silent'])}")
    print(f"  correct relations        {share(totals['relation'])}")
    print(f"  borderline rows accepted {share(totals['either'])}  (either the clause or silence is right)")

    if GOLD_ALIGN.exists():
        gold = json.loads(GOLD_ALIGN.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        al = align_documents(kb, gold["doc_a"], gold["doc_b"])
        res = score_alignment(gold, al, clause_text)
        print()
        print(f"alignment {gold['doc_a']} → {gold['doc_b']} ({time.perf_counter() - t0:.1f}s)")
        print(f"  A clauses with exactly the right counterparts  {share(res['exact'])}")
        print(f"  links: precision {res['precision']:.3f}  recall {res['recall']:.3f}")
        for err in res["errors"] if args.verbose else res["errors"][:5]:
            print(f"    ✗ {err}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
