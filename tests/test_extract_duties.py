"""Statutory duty statements of 条例 articles, on real articles from ../shared/archive/local-regulations."""

from __future__ import annotations

import pytest

from kb.extract.duties import parse_duties

HENAN_4 = ("第四条 县级以上人民政府农业机械行政主管部门负责本行政区域内的农业机械化促进工作。"
           "县级以上人民政府其他有关部门按照各自的职责，负责农业机械化促进的有关工作。")
CASES = [
    (HENAN_4, [("县级以上人民政府农业机械行政主管部门", "duty")]),  # 其他有关部门: vague, not a unit
    # a level and a 部门 suffix distribute over a list
    ("第六条 省农业机械行政主管部门应当根据农业发展规划，会同省发展改革、科技部门制定规划。省财政部门应当安排资金。",
     [("省农业机械行政主管部门", "duty"), ("省发展改革部门", "duty"), ("省科技部门", "duty"), ("省财政部门", "duty")]),
    # X应当会同Y: X leads, Y co
    ("第七条 省农业机械行政主管部门应当会同省财政、发展改革部门，根据国家有关规定确定补贴目录。",
     [("省农业机械行政主管部门", "lead"), ("省财政部门", "co"), ("省发展改革部门", "co")]),
    ("第十八条 县级以上人民政府农业机械行政主管部门和质量技术监督、工商行政管理部门应当按照各自职责，加强监督。",
     [("县级以上人民政府农业机械行政主管部门", "duty"), ("质量技术监督部门", "duty"), ("工商行政管理部门", "duty")]),
    ("第二十五条 各级人民政府及其有关部门应当支持农业机械跨行政区域作业。农业机械、公安、交通等部门应当为跨区作业提供便利。",
     [("各级人民政府", "duty"), ("农业机械部门", "duty"), ("公安部门", "duty"), ("交通部门", "duty")]),
    ("第十八条 市、区（市）人民政府应当在年度财政预算中安排资金。", [("市人民政府", "duty"), ("区（市）人民政府", "duty")]),
    ("第二十六条 违反本条例规定的，由市、县级市城乡建设行政主管部门责令改正，可并处一万元罚款。",
     [("市城乡建设行政主管部门", "duty"), ("县级市城乡建设行政主管部门", "duty")]),
    ("第三条 县级以上人民政府应当加强对农业机械化工作的领导。乡（镇）人民政府应当做好工作。",
     [("县级以上人民政府", "duty"), ("乡（镇）人民政府", "duty")]),
    # 宁波市台湾同胞投资保障条例 (local-regulations/zhejiang/0050_6abeee3f.md): a place name as the level
    ("第四条 宁波市各级人民政府和各有关部门应当依法办理台湾同胞投资事宜。", [("宁波市各级人民政府", "duty")]),
    ("第二十七条 宁波市人民政府设立投诉受理机构，接受台湾同胞投资者的投诉。", [("宁波市人民政府", "duty")]),
    # 青岛 第二十三条: prose before 由 is not a place
    ("第二十三条 使用财政性资金的建设工程项目应当采购再生产品。具体办法由市人民政府制定。", [("市人民政府", "duty")]),
    ("第二十一条 有关金融机构应当为农业机械的购买提供信贷支持。", []),  # vague
    ("第十条 农业机械生产者应当对产品质量负责。", []),  # not an organ
    ("第二条 本条例适用于本省行政区域内的农业机械化促进活动。", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_duties_real_articles(text, expected):
    assert [(r.unit, r.role) for r in parse_duties(text, "c")] == expected


def test_duty_offsets_point_at_raw():
    for text, _ in CASES:
        for r in parse_duties(text):
            assert text[r.start : r.end] == r.raw


@pytest.mark.parametrize("text", ["", "第" * 5000, "部门应当" * 3000, "县级以上人民政府" * 2000])
def test_bad_input_never_raises(text):
    parse_duties(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 济南市燃气管理条例: a penalty article's enforcer (由X处…罚款 / 由X吊销), a holder followed by 以及有关部门
        ("第四十二条 违反本条例第十五条规定，未取得燃气经营许可证从事燃气经营活动的，由城管执法部门处五万元以上五十万元以下罚款。",
         [("城管执法部门", "duty")]),
        ("第四十三条 违反本条例规定，情节严重的，由发证机关吊销燃气经营许可证。", [("发证机关", "duty")]),
        ("第三十六条 燃气主管部门以及有关部门和单位应当对燃气经营、燃气使用的安全状况等进行监督检查。",
         [("燃气主管部门", "duty")]),
        # not an organ: 行政机关 / 国家机关 in general
        ("第五条 行政机关应当依法履行职责。", []),
    ],
)
def test_enforcers_and_organs_named_机关(text, expected):
    assert [(r.unit, r.role) for r in parse_duties(text, "c")] == expected


def test_peoples_organisations_charged_by_name():
    # 广东省家政服务条例 第四条
    text = "第四条 工会、共产主义青年团、妇女联合会等群团组织应当协助做好家政服务业相关促进工作。"
    assert [(r.unit, r.role) for r in parse_duties(text, "c")] == [
        ("工会", "duty"), ("共产主义青年团", "duty"), ("妇女联合会", "duty")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 济南市燃气管理条例 第四条: an organ named as the authority for a field
        ("第四条 市市政公用事业局是本市燃气管理工作的主管部门。", [("市市政公用事业局", "duty")]),
        # a vague or non-organ subject is no authority
        ("第四条 有关部门是本市燃气管理工作的主管部门。", []),
    ],
)
def test_authority_for_a_field(text, expected):
    assert [(r.unit, r.role) for r in parse_duties(text, "c")] == expected


