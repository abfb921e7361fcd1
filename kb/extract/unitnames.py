"""Unit names: the organisation lexicon, lists of names and the region prefix a list shares.

Unit names are recognised by their forms (…局 …厅 …委 …办 …中心 …支队 团市委 妇联 人民政府 管委会) and normalised
through ``kb/data/org_lexicon.json``; a region prefix (省/市/县/区) distributes over the bare names of a list
("省卫生健康委、发展改革委" → 省卫生健康委, 省发展改革委). Bad input yields fewer names, never an exception.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kb.extract.organs import is_vague, national_organ
from kb.places import region_names

OPEN = "（(〔【[［"
CLOSE = "）)〕】]］"
_SUFFIX_RE = re.compile(
    r"(?:厅|局|委|办|办公室|中心|支队|总队|大队|分行|支行|分局|部|署|院|会|委员会|政府|管委会|机构|集团|公司|省委|市委|县委"
    r"|妇联|残联|科协|侨联|文联|工商联|银行|单位|部门|办事处|总局|学校|大学|协会)$"
)
GENERIC_RE = re.compile(r"^(?:各级|各地|各|有关|相关|其他|其它|市直有关|省直有关|省直|市直)")
VAGUE_RE = re.compile(r"^(?:各有关|有关|相关|其他|其它|各级(?![\u4e00-\u9fff]{2,12}?部门$)|各地|市直有关|省直有关)")  # 各级卫生健康部门 names a sector
NATIONAL_RE = re.compile(r"^(?:国家|国务院|中央|全国|中国|人民银行|共青团|人行|银保监会|证监会|金融监管总局)")
PREFIX_RE = re.compile(r"^(省|市|县|区|自治区)")
# holders named by what they are rather than where: 试点城市政府, 各试点地区人民政府
GENERIC_GOV_RE = re.compile(
    r"^[\u4e00-\u9fff]{0,6}(?:城市|地区|省份|地方)(?:人民)?政府(?:办公厅（室）|办公厅|办公室)?$"
)
BAD_CHARS_RE = re.compile(r"[，,。；;：:“”\"《》\d]|的|和(?:规划|信息化|旅游|社会保障)?(?=.*(?:能力|工作|服务|建设|发展)$)")
LIST_SEP_RE = re.compile(r"[、，,;；]")
_ETC_RE = re.compile(r"等(?:有关|相关)?(?:部门|单位|部门和单位|有关部门和单位)?$")


@dataclass(frozen=True)
class Lexicon:
    """Organisation names: bodies (without region), aliases, multi-part groups, standalone names."""

    bodies: frozenset[str]
    aliases: dict[str, str]
    groups: tuple[str, ...]
    standalone: frozenset[str]
    judicial: tuple[str, ...] = ()  # courts, procuratorates, law-enforcement organs named generically (人民法院)
    people: tuple[str, ...] = ()  # people's organisations named generically (工会, 共青团, 红十字会)
    agencies: tuple[str, ...] = ()  # public agencies that act for the state though named 机构 (社会保险经办机构)
    institution_types: tuple[str, ...] = ()  # public-service bodies by their name's ending (救助站, 技术推广机构)
    institution_levels: tuple[str, ...] = ()  # the prefixes those take (各级, 县级以上, 乡（镇）以上各级国家)
    administration_sectors: frozenset[str] = frozenset()  # sectors named X行政管理 (工商): 行政管理 is theirs, not shared


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged organisation lexicon (kb/data/org_lexicon.json)."""
    raw = json.loads(resources.files("kb").joinpath("data/org_lexicon.json").read_text(encoding="utf-8"))
    return Lexicon(
        bodies=frozenset(raw["bodies"]),
        aliases=dict(raw["aliases"]),
        groups=tuple(sorted(raw["groups"], key=len, reverse=True)),
        standalone=frozenset(raw["standalone"]),
        judicial=tuple(sorted(raw.get("judicial", []), key=len, reverse=True)),
        people=tuple(sorted(raw.get("people", []), key=len, reverse=True)),
        agencies=tuple(sorted(raw.get("agencies", []), key=len, reverse=True)),
        institution_types=tuple(sorted(raw.get("institutions", {}).get("types", []), key=len, reverse=True)),
        institution_levels=tuple(sorted(raw.get("institutions", {}).get("levels", []), key=len, reverse=True)),
        administration_sectors=frozenset(raw.get("administration_sectors", [])),
    )


