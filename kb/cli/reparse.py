"""kb reparse DOC... | --all: run the pipeline again on documents' originals (e.g. after a parser upgrade)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from kb.cli import add_index_option
from kb.models import FileResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reparse", help="按原文件重新解析文件（如解析程序升级后；更正保留，记入审计日志）")
    p.add_argument("doc_ids", nargs="*", metavar="DOC", help="文件编号（见 kb docs）")
    p.add_argument("--all", action="store_true", help="重新解析全部文件")
    add_index_option(p)
    p.add_argument("--user", default=None, help="记入日志的操作人（默认：当前登录名）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出每个文件的结果")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.config import settings_from_env
    from kb.errors import KBError
    from kb.library import reparse_documents
    from kb.messages import progress_line

    if bool(args.doc_ids) == bool(args.all):
        raise KBError("give document ids or --all, not both and not neither")
    results = reparse_documents(Path(args.index), None if args.all else args.doc_ids, settings_from_env(), args.user,
                                progress=None if args.json else lambda m: print(f"  … {progress_line(m)}"))
    if args.json:
        print(json.dumps([r.model_dump() for r in results], ensure_ascii=False, indent=2))
        return 0 if all(r.status == "ok" for r in results) else 1
    return print_results([r.model_copy(update={"path": Path(r.path).name}) for r in results], "已重新解析")


def print_results(results: Sequence[FileResult], done: str) -> int:
    """One Chinese line per document; exit 1 when any failed."""
    from kb.messages import explain

    for r in results:
        if r.status == "ok":
            print(f"{done}  {r.doc_id}（{r.path}）：{r.clauses} 条，覆盖率 {r.coverage or 0:.0%}")
        else:
            print(f"失败  {r.doc_id or r.path}：{explain(r.reason)}")
    return 0 if all(r.status == "ok" for r in results) else 1
