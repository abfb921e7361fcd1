"""The subject of a statutory duty sentence read by its head (kb.extract.statutory), with real sentences.

Sources: tests/data/archive (the slices' regulations: 河南省气象条例, 上海市出版物发行管理条例, 广州市 养老服务条例 …),
corpus/, and regulations of ../shared/archive/local-regulations read for the archive sample (上海 禁毒, 宁波 停车场,
重庆 义务植树, 济南 急救, 聊城 城镇容貌, 浙江 水污染, 嘉兴…), quoted as printed.
"""

from __future__ import annotations

import pytest

from kb.extract import regulation_duties
from kb.extract.statutory import head_kind, split_subject, statutory_subjects


def units(text: str) -> list[tuple[str, str]]:
    return [(r.unit, r.role) for r in statutory_subjects(text, "c")]


@pytest.mark.parametrize(("text", "expected"), [
    # organs no lexicon lists, found by their head
    ("第二十四条 各级气象台站应当做好人工影响天气作业所需的各项准备", [("各级气象台站", "duty")]),
    ("第二十一条 市急救中心应当设置与院前医疗急救呼叫量相适应的“120”呼叫线路", [("市急救中心", "duty")]),
    ("第三十七条 毗邻县（市、区）人民政府应当加强沟通协调，协调解决跨界水污染纠纷。", [("毗邻县（市、区）人民政府", "duty")]),
    ("第三十条 地震灾害发生后，地震发生地县级以上人民政府应当根据地震灾害级别，组织有关部门立即启动相应地震应急预案",
     [("地震发生地县级以上人民政府", "duty")]),
    ("第二十六条 县级以上人民政府中小企业投诉机构应当依法受理中小企业投诉", [("县级以上人民政府中小企业投诉机构", "duty")]),
    ("第十四条 区县（自治县）绿化委员会应当根据绿化规划和适龄人数于年底前将第二年或者以后几年的义务植树任务下达",
     [("区县（自治县）绿化委员会", "duty")]),
    ("第四十六条 市食品安全委员会办公室应当设立统一举报电话，并向社会公布。", [("市食品安全委员会办公室", "duty")]),
    # lists: a list of levels shares the body, a list of sectors the head, 等…部门 gives each item 部门
    ("第五条 市和区、县禁毒委员会负责组织、协调、指导本行政区域内的禁毒工作",
     [("市禁毒委员会", "duty"), ("区禁毒委员会", "duty"), ("县禁毒委员会", "duty")]),
    ("第四条 市和县（市）区人民政府应当建立停车场规划、建设和管理的协调机制",
     [("市人民政府", "duty"), ("县（市）区人民政府", "duty")]),
    ("市、区（县级市）人民政府应当制定规划", [("市人民政府", "duty"), ("区（县级市）人民政府", "duty")]),
    ("第二十二条 无故不履行植树义务、经教育仍不改正的年满十八岁以上的适龄公民，区县（自治县）林业、园林主管部门可按相当于完成义务植树所需费用标准的一至三倍给予处罚。",
     [("区县（自治县）林业主管部门", "duty"), ("区县（自治县）园林主管部门", "duty")]),
    ("科学技术、经济和信息化等有关政府部门应当发布重点领域应用场景项目清单。",
     [("科学技术部门", "duty"), ("经济和信息化部门", "duty")]),
    ("乡（镇）人民政府、城市街道办事处应当指定人员负责殡葬管理工作", [("乡（镇）人民政府", "duty"), ("城市街道办事处", "duty")]),
    # 由X V: the agent; 由X会同Y: X leads
    ("雷电灾害调查工作由各级气象主管机构负责", [("各级气象主管机构", "duty")]),
    ("市出版物鉴定工作由市出版主管部门或者其所属的出版物鉴定机构负责", [("市出版主管部门", "duty")]),
    ("对符合本条例第二十条规定情形之一，妊娠前未申请办理生育证的，由乡镇人民政府或者街道办事处责令其妊娠后补办生育证",
     [("乡镇人民政府", "duty"), ("街道办事处", "duty")]),
    ("前款第八项规定的烈性犬、大型犬的体型标准及种类由市公安机关会同畜牧主管部门确定并公布。",
     [("市公安机关", "lead"), ("畜牧主管部门", "co")]),
    ("第十三条 县级以上人民政府中小企业工作部门会同有关部门应当推进和组织建立中小企业信用担保体系",
     [("县级以上人民政府中小企业工作部门", "lead")]),
])
def test_organ_subjects(text: str, expected: list[tuple[str, str]]) -> None:
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    # regulated parties at the head of the sentence are never holders; organs in their predicate are objects
    "第二十六条 居民委员会、村民委员会应当协助开展对社区老年人家庭成员的护理培训",
    "村（居）民委员会应当做好老年人权益保障的相关工作",
    "第九条 建设卫星导航定位基准站的，建设单位应当按照国家规定报国务院自然资源主管部门或者省自然资源主管部门备案",
    "排污单位拒不履行市、县（市、区）人民政府或者环境保护主管部门依法作出的责令停产、停业、关闭或者停产整顿决定",
    "环境监测机构应当按照国家和本市环境监测规范开展环境监测",
    "市内经营性车辆清洗站（点）应当有专门清洗场地和沉淀（沙）设施。",
    "本市金融仲裁机构应当依据法律、法规和国际惯例，完善仲裁规则",
    # a verb opening the clause: the organ is its object
    "第三条 禁毒工作贯彻预防为主，综合治理，禁种、禁制、禁贩、禁吸并举的方针，实行政府统一领导，有关部门各负其责",
    "遵循政府领导、统一指挥、社会参与、分级负责、属地为主的原则",
    # a relative clause: the organ only describes the noun that acts
    "第九条 省人民政府设立的省海上搜救中心负责全省海上搜寻救助的统一组织、协调和指挥工作。",
    "第六条 县级以上人民政府负责老龄工作的机构履行下列职责：",
    "本条例施行前由综合行政执法部门核发的养犬准养登记证明，继续有效。",
    # vague, role-defined and generic holders; a chapter's heading
    "市、县（市、区）人民政府有关部门应当按照各自职责做好相关工作。",
    "市各行业主管部门应当按照职责分工开展本行业、本领域的诚信教育活动。",
    "第九条 行政机关应当依法公开职责权限",
    "第二章 国家安全机关在反间谍工作中的职权",
    "由其管理机构负责养护",
])
def test_not_holders(text: str) -> None:
    assert units(text) == []


