"""Benchmark the extractors against gold annotations: the seeds' gold and the blind slices, in one run.

Two gold formats are read:
- the seeds' gold, tests/gold/extract/*.json: a corpus document and, per clause (id + anchor), the records expected;
- the blind gold, tests/gold/extract/blind/<slice>/*.json (format: tests/gold/extract/blind/FORMAT.md): an archive
  document and items anchored by a quote from the task / article / table row they belong to.

Each document is ingested with the real pipeline stages (no index, no embeddings) and the extractors run. A blind
item resolves to the clause whose text contains its quote (whitespace and character width normalised); quotes that
resolve to nothing are reported and their records count as misses. Units are compared after folding both sides
through the organ table (kb/data/organs.json: 国家发展和改革委员会 = 发展改革委; 市民政局 in 周口 = 周口市民政局),
numbers after normalising 万/亿 (1 万元 = 10000 元).

Printed per gold set: precision / recall / F1 per record type, overall and per document family (national /
province / city), "lead right" (share of gold items with a lead whose predicted lead set equals the gold one) and
"deadlines right" (share of gold deadlines found with the right kind, date and stage).

Usage: .venv/bin/python scripts/bench_extract.py [--quiet] [--kb-root DIR] [--no-seeds] [SLICE_DIR ...]
  SLICE_DIR: a folder of blind gold files (e.g. tests/gold/extract/blind/a); the seeds' gold always runs.
  --kb-root DIR: import the extractor from another checkout (e.g. a worktree of main, for "before" figures).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("indicator", "responsibility", "deadline")
FAMILIES = {"national": "national", "province": "province", "city": "city", "county": "city", "": "unknown"}
ARCHIVES = [ROOT / "tests" / "data" / "archive", ROOT.parent / "shared" / "archive", ROOT.parent.parent / "shared" / "archive"]
_SCALE = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))


def _load_kb(kb_root: Path | None) -> None:
    """Put the extractor's checkout on the path; the organ folding always comes from this checkout."""
    sys.path.insert(0, str(kb_root or ROOT))
    global settings_from_env, extract_document, ingest_file, fold_unit, is_vague
    from kb.config import settings_from_env
    from kb.extract import extract_document
    from kb.pipeline import ingest_file

    import importlib.util

    spec = importlib.util.spec_from_file_location("_bench_organs", ROOT / "kb" / "extract" / "organs.py")
    organs = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = organs
    spec.loader.exec_module(organs)
    fold_unit, is_vague = organs.fold_unit, organs.is_vague


# --------------------------------------------------------------------------- normalisation


