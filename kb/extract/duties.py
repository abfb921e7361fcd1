"""Statutory duty statements of 条例 / 办法 / 规定: who an article makes responsible, as role "duty".

"县级以上人民政府民政部门负责本行政区域内的养老服务工作" → 县级以上人民政府民政部门 (duty);
"省发展改革、科技部门应当…" → 省发展改革部门, 省科技部门 (the level and the 部门 suffix distribute over the list);
"农业机械、公安、交通等部门按照各自职责…" → three units; "市、区（市）人民政府应当…" → 市人民政府, 区（市）人民政府;
"X应当会同Y、Z部门…" → X lead, Y and Z co (the article names who leads).
A holder is a level (县级以上人民政府, 省, 市、县级市, 乡（镇）…) and/or a body ending in 部门 / 主管部门 / 机构 /
人民政府, standing where a sentence or clause starts and followed by what it must do (应当, 负责, 可以, 按照…).
Vague holders (有关部门, 其他有关部门) are not units. Bad input yields fewer records, never an exception.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.extract.holders import (
    WITH_RE,
    _ACT_RE,
    _HOLDER_RE,
    _LATER_WITH_RE,
    _LEVEL,
    _STANDARD_LEVEL_RE,
    _START,
    _VAGUE_BODY_RE,
    _holders,
    _named_place_ok,
    _split_levels,
)
from kb.extract.organs import load_organs, national_organ
from kb.extract.publicbodies import (
    PARTY_BEFORE_RE,
    PEOPLE_ACT_RE,
    PEOPLE_JOINED_RE,
    acts,
    institution_re,
    institution_units,
    list_end,
    people_re,
)
from kb.extract.references import ITS_GOV_RE, RELATIVE_HOLDER_RE, drop_relative_governments, resolve_anaphora, without_notes
from kb.extract.unitnames import is_unit_name, load_lexicon
from kb.models import Responsibility, Role

_ITEM_LABEL_END_RE = re.compile(r"(?:第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]{1,4}[)）]|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)$")


# "街道办事处、乡镇人民政府组织实施": a holder after another holder and 、
_AFTER_HOLDER_RE = re.compile(r"(?:部门|政府|机构|办事处|机关|管委会|管理委员会)、$")


def _at_start(text: str, pos: int) -> bool:
    """A holder stands where a sentence or clause begins, after an item's number (第十二条, （二十）), or after
    由 / 和 / 及 / 或 joining it to another holder."""
    before = text[:pos].rstrip(" ")
    if before.endswith("以及"):  # "…的主管部门以及科学技术等相关行政部门应当", not "应当协助人民政府以及公安机关…"
        return not _VERB_BEFORE_RE.search(re.split(r"[。；;，,：:\n]", before)[-1])
    before = re.sub(r"(?<=[。；;，,：:\n ])除$|^除$", "", before)  # "除登记主管机关依照法定程序可以…以外"
    if before.endswith("由其") and (_ITS_SEAT_RE.match(text, pos) or ITS_GOV_RE.search(before)):  # 由其户籍所在地人民政府
        return True
    if before.endswith("委托") and _ENTRUSTED_RE.match(text, pos):  # "可以委托设区的市…主管部门负责…": the delegate
        return True
    return not before or before[-1] in _START or before.endswith(("由", "和", "及", "或", "或者", "会同")) or bool(
        _ITEM_LABEL_END_RE.search(before) or _AFTER_HOLDER_RE.search(before)
    )


_ITS_SEAT_RE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:所在|住所)地")
_ENTRUSTED_RE = re.compile(r"(?!下级|其|有关)[^，,。；;：:]{2,40}?(?:部门|机关|机构|人民政府)负责")
_VERB_BEFORE_RE = re.compile(r"应当|应(?!急)|可以|必须|须|要(?!求)|协助|配合|会同|向|对(?!外)")


# "市市政公用事业局是本市燃气管理工作的主管部门": an organ named as the authority for a field
_AUTHORITY_RE = re.compile(
    r"(?P<holder>[\u4e00-\u9fff（）]{2,24}?)是本(?:市|省|县|区|自治区|自治州|行政区域)[^，,。；;]{0,30}?(?:行政)?主管(?:部门|机关)"
)


def _authorities(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    for m in _AUTHORITY_RE.finditer(text):
        name = m.group("holder")
        if _at_start(text, m.start()) and is_unit_name(name) and not _VAGUE_BODY_RE.match(name):
            _add(out, clause_id, name, "duty", name, m.start("holder"), m.end("holder"))


def _people(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    for m in people_re().finditer(text):
        joined = PEOPLE_JOINED_RE.match(text, m.end())
        end = joined.end() if joined else m.end()
        if m.group("list").startswith("工会") and PARTY_BEFORE_RE.search(text[:m.start()]):
            continue  # "企业事业单位…的厂务公开责任人和工会": the union of a regulated party, beside its persons
        if _at_start(text, m.start()) and (_ACT_RE.match(text[end:]) or PEOPLE_ACT_RE.match(text, end)):
            pos = m.start()
            levels = _split_levels(m.group("levels")) if m.group("levels") else [m.group("level") or ""]
            for i, name in enumerate(re.split(r"[、和及]|或者?", m.group("list"))):  # "各级归国华侨联合会或归侨侨眷联合会": the level for each
                at = text.find(name, pos)
                for level in levels if i == 0 or not m.group("levels") else [""]:  # 市和区县总工会和产业工会: the first item's
                    _add(out, clause_id, level + name, "duty", name, at, at + len(name))
                pos = at + len(name)


_APPROVES_RE = re.compile(r"[^，,。；;]{0,6}?(?:批准|审批|核准|审核|审查|考核|认定|登记)")


def _institutions(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    """Public-service bodies a statute charges (kb.extract.publicbodies): "救助站应当…" → 救助站; "农业技术推广机构、
    农业科研单位和有关学校…可以…" → the institution alone; "市、区（市）…领导机构领导…" → one per level."""
    for m in institution_re().finditer(text):
        if not _at_start(text, m.start()):
            continue
        end = list_end(text, m.end())
        cond = condition_subject(text, end + (1 if text[end:end + 1] in "，," else 0))
        # "应当由测绘质量检验机构进行检验"; not an approver ("由…经营管理站考核、批准": FORMAT, bodies granting approvals)
        by = text[:m.start()].endswith("由") and _by_verb(text, end) and not _APPROVES_RE.match(text, end)
        if cond is False or not (cond or by or acts(text, end)) or _ATTRIBUTIVE_RE.match(text, m.end()):
            continue
        for unit in institution_units(m):
            _add(out, clause_id, unit, "duty", m.group(0), m.start(), m.end())