# 北京市司法鉴定管理条例 (local-regulations/beijing/0060_21fe4352.md) and 上海市推进国际金融中心建设条例
# (local-regulations/shanghai/0133_229ccb0f.md): courts and law-enforcement organs as holders, 本市 over a list,
# a condition "X…的，" that keeps or hands over the subject, and prose verbs that are no part of a holder's name
JUDICIAL = [
    ("第二十三条 人民法院要求司法鉴定人出庭作证的，应当在开庭审理3日前书面通知司法鉴定机构和司法鉴定人，司法鉴定人应当出庭作证。",
     [("人民法院", "duty")]),
    ("第五条 司法行政部门与公安机关、检察机关、审判机关等办案机关（以下统称办案机关）及相关行政管理部门应当建立司法鉴定工作衔接协调机制。",
     [("司法行政部门", "duty"), ("公安机关", "duty"), ("检察机关", "duty"), ("审判机关", "duty")]),
    ("第三十五条 本市各级人民法院应当完善金融诉讼案件审理机制，加大对金融案件的执行力度。", [("市各级人民法院", "duty")]),
    ("第三十三条 本市各级行政机关、司法机关应当配合国家金融管理部门做好反洗钱、反假币等打击非法金融活动的工作。",
     [("市各级司法机关", "duty")]),  # 行政机关: vague
    ("第二十四条 本市工商、税务、公安、质监等行政管理部门和司法机关应当建立信用信息共享机制，依法提供相关信用信息查询服务。",
     [("市工商部门", "duty"), ("市税务部门", "duty"), ("市公安部门", "duty"), ("市质监部门", "duty"), ("市司法机关", "duty")]),
    ("公安机关、检察机关等可以根据工作需要设立司法鉴定机构开展司法鉴定业务，但不得面向社会接受委托。",
     [("公安机关", "duty"), ("检察机关", "duty")]),
    ("第十八条 办案机关需要司法鉴定的，应当依法委托司法行政部门编制名册中的司法鉴定机构、司法鉴定人进行司法鉴定。",
     [("办案机关", "duty")]),
    ("第十九条 办案机关对司法鉴定人有特定要求的，司法鉴定机构应当按照办案机关的要求指定司法鉴定人。", []),
    ("符合条件的，市司法行政部门准予登记，颁发《司法鉴定许可证》；不符合条件的，不予登记。", [("市司法行政部门", "duty")]),
    ("司法鉴定机构、办案机关根据需要可以就复杂、疑难、特殊技术等问题向专家库成员咨询。", [("办案机关", "duty")]),
    ("（九）拒绝接受司法行政部门监督、检查或者向其提供虚假材料；", []),
    ("第二十八条 市人民政府及其有关部门应当为金融要素市场、金融机构创造条件，在国家金融管理部门支持下，将各类金融创新成果率先在本市实施推广。",
     [("市人民政府", "duty")]),
    ("第六条 市人民政府安排上海金融发展资金，用于对金融人才、金融创新的奖励和金融产业发展的扶持。", [("市人民政府", "duty")]),
    # 重庆市公共场所控制吸烟条例 (local-regulations/chongqing/0018_1358f985.md), 嘉兴市养犬管理条例
    # (local-regulations/zhejiang/0020_a2add13f.md): levels written 区县（自治县） / 县（市、区）, an organ named as a
    # field's 主管部门, zone committees beside the governments (管委会 → 管理委员会)
    ("第四条 市、区县（自治县）人民政府应当加强对公共场所控制吸烟工作的领导。", [("市人民政府", "duty"), ("区县（自治县）人民政府", "duty")]),
    ("第五条 市、区县（自治县）卫生健康主管部门是公共场所控制吸烟工作的主管部门，应当依法履行以下职责：",
     [("市卫生健康主管部门", "duty"), ("区县（自治县）卫生健康主管部门", "duty")]),
    ("第十七条 县（市、区）人民政府、嘉兴经济技术开发区（国际商务区）管委会、嘉兴港区管委会应当建立犬只收容、救助、领养制度",
     [("县（市、区）人民政府", "duty"), ("嘉兴经济技术开发区（国际商务区）管理委员会", "duty"), ("嘉兴港区管理委员会", "duty")]),
    # the suffix a list shares (行政部门, 管理机构); 市场 is no level; 下列部门 / 有权机关 name no organ
    ("（一）教育、人力资源社会保障行政部门按照各自职责负责各级各类学校的控制吸烟工作；",
     [("教育行政部门", "duty"), ("人力资源社会保障行政部门", "duty")]),
    ("（六）市场监督管理、商务、烟草专卖等部门按照各自职责负责餐饮服务场所的控制吸烟工作；",
     [("市场监督管理部门", "duty"), ("商务部门", "duty"), ("烟草专卖部门", "duty")]),
    ("机场、铁路、轨道交通管理机构负责相关公共场所的控制吸烟工作。",
     [("机场管理机构", "duty"), ("铁路管理机构", "duty"), ("轨道交通管理机构", "duty")]),
    ("第十七条 下列部门应当依照各自职责，做好相关领域的公共场所控制吸烟监督管理工作：", []),
    ("第二十六条 有关部门及其工作人员违反本条例规定，在养犬管理工作中玩忽职守、滥用职权、徇私舞弊的，由有权机关依法给予处分。", []),
    # 嘉兴 第十条: a 会同 later in the holder's sentence ("X应当公布…，并会同Y…"): X lead, Y co
    ("养犬主管部门应当向社会公布养犬准养登记办理场所，并会同畜牧兽医主管部门采取措施，逐步实现养犬准养登记与犬只狂犬病免疫在同一场所办理。",
     [("养犬主管部门", "lead"), ("畜牧兽医主管部门", "co")]),
    # two holders joined by 和 before 会同 both lead; 市有关部门 names no organ
    ("市教育管理部门和市金融服务部门应当会同市有关部门设立金融职业教育与培训基地，培养各类金融专业人才和金融管理人才。",
     [("市教育管理部门", "lead"), ("市金融服务部门", "lead")]),
]


@pytest.mark.parametrize(("text", "expected"), JUDICIAL)
def test_judicial_organs_and_holder_boundaries(text, expected):
    assert [(r.unit, r.role) for r in parse_duties(text, "c")] == expected
