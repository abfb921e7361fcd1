"""Assignment forms learnt from blind slice c (issue 11), each on the real sentence it comes from.

Sources (../shared/archive, copies under tests/data/archive): govcn_04 = 国办发〔2019〕4号 三级公立医院绩效考核;
govcn_18 = 国办发〔2018〕124号 文化体制改革两个规定; govcn_55 = 国函〔2018〕144号 职业教育工作部际联席会议;
govcn_60 = 国办函〔2018〕71号 政府网站集约化试点; henan_0061 = 河南省专业技术人员继续教育条例;
shandong_0285 = 淄博市国土绿化条例; govcn_41 = 国办函〔2005〕57号 国家粮食应急预案; govcn_03 = 国发〔2019〕4号.
"""

from __future__ import annotations

import pytest

from kb.extract import extract_document, is_regulation, same_unit_in_clause, short_names
from kb.extract.deadlines import parse_deadlines
from kb.extract.duties import parse_duties
from kb.extract.numbers import parse_indicators
from kb.extract.unitnames import is_sector_holder
from kb.extract.unittables import table_responsibilities
from kb.extract.units import parse_responsibilities
from kb.models import Clause, Document


def roles(text: str) -> list[tuple[str, str]]:
    return [(r.unit, r.role) for r in parse_responsibilities(text, "c")]


