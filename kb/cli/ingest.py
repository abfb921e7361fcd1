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
        extra = f"，文字识别 {r.ocr_pages} 页" if r.ocr_pages else ""
        warn = f"  注意：{r.reason}" if r.reason else ""
        return f"已入库  {name}：{r.clauses} 条，覆盖率 {r.coverage:.0%}{extra}，用时 {r.seconds:.1f} 秒{warn}"
    if r.status == "unchanged":
        return f"未变化  {name}：内容与已入库的相同，跳过"
    from kb.messages import explain

    if r.status == "skipped":
        return f"跳过    {explain(r.reason)}"
    return f"失败    {explain(r.reason)}"


def run(args: argparse.Namespace) -> int:
    import time

    from kb.messages import progress_line
    from kb.pipeline import build, collect_files

    settings = settings_from_env(ocr=False if args.no_ocr else None)
    files = collect_files(args.paths)
    bar = None
    if sys.stderr.isatty():  # the bar goes to stderr: --json output on stdout stays clean
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="份", file=sys.stderr, leave=False, dynamic_ncols=True)
    started, clauses = time.perf_counter(), [0]

    def on_file(r: FileResult) -> None:
        line = format_result(r)
        if bar is not None:
            clauses[0] += r.clauses or 0
            rate = clauses[0] / max(time.perf_counter() - started, 1e-9)
            if not args.json:
                bar.write(line)
            bar.set_postfix_str(f"{clauses[0]} 条，每秒 {rate:.0f} 条", refresh=False)
            bar.update(1)
        elif not args.json:
            print(line, flush=True)

    def progress(msg: str) -> None:
        if bar is not None:
            bar.set_description_str(progress_line(msg)[:40])
        elif not args.json:
            print(f"  … {progress_line(msg)}", file=sys.stderr, flush=True)

    report = build(args.paths, Path(args.index), settings, on_file=on_file, progress=progress,
                   workers=args.workers, ray_address=args.ray)
    if bar is not None:
        bar.close()
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        failed = len(report.failed)
        print(f"索引 {report.index_dir}：{report.documents} 份文件，{report.clauses} 条条款"
              f"（新计算向量 {report.embedded} 条），失败 {failed} 份，用时 {report.seconds:.1f} 秒")
    return 1 if report.failed else 0
