"""Responsibilities: the units a clause assigns, with their role (lead / co).

Forms handled (all from real documents):
- a bracket at the end of an item: （责任单位：A、B） 〔责任单位:A〕 （A、B负责） （A、B等和各省级人民政府按职责分工负责）;
- a list glued to the end of the last sentence: "…消防安全能力省民政厅牵头,省卫生健康委、发展改革委按职责分工负责";
- inline "由X牵头", "X会同Y…", "X牵头负责";
- document-wide rules: "列第一位者为牵头单位" (first listed unit leads, from there on) and
  "以下均需X落实,不再列出" (X also falls to every later task).

Unit names are recognised by their forms (…局 …厅 …委 …办 …中心 …支队 团市委 妇联 人民政府 管委会) and normalised
through ``kb/data/org_lexicon.json``; a region prefix (省/市/县/区) distributes over the bare names of a list.
Bad input yields fewer records, never an exception.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kb.extract.organs import is_vague, national_organ
from kb.models import Responsibility, Role
from kb.places import region_names

_OPEN = "（(〔【[［"
_CLOSE = "）)〕】]］"
_SUFFIX_RE = re.compile(
    r"(?:厅|局|委|办|办公室|中心|支队|总队|大队|分行|支行|分局|部|署|院|会|委员会|政府|管委会|机构|集团|公司|省委|市委|县委"
    r"|妇联|残联|科协|侨联|文联|工商联|银行|单位|部门|办事处|总局|学校|大学|协会)$"
)
_GENERIC_RE = re.compile(r"^(?:各级|各地|各|有关|相关|其他|其它|市直有关|省直有关|省直|市直)")
_VAGUE_RE = re.compile(r"^(?:各有关|有关|相关|其他|其它|各级|各地|市直有关|省直有关)")
_NATIONAL_RE = re.compile(r"^(?:国家|国务院|中央|全国|中国|人民银行|共青团|人行|银保监会|证监会|金融监管总局)")
_PREFIX_RE = re.compile(r"^(省|市|县|区|自治区)")
# holders named by what they are rather than where: 试点城市政府, 各试点地区人民政府
_GENERIC_GOV_RE = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:城市|地区|省份|地方)(?:人民)?政府$")
_BAD_CHARS_RE = re.compile(r"[，,。；;：:“”\"《》\d]|的|和(?:规划|信息化|旅游|社会保障)?(?=.*(?:能力|工作|服务|建设|发展)$)")
_LIST_SEP_RE = re.compile(r"[、，,;；]")
_ETC_RE = re.compile(r"等(?:有关|相关)?(?:部门|单位|部门和单位|有关部门和单位)?$")
_ROLE_LABEL_RE = re.compile(
    r"^\s*(责任单位|责任部门|负责单位|负责部门|主责单位|主责部门|主办单位|牵头单位|牵头部门|指导单位|指导部门|实施单位|实施部门"
    r"|配合单位|配合部门|协办单位|参与单位|参与部门|参加单位|参加部门|协同单位|协同部门|协助单位|协助部门|承办单位|承办部门)"
    r"\s*[:：]\s*"
)
_LEAD_LABELS = ("牵头", "主责", "主办")
_CO_LABELS = ("配合", "协办", "参与", "参加", "协同", "协助")
_FIRST_LEAD_RE = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位)(?:者|的)?(?:单位|部门)?为牵头(?:单位|部门)")
_ALL_LATER_RE = re.compile(r"以下均(?:需|由|要)(.{2,40}?)(?:落实|负责|承担)[，,]?\s*不再(?:一一)?列出")
_LEAD_CO_RE = re.compile(r"^(?P<lead>.+?)牵头(?:负责)?(?:[，,、]\s*(?P<co>.+?)(?:按职责分工|按职责|分别)?(?:负责|配合|参与|落实))?$")
_WITH_RE = re.compile(r"^(?P<lead>.+?)会同(?P<co>.+?)(?:按职责分工|按职责|共同)?(?:负责|落实)?$")
_CO_RE = re.compile(r"^(?P<co>.+?)(?:按职责分工|按职责|分别|共同)?(?:负责|配合|参与|落实)$")
_TRAIL_RE = re.compile(
    r"(?P<body>[^。；;！？!?\n]{2,400}?(?:牵头(?:负责)?(?:[，,][^。；;！？!?\n]{2,300}?)?(?:按职责分工|按职责|分别)?(?:负责|配合|参与)"
    r"|按职责分工负责|牵头))\s*[。；;]?\s*$"
)
_INLINE_LEAD_RE = re.compile(r"由(?P<lead>[^，,。；;、由]{2,30}?)牵头")
_INLINE_HEAD_RE = re.compile(r"(?P<lead>[^，,。；;、]{2,30}?)(?:具体)?牵头(?=[，,]|负责|抓总|推进|组织|制定|开展)")
_FOLLOW_CO_RE = re.compile(
    r"[，,](?P<co>[^，,。；;]{2,80}?)(?:等\d*(?:家|个)?[^，,。；;、]{0,8}?)?(?=各司其职|按职责分工|协同配合|共同|配合|参与)"
)
_INLINE_WITH_RE = re.compile(
    r"(?P<lead>[^，,。；;、]{2,30}?)(?:要|应当|应|将|负责)?会同(?P<co>[^，,。；;]{2,200}?)"
    r"(?=等(?:有关)?部门|[，,。；;]|共同|负责|研究|制定|做好|开展|汇总|组织|筛选|对|组建|建立|加强|指导|推动|推进)"
)


@dataclass(frozen=True)
class Lexicon:
    """Organisation names: bodies (without region), aliases, multi-part groups, standalone names."""

    bodies: frozenset[str]
    aliases: dict[str, str]
    groups: tuple[str, ...]
    standalone: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged organisation lexicon (kb/data/org_lexicon.json)."""
    raw = json.loads(resources.files("kb").joinpath("data/org_lexicon.json").read_text(encoding="utf-8"))
    return Lexicon(
        bodies=frozenset(raw["bodies"]),
        aliases=dict(raw["aliases"]),
        groups=tuple(sorted(raw["groups"], key=len, reverse=True)),
        standalone=frozenset(raw["standalone"]),
    )


