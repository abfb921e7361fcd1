"""Dates: parse_date, a law's history lines (通过/修正/公布), 施行 and publication dates, the document's date."""

from __future__ import annotations

import re

from kb.ingest.header import head_of, header_lines, text_lines
from kb.models import DocHints

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGIT["零"] = 0
_CN_DIGIT["O"] = 0
DATE_CN = re.compile(
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九O]{4})[ \t\u3000]*年[ \t\u3000]*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,2})[ \t\u3000]*月[ \t\u3000]*(\d{1,2}|[一二三四五六七八九十]{1,3})[ \t\u3000]*日"
)
_DATE_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|发文日期|时间|日期)[ \t\u3000]*[:：]?[ \t\u3000]*((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2})")
_LEGIS_ANY = re.compile(r"通过|批准|修正|修订|公布|发布")
_EFFECTIVE_LINE = re.compile(r"^(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[ \t\u3000]*(?:起)?施行$")
_EFFECTIVE_TEXT = re.compile(r"自[ \t\u3000]*((?:19|20)\d{2}[ \t\u3000]*年[ \t\u3000]*\d{1,2}[ \t\u3000]*月[ \t\u3000]*\d{1,2}[ \t\u3000]*日)[ \t\u3000]*起(?:施行|实施|执行)")
_ISSUED_LINE = re.compile(r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[ \t\u3000]*印发$")


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN_DIGIT for c in s):
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total, cur = 0, 0
    for ch in s:
        if ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
    return total + cur


def _iso(y: int, m: int, d: int) -> str:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1949 <= y <= 2100):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(s: str) -> str:
    """First date in ``s`` as ISO ("2024年4月9日", "二〇二一年四月二日", "2024-04-22 15:56") or ""."""
    m = DATE_CN.search(s)
    if m:
        return _iso(_num(m.group(1)), _num(m.group(2)), _num(m.group(3)))
    m = _DATE_ISO.search(s)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return ""


def legislative_lines(text: str) -> list[str]:
    """A law's history lines: "2020年5月28日 第十三届全国人民代表大会第三次会议通过", "…第一次修正".

    A line broken after an issuer ("1984年1月7日 国务院" then "中央军委发布") is joined with 、."""
    lines: list[str] = []
    for ln in header_lines(text):
        if lines and DATE_CN.match(lines[-1]) and not _LEGIS_ANY.search(lines[-1]) and not DATE_CN.match(ln):
            lines[-1] += "、" + ln
        else:
            lines.append(ln)
    return [ln for ln in lines if DATE_CN.match(ln) and _LEGIS_ANY.search(ln)]


def find_effective(text: str) -> str:
    """施行日期 (ISO) when the text states one: a "2021年1月1日 施行" header line or "自…起施行"; else ""."""
    for line in header_lines(text):
        if _EFFECTIVE_LINE.match(line):
            return parse_date(line)
    m = None
    for m in _EFFECTIVE_TEXT.finditer(text, max(0, len(text) - 3000)):
        pass
    return parse_date(m.group(1)) if m else ""


def find_published(text: str, hints: DocHints) -> str:
    """The publication date: the reader's hint, else the latest 公布/发布 line of a law's history."""
    if hints.published:
        return parse_date(hints.published) or hints.published
    dates = [parse_date(ln) for ln in legislative_lines(text) if re.search(r"(?:公布|发布)[)）]?$", ln)]
    return max((d for d in dates if d), default="")


def find_date(text: str, hints: DocHints) -> str:
    """成文日期 (ISO): hint, 条例 version date, signature date line, else publication date."""
    if hints.date:
        return parse_date(hints.date) or hints.date
    legis = [parse_date(m.group(0)) for ln in legislative_lines(text) for m in DATE_CN.finditer(ln)]
    legis = [d for d in legis if d]
    if legis:
        return max(legis)
    for line in text_lines(text):
        m = DATE_CN.fullmatch(line)
        if m:
            iso = parse_date(line)
            if iso:
                return iso
    for line in text_lines(text[-600:]):
        im = _ISSUED_LINE.search(line)  # 版记: "山东省商务厅办公室2025年1月20日印发"
        if im:
            return parse_date(im.group(1))
    if hints.published:
        return parse_date(hints.published) or hints.published
    head = head_of(text)
    m = _PUBLISHED.search(head)
    if m:
        return parse_date(m.group(1))
    for line in text_lines(head)[:40]:
        if re.fullmatch(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?", line):
            return parse_date(line)
    return ""
