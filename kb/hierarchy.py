"""Administrative hierarchy of documents: national, then each province followed by its cities and counties.

Pure helpers over a document's ``region`` / ``province`` / ``level`` metadata. Division codes (GB/T 2260)
come from the division table (``kb.divisions``) so provinces sort in the official order and a city
sorts under its own province even when the document only says ``周口市``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kb.divisions import SUFFIX, divisions, lookup

_NATIONAL_NAMES = frozenset({"全国", "国家", "中央", "国务院", "中华人民共和国", "中国"})
_LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}
_PROVINCE_SUFFIX = SUFFIX["province"]
_CITY_SUFFIX = SUFFIX["city"]
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
    if region == province or _code("province", region) and _PROVINCE_SUFFIX.search(region):
        return "province"
    if _COUNTY_NAME.search(region):
        return "county"
    if _CITY_SUFFIX.search(region):
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
    if _LEVEL_RANK.get(upper.level, 9) >= _LEVEL_RANK.get(lower.level, 9):
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
    bare = _PROVINCE_SUFFIX.sub("", region)
    return bool(bare) and (place.name.startswith(bare) or place.province.startswith(bare))