def test_heads_decide() -> None:
    assert head_kind("国防科技工业计量技术机构") == "organ"  # 机构 with a governance word (计量)
    assert head_kind("某某保护管理委员会") == "organ"
    assert head_kind("医疗机构") == "regulated"  # the longest head wins over 机构
    assert head_kind("行政机关工作人员") == "regulated"
    assert head_kind("第三方机构") is None
    assert head_kind("部门") is None
    assert split_subject("市环境保护行政主管部门（以下简称市环保部门）") == ["市环境保护行政主管部门"]


def test_fallback_behind_the_holder_grammar() -> None:
    """regulation_duties keeps what the holder grammar reads and adds only subjects it did not read."""
    found = [(r.unit, r.role) for r in regulation_duties("第五条 市和区、县禁毒委员会负责组织、协调、指导本行政区域内的禁毒工作", "c")]
    assert sorted(found) == [("区禁毒委员会", "duty"), ("县禁毒委员会", "duty"), ("市禁毒委员会", "duty")]
    weather = regulation_duties("第十条 各级人民政府应当依法保护气象探测环境，支持气象主管机构依法开展工作。", "c")
    assert [r.unit for r in weather] == ["各级人民政府"]  # 气象主管机构 is the object of 支持
    assert regulation_duties("第二十六条 居民委员会、村民委员会应当协助开展对社区老年人家庭成员的护理培训", "c") == []


def test_by_first_of_a_list_is_an_organ_not_a_party() -> None:
    """由A或者B V reads A only when A is an organ: here a builder hands the car park over to the organ."""
    text = "经相关部门验收合格后，由建设单位移交城市管理部门或者当地政府指定的单位，并通过经营权招标或者拍卖确定经营者。"
    assert units(text) == []


@pytest.mark.parametrize("text", [
    "县（市）人民政府确定的管理部门是本行政区域内燃气管理工作的主管部门。",
    "第十一条 登记主管机关核准登记注册的企业法人的法定代表人是代表企业行使职权的签字人。",
])
def test_descriptions_charge_no_one(text: str) -> None:
    """"X V的N是…" defines N; X is not charged with anything."""
    assert units(text) == []


