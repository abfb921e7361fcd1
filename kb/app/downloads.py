"""Downloads: XLSX / CSV files of comparisons, alignments, the matrix and indicators, in expiring temp folders."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from kb.app.backend import Backend
from kb.models import Alignment, Comparison

DOWNLOAD_MAX_AGE = 3600  # seconds a generated spreadsheet is kept (Gradio keeps its own copy for the page)
SWEEP_EVERY = 60  # seconds between two sweeps of old download folders (a sweep stats every folder)
_last_sweep = [0.0]


def out_dir(root: Path | None = None, now: float | None = None) -> Path:
    """A fresh folder for one download under the system temp dir; folders older than an hour are removed (looked
    for at most once a minute, or whenever ``now`` is given)."""
    root = root or Path(tempfile.gettempdir()) / "policy-kb-downloads"
    root.mkdir(parents=True, exist_ok=True)
    sweep = now is not None or time.time() - _last_sweep[0] > SWEEP_EVERY
    now = time.time() if now is None else now
    if sweep:
        _last_sweep[0] = now
    for old in root.iterdir() if sweep else ():
        try:
            if old.is_dir() and now - old.stat().st_mtime > DOWNLOAD_MAX_AGE:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:  # another request removed it first
            continue
    return Path(tempfile.mkdtemp(dir=root))


INDICATOR_HEADER = ["指标", "数值", "上限", "单位", "比较", "基数", "年份", "原文", "文件", "条款"]


def _clause_path(backend: Backend, clause_id: str) -> str:
    """三（一）6 / 第二章第十一条: where a figure stands, as a person cites it (never the internal id)."""
    clause = backend.clause(clause_id)
    return backend.kb.citation(clause).path if clause is not None else ""


def as_number(value: float | None) -> int | float | str:
    """A figure as a number a spreadsheet can sum and filter (30, not "30" or 30.0); "" when there is none."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def indicator_rows(backend: Backend, doc_id: str | None, keyword: str, unit: str | None) -> list[list[object]]:
    docs = {d.id: d for d in backend.documents()}
    keyword = (keyword or "").strip()
    rows = []
    for i in backend.indicators(doc_id):
        if unit and i.unit != unit:
            continue
        if keyword and keyword not in i.subject and keyword not in i.raw:
            continue
        doc = docs.get(i.clause_id.rsplit(":", 1)[0])
        rows.append([
            i.subject, i.ratio or as_number(i.value), as_number(i.value_max), i.unit,
            {">=": "不低于", "<=": "不超过", ">": "超过", "<": "低于", "=": "等于"}.get(i.comparator, i.comparator),
            i.basis, i.year or "", i.raw, doc.title if doc else "", _clause_path(backend, i.clause_id),
        ])
    return rows


def comparison_files(comp: Comparison, titles: dict[str, str]) -> list[str]:
    """XLSX + CSV of a topic comparison (kb.compare's table and writer)."""
    from kb.compare import comparison_table, write_table

    folder = out_dir()
    header, rows = comparison_table(comp, titles)
    title = f"条款对比：{comp.topic}"
    return [str(write_table(folder / f"条款对比.{fmt}", title, header, rows, fmt)) for fmt in ("xlsx", "csv")]


def alignment_files(al: Alignment, titles: dict[str, str]) -> list[str]:
    from kb.compare import alignment_table, write_table

    folder = out_dir()
    header, rows = alignment_table(al)
    title = f"逐条对齐：A {titles.get(al.doc_a, al.doc_a)} / B {titles.get(al.doc_b, al.doc_b)}"
    return [str(write_table(folder / f"逐条对齐.{fmt}", title, header, rows, fmt)) for fmt in ("xlsx", "csv")]


def matrix_files(matrix: Any) -> list[str]:
    """责任矩阵.xlsx (two sheets) and its CSVs (kb.export.write_matrix)."""
    from kb.export import write_matrix

    folder = out_dir()
    return [str(p) for fmt in ("xlsx", "csv") for p in write_matrix(matrix, folder / f"责任矩阵.{fmt}", fmt)]


def indicator_files(rows: list[list[object]]) -> list[str]:
    from kb.export import Sheet, write_csv, write_xlsx

    folder = out_dir()
    sheet = Sheet(name="指标库", header=INDICATOR_HEADER, rows=rows, title="指标库", max_widths={0: 40, 7: 40, 8: 40})
    return [str(write_xlsx(folder / "指标库.xlsx", [sheet])), str(write_csv(folder / "指标库.csv", INDICATOR_HEADER, rows))]
