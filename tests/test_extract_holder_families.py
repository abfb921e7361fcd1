"""Holder families of slice h (issue 11), one table per family, each on the real sentence it comes from, with the
sentences that must NOT give a unit beside them.

Sources (tests/data/archive): 城市生活无着的流浪乞讨人员救助管理办法 (national-laws/xingzheng-fagui/0277),
劳动就业服务企业管理规定 (xingzheng-fagui/0152), 河南省实施农业技术推广法办法 (local-regulations/henan/0134),
重庆市农村集体资产管理条例 (chongqing/0019), 青岛市预防职务犯罪工作条例 (shandong/0445), 河南省专业技术人员继续
教育条例 (henan/0061), 国办函〔2004〕80号 (govcn/govcn_23).
"""

from __future__ import annotations

import pytest

from kb.extract import extract_document
from kb.extract.duties import parse_duties
from kb.models import Clause, Document


def duties(text: str) -> list[tuple[str, str]]:
    return [(r.unit, r.role) for r in parse_duties(text, "c")]


# family 1: public-service bodies (事业单位) and statutory holders named by their function
PUBLIC_BODIES = [
    ("第七条 救助站应当根据受助人员的需要提供下列救助：", [("救助站", "duty")]),
    ("救助站对属于救助对象的求助人员，应当及时提供救助，不得拒绝；", [("救助站", "duty")]),
    ("第八条 救助站为受助人员提供的住处，应当按性别分室住宿，女性受助人员应当由女性工作人员管理。", [("救助站", "duty")]),
    ("第十条 救助站不得向受助人员、其亲属或者所在单位收取费用，不得以任何借口组织受助人员从事生产劳动。", [("救助站", "duty")]),
    ("第七条 乡（镇）以上各级国家农业技术推广机构是国家事业单位，其职责是：",
     [("乡（镇）以上各级国家农业技术推广机构", "duty")]),
    ("第十五条 各级农业技术推广机构，应当坚持为当地农业生产服务的原则", [("各级农业技术推广机构", "duty")]),
    ("第十七条 国家农业技术推广机构向农业劳动者推广农业技术，进行新技术试验、示范", [("国家农业技术推广机构", "duty")]),
    # the institution heads a list of non-organs (research units, schools, people): it alone is charged
    ("第二十一条 农业技术推广机构、农业科研单位和有关学校根据农村经济发展的需要，可以围绕农业技术推广开展服务",
     [("农业技术推广机构", "duty")]),
    ("农业技术推广机构、农业科研单位、有关学校以及科技人员，以技术转让、技术咨询和技术承包等形式提供农业技术的，可以实行有偿服务",
     [("农业技术推广机构", "duty")]),
    ("农村集体经济组织主要负责人离任时，应由乡（镇）农村经营管理站组织离任审计。", [("乡（镇）农村经营管理站", "duty")]),
    ("第十七条 国家工作人员教育培训机构应当将预防职务犯罪教育列为教育培训内容。", [("国家工作人员教育培训机构", "duty")]),
    # one unit per level
    ("第四条 市、区（市）预防职务犯罪工作领导机构领导、协调本行政区域内的预防职务犯罪工作",
     [("市预防职务犯罪工作领导机构", "duty"), ("区（市）预防职务犯罪工作领导机构", "duty")]),
    ("各级劳动部门的就业服务机构，按照国务院和省、自治区、直辖市人民政府的规定，可以承担上款各项的有关具体工作。",
     [("各级劳动部门的就业服务机构", "duty")]),
    # a host department with its level (henan_0102 第二十六条, slice a)
    ("第二十六条 县级以上人民政府农业机械行政主管部门的农业机械安全监督管理机构，负责本行政区域内农业机械的安全监督管理工作。",
     [("县级以上人民政府农业机械行政主管部门的农业机械安全监督管理机构", "duty")]),
    # 由X + any verb (shandong_0143 第三十一条, slice g)
    ("基础测绘项目、重大测绘地理信息项目以及重点建设工程测绘地理信息项目形成的测绘成果，应当由测绘质量检验机构进行检验；经检验不合格的，不得提供和使用。",
     [("测绘质量检验机构", "duty")]),
]