@lru_cache(maxsize=1)
def _judicial_re() -> re.Pattern[str]:
    """"本市各级人民法院", "公安机关、检察机关、审判机关等办案机关（以下统称办案机关）及相关行政管理部门": a list of
    judicial or law-enforcement organs (kb/data/org_lexicon.json "judicial"), its level and what may close it."""
    one = "|".join(load_lexicon().judicial) or "(?!)"
    return re.compile(
        rf"(?:(?P<gov>(?P<govlevel>县级以上(?:地方)?(?:各级)?|地方各级|各级)人民政府)、(?=(?:{one})))?"  # 县级以上地方各级人民政府、监察委员会…
        rf"(?P<level>本(?:省|市|县|区|自治区)|本级(?=人民代表大会)|县级以上(?:地方)?各级(?=人民代表大会))?(?P<each>各级)?(?P<list>(?:{one})(?:(?:[、和及]|或者?)(?:{one}))*)"
        r"(?:(?:全体)?会议(?=表决|审议))?"  # 人民代表大会常务委员会会议表决…: the committee in session
        r"(?!主任|副主任|秘书长|组成人员|委员(?!会)|会议|院长|副院长|检察长|副检察长)"
        rf"(?:等[\u4e00-\u9fff]{{0,6}}?机关)?(?:[（(][^）)]{{0,30}}[）)])?"
        rf"(?:(?:以及|及|和)(?:其他)?(?:有关|相关)[\u4e00-\u9fff]{{0,8}}?(?:部门|单位|机关))?(?:等)?"
    )