def _fullwidth_brackets(s: str) -> str:
    return s.replace("(", "（").replace(")", "）")


def has_own_region(name: str) -> bool:
    """True for names that carry a place or a national body of their own (河南银保监局, 人民银行郑州中心支行)."""
    if _NATIONAL_RE.match(name) or _GENERIC_RE.match(name):
        return True
    return any(r in name for r in region_names())


def is_unit_name(name: str) -> bool:
    """True when ``name`` has the form of an organisation name (by suffix, lexicon or group), not prose."""
    lex = load_lexicon()
    name = _fullwidth_brackets(name.strip())
    if name in lex.groups or name in lex.standalone or name in lex.bodies or national_organ(name, True):
        return True
    if _GENERIC_GOV_RE.match(name) and not _BAD_CHARS_RE.search(name) and not name.startswith("地方"):
        return True
    if not 2 <= len(name) <= 30 or _BAD_CHARS_RE.search(name):
        return False
    if not _SUFFIX_RE.search(name):
        return False
    body = _PREFIX_RE.sub("", name)
    if body in lex.bodies or body in lex.aliases:
        return True
    return bool(_PREFIX_RE.match(name) or has_own_region(name) or _GENERIC_RE.match(name))


def trim_to_unit(text: str) -> tuple[str, int]:
    """The unit name that ends ``text`` (prose glued before it removed) and its offset, or ("", -1).

    "重点提升护理能力和消防安全能力省民政厅" → ("省民政厅", 15).
    """
    text = text.rstrip()
    if national_organ(text, True):
        return text, 0
    if is_unit_name(text) and (
        _PREFIX_RE.match(text) or has_own_region(text) or _fullwidth_brackets(text) in load_lexicon().bodies
        or _fullwidth_brackets(text) in load_lexicon().groups or text in load_lexicon().standalone
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
        starts_ok = bool(_PREFIX_RE.match(tail)) or any(tail.startswith(r) for r in region_names()) or bool(
            _NATIONAL_RE.match(tail)
        )
        if not starts_ok or not is_unit_name(tail):
            continue
        body = _PREFIX_RE.sub("", tail)
        if body in lex.bodies or body in lex.aliases or tail in lex.bodies:
            return tail, i
        if fallback[1] < 0 and len(tail) <= 12:
            fallback = (tail, i)
    return fallback


def _protect_groups(text: str) -> str:
    """Replace the separators inside known multi-part names and inside brackets by a placeholder."""
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth and _LIST_SEP_RE.match(ch):
            out[i] = "\x00"
    norm = _fullwidth_brackets(text)
    for group in load_lexicon().groups:
        start = norm.find(group)
        while start >= 0:
            for j in range(start, start + len(group)):
                if _LIST_SEP_RE.match(text[j]):
                    out[j] = "\x00"
            start = norm.find(group, start + len(group))
    return "".join(out)


def split_units(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split a list of units on 、，; at top level (not inside brackets or known group names), with offsets."""
    masked = _protect_groups(text)
    items: list[tuple[str, int, int]] = []
    pos = 0
    for m in list(_LIST_SEP_RE.finditer(masked)) + [None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        stripped = piece.strip()
        if stripped:
            lead_ws = len(piece) - len(piece.lstrip())
            items.append((stripped, offset + pos + lead_ws, offset + pos + lead_ws + len(stripped)))
        pos = m.end() if m else len(text)
    return items


def _strip_etc(name: str) -> str:
    stripped = _ETC_RE.sub("", name)
    return stripped if stripped and stripped != name and is_unit_name(stripped) else name


def normalize_unit(name: str, prefix: str = "") -> str:
    """Canonical name: brackets full-width, alias bodies replaced, ``prefix`` added to a bare body."""
    lex = load_lexicon()
    name = _fullwidth_brackets(name.strip())
    m = _PREFIX_RE.match(name)
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
        name = _strip_etc(raw)
        if not is_unit_name(name):
            continue
        full = _fullwidth_brackets(name)
        m = _PREFIX_RE.match(full)
        if m and full not in lex.bodies and not full.startswith("市场"):
            prefix = m.group(1)
        out.append((normalize_unit(full, prefix), raw, start, end))
    return out


@dataclass
class Assignment:
    """One stated assignment: a span of the clause with its lead and co units."""

    start: int
    end: int
    leads: list[tuple[str, str, int, int]] = field(default_factory=list)
    cos: list[tuple[str, str, int, int]] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # sentences stating document-wide rules
    # lists made responsible without a lead (（A、B负责） （X指导） 责任单位：…): a sole unit leads, a list is co
    resp: list[list[tuple[str, str, int, int]]] = field(default_factory=list)


def _find_brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket pair (end exclusive, closing bracket included); unbalanced ones run to the end."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth and start >= 0:
        spans.append((start, len(text)))
    return spans


def _units(text: str, offset: int) -> list[tuple[str, str, int, int]]:
    return distribute(split_units(text, offset))


def _glued_units(text: str, offset: int) -> list[tuple[str, str, int, int]]:
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


_VERB_END_RE = re.compile(
    r"(?:按职责分工|按照职责分工|按职责|分别|共同|具体)?(?P<verb>牵头负责|牵头|负责落实|负责|落实|指导|配合|参与|参加|协助|协同|协办)$"
)
_CO_VERBS = ("配合", "参与", "参加", "协助", "协同", "协办")
_COMMA_RE = re.compile(r"[，,]")


def _verb_groups(text: str, offset: int) -> Assignment | None:
    """"X指导，Y负责落实" / "X牵头，Y、Z参与" / "A、B，C按职责分工负责": comma-separated groups, each ending in its verb.

    Pieces without a verb belong to the next verb's list. None unless every group is a list of unit names.
    """
    a = Assignment(offset, offset + len(text))
    start = 0
    for m in list(_COMMA_RE.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        verb = _VERB_END_RE.search(text[start:end]) if end > start else None
        if verb is None:
            if m is None:
                return None
            continue  # a verbless piece: the list goes on after the comma
        body = text[start : start + verb.start()]
        listed = _units(body, offset + start)
        if not listed or len(listed) != len(split_units(body)):
            return None
        v = verb.group("verb")
        if v.startswith("牵头"):
            a.leads += listed
        elif v in _CO_VERBS:
            a.cos += listed
        else:
            a.resp.append(listed)
        start = m.end() if m else len(text)
    return a if a.leads or a.cos or a.resp else None


def parse_part(part: str, offset: int, glued: bool = False) -> Assignment | None:
    """One assignment sentence ("责任单位：A、B", "X牵头，Y按职责分工负责", "A、B负责", "X指导，Y参与") → its units, or None."""
    text = part.rstrip("。；; ")
    if not text:
        return None
    units = _glued_units if glued else _units
    m = _ROLE_LABEL_RE.match(text)
    if m:
        listed = _units(text[m.end() :], offset + m.end())
        if not listed:
            return None
        a = Assignment(offset, offset + len(text))
        label = m.group(1)
        if label.startswith(_LEAD_LABELS):
            a.leads.extend(listed)
        elif label.startswith(_CO_LABELS):
            a.cos.extend(listed)
        else:
            a.resp.append(listed)
        return a
    if not glued:
        a = _verb_groups(text, offset)
        if a is not None:
            return a
    for rx in (_LEAD_CO_RE, _WITH_RE):
        m = rx.match(text)
        if m:
            leads = units(m.group("lead"), offset)
            cos = _units(m.group("co"), offset + m.start("co")) if m.group("co") else []
            if leads and len(leads) == len(split_units(m.group("lead"))) or (glued and leads):
                return Assignment(offset, offset + len(text), leads=leads, cos=cos)
            return None
    m = _CO_RE.match(text)
    if m:
        cos = units(m.group("co"), offset)
        if cos and (glued or len(cos) == len(split_units(m.group("co")))):
            a = Assignment(offset, offset + len(text))
            if text.endswith(_CO_VERBS):
                a.cos = cos
            else:
                a.resp.append(cos)
            return a
    return None


def find_assignments(text: str) -> list[Assignment]:
    """Every assignment stated in a clause's text, in order (brackets, trailing lists, inline 牵头/会同)."""
    found: list[Assignment] = []
    taken: list[tuple[int, int]] = []
    for s, e in _find_brackets(text):
        inner_start = s + 1
        inner = text[inner_start : e - 1 if text[e - 1] in _CLOSE else e]
        if not re.search(r"单位|部门|负责|牵头|配合|指导|参与|参加|协助|落实|协办", inner):
            continue
        parts = re.split(r"(?<=[。；;])", inner)
        pos = inner_start
        merged: Assignment | None = None
        rules: list[str] = []
        for part in parts:
            if _FIRST_LEAD_RE.search(part) or _ALL_LATER_RE.search(part):
                rules.append(part)
            else:
                a = parse_part(part, pos)
                if a and merged is None:
                    merged = a
                elif a and merged is not None:
                    merged.leads.extend(a.leads)
                    merged.cos.extend(a.cos)
                    merged.resp.extend(a.resp)
            pos += len(part)
        if merged is None and rules:
            merged = Assignment(s, e)
        if merged is not None:
            merged.start, merged.end = s, e
            merged.rules = rules
            found.append(merged)
            taken.append((s, e))
    stripped = text.rstrip()
    m = _TRAIL_RE.search(stripped)
    if m and not any(s <= m.start("body") < e for s, e in taken):
        body = m.group("body")
        a = _trailing(body, m.start("body"))
        if a:
            found.append(a)
            taken.append((a.start, a.end))
    for rx in (_INLINE_LEAD_RE, _INLINE_WITH_RE, _INLINE_HEAD_RE):
        for m in rx.finditer(text):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                continue
            lead_text = m.group("lead")
            name, at = trim_to_unit(lead_text)
            if at < 0:
                continue
            lead = distribute([(name, m.start("lead") + at, m.end("lead"))])
            co = _units(m.group("co"), m.start("co")) if "co" in m.groupdict() else []
            end = m.end()
            if lead and rx is _INLINE_HEAD_RE:
                follow = _FOLLOW_CO_RE.match(text, m.end())
                if follow:
                    co = [u for u in _units(follow.group("co"), follow.start("co"))]
                    end = follow.end() if co else end
            if lead:
                found.append(Assignment(m.start("lead") + at, end, leads=lead, cos=co))
                taken.append((m.start(), end))
    found.sort(key=lambda a: a.start)
    return found


def _trailing(body: str, b0: int) -> Assignment | None:
    """The assignment in a trailing unbracketed list; the text before it may be glued prose."""
    # Find the clause-internal boundary: the list starts after the last comma-free stretch that holds only units.
    m = re.search(r"(?P<lead>[^，,]+?)牵头(?:负责)?(?:[，,](?P<co>.+?)(?:按职责分工|按职责|分别)?(?:负责|配合|参与))?$", body)
    if m:
        leads = _glued_units(m.group("lead"), b0 + m.start("lead"))
        if not leads:
            return None
        cos = _units(m.group("co"), b0 + m.start("co")) if m.group("co") else []
        return Assignment(leads[0][2], b0 + len(body), leads=leads, cos=cos)
    m = re.search(r"(?P<co>[^，,]+?)(?:按职责分工)负责$", body)
    if m:
        # the list may itself contain commas: walk back over comma-separated items that are all unit names
        start = m.start("co")
        while True:
            prev = max(body.rfind("，", 0, start - 1), body.rfind(",", 0, start - 1))
            if start <= 0 or body[start - 1] not in "，,":
                break
            candidate = body[prev + 1 : start - 1]
            if not candidate or not all(is_unit_name(_strip_etc(x)) for x, _, _ in split_units(candidate)):
                break
            start = prev + 1
        cos = _glued_units(body[start : m.end("co")], b0 + start)
        if not cos:
            return None
        return Assignment(cos[0][2], b0 + len(body), resp=[cos])
    return None


def document_rules(text: str) -> tuple[bool, list[tuple[str, str, int, int]]]:
    """Document-wide rules stated in a clause: (first listed unit leads, units that fall to every later task)."""
    first_lead = bool(_FIRST_LEAD_RE.search(text))
    later: list[tuple[str, str, int, int]] = []
    m = _ALL_LATER_RE.search(text)
    if m:
        later = _units(m.group(1), m.start(1))
    return first_lead, later


def _resp_roles(a: Assignment, first_is_lead: bool) -> list[tuple[tuple[str, str, int, int], Role]]:
    """Roles of the lists an assignment makes responsible without naming a lead.

    With a lead named elsewhere in the assignment every listed unit is co; under a first-is-lead rule the first
    listed unit leads; otherwise a list of one (（X负责）, （X指导）, 人民银行等部门负责) leads and a longer list is co.
    """
    out: list[tuple[tuple[str, str, int, int], Role]] = []
    for i, group in enumerate(a.resp):
        for j, u in enumerate(group):
            vague = is_vague(u[0]) or bool(_VAGUE_RE.match(u[0]))
            if a.leads:
                role: Role = "co"
            elif first_is_lead:
                role = "lead" if i == j == 0 and not vague else "co"
            else:
                role = "lead" if len({x[0] for x in group}) == 1 and not vague else "co"
            out.append((u, role))
    return out


_TABLE_ROLE_RE = re.compile(
    r"^(?:主要)?(?P<role>牵头|主责|主办|责任|负责|指导|实施|主管|承办|配合|协办|参与|参加|协同|协助)(?:单位|部门|处室|机构)"
    r"(?:[（(].*)?$"
)


def table_responsibilities(
    header: list[str], cells: list[str], text: str, clause_id: str = "", first_is_lead: bool = False
) -> list[Responsibility]:
    """Responsibilities of one table row from its role columns (牵头单位 / 责任单位 / 配合单位 / 指导部门).

    Args:
        header: the column names; spaces inside them are ignored ("牵 头 单 位").
        cells: this row's cells.
        text: the row clause's rendered text (offsets point into it).
        clause_id: copied into each record.
        first_is_lead: a document rule (列第一位者为牵头单位) in force.

    Returns:
        A 牵头 column gives leads, a 配合 column co; a 责任 / 指导 column follows the list rule of
        ``_resp_roles`` (first-is-lead rule, else a sole unit leads and a list is co).
    """
    a = Assignment(0, len(text))
    for name, cell in zip(header, cells, strict=False):
        m = _TABLE_ROLE_RE.match(re.sub(r"\s+", "", name))
        if not m or not cell.strip() or cell == name:
            continue
        at = text.find(cell)
        listed = _units(cell, max(at, 0))
        if at < 0:
            listed = [(u, raw, 0, 0) for u, raw, _, _ in listed]
        role = m.group("role")
        if role in ("牵头", "主责", "主办"):
            a.leads += listed
        elif role in _CO_VERBS:
            a.cos += listed
        elif listed:
            a.resp.append(listed)
    entries: list[tuple[tuple[str, str, int, int], Role]] = [(u, "lead") for u in a.leads]
    entries += [(u, "co") for u in a.cos] + _resp_roles(a, first_is_lead)
    out: dict[str, Responsibility] = {}
    for (name, raw, start, end), role in entries:
        if name not in out or out[name].role == "co" and role == "lead":
            out[name] = Responsibility(clause_id=clause_id, unit=name, role=role, raw=raw, start=start, end=end)
    return list(out.values())


_SUBJECT_RE = re.compile(
    r"(?:^|(?<=[。；;\n]))\s*(?P<holder>[^，,。；;：:\n“”]{2,60}?)(?=要|应当|负责|牵头|抓总)"
)
_SUBJECT_SPLIT_RE = re.compile(r"[、和及]")
_EACH_GOV_RE = re.compile(r"^各(?:省|市|县|区|地|州)[^，,。]{0,10}?(?:人民)?政府$")


def subject_holders(text: str) -> list[tuple[str, str, int, int]]:
    """Named organs that open a sentence and are given its task: "国家发展改革委和科技部要适时督促检查…".

    Only names that are organs by themselves count (a national organ, a region-prefixed body, a holder such as
    试点城市政府); vague subjects (各有关部门, 各地区) and prose are not units.
    """
    out: list[tuple[str, str, int, int]] = []
    for m in _SUBJECT_RE.finditer(text):
        holder, start = m.group("holder"), m.start("holder")
        names: list[tuple[str, str, int, int]] = []
        pos = start
        masked = _protect_groups(holder.replace("和", "\x01").replace("及", "\x01")).replace("\x01", "、")
        cuts = [0] + [i + 1 for i, ch in enumerate(masked) if ch == "、"] + [len(holder) + 1]
        for a, b in zip(cuts, cuts[1:]):
            part = holder[a : b - 1]
            name = _fullwidth_brackets(part.strip())
            ok = bool(national_organ(name, True)) or bool(_GENERIC_GOV_RE.match(name) or _EACH_GOV_RE.match(name)) and (
                not name.startswith("地方"))
            if not ok and is_unit_name(name) and not _GENERIC_RE.match(name):
                body = _PREFIX_RE.sub("", name)
                lex = load_lexicon()
                ok = bool(_PREFIX_RE.match(name)) and (body in lex.bodies or body in lex.aliases)
            if not ok or is_vague(name):
                names = []
                break
            at = text.find(part, pos)
            names.append((normalize_unit(name), part, at, at + len(part)))
            pos = at + len(part)
        out += names
    return out


def parse_responsibilities(text: str, clause_id: str = "", first_is_lead: bool = False) -> list[Responsibility]:
    """The responsibilities a clause's own text states.

    Args:
        text: the clause text.
        clause_id: copied into each record.
        first_is_lead: a document rule (列第一位者为牵头单位) in force: the first unit of a plain list leads.

    Returns:
        One record per unit (a unit listed twice keeps its first, strongest role), offsets into ``text``.
    """
    if not text:
        return []
    try:
        assignments = find_assignments(text)
    except (RecursionError, re.error, ValueError):
        return []
    first_is_lead = first_is_lead or bool(_FIRST_LEAD_RE.search(text))
    if not assignments:
        subjects = subject_holders(text)
        if subjects:
            assignments = [Assignment(subjects[0][2], subjects[-1][3], resp=[subjects])]
    out: dict[str, Responsibility] = {}
    for a in assignments:
        entries: list[tuple[tuple[str, str, int, int], Role]] = [(u, "lead") for u in a.leads]
        cos = list(a.cos)
        if first_is_lead and not a.leads and cos and not _VAGUE_RE.match(cos[0][0]):
            entries.append((cos.pop(0), "lead"))
        entries += [(u, "co") for u in cos]
        entries += _resp_roles(a, first_is_lead)
        for (name, raw, start, end), role in entries:
            prev = out.get(name)
            if prev is None or (prev.role == "co" and role == "lead"):
                out[name] = Responsibility(clause_id=clause_id, unit=name, role=role, raw=raw, start=start, end=end)
    return sorted(out.values(), key=lambda r: r.start)