def norm_text(s: str) -> str:
    """Text for quote matching: NFKC (width), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def _num(v: object) -> object:
    return round(float(v), 6) if isinstance(v, (int, float)) else v


def scaled(value: object, unit: str) -> tuple[object, str]:
    """(value, unit) with 万/亿 folded into the value: (2, 万亿元) → (2e12, 元); (1500, 万) → (1.5e7, "")."""
    unit = (unit or "").replace("％", "%")
    for prefix, factor in _SCALE:
        if unit.startswith(prefix) and isinstance(value, (int, float)):
            return _num(float(value) * factor), unit[len(prefix):]
    return _num(value), unit


def ind_key(d: dict) -> tuple:
    value, unit = scaled(d.get("value"), d.get("unit", ""))
    vmax, _ = scaled(d.get("value_max"), d.get("unit", ""))
    return (value, vmax, d.get("ratio") or "", unit)


def ind_attrs(d: dict) -> tuple:
    return (d.get("comparator", "="), d.get("basis") or "", d.get("year"), bool(d.get("replaced")))


def dl_key_seed(d: dict) -> tuple:
    return (d["kind"], d.get("date"), d.get("start_date"), d.get("event"), d.get("days"))


def dl_key_blind(d: dict, with_stage: bool) -> tuple:
    return (d["kind"], d.get("date"), d.get("start_date"), d.get("days")) + ((d.get("stage"),) if with_stage else ())


# --------------------------------------------------------------------------- scoring


class Score:
    """Counters per (family, kind) plus the item-level figures."""

    def __init__(self) -> None:
        self.c: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.errors: list[str] = []
        self.unresolved: list[str] = []
        self.docs: list[str] = []

    def add(self, family: str, kind: str, **counts: int) -> None:
        for fam in (family, "all"):
            self.c[(fam, kind)].update(counts)


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


def _count(score: Score, family: str, kind: str, where: str, gold: list[dict], pred: list[dict], key, show) -> list:
    pairs, misses, extra = _match(gold, pred, key)
    score.add(family, kind, tp=len(pairs), fn=len(misses), fp=len(extra))
    score.errors += [f"[{kind} miss] {where} {show(m)}" for m in misses]
    score.errors += [f"[{kind} false] {where} {show(x)}" for x in extra]
    return pairs


def score_clause(score: Score, family: str, where: str, scope: set[str], g: dict, p: dict, fold, blind: bool) -> None:
    """Compare one clause's gold records with its predicted records."""
    if "indicator" in scope:
        pairs = _count(score, family, "indicator", where, g.get("indicators", []), p.get("indicator", []), ind_key,
                       lambda x: f"{x.get('raw')} {ind_key(x)}")
        for gi, pi in pairs:
            ok = ind_attrs(gi)[:3 if blind else 4] == ind_attrs(pi)[:3 if blind else 4]
            score.add(family, "indicator", attr_total=1, attr_ok=int(ok))
            if not ok:
                score.errors.append(f"[indicator attr] {where} {gi.get('raw')}: want {ind_attrs(gi)} got {ind_attrs(pi)}")
    if "responsibility" in scope:
        gold = [dict(x, unit=fold(x["unit"])) for x in g.get("responsibilities", [])]
        pred = [dict(x, unit=fold(x["unit"])) for x in p.get("responsibility", [])]
        if blind:  # FORMAT.md: vague holders (各有关部门, 有关单位, 各地区) are not units, on either side
            gold = [x for x in gold if not is_vague(x["unit"])]
            pred = [x for x in pred if not is_vague(x["unit"])]
        _count(score, family, "unit", where, _dedup(gold, ("unit",)), _dedup(pred, ("unit",)),
               lambda x: x["unit"], lambda x: x["unit"])
        _count(score, family, "responsibility", where, gold, pred, lambda x: (x["unit"], x["role"]),
               lambda x: f"{x['unit']}/{x['role']}")
        gold_leads = {x["unit"] for x in gold if x["role"] == "lead"}
        if gold_leads:
            pred_leads = {x["unit"] for x in pred if x["role"] == "lead"}
            score.add(family, "lead", items=1, right=int(gold_leads == pred_leads))
            if gold_leads != pred_leads:
                score.errors.append(f"[lead] {where} want {sorted(gold_leads)} got {sorted(pred_leads)}")
    if "deadline" in scope:
        gold = g.get("deadlines", [])
        with_stage = blind and any("stage" in x and x.get("stage") for x in gold)
        key = (lambda x: dl_key_blind(x, with_stage)) if blind else dl_key_seed
        pairs = _count(score, family, "deadline", where, gold, p.get("deadline", []), key,
                       lambda x: f"{x.get('raw')} {key(x)}")
        score.add(family, "deadline", right=len(pairs))


def _dedup(records: list[dict], fields: tuple[str, ...]) -> list[dict]:
    seen, out = set(), []
    for r in records:
        k = tuple(r[f] for f in fields)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _predicted(records) -> dict[str, dict[str, list[dict]]]:  # noqa: ANN001 - kb.models.Records
    out: dict[str, dict[str, list[dict]]] = {}
    for kind, items in (("indicator", records.indicators), ("responsibility", records.responsibilities),
                        ("deadline", records.deadlines)):
        for r in items:
            out.setdefault(r.clause_id, {}).setdefault(kind, []).append(r.model_dump())
    return out


