"""What a numbering label looks like: 第X条, 一、, （一）, 1., 1.1, （1）, 1）, ①, 一是, 专栏N, 附件N.

:func:`match_label` reads the label at a line's start; :func:`next_inline` finds one inside a line, only after
a sentence boundary and only when it continues the open sequence. ``kb.ingest.segment`` nests what they find.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CN = "一二三四五六七八九十"
# "－" inside a numeral is a typing slip for 一 ("第三十－条" in a Chongqing regulation).
CN_BIG = "一二三四五六七八九十百千零〇两－"
WS = " \t\u3000\u00a0\r\n"
_SENT_END = "。！？!?；;：:"

# Characters allowed right before a label found inside a line, per family.
_INLINE_BEFORE: dict[str, str] = {
    "part": WS + "。",
    "subpart": WS + "。",
    "chapter": WS + "。",
    "section": WS + "。",
    "article": WS + "。",
    "cn": WS + _SENT_END,
    "pcn": WS + _SENT_END + "，,",
    "ar": WS + _SENT_END,
    "par": WS + _SENT_END + "，,",
    "circ": WS + _SENT_END + "，,、",
    "shi": WS + _SENT_END + "，,",
}

# 附件 / 附表 / 附录, numbered or not.
_RE_ANNEX = re.compile(
    r"附[ \t\u3000\u00a0]*(件|表|录)[ \t\u3000\u00a0]*(\d{1,2}|[一二三四五六七八九十]{1,2})?[ \t\u3000\u00a0]*([:：])?"
)
_RE_BOX = re.compile(r"专栏[ \t\u3000\u00a0]*(\d{1,2}|[一二三四五六七八九十]{1,3})(?![\d年月日%])")
# 第一千二百六十条, 第十七条之一 (an article inserted by an amendment), 第一分编.
_RE_ORDINAL = re.compile(
    rf"第[ \t\u3000\u00a0]*([{CN_BIG}]{{1,9}}|\d{{1,4}})[ \t\u3000\u00a0]*(分编|编|章|部分|节|条)(?:之([{CN}]{{1,3}}))?"
)
_RE_CN = re.compile(rf"([{CN}]{{1,3}})[ \t\u3000\u00a0]*(?:[,，]?、|[.．](?![\d]))")
_RE_PCN = re.compile(rf"[（(][ \t\u3000\u00a0]*([{CN}]{{1,3}})[ \t\u3000\u00a0]*[)）]")
_RE_AR = re.compile(r"(\d{1,3})[ \t\u3000\u00a0]*(?:[.．](?![\d.．%])|、)")
_RE_PAR = re.compile(r"[（(][ \t\u3000\u00a0]*(\d{1,2})[ \t\u3000\u00a0]*[)）]")
# An outline number at the start of a line, then a space and words: "1.2　等级划分", "5.1.2 省级人民政府…".
# Cleaning may have removed the space ("2.1.2国家粮食…"); a unit after it makes it a quantity (1.5万元, 2.5倍).
_RE_DEC = re.compile(
    r"([1-9]\d?(?:[.．]\d{1,2}){1,3})[ \t\u3000\u00a0]*"
    r"(?=[\u4e00-\u9fff])(?![万亿千百十元角个件份人次倍年月日时分秒米吨亩公平立克升张床户家所座项条度])"
)
_RE_AP = re.compile(r"(\d{1,2})[)）]")
_RE_CIRC = re.compile(r"([\u2460-\u2473])")
_RE_SHI = re.compile(rf"([{CN}]{{1,3}})是(?=[^\s，,。、的])")
# After 第X条 these characters make it a cross-reference (第十二条规定的, 第五条第二款).
_REF_AFTER = "规的之所第款项中和及或至、"
_RE_CANDIDATE = re.compile(rf"[附专第（({CN}\d\u2460-\u2473]")
_KIND_ORDINAL = {"编": "part", "分编": "subpart", "章": "chapter", "部分": "chapter", "节": "section", "条": "article"}


def cn_to_int(s: str) -> int:
    """Chinese or Arabic numeral (一, 十二, 二十三, 一百零五, 12) -> int; 0 when unreadable."""
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2, "－": 1})
    total, cur = 0, 0
    for ch in s:
        if ch in digits:
            cur = digits[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "千":
            total += (cur or 1) * 1000
            cur = 0
        else:
            return 0
    return total + cur



@dataclass
class Label:
    family: str
    value: int
    number: str
    start: int
    end: int  # end of the label itself
    body: int  # where the text after the label starts (whitespace skipped)
    reference: bool = False  # 附件：… line in a notice body (a leaf, opens nothing)



def skip_ws(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t\u3000\u00a0":
        pos += 1
    return pos


def match_label(text: str, pos: int, end: int, line_start: bool) -> Label | None:
    """The numbering label at ``pos``, or None. Inline callers check the boundary and sequence."""
    ch = text[pos]
    if ch == "附" and line_start:
        m = _RE_ANNEX.match(text, pos, end)
        if m:
            rest = text[m.end() : end].strip()
            value = cn_to_int(m.group(2)) if m.group(2) else 0
            number = "附" + m.group(1) + (m.group(2) or "")
            reference = bool(m.group(3)) or len(rest) > 40
            return Label("annex", value, number, pos, m.end(), skip_ws(text, m.end(), end), reference)
        return None
    if ch == "专" and line_start:
        m = _RE_BOX.match(text, pos, end)
        if m:
            return Label("box", cn_to_int(m.group(1)), "专栏" + m.group(1), pos, m.end(), skip_ws(text, m.end(), end))
        return None
    if ch == "第":
        m = _RE_ORDINAL.match(text, pos, end)
        if not m:
            return None
        nxt = text[m.end()] if m.end() < end else ""
        if nxt and nxt in _REF_AFTER:
            return None
        value = cn_to_int(m.group(1))
        if value <= 0:
            return None
        number = f"第{m.group(1)}{m.group(2)}" + (f"之{m.group(3)}" if m.group(3) else "")
        return Label(_KIND_ORDINAL[m.group(2)], value, number, pos, m.end(), skip_ws(text, m.end(), end))
    if ch in "（(":
        m = _RE_PCN.match(text, pos, end)
        if m:
            return Label("pcn", cn_to_int(m.group(1)), f"（{m.group(1)}）", pos, m.end(), skip_ws(text, m.end(), end))
        m = _RE_PAR.match(text, pos, end)
        if m:
            value = int(m.group(1))
            return Label("par", value, f"（{value}）", pos, m.end(), skip_ws(text, m.end(), end)) if value else None
        return None
    if ch in CN:
        m = _RE_CN.match(text, pos, end)
        if m:
            value = cn_to_int(m.group(1))
            return Label("cn", value, f"{m.group(1)}、", pos, m.end(), skip_ws(text, m.end(), end)) if value else None
        m = _RE_SHI.match(text, pos, end)
        if m:
            value = cn_to_int(m.group(1))
            return Label("shi", value, f"{m.group(1)}是", pos, m.end(), m.end()) if value else None
        return None
    if ch.isdigit():
        if pos > 0 and text[pos - 1].isdigit():
            return None
        m = _RE_AR.match(text, pos, end)
        if m:
            value = int(m.group(1))
            if 1 <= value <= 200:
                return Label("ar", value, f"{value}.", pos, m.end(), skip_ws(text, m.end(), end))
            return None
        if line_start:
            m = _RE_DEC.match(text, pos, end)
            if m:
                parts = re.split(r"[.．]", m.group(1))
                return Label("dec", int(parts[-1]), m.group(1), pos, m.end(), skip_ws(text, m.end(), end))
            m = _RE_AP.match(text, pos, end)
            if m and int(m.group(1)) >= 1:
                value = int(m.group(1))
                return Label("ap", value, f"{value}）", pos, m.end(), skip_ws(text, m.end(), end))
        return None
    m = _RE_CIRC.match(text, pos, end)
    if m:
        value = ord(m.group(1)) - 0x2460 + 1
        return Label("circ", value, m.group(1), pos, m.end(), skip_ws(text, m.end(), end))
    return None


def next_inline(text: str, pos: int, end: int, open_value: Callable[[str], int | None]) -> Label | None:
    """The next label inside a line after ``pos`` that continues an open sequence.

    ``open_value(family)`` is the value of the innermost open label of that family, None when none is open.
    """
    for m in _RE_CANDIDATE.finditer(text, pos, end):
        i = m.start()
        if i == 0:
            continue
        label = match_label(text, i, end, line_start=False)
        if label is None or label.family not in _INLINE_BEFORE:
            continue
        if text[i - 1] not in _INLINE_BEFORE[label.family]:
            continue
        if label.body >= end:  # a label with nothing after it inside a line is not a label
            continue
        current = open_value(label.family)
        expected = 1 if current is None else current + 1
        if label.value == expected:
            return label
    return None
