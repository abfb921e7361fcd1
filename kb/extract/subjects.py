"""Subjects: the organs that open a sentence or an item and are given its task.

"（5）铁道部、交通部负责…" → [[铁道部, 交通部]]; "国家发展改革委和科技部要适时督促检查…"; a heading that names a body's
duties ("2.1.1国家粮食应急工作指挥部职责"). Only names that are organs by themselves count (a national organ, a
region-prefixed body, a level's government, a temporary body such as 指挥部 / 联席会议); vague subjects (各有关部门,
各地区) and prose are not units.
"""

from __future__ import annotations

import re

from kb.extract.organs import is_vague, national_organ
from kb.extract.unitnames import (
    BAD_CHARS_RE,
    GENERIC_GOV_RE,
    GENERIC_RE,
    NOT_ORGAN_RE,
    PREFIX_RE,
    fullwidth_brackets,
    is_unit_name,
    load_lexicon,
    normalize_unit,
    protect_groups,
)
from kb.places import divisions

_LABEL = r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:\.\d{1,2}){0,3}\.?(?![\d年月日%％])|[一二三四五六七八九十]{1,3}、)"
# verbs a subject organ is given its task with; 应 not in 应急, 组织 not in a name
_SUBJECT_VERB = (
    r"(?:要|应当|应(?!急)|必须|负责|牵头|抓总|会同|依法|立即|按照|根据|及时|统筹|切实|组织|指导|接到|承担|负总责"
    r"|将|于|在(?=[^，,。；;]{2,30}?时)|适时|定期|每年|完成|推行|印发|建立|制定|出台|发布|开展|做好|研究|推进|推动|提出|修订|编制|公布|部署|启动"
    r"|督促|监督|审核|认定|汇总|会商|落实|设在|对(?=[^，,。；;]{0,40}(?:负(?:总)?责(?!的)|进行|开展|实施))"
    r"|(?:是|为)(?=[^，,。；;]{0,30}(?:责任主体|主管(?:单位|部门|机关)|牵头(?:单位|部门))))"
)
# a time phrase before the subject: "2019年3月底前，国家卫生健康委推行…", "3月底前国家卫生健康委完成…", "2020年起，"
_TIME = (r"(?:(?:(?:19|20)\d{2}年)?\d{1,2}月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?|(?:19|20)\d{2}年(?:底|末)?)"
         r"(?:之?前|以前|起|以来|以后|后|内)?[，,]?")
