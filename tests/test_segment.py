"""Segmentation into a clause tree, on the real seeds and corpus-extra 条例 files, plus traps and a property test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.ingest.clean import clean_text, to_simplified
from kb.ingest.labels import cn_to_int
from kb.ingest.segment import citation, coverage, segment
from kb.ingest.tables import extract_tables
from kb.models import Clause, TableBlock

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXTRA = ROOT.parent / "shared" / "corpus-extra"
DATA = Path(__file__).resolve().parent / "data" / "segment"

def _chain(path: Path) -> tuple[str, list[TableBlock]]:
    """(simplified text, tables) for a corpus file, through the real cleaning chain of the pipeline."""
    raw = path.read_text(encoding="utf-8")
    text, tables = extract_tables(clean_text(raw))
    simp = to_simplified(text)
    if len(simp) != len(text):
        tables = []
    return simp, list(tables)


def _check_invariants(text: str, clauses: list[Clause]) -> None:
    last_end = 0
    for i, c in enumerate(clauses):
        assert c.seq == i
        assert c.id == f"{c.doc_id}:{i:04d}"
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip() and c.text
        assert c.start >= last_end, f"clause {c.id} overlaps the one before"
        last_end = c.end
    ids = {c.id for c in clauses}
    assert all(c.parent_id is None or c.parent_id in ids for c in clauses)


# --------------------------------------------------------------------------- seeds

SEED_003 = CORPUS / "003_ac2c417f64737111.txt"
SEED_004 = CORPUS / "004_1d889c251517f314.txt"
SEED_000 = CORPUS / "000_f4a8eb3875f75941.txt"

# seed 003: task number -> its (一)…(七) section heading
_003_SECTIONS = [
    (range(1, 17), "（一）设施建设"),
    (range(17, 23), "（二）资金保障"),
    (range(23, 31), "（三）政策扶持"),
    (range(31, 43), "（四）运营服务"),
    (range(43, 46), "（五）产业发展"),
    (range(46, 51), "（六）人才培养"),
    (range(51, 56), "（七）综合监管"),
]
_004_SECTIONS = [
    (range(1, 4), "（一）加强科学规划"),
    (range(4, 9), "（二）扩大服务供给"),
    (range(9, 12), "（三）促进创新融合"),
    (range(12, 16), "（四）强化要素支持"),
    (range(16, 19), "（五）完善服务监管"),
]


def _tasks(clauses: list[Clause]) -> dict[int, list[Clause]]:
    out: dict[int, list[Clause]] = {}
    for c in clauses:
        if re.fullmatch(r"\d+\.", c.number):
            out.setdefault(int(c.number[:-1]), []).append(c)
    return out


def test_seed_003_every_task_is_its_own_clause_with_path() -> None:
    text, tables = _chain(SEED_003)
    clauses = segment(text, "003", tables)
    _check_invariants(text, clauses)
    tasks = _tasks(clauses)
    assert sorted(tasks) == list(range(1, 56))
    for numbers, section in _003_SECTIONS:
        for n in numbers:
            (task,) = tasks[n]
            assert task.path == ["三、重点任务", section], (n, task.path)
            assert task.text.startswith(f"{n}.")
            assert "责任单位" in task.text  # each task carries its own (责任单位:…)
    assert citation(tasks[6][0].path, tasks[6][0].number) == "三（一）6"
    assert citation(tasks[55][0].path, tasks[55][0].number) == "三（七）55"
    # a heading item is one clause, with its heading, and its children point to it
    (sheshi,) = [c for c in clauses if c.number == "（一）" and c.heading == "设施建设"]
    assert tasks[1][0].parent_id == sheshi.id
    assert not any(c.text == "设施建设" for c in clauses)


def test_seed_004_every_task_is_its_own_clause_with_path() -> None:
    text, tables = _chain(SEED_004)
    clauses = segment(text, "004", tables)
    _check_invariants(text, clauses)
    tasks = _tasks(clauses)
    assert sorted(tasks) == list(range(1, 19))
    for numbers, section in _004_SECTIONS:
        for n in numbers:
            (task,) = tasks[n]
            assert task.path == ["二、重点任务", section], (n, task.path)
    assert tasks[1][0].heading == "健全养老托育服务发展规划体系"
    assert citation(tasks[17][0].path, tasks[17][0].number) == "二（五）17"


def test_seed_004_repeated_body_yields_each_clause_once() -> None:
    text, tables = _chain(SEED_004)
    clauses = segment(text, "004", tables)
    tasks = _tasks(clauses)
    assert {n: len(v) for n, v in tasks.items()} == {n: 1 for n in range(1, 19)}
    assert sum(c.number == "一、" for c in clauses) == 1


def test_seed_000_single_line_splits_into_sections_and_yishi() -> None:
    text, tables = _chain(SEED_000)
    clauses = segment(text, "000", tables)
    _check_invariants(text, clauses)
    sections = [c for c in clauses if c.number in ("一、", "二、", "三、")]
    assert [c.number for c in sections] == ["一、", "二、", "三、"]
    assert sections[0].heading.startswith("高位推动")
    assert sections[2].heading.startswith("创新思路")
    kids = {s.id: [c.number for c in clauses if c.parent_id == s.id] for s in sections}
    assert kids[sections[0].id] == ["一是", "二是", "三是", "四是"]
    assert kids[sections[1].id] == ["一是", "二是", "三是", "四是"]
    assert kids[sections[2].id] == ["一是", "二是", "三是", "四是", "五是"]
    yishi = next(c for c in clauses if c.parent_id == sections[0].id)
    assert yishi.heading == "构建党委统筹抓总工作机制"
    assert yishi.path[0].startswith("一、高位推动")
    assert coverage(text, clauses) > 0.99


@pytest.mark.parametrize("name", ["001_4b3757ccbb240fc5.txt", "002_6826ce07d37866fe.txt"])
def test_other_seeds_keep_their_sections(name: str) -> None:
    text, tables = _chain(CORPUS / name)
    clauses = segment(text, name[:3], tables)
    _check_invariants(text, clauses)
    assert [c.number for c in clauses if c.number.endswith("、") and not c.path][:4] == ["一、", "二、", "三、", "四、"]
    assert coverage(text, clauses) > 0.95


# --------------------------------------------------------------------------- 条例 files

_MD = sorted(p for p in EXTRA.glob("*.md") if p.name != "SOURCES.md")
_ART = re.compile(r"(?m)^#*\s*(第[一二三四五六七八九十百零]+条)")
_CHAP = re.compile(r"(?m)^#*\s*(第[一二三四五六七八九十]+章)")


@pytest.mark.parametrize("path", _MD, ids=lambda p: p.stem)
def test_regulations_one_clause_per_article_under_its_chapter(path: Path) -> None:
    text, tables = _chain(path)
    clauses = segment(text, path.stem, tables)
    _check_invariants(text, clauses)
    expected = _ART.findall(text)
    articles = [c for c in clauses if c.number.endswith("条")]
    assert [c.number for c in articles] == expected
    chapters = _CHAP.findall(text)
    if chapters:
        assert [c.number for c in clauses if c.number.endswith("章")] == chapters
        for a in articles:
            assert re.match(r"第[一二三四五六七八九十]+章 ", a.path[0]), (a.number, a.path)
    assert coverage(text, clauses) > 0.98


# --------------------------------------------------------------------------- traps (real snippets)

TRAPS = [
    # (snippet, expected numbers in order) — cross-references, same-line bodies, decimals, dates, years
    (
        "第三十七条 违反本条例第十条第三款规定，未经批准擅自拆除居家养老服务设施的，由民政部门责令改正。\n"
        "第三十八条 违反本条例第十七条第三款规定，居家养老服务中心、养老机构和组织未按规定执行的，依法处理。",
        ["第三十七条", "第三十八条"],
    ),
    (
        "28.按照社区养老服务机构75周岁以上服务对象数量与公益性岗位100:1的标准,开发公益性岗位。"
        "(责任单位:市人力资源社会保障局)",
        ["28."],
    ),
    ("将人均养老服务用地标准从0.1平方米提高至0.2平方米。按照11.5.14的规定执行。", [""]),
    ("2024.4.9\n2024.重点工作安排如下。", ["", ""]),
    ("2024年4月9日", [""]),
    (
        "第一条 为进一步规范本市居家社区养老服务，结合本市实际，制定本办法。\u3000\u3000第二条 在本市行政区域内开展的居家老年人助餐配餐服务和管理活动，适用本办法。",
        ["第一条", "第二条"],
    ),
    (
        "第十条 长者饭堂的运营机构应当具备以下条件：\n（一）依法成立，取得相应营业执照或登记证书；\n"
        "（二）近3年内没有重大违法违规记录；\n本条第一款规定以外的，按照第十二条规定执行。",
        ["第十条", "（一）", "（二）", ""],
    ),
    (
        "养老服务也面临着新形势:一是老龄化进程加速发展。2022年起,老年人口将急剧增加。二是失能失智照护刚需凸显。",
        ["", "一是", "二是"],
    ),
    ("全省157个县(市、区)、673个街道中，第一、二批试点已完成。", [""]),
    ("(一)做好工作汇报(4月)。按照要求汇报工作情况。\n(二)配合做好专题调研、执法检查(5月)。", ["（一）", "（二）"]),
    ("专栏1 “海岛支老、一起安好”行动\n依托养老机构开展服务。\n1.建设康养联合体。\n2.建设智慧养老院。", ["专栏1", "1.", "2."]),
    ("附件:2024年重点任务分解表\n附\u00a0 件\n2024年重点任务分解表", ["附件", "附件"]),
]


@pytest.mark.parametrize("snippet,numbers", TRAPS)
def test_traps(snippet: str, numbers: list[str]) -> None:
    clauses = segment(snippet, "t")
    _check_invariants(snippet, clauses)
    assert [c.number for c in clauses] == numbers
    assert coverage(snippet, clauses) == 1.0


def test_article_items_and_trailing_paragraph_nest_under_the_article() -> None:
    snippet = TRAPS[6][0]
    clauses = segment(snippet, "t")
    art = clauses[0]
    assert all(c.parent_id == art.id for c in clauses[1:])
    assert clauses[3].path == ["第十条"]
    assert clauses[1].heading == ""  # 项 of an article carry no heading


def test_heading_line_absorbs_its_body_paragraphs() -> None:
    # national 国发〔2018〕39号: heading line, body, then the responsibility note
    snippet = (
        "一、支持企业稳定发展\n（一）加大稳岗支持力度。\n对不裁员或少裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。\n"
        "（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n（二）发挥政府性融资担保机构作用支持小微企业。"
    )
    clauses = segment(snippet, "t")
    assert [c.number for c in clauses] == ["一、", "（一）", "（二）"]
    assert clauses[1].heading == "加大稳岗支持力度"
    assert clauses[1].text.endswith("下同）")
    assert clauses[1].path == ["一、支持企业稳定发展"]


def test_table_rows_become_table_clauses_with_title_in_path() -> None:
    lines = [
        "附件",
        "2024年重点任务分解表",
        "县(市、区)：商水县；老年助餐场所(个)：71；特殊困难老年人家庭适老化改造(户)：1169",
        "县(市、区)：西华县；老年助餐场所(个)：65；特殊困难老年人家庭适老化改造(户)：587",
    ]
    text = "\n".join(lines)
    title_start = text.index(lines[1])
    r1 = text.index(lines[2])
    r2 = text.index(lines[3])
    table = TableBlock(
        title=lines[1],
        header=["县(市、区)", "老年助餐场所(个)", "特殊困难老年人家庭适老化改造(户)"],
        rows=[["商水县", "71", "1169"], ["西华县", "65", "587"]],
        start=title_start,
        end=len(text),
        row_spans=[(r1, r1 + len(lines[2])), (r2, len(text))],
    )
    clauses = segment(text, "t", [table])
    _check_invariants(text, clauses)
    rows = [c for c in clauses if c.kind == "table"]
    assert [r.table.cells[0] for r in rows] == ["商水县", "西华县"]  # type: ignore[union-attr]
    assert rows[0].path == ["附件", "2024年重点任务分解表"]
    assert rows[0].table.title == "2024年重点任务分解表"  # type: ignore[union-attr]
    assert "商水县" in rows[0].text and "71" in rows[0].text
    assert coverage(text, clauses) == 1.0


@pytest.mark.parametrize("s,n", [("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("一百零五", 105), ("12", 12)])
def test_cn_to_int(s: str, n: int) -> None:
    assert cn_to_int(s) == n


@pytest.mark.parametrize(
    "path,number,ref",
    [
        (["三、重点任务", "（一）设施建设"], "6.", "三（一）6"),
        (["第一章 总则"], "第六条", "第一章第六条"),
        (["第一章 总则", "第六条"], "（二）", "第一章第六条（二）"),
        (["一、高位推动,凝聚工作合力"], "二是", "一·二是"),
        (["附件", "2024年重点任务分解表"], "", "附件"),
    ],
)
def test_citation(path: list[str], number: str, ref: str) -> None:
    assert citation(path, number) == ref


# --------------------------------------------------------------------------- property

_FRAGMENTS = [
    "一、", "二、", "三、", "（一）", "（二）", "(三)", "1.", "2.", "3、", "（1）", "(2)", "①", "②", "一是", "二是",
    "第一条", "第二条 ", "第一章", "第二章 ", "专栏1", "附件", "附件:", "2024.", "2024.4.9", "0.2平方米", "11.5.14的",
    "按照第十二条规定", "养老服务", "设施建设", "。", "，", "；", "：", "\n", "\n\n", " ", "\u3000", "责任单位", "（", "）",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60))
def test_segmenting_never_drops_or_duplicates_text(parts: list[str]) -> None:
    text = "".join(parts)
    clauses = segment(text, "p")
    _check_invariants(text, clauses)
    assert coverage(text, clauses) == 1.0


def test_empty_and_blank_text() -> None:
    assert segment("", "e") == []
    assert segment(" \n\u3000\n", "e") == []
    assert coverage("", []) == 1.0


def test_article_with_short_heading_and_headed_items() -> None:
    # 济南市2025年家电以旧换新补贴实施细则 (PDF): "第七条 销售企业参与流程", items "1.自愿报名" with the body below
    snippet = (
        "第七条 销售企业参与流程\n1.自愿报名\n参与企业自愿申报；区县（功能区）商务主管部门对报名企业进行初审。\n"
        "2.平台运作\n参与活动企业登录济南市“泉城购”服务平台。\n第八条 营造良好市场环境\n鼓励参与主体开设以旧换新专区。"
    )
    clauses = segment(snippet, "t")
    _check_invariants(snippet, clauses)
    assert [c.number for c in clauses] == ["第七条", "1.", "2.", "第八条"]
    assert [c.heading for c in clauses] == ["销售企业参与流程", "自愿报名", "平台运作", "营造良好市场环境"]
    assert clauses[1].text.endswith("进行初审。")
    assert clauses[1].path == ["第七条 销售企业参与流程"]
    assert clauses[3].text.endswith("专区。")


def test_long_sections_are_not_merged_into_one_clause() -> None:
    para = "综合实力稳步提升。生产总值6.66万亿元，财政总收入7019亿元。" * 12  # ~400 chars
    snippet = "（一）千方百计稳就业稳企业稳市场稳预期\n" + "\n".join([para] * 4)
    clauses = segment(snippet, "t")
    _check_invariants(snippet, clauses)
    assert clauses[0].number == "（一）" and len(clauses) >= 2
    assert all(len(c.text) <= 1000 for c in clauses)
    assert all(c.parent_id == clauses[0].id for c in clauses[1:])
