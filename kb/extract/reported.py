"""Figures a text reports or describes rather than sets, and dates: not indicators.

A policy text sets quantities (targets, standards, limits); a report it forwards also tells what happened
("1995年我国共发生5级以上地震48次", "共造成365人死亡…直接经济损失约46亿元"), dates events ("1月8日至12日召开"),
names decades ("自80年代后期以来") and spans of the past ("抗日战争胜利50多年来"), places a site ("位于…村北1500米"),
and counts the items of a list it has just given ("从抗震设防标准、抗震设计和施工质量三个环节上"). Pure functions over one clause's text.
"""

from __future__ import annotations

import re

# what a sentence reporting past events says: 共发生 / 又发生了 / 造成…死亡 / 直接经济损失 / 据初步统计
_REPORT_RE = re.compile(
    r"(?:共|又|已|相继|先后|曾)发生|发生了|共造成|造成[^，,。；;]{0,20}?(?:死亡|伤亡|受伤|重伤|损失)|\d人(?:死亡|受伤|重伤)"
    r"|直接经济损失|据(?:初步)?统计"
)
# what a sentence setting a quantity says: a modal, a target or a bound; such a sentence is never a report
_NORM_RE = re.compile(
    r"应当|应(?!急)|要(?!求)|必须|须|不得|力争|确保|争取|目标|控制在|(?:下降|降低|提高|提升|增加|减少)到|达到|不低于|不高于"
    r"|不超过|不少于|至少|以内|以下"
)
# a site's position: "位于连霍高速公路洛阳服务区东约100米", "位于偃师市城关镇后杜楼村北1500米"
_LOCATION_RE = re.compile(r"位于[^，,。；;]{0,36}?[东南西北](?:侧|面|方向?)?(?:约|大约)?$")
_SENTENCE_STOPS = "。；;！？!?\n"
_TIME_OF_DAY_RE = re.compile(r"(?:晚上?|早上?|上午|下午|中午|凌晨|夜间?)?\d{1,2}(?:时|点)")
_DATE_RANGE_RE = re.compile(r"\d{1,2}日(?:至|到|—|－|-|～|~)$")
_LIST_BEFORE_RE = re.compile(r"、[^，,。；;：:、]{1,12}[和及与][^，,。；;：:、\d]{1,12}$")


def _sentence(text: str, start: int, end: int) -> str:
    a = max((text.rfind(c, 0, start) for c in _SENTENCE_STOPS), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_STOPS) if i >= 0]
    return text[a:min(ends) if ends else len(text)]


def is_reported(text: str, start: int, end: int, unit: str) -> bool:
    """True for a figure at ``text[start:end]`` that the text reports or describes, not one it sets.

    Args:
        text: the clause text (numerals may be masked, offsets as in the original).
        start: where the figure's number starts.
        end: where its unit ends.
        unit: its unit as printed (年, 日, 次, 个 …).
    """
    after = text[end:end + 2]
    if unit == "年" and after.startswith("代"):  # 80年代
        return True
    if unit in ("年", "个月", "天", "日") and re.match(r"(?:多|余)?(?:年)?(?:以)?来", text[end:end + 3]):
        return True  # 50多年来, 18年来: a span of the past
    if unit in ("日", "天") and re.search(r"月$", text[max(0, start - 3):start]):
        return True  # 5月31日: a date
    if unit in ("日", "号") and _DATE_RANGE_RE.search(text[max(0, start - 4):start]):
        return True  # 1月7日至11日
    if unit in ("日", "号") and (_TIME_OF_DAY_RE.match(text, end) or re.search(r"[日号][、和]$", text[max(0, start - 2):start])):
        return True  # 12月18日晚8时40分和19日晚8时35分, 2003年12月18日、19日: dates
    if unit in ("个", "项", "类", "种", "方面") and _LIST_BEFORE_RE.search(text[max(0, start - 40):start]):
        return True  # 抗震设防标准、抗震设计和施工质量三个环节
    if unit in ("米", "公里", "千米", "km", "m") and _LOCATION_RE.search(text[max(0, start - 40):start]):
        return True  # 位于…村北1500米: where a site is, not a set distance
    sentence = _sentence(text, start, end)
    return bool(_REPORT_RE.search(sentence)) and not _NORM_RE.search(sentence)


def is_set_span(text: str, start: int, end: int) -> bool:
    """A span counted back from an event ("届满三十日前", "试鸣的五日以前") or a term the text sets ("有效期为一年"): a
    figure even in Chinese numerals without a bound."""
    return text[end:end + 1] == "前" or text[end:end + 2] in ("以前", "之前") or bool(
        re.search(r"(?:期|期限)为$", text[max(0, start - 4):start]))


# the title of an annexed report ("附件1 关于…地质险情调研情况的报告", "附件2 …地质险情调查意见") or a report's section
# heading ("一、基本情况", "二、地质险情成因分析", "三、处理情况"): what follows tells what is, not what is to be
_REPORT_TITLE_RE = re.compile(r"(?:调研|调查)?情况的?(?:报告|汇报)$|调查(?:专家组)?意见$|调研报告$|调查报告$")
_REPORT_HEADING_RE = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、\s*(?:基本情况|[\u4e00-\u9fff]{0,8}成因分析|处理情况|现状)\s*$")


def is_report(number: str, text: str) -> bool:
    """True for an annexed report (its title lines under 附件N) or a report's section heading (一、基本情况)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if number.startswith("附件"):
        return any(_REPORT_TITLE_RE.search(ln) for ln in lines[1:4])
    return bool(lines) and bool(_REPORT_HEADING_RE.match(lines[0]))


def sets_figure(text: str, start: int, end: int) -> bool:
    """True when the sentence of ``text[start:end]`` sets a quantity (a modal, a target, a bound)."""
    return bool(_NORM_RE.search(_sentence(text, start, end)))