_SUBJECT_RE = re.compile(
    rf"(?:^\s*{_LABEL}?|(?<=[。；;\n])\s*{_LABEL}?|(?<=[，,]))\s*(?:{_TIME})?"
    rf"(?P<holder>[^，,。；;：:\n“”《》]{{2,60}}?)(?={_SUBJECT_VERB})"
)
# a heading that names a body's duties: "2.1.1国家粮食应急工作指挥部职责", "…办公室及其职责"
_DUTY_HEADING_RE = re.compile(rf"^\s*{_LABEL}?\s*(?P<holder>[^，,。；;：:\n]{{2,40}}?)(?:及其|的)?(?:主要)?职责\s*(?:\n|$)")
_SUBJECT_SPLIT_RE = re.compile(r"[、和及]")
_EACH_GOV_RE = re.compile(r"^各(?:省|市|县|区|地|州)[^，,。]{0,10}?(?:人民)?政府$")
# temporary bodies a document sets up (指挥部, 领导小组, 联席会议, 工作小组 and their 办公室): units by their form
_AD_HOC_RE = re.compile(
    r"^(?:国家|国务院|省级|市级|县级|[省市县]|[\u4e00-\u9fff]{2,10}?(?:省|市|县|区))?[\u4e00-\u9fff]{2,24}?"
    r"(?:指挥部|领导小组|工作小组|协调小组|联席会议|委员会|采购办公室)(?:办公室)?$"
    # the short name a document gives such a body (联席会议办公室), resolved to its full name document-wide
    r"|^(?:联席会议|领导小组|工作小组|试点工作小组|指挥部)(?:办公室)?$"
)
_LEVEL_GOV_RE = re.compile(
    r"^(?:各)?(?:省级|市级|县级|地市级|县级以上|省、自治区、直辖市|省（区、市）)(?:地方)?(?:人民)?政府(?:办公厅（室）|办公厅|办公室)?$"
    r"|^(?:地方)?各级(?:人民)?政府(?:办公厅（室）|办公厅|办公室)$"  # 各级政府 is vague, 地方各级人民政府办公厅（室） is not
)
# a generic holder named by its level and domain: 省级粮食行政管理部门, 县级以上人民政府教育主管部门
_LEVEL_BODY_RE = re.compile(
    r"^(?:各级|各省级|省级|市级|县级|地市级|县级以上)(?:地方)?(?:人民政府)?(?:(?!有关|相关|政府)[\u4e00-\u9fff]){2,12}?"
    r"(?:行政管理部门|行政主管部门|主管部门|行政部门|部门)$"
)
# the government of the place a zone lies in: 地震重点监视防御区所在地人民政府
_SEAT_GOV_RE = re.compile(r"^[\u4e00-\u9fff]{2,12}所在地(?:人民)?政府$")
_NOT_SUBJECT_RE = re.compile(r"^(?:鼓励|支持|推动|引导|要求|督促|推进|加强|由|请|各类|所有|对|向|经|在|将)")
# separators inside the name of a level: 各省、自治区、直辖市人民政府, 省（区、市）
_LEVEL_LIST_RE = re.compile(r"省、自治区、直辖市|省（区、市）|省\(区、市\)")


def is_subject_organ(name: str) -> bool:
    """A subject that is an organ by itself: a national organ, a region-prefixed body, a level's government,
    a temporary body (国家粮食应急工作指挥部) or a holder such as 试点城市政府; never a vague one."""
    if NOT_ORGAN_RE.search(name):
        return False
    if national_organ(name, True) or _LEVEL_GOV_RE.match(name) or _EACH_GOV_RE.match(name) or _SEAT_GOV_RE.match(name):
        return True
    if name.startswith("各") and GENERIC_GOV_RE.match(name[1:]) and not name.startswith("各地方"):  # 各试点城市政府
        return True
    if _LEVEL_BODY_RE.match(name) and not is_vague(name):
        return True
    if is_vague(name) or GENERIC_RE.match(name) or _NOT_SUBJECT_RE.match(name):
        return False
    if BAD_CHARS_RE.search(name) or re.search(r"[的是在对向经由]|可以|授权|应当|提请|决定", name):
        return False
    if GENERIC_GOV_RE.match(name) and not name.startswith("地方"):
        return True
    if _AD_HOC_RE.match(name):
        return True
    lex = load_lexicon()
    place = divisions().full_re.match(name)
    if place and (name[place.end():] in lex.bodies or name[place.end():] in lex.aliases):  # 西藏自治区人民政府
        return True
    if is_unit_name(name):
        body = PREFIX_RE.sub("", name)
        return bool(PREFIX_RE.match(name)) and (body in lex.bodies or body in lex.aliases)
    return False


