"""kb matrix: the responsibility matrix (tasks × units, 牵头/配合/职责) of one or more documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.cli import add_index_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("matrix", help="responsibility matrix of documents as xlsx, csv or json")
    add_index_option(p)
    p.add_argument("--doc", action="append", default=[], metavar="ID", help="document id (repeatable; default: all)")
    p.add_argument("--format", choices=["xlsx", "csv", "json"], default="xlsx")
    p.add_argument("--duties", action=argparse.BooleanOptionalAction, default=True,
                   help="include the statutory duties of 条例 articles as 职责 cells (default: yes; --no-duties: "
                        "only 牵头/配合 assignments)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to FILE (required for xlsx; csv/json go to stdout without it)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.export import build_matrix, csv_text, matrix_sheets, write_matrix
    from kb.store import Store

    matrix = build_matrix(Store.open(Path(args.index)), args.doc, include_duties=args.duties)
    if not matrix.tasks:
        print("这些文件里没有识别出分配给单位的任务，矩阵为空。", file=sys.stderr)
    if args.output:
        for path in write_matrix(matrix, args.output, args.format):
            print(f"已写出 {path}（{len(matrix.tasks)} 项任务 × {len(matrix.units)} 个单位）", file=sys.stderr)
        return 0
    if args.format == "xlsx":
        print("xlsx 需要写入文件：请加上 -o 文件名.xlsx", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(matrix.model_dump_json(indent=2) + "\n")
    else:
        sheet = matrix_sheets(matrix)[0]
        sys.stdout.write(csv_text(sheet.header, sheet.rows))
    return 0
