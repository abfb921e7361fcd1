"""Sentence forms found missing by the archive recall audit (scripts/audit_archive_forms.py), with real sentences.

Sources (../shared/archive, none under tests/): 消防法 (national-laws/xingzhengfa/0077), 河南 教育督导 (henan/0351),
河南 电力 (henan/0094), 山东 农业机械化 (浙江 全民阅读 (zhejiang/0039), 山东 立法条例 (shandong/0202),
浙江 常委会议事规则 (zhejiang/0169), 河南 常委会工作条例 (henan/0082), 上海 专门委员会 (shanghai/0008); negatives from
产品质量监督抽查 (xingzheng-fagui/0339), 浙江 医疗保障 (zhejiang/0194), 节约用水条例 (xingzheng-fagui/0578), 广东 绿色建筑
(guangdong/0079). Each form is grammar or a governance word, never a document's name.
"""

from __future__ import annotations

import pytest

from kb.extract import regulation_duties
from kb.extract.statutory import head_kind, statutory_subjects


def units(text: str) -> list[str]:
    return [r.unit for r in statutory_subjects(text, "c")]


@pytest.mark.parametrize(("text", "expected"), [
    # 机构 named by a public function (救援, 督导, 监管, 矫正): an organ without a level word
    ("第四十二条 消防救援机构应当对专职消防队、志愿消防队等消防组织进行业务指导；根据扑救火灾的需要，可以调动指挥专职消防队参加火灾扑救工作。",
     ["消防救援机构"]),
    ("不具备从业条件从事消防技术服务活动或者出具虚假文件的，由消防救援机构责令改正，处五万元以上十万元以下罚款", ["消防救援机构"]),
    ("第十七条 教育督导机构可以划分督导责任区。", ["教育督导机构"]),
    ("第五十三条 违反本条例第九条第（一）项、第（四）项规定的，由电力监管机构责令改正；拒不改正的，处以十万元以上一百万元以下罚款。",
     ["电力监管机构"]),
    ("第二十四条 监狱、看守所、戒毒场所和社区矫正机构应当根据全民阅读基础书目和分类推荐书目，结合各自条件和实际情况", ["社区矫正机构"]),
    # the working body of a 委员会 / 常委会: an organ's body
    ("第五十九条 常务委员会工作机构可以对有关地方性法规的具体问题的询问进行研究予以答复，并报常务委员会备案。", ["常务委员会工作机构"]),
    ("第七条 常务委员会办事机构应当在常务委员会会议举行的七日前，将主任会议决定的开会日期和建议会议讨论的主要事项通知常务委员会组成人员",
     ["常务委员会办事机构"]),
    ("第五十八条 常委会办事机构和工作机构根据本条例，制订工作细则和工作制度。", ["常委会办事机构"]),
    ("专门委员会办事机构在专门委员会领导下开展工作", ["专门委员会办事机构"]),
])
def test_function_and_committee_bodies_are_organs(text: str, expected: list[str]) -> None:
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    # regulated institutions stay regulated or unknown: 检验机构, 定点医药机构, 公共机构, 第三方评估机构
    "第二十条 检验机构应当依照国家有关标准、要求进行产品检验，在规定时间内完成检验工作。",
    "定点医药机构应当与医疗保障数字化平台有效对接，按照规定及时向医疗保障经办机构报送医疗保障服务数据。",
    "第三十二条 公共机构应当发挥节水表率作用，建立健全节水管理制度",
    "第三方评估机构应当出具评估报告，对评估报告的真实性和准确性负责。",
    # 监理 is no governance word: a project's supervision team is a contractor's (found on a fresh sample)
    "第四十四条 项目监理机构应当在建设工程开工前，负责审核施工单位报送的施工现场",
    # a duty verb opening an item names no organ: (一)负责查处X依法移送的…
    "（一）负责查处消防救援机构依法移送的消防安全违法行为；",
    # a body a committee sets up (下设: a verb inside the phrase) is described, not charged
    "第十条 专门委员会下设综合性办事机构，可以根据工作需要设立相关专业性办事机构，配备立法等专业工作力量。",
])
def test_institutions_and_descriptions_are_not_holders(text: str) -> None:
    assert "机构" not in "".join(units(text))


