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