def fullwidth_brackets(s: str) -> str:
    return s.replace("(", "（").replace(")", "）")


# grassroots self-governing bodies (村民委员会组织法, 城市居民委员会组织法) and owners' committees are not state organs
NOT_ORGAN_RE = re.compile(r"(?:村民|居民|村（居）民|业主)委员会$|^(?:村|居|村（居）)委会$")


def has_own_region(name: str) -> bool:
    """True for names that carry a place or a national body of their own (河南银保监局, 人民银行郑州中心支行)."""
    if NATIONAL_RE.match(name) or GENERIC_RE.match(name):
        return True
    return any(r in name for r in region_names())


def is_unit_name(name: str) -> bool:
    """True when ``name`` has the form of an organisation name (by suffix, lexicon or group), not prose."""
    lex = load_lexicon()
    name = fullwidth_brackets(name.strip())
    if NOT_ORGAN_RE.search(name):
        return False
    if name in lex.groups or name in lex.standalone or name in lex.bodies or national_organ(name, True):
        return True
    if GENERIC_GOV_RE.match(name) and not BAD_CHARS_RE.search(name) and not name.startswith("地方"):
        return True
    if not 2 <= len(name) <= 30 or BAD_CHARS_RE.search(name):
        return False
    if not _SUFFIX_RE.search(name):
        return False
    body = PREFIX_RE.sub("", name)
    if body in lex.bodies or body in lex.aliases:
        return True
    return bool(PREFIX_RE.match(name) or has_own_region(name) or GENERIC_RE.match(name))


def trim_to_unit(text: str) -> tuple[str, int]:
    """The unit name that ends ``text`` (prose glued before it removed) and its offset, or ("", -1).

    "重点提升护理能力和消防安全能力省民政厅" → ("省民政厅", 15).
    """
    text = text.rstrip()
    if national_organ(text, True):
        return text, 0
    if is_unit_name(text) and (
        PREFIX_RE.match(text) or has_own_region(text) or fullwidth_brackets(text) in load_lexicon().bodies
        or fullwidth_brackets(text) in load_lexicon().groups or text in load_lexicon().standalone
    ):
        return text, 0
    lex = load_lexicon()
    fallback: tuple[str, int] = ("", -1)
    for i in range(1, len(text) - 1):
        tail = text[i:]
        if len(tail) > 24:
            continue
        if national_organ(tail, True):
            return tail, i
        starts_ok = bool(PREFIX_RE.match(tail)) or any(tail.startswith(r) for r in region_names()) or bool(
            NATIONAL_RE.match(tail)
        )
        if not starts_ok or not is_unit_name(tail):
            continue
        body = PREFIX_RE.sub("", tail)
        if body in lex.bodies or body in lex.aliases or tail in lex.bodies:
            return tail, i
        if fallback[1] < 0 and len(tail) <= 12:
            fallback = (tail, i)
    return fallback


def protect_groups(text: str) -> str:
    """Replace the separators inside known multi-part names and inside brackets by a placeholder."""
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth and LIST_SEP_RE.match(ch):
            out[i] = "\x00"
    norm = fullwidth_brackets(text)
    for group in load_lexicon().groups:
        start = norm.find(group)
        while start >= 0:
            for j in range(start, start + len(group)):
                if LIST_SEP_RE.match(text[j]):
                    out[j] = "\x00"
            start = norm.find(group, start + len(group))
    return "".join(out)


