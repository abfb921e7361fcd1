"""Indicator parser on real snippets (corpus/ seeds and corpus-extra), plus bad input."""

from __future__ import annotations

import pytest

from kb.extract.numbers import clause_indicators, fraction_value, parse_indicators, parse_number, table_indicators
from kb.models import Clause, TableRow


@pytest.mark.parametrize(
    ("text", "value"),
    [("九十", 90), ("五十五", 55), ("零点二", 0.2), ("一千", 1000), ("48.6", 48.6), ("1,200", 1200), ("两", 2)],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "点", "1" * 40, "九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九"])
def test_parse_number_bad_input_is_none(text):
    assert parse_number(text) is None


# (snippet, expected [(raw, value, value_max, ratio, unit, comparator, basis)])
CASES = [
    # seed 003 task 6
    ("6.落实新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施的规定。",
     [("30平方米", 30, None, "", "平方米", ">=", "每百户")]),
    # seed 003 task 1
    ("按照人均用地不少于0.2平方米的标准分区分级规划养老服务设施。",
     [("0.2平方米", 0.2, None, "", "平方米", ">=", "人均")]),
    # seed 003 task 12: a range
    ("各县(市、区)在环境优美、交通便利、临近医院的区域,规划建设1—2个康养项目,满足老年人康养需求。",
     [("1—2个", 1, 2, "", "个", "=", "")]),
    # seed 003 task 28: a ratio and an age threshold
    ("按照社区养老服务机构75周岁以上服务对象数量与公益性岗位100:1的标准,提供政府公益性岗位支持",
     [("75周岁", 75, None, "", "周岁", ">=", ""), ("100:1", None, None, "100:1", "比", "=", "")]),
    # seed 003 task 31
    ("全市所有县级特困供养机构床位数不少于80张,护理型床位占比不少于55%,能够提供医护服务",
     [("80张", 80, None, "", "张", ">=", ""), ("55%", 55, None, "", "%", ">=", "")]),
    # seed 003 task 46
    ("培训养老护理员不少于5000人次,按照每千名老年人配备1名社会工作者的标准制定培养计划。",
     [("5000人次", 5000, None, "", "人次", ">=", ""), ("1名", 1, None, "", "名", "=", "每千名老年人")]),
    # seed 003 task 7: a Chinese numeral, "内" → <=
    ("建设单位应当按照约定的移交方式,自竣工验收合格之日起九十日内将设施以及有关建设资料无偿移交",
     [("九十日", 90, None, "", "日", "<=", "")]),
    # seed 002: 万 stays in the unit; 350家至400家 range with 控制在
    ("全省敬老院控制在350家至400家,床位数7万张,护理型床位占60%以上",
     [("350家至400家", 350, 400, "", "家", "=", ""), ("7万张", 7, None, "", "万张", "=", ""),
      ("60%", 60, None, "", "%", ">=", "")]),
    # seed 002
    ("每万老年人口拥有持证养老护理员25人。高级和技师级护理员占持证护理员的18%以上。",
     [("25人", 25, None, "", "人", "=", "每万老年人口"), ("18%", 18, None, "", "%", ">=", "")]),
    # seed 001: 每人每月 basis, several amounts
    ("根据初级、中级、高级职业等级分别享受每人每月50元、100元、150元的岗位补贴。",
     [("50元", 50, None, "", "元", "=", "每人每月"), ("100元", 100, None, "", "元", "=", "每人每月"),
      ("150元", 150, None, "", "元", "=", "每人每月")]),
    # seed 001: Chinese 一 with a basis is a standard
    ("目前，全市基本实现每个街道有一个综合养老服务中心，每个社区有一处养老服务场所",
     [("一个", 1, None, "", "个", "=", "每个街道"), ("一处", 1, None, "", "处", "=", "每个社区")]),
    # national guofa 2018 39: 最高不超过
    ("符合创业担保贷款申请条件的人员自主创业的，可申请最高不超过15万元的创业担保贷款。",
     [("15万元", 15, None, "", "万元", "<=", "")]),
    # national guofa 2018 39: 16—24岁, 3—12个月
    ("将就业见习补贴范围由离校未就业高校毕业生扩展至16—24岁失业青年；组织失业青年参加3—12个月的就业见习",
     [("16—24岁", 16, 24, "", "岁", "=", ""), ("3—12个月", 3, 12, "", "个月", "=", "")]),
    # 广州 助餐配餐 办法 2024: ㎡, grade ranges, 每人每次
    ("（一）食品处理区的面积不小于30㎡，集中就餐区使用面积不小于25㎡，能够容纳10名以上老年人同时就餐；",
     [("30㎡", 30, None, "", "㎡", ">=", ""), ("25㎡", 25, None, "", "㎡", ">=", ""), ("10名", 10, None, "", "名", ">=", "")]),
    ("其中，老年人照护需求等级1-2级补贴标准为每人每次2元，3-5级补贴标准为每人每次4元。",
     [("1-2级", 1, 2, "", "级", "=", ""), ("2元", 2, None, "", "元", "=", "每人每次"), ("3-5级", 3, 5, "", "级", "=", ""),
      ("4元", 4, None, "", "元", "=", "每人每次")]),
    # 广州 助餐配餐 办法 2024 第二十六条: a fraction, then its cap
    ("补贴标准为每人每次就餐费用的四分之一，最高不超过3元。",
     [("四分之一", 0.25, None, "", "", "=", "每人每次"), ("3元", 3, None, "", "元", "<=", "")]),
    # 百分之 / 千分之
    ("补助标准为百分之五十五，误差控制在千分之二以内", [("百分之五十五", 55, None, "", "%", "=", ""),
                                            ("千分之二", 2, None, "", "‰", "<=", "")]),
]


