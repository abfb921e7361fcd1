"""Holder families of slice h (issue 11), one table per family, each on the real sentence it comes from, with the
sentences that must NOT give a unit beside them.

Sources (tests/data/archive): 城市生活无着的流浪乞讨人员救助管理办法 (national-laws/xingzheng-fagui/0277),
劳动就业服务企业管理规定 (xingzheng-fagui/0152), 河南省实施农业技术推广法办法 (local-regulations/henan/0134),
重庆市农村集体资产管理条例 (chongqing/0019), 青岛市预防职务犯罪工作条例 (shandong/0445), 河南省专业技术人员继续
教育条例 (henan/0061), 国办函〔2004〕80号 (govcn/govcn_23).
"""

from __future__ import annotations

import pytest

from kb.extract.duties import parse_duties


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
]

NOT_PUBLIC_BODIES = [
    # the body is the object or the place, not the subject
    "第六条 向救助站求助的流浪乞讨人员，应当如实提供本人的姓名等基本情况并将随身携带物品在救助站登记",
    "（五）协助农村经营管理站对本集体经济组织的财务进行审计；",
    # a topic, not an act: "救助站对…的救助是…"
    "救助站对流浪乞讨人员的救助是一项临时性社会救助措施。",
    # providers a regulation regulates, schools and research units are not organs (slice h decision 1; slice c)
    "第十五条 继续教育培训机构，应当按照继续教育规划的要求开展继续教育。",
    "有关学校应当开设农业技术推广课程。",
    "农业科研单位应当面向农业生产。",
    "养老服务机构应当建立健全安全管理制度。",
]


@pytest.mark.parametrize(("text", "expected"), PUBLIC_BODIES)
def test_public_bodies_are_duty_holders(text: str, expected: list[tuple[str, str]]) -> None:
    assert duties(text) == expected


@pytest.mark.parametrize("text", NOT_PUBLIC_BODIES)
def test_public_bodies_not_holders(text: str) -> None:
    assert duties(text) == []
