"""One truth for roles (issue 14): the page's matrix, the per-unit list, the XLSX and the CSV give the same label
for every (task, unit) pair of the whole corpus, all from kb.export.cell_label (ROLE_LABELS); the XLSX holds full
task text, numbers as numbers, an autofilter and a frozen header, and titles instead of internal ids."""

from __future__ import annotations

import csv
import html
import re

import pytest

from openpyxl import load_workbook

from kb.export import ROLE_LABELS, build_matrix, write_matrix

_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
_UNIT = re.compile(r"<summary>(.*?)（\d+ 项）</summary><ol>(.*?)</ol>", re.S)
_ITEM = re.compile(r"<li><b>(.*?)</b>")


def _page_cells(matrix) -> dict[tuple[str, str], str]:
    from kb.app.render import matrix_html

    rows = [[html.unescape(c) for c in _CELL.findall(r)] for r in _ROW.findall(matrix_html(matrix, None))]
    units, body = rows[0][-len(matrix.units):], rows[1:]
    assert units == matrix.units and len(body) == len(matrix.tasks)
    return {(t.clause_id, u): row[-len(units) + j] for t, row in zip(matrix.tasks, body, strict=True)
            for j, u in enumerate(units)}


def _unit_list(matrix) -> dict[tuple[str, str], str]:
    from kb.app.render import unit_task_html

    out = {}
    for unit, items in _UNIT.findall(unit_task_html(matrix, None)):
        mine = [d for d in matrix.duties if d.unit == html.unescape(unit)]
        labels = _ITEM.findall(items)
        assert len(labels) == len(mine)
        out.update({(d.clause_id, d.unit): label for d, label in zip(mine, labels, strict=True)})
    return out


def test_page_unit_list_xlsx_and_csv_agree_on_every_role(store, tmp_path):
    m = build_matrix(store)  # every document of corpus/
    assert len(m.doc_ids) > 5 and len(m.tasks) > 100
    page = _page_cells(m)
    units = _unit_list(m)
    (xlsx,) = write_matrix(m, tmp_path / "m.xlsx", "xlsx")
    wb = load_workbook(xlsx)
    grid = [[c.value for c in r] for r in wb["责任矩阵"].iter_rows(min_row=2)]
    header, body = grid[0], grid[1:]
    first_unit = header.index(m.units[0])
    by_unit = [[c.value for c in r] for r in wb["按单位"].iter_rows(min_row=3)]
    matrix_csv, unit_csv = write_matrix(m, tmp_path / "m.csv", "csv")
    csv_rows = list(csv.reader(matrix_csv.read_text(encoding="utf-8-sig").splitlines()))[1:]
    unit_rows = list(csv.reader(unit_csv.read_text(encoding="utf-8-sig").splitlines()))[1:]
    assert len(body) == len(csv_rows) == len(m.tasks) and len(by_unit) == len(unit_rows) == len(m.duties)
    seen = set()
    for i, t in enumerate(m.tasks):
        for j, u in enumerate(m.units):
            labels = {page[(t.clause_id, u)], body[i][first_unit + j] or "", csv_rows[i][first_unit + j]}
            assert len(labels) == 1, (t.clause_id, u, labels)
            if u in t.roles:
                assert units[(t.clause_id, u)] == page[(t.clause_id, u)] != ""
                seen.add(page[(t.clause_id, u)])
    for d, xrow, crow in zip(m.duties, by_unit, unit_rows, strict=True):
        assert xrow[0] == crow[0] == d.unit and xrow[1] == crow[1] == units[(d.clause_id, d.unit)]
    assert seen <= set(ROLE_LABELS.values()) and {"牵头", "配合", "责任", "职责"} <= seen
    # the per-unit list of 市民政局 no longer says 配合 where the table says 责任 (issue 14's 38 tasks)
    assert all(units[k] == page[k] for k in units if k[1] == "市民政局")


def test_xlsx_full_text_numbers_filters_and_titles(store, tmp_path):
    m = build_matrix(store)
    (xlsx,) = write_matrix(m, tmp_path / "m.xlsx", "xlsx")
    ws = load_workbook(xlsx)["责任矩阵"]
    header = [c.value for c in ws[2]]
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:")  # a filter on the header row
    assert ws.freeze_panes and int(re.sub(r"\D", "", ws.freeze_panes)) == 3  # rows above 3 stay in view
    texts = [r[header.index("任务")] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert max(len(t) for t in texts) > 80 and not any(t.endswith("…") for t in texts)  # no 80-character cut
    assert {t.text for t in m.tasks} == set(texts)
    assert all(isinstance(n, int) for n in (r[header.index("序号")] for r in ws.iter_rows(min_row=3, values_only=True)))
    files = [r[header.index("文件")] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert not set(files) & set(m.doc_ids)  # titles, never internal ids
    assert any("养老服务" in f for f in files) and any("〔" in f for f in files)  # title and 文号
    paths = [r[header.index("层级")] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert not any(re.search(r"\w+:\d{4}", p or "") for p in paths)


def test_indicator_xlsx_stores_figures_as_numbers(built_index, tmp_path):
    from kb.app.backend import Backend
    from kb.app.downloads import INDICATOR_HEADER, indicator_files, indicator_rows

    backend = Backend(built_index[0])
    rows = indicator_rows(backend, None, "", None)
    xlsx = next(p for p in indicator_files(rows) if p.endswith(".xlsx"))
    ws = load_workbook(xlsx).active
    value_col = INDICATOR_HEADER.index("数值")
    values = [r[value_col] for r in ws.iter_rows(min_row=3, values_only=True)]
    numeric = [v for v in values if isinstance(v, (int, float))]
    assert len(numeric) > 0.8 * len(values)  # ratios (100:1) stay text
    assert all(isinstance(v, str) and ":" in v for v in values if not isinstance(v, (int, float)))
    assert ws.auto_filter.ref and ws.freeze_panes
    assert not any(re.search(r"\w+:\d{4}$", str(r[-1] or "")) for r in ws.iter_rows(min_row=3, values_only=True))


_DUTY = "市场监管部门负责加强手机等产品质量和价格监管，依法查处价格欺诈、虚假宣传等违法行为。"  # 山东 手机 细则, 四、
_STATUTE = ("市和县（市、区）人民政府应当根据人口老龄化程度、经济社会发展水平和养老服务供给状况，逐步增加居家养老服务项目、"
            "提高服务标准、扩大服务保障对象。")  # 绍兴市居家养老服务条例 第十五条
_TRAILING = "建立养老服务综合监管制度。市民政局、市市场监管局"  # a task, then its units without brackets


@pytest.mark.parametrize(
    ("text", "units", "expected"),
    [
        (_DUTY, [("市场监管部门", 0)], _DUTY),  # a duty that opens with its unit is the whole task, never ""
        (_STATUTE, [("绍兴市人民政府", 0), ("县（市、区）人民政府", 0)], _STATUTE),
        (_TRAILING, [("市民政局", 13), ("市市场监管局", 18)], "建立养老服务综合监管制度。"),
    ],
)
def test_task_text_keeps_the_task(text, units, expected):
    from kb.export import task_text
    from kb.models import Clause, Responsibility

    clause = Clause(id="d:0001", doc_id="d", seq=1, text=text)
    own = [Responsibility(clause_id=clause.id, unit=u, role="duty", start=s, end=s + len(u)) for u, s in units]
    assert task_text(clause, own) == expected