@pytest.mark.parametrize(
    ("denominator", "numerator", "value"),
    [("四", "一", 0.25), ("三", "二", 0.6667), ("2", "1", 0.5), ("十", "三", 0.3), ("二", "三", None), ("零", "一", None)],
)
def test_fraction_value(denominator, numerator, value):
    assert fraction_value(denominator, numerator) == value


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_indicators_real_snippets(text, expected):
    got = [(i.raw, i.value, i.value_max, i.ratio, i.unit, i.comparator, i.basis) for i in parse_indicators(text)]
    assert got == [tuple(e) for e in expected]


@pytest.mark.parametrize(
    "text",
    [
        "周政办〔2024〕13号",  # 文号
        "2024年4月9日",  # date
        "400-609-2596 电话服务时间: 工作日 9:00-18:00",  # vendor ad (seed 004)
        "发布时间:2024-08-23 09:09",  # page chrome (seed 002)
        "一是加快推进全市养老服务专项规划编制工作",  # 一是
        "第五十条 本条例自2020年1月1日起施行。",  # article number, date
        "是应对人口老龄化成为国家战略后的第一个五年",  # 第一个五年
        "省、市、县三级人大联动监督",  # 三级
        "8.落实省住房城乡建设厅等5部门印发的",  # item number; 部门 is not a unit
        "规划期为2021—2025年,规划基期为2020年。",  # year range
    ],
)
def test_not_indicators(text):
    assert parse_indicators(text) == []


def test_offsets_point_at_raw():
    text = "落实新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施的规定。"
    for ind in parse_indicators(text):
        assert text[ind.start : ind.end] == ind.raw


def test_subject_names_what_is_measured():
    (ind,) = parse_indicators("全市所有县级特困供养机构床位数不少于80张,")
    assert "床位数" in ind.subject
    (ind,) = parse_indicators("各级政府用于社会福利事业的彩票公益金,到2022年要将不低于55%的资金用于支持发展养老服务。")
    assert ind.year == 2022 and ind.value == 55 and ind.unit == "%"


