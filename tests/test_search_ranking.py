"""Ranking that answers and near-duplicate grouping (issue 16), on real clauses of corpus/ and the archive."""

from __future__ import annotations

import pytest

from kb.answers import Intent, answer_fit, intent_of
from kb.index.groups import GROUP_JACCARD, group_near_duplicates, jaccard, shingles
from kb.models import Indicator, Responsibility

# 烈士褒扬条例, 2019 and 2024 versions (../shared/archive/national-laws/xingzheng-fagui/0504_…, 0505_…)
OLD_26 = ("第二十六条 按照国家有关规定修建的烈士陵园、纪念堂馆、纪念碑亭、纪念塔祠、纪念塑像、烈士骨灰堂、烈士墓等烈士纪念设施，"
          "受法律保护。")
NEW_32 = ("第三十二条 按照国家有关规定修建的烈士陵园、纪念堂馆、纪念碑亭、纪念塔祠、纪念塑像、纪念广场和烈士骨灰堂、烈士墓、"
          "烈士英名墙等烈士纪念设施，受法律保护。")
OLD_6 = "第六条 国务院退役军人事务部门负责全国的烈士褒扬工作。县级以上地方人民政府退役军人事务部门负责本行政区域的烈士褒扬工作。"
NEW_6 = "第六条 国务院退役军人工作主管部门负责全国的烈士褒扬工作。县级以上地方人民政府退役军人工作主管部门负责本行政区域的烈士褒扬工作。"
# same topic, reworded: a different answer, not a copy
OLD_32 = "第三十二条 在烈士纪念设施保护范围内不得从事与纪念烈士无关的活动。禁止以任何方式破坏、污损烈士纪念设施。"
NEW_43 = ("第四十三条 任何组织和个人不得在烈士纪念设施保护范围内从事与纪念烈士无关或者有损烈士形象、有损纪念烈士环境和氛围的"
          "活动。")


def test_groups_shingles_ignore_the_article_number() -> None:
    assert shingles("第七十五条 本条例自2020年5月1日起施行。") == shingles("第六十五条　本条例自2020年5月1日起施行")
    assert shingles("（三）") == frozenset()


@pytest.mark.parametrize("a, b", [(OLD_26, NEW_32), (OLD_6, NEW_6)])
def test_groups_two_versions_of_an_article_are_near_duplicates(a: str, b: str) -> None:
    assert jaccard(shingles(a), shingles(b)) >= GROUP_JACCARD


def test_groups_a_reworded_article_on_the_same_topic_is_not() -> None:
    assert jaccard(shingles(OLD_32), shingles(NEW_43)) < GROUP_JACCARD


def test_groups_keep_rank_order_and_lead_with_the_best() -> None:
    ranked = [NEW_32, OLD_32, OLD_26, NEW_43, NEW_6, OLD_6]
    assert group_near_duplicates(ranked) == [[0, 2], [1], [3], [4, 5]]
    assert group_near_duplicates(ranked, 1.01) == [[i] for i in range(6)]


# (question, what it asks) — the asks search lifts clauses for
@pytest.mark.parametrize("question, asks", [
    ("老年人就餐补贴标准", {"quantity"}),
    ("子女能不能拒绝赡养老人", {"permission"}),
    ("养老机构由哪个部门管", {"duty"}),
    ("医养结合", set()),
])
def test_answers_intent_names_the_ask(question: str, asks: set[str]) -> None:
    intent = intent_of(question)
    assert {a for a in ("quantity", "permission", "duty") if getattr(intent, a)} == asks


def _figure(value: float, unit: str) -> Indicator:
    return Indicator(clause_id="c", value=value, unit=unit, raw=f"{value:g}{unit}", start=0, end=3)


def test_answers_fit_a_figure_of_the_asked_kind() -> None:
    """广州 助餐配餐 办法 第二十六条 states the 补贴 in 元; its 第二十五条 names the 补贴 without a figure."""
    intent = intent_of("老年人就餐补贴标准")
    stated = "补贴标准为每人每次就餐费用的四分之一，最高不超过3元。"
    assert answer_fit(intent, stated, [_figure(3, "元")], []) == 1.0
    assert answer_fit(intent, "市级老年人助餐配餐服务补贴包括就餐补贴、送餐补贴、运营补贴。", [], []) == 0.0
    assert answer_fit(intent, "食品处理区的面积不小于30㎡", [_figure(30, "㎡")], []) == 0.0  # a figure, not in 元


def test_answers_fit_a_ruling_and_a_duty() -> None:
    """河南省老年人权益保障条例 rules 老年人有权拒绝; 广州 办法 第四条 assigns the 民政部门 their duty."""
    assert answer_fit(intent_of("老人能不能拒绝给成年子女钱"), "有独立生活能力的成年子女或者其他亲属要求老年人经济资助的，"
                      "老年人有权拒绝。", [], []) == 1.0
    assert answer_fit(intent_of("老人能不能拒绝给成年子女钱"), "赡养人应当履行对老年人经济上供养的义务。", [], []) == 0.0
    duty = Responsibility(clause_id="c", unit="民政部门", role="duty", raw="市、区民政部门", start=0, end=7)
    text = "市、区民政部门负责辖区内老年人助餐配餐服务的统筹规划、政策指导、监督管理及资金管理等工作。"
    assert answer_fit(intent_of("长者饭堂谁负责管理"), text, [], [duty]) == 1.0
    assert answer_fit(intent_of("长者饭堂谁负责管理"), "长者饭堂应当具备集中就餐和送餐上门服务功能。", [], []) == 0.0
    assert answer_fit(Intent(), text, [], [duty]) == 0.0


def test_restricted_ranking_drops_other_documents_and_keeps_order() -> None:
    from kb.index.retrieval import Ranked

    ranked = Ranked({"bm25": ["a:1", "b:1", "a:2", "a:3"], "dense": ["b:2", "a:2"]}, 0.9,
                    {"a:2": {"cosine": 0.9}, "b:2": {"cosine": 0.8}}, {"a:1": 1.0, "b:1": 0.5, "a:2": 0.4},
                    {"b:1": 1.0, "a:3": 1.0})
    kept = ranked.restricted(lambda cid: cid.startswith("a:"), 2, confidence=0.5)
    assert kept.rankings == {"bm25": ["a:1", "a:2"], "dense": ["a:2"]}
    assert kept.lexical_confidence == 0.5
    assert set(kept.coverage) == {"a:1", "a:2"} and kept.answers == {} and set(kept.signals) == {"a:2"}
