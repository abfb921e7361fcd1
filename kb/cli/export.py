"""kb export --format json: every document, clause and record as one JSON object."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.cli import add_index_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export documents, clauses and records")
    add_index_option(p)
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.dump import export_all
    from kb.store import Store

    data = export_all(Store.open(Path(args.index)))
    text = json.dumps(data, ensure_ascii=False)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0
