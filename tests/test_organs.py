"""Organ names folded to one canonical unit: national organs by family, local organs as region + body.

Names and contexts are taken from real documents of ../shared/archive (govcn/, local-regulations/) and corpus/.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from kb.extract.organs import fold_unit, is_vague, load_organs, national_organ, organ_family

NATIONAL = {"region": "全国", "level": "national"}
ZHOUKOU = {"region": "周口市", "level": "city", "province": "河南省"}
HENAN = {"region": "河南省", "level": "province", "province": "河南省"}
QINGDAO = {"region": "青岛市", "level": "city", "province": "山东省"}

FAMILIES = [
    # 国务院组成部门: govcn_34 （体育总局、民政部、人力资源社会保障部负责）, govcn_57 （负责部门：住房城乡建设部）
    ("ministry", "发展改革委", "国家发展和改革委员会"),
    ("ministry", "国家发展改革委", "国家发展和改革委员会"),
    ("ministry", "工业和信息化部", "工业和信息化部"),
    ("ministry", "工信部", "工业和信息化部"),
    ("ministry", "人力资源社会保障部", "人力资源和社会保障部"),
    ("ministry", "住房城乡建设部", "住房和城乡建设部"),
    ("ministry", "科技部", "科学技术部"),
    ("ministry", "人民银行", "中国人民银行"),
    ("ministry", "国家卫生健康委", "国家卫生健康委员会"),
    # 直属特设机构 / 直属机构: govcn_10 annex 国务院国资委, govcn_07 市场监管总局 税务总局 国管局
    ("special", "国务院国资委", "国务院国有资产监督管理委员会"),
    ("agency", "税务总局", "国家税务总局"),
    ("agency", "市场监管总局", "国家市场监督管理总局"),
    ("agency", "海关总署", "海关总署"),
    ("agency", "国际发展合作署", "国家国际发展合作署"),
    ("agency", "中国银保监会", "中国银行保险监督管理委员会"),
    ("agency", "银保监会", "中国银行保险监督管理委员会"),
    ("agency", "金融监管总局", "国家金融监督管理总局"),
    ("agency", "证监会", "中国证券监督管理委员会"),
    ("agency", "体育总局", "国家体育总局"),
    ("agency", "国管局", "国家机关事务管理局"),
    # 直属事业单位, 部委管理的国家局: govcn_10 中科院, govcn_07 国家邮政局, govcn_34 海洋局
    ("institution", "中科院", "中国科学院"),
    ("bureau", "国家邮政局", "国家邮政局"),
    ("bureau", "国家林草局", "国家林业和草原局"),
    ("bureau", "外汇局", "国家外汇管理局"),
    # 党中央部门 and 议事协调机构 offices: 中央宣传部会同中央网信办、发展改革委… (govcn), govcn_34 空管委办公室
    ("party", "中央宣传部", "中共中央宣传部"),
    ("party", "中央网信办", "中央网络安全和信息化委员会办公室"),
    ("party", "空管委办公室", "国务院、中央军委空中交通管制委员会办公室"),
    ("party", "全国老龄办", "全国老龄工作委员会办公室"),
    # 人民团体: 全国总工会, 共青团中央, 全国妇联, 中国残联, 中国科协
    ("people", "全国总工会", "中华全国总工会"),
    ("people", "共青团中央", "中国共产主义青年团中央委员会"),
    ("people", "全国妇联", "中华全国妇女联合会"),
    ("people", "中国残联", "中国残疾人联合会"),
    ("people", "中国科协", "中国科学技术协会"),
    ("people", "供销合作总社", "中华全国供销合作总社"),
    # courts and procuratorates: govcn_10 annex 最高人民法院、最高人民检察院、国家知识产权局
    ("judicial", "最高人民法院", "最高人民法院"),
    ("judicial", "最高检", "最高人民检察院"),
    ("other", "北京冬奥组委", "北京2022年冬奥会和冬残奥会组织委员会"),
]


@pytest.mark.parametrize(("family", "written", "canonical"), FAMILIES)
def test_national_organs_fold_to_their_full_name(family, written, canonical):
    assert fold_unit(written, **NATIONAL) == canonical
    assert fold_unit(canonical, **NATIONAL) == canonical  # idempotent
    assert organ_family(canonical) == family


@pytest.mark.parametrize(
    ("written", "context", "canonical"),
    [
        ("市民政局", ZHOUKOU, "周口市民政局"),  # seed 003 （责任单位：市民政局…）
        ("周口市民政局", ZHOUKOU, "周口市民政局"),
        ("市人社局", ZHOUKOU, "周口市人力资源社会保障局"),  # body variants fold through org_lexicon.json
        ("市政府", ZHOUKOU, "周口市人民政府"),
        ("省发展改革委", ZHOUKOU, "河南省发展改革委"),  # 省 in a city document is its province
        ("省农业机械行政主管部门", HENAN, "河南省农业机械行政主管部门"),  # 河南省农业机械化促进条例 第六条
        ("市城乡建设行政主管部门", QINGDAO, "青岛市城乡建设行政主管部门"),  # 青岛市建筑废弃物资源化利用条例 第四条
        ("县级市城乡建设行政主管部门", QINGDAO, "县级市城乡建设行政主管部门"),  # a level, not a place
        ("区（市）人民政府", QINGDAO, "区（市）人民政府"),
        ("县级以上人民政府民政部门", HENAN, "县级以上人民政府民政部门"),  # generic holders stay as written
        ("人行周口市分行", ZHOUKOU, "人行周口市分行"),
        ("区民政局", {"region": "川汇区", "level": "county"}, "川汇区民政局"),
        ("市民政局", {"region": "川汇区", "level": "county"}, "周口市民政局"),
    ],
)
def test_local_organs_are_region_plus_body(written, context, canonical):
    assert fold_unit(written, **context) == canonical


def test_short_forms_shared_with_local_bodies_are_national_only_in_national_documents():
    assert fold_unit("卫生健康委", **NATIONAL) == "国家卫生健康委员会"
    assert fold_unit("统计局", **NATIONAL) == "国家统计局"
    assert fold_unit("卫生健康委", **ZHOUKOU) == "卫生健康委"
    assert national_organ("国资委") is None and national_organ("国资委", national=True) == "国务院国有资产监督管理委员会"
    assert national_organ("财政部") == "财政部"  # a ministry is national wherever it is written


@pytest.mark.parametrize(
    ("name", "vague"),
    [("各有关部门", True), ("有关单位", True), ("各地区", True), ("各有关部门和单位", True),
     ("各有关省（市）人民政府", True), ("各省级人民政府", False), ("市民政局", False), ("试点城市政府", False)],
)
def test_vague_holders(name, vague):
    assert is_vague(name) is vague


def test_organ_table_is_consistent():
    raw = json.loads(resources.files("kb").joinpath("data/organs.json").read_text(encoding="utf-8"))
    names = [o["name"] for o in raw["organs"]]
    assert len(names) == len(set(names)) and set(o["family"] for o in raw["organs"]) <= set(raw["families"])
    table = load_organs()
    forms = list(table.canonical) + list(table.national_context)
    assert len(forms) == len(set(forms))  # one written form, one organ
