"""Deadline parser on real snippets, resolved against the document's own date."""

from __future__ import annotations

import pytest

from kb.extract.deadlines import parse_deadlines

# (snippet, document date, expected [(raw, kind, date, start_date, event, days)])
CASES = [
    # seed 001, signed 2023-07-13: 9月底 → 2023-09-30
    ("目前，正在组织市（含五城区）、县（市、区）养老服务设施专项规划编制工作，计划9月底完成。", "2023-07-13",
     [("9月底完成", "absolute", "2023-09-30", None, None, None)]),
    # seed 003 schedule headings in a 2024 plan
    ("(一)做好工作汇报(4月)。按照《联动监督实施方案》要求", "2024-04-09",
     [("(4月)", "absolute", "2024-04-30", None, None, None)]),
    ("(五)加强问题跟踪整改(8月—12月)。市政府形成研究整改意见", "2024-04-09",
     [("(8月—12月)", "period", "2024-12-31", "2024-08-01", None, None)]),
    ("5月底前,市民政局会同市直有关部门,汇总工作情况", "2024-04-09",
     [("5月底前", "absolute", "2024-05-31", None, None, None)]),
    # seed 003 task 7: relative stays relative
    ("建设单位应当按照约定的移交方式,自竣工验收合格之日起九十日内将设施以及有关建设资料无偿移交", "2024-04-09",
     [("自竣工验收合格之日起九十日内", "relative", None, None, "竣工验收合格", 90)]),
    # seed 003 task 55: recurring
    ("每年至少组织一次综合应急预案演练,每半年至少组织一次现场处置应急演练。", "2024-04-09",
     [("每年至少组织", "recurring", None, None, None, None), ("每半年至少组织", "recurring", None, None, None, None)]),
    # seed 002: periods
    ("依据浙江省委、省政府《浙江省应对人口老龄化中长期规划》,制定本规划。规划期为2021—2025年,规划基期为2020年。", "2021-04-02",
     [("2021—2025年", "period", "2025-12-31", "2021-01-01", None, None)]),
    ("十三五期间,全省深入贯彻落实党中央、国务院建设健康中国", "2021-04-02",
     [("十三五期间", "period", "2020-12-31", "2016-01-01", None, None)]),
    # seed 004: target year
    ("到2025年,全省基本建成功能完善、规模适度、覆盖城乡的养老托育服务体系", "2023-05-18",
     [("到2025年", "target", "2025-12-31", None, None, None)]),
    ("各级政府用于社会福利事业的彩票公益金,到2022年要将不低于55%的资金用于支持发展养老服务。", "2021-12-31",
     [("到2022年", "target", "2022-12-31", None, None, None)]),
    # seed 002: 2022年底前
    ("推进乡镇敬老院转型,2022年底前全部完成", "2021-04-02",
     [("2022年底前", "absolute", "2022-12-31", None, None, None)]),
    # guofa 2018 39: a date range and an event-relative limit
    ("2019年1月1日至12月31日，对面临暂时性生产经营困难且恢复有望", "2018-11-16",
     [("2019年1月1日至12月31日", "period", "2019-12-31", "2019-01-01", None, None)]),
    ("各省、自治区、直辖市人民政府要在本意见印发之日起30日内，制定出台具体实施办法", "2018-11-16",
     [("在本意见印发之日起30日内", "relative", None, None, "本意见印发", 30)]),
    # 广州 助餐配餐 办法 2024: validity period, yearly cycle, monthly duty, event-relative with 后的
    ("本办法自2024年4月1日起实施，有效期5年。", "2024-03-14",
     [("自2024年4月1日起实施，有效期5年", "period", "2029-03-31", "2024-04-01", None, None)]),
    ("区民政部门每年4月底前向市养老服务指导单位报送，市养老服务指导单位于5月底前完成清算。", "2024-03-14",
     [("每年4月底前", "recurring", None, None, None, None), ("5月底前", "recurring", None, None, None, None)]),
    ("区民政部门应在评估结果出具后的3个工作日内对本市户籍老年人的送餐补贴资格进行确认。", "2024-03-14",
     [("在评估结果出具后的3个工作日内", "relative", None, None, "评估结果出具", 3)]),
    # 国办发〔1997〕11号: periods typeset with the horizontal bar (U+2015), once doubled
    ("清理整顿时限是1997年4月―1998年2月，具体步骤", "1997-03-18",
     [("1997年4月―1998年2月", "period", "1998-02-28", "1997-04-01", None, None)]),
    ("1997年4―6月，由社会团体根据清理", "1997-03-18",
     [("1997年4―6月", "period", "1997-06-30", "1997-04-01", None, None)]),
    ("1997年10月――1998年2月，由登记管", "1997-03-18",
     [("1997年10月――1998年2月", "period", "1998-02-28", "1997-10-01", None, None)]),
    # 国办发〔1996〕2号: a plan period before the 十一五, as the horizon of a target (slice e README decision 6)
    ("我局建议“九五”期间我国防震减灾工作的目标是：", "1996-01-15",
     [("“九五”期间", "target", "2000-12-31", None, None, None)]),
    ("“九五”期间，我国的地震活动进入新的活跃期。", "1996-01-15",
     [("“九五”期间", "period", "2000-12-31", "1996-01-01", None, None)]),
    # a bare month range without its first 月 and without a year is not a date (第4-6月 of something)
    ("按照第4―6月的标准执行", "2024-04-09", []),
    ("2019年1月1日至2020年12月31日，对其中就业困难人员", "2018-11-16",
     [("2019年1月1日至2020年12月31日", "period", "2020-12-31", "2019-01-01", None, None)]),
]