def _ingest(path: Path):  # noqa: ANN202
    doc, clauses = ingest_file(path, settings_from_env(ocr=False))
    return doc, clauses, _predicted(extract_document(doc, clauses))


def _compare(score: Score, family: str, scope: set[str], expected: dict[str, dict], pred: dict, clauses, fold,
             blind: bool) -> None:
    text_of = {c.id: c.text for c in clauses}
    for cid in sorted(set(expected) | set(pred)):
        where = f"{cid} «{text_of.get(cid, '')[:18].replace(chr(10), '⏎')}»"
        score_clause(score, family, where, scope, expected.get(cid, {}), pred.get(cid, {}), fold, blind)


# --------------------------------------------------------------------------- the two gold formats


def evaluate_seed(gold_path: Path, score: Score) -> None:
    """A seeds' gold file: clauses by id or anchor (the start of the clause text)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc, clauses, pred = _ingest(ROOT / "corpus" / gold["source"])
    family = FAMILIES.get(doc.level, "unknown")
    score.docs.append(gold_path.stem[:24])
    by_id = {c.id: c for c in clauses}
    expected: dict[str, dict] = {}
    for entry in gold["clauses"]:
        anchor = entry.get("anchor", "")
        c = by_id.get(entry["id"])
        if c is None or not c.text.startswith(anchor):
            c = next((x for x in clauses if anchor and x.text.startswith(anchor)), None)
        if c is None:
            score.unresolved.append(f"{gold['source']}: clause {entry['id']} «{anchor}»")
            continue
        expected[c.id] = entry
    fold = _folder(doc.region, doc.level, doc.province)
    _compare(score, family, set(gold.get("scope", KINDS)), expected, pred, clauses, fold, blind=False)


def find_source(source: str) -> Path | None:
    for base in [Path(os.environ["KB_ARCHIVE"])] if os.environ.get("KB_ARCHIVE") else ARCHIVES:
        if (base / source).is_file():
            return base / source
    return None


def resolve_quote(quote: str, number: str, clauses) -> str | None:  # noqa: ANN001
    """The id of the clause whose text contains ``quote``; among several, the one whose number matches."""
    q = norm_text(quote)
    if not q:
        return None
    # a quote equal to a table row's first cell (a row labelled 江苏 / 总计, shorter than any row text) is that row
    rows = [c for c in clauses if c.kind == "table" and c.table and c.table.cells and norm_text(c.table.cells[0]) == q]
    if rows:
        return rows[0].id
    hits = [c for c in clauses if q in norm_text(c.text)]
    if not hits:
        return None
    num = norm_text(number).strip("、.．")

    def numbered(c) -> bool:  # noqa: ANN001
        label = c.table.cells[0] if c.kind == "table" and c.table and c.table.cells else c.number
        return bool(num) and norm_text(label).strip("、.．") == num

    return next((c.id for c in hits if numbered(c)), hits[0].id)


def _merge(into: dict, item: dict) -> None:
    for field in ("indicators", "responsibilities", "deadlines"):
        into.setdefault(field, []).extend(item.get(field) or [])


def evaluate_blind(gold_path: Path, score: Score) -> None:
    """A blind gold file: items anchored by a quote of their clause."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = find_source(gold["source"])
    if path is None:
        score.unresolved.append(f"{gold['source']}: source file not found (copy it under tests/data/archive/)")
        return
    doc, clauses, pred = _ingest(path)
    level = gold.get("level") or doc.level
    family = FAMILIES.get(level, "unknown")
    score.docs.append(gold_path.stem[:24])
    expected: dict[str, dict] = {}
    for item in gold["items"]:
        cid = resolve_quote(item["quote"], item.get("number", ""), clauses)
        if cid is None:
            score.unresolved.append(f"{gold['source']}: {item.get('number', '')} «{item['quote']}» resolves to no clause")
            _merge(expected.setdefault(f"<unresolved {item['quote'][:12]}>", {}), item)
            continue
        _merge(expected.setdefault(cid, {}), item)
    fold = _folder(gold.get("region") or doc.region, level, doc.province)
    _compare(score, family, set(gold.get("scope", KINDS)), expected, pred, clauses, fold, blind=True)