def holder_names(text: str, holder: str, start: int) -> list[tuple[str, str, int, int]]:
    """The organs of one subject phrase ("国家发展改革委及国家粮食局、商务部", "科技部、工业和信息化部等部门"), [] unless
    every part is one; a vague member of a list ("…和相关科技项目管理部门") is left out."""
    holder = re.sub(r"及其(?:有关|相关|所属)?(?:部门|单位)$", lambda m: " " * len(m.group(0)), holder)  # X及其有关部门
    holder = re.sub(r"等(?:有关|相关)?(?:部门|单位)(?:和单位)?$", lambda m: " " * len(m.group(0)), holder)  # X、Y等有关部门
    masked = protect_groups(holder)
    for m in _LEVEL_LIST_RE.finditer(holder):
        masked = masked[: m.start()] + m.group(0).replace("、", "\x00") + masked[m.end() :]
    parts: list[tuple[str, int]] = []  # (part, offset in holder): 、 first; 和 / 及 / 或（者） only inside a part no organ
    for piece, at in _split_at(holder, masked, "、"):
        whole = fullwidth_brackets(piece.strip())
        if not re.search("[和及或]", whole) or _LEVELS_BODY_RE.match(whole) or "或" not in whole and is_subject_organ(
                whole) and not (_AD_HOC_RE.match(whole) or _LEVEL_BODY_RE.match(whole)):  # 工业和信息化部: 和 in a name
            parts.append((piece, at))
        else:
            parts += [(p, at + q) for p, q in _split_at(piece, masked[at:at + len(piece)], "和及或")]
    names: list[tuple[str, str, int, int]] = []
    for part, at in parts:
        part = re.sub(r"^者", "", part.strip())  # 或者
        name = fullwidth_brackets(part.strip())
        if name.startswith(("有关", "相关")) and is_subject_organ(name[2:]):  # 有关省级粮食应急工作指挥部
            part, name = part.strip()[2:], name[2:]
        if (is_vague(name) or _VAGUE_MEMBER_RE.match(name)) and len(parts) > 1:
            continue
        shared = _LEVELS_BODY_RE.match(name)  # "国家或省级粮食应急工作指挥部": one body at each level
        levels = re.split("[或和、]", shared.group("levels")) if shared else []
        if shared and all(is_subject_organ(lv + shared.group("body")) for lv in levels):
            pos = text.find(part, start + at)
            names += [(lv + shared.group("body"), part, pos, pos + len(part)) for lv in levels]
            continue
        if not is_subject_organ(name):
            return []
        pos = text.find(part, start + at)
        name = name[1:] if name.startswith("各") and GENERIC_GOV_RE.match(name[1:]) else name
        names.append((normalize_unit(name), part, pos, pos + len(part)))
    return names


_LEVELS_BODY_RE = re.compile(r"^(?P<levels>(?:国家|省级|市级|县级)(?:[或和、](?:国家|省级|市级|县级))+)(?P<body>[\u4e00-\u9fff]{2,30})$")
_VAGUE_MEMBER_RE = re.compile(r"^(?:相关|有关|其他)[\u4e00-\u9fff]{0,10}(?:部门|单位|机构)$")


def _split_at(text: str, masked: str, seps: str) -> list[tuple[str, int]]:
    """``text`` cut at the separators ``masked`` shows (a separator inside brackets or a group is masked)."""
    out, a = [], 0
    for i, ch in enumerate(masked + seps[0]):
        if ch in seps:
            if text[a:i].strip():
                out.append((text[a:i], a))
            a = i + 1
    return out


_MODIFIER_VERB_RE = re.compile(r"(?:发布|印发|制定|批准|出台|公布|修订)的")


def subject_groups(text: str) -> list[list[tuple[str, str, int, int]]]:
    """Named organs that open a sentence (or an item, after its number) and are given its task, one list per
    sentence: "（5）铁道部、交通部负责…" → [[铁道部, 交通部]]; "国家发展改革委和科技部要适时督促检查…".

    Only names that are organs by themselves count (a national organ, a region-prefixed body, a temporary body,
    a holder such as 试点城市政府); vague subjects (各有关部门, 各地区) and prose are not units. A heading that
    names a body's duties ("2.1.1国家粮食应急工作指挥部职责") makes that body the subject.
    """
    out: list[list[tuple[str, str, int, int]]] = []
    m = _DUTY_HEADING_RE.match(text)
    if m:
        names = holder_names(text, m.group("holder"), m.start("holder"))
        if names:
            out.append(names)
    found = [holder_names(text, m.group("holder"), m.start("holder")) for m in _SUBJECT_RE.finditer(text)
             if not _MODIFIER_VERB_RE.match(text, m.end())  # "…国务院发布的《…》": a modifier, not a subject
             and not _done(text, m.start("holder"))]
    for names in found + _asked(text) + _especially(text):
        if names and [n[0] for n in names] not in ([n[0] for n in g] for g in out):
            out.append(names)
    return out


