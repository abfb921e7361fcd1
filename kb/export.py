"""Responsibility matrices and spreadsheet writers (XLSX via openpyxl, CSV as UTF-8 with BOM, JSON).

``write_table`` / ``write_xlsx`` / ``write_csv`` are generic: any module that exports a table (the compare helper's
spreadsheets too) gets the same frozen header row and first columns, wrapped text, widths that fit Chinese text, a
title row, and cells beginning with = + - @ neutralised so a spreadsheet never runs them as formulas.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.errors import KBError
from kb.models import (
    Clause,
    Deadline,
    Document,
    Indicator,
    MatrixTask,
    Responsibility,
    ResponsibilityMatrix,
    UnitDuty,
)

if TYPE_CHECKING:  # openpyxl is imported lazily by the writers
    from openpyxl.worksheet.worksheet import Worksheet

    from kb.store import Store

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CMP_SIGN = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}
_ASSIGN_TAIL_RE = re.compile(r"[（(〔【]\s*(?:责任单位|责任部门|牵头单位|牵头部门)")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
# The one table of role labels every view uses (the page's matrix and per-unit list, XLSX, CSV: ``cell_label``).
# duty: a 条例's statutory duty (主管/职责); shared: a unit of a plain list of responsible units (no lead named)
ROLE_LABELS = {"lead": "牵头", "co": "配合", "duty": "职责", "shared": "责任"}


# --------------------------------------------------------------------------- generic table writers


@dataclass
class Sheet:
    """One table to write: a sheet of an XLSX workbook, or one CSV file."""

    name: str
    header: list[str]
    rows: list[list[Any]]
    title: str = ""
    freeze_cols: int = 1
    max_widths: dict[int, float] = field(default_factory=dict)  # column index -> cap on its width


def neutralize(value: Any) -> Any:
    """A cell value that a spreadsheet will not evaluate: strings starting with = + - @ get a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def display_width(text: Any) -> int:
    """Columns a text needs in a spreadsheet: wide (Chinese) characters count two; the longest line counts."""
    lines = str(text if text is not None else "").split("\n")
    # 100 characters of a line already pass any column's width cap: a long task text is not counted to its end
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:100]) for line in lines)


def write_table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
    freeze_cols: int = 1,
    max_width: float = 50,
    max_widths: dict[int, float] | None = None,
) -> None:
    """Write a titled table into an openpyxl worksheet.

    Args:
        ws: the worksheet (empty).
        header: column names (row 2 when there is a title, else row 1), bold, frozen.
        rows: the data rows; strings are neutralised against formula injection.
        title: a title line above the header (merged across the columns), e.g. document title and 文号.
        freeze_cols: how many leading columns stay visible when scrolling right.
        max_width: cap on any column's width (longer text wraps).
        max_widths: per-column caps (0-based index) overriding ``max_width``.
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    caps = max_widths or {}
    ncols = max(len(header), 1)
    r0 = 1
    if title:
        ws.cell(row=1, column=1, value=neutralize(title)).font = Font(bold=True, size=13)
        ws.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="center")
        if ncols > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.row_dimensions[1].height = 30
        r0 = 2
    widths = [display_width(h) + 2 for h in header]
    for j, name in enumerate(header, start=1):
        cell = ws.cell(row=r0, column=j, value=neutralize(name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    # every data cell wraps: the style is registered once and its index array copied into each cell (openpyxl's
    # per-cell ``cell.alignment = ...`` looks the style up again each time: 90% of a matrix export's time)
    styled = ws.cell(row=r0 + 1, column=1)
    styled.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = styled._style
    for i, row in enumerate(rows, start=r0 + 1):
        for j, value in enumerate(row, start=1):
            if value is None or value == "":
                continue  # an empty cell stays unwritten (a matrix is mostly empty: half its writing time)
            cell = ws.cell(row=i, column=j, value=neutralize(value))
            cell._style = copy.copy(wrap)
            if j - 1 < len(widths):
                widths[j - 1] = max(widths[j - 1], display_width(value) + 2)
            else:
                widths.append(display_width(value) + 2)
    for j, w in enumerate(widths):
        cap = caps.get(j, max_width)
        ws.column_dimensions[get_column_letter(j + 1)].width = max(6, min(w, cap))
    ws.freeze_panes = ws.cell(row=r0 + 1, column=freeze_cols + 1)
    ws.auto_filter.ref = f"A{r0}:{get_column_letter(max(len(widths), 1))}{max(ws.max_row, r0)}"


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub("_", name)[:31] or "Sheet"
    out, n = base, 2
    while out in used:
        out = f"{base[:28]}_{n}"
        n += 1
    used.add(out)
    return out


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write tables as the sheets of one XLSX workbook; returns ``path``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_name(sheet.name, used))
        write_table(ws, sheet.header, sheet.rows, title=sheet.title, freeze_cols=sheet.freeze_cols,
                    max_widths=sheet.max_widths)
    try:
        wb.save(path)
    except OSError as e:
        raise KBError(f"cannot write {path}: {e}; check the folder exists and the file is not open in Excel") from e
    return Path(path)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A table as CSV text (cells neutralised), without BOM."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in header])
    for row in rows:
        writer.writerow([neutralize("" if v is None else v) for v in row])
    return buf.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write a table as CSV in UTF-8 with BOM (so Excel opens Chinese text correctly); returns ``path``."""
    try:
        Path(path).write_text(csv_text(header, rows), encoding="utf-8-sig", newline="")
    except OSError as e:
        raise KBError(f"cannot write {path}: {e}; check the folder exists and the file is not open in Excel") from e
    return Path(path)