SUBJECTS = [
    # govcn_04 三（二）: subjects after a time phrase, one task each
    ("（二）统一编码和术语集。2019年3月底前，国家卫生健康委推行全国统一的疾病分类编码、手术操作编码和医学名词术语集。"
     "国家中医药局印发全国统一的中医病证分类与代码和中医名词术语集。",
     [("国家卫生健康委", "lead"), ("国家中医药局", "lead")]),
    # govcn_04 四: a time phrase glued to the subject
    ("2020年起，每年2月底前各省份完成辖区内三级公立医院绩效考核工作，3月底前国家卫生健康委完成国家监测指标分析工作。",
     [("国家卫生健康委", "lead")]),
    # govcn_04 四（三）: 于 after the subject
    ("（三）国家监测分析。国家卫生健康委于2019年12月底前完成国家监测指标分析，并及时以适当方式向社会公布。",
     [("国家卫生健康委", "lead")]),
    # govcn_04 五（一）: functional holders of known sectors, a joint list
    ("要强化组织领导，财政、发展改革、教育、人力资源社会保障、卫生健康、医保、中医药等部门要建立协调推进机制。",
     [("财政部门", "co"), ("发展改革部门", "co"), ("教育部门", "co"), ("人力资源社会保障部门", "co"), ("卫生健康部门", "co"),
      ("医保部门", "co"), ("中医药部门", "co")]),
    # govcn_04 五（二）: the sole holder of its sentence leads
    ("卫生健康行政部门监督指导三级公立医院落实病案首页、疾病分类编码要求。国家中医药局负责组织实施三级公立中医医院绩效考核工作。",
     [("卫生健康行政部门", "lead"), ("国家中医药局", "lead")]),
    # govcn_60 五（一）: a holder named by what it is, 对…负总责
    ("试点地区政府办公厅（室）对政府网站集约化试点工作的统筹推进、组织协调和考核管理负总责。", [("试点地区政府办公厅（室）", "lead")]),
    # govcn_55 附件 二: members of a joint body with a named lead
    ("联席会议由教育部、发展改革委、工业和信息化部、财政部9个部门和单位组成，教育部为牵头单位。",
     [("教育部", "lead"), ("发展改革委", "co"), ("工业和信息化部", "co"), ("财政部", "co")]),
    # govcn_18 preamble: the drafters of a text hold no task
    ("中央宣传部会同中央网信办、发展改革委、科技部等有关部门和单位拟定的《进一步支持文化企业发展的规定》已经国务院同意。", []),
    # govcn_18 closing paragraph: 会同 at two levels, 同级 distributed over the partners
    ("中央所属转制文化企业的认定，由中央宣传部会同财政部、税务总局确定并发布名单；地方所属转制文化企业的认定，"
     "由地方各级宣传部门会同同级财政、税务部门确定和发布名单。",
     [("中央宣传部", "lead"), ("财政部", "co"), ("税务总局", "co"), ("地方各级宣传部门", "lead"), ("同级财政部门", "co"),
      ("同级税务部门", "co")]),
    # govcn_03 （六）: 分别负责 gives each its own part; the level 国务院 distributes
    ("国务院人力资源社会保障行政部门、教育行政部门在职责范围内，分别负责管理监督考核院校外、院校内职业技能等级证书的实施。",
     [("国务院人力资源社会保障行政部门", "lead"), ("国务院教育行政部门", "lead")]),
    # govcn_12 (国办发〔2018〕127号, unannotated): 请X…, X、Y等部门, a vague member of a list left out
    ("项目管理专业机构不再承担已明确下放给科研单位管理的有关事项，请科技部、工业和信息化部、农业农村部、卫生健康委等部门"
     "在2019年2月底前完成。",
     [("科技部", "co"), ("工业和信息化部", "co"), ("农业农村部", "co"), ("卫生健康委", "co")]),
    ("（三）明确科技成果作为国有资产的管理程序。请财政部落实《中华人民共和国促进科技成果转化法》。", [("财政部", "lead")]),
    ("（一）推动预算调剂和仪器采购管理权落实到位。科技部、财政部和相关科技项目管理部门要按照有关精神修订管理办法。",
     [("科技部", "co"), ("财政部", "co")]),
    # a / govcn_07 三（三）（四）四（一）: 是…责任主体, 对…进行…, 各 + a holder named by what it is
    ("（三）组织开展试点。试点城市政府是“无废城市”建设试点责任主体，要围绕试点内容，有力有序开展试点。",
     [("试点城市政府", "lead")]),
    ("（四）开展评估总结。2021年3月底前，试点城市政府对本地区试点总体情况进行评估总结。", [("试点城市政府", "lead")]),
    ("各试点城市政府要高度重视，把试点工作列为政府年度重点工作任务。", [("试点城市政府", "lead")]),
    # govcn_36 (国办发〔2018〕114号, unannotated): X为…主管单位
    ("应急部为专用号牌及配套行驶证件的核发主管单位。", [("应急部", "lead")]),
    # b / govcn_41 4.4 and 2.1.3（10）: one body at two levels (国家或省级…指挥部); 会同…制订
    ("粮食应急状态消除后，国家或省级粮食应急工作指挥部要及时终止应急措施。",
     [("国家粮食应急工作指挥部", "co"), ("省级粮食应急工作指挥部", "co")]),
    ("（10）国务院新闻办会同国家发展改革委制订国家粮食应急新闻发布预案，负责组织发布相关新闻。",
     [("国务院新闻办", "lead"), ("国家发展改革委", "co")]),
    # b / govcn_08 四（四）: 各级 + a sector's department is a holder of its own sentence, not a vague one
    ("国家医保局承担制定试点方案的职责；各级卫生健康部门负责对医疗机构落实中选药品使用情况进行指导和监督。",
     [("国家医保局", "lead"), ("各级卫生健康部门", "lead")]),
    # govcn_17 (国办发〔2018〕123号, unannotated): the offices of every level's government are a holder, 各级政府 is vague
    ("国务院办公厅是全国政务新媒体工作的主管单位，地方各级人民政府办公厅（室）是本地区政务新媒体工作的主管单位。",
     [("国务院办公厅", "lead"), ("地方各级人民政府办公厅（室）", "lead")]),
    ("（十六）健全经费投入机制。各级政府要建立与办学规模、培养成本、办学质量等相适应的财政投入制度。", []),
    # b / govcn_41 2.2: 由X提请
    ("如果没有达到预期的调控效果，由省级粮食应急工作指挥部提请国家粮食应急工作指挥部进行调控。", [("省级粮食应急工作指挥部", "lead")]),
    # govcn_10: a past action in a preamble is no task
    ("国务院办公厅已于2017年印发通知予以推广。", []),
    # govcn_41 1.2: a principle quoted (…负责的原则) is no task
    ("按照在国家宏观调控下，省级人民政府对本地区粮食生产和流通全面负责的原则，本预案规定的粮食应急状态分为两级。", []),
]


