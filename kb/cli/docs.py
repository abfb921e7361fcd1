"""kb docs: the documents in the index with their metadata and clause counts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kb.cli import add_index_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("docs", help="list documents with metadata and clause counts")
    add_index_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.store import Store

    store = Store.open(Path(args.index))
    docs = store.documents()
    if args.json:
        print(json.dumps([d.model_dump() for d in docs], ensure_ascii=False, indent=2))
        return 0
    for d in docs:
        print(f"{d.id}\t{d.level or '-'}\t{d.region or '-'}\t{d.doc_type or '-'}\t{d.doc_number or '-'}\t"
              f"{d.date or '-'}\t{d.clauses} 条\t{d.coverage:.0%}\t{d.title}")
    print(f"共 {len(docs)} 份文件")
    return 0