def test_a_regulated_committee_lends_no_governance() -> None:
    # 委员会 governs only when it is not the end of a regulated party's name (村民委员会, 业主委员会)
    assert head_kind("常务委员会工作机构") == "organ"
    assert head_kind("村民委员会工作机构") is None
    assert head_kind("业主委员会办事机构") is None


def test_full_reading_keeps_both_list_items() -> None:
    text = "应急管理部门及消防救援机构应当加强消防法律、法规的宣传，并督促、指导、协助有关单位做好消防宣传教育工作。"
    assert {r.unit for r in regulation_duties(text, "c")} == {"应急管理部门", "消防救援机构"}


@pytest.mark.parametrize(("text", "expected"), [
    # 不设区的市 is a level (the county-level city), not a negation opening a predicate
    ("第十一条 县、自治县、不设区的市、市辖区人民政府兵役机关应当适时发布兵役登记公告，组织机关、团体、企业事业组织和乡、民族乡、镇的人民政府以及街道办事处",
     ["县人民政府兵役机关", "自治县人民政府兵役机关", "不设区的市人民政府兵役机关", "市辖区人民政府兵役机关"]),
    ("（三）不设区的市、市辖区、县人民代表大会常务委员会应当将罢免要求和被提出罢免的代表的书面申辩意见印发原选区选民",
     ["不设区的市人民代表大会常务委员会", "市辖区人民代表大会常务委员会", "县人民代表大会常务委员会"]),
])
def test_county_level_city_is_a_level(text: str, expected: list[str]) -> None:
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    "（一）不设区的市、市辖区、县、自治县的代表名额基数为一百四十名，每五千人可以增加一名代表；",
    "不符合本条例规定条件的，不得擅自改变用途",
])
def test_county_level_city_negatives(text: str) -> None:
    assert units(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a level named by where it lies (沿河县, 沿线区县): the level of the item, not lent the first item's 市
    ("（五）市、沿河县（市、区）林业部门负责泗河流域内林木、林地、绿地及野生动物等森林资源的保护管理。",
     ["市林业部门", "沿河县（市、区）林业部门"]),
    ("在贾鲁河保护管理区域内擅自从事经营活动的，由市、沿河县（市、区）城市管理综合执法部门责令改正，处以五百元以上二千元以下罚款",
     ["市城市管理综合执法部门", "沿河县（市、区）城市管理综合执法部门"]),
])
def test_levels_named_by_where_they_lie(text: str, expected: list[str]) -> None:
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    "第四十二条 沿河县（市、区）在年度用水指标内节余的水量指标，可以进行水权转让。",
    "沿河周边湿地公园、采煤塌陷湖区、滞洪区应当划入生态控制区",
])
def test_levels_named_by_where_they_lie_negatives(text: str) -> None:
    assert units(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # 设立 / 设置 / 成立 a body, 负责…: the body set up holds the duty (the setter, if an organ, keeps its own)
    ("第九条 设立规划委员会，负责研究、审议全市城乡规划制定和实施中的重大事项", ["规划委员会"]),
    ("第三十三条 在大型水库，重要水利枢纽工程，可以根据需要设立公安派出机构，负责水利工程的治安保卫工作", ["公安派出机构"]),
    ("常委会设立代表资格审查委员会，负责审查代表的选举是否符合法律规定", ["代表资格审查委员会"]),
    ("第十六条 省、自治区、直辖市设立检察官遴选委员会，负责初任检察官人选专业能力的审核。", ["检察官遴选委员会"]),
])
def test_a_body_set_up_and_charged(text: str, expected: list[str]) -> None:
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    # a regulated party's own body; a body set up with no duty; a committee of experts (not a name: 的 inside)
    "第十八条 大型企业应当设立经济普查机构，负责本企业经济普查表的填报工作",
    "第二十三条 施工单位应当设立安全生产管理机构，配备专职安全生产管理人员。",
    "市文物保护管理委员会设立以专家为主组成的学术委员会，负责学术研究的指导咨询工作",
])
def test_a_body_set_up_negatives(text: str) -> None:
    assert [u for u in units(text) if u != "市文物保护管理委员会"] == []
