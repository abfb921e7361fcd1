"""What a duty holder's name refers to in its article: a bare holder that names one written before with its level
("…区县（自治县）公安机关…。公安机关应当…" → 区县（自治县）公安机关), 同级人民政府X after a named government level, and
a government read only as the start of its department's name (县级以上人民政府 of 县级以上人民政府负责侨务工作的机构), and
the notes written inside a name ("…等行政部门（以下统称…）和…", "(含计划单列市，下同)") read past."""

from __future__ import annotations

import re

from kb.extract.holders import _HOLDER_RE, _LEVEL, _STANDARD_LEVEL_RE, _split_levels
from kb.extract.organs import national_organ
from kb.models import Responsibility

# a department named by what it does for a government: "市和区县（自治县）人民政府负责侨务工作的机构"
RELATIVE_HOLDER_RE = re.compile(
    rf"(?P<gov>{_LEVEL})(?P<rel>(?:负责|主管|管理)[\u4e00-\u9fff]{{1,10}}?工作的(?:部门|机构))"
)


def drop_relative_governments(found: list[Responsibility]) -> list[Responsibility]:
    """Without the governments read from the start of a longer holder that names their department (县级以上人民政府 of
    "县级以上人民政府负责侨务工作的机构")."""
    longer = [r for r in found if RELATIVE_HOLDER_RE.fullmatch(r.raw or "")]
    return [r for r in found if not any(r is not x and x.start <= r.start < x.end and x.unit.startswith(r.unit)
                                        and r.unit != x.unit for x in longer)]


_LEVELLED_RE = re.compile(rf"(?P<level>{_LEVEL})$")


def resolve_anaphora(text: str, found: list[Responsibility]) -> list[Responsibility]:
    """A bare holder that refers back to one the same text names with its level: "…须向户口所在地的区县（自治县）公安机关
    提出申请。公安机关应当…" → 区县（自治县）公安机关; "市、县（市、区）林业、城市绿化行政管理部门是…主管部门。林业行政管理
    部门负责…" → the two levels' 林业行政管理部门. Every earlier mention must name the same levels."""
    out: list[Responsibility] = []
    for r in found:
        levels: set[tuple[str, ...]] = set()
        if re.search(r"(?:部门|机关|机构)$", r.unit) and _bare(r) and r.start > 0:
            names = {r.unit} | ({r.raw} if r.raw and r.raw != r.unit and "、" in r.raw and r.raw.endswith(r.unit[-2:]) else set())
            for name in names:  # "…报告所在地县（市、区）林业、城市绿化行政管理部门。林业、城市绿化行政管理部门应当…"
                for m in re.finditer(re.escape(name), text[: r.start]):
                    if text[max(0, m.start() - 2): m.start()] == "城市":
                        continue  # 城市供水行政主管部门: 城市 qualifies the field, names no level
                    lv = _LEVELLED_RE.search(text[max(0, m.start() - 20): m.start()])
                    if lv and not lv.group("level").startswith(("各", "本", "同级", "本级", "上", "下")):
                        levels.add(tuple(_split_levels(lv.group("level"))))
                    place = _PLACE_PREFIX_RE.search(text, max(0, m.start() - 4), m.start())  # 向当地民政部门举报；民政部门…
                    if place and place.end() == m.start():
                        levels.add((place.group(0),))
            by_phrase: dict[int, list[str]] = {}  # the levelled units read before from one phrase (市、县（市、区）X部门)
            for x in out:  # resolved already: 由其民政部门…，由民政部门… (the same department)
                prefix = x.unit[: len(x.unit) - len(r.unit)]
                if x.end <= r.start and x.unit.endswith(r.unit) and prefix and (_LEVELLED_RE.fullmatch(prefix) or prefix.endswith("人民政府")) \
                        and not prefix.startswith(("各", "本", "同级", "本级", "上", "下")) and x.raw != r.raw:
                    by_phrase.setdefault(x.start, []).append(prefix)
            levels |= {tuple(v) for v in by_phrase.values()}
            levels = {lv for lv in levels if lv and all(lv)}
        its = ITS_GOV_RE.search(text[: r.start]) if re.search(r"(?:部门|机构)$", r.unit) and _bare(r) else None
        if its:  # "争议双方的上一级人民政府受理的边界争议，由其民政部门…": that government's department
            out.append(r.model_copy(update={"unit": its.group("g") + r.unit}))
            continue
        same = _SAME_GOV_RE.match(r.unit)
        if same:  # "…县级以上人民政府林业…等行政部门…。同级人民政府科学技术行政部门…": the level just named
            before = [x for x in found if x.end <= r.start and _GOV_LEVEL_RE.match(x.unit)]
            gov = _GOV_LEVEL_RE.match(before[-1].unit).group(0) if before else ""
            out.append(r.model_copy(update={"unit": gov + r.unit[same.end():]}) if gov else r)
            continue
        if len({frozenset(lv) for lv in levels}) == 1:
            out += [r.model_copy(update={"unit": lv + r.unit}) for lv in levels.pop()]
        else:
            out.append(r)
    seen: set[str] = set()
    return [r for r in out if not (r.unit in seen or seen.add(r.unit))]