@pytest.mark.parametrize(("text", "expected"), SUBJECTS)
def test_subject_forms(text, expected):
    assert roles(text) == expected


DUTIES = [
    # shandong_0285 第五条 / 第六条: the level list 市、区县; sectors of a list with one suffix (水利与渔业 one sector)
    ("第五条 市、区县人民政府应当将国土绿化纳入国民经济和社会发展规划。", [("市人民政府", "duty"), ("区县人民政府", "duty")]),
    ("规划、建设、财政、国土资源、农业、审计、交通、水利与渔业等部门应当按照各自职责，做好国土绿化工作。",
     [("规划部门", "duty"), ("建设部门", "duty"), ("财政部门", "duty"), ("国土资源部门", "duty"), ("农业部门", "duty"),
      ("审计部门", "duty"), ("交通部门", "duty"), ("水利与渔业部门", "duty")]),
    # shandong_0285 第二十三条 / 第二十七条: 由 + a level's government + any verb; holders joined by 、
    ("第二十三条 部门、单位、个人的年度绿化任务由区县、乡镇人民政府下达。", [("区县人民政府", "duty"), ("乡镇人民政府", "duty")]),
    ("第二十七条 全民义务植树运动由市、区县人民政府统一安排，街道办事处、乡镇人民政府组织实施。",
     [("市人民政府", "duty"), ("区县人民政府", "duty"), ("街道办事处", "duty"), ("乡镇人民政府", "duty")]),
    # shandong_0285 第二十二条（六）: 村民委员会 is not an organ
    ("（六）封山育林区的封育，由乡镇人民政府或者村民委员会负责。", [("乡镇人民政府", "duty")]),
    # henan_0061 第十二条: levels in brackets stay whole; the shared suffix 行政主管部门; 和其他 names nothing
    ("第十二条 省人事行政部门负责全省继续教育的规划；省辖市、县（市、区）人事行政部门负责本行政区域内继续教育工作。"
     "教育、科技、卫生和其他行政主管部门在各自职权范围内，配合人事行政部门做好继续教育工作。",
     [("省人事行政部门", "duty"), ("省辖市人事行政部门", "duty"), ("县（市、区）人事行政部门", "duty"),
      ("教育行政主管部门", "duty"), ("科技行政主管部门", "duty"), ("卫生行政主管部门", "duty")]),
    # henan_0061 第二十一条 / 第二十五条: 或 / 或者 join two holders
    ("第二十一条 对在继续教育工作中做出显著成绩的单位和个人，县级以上人民政府或人事行政部门应当给予表彰或奖励。",
     [("县级以上人民政府", "duty"), ("人事行政部门", "duty")]),
    ("第二十五条 专业技术人员提出申诉的，所在单位的行政主管部门或者人事行政部门应在接到申诉之日起三十日内作出处理决定。",
     [("人事行政部门", "duty")]),
    # govcn_18 规定: holders after an item number; 也可; 党委 distributes; 由X V…的N describes N
    ("（二十）财税部门应认真落实适用于转制企业的现行财税优惠政策。", [("财税部门", "duty")]),
    ("净资产不足的，财政部门也可给予一次性补助。", [("财政部门", "duty")]),
    ("党委宣传部门、组织部门要加强对国有文化企业党建工作的指导。", [("党委宣传部门", "duty"), ("党委组织部门", "duty")]),
    ("（二十四）由财政部门拨付事业经费的经营性文化事业单位转制为企业，对其自用房产五年内免征房产税。", []),
    # govcn_32 (个人所得税专项附加扣除暂行办法, unannotated): "国务院确定的其他城市" names no holder
    ("（一）直辖市、省会（首府）城市、计划单列市以及国务院确定的其他城市，扣除标准为每月1500元；", []),
    # b / shandong_0261 (济南市燃气管理条例) 第三十九条: holders with their own suffixes joined by 和, closed by 等有关部门和单位
    ("燃气主管部门、安全生产监督管理部门和公安机关消防机构等有关部门和单位，应当根据各自职责采取处置措施。",
     [("燃气主管部门", "duty"), ("安全生产监督管理部门", "duty"), ("公安机关消防机构", "duty")]),
    # 农村集体经济组织法 (national-laws, unannotated): 县级人民政府; 省、自治区、直辖市 alone names no organ
    ("第五十四条 县级人民政府和乡镇人民政府、街道办事处应当加强农村集体经济组织经营管理队伍建设。",
     [("县级人民政府", "duty"), ("乡镇人民政府", "duty"), ("街道办事处", "duty")]),
    ("省、自治区、直辖市可以根据实际情况，制定本行政区域农村集体财产管理具体办法。", []),
    # 上海市产品质量监督条例 (local-regulations/shanghai/0005_21191c3c.md, unannotated): 经 in 经济信息化 is a sector,
    # "…、财政等行政管理部门" one suffix for every item; 本市 is the city's level
    ("第二十二条 市质量技术监督部门应当会同市工商行政管理、经济信息化、商务、财政等行政管理部门，组织编制本市重点产品质量监控目录。",
     [("市质量技术监督部门", "lead"), ("市工商行政管理部门", "co"), ("市经济信息化部门", "co"), ("市商务部门", "co"),
      ("市财政部门", "co")]),
    ("本市工商行政管理部门负责流通领域产品的质量监督管理，其他有关部门在各自的职责范围内做好工作。", [("市工商行政管理部门", "duty")]),
    # govcn_41 3.2: a level written 省、自治区、直辖市; 价格和商务 are two sectors, 文化和旅游 one
    ("有下列情形之一的，省、自治区、直辖市发展改革、粮食、价格和商务部门，应当立即进行调查核实。",
     [("省、自治区、直辖市发展改革部门", "duty"), ("省、自治区、直辖市粮食部门", "duty"), ("省、自治区、直辖市价格部门", "duty"),
      ("省、自治区、直辖市商务部门", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), DUTIES)
def test_duty_forms(text, expected):
    assert [(r.unit, r.role) for r in parse_duties(text, "c")] == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("财政部门", True), ("卫生健康行政部门", True), ("各省级药监部门", True), ("国务院教育行政部门", True),
    ("行政执法机关", False), ("牵头部门", False), ("指导各地医保部门", False), ("多渠道培育养老服务人才部门", False),
])
def test_sector_holders_name_a_known_sector(name, expected):
    assert is_sector_holder(name) is expected