NOT_PUBLIC_BODIES = [
    # the body is the object or the place, not the subject
    "第六条 向救助站求助的流浪乞讨人员，应当如实提供本人的姓名等基本情况并将随身携带物品在救助站登记",
    "（五）协助农村经营管理站对本集体经济组织的财务进行审计；",
    # a topic, not an act: "救助站对…的救助是…"
    "救助站对流浪乞讨人员的救助是一项临时性社会救助措施。",
    # providers a regulation regulates, schools and research units are not organs (slice h decision 1; slice c)
    "第十五条 继续教育培训机构，应当按照继续教育规划的要求开展继续教育。",
    "高等学校应当结合实际情况，为血站上门提供采血服务或者设置采血点等提供便利。",
    "司法鉴定机构应当统一接受司法鉴定委托，司法鉴定人不能以个人名义接受委托。",
    "家政服务机构应当建立家政服务人员服务经历、服务评价等跟踪评价档案。",
    # a verb before the name is no part of it (a library regulation of the archive, 第十六条)
    "鼓励公共图书馆建立文献信息采购咨询制度，征求社会公众和相关行业组织对文献信息采购类别、数量等方面的意见。",
    # an approver (slice h decision 3)
    "农村集体经济组织财会人员的任免，经农村集体经济组织全体成员会议或代表会议通过后，由乡（镇）农村经营管理站考核、批准，乡（镇）、村财会人员的任免报县级农业行政主管部门备案。",
]


