"""kb compare TOPIC | kb compare --doc A --doc B: clauses side by side, province before its cities."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kb.cli import add_index_option

_ROW_FIELDS = ("doc_id", "region", "level", "clause_id", "text", "indicators", "relation")
_FIGURE_FIELDS = ("value", "unit", "comparator", "basis", "subject")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="compare a topic across documents, or align two documents",
        description="kb compare TOPIC [--region R] [--doc ID]...  |  kb compare --doc A --doc B  "
        "(TOPIC '-' reads one topic per line from stdin and prints one JSON object per line)",
    )
    p.add_argument("topic", nargs="?", help="what to compare, e.g. 新建居住区养老服务设施配建标准; '-' = stdin")
    add_index_option(p)
    p.add_argument("--region", help="only this region and the regions under it (河南省 keeps 周口市)")
    p.add_argument("--doc", action="append", default=[], metavar="ID", help="only these documents (repeatable); "
                   "with no TOPIC, exactly two: align A against B")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--format", choices=["xlsx", "csv"], help="write a spreadsheet (needs -o)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="spreadsheet file to write")
    p.set_defaults(func=run)


def open_kb(index: Path) -> Any:
    """The knowledge base of ``index`` (search index + store); the bare store when no search index was built."""
    from kb.errors import IndexMissingError
    from kb.store import Store

    try:
        from kb.search import KnowledgeBase

        return KnowledgeBase.open(index)
    except (ImportError, IndexMissingError):
        return Store.open(index)  # no search index: the store alone (or the error naming a missing index)


def row_json(row: Any) -> dict[str, Any]:
    """A comparison row as the JSON contract: the contract fields first, the rest after."""
    from kb.dump import contract_first, pick

    out = pick(row, _ROW_FIELDS)
    out["indicators"] = [contract_first(i, _FIGURE_FIELDS) for i in out["indicators"]]
    return out


def comparison_json(comp: Any) -> dict[str, Any]:
    return {"topic": comp.topic, "rows": [row_json(r) for r in comp.rows]}


def run(args: argparse.Namespace) -> int:
    from kb.compare import align_documents, compare_topic

    if args.format and not args.output:
        print("--format needs -o FILE", file=sys.stderr)
        return 2
    if not args.topic:
        if len(args.doc) != 2:
            print("give a TOPIC, or exactly two --doc to align one document against another", file=sys.stderr)
            return 2
        kb = open_kb(Path(args.index))
        al = align_documents(kb, args.doc[0], args.doc[1])
        return _emit_alignment(al, args, kb)
    kb = open_kb(Path(args.index))
    if args.topic == "-":
        for line in sys.stdin:
            topic = line.strip()
            if topic:
                comp = compare_topic(kb, topic, region=args.region, doc_ids=args.doc)
                sys.stdout.write(json.dumps(comparison_json(comp), ensure_ascii=False) + "\n")
                sys.stdout.flush()
        return 0
    comp = compare_topic(kb, args.topic, region=args.region, doc_ids=args.doc)
    if args.format:
        from kb.compare import comparison_table, write_table

        titles = {d.id: d.title or d.id for d in comp_docs(kb)}
        header, rows = comparison_table(comp, titles)
        write_table(args.output, f"条款对比：{comp.topic}", header, rows, args.format)
        print(f"wrote {args.output} ({len(rows)} rows)", file=sys.stderr)
    if args.json:
        print(json.dumps(comparison_json(comp), ensure_ascii=False, indent=1))
    elif not args.format:
        print(format_comparison(comp))
    return 0


def comp_docs(kb: Any) -> list[Any]:
    store = getattr(kb, "store", kb)
    return list(store.documents())


def _emit_alignment(al: Any, args: argparse.Namespace, kb: Any) -> int:
    titles = {d.id: d.title or d.id for d in comp_docs(kb)}
    if args.format:
        from kb.compare import alignment_table, write_table

        header, rows = alignment_table(al)
        title = f"逐条对齐：{titles.get(al.doc_a, al.doc_a)} / {titles.get(al.doc_b, al.doc_b)}"
        write_table(args.output, title, header, rows, args.format)
        print(f"wrote {args.output} ({len(rows)} rows)", file=sys.stderr)
    if args.json:
        print(json.dumps(al.model_dump(), ensure_ascii=False, indent=1))
    elif not args.format:
        print(format_alignment(al, titles))
    return 0


def format_comparison(comp: Any) -> str:
    from kb.compare import delta_text, figure_text

    lines = [f"对比 {comp.topic}"]
    for r in comp.rows:
        head = f"■ {r.region or '-'}  {r.title or r.doc_id}" + (f"（{r.doc_number}）" if r.doc_number else "")
        if r.clause_id is None:
            lines.append(f"{head}\n    无相关条款 (no matching clause)")
            continue
        rel = f"[{r.label}] " if r.label else "[参照] "
        figs = "；".join(figure_text(f) for f in r.indicators)
        delta = delta_text(r)
        lines.append(f"{head}\n    {rel}{r.path} {r.text.strip()[:160]}")
        if figs or delta:
            lines.append(f"    指标 {figs}" + (f"   差异 {delta}" if delta else ""))
    return "\n".join(lines)


def format_alignment(al: Any, titles: dict[str, str]) -> str:
    lines = [f"A = {titles.get(al.doc_a, al.doc_a)}", f"B = {titles.get(al.doc_b, al.doc_b)}"]
    for p in al.pairs:
        a = f"{p.a_path} {p.a_text[:60]}" if p.a_clause_id else "—"
        b = f"{p.b_path} {p.b_text[:60]}" if p.b_clause_ids else "—"
        lines.append(f"[{p.label}] A: {a}\n        B: {b}")
    return "\n".join(lines)