def test_same_unit_in_clause_folds_the_shorter_name():
    assert same_unit_in_clause(["国务院人力资源社会保障行政部门", "人力资源社会保障行政部门"]) == {
        "人力资源社会保障行政部门": "国务院人力资源社会保障行政部门"}
    assert same_unit_in_clause(["卫生健康行政部门", "卫生健康部门"]) == {"卫生健康部门": "卫生健康行政部门"}
    # 青岛: 市城乡建设行政主管部门 has its own level, it is not 县级市城乡建设行政主管部门
    assert same_unit_in_clause(["市城乡建设行政主管部门", "县级市城乡建设行政主管部门"]) == {}


def _clauses(doc_id: str, texts: list[str], numbers: list[str] | None = None) -> list[Clause]:
    numbers = numbers or [""] * len(texts)
    out, parent = [], None
    for i, (text, number) in enumerate(zip(texts, numbers, strict=True)):
        child = number.startswith("（") and parent is not None
        out.append(Clause(id=f"{doc_id}:{i:04d}", doc_id=doc_id, seq=i, number=number, text=text,
                          parent_id=parent if child else None))
        parent = parent if child else out[-1].id
    return out


def test_short_names_fold_to_the_full_name():
    texts = ["为进一步加强对职业教育工作的领导，建立国务院职业教育工作部际联席会议（以下简称联席会议）制度。",
             "联席会议办公室要及时向各成员单位通报相关情况。", "联席会议办公室设在教育部，主要承担联席会议组织联络和协调等日常工作。"]
    clauses = _clauses("g55", texts)
    assert short_names(clauses) == {"联席会议": "国务院职业教育工作部际联席会议"}
    # b / govcn_08 五（一）: the members before 组成 are not part of the body's name
    composed = _clauses("g08", ["由国务院办公厅、国家医保局、国家卫生健康委、国家药监局组成国家组织药品集中采购和使用试点工作小组"
                                "（以下简称试点工作小组），领导试点工作。"])
    full = "国家组织药品集中采购和使用试点工作小组"
    assert short_names(composed) == {"试点工作小组": full, "工作小组": full}
    doc = Document(id="g55", source="x", level="national", region="全国", doc_type="批复", text="\n".join(texts))
    units = {(r.unit, r.role) for r in extract_document(doc, clauses).responsibilities}
    assert units == {("国务院职业教育工作部际联席会议办公室", "lead")}