def export_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str,
    *,
    title: str = "",
    sheet: str = "Sheet1",
    freeze_cols: int = 1,
    max_widths: dict[int, float] | None = None,
) -> Path:
    """One table as a one-sheet XLSX workbook (``write_table`` conventions) or a CSV file (UTF-8 with BOM, no title).

    Raises:
        KBError: an unknown format, or the file cannot be written.
    """
    rows = [list(r) for r in rows]
    if fmt == "xlsx":
        table = Sheet(sheet, list(header), rows, title=title, freeze_cols=freeze_cols, max_widths=max_widths or {})
        return write_xlsx(path, [table])
    if fmt == "csv":
        return write_csv(path, header, rows)
    raise KBError(f"unknown export format {fmt!r}: use xlsx or csv")


# --------------------------------------------------------------------------- the responsibility matrix


def format_figure(ind: Indicator) -> str:
    """"每百户≥30平方米", "1—2个", "100:1"; a figure the text replaced ends in （原）."""
    if ind.ratio:
        number = ind.ratio
    elif ind.value is None:
        return ind.raw
    else:
        number = f"{ind.value:g}" + (f"—{ind.value_max:g}" if ind.value_max is not None else "")
    unit = "" if ind.ratio else ind.unit
    old = "（原）" if ind.replaced else ""
    return f"{ind.basis}{_CMP_SIGN.get(ind.comparator, '')}{number}{unit}{old}"


def format_deadline(d: Deadline) -> str:
    """"5月底前 → 2024-05-31", "2021—2025年 (2021-01-01—2025-12-31)", "自…九十日内"."""
    if d.kind == "period" and d.start_date and d.date:
        return f"{d.raw}（{d.start_date}—{d.date}）"
    if d.date and d.kind in ("absolute", "target"):
        return f"{d.raw} → {d.date}"
    return d.raw


def task_text(clause: Clause, own: Sequence[Responsibility], limit: int | None = None) -> str:
    """The clause text without its assignment (bracket or trailing unit list), in full unless ``limit`` is given."""
    text = clause.text
    m = None
    for m in _ASSIGN_TAIL_RE.finditer(text):
        pass
    cut = m.start() if m else len(text)
    spans = [r.start for r in own if r.end > r.start]
    if spans and not m and min(spans) > 0:  # a unit list after the task; a duty that opens with its unit stays whole
        first = min(spans)
        if "。" not in text[first:].rstrip("。"):
            cut = first
    short = text[:cut].rstrip(" ,，;；")
    return short if limit is None or len(short) <= limit else short[: limit - 1] + "…"


_STRENGTH = {"lead": 0, "co": 1, "duty": 2}