@pytest.mark.parametrize(("text", "doc_date", "expected"), CASES)
def test_parse_deadlines_real_snippets(text, doc_date, expected):
    got = [(d.raw, d.kind, d.date, d.start_date, d.event, d.days) for d in parse_deadlines(text, doc_date)]
    assert got == [tuple(e) for e in expected]


def test_month_without_document_date_has_no_date():
    (d,) = parse_deadlines("计划9月底完成。", "")
    assert d.kind == "absolute" and d.date is None


@pytest.mark.parametrize(
    "text",
    [
        "根据初级、中级、高级职业等级分别享受每人每月50元、100元、150元的岗位补贴。",  # basis, not recurring
        "生活费补贴政策每人每年只享受一次",
        "《焦作市养老服务促进条例》于2023年1月1日起实行。",  # an effective date is not a deadline
        "2024年4月9日",
        "科学谋划“十四五”养老托育服务体系建设",
        "老年人日益增长的养老服务需求",
    ],
)
def test_not_deadlines(text):
    assert parse_deadlines(text, "2023-07-13") == []


def test_offsets_point_at_raw():
    for text, doc_date, _ in CASES:
        for d in parse_deadlines(text, doc_date):
            assert text[d.start : d.end] == d.raw


@pytest.mark.parametrize(
    ("text", "found"),
    [("", []), ("(13月)", []), ("2024年2月30日前", [("absolute", None)]),  # no such day: kept, undated
     ("自" * 5000 + "之日起九十日内", [("relative", None)]), ("(" * 3000, []), ("到9999年", [])],
)
def test_bad_input_never_raises(text, found):
    assert [(d.kind, d.date) for d in parse_deadlines(text, "2024-04-09")] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # govcn_07: a half year is a period; 到2020年 a target with its stage
        ("2019年上半年，试点城市政府印发实施方案。", [("period", "2019-06-30", "2019-01-01", None, None)]),
        ("到2020年，秸秆综合利用率达到85%以上。", [("target", "2020-12-31", None, None, "2020")]),
        # staged national targets: each stage its own deadline
        ("到2020年，初步建立…；到2022年，基本形成…；到2035年，全面建成…。",
         [("target", "2020-12-31", None, None, "2020"), ("target", "2022-12-31", None, None, "2022"),
          ("target", "2035-12-31", None, None, "2035")]),
        # 青岛 条例 第七条 / 第十四条: before an event, and within days with the event left implicit
        ("建设单位应当在新建、改建工程申请办理施工许可证前，编制方案。", [("relative", None, None, None, None)]),
        ("市城乡建设行政主管部门应当在七个工作日内予以备案。", [("relative", None, None, 7, None)]),
        ("每年预测并公布建筑废弃物产生量。", [("recurring", None, None, None, None)]),
    ],
)
def test_issue11_deadline_forms(text, expected):
    got = [(d.kind, d.date, d.start_date, d.days, d.stage) for d in parse_deadlines(text, "2018-12-29")]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "raws"),
    [
        # govcn_03 (国发〔2019〕4号): a period with a count, a yearly minimum, a cycle
        ("专业目录每5年修订1次，每年调整1次，每3年修订1次。", ["每5年修订", "每年调整", "每3年修订"]),
        ("职业院校教师每年至少1个月在企业或实训基地实训，落实教师5年一周期的全员轮训制度。", ["每年至少1个月", "5年一周期"]),
        # 济南市燃气管理条例 第十八条: the count stands a few words after the period
        ("管道燃气经营企业应当每两年至少为居民用户户内燃气设施免费进行一次安全检查，每年至少为单位用户燃气设施进行一次安全检查",
         ["每两年至少为居民用户户内燃气设施免费进行一次", "每年至少为单位用户燃气设施进行一次"]),
    ],
)
def test_recurring_periods_and_cycles(text, raws):
    found = parse_deadlines(text, "2019-01-24", "x")
    assert [(d.raw, d.kind) for d in found] == [(r, "recurring") for r in raws]