def test_the_one_body_of_its_kind_a_document_names_in_full():
    """b / govcn_03 （二十）: "国务院职业教育工作部际联席会议由…组成…。联席会议统筹协调全国职业教育工作" — the short
    联席会议 is the one 联席会议 the document names in full; a 领导小组 it never names in full is no unit."""
    texts = ["（二十）完善国务院职业教育工作部际联席会议制度。国务院职业教育工作部际联席会议由教育、人力资源社会保障等单位组成。"
             "联席会议统筹协调全国职业教育工作，研究协调解决工作中重大问题。", "领导小组要加强统筹。"]
    clauses = _clauses("g03", texts)
    assert short_names(clauses) == {"联席会议": "国务院职业教育工作部际联席会议"}
    doc = Document(id="g03", source="x", level="national", region="全国", doc_type="实施方案", text="")
    units = {(r.clause_id, r.unit, r.role) for r in extract_document(doc, clauses).responsibilities}
    assert units == {("g03:0000", "国务院职业教育工作部际联席会议", "lead")}


def test_a_regulation_states_duties_and_its_cases_inherit_nothing():
    regulation = Document(id="r", source="x", level="national", region="全国", doc_type="规定", text="")
    assert is_regulation(regulation) and not is_regulation(regulation.model_copy(update={"doc_type": "意见"}))
    clauses = _clauses("r", ["（二十）财税部门应认真落实适用于转制企业的现行财税优惠政策。"], ["（二十）"])
    assert [(r.unit, r.role) for r in extract_document(regulation, clauses).responsibilities] == [("财税部门", "duty")]
    plan = Document(id="p", source="x", level="national", region="全国", doc_type="函", text="")
    clauses = _clauses("p", ["3.2应急报告\n国家发展改革委及国家粮食局会同商务部建立应急报告制度。有下列情形之一的，应当立即进行调查核实。",
                             "（1）发生洪水、地震以及其他严重自然灾害，造成粮食市场异常波动的。"], ["3.2", "（1）"])
    by_clause = {r.clause_id for r in extract_document(plan, clauses).responsibilities}
    assert by_clause == {"p:0000"}