def test_verb_and_object_with_de_is_a_duty() -> None:
    """"X管理全国的…工作": 的 inside the object, not a relative clause over X."""
    assert units("第七条 国家人民防空主管部门管理全国的人民防空工作。") == [("国家人民防空主管部门", "duty")]
    assert units("第六条 国务院、中央军事委员会领导全国的人民防空工作。") == [("国务院", "duty"), ("中央军事委员会", "duty")]


@pytest.mark.parametrize(("text", "expected"), [
    # a whole clause naming organs, then ，按照 / 应当 …
    ("第六条 市、区县林业行政主管部门负责本行政区域的国土绿化工作。规划、建设、财政、国土资源、农业、审计、交通、水利与渔业等有关部门，应当按照各自职责做好国土绿化的相关工作。",
     ["市林业行政主管部门", "区县林业行政主管部门", "规划部门", "建设部门", "财政部门", "国土资源部门", "农业部门", "审计部门",
      "交通部门", "水利与渔业部门"]),
    ("第四十条 自然资源、教育、工业和信息化、公安等部门和单位，应当按照各自职责，加强对地图编制的监督管理",
     ["自然资源部门", "教育部门", "工业和信息化部门", "公安部门"]),
    # one level over a list of state organs; 省、自治区、直辖市 is one level
    ("第十八条 县级以上地方各级人民政府、监察委员会、人民法院、人民检察院应当",
     ["县级以上地方各级人民政府", "县级以上地方各级监察委员会", "县级以上地方各级人民法院", "县级以上地方各级人民检察院"]),
    ("第三十九条 各省、自治区、直辖市人民政府应当", ["各省、自治区、直辖市人民政府"]),
    ("收费标准由市人民政府价格主管部门会同市司法行政部门制定", ["市人民政府价格主管部门", "市司法行政部门"]),
    ("第五条 司法行政部门与公安机关、检察机关、审判机关应当建立司法鉴定管理与使用衔接机制",
     ["司法行政部门", "公安机关", "检察机关", "审判机关"]),
])
def test_lists(text: str, expected: list[str]) -> None:
    assert [u for u, _ in units(text)] == expected


@pytest.mark.parametrize("text", [
    "第十一条 新建城区居住区用地周边公园绿地布局应当按照下列原则确定：",  # 布局 ends in 局 but names no bureau
    "第四条 本市建立和完善大型科学仪器设施共享服务平台。市共享服务平台应当向管理部门报送",
    "市人民政府确定的重点地区的控制性详细规划，还应当对地下空间开发作出规定",  # X确定的N: X describes N
    "民事商事仲裁裁决被人民法院依法裁定撤销或者不予执行的，当事人就同一纠纷可以根据双方重新达成的仲裁协议申请仲裁",
])
def test_more_not_holders(text: str) -> None:
    assert units(text) == []


def test_a_list_closed_by_deng_then_more_organs() -> None:
    text = ("第六条 市场监督管理、公安、海关、海事等部门和乡（镇）人民政府、街道办事处，应当按照各自职责做好下列反走私综合治理工作")
    assert [u for u, _ in units(text)] == ["市场监督管理部门", "公安部门", "海关部门", "海事部门", "乡（镇）人民政府", "街道办事处"]


def test_partners_of_huitong_are_co() -> None:
    text = "第十七条 城镇容貌和环境卫生行政主管部门应当会同规划等部门和镇人民政府、街道办事处，按照合理布局、疏堵结合的原则，科学设置"
    assert units(text) == [("城镇容貌和环境卫生行政主管部门", "lead"), ("规划部门", "co"), ("镇人民政府", "co"), ("街道办事处", "co")]
    assert units("县级以上人民政府林业主管部门应当会同有关部门制定") == [("县级以上人民政府林业主管部门", "lead")]


@pytest.mark.parametrize("text", [
    "第四条 建设工程质量实行政府监督、社会监理和企业自控的管理体制。",
    "第二十条 属于政府统计机构和有关部门职责范围内的统计资料，应当",
    "在制定工程建设标准和技术规范时，制定部门应当充分考虑气象灾害可能造成的影响",  # named by its act, like 提请机关
])
def test_verbs_and_roles_are_no_names(text: str) -> None:
    assert units(text) == []
