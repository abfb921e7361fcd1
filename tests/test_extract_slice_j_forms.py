"""Statutory holder forms diagnosed on slice j (issue 11, session 10), each on the real sentence of j it comes from and
on a sentence of another archive document with the same form, with sentences that must NOT change beside them.

Slice j sources (tests/data/archive): 洛阳市古树名木保护条例 (local-regulations/henan/0249), 行政区域边界争议处理条例
(national-laws/xingzheng-fagui/0592), 国防计量监督管理条例 (xingzheng-fagui/0249), 重庆市厂务公开条例 (chongqing/0022),
国办函〔1996〕16号 (govcn_42). Other archive documents (../shared/archive): 上海市房地产登记条例 (shanghai/0124),
上海市旅游条例 (shanghai/0141), 山东 地下水 条例 (shandong/0364), 郑州 城市绿化 条例 (henan/0012), named per case.
"""

from __future__ import annotations

import pytest

from kb.extract.duties import parse_duties


def duties(text: str) -> list[tuple[str, str]]:
    return [(r.unit, r.role) for r in parse_duties(text, "c")]


# form 1: a list closed by X行政管理部门 shares 行政管理部门 (not only 部门), unless the last sector is named
# X行政管理 itself (工商行政管理部门: FORMAT's 质量技术监督、工商行政管理部门 → 质量技术监督部门)
SHARED_ADMINISTRATION = [
    ("第七条 市、县（市、区）林业、城市绿化行政管理部门应当定期对古树名木的养护人员进行养护技术培训。",  # j, 洛阳 第七条
     [("市林业行政管理部门", "duty"), ("市城市绿化行政管理部门", "duty"),
      ("县（市、区）林业行政管理部门", "duty"), ("县（市、区）城市绿化行政管理部门", "duty")]),
    ("市房屋、土地行政管理部门负责本市房地产登记管理工作。",  # shanghai/0124
     [("市房屋行政管理部门", "duty"), ("市土地行政管理部门", "duty")]),
    ("市旅游、交通行政管理部门应当制定邮轮旅游经营规范。",  # shanghai/0141
     [("市旅游行政管理部门", "duty"), ("市交通行政管理部门", "duty")]),
    ("第十条 质量技术监督、工商行政管理部门应当依法查处。",  # FORMAT: 工商行政管理 is a sector's own name
     [("质量技术监督部门", "duty"), ("工商行政管理部门", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_ADMINISTRATION)
def test_shared_administration_suffix(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


# form 2: a bare holder after the same holder named with a list of levels refers back to all of those levels
ANAPHORA_OVER_LEVELS = [
    ("第六条 市、县（市、区）林业、城市绿化行政管理部门是古树名木行政主管部门。林业行政管理部门负责城市规划区以外的古树名木"
     "保护管理工作；城市绿化行政管理部门负责城市规划区范围内古树名木保护管理工作。",  # j, 洛阳 第六条
     [("市林业行政管理部门", "duty"), ("市城市绿化行政管理部门", "duty"),
      ("县（市、区）林业行政管理部门", "duty"), ("县（市、区）城市绿化行政管理部门", "duty")]),
    ("第十九条 古树名木出现明显衰弱、濒危或者死亡症状的，养护单位或者养护人应当及时报告所在地县（市、区）林业、城市绿化"
     "行政管理部门。林业、城市绿化行政管理部门应当按照有关规定和技术规程进行处理。",  # j, 洛阳 第十九条 (an object first)
     [("县（市、区）林业行政管理部门", "duty"), ("县（市、区）城市绿化行政管理部门", "duty")]),
    ("第八十二条 违反本条例第四十九条规定，未采取防渗漏等措施的，由市、县（市、区）环境保护主管部门责令停止违法行为，限期采取"
     "治理措施；逾期不采取治理措施的，环境保护主管部门可以指定有治理能力的单位代为治理，所需费用由违法者承担。",  # shandong/0364
     [("市环境保护主管部门", "duty"), ("县（市、区）环境保护主管部门", "duty")]),
    ("第三十条 市、县（市、区）城市绿化行政主管部门，应当建立古树名木档案。在单位管界内或者私人庭院内的古树名木，由该单位或者"
     "居民负责养护，城市绿化行政主管部门负责监督和技术指导。",  # henan/0012
     [("市城市绿化行政主管部门", "duty"), ("县（市、区）城市绿化行政主管部门", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), ANAPHORA_OVER_LEVELS)
def test_bare_holder_refers_to_every_level_named_before(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


def test_bare_holder_after_two_different_levels_stays_bare() -> None:
    # two earlier mentions at different levels: which one is meant is not known, so the name stays as written
    got = duties("第九条 市环境保护主管部门应当编制规划。县环境保护主管部门应当组织实施。环境保护主管部门应当公开信息。")
    assert ("环境保护主管部门", "duty") in got


def regulation(text: str) -> list[tuple[str, str]]:
    from kb.extract import regulation_duties

    return [(r.unit, r.role) for r in regulation_duties(text, "c")]


# form 3: 由X + an act of settling (协商 / 联合 / 调解) names X as the agent, like 由X负责 / 查处
BY_SETTLING = [
    ("第十二条 省、自治区、直辖市境内的边界争议，由争议双方人民政府协商解决；",  # j, 0592 第十二条
     [("争议双方人民政府", "duty")]),
    ("第十五条 争议双方人民政府达成的边界协议生效后，由争议双方人民政府联合实地勘测边界线。",  # j, 0592 第十五条
     [("争议双方人民政府", "duty")]),
    ("第四十七条 公共法律服务标准由省人民政府司法行政部门、市场监督管理部门联合制定，",  # shandong/0059 (由A、B联合制定)
     [("省人民政府司法行政部门", "duty"), ("省人民政府市场监督管理部门", "duty")]),
    ("渔业船舶之间的交通事故引起的民事纠纷，可以由渔政渔港监督管理机关调解处理；",  # xingzheng-fagui/0501
     [("渔政渔港监督管理机关", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), BY_SETTLING)
def test_by_settling_agent(text: str, expected: list[tuple[str, str]]) -> None:
    assert regulation(text) == expected


def test_by_settling_modifier_and_vague_not_read() -> None:
    assert regulation("对法律、法规、规章规定应当由行政机关调解的民事商事纠纷、行政争议，") == []  # 由X V的N describes N
    assert regulation("应当提请国务院制定行政法规或者由国务院有关部门联合制定规章") == []  # 有关部门: vague


# form 4: X的上级 / 上一级人民政府 is the government above the parties X (not a relative clause), never a party's
def test_superior_government_of_parties() -> None:
    assert ("争议双方的上级人民政府", "duty") in regulation(
        "第三条 经争议双方协商未达成协议的，由争议双方的上级人民政府决定。")  # j, 0592 第三条
    assert regulation("经协商不成的，由双方的上一级人民政府决定。") == [("双方的上一级人民政府", "duty")]
    assert regulation("企业的上级人民政府应当督促整改。") == []  # a regulated party's


# form 5: a definition (本条例所称T是指…) names organs inside what a term means and charges none; a defined organ or the
# sentence after the definition is read as before
DEFINITIONS = [
    ("第二条 本条例所称的边界争议是指省、自治区、直辖市之间，自治州、县、自治县、市、市辖区之间，乡、民族乡、镇之间，"
     "双方人民政府对毗邻行政区域界线的争议。", []),  # j, 0592 第二条
    ("第二条 本条例所称土地监察，是指县级以上人民政府及其土地管理部门，依法对单位和个人执行和遵守土地管理法律、法规情况进行"
     "监督检查和对土地违法行为进行处罚的行政执法活动。", []),  # henan/0119 第二条
    ("第二条 本条例所称土地监察，是指县级以上人民政府及其土地管理部门进行的监督检查。县级以上人民政府应当加强对土地监察工作的"
     "领导和组织协调。", [("县级以上人民政府", "duty")]),  # henan/0119 第二条 + 第四条: the next sentence is read
]


@pytest.mark.parametrize(("text", "expected"), DEFINITIONS)
def test_definitions_charge_no_one(text: str, expected: list[tuple[str, str]]) -> None:
    assert regulation(text) == expected


# form 6: a government's department written with or without 的 is one organ (the canonical name drops it)
@pytest.mark.parametrize(("written", "canonical"), [
    ("县级以上的地方各级人民政府的民政部门", "县级以上的地方各级人民政府民政部门"),  # j, 0592 第六条 (gold as written)
    ("县级以上地方人民政府的水土保持部门", "县级以上地方人民政府水土保持部门"),  # national-laws 水土保持 implementing rules
])
def test_government_de_department_folds(written: str, canonical: str) -> None:
    from kb.extract.organs import fold_unit

    assert fold_unit(written) == canonical
    assert fold_unit("县级以上人民政府负责侨务工作的机构") == "县级以上人民政府负责侨务工作的机构"  # a relative stays


# form 7: an organ named in full and given an abbreviation (（以下简称国防科工委）, （以下简称市工商局）) is one unit under its
# full name wherever the abbreviation acts, also inside a longer name (国防科工委计量管理机构)
def _document_units(rows: list[str], title: str, region: str, level: str) -> list[tuple[str, str]]:
    from kb.extract import extract_document
    from kb.models import Clause, Document

    doc = Document(id="d", source="x.txt", title=title, region=region, province=region, level=level, doc_type="条例")
    clauses = [Clause(id=f"d:{i:04d}", doc_id="d", seq=i, text=t) for i, t in enumerate(rows)]
    return [(r.clause_id[-4:], r.unit) for r in extract_document(doc, clauses).responsibilities]


def test_abbreviated_organ_defence_commission() -> None:  # j, xingzheng-fagui/0249 第四条, 第五条
    found = _document_units([
        "第四条 对军工产品特殊需要保留的非法定计量单位，由主管部门提出，经国防科学技术工业委员会(以下简称国防科工委)批准，"
        "报国务院计量行政部门备案。",
        "第五条 国防科工委计量管理机构，对中国人民解放军和国防科技工业系统国防计量工作实施统一监督管理，其职责是：",
    ], "国防计量监督管理条例", "", "national")
    assert found == [("0001", "国防科学技术工业委员会计量管理机构")]


def test_abbreviated_organ_city_bureau() -> None:  # shanghai/0195 第六条, 第十三条
    found = _document_units([
        "第六条 上海市工商行政管理局（以下简称市工商局）负责执业经纪人和经纪组织的登记注册。",
        "第十三条 市工商局应当自收到经纪执业注册申请之日起十五个工作日内，作出准予注册或者不予注册的决定。",
    ], "上海市经纪人条例", "上海市", "province")
    assert found == [("0000", "上海市工商行政管理局"), ("0001", "上海市工商行政管理局")]


@pytest.mark.parametrize(("run", "short", "full"), [
    ("由主管部门提出，经国防科学技术工业委员会", "国防科工委", "国防科学技术工业委员会"),
    ("由人民代表大会专门委员会", "人大专门委员会", "人民代表大会专门委员会"),  # archive: 人大专门委员会
    ("通用航空由中国民用航空局", "民航局", "中国民用航空局"),  # the organ table's name
    ("市人民代表大会常务委员会", "市人大常委会", ""),  # 会 does not close 委员会's abbreviation by this rule: left alone
    ("应当向国家知识产权局商标局", "商标局", ""),  # the short name is the name's own tail, no abbreviation
])
def test_abbreviated_organ(run: str, short: str, full: str) -> None:
    from kb.extract.references import abbreviated_organ

    assert abbreviated_organ(run, short) == full


# form 8: levels alone before a duty name places, no organ (like 省、自治区、直辖市可以…): no unit, not the last level
@pytest.mark.parametrize("text", [
    "第六条 市和区县（自治县）应当确定相应机构，负责本行政区域内的厂务公开工作。",  # j, chongqing/0022 第六条
    "第十五条 市、县（市、区）应当依法设立见义勇为专项资金，用于对见义勇为人员及其亲属的奖励和抚恤。",  # henan/0243
])
def test_levels_alone_name_no_organ(text: str) -> None:
    assert regulation(text) == []


def test_levels_with_their_government_still_read() -> None:
    assert regulation("市、县人民政府应当加强领导。") == [("市人民政府", "duty"), ("县人民政府", "duty")]
    assert regulation("街道办事处应当协助做好相关工作。") == [("街道办事处", "duty")]


# form 9: a people's organisation after a list of levels is one per level (市和区县（自治县）总工会 → two), and the next
# item of its list acts with it; a union listed with a regulated party or its persons is the party's own, no organ
def test_union_per_level_and_its_list() -> None:  # j, chongqing/0022 第六条
    assert regulation("市和区县（自治县）总工会和产业工会分别协助本级人民政府及其有关部门指导、协调和监督本地区、本行业的"
                      "厂务公开工作。") == [("市总工会", "duty"), ("区县（自治县）总工会", "duty"), ("产业工会", "duty")]


@pytest.mark.parametrize("text", [
    "第十二条 企业事业单位和民办非企业单位的厂务公开责任人和工会，每年至少召开一次联系会议对本单位执行厂务公开制度的情况"
    "进行总结、交换意见。",  # j, chongqing/0022 第十二条
    "职工代表对涉及职工切身利益的重要事项意见分歧较大的，由企事业单位和工会根据职工代表意见进行协商修改后，提交职工代表大会"
    "再次审议。",  # shanghai/0201
])
def test_party_union_is_no_organ(text: str) -> None:
    assert regulation(text) == []


def test_union_beside_an_organ_still_read() -> None:
    assert ("工会", "duty") in regulation("公安机关和工会应当依法维护职工合法权益。")


# form 10: the partner of 会同 is co also when the lead names no organ (有关部门), and 同级 + a body is a unit there
# (FORMAT: 地方各级宣传部门会同同级财政、税务部门 → 同级财政部门 co)
@pytest.mark.parametrize(("text", "partner"), [
    ("第十三条 任何组织和个人对违反本条例的行为均有权向人民政府有关部门举报和控告，有关部门接到举报、控告后，应当在十日内"
     "会同同级工会调查处理。", ("同级工会", "co")),  # j, chongqing/0022 第十三条
    ("县级以上人民政府有关部门应当会同同级节能行政主管部门，根据本行政区域节能中长期专项规划和年度节能计划，编制本领域的"
     "节能规划和年度节能计划。", ("同级节能行政主管部门", "co")),  # shandong/0168
])
def test_partner_of_vague_lead_is_co(text: str, partner: tuple[str, str]) -> None:
    assert partner in regulation(text)


def test_same_level_vague_partner_not_read() -> None:
    assert regulation("公安机关应当会同同级有关部门处理。") == [("公安机关", "lead")]


def test_union_federation_is_no_by_verb() -> None:
    # zhejiang/0192 第十二条: 企业联合会 is a noun, not 由…联合 (a composition article names members, charges none)
    assert regulation("第十二条 省、设区的市、县（市、区）设立的劳动人事争议仲裁委员会由人力资源社会保障主管部门、公务员主管部门、"
                      "总工会、企业联合会和工商业联合会等代表，以及教育、卫生健康等部门代表组成。") == []


# form 11: in a statute, a level's unnamed departments (国务院有关部门) are vague, as the holder grammar reads them: the
# policy grammar's reading of them is not added to a regulation's records
@pytest.mark.parametrize(("text", "expected"), [
    ("第十一条 国务院受理的省、自治区、直辖市之间的边界争议，由民政部会同国务院有关部门调解；",  # j, xingzheng-fagui/0592
     [("民政部", "lead")]),
    ("第三十三条 本条例的施行细则，由中国人民银行会同国务院有关部门制定。", [("中国人民银行", "lead")]),  # xingzheng-fagui/0646_c114d485.md
    ("第八条 国务院工业和信息化主管部门会同国务院有关部门确定稀土开采企业和稀土冶炼分离企业，并向社会公布。",  # xingzheng-fagui/0556
     [("国务院工业和信息化主管部门", "lead")]),
])
def test_level_unnamed_departments_vague_in_statute(text: str, expected: list[tuple[str, str]]) -> None:
    assert regulation(text) == expected


# form 12: 由A或者B V的N where N is no organ: the list describes N (a boundary drawn by them), charges no one; with an
# organ after 的 (B确定的部门负责) A is still the agent
def test_by_list_describing_a_noun() -> None:
    from kb.extract.statutory import statutory_subjects

    assert statutory_subjects("（二）由双方人民政府或者双方的上级人民政府明确划定的争议地区的界线；") == []  # j, 0592 第四条
    found = statutory_subjects("（一）政府投资或者政府投资为主建设的各类绿地，由城市绿化行政主管部门或者同级人民政府确定的"
                               "部门负责；")  # henan/0019
    assert [r.unit for r in found] == ["城市绿化行政主管部门"]


# form 13: a national organ written as such inside a 由 list the holder grammar read only in part is a unit too
@pytest.mark.parametrize(("text", "expected"), [
    ("国防计量技术机构承担本系统以外的强制检定和其他检定测试任务，由国防科工委和国务院计量行政部门统筹规划，根据实际需要，"
     "按规定分级授权。",  # j, xingzheng-fagui/0249 第九条 (国防科工委 folds to its full name in the document)
     [("国务院计量行政部门", "duty"), ("国防计量技术机构", "duty"), ("国防科工委", "duty")]),
    ("通报的具体办法由国家税务总局和国家工商行政管理总局联合制定。",  # xingzheng-fagui/0557
     [("国家税务总局", "duty"), ("国家工商行政管理总局", "duty")]),
])
def test_national_organ_inside_by_list(text: str, expected: list[tuple[str, str]]) -> None:
    assert regulation(text) == expected


def test_role_defined_holder_inside_list_not_read() -> None:
    # h, xingzheng-fagui/0152 第二十八条: 国务院各行业主管部门 is role-defined (no unit)
    assert regulation("第二十八条 省、自治区、直辖市人民政府和国务院各行业主管部门可以根据本规定并结合本地区、本部门的具体情况"
                      "制定实施办法。") == [("省、自治区、直辖市人民政府", "duty")]


# form 14: 由X(组织)考核 / 验收 / 审查…合格后 + another's act: X only approves (FORMAT: approvers are not units)
@pytest.mark.parametrize("text", [
    "第十条 一级国防计量技术机构的各项最高计量标准器具，由国务院计量行政部门组织考核合格后使用。",  # j, xingzheng-fagui/0249
    "补建的基本农田，由土地、农业行政主管部门验收合格后，纳入基本农田管理。",  # beijing/0071_e3358c61.md
    "新建、改建、扩建公园竣工后，应当由园林、规划、建设、公安等有关行政管理部门验收合格后方可投入使用。",  # beijing/0039_4d464146.md
])
def test_approvers_are_no_units(text: str) -> None:
    assert regulation(text) == []


def test_organ_acting_after_an_approval_still_read() -> None:
    assert regulation("由省人民政府计量行政部门考核合格后使用，县级以上人民政府计量行政部门应当加强监督。") == [
        ("县级以上人民政府计量行政部门", "duty")]


def test_organise_still_a_by_verb() -> None:
    # henan/0113_4f7fbf36.md 第十一条: 组织部分代表 is 组织 + 部分, not 组织部 (only not_by_verbs block a by-verb)
    assert ("省各级人民代表大会常务委员会", "duty") in regulation(
        "第十一条 专题视察由本省各级人民代表大会常务委员会或乡（镇）人民代表大会主席团组织部分代表参加。")


@pytest.mark.parametrize("text", [
    # chongqing/0039 第三十五条 (archive sample, seed 123): the organ in charge of whoever is meant, role-defined
    "由主管行政机关或行政监察机关对直接负责的主管人员和其他直接责任人员依法给予行政处分。",
    # zhejiang/0039 第二十二条 (sample): a list's shared head is not a name of its own
    "教育等主管部门和妇联、共青团等人民团体应当对家庭阅读提供指导和支持。",
])
def test_not_added_as_written_apart(text: str) -> None:
    units = [u for u, _ in regulation(text)]
    assert "主管行政机关" not in units and "教育等主管部门" not in units


def test_short_name_of_a_cut_run_not_defined() -> None:
    # zhejiang/0142 第四条: the run before （以下简称…） is cut at 县（市）, so 人民政府科学技术行政部门 names no level: no mapping
    from kb.extract import short_names
    from kb.models import Clause

    text = "第四条 市和区、县（市）人民政府科学技术行政部门（以下简称科技行政部门）具体负责科学技术进步工作的统筹协调。"
    assert short_names([Clause(id="d:0000", doc_id="d", seq=0, text=text)]) == {}


def test_places_list_shares_no_administration_suffix() -> None:
    # shanghai/0053 第四条 (archive sample, seed 124): district names before 等区、县交通行政管理部门 are places, not sectors
    units = [u for u, _ in regulation("浦东新区以及闵行、宝山、嘉定、金山、松江、南汇、奉贤、青浦、崇明等区、县交通行政管理部门"
                                      "负责组织本行政区域内的出租汽车客运管理工作。")]
    assert not any(u.endswith("行政管理部门") and u.startswith(("宝山", "嘉定")) for u in units)


# form 15: a government that opens its sentence as the subject of a relative clause (G V的N，…由其D…) owns the D that
# 由其 names; a later bare D in the same text is the same department
@pytest.mark.parametrize(("text", "expected"), [
    ("争议双方的上一级人民政府受理的边界争议，由其民政部门会同有关部门调解；经调解未达成协议的，由民政部门会同有关部门提出"
     "解决方案，报本级人民政府决定。",  # j, xingzheng-fagui/0592 第十二条
     [("争议双方的上一级人民政府民政部门", "lead")]),
    ("第十七条 设区的市级以上人民政府审批的专项规划，在审批前由其环境保护主管部门召集有关部门代表和专家组成审查小组，对环境"
     "影响报告书进行审查。",  # xingzheng-fagui/0598 第十七条
     [("设区的市级以上人民政府环境保护主管部门", "duty")]),
])
def test_its_department_of_the_government_before(text: str, expected: list[tuple[str, str]]) -> None:
    assert regulation(text) == expected


def test_its_office_of_several_organs_not_resolved() -> None:
    # 其 after a list of organs (人民政府、人民法院和人民检察院): whose office is not one government's
    assert regulation("第十三条 人民政府、人民法院和人民检察院应当在常务委员会举行会议的二十日前，由其办事机构将专项工作报告送交"
                      "有关专门委员会。") == [("人民法院", "duty"), ("人民检察院", "duty")]


# form 16 (deadlines): a yearly payment is a recurring duty (FORMAT: 每年 → recurring): 每年(仍继续)拨付 / 安排 / 支付 + an
# amount, 每年从…中支付 / 安排; not 每年安排 without an amount or a source (每年安排一定的时间…)
@pytest.mark.parametrize(("text", "kinds"), [
    ("在国内黄金收购价格与国际价格并轨前，国家每年仍继续拨付XXX元用于黄金地质勘探。", ["recurring"]),  # j, govcn_42 一、
    ("中国人民银行每年从黄金收售价差款中支付XXX元，用于黄金行业的管理经费。", ["recurring"]),  # j, govcn_42 三、
    ("省人民政府应当每年从财政预算中安排东江水系水质保护专项资金，用作上、中游水系水质保护经费。", ["recurring"]),  # guangdong/0039
    ("鼓励非国有旅游景区每年安排一定的时间对公众免费开放。", []),  # archive (洛阳): no payment
])
def test_yearly_payment_is_recurring(text: str, kinds: list[str]) -> None:
    from kb.extract.deadlines import parse_deadlines

    assert [d.kind for d in parse_deadlines(text, "1996-02-09", "c")] == kinds


# form 17 (deadlines): a period or date inside a title 《…》 names a text, sets no deadline
@pytest.mark.parametrize("text", [
    "国家经贸委《关于解决当前黄金生产问题的意见》和冶金部《关于“九五”期间黄金经济政策的请示》收悉。",  # j, govcn_42
    "必须认真落实党的十四届五中全会通过的《中共中央关于制定国民经济和社会发展“九五”计划和2010年远景目标的建议》中提出的"
    "“加强灾害性天气、气候和地震监测预报，减少自然灾害损失”的要求。",  # govcn_20 (国办发〔1996〕)
])
def test_no_deadline_inside_a_title(text: str) -> None:
    from kb.extract.deadlines import parse_deadlines

    assert parse_deadlines(text, "1996-02-09", "c") == []


def test_own_department_is_no_holder() -> None:
    # henan/0140 第六十八条 (archive sample, seed 124): 属于本部门职责范围的 — 本部门 refers to the organs named, names none
    got = regulation("城乡规划主管部门、有关执法部门或者机构、乡镇人民政府对违法建设的举报或者控告，属于本部门职责范围的，应当及时"
                     "受理；不属于本部门职责范围的，应当转交有权处理的部门。")
    assert sorted(got) == [("乡镇人民政府", "duty"), ("城乡规划主管部门", "duty")]


def test_by_list_with_an_adjective_object_still_read() -> None:
    # shanghai/0062 第二十一条 (archive sample, seed 131): 协商制定相应的措施 — 的 belongs to the object, not to a relative
    assert ("市规划管理部门", "duty") in regulation(
        "因保护历史文化风貌需要无法达到规定的消防标准的，应当由市规划管理部门和市公安消防部门协商制定相应的防火安全措施。")


def test_city_as_qualifier_is_no_level() -> None:
    # shandong/0346 第三十一条 (archive sample, seed 149): 城市供水行政主管部门 names no level; the bare 供水行政主管部门
    # after 所在地市、县（市、区）人民政府供水行政主管部门 is those two levels' department
    got = regulation("第三十一条 城市供水行政主管部门应当加强对供水单位执行国家城市供水水质标准情况的监督检查。发现水质不符合标准的，"
                     "应当及时采取相应措施，并向所在地市、县（市、区）人民政府供水行政主管部门报告。供水行政主管部门接到报告后，应当"
                     "通报环境保护、卫生、水行政等主管部门。")
    assert ("市人民政府供水行政主管部门", "duty") in got and ("县（市、区）人民政府供水行政主管部门", "duty") in got


# form 18: 有关 + a level's government (有关地方人民政府, 有关省、自治区、直辖市人民政府) names the governments of the places
# concerned: a unit as agent or subject (slices f and j); an order to them (责成有关地方人民政府) stays vague (slice i)
@pytest.mark.parametrize(("text", "unit"), [
    ("第十一条 省、自治区、直辖市之间的边界争议，由有关省、自治区、直辖市人民政府协商解决；",  # j, xingzheng-fagui/0592
     "有关省、自治区、直辖市人民政府"),
    ("第三十一条 跨行政区域的水污染纠纷，由有关地方人民政府协商解决，或者由其共同的上级人民政府协调解决。",  # xingzhengfa/0065
     "有关地方人民政府"),
    ("因城乡建设确需拆除公共文化体育设施或者改变其功能、用途的，有关地方人民政府在作出决定前，应当组织专家论证。",  # f, 0103
     "有关地方人民政府"),
])
def test_concerned_governments(text: str, unit: str) -> None:
    assert (unit, "duty") in regulation(text)


def test_order_to_concerned_governments_stays_vague() -> None:  # i, xingzheng-fagui/0206 第二十条
    units = [u for u, _ in regulation("接到检举后，应当自接到检举之日起5个工作日内，由省、自治区、直辖市人民政府责成有关地方人民"
                                      "政府在30个工作日内调查、处理完毕。")]
    assert "有关地方人民政府" not in units
    assert not [u for u, _ in regulation("由有关人民政府协商解决。")]  # no level named: vague


def test_party_and_counterpart_negotiating_not_charged() -> None:
    # shandong/0180 第十八条 (archive sample, seed 151): 由建设单位与道路管理部门…协商 — the organ is the party's counterpart
    assert regulation("第十八条 道路与铁路相交设置立体交叉设施有困难的，由建设单位与道路管理部门或者铁路运输企业协商一致后，"
                      "可以设置平交道口。") == []


def test_association_beside_schools_still_read() -> None:
    # beijing/0080 第十二条 (archive sample, seed 163): only a union is the party's own; 科学技术协会 acts with the others
    assert ("科学技术协会", "duty") in regulation(
        "第十二条 农业科研单位、有关学校、科学技术协会，应当配合农业技术推广机构开展实用技术培训、科普宣传。")