@pytest.mark.parametrize(
    ("text", "raws"),
    [("", []), ("((((((", []), ("（责任单位：" * 50, []), ("9" * 400 + "张", []), ("百分之" * 300, []),
     ("到" + "2025年" * 2000, []), ("1—" * 3000 + "2个", ["1—2个"])],
)
def test_bad_input_never_raises(text, raws):
    found = parse_indicators(text)
    assert [i.raw for i in found] == raws and all(text[i.start : i.end] == i.raw for i in found)


def test_table_row_seed_002():
    row = TableRow(
        title="十三五期间主要指标完成情况",
        header=["序号", "指标", "2015年", "2020年目标值", "2020年完成情况"],
        cells=["1", "每千名老年人拥有社会养老床位(张)", "48.6", "50", "55"],
    )
    text = "序号：1；指标：每千名老年人拥有社会养老床位(张)；2015年：48.6；2020年目标值：50；2020年完成情况：55"
    found = table_indicators(row, text, "002:0042")
    assert [(i.value, i.unit, i.year, i.basis) for i in found] == [
        (48.6, "张", 2015, "每千名老年人"), (50, "张", 2020, "每千名老年人"), (55, "张", 2020, "每千名老年人")]
    assert found[1].subject == "每千名老年人拥有社会养老床位 目标值"
    assert all(text[i.start : i.end] == i.raw for i in found)


def test_table_row_seed_003_attachment():
    row = TableRow(
        title="2024年重点任务分解表",
        header=["县(市、区)", "老年助餐场所(个)", "特殊困难老年人家庭适老化改造(户)", "乡镇敬老院转型区域养老服务中心(所)"],
        cells=["川汇区", "38", "78", "/"],
    )
    clause = Clause(id="003:0200", doc_id="003", seq=200, text="县(市、区)：川汇区；老年助餐场所(个)：38；特殊困难老年人家庭适老化改造(户)：78；乡镇敬老院转型区域养老服务中心(所)：/",
                    kind="table", table=row)
    found = clause_indicators(clause)
    assert [(i.id, i.value, i.unit, i.year, i.subject) for i in found] == [
        ("003:0200:i0", 38, "个", 2024, "川汇区 老年助餐场所"),
        ("003:0200:i1", 78, "户", 2024, "川汇区 特殊困难老年人家庭适老化改造"),
    ]


# (snippet, [(raw, value, unit, comparator, basis, replaced)]): a figure the text replaces, and the new one
REPLACED = [
    # seed 001 (焦作): the 30 is the old standard; the 50 states neither basis nor comparator of its own
    ("《焦作市养老服务促进条例》明确将新建城镇居住区配套建设社区养老服务设施由每百户不低于30平方米提高到50平方米，"
     "并与首期住宅建设项目同步规划",
     [("30平方米", 30, "平方米", ">=", "每百户", True), ("50平方米", 50, "平方米", ">=", "每百户", False)]),
    # seed 000 (河南): 从…提高至…
    ("将人均养老服务用地标准从0.1平方米提高至0.2平方米,将社区养老服务设施规划纳入",
     [("0.1平方米", 0.1, "平方米", "=", "人均", True), ("0.2平方米", 0.2, "平方米", "=", "人均", False)]),
    # guofa 2018 39 (八): 由…以上放宽至…以上
    ("将企业职工技能提升补贴申领条件由企业在职职工参加失业保险3年以上放宽至参保1年以上。",
     [("3年", 3, "年", ">=", "", True), ("1年", 1, "年", ">=", "", False)]),
    # not a replacement: two standards side by side (河南省条例 第二十四条)
    ("新建居民住宅区按照每百户不低于30平方米的标准配套建设养老服务设施；已建成居民住宅区应当按照每百户不低于20平方米的标准",
     [("30平方米", 30, "平方米", ">=", "每百户", False), ("20平方米", 20, "平方米", ">=", "每百户", False)]),
]


