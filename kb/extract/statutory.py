"""The subject of a statutory duty sentence, whatever the organ's name: a fallback behind ``kb.extract.duties``.

A regulation charges an organ by putting it at the head of a clause before what it must or may do
("国防科技工业计量技术机构应当…", "争议双方人民政府负责…", "某某保护管理委员会依法…") or after 由 ("由县级以上X机构责令…").
The phrase is an organ or not by its HEAD, the longest known ending (kb/data/statutory_heads.json): 机构, 委员会, 人民政府,
局 … are organs; 单位, 企业, 当事人, 工作人员, 医疗机构 … are regulated parties and never holders (医院 over 院, 工作人员
over 员). A list (A、B和C) gives each item its own head or the last item's; a level the first item carries
(县级以上地方人民政府X、Y部门) is shared; partners after 会同 are co. Names stay as written; the document's folding makes
levels explicit. ``kb.extract.regulation_duties`` adds only what the holder grammar did not read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kb.extract.holders import _LEVEL, _VAGUE_BODY_RE
from kb.extract.organs import national_organ
from kb.extract.unitnames import sector_domains
from kb.models import Responsibility
from kb.places import divisions


@dataclass(frozen=True)
class Heads:
    organ: frozenset[str]
    regulated: frozenset[str]
    markers: re.Pattern[str]
    by: re.Pattern[str]
    vague: tuple[str, ...]
    generic: frozenset[str]
    ambiguous: frozenset[str]
    governance: re.Pattern[str]
    predicate: tuple[str, ...]
    bodies: frozenset[str]
    roles: tuple[str, ...]


@lru_cache(maxsize=1)
def load_heads() -> Heads:
    """The packaged head lists (kb/data/statutory_heads.json)."""
    raw = json.loads(resources.files("kb").joinpath("data/statutory_heads.json").read_text(encoding="utf-8"))
    alt = lambda words: "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # noqa: E731
    return Heads(
        organ=frozenset(raw["organ_heads"]),
        regulated=frozenset(raw["regulated_heads"]),
        markers=re.compile(rf"(?!{alt(raw['not_markers'])})(?:{alt(raw['markers'])})"),
        by=re.compile(rf"(?!{alt(raw['not_by_verbs'])})(?:{alt(raw['by_verbs'])})"),  # not 联合会 (a noun)
        vague=tuple(raw["vague_starts"]),
        generic=frozenset(raw["generic_names"]),
        ambiguous=frozenset(raw["ambiguous_heads"]),
        governance=re.compile(rf"{alt(raw['governance_words'])}|^(?:{alt(raw['governance_levels'])})(?![内外场民])"),
        predicate=tuple(raw["predicate_starts"]),
        bodies=frozenset(raw["bodies"]),
        roles=tuple(raw["role_suffixes"]),
    )


def head_kind(phrase: str) -> str | None:
    """"organ" / "regulated" by the longest known head ``phrase`` ends with, or None (no head known)."""
    heads = load_heads()
    for n in range(min(len(phrase), 7), 0, -1):
        tail = phrase[-n:]
        if tail in heads.bodies:
            return "organ"  # 工会, 共青团, 科学技术协会: a people's organisation, named in full (over 协会)
        if tail in heads.regulated:
            return "regulated"
        if tail in heads.organ:
            if len(phrase) <= n:
                return None  # a bare 部门 / 政府 names no organ
            if tail in heads.ambiguous and not _governed(re.sub(r"^本(?:省|市|县|区)", "", phrase[:-n])):
                return None  # 第三方机构, 广播电台: any institution, not an organ
            return "organ"
    return None


def _governed(prefix: str) -> bool:
    """Whether ``prefix`` (what stands before an ambiguous head) holds a governance word that is not the end of a
    regulated party's name: 常务委员会工作机构 and 精神文明建设委员会办事机构 are organs' bodies, 村民委员会下设机构 is not."""
    heads = load_heads()
    return any(not prefix[: m.end()].endswith(tuple(heads.regulated)) for m in heads.governance.finditer(prefix))


_LABEL_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[条章节]|[（(][一二三四五六七八九十\d]{1,4}[)）]|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)\s*")
_LEAD_IN_RE = re.compile(r"^(?:但是|但|并且|并|同时|此外|另外|其中|因此|为此)")
_CLAUSE_RE = re.compile(r"[^。；;！？!?\n，,：:]+")
# a phrase that is prose, not a name: prepositions opening it, 的, digits, quotes, a title
_NOT_NAME_RE = re.compile(r"^(?:对|在|经(?!济|营|贸|信)|依照|依据|根据|按照|为|因|凡|除|如|若|当(?!地)|自(?![然治])|从|向|与|将|把|被|以|违反|未|不(?!设区的?市))|的|[\d《》“”\"]"
                          # a verb inside: the phrase is a predicate, not a name (应当向市主管部门, 鼓励各类担保机构)
                          r"|应当|应(?!急)|可以|必须|须|向|到|凭|由|配合|协助|支持|鼓励|推动|委托|接受|拒绝|阻碍|受(?!理)|执行|建立|通过|经(?!济|营|贸|信)"
                          r"|报(?!社|刊)|按|提请|决定(?!机关)|(?:(?<=部门)|(?<=机关)|(?<=机构)|(?<=政府)|(?<=委员会))商(?![务业品贸标会检])(?=[\u4e00-\u9fff])|组织(?=[\u4e00-\u9fff])(?!部|机构)|部署|是指|所称|设立|设置|下设|请求|申请|拒|履行|违反|未|不(?!动产|设区的?市)|作出|会同|从(?!业)|被|是|实行|属于|遵循|遵守|坚持")
_LEVEL_WORD = r"(?:沿[河江湖海线岸])?(?:区县|乡镇|省辖市|县级市|县级|市级|省级|不设区的市|设区的市|市辖区|街道|自治州|自治县|省|市|县|区|乡|镇)(?:（[^）]{1,8}）)?(?:区(?=[\u4e00-\u9fff]{2}))?"
_LEVEL_ONLY_RE = re.compile(rf"^{_LEVEL_WORD}$")  # 市, 区（县级市）, 县（市）区
_GENERIC_LEVEL_RE = re.compile(r"^(?:县级以上(?:地方)?(?:各级)?|地方各级|各级)(?=人民政府$)")
_ATOMIC_RE = re.compile(r"省、自治区|自治区、直辖市")
_INNER_ETC_RE = re.compile(r"等(?:有关|相关)?(?=(?:部门|机构|机关)$)")
_MARKER_OPEN_RE = re.compile(r"(?:均|都|也)?(?:应当|应(?!急)|按照|依照|依据|根据|负责|在各自|要|可以|必须|须)")
_ETC_TAIL_RE = re.compile(r"(?<=部门)(?:和|及)单位$")  # 等部门和单位: the 单位 of the list are not organs
_ETC_RE = re.compile(r"等(?:有关|相关)?(?=[\u4e00-\u9fff]{0,4}(?:部门|机构|机关)$)")
# a description, not a duty: 救助站对…的救助是一项…措施; 县（市）人民政府确定的管理部门是…主管部门; 登记主管机关核准…的企业法人的法定代表人是…
_DESCRIPTION_RE = re.compile(r"^[^，,。；;]*?的[^，,。；;]*?是(?!否)")
# 由综合行政执法部门作出的…: X only describes the noun (not 由当地人民政府按照就近的原则…: a preposition's object)
_BY_MODIFIER_RE = re.compile(r"(?!按照|依照|根据|依据|对|在|向|从|将|会同|依法)[\u4e00-\u9fff]{1,8}?的")
_LEVEL_PREFIX_RE = re.compile(r"^(?:本)?(?:国务院|省|市|县|区|自治区)?(?:地方)?(?:各级|县级以上(?:地方)?(?:各级)?|各)?")  # 国务院各行业主管部门
# 中央宣传部会同…拟定的《…》: the drafters; 区（县）人民政府管理专利工作的部门: a department named by its task
_TITLE_MODIFIER_RE = re.compile(r"^[^，,。；;]*?(?:拟定|制定|起草|提出|报送|印发)的"
                                r"|^[^，,。；;]{0,12}?的(?:部门|机构|机关)")
# 省人民政府设立的省海上搜救中心负责…: a short relative clause whose noun is the one charged (not 国家人民防空主管部门管理全国的…工作)
_RELATIVE_RE = re.compile(r"^[\u4e00-\u9fff]{1,2}的|^(?!在|按照|依照|根据|依据|对|依法)[\u4e00-\u9fff]{1,6}的(?P<noun>[\u4e00-\u9fff（）()]{2,30}?)(?:应当|应(?!急)|负责|可以|承担|履行|不得|有权)")
_PARTY_INSIDE_RE = re.compile(r"单位|企业|个人|人员|当事人")  # 由建设单位移交城市管理部门或者…: a party acts, the organ receives
_NOTE_RE = re.compile(r"[（(]以下(?:简称|统称)[^）)]*[）)]")
_LEVEL_HEAD_RE = re.compile(rf"^{_LEVEL_WORD}(?=[\u4e00-\u9fff]{{2}})")
_LIST_RE = re.compile(r"、|以及|或者|(?<=[\u4e00-\u9fff])(?<!共)(?:和|及|与|或)(?=[\u4e00-\u9fff])")
_BRACKETS_RE = re.compile(r"[（(][^）)]*[）)]")
_OPEN_LEVEL_RE = re.compile(rf"^(?:沿[河江湖海线岸])?(?:{_LEVEL})(?=[\u4e00-\u9fff]{{2}})")
_BY_RE = re.compile(r"(?<![理自经缘])由(?![于此其])(?P<x>[^，,。；;：:由]{2,40}?)(?=[、和或]|$)")
# 工会、共青团、妇联等群团组织: the list's closing word is no head; each item names itself
_BODIES_TAIL_RE = re.compile(r"等(?:群团组织|人民团体|群众团体|社会团体|群团|团体)$")
# 教育、科技、卫生和其他行政主管部门 / 科学技术或者有关主管部门: the head the vague closing item carries is shared
_OTHER_TAIL_RE = re.compile(r"(?:以及|及|和|与|或者|或|、)(?:其他|其它|有关|相关)+(?P<head>[\u4e00-\u9fff]{2,6})$")
_HEADISH_RE = re.compile(r"(?:行政)?(?:主管|管理)?(?:部门|机关|机构)")
_PERSON_RE = re.compile(r"[人员者]$")  # 公安机关和有关单位工作人员: persons close the list, the subject is theirs
# a 的 that does not open a relative clause: 设区的市; the seat of a government (邙山陵墓群所在地的县级人民政府)
_PLAIN_DE_RE = re.compile(r"(?<=设区)的(?=市)|(?<=所在地|住所地|户籍地)的"
                          r"|(?<=[\u4e00-\u9fff]{2})的(?=(?:上级|上一级)(?:人民)?政府$)")  # 争议双方的上级人民政府: theirs
# an organ's body: 各级气象主管机构所属的气象台站, 县级以上人民政府农业机械行政主管部门的农业机械安全监督管理机构
_OWNED_RE = re.compile(r"(?P<a>[^的]{2,40}?)(?:所属)?的(?P<b>[^的]{2,60})")
# X组织Y、Z查处 / X可以委托Y负责…: Y acts (its duty); not 党委组织部门
_ORDERS_RE = re.compile(r"(?<!党)(?<!党委)(?:组织|委托|授权|责成)(?!部)")
_PLACE_GOV_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|市|自治区|自治州|县|区)人民政府$")
_ALSO_VERB_RE = re.compile(r"[、和](?:协调|指导|督促|监督|带领|动员)")
_IN_BRACKETS_RE = re.compile(r"[^（(]*[）)]")
_WHEN_RE = re.compile(r"(?:(?<![及同适按随定临暂准届])时|期间|之后|之前)$")
# X是本市…工作的主管部门: a designation charges X
_DESIGNATION_RE = re.compile(r"(?P<x>[^，,。；;：:是]{2,60}?)是(?!指)[^，,。；;]{0,30}?(?:行政主管部门|主管部门|主管机关|主管机构)(?:[，,。；;]|$)")


# a body set up and charged in one sentence: "设立规划委员会，负责研究、审议…", "市人民政府设立的…管理机构，负责…"
_SET_UP_RE = re.compile(r"(?:设立|设置|成立|组建)的?(?P<y>[^，,。；;：:、的]{2,30})[，,](?:并|具体|主要)?(?:负责|承担)")


# a definition: "本条例所称的边界争议是指…双方人民政府对…的争议" names organs inside what a term means, charges none
_DEFINITION_RE = re.compile(
    r"(?:^|(?<=[。；;\n]))\s*(?:第[一二三四五六七八九十百零〇\d]+条\s*)?本(?:条例|办法|规定|细则|法|决定)所称的?"
    r"(?P<term>[^，,。；;：:\n]{2,30}?)[，,]?是指[^。；;\n]*"
)


# an approver: "由国务院计量行政部门组织考核合格后使用", "由土地、农业行政主管部门验收合格后，纳入…" (FORMAT: bodies that
# grant approvals are not units, like 经X审查同意后)
_APPROVAL_RE = re.compile(r"由(?P<x>[^，,。；;：:由]{2,40}?)(?:组织)?(?:考核|验收|审查|审核|检验|检定|鉴定|评审)(?:合格|通过|同意)后")


def approval_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names organs only as approvers of another's act."""
    return [m.span("x") for m in _APPROVAL_RE.finditer(text)]


