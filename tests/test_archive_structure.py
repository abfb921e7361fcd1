"""Structure and metadata of laws, regulations and gov.cn pages (issue 15), on real snippets of ../shared/archive,
plus the lead-sentence paragraphs of seed 002 (issue 11, item 4).

The snippets are copied from the archive files named in each test; four whole files live in tests/data/archive/.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kb.ingest.clean import clean_text, to_simplified
from kb.ingest.meta import extract_metadata
from kb.ingest.readers import html_hints, markdown_hints, markdown_to_text
from kb.ingest.segment import citation, segment
from kb.models import Clause, DocHints

DATA = Path(__file__).resolve().parent / "data" / "archive"
ROOT = Path(__file__).resolve().parent.parent


def _markdown(raw: str) -> str:
    """A markdown source through the reader's and cleaner's steps, as the pipeline runs them."""
    return to_simplified(clean_text(markdown_to_text(raw)))


def _by_number(clauses: list[Clause]) -> dict[str, Clause]:
    return {c.number: c for c in clauses if c.number}


# national-laws/minfadian/0004_0504680e.md (民法典 婚姻家庭编), first articles.
MINFADIAN_5 = """# 中华人民共和国民法典

# 婚姻家庭编

2020年5月28日 第十三届全国人民代表大会第三次会议通过

<!-- INFO END -->

## 第一章  一般规定

第一千零四十条 本编调整因婚姻家庭产生的民事关系。

第一千零四十一条 婚姻家庭受国家保护。

实行婚姻自由、一夫一妻、男女平等的婚姻制度。

保护妇女、未成年人、老年人、残疾人的合法权益。

第一千零四十二条 禁止包办、买卖婚姻和其他干涉婚姻自由的行为。禁止借婚姻索取财物。
"""


def test_issue15_article_numbers_with_qian() -> None:
    text = _markdown(MINFADIAN_5)
    clauses = _by_number(segment(text, "mfd"))
    art = clauses["第一千零四十一条"]
    assert art.path == ["婚姻家庭编", "第一章 一般规定"]  # the book of the code, then the chapter
    assert art.text.startswith("第一千零四十一条 婚姻家庭受国家保护。")
    assert art.text.endswith("残疾人的合法权益。")  # its paragraphs (款) stay with it
    assert "第一千零四十二条" in clauses and "第一千零四十条" in clauses
    assert citation(art.path, art.number) == "第一章第一千零四十一条"


def test_issue15_markdown_title_line_and_history() -> None:
    meta = extract_metadata(_markdown(MINFADIAN_5), markdown_hints(MINFADIAN_5), "0004_0504680e.md")
    assert (meta.title, meta.issuer, meta.date, meta.level, meta.region) == (
        "中华人民共和国民法典", "全国人民代表大会", "2020-05-28", "national", "全国"
    )


# national-laws/xingfa/0001_bd8528ce.md (刑法): an article an amendment inserted, and a reference to it.
XINGFA = """## 第一节 犯罪和刑事责任

第十七条 已满十六周岁的人犯罪，应当负刑事责任。

第十七条之一 已满七十五周岁的人故意犯罪的，可以从轻或者减轻处罚；过失犯罪的，应当从轻或者减轻处罚。

