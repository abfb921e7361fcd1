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
    assert set(leads) == {"1.", "2.", "4."}


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
