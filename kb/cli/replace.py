"""kb replace DOC FILE: replace a document with a new version of it (same id; logged in the index's audit log)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kb.cli import add_index_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replace", help="用新版本替换文件（编号不变，旧条款和记录删除，记入审计日志）")
    p.add_argument("doc_id", metavar="DOC", help="要替换的文件编号（见 kb docs）")
    p.add_argument("file", metavar="FILE", help="新版本文件（txt、md、pdf、docx、html、图片）")
    add_index_option(p)
    p.add_argument("--drop-corrections", action="store_true",
                   help="不保留此前对标题、文号等的更正，改用新文件自己的信息")
    p.add_argument("--user", default=None, help="记入日志的操作人（默认：当前登录名）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.cli.reparse import print_results
    from kb.config import settings_from_env
    from kb.errors import KBError
    from kb.library import replace_document
    from kb.messages import progress_line

    path = Path(args.file)
    if not path.is_file():
        raise KBError(f"{path.name}: cannot open the file: check that it exists")
    result = replace_document(Path(args.index), args.doc_id, path, settings_from_env(), args.user,
                              keep_corrections=not args.drop_corrections, name=path.name,
                              progress=None if args.json else lambda m: print(f"  … {progress_line(m)}"))
    if args.json:
        print(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))
        return 0
    return print_results([result.model_copy(update={"path": path.name})], "已替换")
