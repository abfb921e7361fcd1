"""Comparisons and alignments as text and spreadsheets: clause paths, figure and delta text, table rows, files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.models import Alignment, Clause, Comparison, ComparisonRow, IndicatorBrief

COMPARISON_HEADER = ["地区", "层级", "文件", "文号", "日期", "条款", "原文", "指标", "关系", "差异", "参照文件"]
ALIGNMENT_HEADER = ["A 条款", "A 原文", "B 条款", "B 原文", "关系", "相似度", "差异（[-删去-] {+新增+}）"]
_LEVEL_NAMES = {"national": "国家", "province": "省级", "city": "市级", "county": "县级"}
_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}


def clause_path(clause: Clause) -> str:
    try:
        from kb.ingest.segment import citation

        return citation(clause.path, clause.number)
    except Exception:  # noqa: BLE001 - a display nicety only
        return " ".join([*clause.path, clause.number]).strip()


def figure_text(fig: IndicatorBrief) -> str:
    """一个指标 as staff read it: "每百户 ≥ 30 平方米"."""
    value = "" if fig.value is None else f"{fig.value:g}"
    if fig.value_max is not None:
        value += f"–{fig.value_max:g}"
    parts = [fig.basis, _SIGNS.get(fig.comparator, fig.comparator), f"{value}{fig.unit}"]
    return " ".join(p for p in parts if p)


def delta_text(row: ComparisonRow) -> str:
    """"50 对 30 平方米（每百户）：+20，+66.7%" for a row with a figure delta."""
    d = row.delta
    if d is None:
        return ""
    basis = f"（{d.basis}）" if d.basis else ""
    pct = f"，{d.percent:+g}%" if d.percent is not None else ""
    return f"{d.value:g} 对 {d.reference:g} {d.unit}{basis}：{d.difference:+g}{pct}"


def comparison_table(comp: Comparison, titles: dict[str, str] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a topic comparison for a spreadsheet."""
    titles = titles or {}
    rows = []
    for r in comp.rows:
        relation = r.label or ("参照" if r.clause_id else "")
        rows.append([
            r.region, _LEVEL_NAMES.get(r.level, r.level), r.title or r.doc_id, r.doc_number, r.date, r.path,
            r.text if r.clause_id else "无相关条款", "；".join(figure_text(f) for f in r.indicators), relation,
            delta_text(r), titles.get(r.reference_doc or "", r.reference_doc or ""),
        ])
    return COMPARISON_HEADER, rows


def diff_text(ops: Sequence[tuple[str, str]]) -> str:
    """A character diff as plain text: [-removed-] {+added+}."""
    out = []
    for op, text in ops:
        out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)


def alignment_table(al: Alignment) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a document alignment for a spreadsheet."""
    rows = [
        [p.a_path, p.a_text, p.b_path, p.b_text, p.label, round(p.score, 3) if p.b_clause_ids and p.a_clause_id else "",
         diff_text(p.diff)]
        for p in al.pairs
    ]
    return ALIGNMENT_HEADER, rows


def write_table(path: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> Any:
    """Write a comparison or alignment table with the shared spreadsheet conventions (``kb.export.export_table``):
    XLSX with a title row, frozen header and first column, wrapped text, fitted widths; CSV in UTF-8 with BOM;
    formula-like cells neutralised in both. Returns the path written."""
    from kb.export import export_table

    return export_table(path, header, rows, fmt, title=title, sheet="对比")
