"""Assignments: the forms that state who does a task (bracket tails, trailing lists, inline 牵头 / 会同 / 由X负责).

Forms handled (all from real documents):
- a bracket at the end of an item: （责任单位：A、B） 〔责任单位:A〕 （A、B负责） （A、B等和各省级人民政府按职责分工负责）;
- a list glued to the end of the last sentence: "…消防安全能力省民政厅牵头,省卫生健康委、发展改革委按职责分工负责";
- inline "由X牵头", "X会同Y…", "X牵头负责", "由X负责";
- document-wide rules: "列第一位者为牵头单位" (first listed unit leads, from there on) and
  "以下均需X落实,不再列出" (X also falls to every later task).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.extract.organs import is_vague
from kb.extract.subjects import holder_names, is_subject_organ
from kb.extract.unitnames import (
    CLOSE,
    VAGUE_RE,
    distribute,
    find_brackets,
    glued_units,
    is_unit_name,
    list_units,
    split_units,
    strip_etc,
    trim_to_unit,
)
from kb.models import Role

_ROLE_LABEL_RE = re.compile(
    r"^\s*(责任单位|责任部门|负责单位|负责部门|主责单位|主责部门|主办单位|牵头单位|牵头部门|指导单位|指导部门|实施单位|实施部门"
    r"|配合单位|配合部门|协办单位|参与单位|参与部门|参加单位|参加部门|协同单位|协同部门|协助单位|协助部门|承办单位|承办部门)"
    r"\s*[:：]\s*"
)
_LEAD_LABELS = ("牵头", "主责", "主办")
_CO_LABELS = ("配合", "协办", "参与", "参加", "协同", "协助")
FIRST_LEAD_RE = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位)(?:者|的)?(?:单位|部门)?为牵头(?:单位|部门)")
_ALL_LATER_RE = re.compile(r"以下均(?:需|由|要)(.{2,40}?)(?:落实|负责|承担)[，,]?\s*不再(?:一一)?列出")
_LEAD_CO_RE = re.compile(r"^(?P<lead>.+?)牵头(?:负责)?(?:[，,、]\s*(?P<co>.+?)(?:按职责分工|按职责|分别)?(?:负责|配合|参与|落实))?$")
_WITH_RE = re.compile(r"^(?P<lead>.+?)会同(?P<co>.+?)(?:按职责分工|按职责|共同)?(?:负责|落实)?$")
_CO_RE = re.compile(r"^(?P<co>.+?)(?:按职责分工|按职责|分别|共同)?(?:负责|配合|参与|落实)$")
_TRAIL_RE = re.compile(
    r"(?P<body>[^。；;！？!?\n]{2,400}?(?:牵头(?:负责)?(?:[，,][^。；;！？!?\n]{2,300}?)?(?:按职责分工|按职责|分别)?(?:负责|配合|参与)"
    r"|按职责分工负责|牵头))\s*[。；;]?\s*$"
)
_INLINE_LEAD_RE = re.compile(r"由(?P<lead>[^，,。；;、由]{2,30}?)牵头")
# "由X负责" / "由X及Y会同Z提出": the named units lead (FORMAT: the only unit named as responsible)
_INLINE_BY_RE = re.compile(
    r"由(?P<lead>[^，,。；;由]{2,40}?)(?:会同(?P<co>[^，,。；;由]{2,40}?))?(?=负责|提出|统一|组织|具体负责|研究确定|报|召开|主持|承担|确定|发布|审核|汇总|提请|综合|责令|换发|根据|依法|依照)"
)
_INLINE_HEAD_RE = re.compile(r"(?P<lead>[^，,。；;、]{2,30}?)(?:具体)?牵头(?=[，,]|负责|抓总|推进|组织|制定|开展)")
_FOLLOW_CO_RE = re.compile(
    r"[，,](?P<co>[^，,。；;]{2,80}?)(?:等\d*(?:家|个)?[^，,。；;、]{0,8}?)?(?=各司其职|按职责分工|协同配合|共同|配合|参与)"
)
_INLINE_WITH_RE = re.compile(
    r"(?P<lead>[^，,。；;、]{2,30}?)(?:已经|已|正在|还|也|要|应当|应|将|负责)?会同(?P<co>[^，,。；;]{2,200}?)"
    r"(?=等(?:有关)?部门|[，,。；;]|共同|负责|研究|提出|制定|制订|拟订|起草|修订|编制|做好|开展|汇总|组织|筛选|对|组建|建立|加强|指导"
    r"|推动|推进|确定|认定|审核|核定|批准|发布)"
)



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



_VERB_END_RE = re.compile(
    r"(?:按职责分工|按照职责分工|按职责|分别|共同|具体)?(?P<verb>牵头负责|牵头|负责落实|负责|落实|指导|配合|参与|参加|协助|协同|协办)$"
)
CO_VERBS = ("配合", "参与", "参加", "协助", "协同", "协办")
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
        listed = list_units(body, offset + start)
        if not listed or len(listed) != len(split_units(body)):
            return None
        v = verb.group("verb")
        if v.startswith("牵头"):
            a.leads += listed
        elif v in CO_VERBS:
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
    units = glued_units if glued else list_units
    m = _ROLE_LABEL_RE.match(text)
    if m:
        listed = list_units(text[m.end() :], offset + m.end())
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
            cos = list_units(m.group("co"), offset + m.start("co")) if m.group("co") else []
            if leads and len(leads) == len(split_units(m.group("lead"))) or (glued and leads):
                return Assignment(offset, offset + len(text), leads=leads, cos=cos)
            return None
    m = _CO_RE.match(text)
    if m:
        cos = units(m.group("co"), offset)
        if cos and (glued or len(cos) == len(split_units(m.group("co")))):
            a = Assignment(offset, offset + len(text))
            if text.endswith(CO_VERBS):
                a.cos = cos
            else:
                a.resp.append(cos)
            return a
    return None


def find_assignments(text: str) -> list[Assignment]:
    """Every assignment stated in a clause's text, in order (brackets, trailing lists, inline 牵头/会同)."""
    found: list[Assignment] = []
    taken: list[tuple[int, int]] = []
    for s, e in find_brackets(text):
        inner_start = s + 1
        inner = text[inner_start : e - 1 if text[e - 1] in CLOSE else e]
        if not re.search(r"单位|部门|负责|牵头|配合|指导|参与|参加|协助|落实|协办", inner):
            continue
        parts = re.split(r"(?<=[。；;])", inner)
        pos = inner_start
        merged: Assignment | None = None
        rules: list[str] = []
        for part in parts:
            if FIRST_LEAD_RE.search(part) or _ALL_LATER_RE.search(part):
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
            if rx is _INLINE_WITH_RE:  # "国家发展改革委及国家粮食局会同…": every unit of the joined list leads
                lead = holder_names(text, name, m.start("lead") + at) or _joined_names(name, m.start("lead") + at) or lead
                lead = _joined_left(lead_text, at, m.start("lead")) + lead
                if at == 0 and text[m.start("lead") - 1:m.start("lead")] == "、":  # "发展改革委、农业部会同财政部…"
                    s0 = max(text.rfind(c, 0, m.start("lead")) for c in "，,。；;：:\n") + 1
                    lead = _joined_left(text[s0:m.start("lead")] + lead_text, m.start("lead") - s0 + at, s0) + lead
            co = list_units(m.group("co"), m.start("co")) if "co" in m.groupdict() else []
            end = m.end()
            if lead and rx is _INLINE_HEAD_RE:
                follow = _FOLLOW_CO_RE.match(text, m.end())
                if follow:
                    co = [u for u in list_units(follow.group("co"), follow.start("co"))]
                    end = follow.end() if co else end
            if lead:
                found.append(Assignment(m.start("lead") + at, end, leads=lead, cos=co))
                taken.append((m.start(), end))
    found += _by_assignments(text, taken)
    found.sort(key=lambda a: a.start)
    return found


