"""Responsibility parser on real snippets: bracket forms, glued lists, prefix distribution, own-region names, rules."""

from __future__ import annotations

import pytest

from kb.extract.units import (
    document_rules,
    is_unit_name,
    normalize_unit,
    parse_responsibilities,
    split_units,
    table_responsibilities,
    trim_to_unit,
)


def roles(text: str, first_is_lead: bool = False) -> list[tuple[str, str]]:
    return [(r.unit, r.role) for r in parse_responsibilities(text, "c", first_is_lead=first_is_lead)]


SEED_004_TASK_4 = (
    "4.强化兜底性基本养老服务保障各级政府要发挥保基本兜底线职能,以满足失能照护需求为核心。制定公建民营养老机构管理办法,"
    "实施公办养老机构入住综合评估和轮候制度。加强公办养老服务机构建设,重点提升护理能力和消防安全能力省民政厅牵头,"
    "省卫生健康委、发展改革委按职责分工负责"
)

CASES = [
    # seed 003 task 2: （责任单位：…） at the end, ASCII brackets and colon
    ("2.编制市、县两级养老服务设施专项规划,明确新建、改建、扩建养老服务设施的范围、项目及要求。(责任单位:市民政局、市自然资源和规划局、市发展改革委)",
     [("市民政局", "co"), ("市自然资源和规划局", "co"), ("市发展改革委", "co")]),
    # seed 003 task 1: 〔 〕 brackets, the county governments with their own brackets inside, the rule sentence
    ("对老年人口占比较高和老龄化趋势较快的地方,适当提高养老服务设施用地比例。〔责任单位:市自然资源和规划局、市民政局,各县(市、区)政府、管委会。以下均需各县(市、区)政府、管委会落实,不再列出〕",
     [("市自然资源和规划局", "co"), ("市民政局", "co"), ("各县（市、区）政府、管委会", "co")]),
    # seed 003 task 55: a bare name in a 市 list takes the prefix; 应急局 normalised
    ("每半年至少组织一次现场处置应急演练。(责任单位:市民政局、市住房城乡建设局、市市场监管局、卫生健康委、市应急局、市消防救援支队)",
     [("市民政局", "co"), ("市住房城乡建设局", "co"), ("市市场监管局", "co"), ("市卫生健康委", "co"),
      ("市应急管理局", "co"), ("市消防救援支队", "co")]),
    # seed 003 task 50: 团市委, 市总工会, 市妇联
    ("50.定期举办养老服务职业技能大赛。(责任单位:市民政局、市人力资源社会保障局、市卫生健康委、市商务局、市总工会、团市委、市妇联)",
     [("市民政局", "co"), ("市人力资源社会保障局", "co"), ("市卫生健康委", "co"), ("市商务局", "co"),
      ("市总工会", "co"), ("团市委", "co"), ("市妇联", "co")]),
    # seed 003 task 21: names with their own region, a generic group after a comma
    ("21.落实普惠养老专项再贷款政策,支持普惠养老机构项目建设和运营。(责任单位:人行周口市分行、市发展改革委、市民政局,相关金融机构)",
     [("人行周口市分行", "co"), ("市发展改革委", "co"), ("市民政局", "co"), ("相关金融机构", "co")]),
    # seed 004 task 1: X牵头，Y、Z按职责分工负责 with the 省 prefix distributed
    ("构建支撑“一老一小”发展的规划体系。省发展改革委牵头,省民政厅、卫生健康委按职责分工负责",
     [("省发展改革委", "lead"), ("省民政厅", "co"), ("省卫生健康委", "co")]),
    # seed 004 task 4: the list glued to the last sentence without punctuation
    (SEED_004_TASK_4, [("省民政厅", "lead"), ("省卫生健康委", "co"), ("省发展改革委", "co")]),
    # seed 004 task 12: 事管局 distributed and normalised; 省政府国资委 has its own prefix
    ("简化房屋报建及改扩建程序。省民政厅、卫生健康委、发展改革委、财政厅、自然资源厅、住房城乡建设厅、事管局、省政府国资委按职责分工负责",
     [("省民政厅", "co"), ("省卫生健康委", "co"), ("省发展改革委", "co"), ("省财政厅", "co"), ("省自然资源厅", "co"),
      ("省住房城乡建设厅", "co"), ("省机关事务管理局", "co"), ("省政府国资委", "co")]),
    # seed 004 task 13: 共青团河南省委 keeps its own region
    ("建立健全“一老一小”志愿服务项目库。省民政厅、卫生健康委、发展改革委、教育厅、人力资源社会保障厅、共青团河南省委、省总工会按职责分工负责",
     [("省民政厅", "co"), ("省卫生健康委", "co"), ("省发展改革委", "co"), ("省教育厅", "co"),
      ("省人力资源社会保障厅", "co"), ("共青团河南省委", "co"), ("省总工会", "co")]),
    # seed 004 task 14: 河南银保监局, 人民银行郑州中心支行 stay as they are
    ("鼓励保险机构开发相关责任险。省财政厅、住房城乡建设厅、发展改革委、地方金融监管局、河南银保监局、河南证监局、人民银行郑州中心支行按职责分工负责",
     [("省财政厅", "co"), ("省住房城乡建设厅", "co"), ("省发展改革委", "co"), ("省地方金融监管局", "co"),
      ("河南银保监局", "co"), ("河南证监局", "co"), ("人民银行郑州中心支行", "co")]),
    # guofa 2018 39 item (一): the rule in the same bracket makes the first listed unit the lead
    ("上述资金由失业保险基金列支。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）",
     [("人力资源社会保障部", "lead"), ("财政部", "co")]),
    # guofa 2018 39 item (五): 等有关部门和单位; the only unit named leads
    ("按规定给予就业见习补贴，并适当提高补贴标准。（人力资源社会保障部等有关部门和单位负责）",
     [("人力资源社会保障部", "lead")]),
    # seed 003 schedule (二): inline X会同Y
    ("5月底前,市民政局会同市直有关部门,汇总工作情况,形成全市加快发展养老服务工作情况的报告,提交市政府审定。",
     [("市民政局", "lead"), ("市直有关部门", "co")]),
    # seed 000 (after cleaning): 省民政厅具体牵头
    ("由分管民政工作的副省长召集,省民政厅具体牵头,省发改委、省财政厅、省人社厅等22家省直单位各司其职、协同配合",
     [("省民政厅", "lead"), ("省发展改革委", "co"), ("省财政厅", "co"), ("省人力资源社会保障厅", "co")]),
    # 由X牵头 + alias
    ("由市卫健委牵头，市民政局配合。", [("市卫生健康委", "lead"), ("市民政局", "co")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_responsibilities_real_snippets(text, expected):
    assert roles(text) == expected


def test_first_is_lead_rule_holds_for_later_items():
    # guofa 2018 39 item (二), after item (一) stated 列第一位者为牵头单位，下同
    text = "提高小微企业贷款可获得性。（财政部、工业和信息化部、人民银行、银保监会负责）"
    assert roles(text) == [("财政部", "co"), ("工业和信息化部", "co"), ("人民银行", "co"), ("银保监会", "co")]
    assert roles(text, first_is_lead=True)[0] == ("财政部", "lead")
    # a vague first unit does not become lead
    vague = "共同做好促进就业工作。（各有关部门和单位，各省级人民政府按职责分工负责）"
    assert roles(vague, first_is_lead=True) == [("各有关部门和单位", "co"), ("各省级人民政府", "co")]


def test_document_rules():
    first, later = document_rules("〔责任单位:市自然资源和规划局、市民政局,各县(市、区)政府、管委会。以下均需各县(市、区)政府、管委会落实,不再列出〕")
    assert not first and [u[0] for u in later] == ["各县（市、区）政府、管委会"]
    first, later = document_rules("（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）")
    assert first and later == []
    assert document_rules("（排在第一位的为牵头部门）")[0]


@pytest.mark.parametrize(
    "text",
    [
        "主要负责人是第一责任人。",  # 负责 in prose
        "市委书记葛巧红将“加快居家社区养老服务体系建设”作为“我为群众办实事”实践活动牵头领办项目",
        "支持平煤神马、洛轴等龙头企业牵头组建创新联合体。",
        "对老年人口占比较高的地方(中央厨房),适当提高比例。",
        "各县(市、区)要结合实际,细化具体落实措施和相关指标,明确时间表、路线图、责任单位和责任事项。",
    ],
)
def test_not_responsibilities(text):
    assert roles(text) == []


def test_offsets_point_at_raw():
    for text, _ in CASES:
        for r in parse_responsibilities(text):
            assert text[r.start : r.end] == r.raw, (r, text)


def test_split_units_keeps_brackets_and_groups():
    items = [x[0] for x in split_units("市自然资源和规划局、市民政局,各县(市、区)政府、管委会")]
    assert items == ["市自然资源和规划局", "市民政局", "各县(市、区)政府、管委会"]


@pytest.mark.parametrize(
    ("name", "ok"),
    [("市民政局", True), ("团市委", True), ("市消防救援支队", True), ("金融监管总局周口监管分局", True),
     ("各省级人民政府", True), ("消防安全能力省民政厅", False), ("养老服务", False), ("实践活动", False)],
)
def test_is_unit_name(name, ok):
    assert is_unit_name(name) is ok


def test_trim_glued_prose():
    assert trim_to_unit("重点提升护理能力和消防安全能力省民政厅") == ("省民政厅", 15)
    assert trim_to_unit("市市场监管局") == ("市市场监管局", 0)


@pytest.mark.parametrize(
    ("name", "prefix", "canonical"),
    [("市卫健委", "", "市卫生健康委"), ("住建局", "市", "市住房城乡建设局"), ("卫生健康委", "省", "省卫生健康委"),
     ("河南银保监局", "省", "河南银保监局"), ("市场监管局", "省", "省市场监管局"), ("人力资源和社会保障局", "市", "市人力资源社会保障局")],
)
def test_normalize_unit(name, prefix, canonical):
    assert normalize_unit(name, prefix) == canonical


@pytest.mark.parametrize(
    ("text", "units"),
    [("", []), ("（", []), ("）（责任单位：", []), ("（责任单位：" + "市民政局、" * 2000, [("市民政局", "lead")]),
     ("牵头" * 3000, []), ("〔责任单位:市民政局" + "(" * 500, []), ("按职责分工负责", []), ("省民政厅牵头", [("省民政厅", "lead")])],
)
def test_bad_input_never_raises(text, units):
    assert [(r.unit, r.role) for r in parse_responsibilities(text)] == units


# govcn_10 (国办发〔2018〕126号) annex: one row a task, units in a 指导部门 column
GOVCN_10_HEADER = ["序号", "改革举措", "主 要 内 容", "指导部门", "推广范围"]


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        (GOVCN_10_HEADER, ["7", "技术经理人全程参与的科技成果转化服务模式", "以技术交易市场为依托…", "科技部", "全国"],
         [("科技部", "lead")]),  # a sole unit leads
        (GOVCN_10_HEADER, ["8", "技术股与现金股结合激励的科技成果转化相关方利益捆绑机制", "转制院所…", "科技部、国务院国资委", "全国"],
         [("科技部", "co"), ("国务院国资委", "co")]),  # a list without a rule: co
        # a 任务分工表 with 牵头单位 / 配合单位 columns (names from seed 003)
        (["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
         ["1", "编制养老服务设施专项规划", "市民政局", "市自然资源和规划局、市发展改革委", "2024年6月底前"],
         [("市民政局", "lead"), ("市自然资源和规划局", "co"), ("市发展改革委", "co")]),
        (GOVCN_10_HEADER, ["二、科技成果转化激励方面（共 4 项）"] * 5, []),  # a section row names no unit
    ],
)
def test_table_role_columns(header, cells, expected):
    text = "；".join(f"{h}：{c}" for h, c in zip(header, cells))
    assert [(r.unit, r.role) for r in table_responsibilities(header, cells, text, "t")] == expected


def test_table_first_is_lead_rule():
    cells = ["8", "利益捆绑机制", "…", "科技部、国务院国资委", "全国"]
    got = table_responsibilities(GOVCN_10_HEADER, cells, "；".join(cells), "t", first_is_lead=True)
    assert [(r.unit, r.role) for r in got] == [("科技部", "lead"), ("国务院国资委", "co")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # govcn_07: 指导 and 负责落实 groups in one bracket, each sole unit leads; 参与 is co
        ("建立部门责任清单。（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）",
         [("生态环境部", "lead"), ("试点城市政府", "lead")]),
        ("完善线下回收网点。（商务部指导，供销合作总社参与）", [("商务部", "lead"), ("供销合作总社", "co")]),
        ("（生态环境部牵头，国家发展改革委、工业和信息化部参与）",
         [("生态环境部", "lead"), ("国家发展改革委", "co"), ("工业和信息化部", "co")]),
        # govcn_57: （负责部门：…；适用范围：…）
        ("允许外商投资设立建筑业企业。（负责部门：住房城乡建设部；适用范围：所有自贸试验区）", [("住房城乡建设部", "lead")]),
        # govcn_34: 空管委办公室 in a list of ministries
        ("优化审批流程。（公安部、工业和信息化部、交通运输部、水利部、海洋局、空管委办公室负责）",
         [("公安部", "co"), ("工业和信息化部", "co"), ("交通运输部", "co"), ("水利部", "co"), ("海洋局", "co"),
          ("空管委办公室", "co")]),
        # govcn_10 三: each sentence read on its own: a sole subject leads its sentence, a joint list is co
        ("各省（区、市）人民政府要把推广工作列为重点工作。国务院各有关部门要积极协调。国家发展改革委和科技部要适时督促检查。",
         [("各省（区、市）人民政府", "lead"), ("国家发展改革委", "co"), ("科技部", "co")]),
        # govcn_07 三（一）: X会同Y…等部门筛选确定
        ("试点城市由省级有关部门推荐，生态环境部会同国家发展改革委、财政部、国家邮政局等部门筛选确定。",
         [("生态环境部", "lead"), ("国家发展改革委", "co"), ("财政部", "co"), ("国家邮政局", "co")]),
    ],
)
def test_national_assignment_forms(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # govcn_41 (预案) 2.1.3: an item whose number is followed by its subject organ(s) and 负责
        ("（3）公安部负责维护粮食供应场所的治安秩序，保证道路交通运输的通畅。", [("公安部", "lead")]),
        ("（5）铁道部、交通部负责根据粮食应急工作的需要，及时安排落实应急粮食的运输。", [("铁道部", "co"), ("交通部", "co")]),
        ("（12）中国储备粮管理总公司负责中央储备粮动用计划的执行。", [("中国储备粮管理总公司", "lead")]),
        ("（2）国家发展改革委及国家粮食局、商务部按照各自职能分工，负责粮食市场应急供应工作。",
         [("国家发展改革委", "co"), ("国家粮食局", "co"), ("商务部", "co")]),
        # a joint first task, then a sentence the first unit holds alone
        ("（1）国家发展改革委及国家粮食局负责应急工作的综合协调。国家发展改革委负责加强粮食市场价格的监督检查。",
         [("国家粮食局", "co"), ("国家发展改革委", "lead")]),
        # a heading naming a temporary body's duties; 有关 before a body; a level's government
        ("2.1.1国家粮食应急工作指挥部职责", [("国家粮食应急工作指挥部", "lead")]),
        ("4.1应急响应程序\n出现粮食市场异常波动时，有关省级粮食应急工作指挥部应立即进行研究分析。",
         [("省级粮食应急工作指挥部", "lead")]),
        ("7.1各省、自治区、直辖市人民政府应根据本预案和本地区实际情况，制订和完善本省粮食应急预案。",
         [("各省、自治区、直辖市人民政府", "lead")]),
        # 由X负责; X及Y会同Z: both joined units lead
        ("7.2本预案由国务院办公厅负责解释。", [("国务院办公厅", "lead")]),
        ("3.2应急报告\n国家发展改革委及国家粮食局会同商务部建立国家粮食市场异常波动应急报告制度。",
         [("国家发展改革委", "lead"), ("国家粮食局", "lead"), ("商务部", "co")]),
        # 国办发〔1997〕11号 (govcn_50): a national organ in a list of sectors keeps its own name (人民银行, not
        # 人民银行部门) and counts as a known sector of the list
        ("民政、公安、国家安全、人民银行等部门要积极配合，以保证清理整顿工作的顺利进行。",
         [("民政部门", "co"), ("公安部门", "co"), ("国家安全部门", "co"), ("人民银行", "co")]),
        # 国办发〔1997〕2号 / 〔1996〕2号 (govcn_51, govcn_20): a subject narrowed by 特别是: A when A is an organ (a
        # list of levels takes B's 人民政府), else B; a subject that 配合s a vague lead is co
        ("为全面做好防震减灾工作，各地区、各部门特别是地震重点监视防御区所在地人民政府，要按照党中央、国务院的要求，努力实现防震减灾工作目标。",
         [("地震重点监视防御区所在地人民政府", "lead")]),
        ("地方各级人民政府特别是地震重点监视防御区所在地的人民政府应加强领导。各级地震部门要积极配合有关部门，做好防震减灾知识宣传教育工作。",
         [("地震重点监视防御区所在地人民政府", "lead"), ("各级地震部门", "co")]),
        ("各省、自治区、直辖市，特别是重点监视防御区所在地人民政府，也要抓紧地方的防震减灾立法工作。",
         [("各省、自治区、直辖市人民政府", "lead")]),
        # 国办发〔1996〕25号 (govcn_19): 由 + a joint pair with no lead: both co; 国办发〔1997〕11号 五（三）: 由 + an
        # organ + an act it performs (综合上报, 责令, 换发, 根据…审查)
        ("日军遗弃化学武器是历史遗留问题，这项工作由外交部和总参谋部统一归口管理。", [("外交部", "co"), ("总参谋部", "co")]),
        ("将清理整顿情况报民政部，由民政部综合上报国务院。", [("民政部", "lead")]),
        # not a subject: 鼓励地方政府…; a 联席会议 opening a seed's sentence with 建立 is not given a task by 要/负责
        ("（二）加大资金支持。鼓励地方政府统筹安排资金。", []),
    ],
)
def test_subject_organs_of_an_item(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # govcn_41 4.3.1: 由X报…批准 — X acts
        ("4.3.1出现省级（Ⅱ级）粮食应急状态时，由省级粮食应急工作指挥部报同级人民政府批准后，启动本省粮食应急预案。",
         [("省级粮食应急工作指挥部", "lead")]),
        # 5.1.3: X及其有关部门要…
        ("5.1.3所有粮食经营企业都要保持必要的粮食库存量。省级人民政府及其有关部门要加强对粮食经营企业库存情况的监督检查。",
         [("省级人民政府", "lead")]),
        # 4.3.2: sentence subjects beside an inline 由X提出 / X及Y会同Z
        ("4.3.2预案启动后，省级粮食应急工作指挥部要立即采取相应措施。确需动用中央储备粮的，由省级人民政府提出申请，"
         "由国家发展改革委及国家粮食局会同财政部提出动用方案，报国务院批准。",
         [("省级粮食应急工作指挥部", "lead"), ("省级人民政府", "lead"), ("国家发展改革委", "lead"), ("国家粮食局", "lead"),
          ("财政部", "co")]),
    ],
)
def test_subjects_beside_inline_assignments(text, expected):
    assert roles(text) == expected


