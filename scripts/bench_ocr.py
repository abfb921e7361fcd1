"""Benchmark the PDF reader's OCR: accuracy, numbering, speed, and that text pages are not OCR'd.

Usage:
    .venv/bin/python scripts/bench_ocr.py [--scale 2.5 [--scale 2.0 ...]]

Measures, with no OCR cache (every page really OCR'd):
- character accuracy of each transcribed page (tests/data/ocr/*.txt, read by hand from the page
  images) against the reader's text for that page: 1 - edit distance / reference length, on the
  text without whitespace; "folded" also ignores half/full-width differences (NFKC);
- numbering recovered: the 一、 and （一） items of the scanned 手机 PDF found as clauses after
  cleaning and segmentation (kb.ingest.clean / segment);
- pages per second of OCR (engine time and wall time of read_pdf);
- the OCR page counter on the text pages: the text PDF runs no OCR, the mixed PDF OCRs page 2 only,
  and its text pages are byte-identical to a read with OCR off.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.ingest import ocr  # noqa: E402
from kb.ingest.pdf import read_pdf  # noqa: E402

CORPUS = ROOT / "corpus"
DATA = ROOT / "tests" / "data" / "ocr"
SCANNED = CORPUS / "shandong_province_2025_shouji_pingban_shoubiao_gouxin_butie_shishi_xize.pdf"
MIXED = CORPUS / "shandong_province_2025_jiadian_yijiuhuanxin_shishi_fangan.pdf"
TEXT = CORPUS / "shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize.pdf"
TRANSCRIBED = [(SCANNED, 2, "shouji_p2.txt"), (SCANNED, 3, "shouji_p3.txt"), (MIXED, 2, "jiadian_p2.txt")]
# every numbered item of the 手机 细则 (pages 2-3), as (parent, item)
EXPECTED_ITEMS = [
    ("", "一、"), ("", "二、"), ("二、", "（一）"), ("二、", "（二）"), ("二、", "（三）"),
    ("", "三、"), ("三、", "（一）"), ("三、", "（二）"), ("三、", "（三）"),
    ("", "四、"), ("四、", "（一）"), ("四、", "（二）"),
    ("", "五、"), ("五、", "（一）"), ("五、", "（二）"),
    ("", "六、"), ("六、", "（一）"), ("六、", "（二）"),
]  # fmt: skip


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute all cost 1)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(ocr_text: str, reference: str, *, fold: bool = False) -> tuple[float, int, int]:
    """Character accuracy, errors and reference length, whitespace ignored."""
    a = "".join(ocr_text.split())
    b = "".join(reference.split())
    if fold:
        a, b = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
    errors = edit_distance(a, b)
    return 1 - errors / len(b), errors, len(b)


def page_of(raw, number: int) -> str:
    page = next(p for p in raw.pages if p.number == number)
    return raw.text[page.start : page.end]


def numbering(raw) -> tuple[int, int, list[str]]:
    """How many expected numbered items are clauses with the right parent, after clean + segment."""
    try:
        from kb.ingest.clean import clean_text, to_simplified
        from kb.ingest.segment import segment
        from kb.ingest.tables import extract_tables
    except ImportError as exc:  # the other stages are not there: count line starts instead
        lines = raw.text.splitlines()
        found = sum(1 for _, item in EXPECTED_ITEMS if any(line.startswith(item) for line in lines))
        return found, len(EXPECTED_ITEMS), [f"(segmenter unavailable: {exc}; counted line starts)"]
    text, tables = extract_tables(clean_text(raw.text))
    clauses = segment(to_simplified(text), "bench", tables)
    have = set()
    for clause in clauses:
        parent = clause.path[-1] if clause.path else ""
        top = next((label for _, label in EXPECTED_ITEMS if parent.startswith(label) and label.endswith("、")), "")
        have.add((top, clause.number))
    missing = [f"{p}{i}" for p, i in EXPECTED_ITEMS if (p, i) not in have]
    return len(EXPECTED_ITEMS) - len(missing), len(EXPECTED_ITEMS), missing


def run(scale: float) -> list[str]:
    ocr.RENDER_SCALE = scale
    ocr.OCR_VERSION = f"bench-{scale}"
    rows = []
    results = {}
    for pdf in (SCANNED, MIXED):
        engine = ocr.OcrEngine()
        started = time.perf_counter()
        raw = read_pdf(pdf, engine=engine)  # no cache: every page is OCR'd
        wall = time.perf_counter() - started
        stats = engine.stats()
        results[pdf] = raw
        rows.append(
            f"| {scale} | {pdf.name[:40]} | OCR'd pages {int(stats['pages'])}/{len(raw.pages)} "
            f"| engine {stats['seconds'] / stats['pages']:.1f} s/page wall, "
            f"{stats['cpu_seconds'] / stats['pages']:.1f} s/page CPU ({stats['pages'] / stats['seconds']:.3f} pages/s) "
            f"| read_pdf {wall:.1f} s |"
        )
    for pdf, number, name in TRANSCRIBED:
        reference = (DATA / name).read_text(encoding="utf-8")
        got = page_of(results[pdf], number)
        strict, errors, length = accuracy(got, reference)
        folded, ferrors, _ = accuracy(got, reference, fold=True)
        conf = next(p.confidence for p in results[pdf].pages if p.number == number)
        rows.append(
            f"| {scale} | {name} | chars {length} | accuracy {strict:.4f} ({errors} edits) "
            f"| width-folded {folded:.4f} ({ferrors}) | mean conf {conf:.3f} |"
        )
    found, total, missing = numbering(results[SCANNED])
    rows.append(f"| {scale} | numbering 一、/（一） as clauses | {found}/{total} | missing: {', '.join(missing) or '-'} | | |")
    return rows


def text_pages_not_ocrd() -> list[str]:
    rows = []
    for pdf, expected in ((TEXT, 0), (MIXED, 1)):
        engine = ocr.OcrEngine()
        with_ocr = read_pdf(pdf, engine=engine)
        count = engine.page_count
        without = read_pdf(pdf, ocr=False)
        same = all(
            with_ocr.text[p.start : p.end] == page_of(without, p.number) for p in with_ocr.pages if not p.ocr
        )
        text_pages = sum(1 for p in with_ocr.pages if not p.ocr)
        rows.append(
            f"| counter | {pdf.name[:40]} | OCR'd pages {count} (expected {expected}) "
            f"| text pages {text_pages} unchanged vs --no-ocr: {same} | {'OK' if count == expected and same else 'FAIL'} |"
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, action="append", help="render scale(s), 1.0 = 72 dpi")
    args = parser.parse_args()
    rows = ["| scale | what | figures | | | |", "|---|---|---|---|---|---|"]
    for scale in args.scale or [ocr.RENDER_SCALE]:
        rows.extend(run(scale))
    rows.extend(text_pages_not_ocrd())
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
