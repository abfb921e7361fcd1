"""Units per clause on a random sample of archive local regulations (not under tests/), for before/after checks.

  PYTHONPATH=CHECKOUT .venv/bin/python scripts/sample_archive_units.py dump OUT.json SEED [N]
  .venv/bin/python scripts/sample_archive_units.py diff BEFORE.json AFTER.json [K]
dump runs the extractor of CHECKOUT (ingest_file + extract_document, as bench_extract does) on N (50) files drawn with
SEED; diff counts units found / lost and prints K (30) distinct new (document, unit) pairs with their sentence.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = next((p for p in (_ROOT.parent / "shared" / "archive" / "local-regulations",
                            _ROOT.parent.parent / "shared" / "archive" / "local-regulations") if p.is_dir()),
               _ROOT.parent / "shared" / "archive" / "local-regulations")
TESTED = Path(__file__).resolve().parent.parent / "tests" / "data" / "archive" / "local-regulations"


def dump(out: str, seed: int, n: int = 50) -> None:
    from kb.config import settings_from_env
    from kb.extract import extract_document
    from kb.pipeline import ingest_file

    tested = {p.name for p in TESTED.rglob("*.md")}
    # every file under tests/ is excluded: the blind slices' sources (j, k …) are there, so none is ever sampled
    files = sorted(p for p in ARCHIVE.rglob("*") if p.is_file() and p.name not in tested)
    random.Random(seed).shuffle(files)
    found: dict[str, list] = {}
    for p in files:
        doc, clauses = ingest_file(p, settings_from_env(ocr=False))
        text = {c.id: c.text for c in clauses}
        found[str(p)] = [[r.clause_id, r.unit, r.role, text.get(r.clause_id, "")[:400]]
                         for r in extract_document(doc, clauses).responsibilities]
        if len(found) >= n:
            break
    Path(out).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")


def diff(before: str, after: str, k: int = 30) -> None:
    b = json.loads(Path(before).read_text(encoding="utf-8"))
    a = json.loads(Path(after).read_text(encoding="utf-8"))
    new, lost, distinct = 0, 0, {}
    for f, rows in a.items():
        had = {(c, u) for c, u, *_ in b.get(f, [])}
        now = {(c, u) for c, u, *_ in rows}
        lost += len(had - now)
        for c, u, role, t in rows:
            if (c, u) not in had:
                new += 1
                distinct.setdefault((f, u), (c, role, t))
    print(f"new {new} lost {lost} distinct new (document, unit) {len(distinct)}")
    items = list(distinct.items())
    random.Random(3).shuffle(items)
    for i, ((f, u), (c, role, t)) in enumerate(items[:k], 1):
        at = t.find(u[-4:]) if u[-4:] in t else t.find(u[-2:])
        print(f"{i}. [{Path(f).parent.name}/{Path(f).name[:4]} {c}] {u} ({role}) :: {t[max(0, at - 70):at + 30]}".replace("\n", "⏎"))


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2], int(sys.argv[3]), *(int(x) for x in sys.argv[4:5]))
    else:
        diff(sys.argv[2], sys.argv[3], *(int(x) for x in sys.argv[4:5]))
