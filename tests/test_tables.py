"""Flattened tables (seed 002's indicator tables, seed 003's task table) and reader TABLE blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.clean import clean_text, to_simplified
from kb.ingest.readers import read_document
from kb.ingest.tables import extract_tables, is_numeric_cell, mark_flat_tables, render_row
from kb.models import TableBlock

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def load(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def rows_text(text: str, block: TableBlock) -> list[str]:
    return [text[s:e] for s, e in block.row_spans]


def check_spans(text: str, blocks: list[TableBlock]) -> None:
    for b in blocks:
        assert len(b.row_spans) == len(b.rows)
        assert b.start <= b.row_spans[0][0] and b.end == b.row_spans[-1][1]
        if b.title:
            assert text[b.start : b.start + len(b.title)] == b.title
        for (s, e), row in zip(b.row_spans, b.rows):
            line = text[s:e]
            assert line == render_row(b.header, row)
            assert (s == 0 or text[s - 1] == "\n") and (e == len(text) or text[e] == "\n")


@pytest.fixture(scope="module")
def seed002() -> tuple[str, list[TableBlock]]:
    return extract_tables(clean_text(load("002_6826ce07d37866fe.txt")))


@pytest.fixture(scope="module")
def seed003() -> tuple[str, list[TableBlock]]:
    return extract_tables(clean_text(load("003_ac2c417f64737111.txt")))


def test_seed002_two_indicator_tables(seed002: tuple[str, list[TableBlock]]) -> None:
    text, blocks = seed002
    check_spans(text, blocks)
    assert [b.title for b in blocks] == ["十三五期间主要指标完成情况", "十四五时期浙江省养老服务主要发展指标"]
    assert blocks[0].header == ["序号", "指标", "2015年", "2020年目标值", "2020年完成情况"]
    assert blocks[1].header == ["序号", "指标", "2020完成值", "2022目标值", "2025目标值"]
    assert [len(b.rows) for b in blocks] == [6, 8]
    assert rows_text(text, blocks[0])[0] == (
        "序号：1；指标：每千名老年人拥有社会养老床位（张）；2015年：48.6；2020年目标值：50；2020年完成情况：55"
    )
    # an empty cell (the 2020 value of row 6) is left out, not shifted into the next column
    assert rows_text(text, blocks[1])[5] == "序号：6；指标：每万老年人口拥有社会工作者数（人）；2022目标值：20；2025目标值：25"
    assert rows_text(text, blocks[1])[7] == "序号：8；指标：市、县（市）康复辅具适配服务平台数；2022目标值：10；2025目标值：20"


def test_seed002_text_around_tables_kept(seed002: tuple[str, list[TableBlock]]) -> None:
    text, blocks = seed002
    lines = text.split("\n")
    i = lines.index("十三五期间主要指标完成情况")
    assert lines[i - 1].startswith("十三五期间，全省深入贯彻落实")
    assert lines[i + 7] == "（二）发展背景"
    assert "专栏1 “海岛支老、一起安好”行动（简称“支老行动”）" in lines  # one-cell boxes are not tables
    assert len(blocks) == 2


def test_seed003_task_table(seed003: tuple[str, list[TableBlock]]) -> None:
    text, blocks = seed003
    check_spans(text, blocks)
    assert len(blocks) == 1
    b = blocks[0]
    assert b.title == "2024年重点任务分解表"
    assert b.header == [
        "县（市、区）",
        "老年助餐场所（个）",
        "特殊困难老年人家庭适老化改造（户）",
        "乡镇敬老院转型区域养老服务中心（所）",
        "村级标准化养老服务站点（个）",
        "养老服务人才培训（人次）",
    ]
    assert [r[0] for r in b.rows] == [
        "商水县", "西华县", "沈丘县", "扶沟县", "太康县", "郸城县", "项城市", "鹿邑县",
        "川汇区", "淮阳区", "市城乡一体化示范区", "黄泛区农场", "合计",
    ]
    first = rows_text(text, b)[0]
    assert first.startswith("县（市、区）：商水县；老年助餐场所（个）：71；")
    assert first.endswith("养老服务人才培训（人次）：534")
    assert rows_text(text, b)[-1].startswith("县（市、区）：合计；老年助餐场所（个）：700；特殊困难老年人家庭适老化改造（户）：8890")
    assert "乡镇敬老院转型区域养老服务中心（所）：/" in rows_text(text, b)[8]  # 川汇区 keeps its "/"


def test_seed003_question_finds_the_row(seed003: tuple[str, list[TableBlock]]) -> None:
    text, blocks = seed003
    simp = to_simplified(text)
    hits = [ln for ln in simp.split("\n") if all(w in ln for w in ("商水县", "老年助餐场所", "71"))]
    assert len(hits) == 1
    assert "老年助餐场所（个）：71" in hits[0]


def test_seed003_text_before_table_kept(seed003: tuple[str, list[TableBlock]]) -> None:
    text, _ = seed003
    lines = text.split("\n")
    i = lines.index("2024年重点任务分解表")
    assert lines[i - 2 : i] == ["附件：2024年重点任务分解表", "附件"]
    assert lines[i + 1].startswith("县（市、区）：商水县")


@pytest.mark.parametrize("name", ["002_6826ce07d37866fe.txt", "003_ac2c417f64737111.txt"])
def test_raw_text_tables_found_too(name: str) -> None:
    text, blocks = extract_tables(load(name))
    check_spans(text, blocks)
    assert len(blocks) == (2 if name.startswith("002") else 1)


def test_docx_table_block() -> None:
    raw = read_document(CORPUS / "shandong_jinan_city_2025_quanchenggou_xiaofeiquan_gonggao.docx")
    text, blocks = extract_tables(clean_text(raw.text))
    check_spans(text, blocks)
    assert len(blocks) == 1
    b = blocks[0]
    assert b.title == ""  # the line before ends with "：", it introduces the table but is no title
    assert b.header == ["轮次", "批次", "发放时间"]
    assert len(b.rows) == 14
    assert rows_text(text, b)[4] == "轮次：第二轮；批次：批次3；发放时间：8月18日10:00-8月31日23:59"


def test_reader_block_with_title_and_repeated_header() -> None:
    text = "\n".join(
        [
            "附表",
            "2025年补贴标准表",
            "[[TABLE 3]]",
            "类别", "能效等级", "补贴比例",
            "电冰箱", "1级", "20%",
            "类别", "能效等级", "补贴比例",  # header repeated after a PDF page break
            "洗衣机", "", "15%",
            "[[/TABLE]]",
            "三、保障措施",
        ]
    )
    new, blocks = extract_tables(text)
    check_spans(new, blocks)
    assert new.split("\n") == [
        "附表",
        "2025年补贴标准表",
        "类别：电冰箱；能效等级：1级；补贴比例：20%",
        "类别：洗衣机；补贴比例：15%",
        "三、保障措施",
    ]
    assert blocks[0].title == "2025年补贴标准表"
    assert blocks[0].start == new.index("2025年补贴标准表")


def test_one_column_block_is_plain_text() -> None:
    new, blocks = extract_tables("前文\n[[TABLE 1]]\n专栏1 康养联合体\n依托养老或康复机构整合资源。\n[[/TABLE]]\n后文")
    assert blocks == []
    assert new.split("\n") == ["前文", "专栏1 康养联合体", "依托养老或康复机构整合资源。", "后文"]


# --------------------------------------------------------------------------- negatives

NO_TABLES = [
    "000_f4a8eb3875f75941.txt",
    "001_4b3757ccbb240fc5.txt",
    "004_1d889c251517f314.txt",
    "henan_province_laonianren_quanyi_baozhang_tiaoli_2018.md",
    "shandong_dezhou_city_yanglao_fuwu_tiaoli_2019.md",
    "shandong_province_yanglao_fuwu_tiaoli_2020.md",
    "shandong_qingdao_city_yanglao_fuwu_cujin_tiaoli_2018.md",
    "zhejiang_shaoxing_city_jujia_yanglao_fuwu_tiaoli_2021.md",
    "national_guofa_2018_39_cujin_jiuye_ruogan_yijian.html",
    "guangdong_guangzhou_city_laonianren_zhucan_peican_fuwu_guanli_banfa_2024.html",
    "shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize.pdf",
]


@pytest.mark.parametrize("name", NO_TABLES)
def test_no_tables_in_ordinary_documents(name: str) -> None:
    cleaned = clean_text(read_document(CORPUS / name, ocr=False).text)
    new, blocks = extract_tables(cleaned)
    assert blocks == []
    assert new == cleaned


@pytest.mark.parametrize(
    "text",
    [
        # a signature block and headings: short lines, no numeric column
        "浙江省民政厅\n2021年4月2日\n浙江省养老服务发展十四五规划\n一、发展基础与背景\n（一）发展基础\n附件：\n省级有关单位名单.doc",
        # 附件 list with numbers inside sentences
        "附件：\n1.申请表\n2.承诺书\n3.名单\n济南市商务局\n2025年1月20日\n（此件公开发布）\n抄送：市财政局\n印发",
        # report headings with figures, one per line
        "各位代表！\n综合实力稳步提升\n生产总值6.66万亿元\n财政总收入7019亿元\n常住人口城镇化率60%\n下一步\n感谢",
        # dates and times on their own lines
        "2023-05-18 14:48:27\n来源\n2024\n2025\n2026\n完成\n目标\n合计\n说明",
    ],
)
def test_short_lines_are_not_tables(text: str) -> None:
    assert mark_flat_tables(text) == text
    assert extract_tables(text) == (text, [])


@pytest.mark.parametrize(
    ("cell", "numeric"),
    [("71", True), ("48.6", True), ("1,169", True), ("53%", True), ("/", False), ("2015年", False), ("", False)],
)
def test_is_numeric_cell(cell: str, numeric: bool) -> None:
    assert is_numeric_cell(cell) is numeric