# the acts of an organ of state power over posts and persons: "人民代表大会常务委员会任免…", "…决定任免…", "…推选…"
_STATE_ACT_RE = re.compile(r"(?:可以)?(?:任免|决定|推选|撤换|颁发|任命|批准任免|表决|审议)")
# "人民代表大会常务委员会任命、决定任命和批准任命的人员，因…": the act describes the persons, charges no one
_STATE_MODIFIER_RE = re.compile(r"(?:(?:可以)?(?:决定|批准)?(?:任免|任命|撤销|撤换|推选)(?:[、和]|或者)?)+的")


def _judicial(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    """Courts and law-enforcement organs a statute charges: "人民法院应当为司法鉴定人出庭提供…" → 人民法院;
    "本市各级人民法院应当…" → 市各级人民法院; "司法行政部门与公安机关、检察机关…应当…" → all of them (duty)."""
    for m in _judicial_re().finditer(text):
        before = text[:m.start()]
        partner = re.search(rf"(?:^|(?<=[{_START}]))(?P<h>[\u4e00-\u9fff]{{2,20}}?(?:部门|机关))与$", before)
        if not (_at_start(text, m.start()) or partner):
            continue
        cond = condition_subject(text, m.end())
        by = before.endswith("由") and _by_verb(text, m.end())  # "由人民代表大会常务委员会颁发任命书"
        state = _STATE_ACT_RE.match(text, m.end()) and not _STATE_MODIFIER_RE.match(text, m.end())
        if cond is False or not (cond or by or _ACT_RE.match(text[m.end():]) or state) \
                or cond is None and not by and _ATTRIBUTIVE_RE.match(text, m.end()):
            continue  # "人民法院依据本规定…作出的裁定": a modifier
        if m.group("gov"):  # the government heads the list and its level is every organ's
            _add(out, clause_id, m.group("gov"), "duty", m.group(0), m.start("gov"), m.end("gov"))
        own = m.group("level") if m.group("level") and m.group("level") != "本级" else ""  # 本级 X = X, no level named
        level = m.group("govlevel") or (_split_levels(own)[0] if own else "") + (m.group("each") or "")
        pos = m.start("list")
        for name in re.split(r"[、和及]|或者?", m.group("list")):
            at = text.find(name, pos)
            pos = at + len(name)
            if not any(r.start <= at < r.end for r in out.values()):  # read already with its level (本市…和司法机关)
                _add(out, clause_id, level + name, "duty", m.group(0), at, pos)
        held = _HOLDER_RE.fullmatch(partner.group("h")) if partner else None
        for unit in _holders(held) if held else []:
            _add(out, clause_id, unit, "duty", held.group(0), partner.start("h"), partner.end("h"))


@lru_cache(maxsize=1)
def _national_re() -> re.Pattern[str]:
    """A list of national organs (kb/data/organs.json, full names and unambiguous short forms) joined by 、/和."""
    one = "|".join(re.escape(n) for n in sorted(load_organs().canonical, key=len, reverse=True) if len(n) >= 3)
    return re.compile(rf"(?P<list>(?:{one})(?:[、和](?:{one}))*)(?![\u4e00-\u9fff]{{0,6}}(?:部门|机构|机关|办公室))")


_DECIDE_RE = re.compile(r"规定|制定|确定|批准|决定|改变|撤销")  # after 由: "由国务院、中央军事委员会规定"


def _national(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    """National organs a statute charges by name: "国务院、中央军事委员会领导全国的人民防空工作" → both (duty);
    "…由国务院、中央军事委员会规定" → both; not "国务院有关部门" nor "国务院文化行政主管部门" (read as holders)."""
    for m in _national_re().finditer(text):
        by = text[:m.start()].endswith("由")
        if not _at_start(text, m.start()) or not (_ACT_RE.match(text[m.end():]) or by and _DECIDE_RE.match(text, m.end())):
            continue
        if text[:m.start()].endswith("会同") or WITH_RE.match(text, m.end()):  # X会同Y: lead and co, read as a subject
            continue
        if _ATTRIBUTIVE_RE.match(text, m.end()):  # "国务院确定的其他城市": a modifier
            continue
        pos = m.start()
        for name in re.split(r"[、和]", m.group("list")):
            at = text.find(name, pos)
            pos = at + len(name)
            if not any(r.start <= at < r.end for r in out.values()):
                _add(out, clause_id, name, "duty", m.group(0), at, pos)


# the same department named by a level alone: "区负责出版管理的部门负责本辖区内…", "市出版主管部门或者区负责出版的部门应当…"
LEVEL_RELATIVE_RE = re.compile(
    r"(?P<lv>县（市、区）|区县|县区|省|市(?!场)|县|区(?!域))(?P<rel>负责(?P<what>[\u4e00-\u9fff]{1,8}?)(?P<tail>管理|工作)?的(?:部门|机构))"
)
_OBJECT_JOINED_RE = re.compile(r"(?:^|[^\u4e00-\u9fff]|应当|应|须|可以)(?:到|向|报)[^，,。；;：:]*(?:或者|或|和|及|、)$")
_OBJECT_LIST_RE = re.compile(r"(?:到|向|对|经|报|会同|配合|协助|受)[^，,。；;：:]*(?:或者|或|和|及|、)$")
_BY_LIST_RE = re.compile(r"由[^，,。；;：:]{2,30}?(?:或者|或|和|、)$")


def _level_relatives(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    """"区负责出版管理的部门负责…" → 区负责出版管理的部门 (a department named by its task at a level, kept as written);
    also the second holder of a 由 list ("由市出版主管部门或者区负责出版管理的部门视情节轻重给予处罚")."""
    for m in LEVEL_RELATIVE_RE.finditer(text):
        if not _at_start(text, m.start()):
            continue
        segment = re.split(r"[，,。；;：:\n]", text[:m.start()])[-1]
        if segment and _OBJECT_LIST_RE.search(segment):  # "应当到原批准的市出版主管部门或者区负责…的部门办理": an object
            continue
        by = bool(_BY_LIST_RE.search(text[:m.start()])) and _by_verb(text, m.end())
        if by or _ACT_RE.match(text[m.end():]) or condition_subject(text, m.end()):
            _add(out, clause_id, m.group("lv") + m.group("rel"), "duty", m.group(0), m.start(), m.end())


def _relative_holders(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    """"市和区县（自治县）人民政府负责侨务工作的机构应当…" → 市人民政府负责侨务工作的机构, 区县（自治县）人民政府负责…
    (one per level; the governments themselves are not charged by it)."""
    _level_relatives(text, clause_id, out)
    for m in RELATIVE_HOLDER_RE.finditer(text):
        if not _at_start(text, m.start()) or not (_ACT_RE.match(text[m.end():]) or condition_subject(text, m.end())):
            continue
        if not re.search(r"(?:人民政府|政府)$", m.group("gov")) or not _named_place_ok(m.group("gov")):
            continue
        for gov in _split_levels(m.group("gov")):
            _add(out, clause_id, gov + m.group("rel"), "duty", m.group(0), m.start(), m.end())


# a functional holder defined by the organs it stands for: "企业法人登记主管机关（以下简称登记主管机关）是国家市场监督管理总局
# 和地方各级市场监督管理部门。"
_DEFINED_AS_RE = re.compile(r"(?:机关|部门|机构)[（(]以下简称[^）)]{2,12}[）)]是(?P<list>[^，,。；;]{4,60}?)[。；;]")


def _defined_as(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    for m in _DEFINED_AS_RE.finditer(text):
        pos = m.start("list")
        for name in re.split(r"[、和]|以及|或者", m.group("list")):
            at = text.find(name, pos)
            pos = at + len(name)
            held = _HOLDER_RE.fullmatch(name)
            units = [name] if national_organ(name) else _holders(held) if held else []
            for unit in units:
                _add(out, clause_id, unit, "duty", name, at, pos)


def parse_duties(text: str, clause_id: str = "") -> list[Responsibility]:
    """The duty holders an article names, with role duty (or lead / co around 会同).

    Args:
        text: the article's text (第X条 …).
        clause_id: copied into each record.

    Returns:
        One record per unit (first mention wins; a lead or co role wins over duty), offsets into ``text``.
    """
    plain, where = without_notes(text)
    if plain != text:  # read without the notes, then point the records back into ``text``
        return [r.model_copy(update={"start": where[r.start], "end": where[r.end - 1] + 1 if r.end else 0})
                for r in parse_duties(plain, clause_id)]
    out: dict[str, Responsibility] = {}
    try:
        _relative_holders(text, clause_id, out)
        _defined_as(text, clause_id, out)
        _scan(text, clause_id, out)
        _people(text, clause_id, out)
        _institutions(text, clause_id, out)
        _judicial(text, clause_id, out)
        _zones(text, clause_id, out)
        _committees(text, clause_id, out)
        _authorities(text, clause_id, out)
        _national(text, clause_id, out)
        _agents_of_by(text, clause_id, out)
    except (re.error, RecursionError, ValueError):
        return []
    return resolve_anaphora(text, drop_relative_governments(sorted(out.values(), key=lambda r: r.start)))


Unit = tuple[str, str, int, int]  # (name, raw, start, end)
# "地方人民政府管理专利工作的部门": a government's verb that describes its department
_RELATIVE_RE = re.compile(r"(?:管理|领导|负责|主管)[^，,。；;]{0,12}?的(?:部门|机构|机关|单位|工作人员|人员)")
_ATTRIBUTIVE_RE = re.compile(
    r"(?:依法|(?:依照|依据)(?:(?!负责|应当|可以)[^，,。；;]){0,16}?)?[\u4e00-\u9fff]{2}(?<!有关)(?<!相关)的(?!职责|权限|分工|规定|要求|请求|决定|程序|标准|有关|相关)")  # not 依照…规定的职责


def holder_phrases(text: str) -> list[tuple[list[Unit], list[Unit]]]:
    """Every holder phrase that opens a sentence or clause and is charged with what follows: (its units, the
    partners of its 会同 — empty without one). "县级以上人民政府民政部门负责…" → ([县级以上人民政府民政部门], []);
    "地方各级宣传部门会同同级财政、税务部门确定…" → ([地方各级宣传部门], [同级财政部门, 同级税务部门])."""
    out: list[tuple[list[Unit], list[Unit]]] = []
    pos = 0
    carry: tuple[str, int] | None = None  # a 本市 / 本省 level and where its holder ended
    by_chain: tuple[str, int] | None = None  # a holder after 由: its plain level (省, 市…) and where it ended
    while pos < len(text):
        m = _HOLDER_RE.search(text, pos)
        if m is None:
            break
        by = text[:m.start()].endswith("由")
        # the next holder of a list after 由 ("由省民政部门和自然资源主管部门拟定"): the agent of the verb after the list
        in_by_list = by_chain is not None and text[by_chain[1]:m.start()] in ("和", "、", "或者", "或")
        acts = (_ACT_RE.match(text[m.end():]) or _joined(text, m.end(), by or in_by_list) or _agent_of_by(text, m)
                or in_by_list and _by_verb(text, m.end()))
        if _ATTRIBUTIVE_RE.match(text, m.end()) or m.group("gov") and _RELATIVE_RE.match(text, m.end()):  # a modifier
            acts = None
        if _STAFF_OF_RE.match(text, m.end()):  # "X直接负责的主管人员…玩忽职守的": X's persons, not X
            acts = None
        segment = re.split(r"[，,。；;：:\n]", text[:m.start()])[-1]
        if segment and _OBJECT_JOINED_RE.search(segment):  # "应当到原批准的市…部门或者区…部门办理": an object
            acts = None
        cond = condition_subject(text, m.end())
        units = _holders(m) if (acts or cond) and cond is not False and _at_start(text, m.start()) else []
        if not units:
            pos = m.start() + 1
            continue
        if carry and not (m.group("level") or m.group("gov")) and text[carry[1]:m.start()] in ("和", "及", "、"):
            units = [carry[0] + u for u in units]  # "本市工商…等部门和司法机关": 本市 scopes the whole subject
        elif in_by_list and by_chain[0] and not (m.group("level") or m.group("gov")):
            units = [by_chain[0] + u for u in units]  # "由省民政部门和自然资源主管部门": 省 scopes both
        level = m.group("level") or ""
        single = _split_levels(level) if level and not m.group("gov") else []
        by_chain = ((single[0] if len(single) == 1 and re.fullmatch(r"[省市县区]", single[0]) else ""), m.end()) \
            if (by or in_by_list) and not m.group("gov") else None
        carry = (_split_levels(level)[0], m.end()) if level.startswith("本") and len(_split_levels(level)) == 1 else None
        after = re.sub(r"^[和及]其?(?:有关部门|所属部门)", "", text[m.end():])
        with_m = WITH_RE.match(after) or _LATER_WITH_RE.match(after)  # "X应当公布…，并会同Y采取措施"
        partners: list[Unit] = []
        if with_m:
            pm = _HOLDER_RE.match(text, len(text) - len(after) + with_m.end())
            if pm:
                partners = [(u, pm.group(0), pm.start(), pm.end()) for u in _holders(pm)]
            people = None if pm else people_re().match(text, len(text) - len(after) + with_m.end())
            if people:  # "…部门应当会同红十字会，将…": a people's organisation as partner
                partners = [(u, people.group(0), people.start(), people.end()) for u in re.split(r"[、和及]", people.group("list"))]
            partners = partners or [("", "", 0, 0)]  # 会同有关部门: the holder still leads
        if partners and out and not out[-1][1] and text[out[-1][0][-1][3]:m.start()] in ("和", "及", "、", "或", "或者"):
            # "市教育管理部门和市金融服务部门应当会同…", "由乡（镇）人民政府或县级农业行政主管部门会同有关部门…": both lead
            out[-1] = (out[-1][0], [("", "", 0, 0)])
        out.append(([(u, m.group(0), m.start(), m.end()) for u in units], partners))
        pos = m.end()
    return out


_STAFF_OF_RE = re.compile(r"(?:(?:或者|或|和|及)[^，,。；;：:]{2,20}?(?:部门|机关|机构))?(?:的)?(?:直接负责的主管人员|其他直接责任人员)")  # the persons a penalty clause punishes
_MODAL_RE = re.compile(r"(?:应当|应|可以|也可|还应|须|必须|要|有权)(?!求)")


def condition_subject(text: str, end: int) -> bool | None:
    """A holder whose phrase runs into a condition ("X…的，"): True when the main clause goes on without a subject
    of its own ("办案机关需要司法鉴定的，应当依法委托…": X is charged), False when another subject takes over
    ("办案机关对司法鉴定人有特定要求的，司法鉴定机构应当…": X is not), None when no condition follows."""
    m = re.match(r"[^，,。；;：:]{0,60}?(?:的|时|接到[^，,。；;：:]{1,10}?后)(?=[，,])", text[end:])  # "X接到检举后，应当…"  # "X查处违法测绘行为时，可以…"
    if not m or re.search(r"应当|应(?!急)|可以|必须|须|负责", m.group(0)):  # "X可以对符合条件的，给予…": X's own
        return None
    at = end + m.end() + 1
    more = _NEXT_CONDITION_RE.match(text, at)  # "X在依法履行职责时，发现…问题的，应当…": conditions in a row
    return bool(_MODAL_RE.match(text, more.end() if more else at))


_NEXT_CONDITION_RE = re.compile(r"(?:发现|对于?|遇有)[^，,。；;：:]{0,60}?的[，,]")


def _scan(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    for units, partners in holder_phrases(text):
        role: Role = "lead" if partners else "duty"
        for unit, raw, s, e in units:  # "有关部门应当会同同级节能行政主管部门…": a partner whose lead names no organ
            lone = text[:s].endswith("会同") and not any(r.start < s and not re.search(r"[。；;]", text[r.start:s])
                                                       for r in out.values())
            _add(out, clause_id, unit, "co" if role == "duty" and lone else role, raw, s, e)
        for unit, raw, s, e in partners:
            if unit:
                _add(out, clause_id, unit, "co", raw, s, e)


# "由区县、乡镇人民政府下达": a level's government after 由 is the agent of whatever verb follows
_GOV_BY_RE = re.compile(rf"(?<=由)其?(?P<gov>{_LEVEL})(?=[\u4e00-\u9fff])(?![的之和及与或])")  # 由其户籍所在地人民政府


def _agents_of_by(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    for m in _GOV_BY_RE.finditer(text):
        if re.search(r"(?:人民政府|政府)$", m.group("gov")) and _named_place_ok(m.group("gov")):
            _organised(text, m.end(), clause_id, out)
        longer = _HOLDER_RE.match(text, m.start("gov"))  # 由县级以上人民政府商务主管部门…: the body is the agent
        if longer and longer.end() > m.end() or _modifier(text, m.end()):
            continue
        if re.match(r"(?:(?!根据|组织|会同|按照|依照|依据|负责|责令|有关|审核|[对在将的送报])[\u4e00-\u9fff、]){1,20}?(?:部门|机构|机关)", text[m.end():]):
            continue  # "由上级人民政府体育或者住房和城乡建设部门责令…": its departments act
        if not re.search(r"(?:人民政府|政府)$", m.group("gov")) or not _named_place_ok(m.group("gov")):
            continue
        for unit in _split_levels(m.group("gov")):
            _add(out, clause_id, unit, "duty", m.group("gov"), m.start("gov"), m.end())


# "由省、自治区、直辖市人民政府组织经济贸易管理部门、公安部门和交通部门查处": the departments a government organises
_ORGANISE_RE = re.compile(r"组织(?!实施|开展|协调|领导|编制|制定|落实|推动|推进|指导|管理|建设|力量|人员|专家|有关(?:部门|单位)?[，,。；;]|[^，,。；;]{0,30}?的)")
_NEXT_IN_LIST_RE = re.compile(r"(?:和|、|及|以及|或者|或)")


def _organised(text: str, end: int, clause_id: str, out: dict[str, Responsibility]) -> None:
    """The departments after "由GOV组织" act with it (slice g decision 5, slice i decision 1): each is a holder, kept as
    printed; an open end ("和其他有关主管部门") names no organ. Only when the list runs into the verb it is organised for."""
    org = _ORGANISE_RE.match(text, end)
    if not org:
        return
    found: list[tuple[str, re.Match[str]]] = []
    pos = org.end()
    while True:
        h = _HOLDER_RE.match(text, pos)
        if not h or h.group("gov"):
            break
        found += [(u, h) for u in _holders(h)]
        join = _NEXT_IN_LIST_RE.match(text, h.end())
        if not join or not _HOLDER_RE.match(text, join.end()):
            pos = h.end()
            break
        pos = join.end()
    if not found or not _by_verb(text, pos) and not text.startswith(("和其他", "及其他", "等"), pos):
        return
    for unit, h in found:
        _add(out, clause_id, unit, "duty", h.group(0), h.start(), h.end())


def _modifier(text: str, end: int) -> bool:
    """"由财政部门拨付事业经费的经营性文化事业单位…": 由X V…的 N before the next comma describes N, charges no one."""
    return "的" in re.split(r"[，,。；;：:]", text[end:], maxsplit=1)[0]


def _agent_of_by(text: str, m: re.Match[str]) -> bool:
    """"由区县、乡镇人民政府下达": after 由 the holder is the agent of whatever verb follows."""
    nxt = text[m.end():m.end() + 1]
    return (text[:m.start()].endswith(("由", "由其")) and bool(nxt) and "\u4e00" <= nxt <= "\u9fff" and nxt not in "的之和及与或"
            and not _modifier(text, m.end()))


def _by_verb(text: str, end: int) -> bool:
    after = text[end:end + 1]
    return bool(after) and "\u4e00" <= after <= "\u9fff" and after not in "的之和及与或" and not _modifier(text, end)


def _joined(text: str, end: int, by: bool = False) -> bool:
    """The holder is followed by 和/、 and another holder that acts (县级以上人民政府农业机械行政主管部门和质量技术监督…部门应当);
    ``by``: the list follows 由, so any verb after the last holder is their act ("由省民政部门和自然资源主管部门拟定")."""
    join = re.match(r"(?:[和及]其?(?:有关|所属)部门)?(?:和|、|或者|或)", text[end:])  # X及其有关部门、Y应当
    if not join:
        return False
    nxt = _HOLDER_RE.match(text, join.end() + end) or ZONE_RE.match(text, join.end() + end)
    if nxt and by and not (nxt.groupdict().get("body") or "").startswith(("有关", "其他", "相关")):
        if _by_verb(text, nxt.end()):
            return True
    return bool(nxt and (_ACT_RE.match(text[nxt.end():]) or _joined(text, nxt.end(), by)))


# the committee of a development zone: "嘉兴经济技术开发区（国际商务区）管委会", "嘉兴港区管理委员会"
ZONE_RE = re.compile(
    r"(?P<zone>(?!配合|协助|会同)[\u4e00-\u9fff]{2,20}?(?:开发区|港区|新区|园区|高新区|示范区|试验区|合作区)(?:（[\u4e00-\u9fff]{2,10}）)?)"
    r"(?:管委会|管理委员会)"
)


def _zones(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    """Zone committees a statute charges beside the governments ("县（市、区）人民政府、嘉兴港区管委会应当…"), under
    the committee's full name (管委会 → 管理委员会)."""
    for m in ZONE_RE.finditer(text):
        if _at_start(text, m.start()) and (_ACT_RE.match(text[m.end():]) or _joined(text, m.end())):
            _add(out, clause_id, m.group("zone") + "管理委员会", "duty", m.group(0), m.start(), m.end())


# a committee a level sets up: 各级绿化委员会, 县级以上安全生产委员会, 县级以上人民政府文物保护管理委员会
_COMMITTEE_RE = re.compile(
    r"(?:各级|县级以上(?:地方)?(?:各级)?|省级|市级|县级|(?P<levels>(?:省|市(?!场)|县|区(?!域))(?:和[区县])?)|当地人民政府)(?:人民政府)?(?P<name>(?:(?!人民代表大会|村民|居民|业主|设立|设置|成立|有关|相关|[的和及、，,])[\u4e00-\u9fff]){2,14}?委员会)"
)


def _committees(text: str, clause_id: str, out: dict[str, Responsibility]) -> None:
    for m in _COMMITTEE_RE.finditer(text):
        if _at_start(text, m.start()) and (_ACT_RE.match(text[m.end():]) or _joined(text, m.end())):
            levels = m.group("levels").split("和") if m.group("levels") else [text[m.start():m.start("name")]]
            for level in levels:  # "市和区健康促进委员会": one committee per level
                _add(out, clause_id, level + m.group("name"), "duty", m.group(0), m.start(), m.end())


_RANK = {"lead": 0, "co": 1, "duty": 2}


def _add(out: dict[str, Responsibility], clause_id: str, unit: str, role: Role, raw: str, s: int, e: int) -> None:
    unit = unit.strip("，,、和及")
    if len(unit) < 2:
        return
    prev = out.get(unit)
    if prev is None or _RANK[role] < _RANK[prev.role]:
        out[unit] = Responsibility(clause_id=clause_id, unit=unit, role=role, raw=raw, start=s, end=e)