@pytest.mark.parametrize(("text", "expected"), REPLACED)
def test_replaced_figures_are_marked_and_the_new_one_inherits(text, expected):
    got = [(i.raw, i.value, i.unit, i.comparator, i.basis, i.replaced) for i in parse_indicators(text)]
    assert got == expected


def test_replaced_figure_subject_has_no_dangling_from():
    old, new = parse_indicators(REPLACED[0][0])
    assert old.subject == new.subject and not old.subject.endswith("由") and "养老服务设施" in old.subject


# bases written with 一/1 and powers of ten are one basis (山东省条例 第十一条, 德州/青岛 条例): never a 100-户 figure
@pytest.mark.parametrize(
    ("text", "raw", "value", "basis"),
    [
        ("第十一条 新建城镇居住区按照每一百户不低于二十平方米的标准配套建设社区养老服务设施。", "二十平方米", 20, "每百户"),
        ("新建城镇住宅区应当根据规划要求和建设标准，按照每百户不低于二十平方米的标准配套建设养老服务设施", "二十平方米", 20,
         "每百户"),
        ("按照每100户不低于20平方米的标准配套建设养老服务设施", "20平方米", 20, "每百户"),
        ("每1000名老年人配备1名社会工作者", "1名", 1, "每千名老年人"),
        # seed 004 一、: an age threshold takes no basis; the figure after it does
        ("每千人口拥有3岁以下婴幼儿托位数达到4.5个。", "4.5个", 4.5, "每千人口"),
    ],
)
def test_basis_spelled_with_one_or_digits(text, raw, value, basis):
    found = parse_indicators(text)
    assert not any(i.unit == "户" for i in found)
    hit = next(i for i in found if i.raw == raw)
    assert (hit.value, hit.basis) == (value, basis)
    assert all(i.basis == "" for i in found if i.unit in ("岁", "周岁"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # govcn_57 (十五): 年满 is a lower bound
        ("专利代理机构股东应当年满18周岁", [(18.0, "周岁", ">=")]),
        # govcn_34 (三): 万亿
        ("体育竞赛表演产业总规模达到2万亿元", [(2.0, "万亿元", "=")]),
        # govcn_10: list counts are not figures
        ("一、推广的改革举措（共23项）", []),
        ("（一）知识产权保护方面5项：知识产权民事、刑事、行政案件“三合一”审判", []),
        # 青岛 条例 history: 等十二件地方性法规
        ("根据2017年9月28日青岛市第十六届人民代表大会常务委员会第二次会议通过的关于修改等十二件地方性法规的决定修正", []),
        # govcn_07: 低于0.01毫米
        ("禁止生产和使用厚度低于0.01毫米的地膜", [(0.01, "毫米", "<")]),
        # phone numbers, 文号, article numbers
        ("联系电话：0371-65901234", []), ("国办发〔2018〕126号", []), ("依照本条例第三十二条的规定", []),
    ],
)
def test_issue11_figures_on_new_forms(text, expected):
    assert [(i.value, i.unit, i.comparator) for i in parse_indicators(text)] == expected


# govcn_52 (国办发〔1996〕32号) 附表, 单位：人: a spanning column 分年度招生任务 over 1996 年 / 1997 年 / 1998 年
GOVCN_52_HEADER = ["省（市）", "1995 年招生人数", "扩招", "分年度招生任务", "分年度招生任务", "分年度招生任务"]
GOVCN_52_SUB = ["省（市）", "1995 年招生人数", "扩招", "1996 年", "1997 年", "1998 年"]