@pytest.mark.parametrize(("text", "expected"), PUBLIC_BODIES)
def test_public_bodies_are_duty_holders(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


@pytest.mark.parametrize("text", NOT_PUBLIC_BODIES)
def test_public_bodies_not_holders(text: str) -> None:
    assert duties(text) == []


# family 2: the 机关 a statute charges by their generic name, in lists, after 由…或, through conditions in a row
ORGANS_JIGUAN = [
    ("第十五条 检察机关、监察机关和相关行政机关应当及时采集关于职务犯罪的网络舆情信息",
     [("检察机关", "duty"), ("监察机关", "duty")]),
    ("监察机关、审计机关、审判机关在依法履行职责时，发现有关单位在管理和制度上存在可能产生职务犯罪问题的，应当提出监察建议、审计建议、司法建议。",
     [("监察机关", "duty"), ("审计机关", "duty"), ("审判机关", "duty")]),
    ("第三十条 违反《农业技术推广法》和本办法规定，有下列行为之一的，由农业技术推广行政部门或行政监察机关按下列规定给予处理：",
     [("农业技术推广行政部门", "duty"), ("行政监察机关", "duty")]),
    ("第十三条 审计机关应当对财政收支或者财务收支的真实、合法和效益依法进行审计监督，并公开审计结果。", [("审计机关", "duty")]),
    # 行政机关 beside it names no organ (slice e: 本市各级行政机关、司法机关 → the courts' side only)
    ("本市各级行政机关、司法机关应当依法加强对金融违法犯罪行为的预防和打击。", [("市各级司法机关", "duty")]),
    ("第五条 公安机关和其他有关行政机关的工作人员在执行职务时发现流浪乞讨人员的，应当告知其向救助站求助",
     [("公安机关", "duty")]),
]

NOT_ORGANS_JIGUAN = [
    # 国家机关 in a list of every public body is an addressee set, no organ (slice h decision 7)
    "第二十二条 国家机关、事业单位、人民团体和国有公司、企业违反本条例规定，有下列情形之一的，责令限期整改",
]


@pytest.mark.parametrize(("text", "expected"), ORGANS_JIGUAN)
def test_jiguan_are_duty_holders(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


@pytest.mark.parametrize("text", NOT_ORGANS_JIGUAN)
def test_jiguan_not_holders(text: str) -> None:
    assert duties(text) == []


# family 5: role-defined holders name whoever is in charge, no organ (slice f decision 1, slice h decision 2)
ROLE_DEFINED = [
    "第二十一条 担任领导职务的国家工作人员利用职权非法干预本条例第六条所列活动的，由所在单位或者主管机关给予处分；",
    "第三十四条 国家工作人员滥用职权、徇私舞弊、玩忽职守，造成农村集体资产损失的，应依法赔偿，并由所在单位或者上级主管机关给予行政处分；",
    "第十条 各行业主管部门对本部门劳动就业服务企业的职责是：",
    "第十六条 行业主管部门应当结合本行业特点和实际情况，组织开展相关科普活动。",
]
# …but the government beside them, and a named field's authority, still are
ROLE_DEFINED_BESIDE = [
    ("第二十八条 省、自治区、直辖市人民政府和国务院各行业主管部门可以根据本规定并结合本地区、本部门的具体情况制定实施办法。",
     [("省、自治区、直辖市人民政府", "duty")]),
    ("各级人民政府及其行业主管部门应当重视和加强对劳动就业服务企业的领导", [("各级人民政府", "duty")]),
    ("县级以上人民政府农业行政主管部门负责对本行政区域内的农村集体资产管理工作进行统一指导",
     [("县级以上人民政府农业行政主管部门", "duty")]),
]


@pytest.mark.parametrize("text", ROLE_DEFINED)
def test_role_defined_not_units(text: str) -> None:
    assert duties(text) == []


@pytest.mark.parametrize(("text", "expected"), ROLE_DEFINED_BESIDE)
def test_role_defined_beside_units(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


# family 3: a shared level and suffix distributed over a list (one unit per member), notes inside the name skipped
SHARED_LISTS = [
    ("各级人民政府乡镇企业、土地、水利、林业和农机等部门，按照各自的职责，依法对农村集体资产管理的有关工作进行指导和监督。",
     [("各级人民政府乡镇企业部门", "duty"), ("各级人民政府土地部门", "duty"), ("各级人民政府水利部门", "duty"),
      ("各级人民政府林业部门", "duty"), ("各级人民政府农机部门", "duty")]),
    ("第四十二条 县级以上人民政府卫生健康、民政、医疗保障等部门应当建立健全医养结合",
     [("县级以上人民政府卫生健康部门", "duty"), ("县级以上人民政府民政部门", "duty"), ("县级以上人民政府医疗保障部门", "duty")]),
    ("重点农业技术推广项目应当列入科技发展计划，由农业、林业、畜牧、水利、渔业、农业机械等行政部门（以下统称农业技术推广行政部门）和科学技术行政部门按照各自的职责，相互配合，组织实施。",
     [("农业行政部门", "duty"), ("林业行政部门", "duty"), ("畜牧行政部门", "duty"), ("水利行政部门", "duty"),
      ("渔业行政部门", "duty"), ("农业机械行政部门", "duty"), ("科学技术行政部门", "duty")]),
    ("（六）省、自治区、直辖市（含计划单列市，下同）人民政府的劳动部门组织本地区的劳动就业服务企业开展产品评优、企业升级的工作。",
     [("省、自治区、直辖市人民政府劳动部门", "duty")]),
    ("第五条 县级以上人民政府农业行政部门主管本行政区域内的农业技术推广工作。",
     [("县级以上人民政府农业行政部门", "duty")]),
    # a list of levels before one body: one unit per level
    ("第四十一条 政府组织避让搬迁和村（居）民自行避让搬迁的，省、市、县人民政府应当在搬迁安置费用等方面予以支持。",
     [("省人民政府", "duty"), ("市人民政府", "duty"), ("县人民政府", "duty")]),
]
# a 和 that belongs to a sector's name does not split it
NOT_SPLIT = [
    ("第十三条 教育、人力资源和社会保障、经济和信息化等部门和工会组织等单位在职责范围内负责在职人员教育培训工作。",
     ["教育部门", "人力资源和社会保障部门", "经济和信息化部门", "工会"]),
    ("第三十五条 民政部门应当会同财政、自然资源和规划、住房和城乡建设等部门对居家养老服务用房",
     ["民政部门", "财政部门", "自然资源和规划部门", "住房和城乡建设部门"]),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_LISTS)
def test_shared_level_and_suffix(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


@pytest.mark.parametrize(("text", "expected"), NOT_SPLIT)
def test_sector_names_not_split(text: str, expected: list[str]) -> None:
    assert [u for u, _ in duties(text)] == expected


def test_a_clause_after_a_department_is_no_list_of_bodies() -> None:
    """The registrants a department handles (基金会、社会团体、社会服务机构) are not its sectors."""
    text = ("第八条 县级以上人民政府民政部门在办理基金会、社会团体、社会服务机构等非营利性组织设立登记时，对符合慈善组织条件的，"
            "可以经由其提出申请，同步将该非营利性组织登记为慈善组织。")
    assert not [u for u, _ in duties(text) if u.endswith("机构")]


def test_note_offsets_point_into_text() -> None:
    text = "由农业、林业等行政部门（以下统称农业技术推广行政部门）和科学技术行政部门按照各自的职责组织实施。"
    found = parse_duties(text, "c")
    assert [text[r.start:r.end] for r in found][-1] == "科学技术行政部门"


# the departments of every level's government, written with or without 人民政府, are one unit (kb.extract.organs)
def test_each_level_departments_fold() -> None:
    from kb.extract.organs import fold_unit
    assert fold_unit("各级人民政府农业行政主管部门") == fold_unit("各级农业行政主管部门") == "各级农业行政主管部门"
    assert fold_unit("各级人民政府的劳动部门") == "各级劳动部门"
    assert fold_unit("各级人民政府") == "各级人民政府"
    assert fold_unit("县级以上人民政府民政部门") == "县级以上人民政府民政部门"


# family 4: levels written as relations: 同级人民政府 (the level just named), 当地 / 住所地 / 所在地 (the place of the case)
RELATIVE_LEVELS = [
    ("第五条 县级以上人民政府农业行政部门主管本行政区域内的农业技术推广工作。\n县级以上人民政府林业、畜牧、水利、渔业、农业机械等行政部门，按照各自的职责，负责本行政区域内有关的农业技术推广工作。同级人民政府科学技术行政部门对农业技术推广工作进行指导。",
     "县级以上人民政府科学技术行政部门"),
    ("第十五条 救助站不履行救助职责的，求助人员可以向当地民政部门举报；民政部门经查证属实的，应当责令救助站及时提供救助",
     "当地民政部门"),
    ("第十二条 受助人员住所地的县级人民政府应当采取措施，帮助受助人员解决生产、生活困难", "受助人员住所地的县级人民政府"),
    ("救助站对受助的残疾人、未成年人、老年人应当给予照顾；对查明住址的，及时通知其亲属或者所在单位领回；对无家可归的，由其户籍所在地人民政府妥善安置。",
     "户籍所在地人民政府"),
]
# 同级 before a department alone stays as written (FORMAT.md: 地方各级宣传部门会同同级财政、税务部门 → 同级财政部门)
RELATIVE_LEVELS_KEPT = [
    ("县级以上地方各级人民政府和同级军事机关领导本行政区域的人民防空工作。", "同级军事机关"),
]
# 所在单位 of a person is no organ (slice h decision 2)
NOT_RELATIVE = [
    "第五十七条 骗取科普表彰、奖励的，由授予表彰、奖励的部门或者单位撤销其所获荣誉，收回奖章、证书，追回其所获奖金等物质奖励，并由其所在单位或者有关部门依法给予处分。",
]


@pytest.mark.parametrize(("text", "unit"), RELATIVE_LEVELS + RELATIVE_LEVELS_KEPT)
def test_relative_levels(text: str, unit: str) -> None:
    assert unit in [u for u, _ in duties(text)]


@pytest.mark.parametrize("text", NOT_RELATIVE)
def test_persons_unit_not_a_holder(text: str) -> None:
    assert not [u for u, _ in duties(text) if "所在单位" in u]


# family 6: "X商Y" is X acting after consulting Y (slice f decision 12); 商 inside a sector's name splits nothing
CONSULTATION = [
    ("上述税收优惠的具体实施办法，由国家税务局商劳动部等有关部门制定。", [("国家税务局", "duty")]),
    ("第十八条 县级以上人民政府农业机械行政主管部门和质量技术监督、工商行政管理部门应当",
     [("县级以上人民政府农业机械行政主管部门", "duty"), ("质量技术监督部门", "duty"), ("工商行政管理部门", "duty")]),
    ("第四条 县级以上人民政府商务主管部门负责", [("县级以上人民政府商务主管部门", "duty")]),
    ("第六条 省人民政府发展改革、商务、市场监管等有关部门应当",
     [("省人民政府发展改革部门", "duty"), ("省人民政府商务部门", "duty"), ("省人民政府市场监管部门", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), CONSULTATION)
def test_consultation_and_shang_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


# family 7: reply letters: the addressee a pronoun stands for, the organ a proposal names; a report of what was done
# assigns nothing
def _clauses(doc_id: str, rows: list[tuple[str, str, int | None]]) -> list[Clause]:
    return [Clause(id=f"{doc_id}:{i:04d}", doc_id=doc_id, seq=i, number=number, text=text,
                   parent_id=f"{doc_id}:{p:04d}" if p is not None else None)
            for i, (number, text, p) in enumerate(rows)]


def _units(doc_id: str, rows: list[tuple[str, str, int | None]]) -> list[tuple[str, str, str]]:
    doc = Document(id=doc_id, source="x", level="national", region="全国", doc_type="复函", text="")
    return [(r.clause_id, r.unit, r.role) for r in extract_document(doc, _clauses(doc_id, rows)).responsibilities]


def test_reply_to_a_province_you_are_the_addressee() -> None:
    """govcn_23 (国办函〔2004〕80号): "建议你省按照专家组意见，做好…" in a reply to 湖北省人民政府."""
    got = _units("g23", [
        ("", "湖北省人民政府：", None),
        ("", "你省《关于恳请解决巴东县官渡口镇马鬃山村地质险情有关问题的请示》（鄂政文〔2004〕15号）收悉。"
             "经国务院领导同志同意，现将国土资源部及专家组的有关意见转复你省。建议你省按照专家组意见，做好马鬃山村及周围地区地下振动的长期监测工作。", None),
    ])
    assert got == [("g23:0001", "湖北省人民政府", "lead")]


def test_reply_pronoun_with_departments_is_vague() -> None:
    """govcn_22 十一、: "请你省有关部门指导广安市按《汇报》的意见办理" names no organ."""
    got = _units("g22", [
        ("", "四川省人民政府：", None),
        ("", "请你省有关部门指导广安市按《汇报》的意见办理。", None),
    ])
    assert got == []


def test_a_proposal_names_who_acts() -> None:
    """govcn_23 附件1 四、: the ministry's report proposes a task to the province."""
    got = _units("g23", [
        ("四、", "四、建议意见\n建议湖北省人民政府按照专家组意见，做好马鬃山村及周围地区地下振动的长期监测工作。", None),
    ])
    assert got == [("g23:0000", "湖北省人民政府", "lead")]


def test_a_report_of_what_was_done_assigns_nothing() -> None:
    """govcn_23 附件1 三、处理情况: what the county government did, not a task."""
    got = _units("g23", [
        ("三、", "三、处理情况\n巴东县人民政府已委托中国地质大学（武汉）对马鬃山村的地质险情进行了地质勘查和地质安全评价，圈定了可能产生地面塌陷的危险区。\n"
                 "巴东县人民政府按照4月15日专家组第一次去现场时提出的搬迁危险区居民的建议和湖北省人民政府的要求，目前已将危险区内的居民进行了搬迁。", None),
    ])
    assert got == []


def test_either_holder_with_a_partner_both_lead() -> None:
    """chongqing_0019 第三十一条: "X或Y会同有关部门…" — both alternatives lead (slice f decision 8)."""
    text = ("第三十一条 违反本条例第九条规定的，由乡（镇）人民政府或县级农业行政主管部门会同有关部门责令限期改正；造成经济损失的，"
            "应当依法予以赔偿，并可由县级农业行政主管部门处以经济损失金额百分之二十以下的罚款；违反《中华人民共和国治安管理处罚法》规定的，"
            "由公安机关依法处理；")
    assert duties(text) == [("乡（镇）人民政府", "lead"), ("县级农业行政主管部门", "lead"), ("公安机关", "duty")]


# family 8: an annexed field report and a report's sections tell what is; only figures a sentence sets are indicators
from kb.extract.reported import is_report  # noqa: E402


@pytest.mark.parametrize(("number", "text", "expected"), [
    ("附件1", "附件1\n关于湖北省巴东县官渡口镇马鬃山村\n地质险情调研情况的报告\n国务院：", True),
    ("附件2", "附件2\n湖北省巴东县官渡口镇马鬃山村\n地质险情调查意见\n2004年3月24日，湖北省人民政府报送了", True),
    ("一、", "一、基本情况\n马鬃山村属湖北省巴东县官渡口镇，位于长江南岸海拔高程480-560米左右的岩溶山区", True),
    ("二、", "二、地质险情成因分析\n专家组认为：根据现场调查", True),
    # annexes that set things (a list of indicators, a body's rules) and ordinary sections are no reports
    ("附件", "附件：三级公立医院绩效考核指标", False),
    ("附件", "附件\n国务院职业教育工作部际联席会议制度\n为贯彻落实全国教育大会精神", False),
    ("一、", "一、总体要求", False),
])
def test_report_sections(number: str, text: str, expected: bool) -> None:
    assert is_report(number, text) is expected


def test_report_figures_are_not_indicators() -> None:
    """govcn_23 附件1 一、基本情况: the village's elevation, area and households are observed, not set; a figure a
    regulation's article sets stays."""
    doc = Document(id="g23", source="x", level="national", region="全国", doc_type="复函", text="")
    clauses = _clauses("g23", [
        ("附件1", "附件1\n关于湖北省巴东县官渡口镇马鬃山村\n地质险情调研情况的报告\n国务院：", None),
        ("一、", "一、基本情况\n马鬃山村属湖北省巴东县官渡口镇，位于长江南岸海拔高程480-560米左右的岩溶山区，距江边水平距离700-800米。"
                 "据地方政府介绍，马鬃山村面积10.92平方公里，共有13个村民小组，505户1748人。", 0),
        # outside the report (henan_0134 第二十二条): a figure the text sets
        ("第二十二条", "第二十二条 农业技术推广机构的人员构成，应当以从事农业技术推广的专业科技人员为主，其比例不得低于百分之七十。", None),
    ])
    got = [(r.clause_id, r.value) for r in extract_document(doc, clauses).indicators]
    assert got == [("g23:0002", 70)]


@pytest.mark.parametrize("text", [
    "地方政府及有关单位反映：自2003年7月起，村民经常感觉到地震动，尤以12月18日晚8时40分和19日晚8时35分两次较大，感觉明显。",
    "专家组认为，马鬃山村房屋开裂主要是2003年12月18日、19日所发生的1.8级和2.4级地震引起的。",
])
def test_dates_with_hours_or_in_a_list_are_not_durations(text: str) -> None:
    from kb.extract.numbers import parse_indicators
    assert not [i for i in parse_indicators(text) if i.unit == "日"]