# a sentence that reports what was done ("巴东县人民政府已委托…进行了地质勘查", "…目前已将…居民进行了搬迁"): no task
_DONE_RE = re.compile(r"(?:已经?|目前已|业已)[^。；;\n]{0,60}?了")
_TASK_WORD_RE = re.compile(r"要(?!求)|应当|应(?!急)|必须|须|将(?!其|之|[^。；;\n]{0,40}?了)")


def _done(text: str, start: int) -> bool:
    """True when the sentence a subject at ``start`` opens reports a completed act and sets no task."""
    ends = [i for i in (text.find(c, start) for c in "。；;\n：:") if i >= 0]  # "X研究提出了办理意见：…" is X's answer
    sentence = text[start:min(ends) if ends else len(text)]
    return bool(_DONE_RE.search(sentence)) and not _TASK_WORD_RE.search(sentence)


# "各地区、各部门特别是地震重点监视防御区所在地人民政府，要…": a subject narrowed by 特别是
_ESPECIALLY_RE = re.compile(
    rf"(?:^|(?<=[。；;\n，,]))\s*{_LABEL}?\s*(?P<a>[^，,。；;：:\n“”《》]{{2,40}}?)[，,]?特别是(?P<b>[^，,。；;：:\n“”《》]{{2,40}}?)"
    r"[，,]?也?(?=要|应当|应(?!急)|必须)"
)


def _especially(text: str) -> list[list[tuple[str, str, int, int]]]:
    """"A，特别是B，要…": A is the holder when it is an organ (a list of levels takes B's 人民政府: "各省、自治区、直辖市，
    特别是…所在地人民政府" → 各省、自治区、直辖市人民政府); a vague A (各地区、各部门, 地方各级人民政府) leaves B, when
    B is an organ ("地震重点监视防御区所在地的人民政府" → …所在地人民政府)."""
    out = []
    for m in _ESPECIALLY_RE.finditer(text):
        a, b = m.group("a"), m.group("b")
        names = holder_names(text, a, m.start("a"))
        if not names and _LEVEL_LIST_RE.search(a) and b.endswith("人民政府") and is_subject_organ(a + "人民政府"):
            names = [(a + "人民政府", m.group(0).strip(), m.start("a"), m.end("b"))]
        if not names:
            b_name = re.sub(r"的(?=(?:人民)?政府$)", "", b)
            if is_subject_organ(b_name):
                names = [(b_name, b, m.start("b"), m.end("b"))]
        if names:
            out.append(names)
    return out


_PLEASE_RE = re.compile(r"(?:^|(?<=[。；;，,\n]))\s*请(?P<rest>[^，,。；;：:\n“”《》]{2,60})")


def _asked(text: str) -> list[list[tuple[str, str, int, int]]]:
    """"请科技部、工业和信息化部等部门在2019年2月底前完成", "请财政部落实《…》": the organs a notice asks to act, the
    longest list of organs after 请 that a verb follows."""
    out = []
    for m in _PLEASE_RE.finditer(text):
        rest = m.group("rest")
        for k in range(min(len(rest), 40), 1, -1):
            if rest[k:k + 1] in ("的", "、", "和", "及", "等", "") or not "\u4e00" <= rest[k] <= "\u9fff":
                continue
            names = holder_names(text, rest[:k], m.start("rest"))
            if names:
                out.append(names)
                break
    return out


def subject_holders(text: str) -> list[tuple[str, str, int, int]]:
    """Every subject organ of ``subject_groups``, in order."""
    return [u for group in subject_groups(text) for u in group]
