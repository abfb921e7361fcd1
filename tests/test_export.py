"""Responsibility matrix from real seeds, written as XLSX/CSV/JSON and read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kb.export import build_matrix, cell_label, display_width, neutralize, write_matrix, write_table
from kb.extract import extract_document
from kb.ingest.segment import segment
from kb.models import Clause, Document
from kb.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = {
    "003_ac2c417f64737111": ("2024年推进养老服务事业加快发展主动接受三级人大联动监督实施方案", "周政办〔2024〕13号", "2024-04-09"),
    "004_1d889c251517f314": ("关于促进养老托育服务健康发展的实施意见", "", "2023-05-18"),
}


def _first_body(text: str) -> str:
    """Seed 004 carries its body twice; cleaning drops the repeat, done here by hand to stay independent of it."""
    marker = "为推进落实积极应对人口老龄化国家战略"
    first = text.find(marker)
    second = text.find(marker, first + 1) if first >= 0 else -1
    return text[:second] if second > 0 else text


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    st = Store(tmp_path_factory.mktemp("matrix") / "kb.sqlite")
    for doc_id, (title, number, date) in SEEDS.items():
        text = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
        text = _first_body(text)
        doc = Document(id=doc_id, source=f"{doc_id}.txt", title=title, doc_number=number, date=date, text=text)
        clauses = segment(text, doc_id)
        st.put_document(doc, clauses, extract_document(doc, clauses))
    evil = Document(id="evil", source="evil.txt", title="=cmd|' /C calc'!A0", date="2024-01-01")
    clause = Clause(id="evil:0000", doc_id="evil", seq=0, number="1.",
                    text='=HYPERLINK("http://example.com","点击")。（责任单位：市民政局）')
    st.put_document(evil, [clause], extract_document(evil, [clause]))
    return st


def _numbered(matrix, doc_id):
    return [t for t in matrix.tasks if t.doc_id == doc_id and t.path.startswith("三、")]


def test_seed003_matrix_has_55_tasks_with_county_governments(store):
    m = build_matrix(store, ["003_ac2c417f64737111"])
    tasks = _numbered(m, "003_ac2c417f64737111")
    assert [t.number for t in tasks] == [f"{i}." for i in range(1, 56)]
    assert all(t.roles.get("各县（市、区）政府、管委会") == "co" for t in tasks)
    assert tasks[1].roles == {"市民政局": "co", "市自然资源和规划局": "co", "市发展改革委": "co",
                              "各县（市、区）政府、管委会": "co"}
    assert "(责任单位" not in tasks[1].text and tasks[1].text.startswith("2.编制市、县两级养老服务设施专项规划")
    assert m.units[0] in ("各县（市、区）政府、管委会", "市民政局")
    assert "每百户≥30平方米" in tasks[5].figures
    assert any("九十日内" in d for d in tasks[6].deadlines)


def test_seed004_matrix_has_18_tasks_with_leads(store):
    m = build_matrix(store, ["004_1d889c251517f314"])
    tasks = [t for t in m.tasks if t.number.rstrip(".").isdigit()]
    assert len(tasks) == 18
    leads = {t.number: [u for u, r in t.roles.items() if r == "lead"] for t in tasks}
    assert leads["1."] == ["省发展改革委"] and leads["2."] == ["省发展改革委"] and leads["4."] == ["省民政厅"]
    assert sum(1 for v in leads.values() if v) == 3
    assert not tasks[3].text.endswith("省民政厅")  # glued list cut from the short text


def test_xlsx_round_trip(store, tmp_path):
    m = build_matrix(store, ["003_ac2c417f64737111"])
    (path,) = write_matrix(m, tmp_path / "m.xlsx", "xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["责任矩阵", "按单位"]
    ws = wb["责任矩阵"]
    assert "周政办〔2024〕13号" in ws["A1"].value
    header = [c.value for c in ws[2]]
    assert header[:6] == ["序号", "条款", "层级", "任务", "时限", "关键指标"]
    assert ws.freeze_panes == "E3"
    col = header.index("市自然资源和规划局") + 1
    county = header.index("各县（市、区）政府、管委会") + 1
    row2 = [c.value for c in ws[4]]  # task 2
    assert row2[1] == "2." and row2[col - 1] == "责任" and row2[county - 1] == "责任"
    assert ws.cell(row=3, column=4).alignment.wrap_text
    assert ws.column_dimensions["D"].width >= 30  # the task column fits Chinese text
    units = wb["按单位"]
    rows = [[c.value for c in r] for r in units.iter_rows(min_row=3)]
    assert sum(1 for r in rows if r[0] == "各县（市、区）政府、管委会") == 55
    assert any(r[0] == "市民政局" and r[2] == "7." for r in rows)
    assert ["市民政局", "责任", "2."] in [r[:3] for r in rows]  # a plain unit list: no lead, no 配合


def test_by_unit_sheet_roles_follow_the_task_lead(store):
    from kb.export import matrix_sheets

    m = build_matrix(store, ["004_1d889c251517f314"])
    rows = {(r[0], r[2]): r[1] for r in matrix_sheets(m)[1].rows}
    assert rows[("省发展改革委", "1.")] == "牵头" and rows[("省民政厅", "1.")] == "配合"
    assert rows[("省民政厅", "4.")] == "牵头"
    assert set(rows.values()) == {"牵头", "配合", "责任"}
    sheet = matrix_sheets(m)[0]
    for t, row in zip(m.tasks, sheet.rows, strict=True):  # the matrix cells say the same
        assert [row[len(sheet.header) - len(m.units) + m.units.index(u)] for u in t.roles] == [
            cell_label(t, u) for u in t.roles]


def test_formula_cells_are_neutralised(store, tmp_path):
    m = build_matrix(store, ["evil"])
    (path,) = write_matrix(m, tmp_path / "evil.xlsx", "xlsx")
    ws = load_workbook(path)["责任矩阵"]
    assert ws["A1"].value.startswith("'=cmd")
    assert ws["D3"].value.startswith("'=HYPERLINK")
    assert ws["D3"].data_type == "s"
    paths = write_matrix(m, tmp_path / "evil.csv", "csv")
    raw = paths[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rows = list(csv.reader(paths[0].read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:4] == ["序号", "条款", "层级", "任务"] and rows[1][3].startswith("'=HYPERLINK")
    assert paths[1].name == "evil_按单位.csv"


def test_json_and_multi_document(store, tmp_path):
    m = build_matrix(store, ["003_ac2c417f64737111", "004_1d889c251517f314"])
    (path,) = write_matrix(m, tmp_path / "m.json", "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["doc_ids"] == ["003_ac2c417f64737111", "004_1d889c251517f314"]
    assert "省民政厅" in data["units"] and "市民政局" in data["units"]


def test_unknown_document_is_a_clear_error(store):
    from kb.errors import KBError

    with pytest.raises(KBError, match="kb docs"):
        build_matrix(store, ["nope"])


@pytest.mark.parametrize(("value", "safe"), [("=1+1", "'=1+1"), ("+86", "'+86"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
                                             ("市民政局", "市民政局"), (-5, -5), (None, None)])
def test_neutralize(value, safe):
    assert neutralize(value) == safe


def test_write_table_generic(tmp_path):
    wb = Workbook()
    ws = wb.active
    write_table(ws, ["地区", "条款"], [["周口市", "新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施"]],
                title="比较", freeze_cols=1, max_width=30)
    assert ws["A1"].value == "比较" and ws["A2"].value == "地区" and ws.freeze_panes == "B3"
    assert ws.column_dimensions["B"].width == 30 and ws.column_dimensions["A"].width >= display_width("周口市")
    assert display_width("周口市ab") == 8


def test_format_figure_marks_a_replaced_figure():
    from kb.export import format_figure
    from kb.extract.numbers import parse_indicators

    # seed 001 (焦作): 由每百户不低于30平方米提高到50平方米
    old, new = parse_indicators("明确将新建城镇居住区配套建设社区养老服务设施由每百户不低于30平方米提高到50平方米，")
    assert [format_figure(old), format_figure(new)] == ["每百户≥30平方米（原）", "每百户≥50平方米"]


def test_export_all_puts_contract_fields_first(store):
    from kb.dump import CLAUSE_FIELDS, DOCUMENT_FIELDS, INDICATOR_FIELDS, export_all

    data = export_all(store)
    assert [d["id"] for d in data["documents"]] == [*SEEDS, "evil"]
    assert tuple(data["documents"][0]) == (*DOCUMENT_FIELDS, "clauses", "coverage")
    assert tuple(data["clauses"][0])[: len(CLAUSE_FIELDS)] == CLAUSE_FIELDS
    ind = data["indicators"][0]
    assert tuple(ind)[: len(INDICATOR_FIELDS)] == INDICATOR_FIELDS and set(ind) == set(store.indicators()[0].model_dump())
    assert len(data["responsibilities"]) == len(store.responsibilities()) > 200


def test_records_cli_lists_and_dumps_the_extracted_records(store, capsys):
    from kb.cli import main

    index = str(store.path.parent)
    assert main(["records", "--index", index, "--doc", "004_1d889c251517f314", "--type", "responsibility",
                 "--type", "deadline", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["responsibilities", "deadlines"]
    assert [r["unit"] for r in data["responsibilities"] if r["role"] == "lead"][:2] == ["省发展改革委", "省发展改革委"]
    assert len(data["responsibilities"]) == len(store.responsibilities("004_1d889c251517f314"))
    assert main(["records", "--index", index, "--doc", "003_ac2c417f64737111", "--type", "indicator"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"# indicator: {len(store.indicators('003_ac2c417f64737111'))}"
    assert any("\t每百户≥30平方米\t" in line for line in lines[1:])


# 河南省农业机械化促进条例 第四条 / 第七条 (../shared/archive/local-regulations/henan/0102_1cd9938c.md) and
# 国办发〔2018〕121号 (十) (govcn_34): a 条例's duties and a national 意见's bracketed tails in one matrix
REG_4 = "第四条 县级以上人民政府农业机械行政主管部门负责本行政区域内农业机械化促进工作。"
REG_7 = "第七条 省农业机械行政主管部门应当会同省财政、发展改革部门，确定、公布省人民政府的补贴目录。"
GUOBAN_10 = ("（十）鼓励创新创业。大力推进商事制度改革，营造良好的体育竞赛表演产业准入环境。（市场监管总局负责）"
             "鼓励退役运动员投身体育竞赛表演产业。（体育总局、教育部负责）")


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory) -> Store:
    st = Store(tmp_path_factory.mktemp("duties") / "kb.sqlite")
    reg = Document(id="reg", source="reg.md", title="河南省农业机械化促进条例", region="河南省", province="河南省",
                   level="province", date="2008-09-26")
    clauses = [Clause(id=f"reg:{i:04d}", doc_id="reg", seq=i, number=t[:3], text=t) for i, t in enumerate((REG_4, REG_7))]
    st.put_document(reg, clauses, extract_document(reg, clauses))
    nat = Document(id="nat", source="nat.html", title="国务院办公厅关于加快发展体育竞赛表演产业的指导意见", region="全国",
                   level="national", date="2018-12-11")
    clause = Clause(id="nat:0000", doc_id="nat", seq=0, number="（十）", text=GUOBAN_10)
    st.put_document(nat, [clause], extract_document(nat, [clause]))
    return st


def test_duties_are_in_the_matrix_unless_left_out(mixed_store):
    m = build_matrix(mixed_store, ["reg"])
    assert [t.number for t in m.tasks] == ["第四条", "第七条"]
    assert m.tasks[0].roles == {"县级以上人民政府农业机械行政主管部门": "duty"}
    assert cell_label(m.tasks[0], "县级以上人民政府农业机械行政主管部门") == "职责"
    assert m.tasks[1].roles == {"河南省农业机械行政主管部门": "lead", "河南省财政部门": "co", "河南省发展改革部门": "co"}
    assert [t.number for t in build_matrix(mixed_store, ["reg"], include_duties=False).tasks] == ["第七条"]


def test_national_units_fold_to_full_names_in_the_matrix(mixed_store):
    (task,) = build_matrix(mixed_store, ["nat"]).tasks
    assert task.roles == {"国家市场监督管理总局": "lead", "国家体育总局": "co", "教育部": "co"}
    assert [cell_label(task, u) for u in task.roles] == ["牵头", "配合", "配合"]
