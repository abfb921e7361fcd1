"""Benchmark the extractors against the gold annotations in tests/gold/extract/*.json.

Each gold file names a corpus document and lists, for every clause that states something, the indicators,
responsibilities and deadlines a careful reader expects (clauses not listed expect none). The document is ingested
with the real pipeline stages (no index, no embeddings), the extractors run, and this prints precision / recall / F1
per extractor with every error listed.

Usage: .venv/bin/python scripts/bench_extract.py [--quiet] [GOLD.json ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.config import settings_from_env  # noqa: E402
from kb.extract import extract_document  # noqa: E402
from kb.models import Clause, Records  # noqa: E402
from kb.pipeline import ingest_file  # noqa: E402

KINDS = ("indicator", "responsibility", "deadline")


def _num(v: object) -> object:
    return round(float(v), 6) if isinstance(v, (int, float)) else v


def ind_key(d: dict) -> tuple:
    return (_num(d.get("value")), _num(d.get("value_max")), d.get("ratio") or "", d.get("unit", ""))


def ind_attrs(d: dict) -> tuple:
    return (d.get("comparator", "="), d.get("basis") or "", d.get("year"), bool(d.get("replaced")))


def resp_key(d: dict) -> tuple:
    return (d["unit"], d["role"])


def dl_key(d: dict) -> tuple:
    return (d["kind"], d.get("date"), d.get("start_date"), d.get("event"), d.get("days"))


def _resolve(entry: dict, clauses: list[Clause]) -> str | None:
    """The clause id of a gold entry: its id when the anchor still matches, else the clause starting with the anchor."""
    by_id = {c.id: c for c in clauses}
    c = by_id.get(entry["id"])
    anchor = entry.get("anchor", "")
    if c is not None and c.text.startswith(anchor):
        return c.id
    for c in clauses:
        if anchor and c.text.startswith(anchor):
            return c.id
    return None


def _predicted(records: Records) -> dict[str, dict[str, list[dict]]]:
    out: dict[str, dict[str, list[dict]]] = {}
    for kind, items in (("indicator", records.indicators), ("responsibility", records.responsibilities),
                        ("deadline", records.deadlines)):
        for r in items:
            out.setdefault(r.clause_id, {}).setdefault(kind, []).append(r.model_dump())
    return out


def _match(gold: list[dict], pred: list[dict], key) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs (gold, pred) with equal keys, unmatched gold (misses), unmatched predictions (false alarms)."""
    left = list(pred)
    pairs, misses = [], []
    for g in gold:
        k = key(g)
        hit = next((p for p in left if key(p) == k), None)
        if hit is None:
            misses.append(g)
        else:
            left.remove(hit)
            pairs.append((g, hit))
    return pairs, misses, left


def evaluate(gold_path: Path, stats: dict[str, Counter], errors: list[str]) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc, clauses = ingest_file(ROOT / "corpus" / gold["source"], settings_from_env(ocr=False))
    pred = _predicted(extract_document(doc, clauses))
    scope = set(gold.get("scope", KINDS))
    expected: dict[str, dict] = {}
    for entry in gold["clauses"]:
        cid = _resolve(entry, clauses)
        if cid is None:
            errors.append(f"[gold] {gold['source']}: clause {entry['id']} «{entry.get('anchor')}» not found")
            continue
        expected[cid] = entry
    text_of = {c.id: c.text for c in clauses}
    for cid in sorted(set(expected) | set(pred)):
        g, p = expected.get(cid, {}), pred.get(cid, {})
        where = f"{cid} «{text_of.get(cid, '')[:18]}»"
        if "indicator" in scope:
            pairs, misses, extra = _match(g.get("indicators", []), p.get("indicator", []), ind_key)
            s = stats["indicator"]
            s["tp"] += len(pairs)
            s["fn"] += len(misses)
            s["fp"] += len(extra)
            for gi, pi in pairs:
                s["attr_total"] += 1
                if ind_attrs(gi) == ind_attrs(pi):
                    s["attr_ok"] += 1
                else:
                    errors.append(f"[indicator attr] {where} {gi.get('raw')}: want {ind_attrs(gi)} got {ind_attrs(pi)}")
            errors += [f"[indicator miss] {where} {m.get('raw')} {ind_key(m)}" for m in misses]
            errors += [f"[indicator false] {where} {x.get('raw')} {ind_key(x)}" for x in extra]
        if "responsibility" in scope:
            pairs, misses, extra = _match(g.get("responsibilities", []), p.get("responsibility", []), resp_key)
            s = stats["responsibility"]
            s["tp"] += len(pairs)
            s["fn"] += len(misses)
            s["fp"] += len(extra)
            s["lead_gold"] += sum(1 for x in g.get("responsibilities", []) if x["role"] == "lead")
            s["lead_found"] += sum(1 for gx, _ in pairs if gx["role"] == "lead")
            errors += [f"[responsibility miss] {where} {m['unit']}/{m['role']}" for m in misses]
            errors += [f"[responsibility false] {where} {x['unit']}/{x['role']}" for x in extra]
        if "deadline" in scope:
            pairs, misses, extra = _match(g.get("deadlines", []), p.get("deadline", []), dl_key)
            s = stats["deadline"]
            s["tp"] += len(pairs)
            s["fn"] += len(misses)
            s["fp"] += len(extra)
            errors += [f"[deadline miss] {where} {m.get('raw')} {dl_key(m)}" for m in misses]
            errors += [f"[deadline false] {where} {x.get('raw')} {dl_key(x)}" for x in extra]


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", type=Path)
    ap.add_argument("--quiet", action="store_true", help="figures only, no error list")
    args = ap.parse_args(argv)
    files = args.gold or sorted((ROOT / "tests" / "gold" / "extract").glob("*.json"))
    stats: dict[str, Counter] = {k: Counter() for k in KINDS}
    errors: list[str] = []
    for path in files:
        evaluate(path, stats, errors)
    print(f"gold: {len(files)} documents ({', '.join(p.stem[:24] for p in files)})")
    print(f"{'extractor':<15} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}  notes")
    for kind in KINDS:
        c = stats[kind]
        p, r, f = prf(c)
        note = ""
        if kind == "indicator" and c["attr_total"]:
            note = f"comparator+basis+year+replaced right on {c['attr_ok']}/{c['attr_total']} matched"
        if kind == "responsibility":
            note = f"explicit leads found {c['lead_found']}/{c['lead_gold']}"
        if kind == "deadline":
            note = f"correct (kind+date) {c['tp']}/{c['tp'] + c['fn']} = {r:.3f}"
        print(f"{kind:<15} {c['tp'] + c['fn']:>5} {c['tp'] + c['fp']:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}  {note}")
    if not args.quiet and errors:
        print(f"\n{len(errors)} errors:")
        for e in errors:
            print("  " + e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
