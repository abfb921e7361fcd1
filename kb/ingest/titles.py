"""Titles and document types: the title line(s) of a header, and the type a title names (印发…的通知 -> the issued type)."""

from __future__ import annotations

import re

from kb.ingest.dates import DATE_CN
from kb.ingest.docnumber import DOCNUM
from kb.ingest.header import CHROME, SENTENCE_PUNCT, head_of, text_lines
from kb.ingest.issuers import ORG_END, ORG_PREFIX

# Document types, longest first; value = canonical type.
_TYPES: list[tuple[str, str]] = [
    ("政府工作报告", "报告"),
    ("实施方案", "实施方案"),
    ("工作方案", "方案"),
    ("行动方案", "方案"),
    ("行动计划", "计划"),
    ("实施意见", "实施意见"),
    ("指导意见", "意见"),
    ("若干意见", "意见"),
    ("实施细则", "细则"),
    ("实施办法", "办法"),
    ("管理办法", "办法"),
    ("工作要点", "要点"),
    ("工作总结", "总结"),
    ("工作报告", "报告"),
    ("司法解释", "解释"),
    ("答复", "答复"),
    ("批复", "批复"),
    ("条例", "条例"),
    ("规划", "规划"),
    ("细则", "细则"),
    ("办法", "办法"),
    ("方案", "方案"),
    ("意见", "意见"),
    ("规定", "规定"),
    ("决定", "决定"),
    ("决议", "决议"),
    ("解释", "解释"),
    ("通知", "通知"),
    ("复函", "函"),
    ("公告", "公告"),
    ("通告", "通告"),
    ("报告", "报告"),
    ("总结", "总结"),
    ("计划", "计划"),
    ("法", "法"),
    ("函", "函"),
]
_TYPE_END = re.compile("(" + "|".join(re.escape(t) for t, _ in _TYPES) + ")")
_ISSUE_NOTICE = re.compile(r"印发[《“]?(.+?)[》”]?的通知$")
_RE_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(]|\d+[.．、]|第[一二三四五六七八九十百]+[条章])")
_MD_TITLE = re.compile(r"^#[ \t]+(.+)$", re.M)


def doc_type_of(title: str) -> str:
    """Canonical type from a title: the issued document's type for a 印发…的通知, else the last type word."""
    title = title.strip()
    m = _ISSUE_NOTICE.search(title)
    if m:
        inner = doc_type_of(m.group(1))
        if inner:
            return inner
    for word, canon in _TYPES:
        if title.endswith(word):
            return canon
    found = _TYPE_END.findall(title)
    return dict(_TYPES)[found[-1]] if found else ""


def _trim_title(line: str) -> str:
    """Cut glued junk after the last type word: "…的通知惠阳保姆138…" -> "…的通知"."""
    last = None
    for m in _TYPE_END.finditer(line):
        last = m
    if last is None:
        return line
    tail = line[last.end() :]
    if tail and not re.match(r"^[（(《〔]", tail):
        return line[: last.end()]
    return line


def find_title(text: str) -> str:
    """The document title from the header lines ("" when there is none)."""
    m = _MD_TITLE.search(text[:500])
    if m:
        return m.group(1).strip()
    lines = text_lines(head_of(text))[:40]
    for i, line in enumerate(lines):
        if len(line) > 90 or CHROME.search(line):
            continue
        if "。" in line:
            continue
        prefix = ORG_PREFIX.match(line)
        if line.startswith("关于") or (prefix and ORG_END.search(prefix.group(1).strip())):
            parts = [line]
            if line.startswith("关于") and i > 0 and len(lines[i - 1]) <= 30 and ORG_END.search(lines[i - 1]):
                parts.insert(0, lines[i - 1])
            j = i
            while not _TYPE_END.search(parts[-1][-6:]) and j + 1 < len(lines) and len(parts) < 4:
                j += 1
                if len(lines[j]) > 40:
                    break
                parts.append(lines[j])
            title = _trim_title("".join(parts))
            if _TYPE_END.search(title):
                return title
    for i, line in enumerate(lines[:15]):
        if len(line) > 60 or CHROME.search(line) or SENTENCE_PUNCT.search(line):
            continue
        if re.search(_TYPE_END.pattern + r"$", _trim_title(line)) and not _RE_ITEM.match(line):
            parts = [_trim_title(line)]
            k = i - 1
            while k >= 0 and len(parts) < 3 and _title_piece(lines[k]):
                parts.insert(0, lines[k])
                k -= 1
            return "".join(parts)
    return ""


def _title_piece(line: str) -> bool:
    """A short line that can be the first half of a title broken over two lines."""
    return (
        len(line) <= 40
        and not SENTENCE_PUNCT.search(line)
        and not CHROME.search(line)
        and not _RE_ITEM.match(line)
        and not ORG_END.search(line)
        and not DOCNUM.search(line)
        and not DATE_CN.fullmatch(line)
        and not _TYPE_END.search(line[-4:])
    )