FIGURES = [
    ("（二）连续脱产半年以内、半脱产一年以内的", [("半年", 0.5, None, "年", "<="), ("一年", 1.0, None, "年", "<=")]),  # henan_0061
    ("第六条 继续教育实施周期为三至五年", [("三至五年", 3.0, 5.0, "年", "=")]),  # henan_0061
    ("联席会议原则上每年召开两次会议", [("两次", 2.0, None, "次", "=")]),  # govcn_55
    ("每500亩左右一名护林员", [("一名", 1.0, None, "名", "=")]),  # shandong_0285: 500亩 is the basis
    ("（二）坡度25度以上的坡地、坡耕地", [("25度", 25.0, None, "度", ">=")]),  # shandong_0285
    ("（二）平原农田林网建设：网格面积不得大于400亩", [("400亩", 400.0, None, "亩", "<=")]),  # shandong_0285
    ("确保有培训需求的养老护理员每年都能享受到一次政府提供的培训", []),  # seed 002: 一次 is an idiom here
    ("1.2.1国家级（Ⅰ级）：两个以上省、自治区、直辖市出现粮食应急状态", [("两个", 2.0, None, "个", ">=")]),  # govcn_41
    ("2.标记“▲”的26个指标为国家监测指标。", []),  # govcn_04 附件 注: the count of the annex's own indicators
    ("产区保持三个月销量，销区保持六个月销量", [("三个月", 3.0, None, "个月", "="), ("六个月", 6.0, None, "个月", "=")]),  # govcn_41
    ("使用燃气的大型商贸建筑、公共建筑及十六层以上的高层建筑", [("十六层", 16.0, None, "层", ">=")]),  # shandong_0261
    ("确定北京、吉林、安徽、山东、湖北、湖南、广东、广西、重庆、贵州10个省（区、市）作为试点地区", []),  # govcn_60: a list's count
]


@pytest.mark.parametrize(("text", "expected"), FIGURES)
def test_figures_in_chinese_numerals_and_bounds(text, expected):
    assert [(i.raw, i.value, i.value_max, i.unit, i.comparator) for i in parse_indicators(text)] == expected


DEADLINES = [
    # govcn_18 （二十四）: a cut-off for what was done is no deadline; a term from a start date is a period
    ("2018年12月31日之前已完成转制的企业，自2019年1月1日起对其自用房产可继续免征五年房产税。",
     [("period", "2023-12-31", "2019-01-01")]),
    ("考核数据时间节点为上一年度1月至12月。", []),  # govcn_04 四: a rolling data window
    ("试点地区公立医疗机构应优先使用，确保1年内完成合同用量。", [("relative", None, None)]),  # govcn_08 三（二）
    ("可渐进调整支付标准，在2—3年内调整到位", [("relative", None, None)]),  # govcn_08 四（一）
    ("对其自用房产五年内免征房产税。", []),  # govcn_18 （二十四）: how long an exemption lasts, no deadline
    ("到2022年，…2020年初步建成300个示范性职业教育集团", [("target", "2022-12-31", None), ("target", "2020-12-31", None)]),  # govcn_03
    ("专业技术人员继续教育脱产学习时间每年累计不少于六十四小时", [("recurring", None, None)]),  # henan_0061 第六条
    ("每三年对各行业继续教育的内容、效果及总体工作等情况进行评估。", [("recurring", None, None)]),  # henan_0061 第二十条
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES)
def test_deadline_forms(text, expected):
    assert [(d.kind, d.date, d.start_date) for d in parse_deadlines(text, "2018-12-18")] == expected


def test_a_role_cell_that_names_its_lead():
    """A task table whose unit cell says who leads: the cell text of govcn_07's bracket tail (生态环境部牵头，…参与)
    in a 部门分工 / 责任单位 column, and a list cell with a unit marked （牵头）."""
    cell = "生态环境部牵头，国家发展改革委、工业和信息化部、住房城乡建设部、农业农村部、国家统计局参与"
    for column in ("部门分工", "责任单位"):
        header, cells = ["序号", "工作任务", column], ["1", "建立“无废城市”建设指标体系", cell]
        text = "；".join(f"{h}：{c}" for h, c in zip(header, cells, strict=True))
        assert [(r.unit, r.role) for r in table_responsibilities(header, cells, text)] == [
            ("生态环境部", "lead"), ("国家发展改革委", "co"), ("工业和信息化部", "co"), ("住房城乡建设部", "co"),
            ("农业农村部", "co"), ("国家统计局", "co")]
    header, cells = ["序号", "工作任务", "责任单位"], ["1", "建立指标体系", "生态环境部（牵头）、国家发展改革委、国家统计局"]
    roles = [(r.unit, r.role) for r in table_responsibilities(header, cells, "")]
    assert roles == [("生态环境部", "lead"), ("国家发展改革委", "co"), ("国家统计局", "co")]
