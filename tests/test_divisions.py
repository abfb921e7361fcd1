"""The division table: full names by rule, lookups inside a province, the names the unit extractor needs."""

from __future__ import annotations

import pytest

from kb.places import divisions, find_places, lookup, province_of, region_names


@pytest.mark.parametrize(
    "text,name,province,level",
    [
        ("周口市人民政府办公室", "周口市", "河南省", "city"),
        ("焦作市民政局", "焦作市", "河南省", "city"),
        ("德州市养老服务条例", "德州市", "山东省", "city"),
        ("绍兴市居家养老服务条例", "绍兴市", "浙江省", "city"),
        ("川汇区民政局", "川汇区", "河南省", "county"),
        ("北京市居家养老服务条例", "北京市", "北京市", "province"),
        ("浙江省民政厅", "浙江省", "浙江省", "province"),
        ("广西壮族自治区民政厅", "广西壮族自治区", "广西壮族自治区", "province"),
    ],
)
def test_places_from_the_division_table(text: str, name: str, province: str, level: str) -> None:
    place = find_places(text)[0]
    assert (place.name, province_of(place).name, place.level) == (name, province, level)


def test_short_names_are_found_only_when_asked() -> None:
    assert find_places("周口") == []
    assert [p.name for p in find_places("河南周口", short_names=True)] == ["河南省", "周口市"]


@pytest.mark.parametrize(
    "level,name,province_code,expected",
    [
        ("province", "河南省", "", ("河南省", "410000")),
        ("province", "河南", "", ("河南省", "410000")),
        ("province", "广西壮族自治区", "", ("广西壮族自治区", "450000")),
        ("city", "周口市", "", ("周口市", "411600")),
        ("city", "德州", "", ("德州市", "371400")),
        ("city", "吉林市", "", ("吉林市", "220200")),  # the city, not the province 吉林
        ("city", "周口市", "370000", None),  # not in 山东
        ("county", "川汇区", "410000", ("川汇区", "411602")),
        # four 鼓楼区 (南京, 徐州, 福州, 开封): the province decides, not the table's order
        ("county", "鼓楼区", "350000", ("鼓楼区", "350102")),
        ("county", "鼓楼区", "410000", ("鼓楼区", "410204")),
        ("county", "鼓楼区", "", ("鼓楼区", "320106")),
        ("county", "不存在区", "", None),
    ],
)
def test_lookup(level: str, name: str, province_code: str, expected: tuple[str, str] | None) -> None:
    place = lookup(level, name, province_code)
    assert (None if place is None else (place.name, place.code)) == expected


def test_ambiguous_county_names_are_not_full_names() -> None:
    assert "鼓楼区" not in divisions().full
    assert divisions().full["川汇区"].code == "411602"


def test_region_names_are_short_province_and_city_names() -> None:
    names = region_names()
    assert {"河南", "周口", "郑州", "山东", "德州", "广州", "内蒙古"} <= names
    assert "川汇区" not in names and all(len(n) >= 2 for n in names)
