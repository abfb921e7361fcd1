"""kb ask: per document that answers, its best clause(s) with figures and a citation (extractive only)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.cli import add_index_option
from kb.cli.search import add_filter_options, filters_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="带引用的回答：各文件中回答问题的条款")
    p.add_argument("question", metavar="QUESTION")
    add_index_option(p)
    add_filter_options(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出（字段为英文）")
    p.set_defaults(func=run)


MAX_QUESTION = 500  # characters used for search (as in the app)
LONG_CLAUSE = 200  # longer clauses are shown by their answering sentence


def run(args: argparse.Namespace) -> int:
    from kb.search import KnowledgeBase

    question = args.question.strip()
    if not question:
        print("问题是空的：请输入要查的内容，例如 kb ask 新建小区配建标准", file=sys.stderr)
        return 2
    if len(question) > MAX_QUESTION:
        print(f"问题有 {len(question)} 字，超过 {MAX_QUESTION} 字：只用前 {MAX_QUESTION} 字查询。", file=sys.stderr)
        question = question[:MAX_QUESTION]
    kb = KnowledgeBase.open(Path(args.index))
    answer = kb.ask(question, filters=filters_from(args))
    if args.json:
        print(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    if not answer.found:
        print(answer.message)
        return 0
    if answer.summary:
        from kb.export import format_figure

        print("地区\t文件\t标准/数额\t条款")
        for r in answer.summary:
            figures = "；".join(dict.fromkeys(format_figure(i) for i in r.indicators))
            print(f"{r.region or '-'}\t{r.title}\t{figures}\t{r.path or '-'}")
        print()
    levels = {"national": "国家", "province": "省级", "city": "市级", "county": "县级"}
    for n, item in enumerate(answer.items, 1):
        doc = item.document
        if not item.direct and (n == 1 or answer.items[n - 2].direct):
            print("—— 以下文件与问题相关，但没有写明所问的数额或单位 ——\n")
        label = f"[{levels[doc.level]}] " if doc.level in levels else ""
        print(f"■ {label}{doc.title}" + (f"（{doc.doc_number}）" if doc.doc_number else "") + (f" {doc.date}" if doc.date else ""))
        spans = {p.clause_id: (p.start, p.end) for p in item.passages}
        for clause, cite in zip(item.clauses, item.citations):
            text = clause.display_text if len(clause.display_text or "") == len(clause.text) else clause.text
            start, end = spans.get(clause.id, (0, len(text)))
            if len(text) > LONG_CLAUSE and end - start < len(text):  # a long clause: the sentence that answers
                text = ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
            print(f"  {cite.path or '-'}  {text}")
            for ind in item.indicators:
                if ind.clause_id == clause.id and start <= ind.start < end:
                    print(f"    · {ind.raw}")
        print(f"  引用：{item.citations[0].text}\n")
    return 0