def _folder(region: str, level: str, province: str):  # noqa: ANN202
    return lambda name: fold_unit(name, region=region, level=level, province=province)


# --------------------------------------------------------------------------- report


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def figures(score: Score, family: str = "all") -> dict[str, float]:
    """The headline figures of one family: F1 per type, lead right, deadlines right, indicator precision."""
    out: dict[str, float] = {}
    for kind in ("indicator", "unit", "responsibility", "deadline"):
        p, r, f = prf(score.c[(family, kind)])
        out[f"{kind}_p"], out[f"{kind}_r"], out[f"{kind}_f1"] = p, r, f
    lead = score.c[(family, "lead")]
    out["lead_right"] = lead["right"] / lead["items"] if lead["items"] else 1.0
    dl = score.c[(family, "deadline")]
    out["deadlines_right"] = dl["right"] / (dl["tp"] + dl["fn"]) if dl["tp"] + dl["fn"] else 1.0
    return out


def report(name: str, score: Score, quiet: bool) -> None:
    print(f"\n== {name}: {len(score.docs)} documents ({', '.join(score.docs)})")
    print(f"{'family':<9} {'record':<15} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}  notes")
    families = ["all"] + sorted({fam for fam, _ in score.c if fam != "all"})
    for fam in families:
        for kind in ("indicator", "unit", "responsibility", "deadline"):
            c = score.c[(fam, kind)]
            if not (c["tp"] + c["fn"] + c["fp"]):
                continue
            p, r, f = prf(c)
            note = ""
            if kind == "indicator" and c["attr_total"]:
                note = f"comparator+basis+year right on {c['attr_ok']}/{c['attr_total']} matched"
            if kind == "responsibility":
                lead = score.c[(fam, "lead")]
                note = f"lead right {lead['right']}/{lead['items']} = {figures(score, fam)['lead_right']:.3f}"
            if kind == "deadline":
                note = f"deadlines right {c['right']}/{c['tp'] + c['fn']} = {figures(score, fam)['deadlines_right']:.3f}"
            print(f"{fam:<9} {kind:<15} {c['tp'] + c['fn']:>5} {c['tp'] + c['fp']:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}  {note}")
    if score.unresolved:
        print(f"{len(score.unresolved)} gold anchors resolve to nothing:")
        for u in score.unresolved:
            print("  " + u)
    if not quiet and score.errors:
        print(f"{len(score.errors)} errors:")
        for e in score.errors:
            print("  " + e)


def run(slices: list[Path], seeds: list[Path] | None = None) -> dict[str, Score]:
    """Score the seeds' gold and each blind slice; returns {set name: Score}."""
    out: dict[str, Score] = {}
    seed_files = seeds if seeds is not None else sorted((ROOT / "tests" / "gold" / "extract").glob("*.json"))
    if seed_files:
        out["seeds"] = Score()
        for path in seed_files:
            evaluate_seed(path, out["seeds"])
    for folder in slices:
        score = out.setdefault(f"blind {folder.name}", Score())
        for path in sorted(Path(folder).glob("*.json")):
            evaluate_blind(path, score)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slices", nargs="*", type=Path, help="folders of blind gold files")
    ap.add_argument("--quiet", action="store_true", help="figures only, no error list")
    ap.add_argument("--kb-root", type=Path, help="checkout whose kb package runs the extraction")
    ap.add_argument("--no-seeds", action="store_true", help="skip the seeds' gold")
    args = ap.parse_args(argv)
    _load_kb(args.kb_root)
    for name, score in run(args.slices, [] if args.no_seeds else None).items():
        report(name, score, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