第十八条 精神病人在不能辨认或者不能控制自己行为的时候造成危害结果，经法定程序鉴定确认的，不负刑事责任。依照本法第十七条之一的规定处理。
"""


def test_issue15_article_zhiyi_is_its_own_article() -> None:
    clauses = segment(_markdown(XINGFA), "xf")
    numbers = [c.number for c in clauses]
    assert numbers == ["第一节", "第十七条", "第十七条之一", "第十八条"]  # the reference inside 第十八条 stays text
    assert clauses[2].path == ["第一节 犯罪和刑事责任"]
    assert citation(clauses[2].path, clauses[2].number) == "第一节第十七条之一"


def test_issue15_contents_block_is_one_clause_outside_paths() -> None:
    """北京市献血条例 lists its six chapters before the body: one 目录 clause, never six chapter clauses."""
    raw = (DATA / "local-regulations" / "beijing" / "0153_bc87eca3.md").read_text(encoding="utf-8")
    clauses = segment(_markdown(raw), "bj")
    toc = [c for c in clauses if c.heading == "目录"]
    assert len(toc) == 1 and toc[0].text.startswith("第一章 总") and toc[0].text.endswith("第六章 附则")
    chapters = [c for c in clauses if c.number == "第一章"]
    assert len(chapters) == 1
    first = _by_number(clauses)["第一条"]
    assert first.path == ["第一章 总则"] and first.parent_id == chapters[0].id


def test_issue15_numbered_headings_rank_above_articles() -> None:
    """A judicial interpretation's "一、一般规定" headings hold articles; they are not items inside one."""
    raw = (DATA / "national-laws" / "sifa-jieshi" / "0381_5b98dc8a.md").read_text(encoding="utf-8")
    clauses = _by_number(segment(_markdown(raw), "js"))
    assert clauses["第四条"].path == ["一、一般规定"]
    assert clauses["第五条"].path == ["二、普通代表人诉讼"]
    meta = extract_metadata(_markdown(raw), markdown_hints(raw), "0381_5b98dc8a.md")
    assert (meta.title, meta.issuer, meta.date, meta.effective, meta.level) == (
        "最高人民法院关于证券纠纷代表人诉讼若干问题的规定", "最高人民法院", "2020-07-23", "2020-07-31", "national"
    )


# The history lines of three archive files: the version date is the latest, the decree names the issuer.
HISTORY = [
    (  # national-laws/xingzheng-fagui/0210_0127cecf.md
        "# 国务院关于经营者集中申报标准的规定\n\n2008年8月3日 中华人民共和国国务院令第529号公布\n\n"
        "2018年9月18日 《国务院关于修改部分行政法规的决定》第一次修订　\n\n"
        "2024年1月22日 中华人民共和国国务院令第773号第二次修订）\n\n<!-- INFO END -->\n\n第一条 为了明确经营者集中的申报标准，制定本规定。\n",
        ("国务院", "2024-01-22", "2008-08-03", "国务院令第773号", "national", ""),
    ),
    (  # national-laws/xingzheng-fagui/0017_bf246d07.md
        "# 中国人民解放军文职人员条例\n\n2005年6月23日 中华人民共和国国务院、中华人民共和国中央军事委员会令第438号公布\n\n"
        "2017年9月27日 中华人民共和国国务院、中华人民共和国中央军事委员会令第689号修订　\n\n<!-- INFO END -->\n\n"
        "## 第一章 总则\n\n第一条 为了规范文职人员管理，保障文职人员合法权益，制定本条例。\n",
        ("国务院、中央军事委员会", "2017-09-27", "2005-06-23", "国务院、中央军事委员会令第689号", "national", ""),
    ),
    (  # local-regulations/chongqing/0026_634c77b0.md (history shortened to two lines)
        "# 重庆市各级人民代表大会常务委员会人事任免工作条例\n\n1997年10月17日 重庆市第一届人民代表大会常务委员会第四次会议通过\n\n"
        "2022年6月10日 重庆市第五届人民代表大会常务委员会第三十四次会议《关于修改〈重庆市各级人民代表大会常务委员会人事任免工作条例〉的决定》第三次修正\n\n"
        "<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了保障本市各级人民代表大会常务委员会行使任免权，制定本条例。\n",
        ("重庆市人民代表大会常务委员会", "2022-06-10", "", "", "province", "重庆市"),
    ),
]


@pytest.mark.parametrize("raw,expected", HISTORY, ids=["decree", "two-issuers", "local"])
def test_issue15_history_lines(raw: str, expected: tuple) -> None:
    m = extract_metadata(_markdown(raw), markdown_hints(raw), "x.md")
    assert (m.issuer, m.date, m.published, m.doc_number, m.level, m.province) == expected


