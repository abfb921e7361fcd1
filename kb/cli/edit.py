"""kb edit DOC --title/--doc-number/--issuer/--date: correct a document's metadata (kept across re-ingest, logged)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kb.cli import add_index_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("edit", help="更正文件的标题、文号、发文机关或日期（重新入库后仍保留，记入审计日志）")
    p.add_argument("doc_id", metavar="DOC", help="文件编号（见 kb docs）")
    add_index_option(p)
    p.add_argument("--title", help="标题")
    p.add_argument("--doc-number", dest="doc_number", help="文号，如 周政办〔2024〕13号")
    p.add_argument("--issuer", help="发文机关")
    p.add_argument("--date", help="日期，如 2024-01-31")
    p.add_argument("--user", default=None, help="记入日志的操作人（默认：当前登录名）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出更正后的文件信息")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.library import edit_document

    changes = {k: getattr(args, k) for k in ("title", "doc_number", "issuer", "date") if getattr(args, k) is not None}
    doc = edit_document(Path(args.index), args.doc_id, changes, args.user)
    if args.json:
        print(json.dumps(doc.model_dump(), ensure_ascii=False, indent=2))
        return 0
    names = {"title": "标题", "doc_number": "文号", "issuer": "发文机关", "date": "日期"}
    print(f"已更正  {doc.id}：" + "；".join(f"{names[k]}＝{getattr(doc, k)}" for k in changes))
    return 0