def split_units(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split a list of units on 、，; at top level (not inside brackets or known group names), with offsets."""
    masked = protect_groups(text)
    items: list[tuple[str, int, int]] = []
    pos = 0
    for m in list(LIST_SEP_RE.finditer(masked)) + [None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        stripped = piece.strip()
        if stripped:
            lead_ws = len(piece) - len(piece.lstrip())
            items.append((stripped, offset + pos + lead_ws, offset + pos + lead_ws + len(stripped)))
        pos = m.end() if m else len(text)
    return items


def strip_etc(name: str) -> str:
    stripped = _ETC_RE.sub("", name)
    return stripped if stripped and stripped != name and is_unit_name(stripped) else name


_ETC_BODY_RE = re.compile(r"^(?P<head>[^、，,]{2,}?)等(?:有关|相关)(?P<suffix>(?:行政)?(?:主管|管理)?部门)$")


def normalize_unit(name: str, prefix: str = "") -> str:
    """Canonical name: brackets full-width, alias bodies replaced, ``prefix`` added to a bare body."""
    lex = load_lexicon()
    name = _ETC_BODY_RE.sub(r"\g<head>\g<suffix>", fullwidth_brackets(name.strip()))  # 市商务等相关部门 = 市商务部门
    m = PREFIX_RE.match(name)
    own = ""
    body = name
    if name in lex.groups or name in lex.standalone:
        return name
    if m and name not in lex.bodies and not name.startswith("市场"):
        own, body = m.group(1), name[m.end() :]
    body = lex.aliases.get(body, body)
    if not own and national_organ(body):  # 财政部, 体育总局: a national organ takes no distributed prefix
        return body
    if not own and prefix and not has_own_region(body) and body not in lex.standalone:
        own = prefix
    return own + body


def distribute(items: list[tuple[str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Normalise each listed name, carrying the last region prefix (省/市/县) over bare names.

    Returns (canonical name, raw, start, end) for every item that is a unit name.
    """
    lex = load_lexicon()
    prefix = ""
    out: list[tuple[str, str, int, int]] = []
    for raw, start, end in items:
        name = strip_etc(raw)
        if not is_unit_name(name) or PREFIX_RE.match(name) and is_vague(PREFIX_RE.sub("", name)):  # 市有关部门
            continue
        full = fullwidth_brackets(name)
        m = PREFIX_RE.match(full)
        if m and full not in lex.bodies and not full.startswith("市场"):
            prefix = m.group(1)
        out.append((normalize_unit(full, prefix), raw, start, end))
    return out



def find_brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket pair (end exclusive, closing bracket included); unbalanced ones run to the end."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth and start >= 0:
        spans.append((start, len(text)))
    return spans


def list_units(text: str, offset: int) -> list[tuple[str, str, int, int]]:
    return distribute(split_units(text, offset))


def glued_units(text: str, offset: int) -> list[tuple[str, str, int, int]]:
    """Units of a list whose first item may be glued to the prose before it."""
    items = split_units(text, offset)
    if not items:
        return []
    first, s, e = items[0]
    name, at = trim_to_unit(first)
    if at < 0:
        return []
    items[0] = (name, s + at, e)
    return distribute(items)


_ORGAN_PREFIX_RE = re.compile(r"^(?:中华人民共和国|国务院|国家|中共中央|中央|中国)")
_ORGAN_SUFFIX_RE = re.compile(r"(?:和改革委员会|改革委员会|委员会|管理总局|监督管理局|管理局|总局|总署|厅|局|委|部|办|署)$")
# a functional holder: an optional level, a list of sector domains, a department suffix (财政、发展改革…等部门)
_SECTOR_HOLDER_RE = re.compile(
    r"^(?:国务院|地方各级|各级|各省级|省级|市级|县级|县级以上|同级|本级|党委|(?:各)?省、自治区、直辖市|(?:各)?省（区、市）|各)?"
    r"(?:人民政府)?(?P<domain>[\u4e00-\u9fff]{2,12}?)"
    r"(?:行政主管部门|主管部门|行政管理部门|管理部门|行政部门|部门)$"
)


# what remains of 人民政府, 政府办公室, 发展研究中心, 城市管理局… once the suffix is off names no sector
_NOT_SECTOR_RE = re.compile(r"政府|办公|^(?:发展|城市|社会|市场|研究室|数据|标准)$")


@lru_cache(maxsize=1)
def sector_domains() -> frozenset[str]:
    """The sectors organs are named by (财政, 发展改革, 卫生健康, 医保, 药监, 中医药 …): every body of the lexicon
    and every national organ and short form of kb/data/organs.json without its place and organ suffix."""
    lex = load_lexicon()
    raw = json.loads(resources.files("kb").joinpath("data/organs.json").read_text(encoding="utf-8"))
    names = [*lex.bodies, *lex.aliases, *(n for o in raw["organs"] for n in (o["name"], *o["aliases"]))]
    out = set()
    for name in names:
        core = _ORGAN_SUFFIX_RE.sub("", _ORGAN_PREFIX_RE.sub("", name))
        if len(core) >= 2 and not _NOT_SECTOR_RE.search(core):
            out.add(core)
    return frozenset(out)


def is_sector_holder(name: str) -> bool:
    """A functional holder named by a known sector and a department suffix: 财政部门, 卫生健康行政部门,
    各省级药监部门 (not 行政执法机关, 牵头部门, 指导各地医保部门)."""
    m = _SECTOR_HOLDER_RE.match(name)
    return bool(m) and m.group("domain") in sector_domains()