def test_issue15_govcn_metadata_table() -> None:
    from bs4 import BeautifulSoup

    raw = (DATA / "govcn" / "govcn_24_guobanhan_2004_36.html").read_bytes()
    hints = html_hints(BeautifulSoup(raw, "lxml"))
    assert hints == DocHints(
        title="国务院办公厅关于同意以哈尔滨市名义申办2009年第二十四届世界大学生冬季运动会的复函",
        issuer="国务院办公厅", doc_number="国办函〔2004〕36号", date="2004-04-17", published="2018-12-24",
        index_number="000014349/2004-00206",
    )


def test_issue15_decree_number_from_table() -> None:
    """govcn_33_guoling_707.html: a 国令 number has no year brackets and is kept as the table gives it."""
    hints = DocHints(title="中华人民共和国个人所得税法实施条例", issuer="国务院", doc_number="国令第707号", date="2018-12-18")
    m = extract_metadata("第一条 根据《中华人民共和国个人所得税法》，制定本条例。", hints, "govcn_33_guoling_707.html")
    assert (m.doc_number, m.issuer, m.level, m.doc_type) == ("国令第707号", "国务院", "national", "条例")


def test_issue15_numbered_line_with_a_chrome_word_is_kept() -> None:
    """national-laws/xingzheng-fagui/0140_c8c1df6a.md: 营业执照 once made this article look like site chrome."""
    raw = "第二十六条 提交虚假材料取得农民专业合作社登记的，由登记机关责令改正。\n\n第二十七条 农民专业合作社有下列行为之一的，由登记机关责令改正；情节严重的，吊销营业执照：\n\n(一)登记事项发生变更，未申请变更登记的；\n"
    numbers = [c.number for c in segment(_markdown(raw), "x")]
    assert numbers == ["第二十六条", "第二十七条", "（一）"]


def test_issue15_check_archive_reports_nothing_on_the_committed_files() -> None:
    spec = importlib.util.spec_from_file_location("check_archive", ROOT / "scripts" / "check_archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    files = sorted(p for p in DATA.rglob("*") if p.suffix in (".md", ".html") and p.name != "README.md")
    results = [module.check_file(p) for p in files]
    assert len(results) == 4 and sum(r["articles"] for r in results) >= 50
    assert [r["problems"] for r in results] == [[]] * 4


# --------------------------------------------------------------------------- lead sentences (issue 11, item 4)

# seed 002 (浙江省养老服务发展“十四五”规划), 三、主要任务 （五）, paragraphs shortened after their lead sentence.
SEED_002 = """三、主要任务
（五）深化养老服务三大改革
推进财政补助方式改革。财政补助方式从补供方转向补需方，整合养老机构床位建设补助、运营补助。
推进公办养老机构改革。推动国企化改制和公建民营。鼓励市县社会福利中心和敬老院改制为国企。
推进认知障碍专业照护改革。加大认知障碍照护供给，认知障碍照护从分散转向集中。
"""


def test_issue11_lead_sentence_paragraphs_are_clauses() -> None:
    clauses = segment(SEED_002, "002")
    reforms = [c for c in clauses if c.heading.startswith("推进")]
    assert [c.heading for c in reforms] == ["推进财政补助方式改革", "推进公办养老机构改革", "推进认知障碍专业照护改革"]
    assert all(c.path == ["三、主要任务", "（五）深化养老服务三大改革"] for c in reforms)
    assert reforms[1].text == "推进公办养老机构改革。推动国企化改制和公建民营。鼓励市县社会福利中心和敬老院改制为国企。"


def test_issue11_body_without_lead_sentence_stays_with_its_heading() -> None:
    """national_guofa_2018_39: a heading line's body whose first sentence is long is the heading's text."""
    text = "（一）加大稳岗支持力度。\n对不裁员或少裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。"
    assert [c.text for c in segment(text, "39")] == [text]


def test_issue11_paragraphs_of_an_article_stay_with_it() -> None:
    text = "第三条 本市依法实行无偿献血制度。\n本市献血工作坚持个人自愿原则。强化单位动员组织作用。"
    assert [c.number for c in segment(text, "bj")] == ["第三条"]
