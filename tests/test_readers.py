"""Readers: encodings, HTML main text + gov.cn hints, docx (python-docx and the zip fallback), bad input,
and the whole readers -> clean -> tables -> simplified chain over every corpus file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import IngestError
from kb.ingest.clean import clean_text, to_simplified
from kb.ingest.mdfile import markdown_to_text
from kb.ingest.readers import read_document
from kb.ingest.tables import extract_tables
from kb.models import TABLE_END

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXTRA = Path("/work/shared/corpus-extra")
DATA = Path(__file__).resolve().parent / "data" / "readers"
SNIPPET = (DATA / "snippet_utf8.txt").read_text(encoding="utf-8")


def corpus_file(name: str) -> Path:
    for folder in (CORPUS, EXTRA):
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"{name} not available")


# --------------------------------------------------------------------------- text encodings


@pytest.mark.parametrize(
    "name",
    [
        "jiaozuo_reply_gbk.txt",
        "jiaozuo_reply_gb18030.txt",
        "jiaozuo_reply_utf16_bom.txt",
        "jiaozuo_reply_utf16le_nobom.txt",
        "jiaozuo_reply_utf8_bom.txt",
        "snippet_utf8.txt",
    ],
)
def test_text_encodings(name: str) -> None:
    raw = read_document(DATA / name)
    assert raw.format == "txt"
    assert raw.text == SNIPPET
    assert "尊敬的岳益民委员：" in raw.text


def test_seed_is_read_unchanged() -> None:
    path = CORPUS / "002_6826ce07d37866fe.txt"
    assert read_document(path).text == path.read_text(encoding="utf-8")


def test_markdown_syntax_removed() -> None:
    raw = read_document(DATA / "sample.md")
    assert raw.format == "md"
    lines = raw.text.split("\n")
    assert "标题" in lines and "第一章  总则" in lines
    assert "第一条 为了规范。" in lines
    assert "见附件。" in lines
    assert not any(ln.startswith("#") or "INFO END" in ln or "**" in ln for ln in lines)
    start = lines.index("[[TABLE 3]]")
    assert lines[start + 1 : start + 4] == ["轮次", "批次", "发放时间"]
    assert lines[start + 13] == TABLE_END


def test_markdown_real_law() -> None:
    text = read_document(corpus_file("shandong_province_yanglao_fuwu_tiaoli_2020.md")).text
    assert text.lstrip().startswith("山东省养老服务条例")
    assert "第一章  总则" in text and "<!--" not in text


def test_markdown_table_rule_only() -> None:
    assert markdown_to_text("|---|---|") == ""


# --------------------------------------------------------------------------- html


def test_govcn_page_hints_and_body() -> None:
    raw = read_document(corpus_file("national_guofa_2018_39_cujin_jiuye_ruogan_yijian.html"))
    h = raw.hints
    assert h.title == "国务院关于做好当前和今后一个时期促进就业工作的若干意见"
    assert h.issuer == "国务院"
    assert h.doc_number == "国发〔2018〕39号"
    assert h.date == "2018-11-16"
    assert h.published == "2018-12-05"
    lines = raw.text.split("\n")
    assert lines[0] == "国务院关于做好当前和今后一个时期"
    assert "（一）加大稳岗支持力度。" in raw.text
    assert lines[-3:] == ["国务院", "2018年11月16日", "（此件公开发布）"]
    for chrome in ("索 引 号", "主题分类", "扫一扫在手机打开当前页", "发文机关："):
        assert chrome not in raw.text


def test_govcn_page_second() -> None:
    raw = read_document(corpus_file("national_guobanfa_2019_3_chengzhen_xiaoqu_peitao_youeryuan_zhili_tongzhi.html"))
    assert raw.hints.doc_number == "国办发〔2019〕3号"
    assert raw.hints.issuer == "国务院办公厅"
    assert raw.hints.date == "2019-01-09"


def test_city_page_main_text_without_navigation() -> None:
    raw = read_document(corpus_file("guangdong_guangzhou_city_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html"))
    assert raw.hints.title == "广州市人民政府办公厅关于印发广州市居家社区养老服务管理办法的通知"
    assert raw.hints.published == "2022-09-16"
    lines = raw.text.split("\n")
    assert lines[0] == "穗府办规〔2022〕13号"
    assert "第五十二条 本办法自印发之日起施行，有效期5年。" in lines
    for nav in ("政务公开", "魅力广州", "当前位置", "市民网页", "无障碍", "分享到", "English"):
        assert nav not in raw.text


def test_reprint_page_hints() -> None:
    raw = read_document(corpus_file("guangdong_guangzhou_city_laonianren_zhucan_peican_fuwu_guanli_banfa_2024.html"))
    assert raw.hints.title.endswith("关于印发广州市老年人助餐配餐服务管理办法的通知")
    assert raw.hints.date == "2024-03-14"
    assert raw.hints.issuer is None  # 发布机构 is the district reprinting it, not the issuer
    assert raw.text.startswith("穗民规字〔2024〕3号")
    assert "第三十八条" in raw.text


def test_html_data_table_becomes_block(tmp_path: Path) -> None:
    html = (
        "<html><body><div class='nav'>首页 政务公开</div><div id='content'>"
        "<p>四、消费券发放轮次</p><p>本次消费券发放分为5轮，共计14批次。具体发放时间设置如下：</p>"
        "<table><tr><td>轮次</td><td>批次</td><td>发放时间</td></tr>"
        "<tr><td rowspan='2'>第一轮</td><td>批次1</td><td>7月19日10:00-7月27日23:59</td></tr>"
        "<tr><td>批次2</td><td>7月28日10:00-8月3日23:59</td></tr></table>"
        "<p>五、消费券领取及使用规则</p>" + "<p>此次消费券通过抖音APP发放，先到先得，领完即止。</p>" * 5 + "</div>"
        "<div class='footer'>版权所有</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    lines = read_document(path).text.split("\n")
    start = lines.index("[[TABLE 3]]")
    assert lines[start + 1 : start + 10] == [
        "轮次", "批次", "发放时间",
        "第一轮", "批次1", "7月19日10:00-7月27日23:59",
        "第一轮", "批次2", "7月28日10:00-8月3日23:59",
    ]
    assert "版权所有" not in lines and "首页 政务公开" not in lines


# --------------------------------------------------------------------------- docx


def test_docx_paragraphs_and_table_in_body_order() -> None:
    raw = read_document(corpus_file("shandong_jinan_city_2025_quanchenggou_xiaofeiquan_gonggao.docx"))
    assert raw.format == "docx" and not raw.warnings
    lines = [ln for ln in raw.text.split("\n") if ln.strip()]
    assert lines[0] == "2025年济南市“泉城购”零售、餐饮"
    i = lines.index("[[TABLE 3]]")
    assert lines[i - 1] == "本次消费券发放分为5轮，共计14批次。具体发放时间设置如下："
    assert lines[i + 1 : i + 7] == ["轮次", "批次", "发放时间", "第一轮", "批次1", "7月19日10:00-7月27日23:59"]
    assert lines[i + 1 + 15 * 3] == TABLE_END
    assert lines[i + 1 + 15 * 3 + 1] == "五、消费券领取及使用规则"


def test_docx_python_docx_refuses_falls_back_to_xml() -> None:
    raw = read_document(corpus_file("shandong_jinan_city_2025_qiche_xiaofei_butie_gonggao_brokenrel.docx"))
    assert raw.format == "docx"
    assert any("word/document.xml" in w for w in raw.warnings)
    lines = [ln for ln in raw.text.split("\n") if ln.strip()]
    assert lines[0] == "2025年政府汽车消费补贴活动公告"
    assert lines[-2:] == ["六、客服电话", "4006096588"]
    assert "（二）补贴申报资料" in lines


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("whitespace_only.txt", "no text"),
        ("png_named.txt", "binary file"),
        ("binary_nul.txt", "binary file"),
        ("undecodable.txt", "undecodable"),
        ("zip_of_something_else.docx", "not a Word document"),
        ("plain_text_named.docx", "not a zip"),
        ("table.xls", "unsupported file type"),
    ],
)
def test_bad_input_one_line_reason(name: str, reason: str) -> None:
    with pytest.raises(IngestError) as exc:
        read_document(DATA / name)
    msg = str(exc.value)
    assert msg.startswith(name + ":")
    assert reason in msg
    assert "\n" not in msg
    assert ";" in msg  # reason; next step


def test_file_over_max_bytes() -> None:
    path = CORPUS / "003_ac2c417f64737111.txt"
    with pytest.raises(IngestError, match=r"003_ac2c417f64737111\.txt: file too large .*KB_MAX_FILE_MB"):
        read_document(path, max_bytes=10_000)


def test_missing_file() -> None:
    with pytest.raises(IngestError, match="nothere.txt: cannot open"):
        read_document(DATA / "nothere.txt")


def test_corrupt_docx_zip(tmp_path: Path) -> None:
    good = corpus_file("shandong_jinan_city_2025_quanchenggou_xiaofeiquan_gonggao.docx").read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(IngestError) as exc:
        read_document(path)
    assert str(exc.value).startswith("truncated.docx:") and "\n" not in str(exc.value)


def test_pdf_is_dispatched_to_pdf_reader() -> None:
    raw = read_document(corpus_file("shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize.pdf"), ocr=False)
    assert raw.format == "pdf" and raw.pages
    assert "济商务字〔2025〕5" in raw.text.replace(" ", "")


# --------------------------------------------------------------------------- whole chain

SCANNED = "shandong_province_2025_shouji_pingban_shoubiao_gouxin_butie_shishi_xize.pdf"  # slow; kb.ingest.pdf tests it
ALL_FILES = sorted(
    {p.name: p for folder in (CORPUS, EXTRA) if folder.exists() for p in folder.iterdir()
     if p.suffix.lower() in (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
     and p.name not in ("SOURCES.md", SCANNED)}.values()
)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name[:50])
def test_chain_never_crashes(path: Path) -> None:
    try:
        raw = read_document(path, ocr=False)
    except IngestError as exc:  # only the scanned PDF may refuse, with a clear reason
        assert "scanned" in str(exc) and path.suffix == ".pdf"
        return
    cleaned = clean_text(raw.text)
    assert clean_text(cleaned) == cleaned
    text, blocks = extract_tables(cleaned)
    for b in blocks:
        for (s, e), row in zip(b.row_spans, b.rows):
            line = text[s:e]
            assert "\n" not in line and all(c in line for c in row if c)
    simp = to_simplified(text)
    assert len(simp) > 200
    assert "[[TABLE" not in text


def test_bytes_already_read_are_what_gets_parsed(tmp_path: Path) -> None:
    """The pipeline hashes a file's bytes and passes them on: the reader must parse those, not re-read the file
    (which may have changed in between, leaving a hash that does not describe the stored text)."""
    path = tmp_path / "notice.txt"
    path.write_text("一、旧的条款。", encoding="utf-8")
    hashed = "一、新的条款：每百户不低于30平方米。".encode("gb18030")
    assert "30平方米" in read_document(path, data=hashed).text
    assert "旧的条款" in read_document(path).text
