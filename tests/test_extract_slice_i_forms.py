"""Statutory holder forms diagnosed on slice i (issue 11, session 9), each on the real sentence it comes from, with
sentences that must NOT give the unit beside them.

Sources (tests/data/archive): 河南省气象条例 (local-regulations/henan/0190), 广东省各级人民代表大会常务委员会人事任免办法
(guangdong/0016), 上海市出版物发行管理条例 (shanghai/0052), 反间谍法实施细则 (national-laws/xingzheng-fagui/0176),
国务院关于禁止在市场经济活动中实行地区封锁的规定 (xingzheng-fagui/0206).
"""

from __future__ import annotations

import pytest

from kb.extract import extract_document
from kb.extract.duties import parse_duties
from kb.models import Clause, Document


def duties(text: str) -> list[tuple[str, str]]:
    return [(r.unit, r.role) for r in parse_duties(text, "c")]


# form 1: X主管机构 is an organ (like X主管部门), not a plain institution
SUPERVISING_AGENCIES = [
    ("第四条 各级气象主管机构在上级气象主管机构和本级人民政府的领导下，负责本行政区域内的气象工作，承担气象工作的行政管理职能。",
     [("各级气象主管机构", "duty")]),
    ("第三十三条 违反本条例有下列行为之一的，由气象主管机构责令限期改正；", [("气象主管机构", "duty")]),
    ("建设项目大气环境影响评价使用的气象探测资料应当由当地气象主管机构审查或者提供。", [("当地气象主管机构", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), SUPERVISING_AGENCIES)
def test_supervising_agencies_are_holders(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


def test_plain_institution_still_not_a_holder() -> None:
    assert duties("鉴定机构应当在三十日内出具鉴定意见。") == []


# form 2: organs of state power and their acts over posts
STATE_ORGANS = [
    ("第二条 人民代表大会常务委员会任免国家工作人员，应当坚持中国共产党的领导", [("人民代表大会常务委员会", "duty")]),
    ("第四条 人民代表大会常务委员会决定任免本级人民政府组成人员的下列职务：", [("人民代表大会常务委员会", "duty")]),
    # 本级 adds nothing to a body named without a level; 由X + verb
    ("第八条 人民代表大会常务委员会主任因为健康情况不能工作或者缺位的时候，由本级人民代表大会常务委员会在副主任中推选一人代理主任的职务。",
     [("人民代表大会常务委员会", "duty")]),
    # a government heading a list of state organs gives each its level
    ("第十八条 县级以上地方各级人民政府、监察委员会、人民法院和人民检察院，可以向本级人民代表大会常务委员会提出撤职案。",
     [("县级以上地方各级人民政府", "duty"), ("县级以上地方各级监察委员会", "duty"), ("县级以上地方各级人民法院", "duty"),
      ("县级以上地方各级人民检察院", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), STATE_ORGANS)
def test_state_organs_are_holders(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


@pytest.mark.parametrize("text", [
    # the act describes the persons: no holder
    "第十五条 人民代表大会常务委员会任命、决定任命和批准任命的人员，因机构名称改变但工作性质和范围没有变动的，不重新办理任命手续",
    # its chairman and its members are persons, not the committee
    "人民代表大会常务委员会主任因为健康情况不能工作的时候，应当书面报告。",
    "人民代表大会常务委员会组成人员对拟任免和撤职人员可以赞成，可以反对，也可以弃权。",
])
def test_state_organs_not_holders(text: str) -> None:
    assert ("人民代表大会常务委员会", "duty") not in duties(text)


# form 3: the departments a government organises after 由
def test_organised_departments_are_holders() -> None:
    text = ("第十一条 在道路、车站、港口、航空港或者在本行政区域边界设置关卡，阻碍外地产品进入和本地产品运出的，由省、自治区、"
            "直辖市人民政府组织经济贸易管理部门、公安部门和交通部门查处，撤销关卡。")
    assert duties(text) == [("经济贸易管理部门", "duty"), ("公安部门", "duty"), ("交通部门", "duty")]
    # an open end names no organ
    text = ("由省、自治区、直辖市人民政府组织经济贸易管理部门、工商行政管理部门、质量技术监督部门和其他有关主管部门查处，"
            "撤销歧视性待遇。")
    assert duties(text) == [("经济贸易管理部门", "duty"), ("工商行政管理部门", "duty"), ("质量技术监督部门", "duty")]


def test_organising_without_a_named_department_names_none() -> None:
    assert duties("由县级以上人民政府组织有关部门制定的应急预案") == []


# form 4: a department named by its task at a level; object positions are not holders
def test_level_relative_holder() -> None:
    assert duties("区负责出版管理的部门负责本辖区内出版物发行的监督管理工作，业务上受市出版主管部门指导。") == [
        ("区负责出版管理的部门", "duty")]  # 受X指导: X is an object
    assert duties("违反本条例规定的下列行为，由市出版主管部门或者区负责出版管理的部门视情节轻重给予处罚：") == [
        ("市出版主管部门", "duty"), ("区负责出版管理的部门", "duty")]


@pytest.mark.parametrize("text", [
    "单位、个人从事出版物出租业务的，应当按照国家有关规定，到区负责出版的部门备案。",
    "变更其他事项的，应当到原批准的市出版主管部门或者区负责出版管理的部门办理变更手续。",
])
def test_level_relative_object_not_holder(text: str) -> None:
    assert not any(u.endswith("负责出版的部门") or u.endswith("负责出版管理的部门") for u, _ in duties(text))


def test_verb_before_an_organ_is_no_part_of_its_name() -> None:
    text = ("第二十三条 故意阻碍国家安全机关依法执行反间谍工作任务，造成国家安全机关工作人员人身伤害或者财物损失的，应当依法"
            "承担赔偿责任，并由司法机关或者国家安全机关依照《反间谍法》第三十条的规定予以处罚。")
    assert duties(text) == [("司法机关", "duty"), ("国家安全机关", "duty")]


# form 5: lists closed by 等其他有关部门, 负有, 由国务院改变或者撤销, 气象台站, X接到…后，应当
OTHER_FORMS = [
    ("公安、保密行政管理等其他有关部门和军队有关部门按照职责分工，密切配合，加强协调，依法做好有关工作。",
     [("公安部门", "duty"), ("保密行政管理部门", "duty")]),
    ("第二条 各级人民政府及其所属部门负有消除地区封锁、保护公平竞争的责任", [("各级人民政府", "duty")]),
    ("第八条 省、自治区、直辖市人民政府的规定属于实行地区封锁或者含有地区封锁内容的，由国务院改变或者撤销。", [("国务院", "duty")]),
    ("第二十四条 各级气象台站应当做好人工影响天气作业所需的各项气象保障工作。", [("各级气象台站", "duty")]),
    ("国务院经济贸易管理部门、国务院工商行政管理部门、国务院质量监督检验检疫部门或者国务院其他有关部门接到检举后，应当在5个工作日内，"
     "将检举材料转送有关省、自治区、直辖市人民政府。",
     [("国务院经济贸易管理部门", "duty"), ("国务院工商行政管理部门", "duty"), ("国务院质量监督检验检疫部门", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_FORMS)
def test_other_statute_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


def test_receiving_without_a_duty_is_no_holder() -> None:
    assert duties("有关部门接到检举后，任何单位不得阻挠。") == []


# the document level: a short name that abbreviates the full one; a task-named department written two ways
def _units(rows: list[str]) -> list[tuple[str, str]]:
    doc = Document(id="d", source="x.txt", title="上海市出版物发行管理条例", region="上海市", province="上海市",
                   level="province", doc_type="条例")
    clauses = [Clause(id=f"d:{i:04d}", doc_id="d", seq=i, text=t) for i, t in enumerate(rows)]
    return [(r.clause_id[-4:], r.unit) for r in extract_document(doc, clauses).responsibilities]


def test_abbreviated_short_name_folds_to_full_name() -> None:
    found = _units([
        "第四条 上海市新闻出版主管部门（以下简称市出版主管部门）主管本市出版物发行的监督管理工作，负责本条例的组织实施。",
        "第五条 市出版主管部门应当根据城市发展的实际需要和市民的文化需求，制定出版物发行的发展规划。",
    ])
    assert ("0000", "上海市新闻出版主管部门") in found
    assert ("0001", "上海市新闻出版主管部门") in found
    assert not any(u == "上海市出版主管部门" for _, u in found)


def test_task_named_department_variants_fold() -> None:
    found = _units([
        "第四条 区负责出版管理的部门负责本辖区内出版物发行的监督管理工作。",
        "第十二条 区负责出版的部门应当在十个工作日内向申请备案单位、个人出具备案回执。",
    ])
    assert ("0001", "区负责出版管理的部门") in found


# form 6: prohibitions on organs (不得), a note inside the holder (（包括…，下同）); persons of an organ in a penalty clause
@pytest.mark.parametrize(("text", "expected"), [
    ("第四条 地方各级人民政府及其所属部门（包括被授权或者委托行使行政权的组织，下同）不得违反法律、行政法规和国务院的规定，实行下列"
     "地区封锁行为：", [("地方各级人民政府", "duty")]),
    ("地方各级人民政府及其所属部门不得以任何名义、方式阻挠、干预依照本规定对地区封锁行为进行的查处工作。", [("地方各级人民政府", "duty")]),
])
def test_prohibited_organs_are_holders(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


def test_persons_of_an_organ_in_a_penalty_are_not_the_organ() -> None:
    text = ("第二十六条 市出版主管部门或者区负责出版管理的部门直接负责的主管人员或者其他直接责任人员玩忽职守、滥用职权、徇私舞弊的，"
            "由其所在单位或者上级主管部门依法给予行政处分；构成犯罪的，依法追究刑事责任。")
    assert duties(text) == []


def test_either_holder_of_a_by_list_acts() -> None:
    assert duties("敌对组织由国务院国家安全主管部门或者国务院公安部门确认。") == [
        ("国务院国家安全主管部门", "duty"), ("国务院公安部门", "duty")]
    assert duties("应当到原批准的市出版主管部门或者区出版主管部门办理变更手续。") == []


def test_organ_inside_a_law_title_is_not_a_holder() -> None:
    from kb.extract import regulation_duties
    text = ("第一条 为了使本省各级人民代表大会常务委员会依法行使人事任免权，根据宪法和《中华人民共和国地方各级人民代表大会和地方各级"
            "人民政府组织法》《中华人民共和国监察法》等有关法律，结合本省实际，制定本办法。")
    assert [r.unit for r in regulation_duties(text, "c")] == []
    # outside the title the same organ is read
    assert [r.unit for r in regulation_duties("地方各级人民政府应当依照《中华人民共和国监察法》做好工作。", "c")] == ["地方各级人民政府"]


def test_council_of_chairmen_under_its_full_name() -> None:
    doc = Document(id="g", source="x.txt", title="广东省各级人民代表大会常务委员会人事任免办法", region="广东省",
                   province="广东省", level="province", doc_type="办法")
    rows = ["第十八条 县级以上地方各级人民代表大会常务委员会主任会议，可以向人民代表大会常务委员会提出撤职案。",
            "第十二条 提请人民代表大会常务委员会审议的人事任免案，由主任会议决定提请人民代表大会常务委员会会议审议。"]
    clauses = [Clause(id=f"g:{i:04d}", doc_id="g", seq=i, text=t) for i, t in enumerate(rows)]
    found = {(r.clause_id[-1], r.unit) for r in extract_document(doc, clauses).responsibilities}
    assert ("1", "县级以上地方各级人民代表大会常务委员会主任会议") in found
    # with no full name in the document, a bare 主任会议 names no unit
    alone = extract_document(doc, clauses[1:]).responsibilities
    assert "主任会议" not in {r.unit for r in alone}


@pytest.mark.parametrize(("text", "expected"), [
    ("第十四条 各级气象主管机构所属的气象台站应当根据需要，加强农业、城市环境、火险等级等专业气象的探测和预报",
     [("各级气象主管机构所属的气象台站", "duty")]),
    ("除气象主管机构所属气象台站按照职责发布公众气象预报和灾害性天气警报外，其他任何组织或者个人不得向社会发布",
     [("气象主管机构所属气象台站", "duty")]),
    # the stations of unnamed departments name no unit
    ("其他有关部门所属的气象台站及与灾害性天气监测、预报有关的单位，应当及时向当地气象主管机构提供监测信息。", []),
])
def test_institution_hosted_by_an_agency(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


def test_committee_in_session_and_every_levels_committee() -> None:
    assert duties("第二十条 人民代表大会常务委员会会议表决人事任免案采用无记名表决的方式，表决撤职案采用无记名投票的方式。") == [
        ("人民代表大会常务委员会", "duty")]
    assert duties("有关材料一般应当在人民代表大会常务委员会会议召开的十日前提交。") == []
    from kb.extract import same_unit_in_clause
    # every level's committee is not the province's, written short
    assert same_unit_in_clause(["人民代表大会常务委员会", "省人民代表大会常务委员会"]) == {}


@pytest.mark.parametrize("text", [
    "须报上一级批准、备案和批复、通知的，由提请机关按照有关规定办理。",
    "上述情况由原提请机关报人民代表大会常务委员会备案。",
])
def test_submitting_party_is_not_a_unit(text: str) -> None:
    assert not any("提请" in u for u, _ in duties(text))


def test_issuing_authority_stays_a_unit() -> None:  # slice b records 发证机关
    assert duties("情节严重的，由发证机关吊销许可证。") == [("发证机关", "duty")]


def test_power_after_a_condition_charges_the_organ() -> None:
    assert duties("第十一条 国家安全机关依法执行反间谍工作任务时，有权向有关组织和人员调查询问有关情况。") == [("国家安全机关", "duty")]
    # a right of a body and its staff is no statutory duty (slice h, 河南 0134 第二十八条)
    assert duties("第二十八条 农业技术推广机构和农业技术推广人员，有权检举违法推广行为，抵制违背技术规程的干预。") == []
