"""kb ingest PATH... : read files and folders into the index; one line per file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.cli import add_index_option
from kb.config import settings_from_env
from kb.models import FileResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="ingest files/folders (txt, md, pdf, docx, html, png, jpg)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_index_option(p)
    p.add_argument("--no-ocr", action="store_true", help="skip OCR: scanned pages/files are reported as skipped")
    p.add_argument("--json", action="store_true", help="print the build report as JSON")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="parsing processes (default: one per core but one; 0: none)")
    p.add_argument("--ray", metavar="ADDRESS", default=None,
                   help="parse and embed on Ray: 'local' starts a local cluster, 'auto' or ray://host:port joins one")
    p.set_defaults(func=run)


def format_result(r: FileResult) -> str:
    name = Path(r.path).name
    if r.status == "ok":
        extra = f", OCR {r.ocr_pages} 页" if r.ocr_pages else ""
        warn = f"  warning: {r.reason}" if r.reason else ""
        return f"ok        {name}: {r.clauses} clauses, coverage {r.coverage:.0%}{extra}, {r.seconds:.1f}s{warn}"
    if r.status == "unchanged":
        return f"unchanged {name}: skipped (same content already indexed)"
    if r.status == "skipped":
        return f"skipped   {r.reason}"
    return f"failed    {r.reason}"


def run(args: argparse.Namespace) -> int:
    import time

    from kb.pipeline import build, collect_files

    settings = settings_from_env(ocr=False if args.no_ocr else None)
    files = collect_files(args.paths)
    bar = None
    if sys.stderr.isatty():  # the bar goes to stderr: --json output on stdout stays clean
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)
    started, clauses = time.perf_counter(), [0]

    def on_file(r: FileResult) -> None:
        line = format_result(r)
        if bar is not None:
            clauses[0] += r.clauses or 0
            rate = clauses[0] / max(time.perf_counter() - started, 1e-9)
            if not args.json:
                bar.write(line)
            bar.set_postfix_str(f"{clauses[0]} clauses, {rate:.0f} clauses/s", refresh=False)
            bar.update(1)
        elif not args.json:
            print(line, flush=True)

    def progress(msg: str) -> None:
        if bar is not None:
            bar.set_description_str(msg[:40])
        elif not args.json:
            print(f"  … {msg}", file=sys.stderr, flush=True)

    report = build(args.paths, Path(args.index), settings, on_file=on_file, progress=progress,
                   workers=args.workers, ray_address=args.ray)
    if bar is not None:
        bar.close()
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        failed = len(report.failed)
        print(f"index {report.index_dir}: {report.documents} documents, {report.clauses} clauses "
              f"({report.embedded} newly embedded), {failed} failed, {report.seconds:.1f}s")
    return 1 if report.failed else 0
