"""Public-service bodies and other statutory holders named by their function: "救助站应当…", "各级农业技术推广机构，
应当…", "乡（镇）以上各级国家农业技术推广机构是国家事业单位，其职责是：", "市、区（市）预防职务犯罪工作领导机构领导…".

They are 事业单位 (or bodies a statute sets up), not administrative organs, but a regulation charges them with its
duties, so they are units (slice h decision 1). A name is a family, not a list: a level (kb/data/org_lexicon.json
``institutions.levels``), an optional host department (各级劳动部门的), a short qualifier and a type ending
(``institutions.types``: 救助站, 经营管理站, 技术推广机构, 教育培训机构 …). Schools, research units, enterprises and
the bodies a regulation regulates (司法鉴定机构, 养老服务机构) end otherwise and are never read here.
``kb.extract.duties`` decides whether such a name stands where a holder stands.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.extract.holders import _ACT_RE, _PLACE_WORD, _split_levels
from kb.extract.unitnames import load_lexicon

# what may not stand inside the qualifier of an institution's name: verbs, joins, case markers
_QUALIFIER = (r"(?:(?!应当|应(?!急)|可以|负责|不得|协助|配合|接受|会同|通过|设立|建立|鼓励|支持|举办|按照|依照|根据|做好|共同|需要"
              r"|占用|用作|除|到|于|者|向|对|由|在|经|将|是|为|其|的|和|及|与|或|等|报|送|有关|相关|其他)"
              r"[\u4e00-\u9fff]){0,10}?")
# acts beyond a holder's: a prohibition (救助站不得向受助人员…收取费用), a definition that lists the body's duties
# ("…推广机构是国家事业单位，其职责是："), a body that provides or reports to someone (救助站为受助人员提供的住处，
# 应当…; 国家农业技术推广机构向农业劳动者推广农业技术)
_OWN_ACT_RE = re.compile(
    r"不得|[为向](?=[^，,。；;]{1,20}?(?:提供|推广|报告|通报|公布|宣传))|是[^，,。；;]{0,20}?[，,]其(?:主要)?职责"
)
# other members of a list that are no organs (农业科研单位、有关学校以及科技人员): the institution alone is charged
_LIST_TAIL_RE = re.compile(r"(?:(?:、|和|及|以及)(?:有关|相关)?[\u4e00-\u9fff]{2,10}?(?:单位|学校|院校|组织|人员|个人))+")


@lru_cache(maxsize=1)
def institution_re() -> re.Pattern[str]:
    """An institution's name: level(s), host department, qualifier and type ending."""
    lex = load_lexicon()
    types = "|".join(map(re.escape, lex.institution_types)) or "(?!)"
    one = "|".join(map(re.escape, lex.institution_levels)) or "(?!)"
    return re.compile(
        rf"(?P<level>(?:{one})(?:[、和](?:{one}))*)?(?P<host>(?:县级以上(?:地方)?(?:各级)?人民政府|各级人民政府|各级)?"
        rf"(?![除由对向经在])(?:(?!的|和|及|或|、|有关|相关|所属)[\u4e00-\u9fff]){{2,10}}?(?:部门|主管机构|管理机构)(?:所属的?|的))?"  # 各级气象主管机构所属的气象台站
        rf"(?P<name>{_QUALIFIER}(?:{types}))"
    )


def list_end(text: str, end: int) -> int:
    """Where the subject an institution ending at ``end`` heads ends: past the non-organs listed with it."""
    tail = _LIST_TAIL_RE.match(text, end)
    return tail.end() if tail else end


def acts(text: str, end: int) -> bool:
    """True when what follows a subject ending at ``end`` (after an optional comma) is an act, not a topic
    ("救助站对流浪乞讨人员的救助是一项临时性社会救助措施")."""
    at = end + (1 if text[end:end + 1] in "，," else 0)
    if _TOPIC_RE.match(text, at):
        return False
    return bool(_ACT_RE.match(text[at:]) or _OWN_ACT_RE.match(text, at))


_TOPIC_RE = re.compile(r"对[^，,。；;]{1,20}?的[\u4e00-\u9fff]{1,6}?是")


def institution_units(m: re.Match[str]) -> list[str]:
    """The units one institution name stands for: one per level ("市、区（市）…领导机构" → two)."""
    level, host, name = m.group("level") or "", m.group("host") or "", m.group("name")
    if not level:
        return [host + name]
    if re.fullmatch(r"[省市县区](?:[、和].+)?|区（市）|区县|县（市、区）", level):
        return [lv + host + name for lv in _split_levels(level)]
    return [level + host + name]


@lru_cache(maxsize=1)
def people_re() -> re.Pattern[str]:
    """"工会、共青团、妇联、残联、红十字会等团体协助…", "工会、共青团、妇联、科协、志愿者组织等团体和机关…应当…": a list of
    people's organisations (kb/data/org_lexicon.json "people"), the members of it that are no organ, and its close."""
    one = "|".join(load_lexicon().people) or "(?!)"
    return re.compile(
        rf"(?:(?P<level>各级|县级以上|(?:省|市|县)级)|(?P<levels>(?!城市){_PLACE_WORD}(?:[、和]{_PLACE_WORD})*)(?=总工会))?"  # 市和区县（自治县）总工会
        rf"(?P<list>(?:{one})(?:(?:[、和及]|或者?)(?:{one}))*)(?:、[\u4e00-\u9fff]{{2,10}}?(?:组织|协会))*"
        r"(?:等[\u4e00-\u9fff]{0,4}?(?:组织|团体))?"  # 等群团组织, 等妇女组织
    )


# what a people's organisation is charged with: the acts of any holder, 协助 / 配合, or being "the main force" of a field
PEOPLE_ACT_RE = re.compile(r"[，,]?(?:协助|配合|是[^，,。；;]{0,30}?(?:主要社会力量|主要力量|主力军|人民团体[，,](?=应当|应(?!急))))")
# other holders the list is joined to: "…等团体和机关、企业事业单位应当…"
PEOPLE_JOINED_RE = re.compile(r"[和及](?:其他)?[\u4e00-\u9fff、]{0,14}?(?:单位|组织|机关)(?=[，,]?(?:应当|应(?!急)|可以|要|负责|协助|配合))")


# a list item before a people's organisation that is a party or its persons: the organisation is theirs
PARTY_BEFORE_RE = re.compile(r"(?:单位|企业|[^机]构的[\u4e00-\u9fff]{0,8}|[人员者])(?:和|及|以及|、)$")
