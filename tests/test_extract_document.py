"""extract_document over real seeds segmented by kb.ingest.segment: document rules, inheritance, no crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.extract import extract_document
from kb.ingest.segment import segment
from kb.models import Clause, Document, Records

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _doc(name: str, date: str) -> tuple[Document, list[Clause]]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    doc_id = name.rsplit(".", 1)[0]
    return Document(id=doc_id, source=name, date=date, text=text), segment(text, doc_id)


@pytest.fixture(scope="module")
def seed003():
    doc, clauses = _doc("003_ac2c417f64737111.txt", "2024-04-09")
    return doc, clauses, extract_document(doc, clauses)


def _tasks(clauses: list[Clause]) -> dict[str, Clause]:
    return {c.number: c for c in clauses if c.path and c.path[0].startswith("三、") and c.number.rstrip(".").isdigit()}


def test_seed003_county_governments_fall_to_every_task(seed003):
    _, clauses, records = seed003
    tasks = _tasks(clauses)
    assert len(tasks) == 55
    by_clause: dict[str, dict[str, object]] = {}
    for r in records.responsibilities:
        by_clause.setdefault(r.clause_id, {})[r.unit] = r
    county = "各县（市、区）政府、管委会"
    for number, clause in tasks.items():
        units = by_clause.get(clause.id, {})
        assert county in units, number
    assert not by_clause[tasks["1."].id][county].inherited
    assert by_clause[tasks["55."].id][county].inherited
    assert set(by_clause[tasks["55."].id]) == {county, "市民政局", "市住房城乡建设局", "市市场监管局", "市卫生健康委",
                                               "市应急管理局", "市消防救援支队"}
    # the schedule section is not a task list: the rule does not reach it
    schedule = [c for c in clauses if c.path and c.path[0].startswith("四、")]
    assert all(county not in by_clause.get(c.id, {}) for c in schedule)


def test_seed003_deadlines_resolved_against_document_year(seed003):
    _, clauses, records = seed003
    dates = {(d.raw, d.date) for d in records.deadlines}
    assert ("(4月)", "2024-04-30") in dates
    assert ("5月底前", "2024-05-31") in dates
    relative = [d for d in records.deadlines if d.kind == "relative"]
    assert relative and relative[0].date is None and relative[0].days == 90


def test_seed004_leads():
    doc, clauses = _doc("004_1d889c251517f314.txt", "2023-05-18")
    records = extract_document(doc, clauses)
    leads = {}
    for r in records.responsibilities:
        if r.role == "lead":
            clause = next(c for c in clauses if c.id == r.clause_id)
            leads.setdefault(clause.number, set()).add(r.unit)
    assert leads["1."] == {"省发展改革委"} and leads["2."] == {"省发展改革委"} and leads["4."] == {"省民政厅"}
    # 三（二） "发展改革部门要落实…评价机制": a functional holder, the sole subject of its sentence
    assert leads["（二）"] == {"发展改革部门"} and set(leads) == {"1.", "2.", "4.", "（二）"}


def test_parent_units_govern_children():
    parent = Clause(id="d:0001", doc_id="d", seq=1, number="（三）", text="（三）加强人才队伍建设。（省民政厅牵头，省人力资源社会保障厅配合）")
    child = Clause(id="d:0002", doc_id="d", seq=2, number="1.", text="1.开展养老护理员培训。", parent_id="d:0001", path=["（三）"])
    other = Clause(id="d:0003", doc_id="d", seq=3, number="2.", text="2.建立评价制度。（省人力资源社会保障厅负责）", parent_id="d:0001")
    records = extract_document(Document(id="d", source="d.txt"), [parent, child, other])
    got = [(r.clause_id, r.unit, r.role, r.inherited) for r in records.responsibilities]
    assert got == [
        ("d:0001", "省民政厅", "lead", False),
        ("d:0001", "省人力资源社会保障厅", "co", False),
        ("d:0002", "省民政厅", "lead", True),  # the child names no unit: its parent's govern it
        ("d:0002", "省人力资源社会保障厅", "co", True),
        ("d:0003", "省人力资源社会保障厅", "lead", False),  # a child naming its own unit does not inherit; alone, it leads
    ]


def test_huge_clause_and_garbage_never_raise():
    texts = ["", "（" * 10000, "每百户不低于" * 2000, "市民政局、" * 2000 + "负责", "9" * 10000]
    clauses = [Clause(id=f"x:{i:04d}", doc_id="x", seq=i, text=t) for i, t in enumerate(texts)]
    records = extract_document(Document(id="x", source="x.txt", date="2024-01-01"), clauses)
    assert records == Records()  # no figure, unit or deadline is made up from garbage


def test_a_national_plan_table_allots_each_province_its_figures():
    """govcn_52 附表 (单位：人, a second header line under 分年度招生任务): each province row's figures in 人 with
    the column's year, and the province's government leads them; the 总计 row names no unit."""
    from kb.models import TableRow

    header = ["省（市）", "1995 年招生人数", "扩招", "分年度招生任务", "分年度招生任务", "分年度招生任务"]
    rows = [["省（市）", "1995 年招生人数", "扩招", "1996 年", "1997 年", "1998 年"],
            ["总计", "1445", "555", "1600", "1800", "2000"], ["江苏", "100", "100", "120", "140", "200"]]
    clauses = [Clause(id="g:0000", doc_id="g", seq=0, text="单位：人")]
    for n, cells in enumerate(rows, 1):
        text = "；".join(f"{h}：{c}" for h, c in zip(header, cells))
        clauses.append(Clause(id=f"g:{n:04d}", doc_id="g", seq=n, kind="table", text=text,
                              table=TableRow(header=header, cells=cells)))
    records = extract_document(Document(id="g", source="g.html", level="national"), clauses)
    by_clause: dict[str, list] = {}
    for i in records.indicators:
        by_clause.setdefault(i.clause_id, []).append((i.value, i.unit, i.year))
    assert "g:0001" not in by_clause  # the second header line is no data
    assert by_clause["g:0003"] == [(100, "人", 1995), (100, "人", None), (120, "人", 1996), (140, "人", 1997),
                                   (200, "人", 1998)]
    assert [(r.clause_id, r.unit, r.role) for r in records.responsibilities] == [("g:0003", "江苏省人民政府", "lead")]


def test_subject_organs_hold_their_sentences_not_the_sub_items():
    """govcn_41 2.1.1: the heading names the 指挥部's duties; its sub-items (1)–(4) name no unit and inherit none
    (an assignment such as （X牵头） on a parent still covers its children)."""
    parent = Clause(id="p:0000", doc_id="p", seq=0, number="2.1.1", text="2.1.1国家粮食应急工作指挥部职责")
    child = Clause(id="p:0001", doc_id="p", seq=1, number="（1）", parent_id="p:0000",
                   text="（1）掌握粮食市场形势，向国务院提出启动或终止实施本预案的建议。")
    records = extract_document(Document(id="p", source="p.html", level="national"), [parent, child])
    assert [(r.clause_id, r.unit, r.role) for r in records.responsibilities] == [
        ("p:0000", "国家粮食应急工作指挥部", "lead")]