def test_two_joined_units_before_会同_are_two_leads():
    # 上海市推进国际金融中心建设条例 第二十条 (local-regulations/shanghai/0133_229ccb0f.md)
    text = "市教育管理部门和市金融服务部门应当会同市有关部门设立金融职业教育与培训基地，培养各类金融专业人才和金融管理人才。"
    assert roles(text) == [("市教育管理部门", "lead"), ("市金融服务部门", "lead")]


# 国办发〔1997〕11号 (govcn_50): a functional holder named in full once, then by its short name
GOVCN_50 = [
    "党中央、国务院高度重视社会团体管理工作。社会团体登记管理机关和业务主管部门要通过清理整顿工作，加强对社会团体的管理。",
    "（二）从严的原则。\n登记管理机关、业务主管部门和挂靠单位都要从严把关，该取缔的要坚决取缔。",
    "（六）对未经核准登记，擅自以社会团体名义进行活动的，劝其停止活动；不听劝阻的，由登记管理机关责令解散。",
    "经审定作出保留结论的社会团体，由登记管理机关换发证书；对合并的社会团体，业务主管部门、登记管理机关要与有关部门协商，妥善处理有关问题。",
]


def test_role_defined_names_fold_to_the_full_name():
    from kb.extract.roleholders import role_names

    assert role_names(GOVCN_50) == {"登记管理机关": "社会团体登记管理机关"}
    # a qualifier that is a verb or a level makes no full name (004's "发挥公办养老机构", govcn_13's 上级行政执法机关)
    assert role_names(["要充分发挥公办养老机构的作用。", "上级行政执法机关应当加强监督。行政执法机关要公示。"]) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOVCN_50[0], [("社会团体登记管理机关", "co")]),  # a joint subject with no lead
        (GOVCN_50[1], [("登记管理机关", "co")]),
        (GOVCN_50[2], [("登记管理机关", "lead")]),  # 由X…
        (GOVCN_50[3], [("登记管理机关", "lead")]),  # lead wins over the joint list of the next sentence
    ],
)
def test_role_defined_holders(text, expected):
    got = parse_responsibilities(text, "c", role_names=("登记管理机关", "社会团体登记管理机关"))
    assert [(r.unit, r.role) for r in got] == expected


def test_a_forwarded_report_calls_its_author_我局():
    # 国办发〔1996〕2号 (govcn_20): 国家地震局's report, forwarded by 国务院办公厅, says 我局
    from kb.extract.roleholders import self_names

    title = "国务院办公厅转发国家地震局关于我国地震重点监视防御区的确定和加强防震减灾工作意见报告的通知"
    assert self_names(title) == {"我局": "国家地震局"}
    assert self_names("国务院关于促进乡村产业振兴的指导意见") == {}
    text = "（六）要进一步加强防震减灾宣传教育，提高全社会的防震减灾意识和自觉性。我局将尽快向各地、各部门提供防震减灾宣传教育大纲和科普材料。"
    assert [(r.unit, r.role) for r in parse_responsibilities(text, "c", role_names=("我局",))] == [("我局", "lead")]