def _bare(r: Responsibility) -> bool:
    """No level written: the phrase read has none (城市绿化行政管理部门: 城市 is a level only as 城市人民政府 or in a list)."""
    held = _HOLDER_RE.fullmatch(r.raw or "")
    if held:
        return not (held.group("level") or held.group("gov"))
    return not _STANDARD_LEVEL_RE.match(r.unit)


# a government that opens its sentence as the subject of a relative clause, taken up by 由其: "设区的市级以上人民政府审批的
# 专项规划，在审批前由其环境保护主管部门召集…"
ITS_GOV_RE = re.compile(r"(?:^|[。；;\n])\s*(?:第[一二三四五六七八九十百零〇\d]+条\s*)?(?P<g>[^，,。；;：:\n由其]{2,20}?人民政府)"
                         r"[\u4e00-\u9fff]{1,8}的[^，,。；;]{1,20}[，,][^。；;，,]{0,20}由其$")


# a place named by its relation to the case: 当地, 所在地, 住所地 (the 民政部门 of that place)
_PLACE_PREFIX_RE = re.compile(r"(?:当地|所在地|住所地)")
_SAME_GOV_RE = re.compile(r"^同级(?:人民)?政府的?(?=[\u4e00-\u9fff]{2,16}(?:部门|机关|机构)$)")
_GOV_LEVEL_RE = re.compile(r"^(?!同级|本级|上级|上一级|下级)[\u4e00-\u9fff、（）]{2,20}?人民政府(?=[\u4e00-\u9fff]{2,16}(?:部门|机关|机构)$)")


# a note inside a holder's name: "…等行政部门（以下统称农业技术推广行政部门）和科学技术行政部门",
# "省、自治区、直辖市(含计划单列市，下同)人民政府的劳动部门"
_NOTE_RE = re.compile(r"[（(](?:以下(?:统称|简称)[^（）()]{2,20}|(?:含|包括)[^（）()]{2,30}?[，,]?下同)[）)](?=和|及|、|或|人民政府|政府|主管|负责|应当|应(?!急)|可以|不得)")


def without_notes(text: str) -> tuple[str, list[int]]:
    """``text`` without the notes inside holder names, and for each of its characters the offset in ``text``."""
    keep = [True] * len(text)
    for m in _NOTE_RE.finditer(text):
        keep[m.start():m.end()] = [False] * (m.end() - m.start())
    where = [i for i, k in enumerate(keep) if k]
    return "".join(text[i] for i in where), where + [len(text)]


# the head an organ's full name ends with; its first character closes the abbreviation (委员会 → …委, 部 → …部)
_ORGAN_HEAD_RE = re.compile(r"(?:委员会|总局|局|部|署|厅|办公厅|办公室|委)$")


def abbreviated_organ(run: str, short: str) -> str:
    """The organ ``run`` ends with when ``short`` abbreviates it: "经国防科学技术工业委员会（以下简称国防科工委）" →
    国防科学技术工业委员会 (the shortest tail that opens with the abbreviation's first character, holds its characters
    in order and ends with an organ's head whose first character closes it); "" otherwise."""
    known = national_organ(short, True)
    if known and run.endswith(known[-3:]):  # 中国民用航空局（以下简称民航局）: the organ table's name
        return known
    head = _ORGAN_HEAD_RE.search(run)
    if not head or len(short) < 3 or not (short.endswith(head.group(0)) or short[-1] == head.group(0)[0]):
        return ""
    for i in range(len(run) - len(short) - 1, -1, -1):  # the shortest tail first
        tail = run[i:]
        if tail[0] == short[0] and _in_order(short, tail):
            return tail
    return ""


def _in_order(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def written_apart(text: str, r: Responsibility, spans: list[tuple[int, int]]) -> bool:
    """A unit written as such inside a longer subject, apart from every span read before: "由国防科工委和国务院计量行政
    部门统筹规划" (国务院计量行政部门 read, 国防科工委 not)."""
    if _NOT_APART_RE.search(r.unit):
        return False  # 教育等主管部门 (a list's head not shared), 人民政府科学技术行政部门 (its level cut), 企业女职工委员会
    at = text.find(r.unit, r.start, r.end)
    return at >= 0 and not any(s < at + len(r.unit) and at < e for s, e in spans)


_NOT_APART_RE = re.compile(r"等|^(?:人民)?政府|企业|单位|主管行政机关")
