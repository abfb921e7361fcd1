"""kb rm DOC...: remove documents from the index (logged in the index's audit log)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kb.cli import add_index_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rm", help="从索引中删除文件（记入审计日志）")
    p.add_argument("doc_ids", nargs="+", metavar="DOC", help="文件编号（见 kb docs）")
    add_index_option(p)
    p.add_argument("--user", default=None, help="记入日志的操作人（默认：当前登录名）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出删除的文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.config import settings_from_env
    from kb.library import remove_documents
    from kb.messages import progress_line

    removed = remove_documents(Path(args.index), args.doc_ids, settings_from_env(), args.user,
                               progress=None if args.json else lambda m: print(f"  … {progress_line(m)}"))
    if args.json:
        print(json.dumps([d.model_dump() for d in removed], ensure_ascii=False, indent=2))
        return 0
    for d in removed:
        print(f"已删除  {d.id}：{d.title}")
    return 0
