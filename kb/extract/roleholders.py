"""Role-defined holders: a body a document names by its function in full once ("社会团体登记管理机关和业务主管部门要…")
and then by the short function name ("登记管理机关、业务主管部门和挂靠单位都要从严把关", "由登记管理机关责令解散").

``role_names`` finds such names document-wide (the full name opens a sentence; the short one is its tail, used bare
elsewhere); ``role_assignments`` reads a clause's sentences whose subject list holds one of them: the sole holder or
由X leads, a member of a joint list is co. The other members (业务主管部门, 挂靠单位) are not organs and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kb.extract.assignments import Assignment

_LABEL = r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\.|[一二三四五六七八九十]{1,3}、)"
# a full functional name opening a sentence: "社会团体登记管理机关和业务主管部门要…"
_FULL_RE = re.compile(
    rf"(?:^|(?<=[。；;\n]))\s*{_LABEL}?\s*(?P<full>[\u4e00-\u9fff]{{6,14}}?机关)(?=和|、|及|要|应|都要|负责)"
)
# what may not open the qualifier of such a name: a level, a place, a national prefix
_LEVEL_START_RE = re.compile(
    r"^(?:国家|国务院|中央|全国|中国|地方|各|本|省|市|县|区|乡|镇|有关|相关|其他|上级|下级|同级|支持|鼓励|推进|发挥|构建|规范|充分|大力)"
)
_VERB = r"(?:都|也|均)?(?:要|应当|应(?!急)|必须|负责|统一|将(?=尽快|抓紧|及时|会同|组织|制定|加强|向))"
# a notice forwarding an organ's report: "国务院办公厅转发国家地震局关于…报告的通知"
_FORWARDED_RE = re.compile(r"转发(?P<org>[\u4e00-\u9fff]{2,20}?)(?:关于|《)")


def self_names(title: str) -> dict[str, str]:
    """{我局: 国家地震局} for a notice that forwards an organ's report: the report calls its author 我局 / 我部 / 我委."""
    m = _FORWARDED_RE.search(title or "")
    org = m.group("org") if m else ""
    if not org or not re.search(r"[局部委署办会院]$", org) or "、" in org:
        return {}
    return {"我" + org[-1]: org}


def role_names(texts: Iterable[str]) -> dict[str, str]:
    """{short name: full name} of the functional holders a document names in full and uses short: the longest tail
    of a full name (at least 4 characters) that the text also writes without the full name's qualifier."""
    texts = list(texts)
    whole = "\n".join(texts)
    out: dict[str, set[str]] = {}
    for text in texts:
        for m in _FULL_RE.finditer(text):
            full = m.group("full")
            for k in range(4, min(9, len(full) - 3)):  # a qualifier of 4+ characters: 社会团体
                qualifier, short = full[:k], full[k:]
                if _LEVEL_START_RE.match(qualifier):
                    break
                bare = [i for i in (x.start() for x in re.finditer(re.escape(short), whole)) if whole[max(0, i - k):i] != qualifier]
                if bare:
                    out.setdefault(short, set()).add(full)
                    break
    return {short: fulls.pop() for short, fulls in out.items() if len(fulls) == 1}


def role_assignments(text: str, names: Iterable[str]) -> list[Assignment]:
    """The assignments of ``text`` whose subject list holds a role-defined name: "由X…" and a sole X lead, X in a list
    of several holders ("X、业务主管部门和挂靠单位都要…") is co."""
    out: list[Assignment] = []
    for name in sorted(set(names), key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if any(a.start <= m.start() < a.end for a in out):
                continue
            if text[max(0, m.start() - 1):m.start()] == "由":
                out.append(Assignment(m.start(), m.end(), leads=[(name, name, m.start(), m.end())]))
                continue
            seg0 = max(text.rfind(c, 0, m.start()) for c in "。；;，,\n：:") + 1
            head = re.match(rf"\s*{_LABEL}?\s*(?:各级)?", text[seg0:m.start() + 1])
            before = text[seg0 + (head.end() if head else 0):m.start()]
            after = re.match(rf"(?P<rest>[\u4e00-\u9fff、和及]{{0,30}}?){_VERB}", text[m.end():])
            if after is None or re.search(r"[^\u4e00-\u9fff、和及]|的|对|在|与", before + after.group("rest")):
                continue
            members = [x for x in re.split(r"[、和及]", before + name + after.group("rest")) if x]
            unit = (name, name, m.start(), m.end())
            out.append(Assignment(m.start(), m.end(), leads=[unit]) if len(members) == 1
                       else Assignment(m.start(), m.end(), cos=[unit]))
    return out