def _group(items: Iterable[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for it in items:
        out.setdefault(it.clause_id, []).append(it)
    return out


def build_matrix(store: Store, doc_ids: Sequence[str] = (), include_duties: bool = True) -> ResponsibilityMatrix:
    """The responsibility matrix of the given documents (all documents when empty).

    Rows are the clauses that assign units, in document order; columns are units, most tasks first.
    ``include_duties``: include the statutory duties of 条例 articles (cells 职责); False keeps only 牵头/配合 assignments.
    """
    from kb.errors import IndexMissingError

    known = [d.id for d in store.documents()]
    ids = list(doc_ids) or known
    missing = [d for d in ids if d not in known]
    if missing:
        raise IndexMissingError(f"document(s) {', '.join(missing)} not in the index: list them with `kb docs`")
    tasks: list[MatrixTask] = []
    duties: list[UnitDuty] = []
    titles: list[str] = []
    numbers: list[str] = []
    for doc_id in ids:
        doc = store.document(doc_id) or Document(id=doc_id, source=doc_id)
        titles.append(doc.title or doc.source)
        numbers.append(doc.doc_number)
        resp = _group(r for r in store.responsibilities(doc_id) if include_duties or r.role != "duty")
        deadlines = _group(store.deadlines(doc_id))
        figures = _group(store.indicators(doc_id))
        for clause in store.clauses(doc_id):
            rs = resp.get(clause.id)
            if not rs:
                continue
            roles: dict[str, str] = {}
            for r in rs:
                if r.unit not in roles or _STRENGTH[r.role] < _STRENGTH[roles[r.unit]]:
                    roles[r.unit] = r.role
            own = [r for r in rs if not r.inherited]
            dl = [format_deadline(d) for d in deadlines.get(clause.id, [])]
            task = MatrixTask(
                clause_id=clause.id, doc_id=doc_id, number=clause.number, path=" › ".join(clause.path),
                text=task_text(clause, own), deadlines=dl,
                figures=[format_figure(i) for i in figures.get(clause.id, []) if not i.replaced][:6],
                roles=roles,  # type: ignore[arg-type]
            )
            tasks.append(task)
            inherited = {r.unit for r in rs if r.inherited}
            duties += [
                UnitDuty(unit=u, clause_id=clause.id, number=clause.number, path=task.path, text=task.text,
                         role=role, inherited=u in inherited, deadlines=dl)  # type: ignore[arg-type]
                for u, role in roles.items()
            ]
    counts: dict[str, int] = {}
    for t in tasks:
        for u in t.roles:
            counts[u] = counts.get(u, 0) + 1
    first_seen = {u: i for i, u in enumerate(dict.fromkeys(u for t in tasks for u in t.roles))}
    units = sorted(counts, key=lambda u: (-counts[u], first_seen[u]))
    order = {u: i for i, u in enumerate(units)}
    duties.sort(key=lambda d: order[d.unit])  # stable: document order within a unit
    return ResponsibilityMatrix(doc_ids=ids, titles=titles, doc_numbers=numbers, units=units, tasks=tasks, duties=duties)


def matrix_title(matrix: ResponsibilityMatrix) -> str:
    """"<title>（<文号>）" for each document, joined."""
    parts = [f"{t}（{n}）" if n else t for t, n in zip(matrix.titles, matrix.doc_numbers, strict=False)]
    return "；".join(parts) + " 责任分工"


def cell_label(task: MatrixTask, unit: str) -> str:
    """The role label of a unit on a task, the one every view shows: 牵头 / 配合 where the task names a lead, 责任
    for units of a plain list, 职责 for a 条例's statutory duty, "" for units not named (``ROLE_LABELS``)."""
    role = task.roles.get(unit)
    if role is None:
        return ""
    if role == "co" and "lead" not in task.roles.values():
        role = "shared"
    return ROLE_LABELS[role]


def doc_label(matrix: ResponsibilityMatrix, doc_id: str) -> str:
    """A document as a person reads it in a matrix: its title (and 文号), never its internal id."""
    for d, title, number in zip(matrix.doc_ids, matrix.titles, matrix.doc_numbers, strict=False):
        if d == doc_id:
            return f"{title}（{number}）" if number else title
    return doc_id


def matrix_sheets(matrix: ResponsibilityMatrix) -> list[Sheet]:
    """Sheet 1: tasks × units; sheet 2: per unit, its tasks with role and deadlines."""
    multi = len(matrix.doc_ids) > 1
    lead_cols = (["文件"] if multi else []) + ["序号", "条款", "层级", "任务", "时限", "关键指标"]
    rows = []
    for n, t in enumerate(matrix.tasks, start=1):
        row = ([doc_label(matrix, t.doc_id)] if multi else []) + [n, t.number, t.path, t.text, "\n".join(t.deadlines),
                                                                  "；".join(t.figures)]
        rows.append(row + [cell_label(t, u) for u in matrix.units])
    k = len(lead_cols)
    caps = {k - 4: 24, k - 3: 44, k - 2: 26, k - 1: 26} | {k + i: 10 for i in range(len(matrix.units))}
    title = matrix_title(matrix)
    task_of = {t.clause_id: t for t in matrix.tasks}
    by_unit = Sheet(
        name="按单位",
        header=["单位", "角色", "条款", "层级", "任务", "时限", "来源"],
        rows=[
            [d.unit, cell_label(task_of[d.clause_id], d.unit), d.number, d.path, d.text, "\n".join(d.deadlines),
             "全文统一要求" if d.inherited else ""]
            for d in matrix.duties
        ],
        title=title + "（按单位）",
        freeze_cols=1,
        max_widths={0: 24, 3: 24, 4: 44, 5: 26},
    )
    return [Sheet(name="责任矩阵", header=lead_cols + matrix.units, rows=rows, title=title, freeze_cols=k - 2,
                  max_widths=caps), by_unit]


def write_matrix(matrix: ResponsibilityMatrix, path: Path, fmt: str) -> list[Path]:
    """Write the matrix as xlsx (two sheets), csv (the matrix, plus ``<stem>_按单位.csv``) or json."""
    path = Path(path)
    if fmt == "json":
        try:
            path.write_text(matrix.model_dump_json(indent=2), encoding="utf-8")
        except OSError as e:
            raise KBError(f"cannot write {path}: {e}; check the folder exists") from e
        return [path]
    sheets = matrix_sheets(matrix)
    if fmt == "xlsx":
        return [write_xlsx(path, sheets)]
    if fmt == "csv":
        second = path.with_name(f"{path.stem}_按单位{path.suffix or '.csv'}")
        return [write_csv(path, sheets[0].header, sheets[0].rows), write_csv(second, sheets[1].header, sheets[1].rows)]
    raise KBError(f"unknown format {fmt!r}: use xlsx, csv or json")
