"""kb search: the best clauses for a query (hybrid BM25 + embeddings), with filters; `-` reads queries from stdin."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.cli import add_index_option
from kb.models import Filters, Hit


def add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", help="issuing area, e.g. 周口市 (a province name matches its cities too)")
    p.add_argument("--province", help="province, e.g. 河南省")
    p.add_argument("--level", choices=["national", "province", "city", "county"])
    p.add_argument("--doc-type", help="通知, 实施方案, 条例…")
    p.add_argument("--doc", action="append", default=[], metavar="DOC_ID", help="only this document (repeatable)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="documents dated on or after")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="documents dated on or before")


def filters_from(args: argparse.Namespace) -> Filters | None:
    f = Filters(region=args.region, province=args.province, level=args.level, doc_type=args.doc_type,
                doc_ids=list(args.doc), date_from=args.date_from, date_to=args.date_to)
    return None if f == Filters() else f


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="hybrid search over clauses (QUERY '-' reads one query per line from stdin)")
    p.add_argument("query", metavar="QUERY")
    add_index_option(p)
    p.add_argument("-k", type=int, default=10, help="number of hits (default 10)")
    add_filter_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object: {query, hits}")
    p.set_defaults(func=run)


def hit_json(hit: Hit) -> dict:
    return {"clause_id": hit.clause_id, "doc_id": hit.doc_id, "text": hit.text, "score": hit.score,
            "ranks": hit.ranks, "also": [{"clause_id": a.clause_id, "doc_id": a.doc_id} for a in hit.also]}


def run(args: argparse.Namespace) -> int:
    from kb.search import KnowledgeBase

    kb = KnowledgeBase.open(Path(args.index))
    filters = filters_from(args)
    if args.query == "-":
        for line in sys.stdin:
            query = line.strip()
            if not query:
                continue
            hits = kb.search(query, k=args.k, filters=filters)
            print(json.dumps({"query": query, "hits": [hit_json(h) for h in hits]}, ensure_ascii=False), flush=True)
        return 0
    hits = kb.search(args.query, k=args.k, filters=filters)
    if args.json:
        print(json.dumps({"query": args.query, "hits": [hit_json(h) for h in hits]}, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("没有结果 no hits")
    for i, h in enumerate(hits, 1):
        clause = kb.clause(h.clause_id)
        cite = kb.citation(clause).text if clause else h.doc_id
        ranks = " ".join(f"{k}#{v}" for k, v in h.ranks.items())
        text = h.text if len(h.text) <= 200 else h.text[:200] + "…"
        print(f"{i:>2}. {cite}  [{ranks}]\n    {text}")
        if h.also:
            titles = [(kb.document_meta(a.doc_id).title if kb.document_meta(a.doc_id) else a.doc_id) for a in h.also]
            print(f"    另见（{len(titles)} 处相同条文）：" + "；".join(f"《{t}》" for t in dict.fromkeys(titles)))
    return 0
