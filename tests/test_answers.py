"""Answers you can paste (issue 14): only clauses that answer are cited, documents ranked by how well they answer,
a summary table of the asked figures, the answering sentence and the question's words marked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.answers import Intent, Terms, intent_of, read_clause, sentence_spans, word_spans
from kb.models import Indicator, Responsibility

# real clauses, copied from corpus/
WEIHAI_15 = "第十五条 新建、改建、扩建住宅小区应当符合国家无障碍设施工程建设标准。"
WEIHAI_14 = ("第十四条 城镇新建生活区应当按照每百户不少于二十平方米的标准配套建设社区居家养老服务用房。"
             "社区居家养老服务用房应当与住宅同步规划、同步建设、同步验收、同步交付使用。")
JIAOZUO = ("加强养老护理专业学科建设，市人社局将养老服务人才培养纳入全市职业教育体系。加强人才政策激励，出台养老护理员"
           "补贴政策，根据初级、中级、高级职业等级分别享受每人每月50元、100元、150元的岗位补贴。")
ESTATE = Terms({"新建": 2.0, "小区": 2.0, "配建": 3.0},
               {"小区": [["居住区"], ["住宅小区"]], "配建": [["配套建设"], ["同步建设"]]})


def _figure(text: str, raw: str, unit: str) -> Indicator:
    start = text.index(raw)
    return Indicator(clause_id="c", value=1.0, unit=unit, raw=raw, start=start, end=start + len(raw))


def test_sentence_spans_cover_each_sentence():
    spans = sentence_spans(WEIHAI_14)
    assert [WEIHAI_14[s:e] for s, e in spans][0].endswith("用房。") and len(spans) == 2


@pytest.mark.parametrize("question, quantity, units", [
    ("新建小区配建标准", True, ()), ("护理员补贴多少", True, ("元",)), ("医养结合", False, ()),
    ("老年人就餐补贴标准", True, ("元",)),
])
def test_intent_of_reads_what_is_asked(question, quantity, units):
    intent = intent_of(question)
    assert intent.quantity is quantity and set(units) <= set(intent.figure_units)


def test_intent_of_names_known_units_longest_first():
    assert intent_of("哪些任务由市民政局牵头", ["民政局", "市民政局", "省民政厅"]) == Intent(units=("市民政局",), lead=True)


def test_a_clause_sharing_words_without_a_figure_does_not_answer():
    """威海 第十五条 (无障碍) shares 新建, 小区, 标准 with 新建小区配建标准 but states no figure and not 配建."""
    intent = intent_of("新建小区配建标准")
    assert not read_clause("15", WEIHAI_15, [], [], ESTATE, intent).answers
    fig = _figure(WEIHAI_14, "二十平方米", "平方米")
    reading = read_clause("14", WEIHAI_14, [fig], [], ESTATE, intent)
    assert reading.answers and WEIHAI_14[reading.start:reading.end].startswith("第十四条")


def test_the_answering_sentence_of_a_long_clause_is_the_one_with_the_amount():
    terms = Terms({"护理员": 3.0, "补贴": 2.0}, {"补贴": [["补助"], ["津贴"]]})
    figs = [_figure(JIAOZUO, raw, "元") for raw in ("50元", "100元", "150元")]
    reading = read_clause("j", JIAOZUO, figs, [], terms, intent_of("护理员补贴多少"))
    assert reading.answers and JIAOZUO[reading.start:reading.end].startswith("加强人才政策激励")
    assert len(reading.figures) == 3
    # a count of trainees is not an amount of money
    other = "全年培训养老服务护理员1800余人次，落实护理员补贴。"
    assert not read_clause("o", other, [_figure(other, "1800余人次", "人次")], [], terms, intent_of("护理员补贴多少")).answers


def test_a_named_unit_answers_by_its_records():
    text = "2.编制市、县两级养老服务设施专项规划。（责任单位：市民政局、市自然资源和规划局）"
    duty = Responsibility(clause_id="z", unit="市民政局", role="co", raw="市民政局", start=22, end=26)
    intent = intent_of("哪些任务由市民政局牵头", ["市民政局"])
    assert read_clause("z", text, [], [duty], Terms({"任务": 1.0}), intent).answers
    assert not read_clause("z", text, [], [], Terms({"任务": 1.0}), intent).answers


def test_word_spans_mark_longest_words_without_overlap():
    assert word_spans("养老护理员补贴", ["护理员", "护理", "补贴"]) == [(2, 5), (5, 7)]


# ------------------------------------------------------------------ on the real corpus index


@pytest.fixture(scope="module")
def kb(request):
    from kb.search import KnowledgeBase

    index = os.environ.get("KB_TEST_INDEX")
    return KnowledgeBase.open(Path(index) if index else request.getfixturevalue("built_index")[0])


def _cited(answer) -> dict[str, list[str]]:
    return {i.document.region + i.document.title: [c.text for c in i.clauses] for i in answer.items if i.direct}


def test_issue14_no_wrong_citations_for_new_estate_standard(kb):
    answer = kb.ask("新建小区配建标准")
    cited = [t for texts in _cited(answer).values() for t in texts]
    assert not any("无障碍设施工程建设标准" in t for t in cited), "威海 第十五条 / 山东 第二十条 cited"
    weihai = next(i for i in answer.items if i.document.region == "威海市")
    assert [c.text[:4] for c in weihai.clauses] == ["第十四条"]
    shandong = next(i for i in answer.items if i.document.region == "山东省")
    assert [c.text[:4] for c in shandong.clauses] == ["第十一条"]
    rows = {(r.region, i.raw) for r in answer.summary for i in r.indicators}
    assert {("周口市", "30平方米"), ("焦作市", "50平方米"), ("青岛市", "二十平方米"), ("山东省", "二十平方米")} <= rows
    directs = [i.direct for i in answer.items]
    assert directs == sorted(directs, reverse=True)  # the documents that answer come first


def test_issue14_nurse_subsidy_answer_leads_with_jiaozuo_amount(kb):
    answer = kb.ask("护理员补贴多少")
    first = answer.items[0]
    assert first.document.region == "焦作市" and first.direct, [i.document.region for i in answer.items]
    passage = first.passages[0]
    clause = first.clauses[0]
    assert "150元" in clause.text[passage.start:passage.end] and passage.end - passage.start < 120
    amounts = {i.raw for r in answer.summary for i in r.indicators if r.region == "焦作市"}
    assert {"50元", "100元", "150元"} <= amounts
    assert all(i.unit.endswith("元") for r in answer.summary for i in r.indicators)
    assert "护理员" in answer.terms and "补贴" in answer.terms


def test_issue14_unit_question_cites_that_units_tasks(kb):
    answer = kb.ask("哪些任务由市民政局牵头")
    first = answer.items[0]
    assert first.direct and all("市民政局" in c.text for c in first.clauses)
    assert not any("省发展改革委牵头" in c.text for c in first.clauses)


def test_issue14_level_is_a_label_not_the_order(kb):
    """A city that states the figure outranks a province that only refers to its rules (浙江 第十四条)."""
    answer = kb.ask("新建小区配建标准")
    zhejiang = next(i for i in answer.items if i.document.title.startswith("浙江省社会养老服务促进条例"))
    assert not zhejiang.direct
    assert answer.items.index(zhejiang) > max(n for n, i in enumerate(answer.items) if i.direct)


def test_issue14_empty_question_is_not_answered(kb):
    answer = kb.ask("   ")
    assert not answer.found and not answer.items and "问题是空的" in answer.message


def test_issue14_cli_ask_empty_question_fails_in_chinese(tmp_path, capsys):
    from kb.cli import main

    assert main(["ask", "  ", "--index", str(tmp_path / "none")]) != 0
    assert "问题是空的" in capsys.readouterr().err


def test_issue14_cli_ask_prints_summary_and_the_answering_sentence(kb, capsys):
    from kb.cli import main

    assert main(["ask", "护理员补贴多少", "--index", str(kb.index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("地区\t文件\t标准/数额\t条款") and "每人每月150元" in out.splitlines()[1]
    jiaozuo = out.split("■")[1]
    assert "…加强人才政策激励" in jiaozuo and "怀川护工" not in jiaozuo  # the sentence, not the 600-character clause


def test_issue14_page_shows_summary_table_sentence_and_words(kb):
    from kb.app.render import render_answer

    page = render_answer(kb.ask("护理员补贴多少"))
    table = page[page.index('<table class="kb-table kb-sumtable">'):page.index("</table>")]
    assert "<th>标准/数额</th>" in table and "每人每月150元" in table and "焦作市" in table
    first = page[page.index('<div class="kb-card"'):]
    assert '<span class="kb-hit">' in first and '<b class="kb-q">护理员</b>' in first
    assert '<span class="kb-level kb-level-city">市级</span>' in first
    assert "以下文件与问题相关，但没有写明所问的数额或单位" in page


def test_terms_mark_synonyms_by_their_longest_token():
    terms = Terms({"护理员": 1.0, "补贴": 1.0}, {"护理员": [["养老", "护理", "护理员"], ["护理", "人员", "护理人员"]]})
    assert set(terms.words()) == {"护理员", "补贴", "护理人员"}
