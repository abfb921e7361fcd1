"""Ingestion benchmark: time per document and clauses per second over corpus/ (no embedding).

    .venv/bin/python scripts/bench_ingest.py [--no-ocr] [PATH ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.config import Settings  # noqa: E402
from kb.pipeline import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "corpus"])
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = build(args.paths, Path(tmp) / "idx", Settings(ocr=not args.no_ocr), refresh_index=False)
        total = time.perf_counter() - t0
    print(f"{'file':<72} {'status':<9} {'clauses':>7} {'cover':>6} {'OCR p':>5} {'sec':>7} {'cl/s':>7}")
    for r in report.files:
        rate = r.clauses / r.seconds if r.seconds else 0.0
        cov = f"{r.coverage:.0%}" if r.coverage is not None else "-"
        print(f"{Path(r.path).name[:72]:<72} {r.status:<9} {r.clauses:>7} {cov:>6} {r.ocr_pages:>5} "
              f"{r.seconds:>7.2f} {rate:>7.0f}")
        if r.status not in ("ok", "unchanged"):
            print(f"    {r.reason}")
    text_files = [r for r in report.files if r.status == "ok" and not r.ocr_pages]
    t_text = sum(r.seconds for r in text_files)
    n_text = sum(r.clauses for r in text_files)
    print(f"\n{report.documents} documents, {report.clauses} clauses in {total:.2f}s "
          f"({report.clauses / total:.0f} clauses/s overall; without OCR'd files: "
          f"{n_text / t_text if t_text else 0:.0f} clauses/s)")


if __name__ == "__main__":
    main()