def definition_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` that define a term that is no organ (an organ defined, 本条例所称主管部门是指…,
    is a designation and stays read)."""
    return [m.span() for m in _DEFINITION_RE.finditer(text) if head_kind(m.group("term")) != "organ"]


def statutory_subjects(text: str, clause_id: str = "") -> list[Responsibility]:
    """The organs a regulation's clause charges as subjects of its sentences (and after 由), role duty (lead before
    会同), with offsets into ``text``; regulated parties and vague holders yield nothing."""
    out: dict[str, Responsibility] = {}
    before: tuple[str, int] | None = None  # the clause before, when it is a whole name (…等部门，按照各自职责…)
    for m in _CLAUSE_RE.finditer(text):
        seg, at = m.group(0), m.start()
        alone, before = before, None
        if alone and text[m.start() - 1] in "，," and _MARKER_OPEN_RE.match(seg) and _is_name(alone[0]) \
                and head_kind(_core(alone[0])) == "organ":
            _add_all(out, clause_id, alone[0], "duty", alone[1])  # 发展改革、商务…等部门，按照各自职责，做好…
        label = _LABEL_RE.match(seg)
        if label and label.group(0).strip()[-1] in "章节":
            continue  # a chapter's heading (第二章 国家安全机关在反间谍工作中的职权) charges no one
        if label:
            seg, at = seg[label.end():], at + label.end()
        lead_in = _LEAD_IN_RE.match(seg)
        if lead_in:
            seg, at = seg[lead_in.end():], at + lead_in.end()
        before = (seg, at)
        follows = text[m.end() + 1:] if m.end() < len(text) and text[m.end()] in "，," else ""
        if _IN_BRACKETS_RE.match(seg):
            before = None
            continue  # （含计划单列市，下同）人民政府…: the rest of a note, cut at its comma
        # X审议…时，Y应当…: the subject of a time clause is not charged (but 接到检举后，应当… goes on with it)
        timed = bool(_WHEN_RE.search(seg)) and _own_subject(follows)
        subject = None if timed else _subject(seg)
        rest = seg[len(subject or ""):]
        if subject and not any(r.match(rest) for r in (_TITLE_MODIFIER_RE, _DESCRIPTION_RE, _RELATIVE_RE)):
            role = "lead" if seg[len(subject):].startswith(("会同", "应当会同", "应会同")) else "duty"
            _add_all(out, clause_id, subject, role, at)
        designated = None if subject or timed else _DESIGNATION_RE.match(seg)
        if designated and _is_name(designated.group("x")) and head_kind(_core(designated.group("x"))) == "organ":
            _add_all(out, clause_id, designated.group("x"), "duty", at)  # 市市政公用事业局是本市燃气管理工作的主管部门
        for w in _ORDERS_RE.finditer(seg):  # 由省人民政府组织经济贸易管理部门、公安部门查处: the organs organised act
            also = _ALSO_VERB_RE.match(seg, w.end())  # 组织、协调公安、水利等部门: a second verb before the organs
            start = also.end() if also else w.end()
            partner = _partners(seg[start:], acting=True)
            if partner and not partner.startswith("有关"):  # 责成有关地方人民政府…: an order to whichever (slice i)
                _add_all(out, clause_id, partner, "duty", at + start)
        for w in re.finditer(r"会同", seg):  # X会同Y、Z V: the partners are co (FORMAT's 会同 rule)
            partner = _partners(seg[w.end():])
            if partner:
                _add_all(out, clause_id, partner, "co", at + w.end())
            same = re.match(r"同级(?!有关|相关|其他)", partner or "")  # 会同同级工会 / 同级财政、税务部门: the partner's level
            for unit in split_subject(partner[same.end():]) if same and not split_subject(partner) else []:
                out.setdefault("同级" + unit, Responsibility(clause_id=clause_id, unit="同级" + unit, role="co", raw=partner,
                                                            start=at + w.end(), end=at + w.end() + len(partner)))
        for b in _BY_RE.finditer(seg):
            x = _by_agent(seg, b)
            if x:  # 由X会同Y确定: X leads (FORMAT's 会同 rule)
                role = "lead" if seg[b.start("x") + len(x):].startswith("会同") else "duty"
                _add_all(out, clause_id, x, role, at + b.start("x"))
    for m in _SET_UP_RE.finditer(text):  # 设立X，负责…: the body set up holds the duty
        y = m.group("y")
        setter = re.split(r"[。；;\n，,]", text[: m.start()])[-1]
        setter = re.sub(r"(?:应当|应|可以|必须|须|依法|根据需要|按照规定|还|并|均)+$", "", _LABEL_RE.sub("", setter))
        if setter and head_kind(_core(setter)) == "regulated" or text.startswith("本单位", m.end()):
            continue  # 企业应当设立安全生产管理机构，负责本单位…: a party's own body
        if _is_name(y) and head_kind(_core(y)) == "organ":
            _add_all(out, clause_id, y, "duty", m.start("y"))
    return sorted(out.values(), key=lambda r: r.start)


def _own_subject(clause: str) -> bool:
    """Whether ``clause`` (what follows a time clause) opens with a subject of its own, organ or party, before its first
    duty marker (…时，提请机关的正职领导人应当…; …时，公民和组织依法…), not with an adverbial (…时，对…，可以…)."""
    clause = re.match(r"[^，,。；;：:]*", clause).group(0)
    heads = load_heads()
    if re.match(r"(?:对|在|经(?!济|营|贸|信)|依照|依据|根据|按照|按|为|因|除|如|若|从|向|将|把|以)", clause):
        return False  # 对…, 经…, 按照…: an adverbial
    return any(heads.markers.match(clause, p) and head_kind(_core(clause[:p])) is not None
               for p in range(2, min(len(clause), 41)))


def _partners(rest: str, acting: bool = False) -> str | None:
    """The organs named right after 会同 (or 组织 / 委托 …, ``acting``): up to the verb, or the whole rest of the clause
    when it is a name; an acting partner whose verb opens a relative clause (委托X编制名册中的…机构) is none."""
    found = _subject(rest)
    if found:
        after = rest[len(found):]  # 会同…等部门拟定的《…》: the drafters; 委托X编制名册中的…: X describes
        return None if _TITLE_MODIFIER_RE.match(after) or (acting and _BY_MODIFIER_RE.match(after)) else found
    if acting and not re.search(r"(?:部门|机关|政府|办事处)$", _core(rest)):
        return None  # 组织调查委员会，…: a body set up, not organs set to work
    return rest if rest and head_kind(_core(rest)) == "organ" and _is_name(rest) else None


def _subject(seg: str) -> str | None:
    """The noun phrase that opens ``seg`` and stands before a duty marker, if its head is an organ's."""
    heads = load_heads()
    for p in range(2, min(len(seg), 121)):
        if not heads.markers.match(seg, p):
            continue
        core = _core(seg[:p])  # 省人民政府及其有关部门, 教育行政部门和各类教育机构: the organs the list names
        kind = head_kind(core)
        if kind == "regulated":
            return None  # the sentence addresses a regulated party
        if kind == "organ" or (kind is None and national_organ(core)):
            return seg[:p] if _is_name(seg[:p]) else None
    return None


def _core(phrase: str) -> str:
    """``phrase`` as its head is read: no brackets, no closing 等…团体 / 和单位, no closing vague or regulated items
    (省人民政府及其有关部门 → 省人民政府; 燃气主管部门以及有关部门和单位 → 燃气主管部门), the head a closing 其他…
    item carries given to the list (教育、科技和其他行政主管部门 → 教育、科技行政主管部门)."""
    phrase = _BODIES_TAIL_RE.sub("", _ETC_TAIL_RE.sub("", phrase))
    other = _OTHER_TAIL_RE.search(phrase)
    if other and _HEADISH_RE.fullmatch(other.group("head")):
        phrase = phrase[: other.start()] + other.group("head")
    return _BRACKETS_RE.sub("", _trim_tail(phrase))


def _trim_tail(phrase: str) -> str:
    """Drop the list's closing items that name no organ (有关部门, 其所属部门, 有关单位, 各类教育机构), never persons."""
    while True:
        cut = _last_item(phrase)
        if cut is None:
            return phrase
        item = cut[1]
        kind = head_kind(_BRACKETS_RE.sub("", item))  # a name (有关部门, 有关单位), not 其他部门进行 (a verb after it)
        vague = kind and (item.startswith(load_heads().vague) or item.startswith("其") or _VAGUE_BODY_RE.match(item))
        if _PERSON_RE.search(item) or not (vague or kind == "regulated"):
            return phrase
        phrase = phrase[: cut[0]]


def _last_item(phrase: str) -> tuple[int, str] | None:
    """(where the last separator outside brackets starts, the item after it), or None for a single item."""
    depth, last, i = 0, None, 0
    while i < len(phrase):
        depth += phrase[i] in "（("
        depth -= phrase[i] in "）)"
        m = _LIST_RE.match(phrase, i) if depth == 0 else None
        if m and m.end() > m.start() and not _ATOMIC_RE.search(phrase[max(0, i - 4): i + 5]):
            last, i = (i, m.end()), m.end()
            continue
        i += 1
    return (last[0], phrase[last[1]:]) if last else None


def _by_agent(seg: str, b: re.Match[str]) -> str | None:
    """X in 由X负责 / 批准 / 查处…: the longest prefix of what follows 由 ending in an organ head and followed by a verb."""
    rest = seg[b.start("x"):]
    heads = load_heads()
    for p in range(min(len(rest), 40), 1, -1):
        core = _core(rest[:p])  # 由县级以上地方人民政府或者有关部门给予奖励; 本规定由劳动部负责解释 (a national organ by name)
        if heads.by.match(rest, p) and not _BY_MODIFIER_RE.match(rest, p) and _is_name(rest[:p]) \
                and (head_kind(core) == "organ" or (head_kind(core) is None and national_organ(core))):
            if rest.startswith(("协商", "联合"), p) and _PARTY_INSIDE_RE.search(rest[:p]):
                return None  # 由建设单位与道路管理部门…协商一致: a party and its counterpart, not organs charged
            return rest[:p]
    first = re.match(r"[^、和及或]{2,30}?(?=或者|或|和|及|、)", rest)  # 由市出版主管部门或者其所属的…机构负责: the first one
    verb = heads.by.search(rest, first.end()) if first else None
    modifier = re.compile(r"[\u4e00-\u9fff]{0,2}?的").match(rest, verb.end()) if verb else None  # 划定的, not 制定相应的
    if modifier and not re.match(r"[^，,。；;：:]*?(?:部门|机关|机构|政府)", rest[modifier.end():]):
        return None  # 由双方人民政府或者双方的上级人民政府明确划定的…界线 describes the noun (not …确定的部门负责)
    if first and verb and head_kind(_BRACKETS_RE.sub("", first.group(0))) == "organ" \
            and _is_name(first.group(0)) and not _PARTY_INSIDE_RE.search(first.group(0)):
        return first.group(0)
    return None


def _is_name(phrase: str) -> bool:
    if not phrase or len(phrase) > (120 if "、" in phrase else 40):
        return False
    superior = re.search(r"的(?:上级|上一级)(?:人民)?政府$", phrase)
    if superior and head_kind(phrase[: superior.start()]) == "regulated":
        return False  # 企业的上级人民政府: a party's, not a relation between governments (争议双方的上级人民政府)
    plain = _PLAIN_DE_RE.sub("", phrase)
    owned = _OWNED_RE.fullmatch(plain)
    if owned and head_kind(_core(owned.group("a"))) == "organ" and head_kind(_core(owned.group("b"))) == "organ":
        plain = owned.group("a") + owned.group("b")  # an organ's body, not a relative clause
    return not _NOT_NAME_RE.search(plain) and not (
        plain.startswith(load_heads().predicate) or (plain.startswith("组织") and not plain.startswith("组织部")))


def split_subject(phrase: str) -> list[str]:
    """"A、B和C部门" → the units it names: each item with its own head, or the last item's; a list closed by 等…部门
    gives each item 部门; bare levels share the last item's body (市和区、县禁毒委员会); a level the first item opens
    with is shared by items without one; vague or headless items are dropped."""
    heads = load_heads()
    phrase = _ETC_TAIL_RE.sub("", _NOTE_RE.sub("", phrase))
    phrase = re.sub(r"^本(?=[省市县区](?!场))", "", phrase)  # 本市各级人民法院 = 市各级人民法院 (as the holder grammar reads it)
    phrase = re.sub(r"^(当地|本级|上一级|上级|各级|地方各级)政府", r"\1人民政府", phrase)
    phrase = re.sub(r"(?<=政府)的(?=[\u4e00-\u9fff])", "", phrase)  # 县级以上人民政府的计划、规划…部门
    phrase = re.sub(r"(?<=部门)[（(](?:机构|单位)[）)]$", "", _BODIES_TAIL_RE.sub("", phrase))  # 等部门（机构）
    other = _OTHER_TAIL_RE.search(phrase)
    if other and _HEADISH_RE.fullmatch(other.group("head")):
        phrase = phrase[: other.start()]  # 教育、科技、卫生和其他行政主管部门: the sectors take 行政主管部门
    else:
        other = None
    phrase = _trim_tail(phrase)
    etc = _ETC_RE.search(phrase)
    shared = other.group("head") if other else ""
    if etc:  # 海关、商务等有关政府部门 → 海关, 商务部门
        shared = re.sub(r"^(?:有关|相关)?(?:政府)?", "", phrase[etc.end():]) if etc.end() < len(phrase) else ""
        shared = shared if shared in ("部门", "机构", "机关", "行政部门", "主管部门") else "部门"
        phrase = phrase[: etc.start()]
    items = [p for p in _split(phrase) if p]
    if etc and any(_LEVEL_ONLY_RE.match(p) for p in items):
        return []  # 市和区县（自治县）公安、工商…等有关部门: levels over a list of sectors (the holder grammar's)
    if not items or (not etc and _vague(items[-1])):
        return []  # 市、县人民政府有关部门: 有关部门 closing the list is vague
    if not etc:
        body = _LEVEL_HEAD_RE.match(items[-1])
        if any(_level_only(p) for p in items[:-1]):
            places = all(p in divisions().full for p in items[:-1])
            body = body or (re.match(r"^.{2,8}?[市县区](?=人民政府|政府)", items[-1]) if places else None)
            if not body or not all(_level_only(p) for p in items[:-1]):
                return []
            items = [p + items[-1][body.end():] for p in items[:-1]] + items[-1:]  # 市和区、县禁毒委员会
    domains = sector_domains()
    inner = [_INNER_ETC_RE.sub("", p) for p in items]  # 海关、海事等部门和乡（镇）人民政府: 等 closes the first list
    if inner != items:
        items, etc, shared = inner, True, shared
    heads_after = [""] * len(items)  # a headless item takes the head of the next item that has one
    for i in range(len(items) - 1, -1, -1):
        heads_after[i] = _head_word(items[i]) or (heads_after[i + 1] if i + 1 < len(items) else "")
    last_head = shared or _head_word(items[-1])
    # 乡（镇）人民政府、城市街道办事处: a government does not lend its level, unless the level is a generic one
    # (县级以上地方各级人民政府、监察委员会、人民法院 → 县级以上地方各级 for each)
    level = _GENERIC_LEVEL_RE.match(items[0]) if re.search(r"政府$", items[0]) else _OPEN_LEVEL_RE.match(items[0])
    if not etc and "、" not in phrase and any(head_kind(_BRACKETS_RE.sub("", p)) is None and not national_organ(p)
                       and (_OPEN_LEVEL_RE.sub("", p) if i == 0 else p) not in domains and len(_OPEN_LEVEL_RE.sub("", p)) <= 4
                       for i, p in enumerate(items[:-1])):
        items = [phrase]  # 城镇容貌和环境卫生行政主管部门: an item that is no known sector, so no list: one name
    out = []
    for i, item in enumerate(items):
        name = item
        if head_kind(_BRACKETS_RE.sub("", name)) is None and not national_organ(name):
            bare = name[level.end():] if i == 0 and level else name
            closed = bool(etc or other)  # 其他…部门 lends its head to sectors only (人民政府或者有关部门: no 人民政府部门)
            if not last_head or (i == len(items) - 1 and not closed) or (bare not in domains and not etc) or len(bare) > 10:
                continue  # only a sector shares the last item's head (财政、发展改革部门); 收容、救助部门 is prose
            name = name + (shared or heads_after[i] or last_head)
        if i and level and not _OPEN_LEVEL_RE.match(name) and not national_organ(name) \
                and not (re.search(r"政府$", items[0]) and re.search(r"(?:部门|机关|机构)$", name)) \
                and not _PLACE_GOV_RE.match(name):  # 省自然资源主管部门和青岛市人民政府: 青岛 names its own level
            # a government's generic level goes to the state organs beside it (监察委员会、人民法院), not to a department:
            # 县级以上人民政府或人事行政部门 → 人事行政部门; 县级以上人民政府和军事机关 → 军事机关
            name = level.group(0) + name
        bare_name = _LEVEL_PREFIX_RE.sub("", name)
        if _vague(name) or _vague(bare_name) or bare_name in heads.generic or bare_name.endswith(heads.roles):
            continue
        if name == "工会" and i and head_kind(items[i - 1]) == "regulated":
            continue  # 企事业单位和工会: the party's own union (not 有关学校、科学技术协会)
        if head_kind(_BRACKETS_RE.sub("", name)) == "organ" or national_organ(name):
            out.append(re.sub(r"管委会$", "管理委员会", name))  # the usual short form
    return out


def _level_only(item: str) -> bool:
    """市, 县（市）区, or a division's name (偃师市, 孟津县): a level that a list shares the body with."""
    return bool(_LEVEL_ONLY_RE.match(item)) or item in divisions().full


def _vague(name: str) -> bool:
    if _CONCERNED_GOV_RE.match(name):
        return False  # 有关省、自治区、直辖市人民政府: the governments of the places concerned, at a named level
    return name.startswith(load_heads().vague) or bool(re.search(r"有关|相关|其他|其它", name)) or bool(
        _VAGUE_BODY_RE.match(name))


_CONCERNED_GOV_RE = re.compile(r"^有关的?(?:县级以上)?(?:地方|省、自治区、直辖市|设区的市|省|市|县)(?:各级)?人民政府$")


def _split(phrase: str) -> list[str]:
    """Split a list outside brackets, keeping "文化和旅游" (one sector) whole."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(phrase):
        c = phrase[i]
        depth += c in "（("
        depth -= c in "）)"
        m = _LIST_RE.match(phrase, i) if depth == 0 else None
        if m and _ATOMIC_RE.search(phrase[max(0, i - 4): i + 5]):
            m = None  # 省、自治区、直辖市人民政府: one level
        if m and m.group(0) == "与" and head_kind(_BRACKETS_RE.sub("", phrase[start:i])) is None:
            m = None  # 水利与渔业部门: one sector; 司法行政部门与公安机关: two holders
        if m and m.end() > m.start() and not _one_sector(phrase, m):
            parts.append(phrase[start:i])
            start = i = m.end()
            continue
        i += 1
    parts.append(phrase[start:])
    return parts


def _one_sector(phrase: str, m: re.Match[str]) -> bool:
    if m.group(0) == "、":
        return False
    a = re.search(r"[\u4e00-\u9fff]{2,4}$", phrase[: m.start()])
    b = re.match(r"[\u4e00-\u9fff]{2,4}", phrase[m.end():])
    domains = sector_domains()
    return bool(a and b and any(a.group(0)[-k:] + m.group(0) + b.group(0)[:j] in domains
                                for k in (2, 3, 4) for j in (2, 3, 4)))


def _head_word(item: str) -> str:
    """The organ head ``item`` ends with, as shared by a list: 主管部门, 部门, 机构 …; "" when none."""
    heads = load_heads()
    for n in range(min(len(item), 6), 0, -1):
        if item[-n:] in heads.regulated:
            return ""
        if item[-n:] in heads.organ:
            return item[-n:]
    return ""


def _add_all(out: dict[str, Responsibility], clause_id: str, phrase: str, role: str, at: int) -> None:
    for unit in split_subject(phrase):
        if unit not in out:
            out[unit] = Responsibility(clause_id=clause_id, unit=unit, role=role, raw=phrase, start=at,
                                       end=at + len(phrase))