def _by_assignments(text: str, taken: list[tuple[int, int]]) -> list[Assignment]:
    """"由X负责" / "由X会同Y提出" (X leads), "由外交部和总参谋部统一归口管理" (a joint list, no lead: co), and 由 + an
    organ + an act (由民政部综合上报国务院, 由登记管理机关责令解散 / 换发证书 / 根据有关规定…审查)."""
    found: list[Assignment] = []
    for m in _INLINE_BY_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        leads = holder_names(text, m.group("lead"), m.start("lead"))
        cos = holder_names(text, m.group("co"), m.start("co")) if m.group("co") else []
        if leads:
            found.append(Assignment(m.start("lead"), m.end(), resp=[leads]) if len(leads) > 1 and not cos
                         else Assignment(m.start("lead"), m.end(), leads=leads, cos=cos))
            taken.append((m.start(), m.end()))
    return found


# a joint body's members and its lead: "联席会议由教育部、发展改革委…9个部门和单位组成，教育部为牵头单位"
_MEMBERS_RE = re.compile(
    r"由(?P<list>[^。；;由]{4,400}?)(?:等)?(?:\d{1,3}|[一二三四五六七八九十]{1,3})?个?(?:部门和单位|部门|单位|成员单位)?组成"
)
_NAMED_LEAD_RE = re.compile(r"(?:^|(?<=[，,。；;\n]))(?P<lead>[^，,。；;、\n]{2,30}?)为牵头(?:单位|部门)")


