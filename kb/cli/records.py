"""kb records: browse extracted indicators, responsibilities and deadlines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kb.cli import add_index_option

PLURALS = {"indicator": "indicators", "responsibility": "responsibilities", "deadline": "deadlines"}
KINDS = tuple(PLURALS)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("records", help="list extracted indicators, responsibilities and deadlines")
    add_index_option(p)
    p.add_argument("--type", choices=KINDS, action="append", help="record kind (repeatable; default: all)")
    p.add_argument("--doc", metavar="ID", help="only this document")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def _line(kind: str, r) -> str:  # noqa: ANN001 - any record model
    from kb.export import ROLE_LABELS, format_deadline, format_figure

    if kind == "indicator":
        extra = f" [{r.year}]" if r.year else ""
        return f"{r.clause_id}\t{format_figure(r)}{extra}\t{r.subject}\t«{r.raw}»"
    if kind == "responsibility":
        role = ROLE_LABELS.get(r.role, r.role)
        return f"{r.clause_id}\t{r.unit}\t{role}{' (全文统一要求/上级条款)' if r.inherited else ''}"
    stage = f"\t阶段{r.stage}" if getattr(r, "stage", None) else ""
    return f"{r.clause_id}\t{r.kind}\t{format_deadline(r)}" + (f"\t{r.event} +{r.days}日" if r.event else "") + stage


def run(args: argparse.Namespace) -> int:
    from kb.store import Store

    store = Store.open(Path(args.index))
    kinds = args.type or list(KINDS)
    fetch = {"indicator": store.indicators, "responsibility": store.responsibilities, "deadline": store.deadlines}
    data = {k: fetch[k](args.doc) for k in kinds}
    if args.json:
        print(json.dumps({PLURALS[k]: [r.model_dump() for r in v] for k, v in data.items()}, ensure_ascii=False,
                         indent=2))
        return 0
    for kind, items in data.items():
        print(f"# {kind}: {len(items)}")
        for r in items:
            print(_line(kind, r))
    return 0
