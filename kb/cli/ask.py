"""kb ask: per document that answers, its best clause(s) with figures and a citation (extractive only)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kb.cli import add_index_option
from kb.cli.search import add_filter_options, filters_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="cited answer: the clauses that answer, per document, province before cities")
    p.add_argument("question", metavar="QUESTION")
    add_index_option(p)
    add_filter_options(p)
    p.add_argument("--json", action="store_true", help="the Answer as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.search import KnowledgeBase

    kb = KnowledgeBase.open(Path(args.index))
    answer = kb.ask(args.question, filters=filters_from(args))
    if args.json:
        print(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    if not answer.found:
        print(answer.message)
        return 0
    for item in answer.items:
        doc = item.document
        print(f"■ {doc.title}" + (f"（{doc.doc_number}）" if doc.doc_number else "") + (f" {doc.date}" if doc.date else ""))
        for clause, cite in zip(item.clauses, item.citations):
            print(f"  {cite.path or '-'}  {clause.display_text or clause.text}")
        for ind in item.indicators:
            print(f"    · {ind.raw}")
        print(f"  引用: {item.citations[0].text}  ({item.why})\n")
    return 0
