"""Government organs: every way a document writes an organ, folded to one canonical name.

A grammar of names, not a list of one corpus's names:
- national organs come from a table (``kb/data/organs.json``): the State Council's ministries and commissions,
  directly affiliated agencies and institutions, administrations under ministries, Party departments, people's
  organisations, the supreme court and procuratorate — each with the short forms documents use
  (发展改革委 / 国家发展改革委 → 国家发展和改革委员会, 人民银行 → 中国人民银行);
- a local organ is a region + a body: 省/市/县/区 + body is resolved against the document's own region through the
  division table (市民政局 in a 周口 document → 周口市民政局; 省发展改革委 in a 河南 document → 河南省发展改革委), and the
  body's variants fold through ``kb/data/org_lexicon.json`` (人社局 → 人力资源社会保障局, 政府 → 人民政府);
- a short form that is also a local body (卫生健康委, 统计局, 国资委) is the national organ only in a national
  document; generic holders (县级以上人民政府民政部门) stay as written.

``fold_unit`` is pure and idempotent: folding a canonical name returns it unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.places import Division as Place, divisions, province_of

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_NATIONAL_START = ("国家", "国务院", "中国", "中华", "中央", "中共", "全国", "最高", "共青团", "团中央", "北京2022", "北京冬奥")
_NATIONAL_END = ("部", "署", "总局", "总署", "银行", "人行", "央行")
_LOCAL_ONLY_PARTY = {"统战部", "宣传部", "组织部"}
_PREFIX_RE = re.compile(r"^(省(?!辖)|自治区|市(?!场)|县|区(?!域))")  # 省辖市: every prefecture city, not 省 + 辖市
_VAGUE_RE = re.compile(
    r"^(?:各有关|各相关)|^(?:各|有关|相关|其他|其它)*(?:有关|相关)?(?:地区|地方|部门|单位|方面|部门和单位|单位和部门|部门单位|地区和部门|地区、部门)$"
    r"|^各(?:地|级)$"
)
# body variants a local document writes that the extractor's lexicon keeps apart
_LOCAL_BODY_ALIASES = {"政府": "人民政府", "政府办公室": "人民政府办公室", "政府办公厅": "人民政府办公厅",
                       "政府办": "人民政府办公室"}


@dataclass(frozen=True)
class OrganTable:
    """The national organ table and the local body variants, indexed for folding."""

    canonical: dict[str, str]  # unambiguous written form (canonical name or short form) -> canonical name
    national_context: dict[str, str]  # short forms that are also local bodies -> canonical (national documents)
    family: dict[str, str]  # canonical name -> family (ministry, agency, bureau, party, people …)
    body_aliases: dict[str, str]  # local body variant -> the lexicon's body (人社局 -> 人力资源社会保障局)
    people_aliases: dict[str, str]  # a people's organisation written long -> its short name (共产主义青年团 -> 共青团)


def _ambiguous(alias: str, local_bodies: set[str]) -> bool:
    """True for a short form that a local document may use for its own body (卫生健康委, 统计局)."""
    if alias in _LOCAL_ONLY_PARTY or alias in local_bodies and not alias.endswith(_NATIONAL_END):
        return True
    if alias.startswith((*_NATIONAL_START, "中", "国")) or alias.endswith(_NATIONAL_END):
        return False
    return alias.endswith(("局", "委", "办", "会", "室")) and not alias.endswith(
        ("证监会", "银保监会", "保监会", "银监会", "电监会", "自然科学基金会", "社保基金会", "红十字会总会"))


@lru_cache(maxsize=1)
def load_organs() -> OrganTable:
    """The packaged organ table (kb/data/organs.json) and the body variants of kb/data/org_lexicon.json."""
    raw = json.loads((DATA_DIR / "organs.json").read_text(encoding="utf-8"))
    lexicon = json.loads((DATA_DIR / "org_lexicon.json").read_text(encoding="utf-8"))
    local_bodies = set(lexicon["bodies"]) | set(lexicon["aliases"])
    canonical: dict[str, str] = {}
    context: dict[str, str] = {}
    family: dict[str, str] = {}
    for organ in raw["organs"]:
        name = organ["name"]
        canonical[name] = name
        family[name] = organ["family"]
        for alias in organ["aliases"]:
            (context if _ambiguous(alias, local_bodies) else canonical)[alias] = name
    people = {k: v for k, v in lexicon["aliases"].items() if k in lexicon.get("people", [])}
    return OrganTable(canonical, context, family, dict(lexicon["aliases"]) | _LOCAL_BODY_ALIASES, people)


def national_organ(name: str, national: bool = False) -> str | None:
    """The canonical name of a national organ written ``name``, or None; short forms shared with local bodies
    count only when ``national`` (the document is a national one)."""
    table = load_organs()
    name = _fullwidth(name.strip())
    found = table.canonical.get(name)
    if found is None and national:
        found = table.national_context.get(name)
    if found is None and name.startswith("国家"):
        found = table.national_context.get(name[2:])
    return found


def organ_family(name: str) -> str:
    """The family of a canonical national organ ("ministry", "bureau", "party" …), "" for others."""
    return load_organs().family.get(name, "")


def is_vague(name: str) -> bool:
    """Holders that name no organ: 各有关部门, 有关单位, 各地区, 相关部门和单位."""
    return bool(_VAGUE_RE.match(re.sub(r"[、，,]", "", name.strip())))


def _fullwidth(s: str) -> str:
    return s.replace("(", "（").replace(")", "）")


def _place(region: str, province: str) -> Place | None:
    d = divisions()
    return d.full.get(region) or d.full.get(province)


def _region_for(prefix: str, place: Place | None) -> str:
    """The region a 省/市/县/区 prefix stands for in a document of ``place`` ("" when it cannot tell)."""
    if place is None:
        return ""
    by_code = divisions().by_code
    if prefix in ("省", "自治区"):
        prov = province_of(place).name
        return prov if prov.endswith(prefix) else ""
    if prefix == "市":
        if place.level == "city":
            return place.name
        if place.level == "county":
            city = by_code.get(place.code[:4] + "00")
            return city.name if city else ""
        return place.name if place.name.endswith("市") else ""  # 北京市, 上海市: a province-level city
    if place.level == "county" and place.name.endswith(prefix):
        return place.name
    return ""


def _fold_body(body: str) -> str:
    return load_organs().body_aliases.get(body, body)


_COUNCIL_DEPT_RE = re.compile(r"^国务院(?P<domain>[\u4e00-\u9fff]{2,12}?)(?:行政主管部门|主管部门|行政部门|部门)$")


def _council_department(name: str) -> str | None:
    """The ministry a law names by its domain: 国务院教育行政部门 → 教育部, 国务院人力资源社会保障行政部门 →
    人力资源和社会保障部 (the domain + 部 / 委 / 总局, or 国家 + domain + 局, looked up in the organ table)."""
    m = _COUNCIL_DEPT_RE.match(name)
    if not m:
        return None
    d = m.group("domain")
    for cand in (d + "部", d + "委", d + "总局", "国家" + d + "总局", "国家" + d + "局", d + "局"):
        found = national_organ(cand, True)
        if found:
            return found
    return None


_EACH_PROVINCE_RE = re.compile(r"^各(?=省、自治区、直辖市|省（区、市）)")
# the departments of every level's government are every level's departments, written two ways
_EACH_LEVEL_DEPT_RE = re.compile(r"^(?:地方)?各级(?:地方)?(?:人民)?政府的?(?=[\u4e00-\u9fff]{2,16}(?:部门|机构|机关)$)")
# a government's department written with 的: one organ with or without it
_GOV_DE_DEPT_RE = re.compile(r"(?<=人民政府)的(?=[\u4e00-\u9fff]{2,16}(?:部门|机构|机关)$)")


def fold_unit(name: str, region: str = "", level: str = "", province: str = "") -> str:
    """One canonical name per organ, whatever form the document writes.

    Args:
        name: the unit as extracted or written (发展改革委, 市民政局, 周口市人社局).
        region: the document's issuing region (周口市, 河南省, "" or 全国 for national documents).
        level: the document's level (national / province / city / county).
        province: the document's province, used when ``region`` is not a known division.

    Returns:
        The national organ's full name, region + body for a local organ, or ``name`` as written.
    """
    name = _EACH_PROVINCE_RE.sub("", _fullwidth(name.strip()))  # 各省、自治区、直辖市人民政府: 各 names no other organ
    name = _EACH_LEVEL_DEPT_RE.sub("各级", name)  # 各级人民政府(的)农业行政主管部门 = 各级农业行政主管部门
    name = _GOV_DE_DEPT_RE.sub("", name)  # 县级以上的地方各级人民政府的民政部门 = …人民政府民政部门 (the holder grammar's)
    if not name:
        return name
    name = load_organs().people_aliases.get(name, name)  # 妇女联合会 = 妇联, 共产主义青年团 = 共青团
    national = level == "national" or region in ("全国", "中央")
    found = national_organ(name, national)
    if found:
        return found
    ministry = _council_department(name)
    if ministry:
        return ministry
    if name.startswith("国务院") and national_organ(name[3:], True):  # 国务院国资委 is in the table; 国务院X办
        return national_organ(name[3:], True) or name
    place = None if national else _place(region, province)
    m = _PREFIX_RE.match(name)
    if m:
        body = name[m.end():]
        if not body or body.startswith(("级", "（", "、")):
            return name
        where = _region_for(m.group(1), place)
        return (where or m.group(1)) + _fold_body(body)
    d = divisions()
    hit = d.full_re.match(name)
    if hit and hit.end() < len(name):
        return hit.group(0) + _fold_body(name[hit.end():])
    return name