def test_table_unit_note_and_second_header_line():
    from kb.models import TableRow

    cells = ["江西", "70 （实招 45 ）", "0", "70", "70", "70"]
    text = "；".join(f"{h}：{c}" for h, c in zip(GOVCN_52_HEADER, cells))
    got = table_indicators(TableRow(header=GOVCN_52_HEADER, cells=cells), text, "t", "人", GOVCN_52_SUB)
    assert [(i.value, i.unit, i.year) for i in got] == [
        (70, "人", 1995), (45, "人", 1995), (0, "人", None), (70, "人", 1996), (70, "人", 1997), (70, "人", 1998)]
    assert all(text[i.start:i.end] == "70 （实招 45 ）" for i in got[:2])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # govcn_03 (国发〔2019〕4号): a frequency's period is the basis, not a figure; per pupil
        ("专业目录每5年修订1次，每年调整1次。", [("1次", 1, "次", "=", "每5年", None), ("1次", 1, "次", "=", "每年", None)]),
        ("职业院校教师每年至少1个月在企业或实训基地实训", [("1个月", 1, "个月", ">=", "每年", None)]),
        ("各地要按照生均12000元的标准", [("12000元", 12000, "元", "=", "生均", None)]),
        # a starting year dates no figure; a duration takes only a target year
        ("从2019年起，具备条件的新增教师原则上从具有3年以上企业工作经历的人员中公开招聘。",
         [("3年", 3, "年", ">=", "", None)]),
        ("到2022年，建设300个示范性职业教育集团，学生在企业实习时间累计达到6个月。",
         [("300个", 300, "个", "=", "", 2022), ("6个月", 6, "个月", "=", "", 2022)]),
        # govcn_08 / govcn_13: the comparator stands before "X的"
        ("医疗机构结算货款的预付款不低于采购金额的30%", [("30%", 30, "%", ">=", "", None)]),
        ("原则上不少于本单位执法人员总数的5%", [("5%", 5, "%", ">=", "", None)]),
        # govcn_41: 4个小时 is 4 小时
        ("最迟不超过4个小时向国务院报告", [("4个小时", 4, "小时", "<=", "", None)]),
    ],
)
def test_basis_year_and_comparator_on_new_forms(text, expected):
    got = [(i.raw, i.value, i.unit, i.comparator, i.basis, i.year) for i in parse_indicators(text)]
    assert got == expected


# 国办发〔1996〕2号 / 〔1997〕2号 (govcn_20, govcn_51) forward 国家地震局's reports; 国办发〔1996〕25号 (govcn_19):
# what a report tells (events, casualties, losses), dates, decades, spans of the past and the count of a list just
# given are not indicators; a figure the same documents set is one
REPORTED = [
    ("1995年我国共发生5级以上地震48次，大大高于年均19次的水平。", []),
    ("据初步统计，1996年地震灾害共造成365人死亡，4026人重伤，直接经济损失约46亿元。", []),
    ("1995年全球共发生7级以上地震33次，为本世纪以来年均18次的1.8倍，而且也是18年来强震活动的高峰年。", []),
    ("我局于1997年1月7日至11日召开1997年度全国地震趋势会商会，对今后几年的地震趋势进行了分析。", []),
    ("自80年代后期以来，我国的地震活动进入了一个新的活跃期，中强以上地震频繁发生。", []),
    ("抗日战争胜利50多年来，我国人民多次遭受这些化学武器的伤害。", []),
    ("各级政府、各有关部门要严格从抗震设防标准、抗震设计和施工质量三个环节上把好关。", []),
    ("3.有50个以上的成员（基金会除外）。", ["50个"]),
    # 嘉兴市养犬管理条例 (local-regulations/zhejiang/0020_a2add13f.md): a sentence that sets a period keeps it
    ("第十二条 养犬地点变更或者饲养的犬只死亡、失踪、转让的，养犬人应当自养犬地点变更或者犬只死亡、失踪、转让之日起十五日内办理变更或者注销手续",
     ["十五日"]),
]


@pytest.mark.parametrize(("text", "expected"), REPORTED)
def test_reported_figures_are_not_indicators(text, expected):
    assert [i.raw for i in parse_indicators(text)] == expected