def body_assignments(text: str) -> list[Assignment]:
    """Who runs a joint body a document sets up: the member named 为牵头单位 (lead) and the other members (co) — a
    member list without a named lead only says what the body is made of. The organ an office is set in
    (办公室设在教育部) is not recorded: the office is the unit. Not assignments of the clause's sub-items."""
    out: list[Assignment] = []
    named_leads = [n for m in _NAMED_LEAD_RE.finditer(text)
                   for n in holder_names(text, m.group("lead"), m.start("lead"))]
    for m in _MEMBERS_RE.finditer(text) if named_leads else ():  # without a lead a member list is composition
        members = list_units(m.group("list"), m.start("list"))
        if members and len(members) == len(split_units(m.group("list"))):
            leads = [u for u in members if u[0] in {n[0] for n in named_leads}]
            out.append(Assignment(m.start(), m.end(), leads=leads, cos=[u for u in members if u not in leads]))
            named_leads = []
    if named_leads:
        out.append(Assignment(named_leads[0][2], named_leads[-1][3], leads=named_leads))
    return out


def _joined_names(name: str, base: int) -> list[tuple[str, str, int, int]]:
    """"市教育管理部门和市金融服务部门": two unit names joined by 和 / 及, each a unit by its own form."""
    parts = re.split(r"[和及]", name)
    if len(parts) < 2 or not all(is_unit_name(p) for p in parts):
        return []
    out, pos = [], base
    for p in parts:
        out += distribute([(p, pos, pos + len(p))])
        pos += len(p) + 1
    return out


def _joined_left(lead_text: str, at: int, base: int) -> list[tuple[str, str, int, int]]:
    """Units joined by 及 / 和 / 、 before the unit found at ``at`` of ``lead_text`` (offsets from ``base``)."""
    out: list[tuple[str, str, int, int]] = []
    while at > 1 and lead_text[at - 1] in "及和、":
        name, at2 = trim_to_unit(lead_text[: at - 1])
        if at2 < 0 or not is_subject_organ(name):
            break
        out = distribute([(name, base + at2, base + at - 1)]) + out
        at = at2
    return out


def _trailing(body: str, b0: int) -> Assignment | None:
    """The assignment in a trailing unbracketed list; the text before it may be glued prose."""
    # Find the clause-internal boundary: the list starts after the last comma-free stretch that holds only units.
    m = re.search(r"(?P<lead>[^，,]+?)牵头(?:负责)?(?:[，,](?P<co>.+?)(?:按职责分工|按职责|分别)?(?:负责|配合|参与))?$", body)
    if m:
        leads = glued_units(m.group("lead"), b0 + m.start("lead"))
        if not leads:
            return None
        cos = list_units(m.group("co"), b0 + m.start("co")) if m.group("co") else []
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
            if not candidate or not all(is_unit_name(strip_etc(x)) for x, _, _ in split_units(candidate)):
                break
            start = prev + 1
        cos = glued_units(body[start : m.end("co")], b0 + start)
        if not cos:
            return None
        return Assignment(cos[0][2], b0 + len(body), resp=[cos])
    return None


def document_rules(text: str) -> tuple[bool, list[tuple[str, str, int, int]]]:
    """Document-wide rules stated in a clause: (first listed unit leads, units that fall to every later task)."""
    first_lead = bool(FIRST_LEAD_RE.search(text))
    later: list[tuple[str, str, int, int]] = []
    m = _ALL_LATER_RE.search(text)
    if m:
        later = list_units(m.group(1), m.start(1))
    return first_lead, later


def resp_roles(a: Assignment, first_is_lead: bool) -> list[tuple[tuple[str, str, int, int], Role]]:
    """Roles of the lists an assignment makes responsible without naming a lead.

    With a lead named elsewhere in the assignment every listed unit is co; under a first-is-lead rule the first
    listed unit leads; otherwise a list of one (（X负责）, （X指导）, 人民银行等部门负责) leads and a longer list is co.
    """
    out: list[tuple[tuple[str, str, int, int], Role]] = []
    for i, group in enumerate(a.resp):
        for j, u in enumerate(group):
            vague = is_vague(u[0]) or bool(VAGUE_RE.match(u[0]))
            if a.leads:
                role: Role = "co"
            elif first_is_lead:
                role = "lead" if i == j == 0 and not vague else "co"
            else:
                role = "lead" if len({x[0] for x in group}) == 1 and not vague else "co"
            out.append((u, role))
    return out
