"""文号: GB/T 9704 form 机关代字〔年份〕序号号, found in the header and never taken from a citation."""

from __future__ import annotations

import re

from kb.ingest.dates import DATE_CN, legislative_lines
from kb.ingest.header import head_of, text_lines
from kb.ingest.issuers import LEGIS_DECREE

_OPEN = "〔[(（【［﹝"
_CLOSE = "〕])）】］﹝﹞"
DOCNUM = re.compile(
    rf"([\u4e00-\u9fff]{{1,12}}?)[ \t\u3000]*[{re.escape(_OPEN)}][ \t\u3000]*((?:19|20)\d{{2}})[ \t\u3000]*"
    rf"[{re.escape(_CLOSE)}][ \t\u3000]*(第?\d{{1,4}})[ \t\u3000]*号"
)
_DOCNUM_BARE = re.compile(r"^([\u4e00-\u9fff]{1,10}?)((?:19|20)\d{2})(\d{1,4})号?$")
_CITE_BEFORE = re.compile(r"(》|根据|按照|依据|依照|参照|贯彻|落实)[^。\n]{0,6}$")
DECREE_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,16}令第\d{1,5}号$")


def normalize_doc_number(s: str) -> str:
    """A 文号 in GB/T 9704 form: "周政办[2024]13号" -> "周政办〔2024〕13号"; "" when it is not one."""
    m = DOCNUM.search(s.strip())
    if not m:
        return ""
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"


def decree_number(text: str) -> str:
    """The decree that published the version in force: "国务院令第773号" from the latest history line naming one."""
    found = ""
    for line in legislative_lines(text):
        m = LEGIS_DECREE.search(DATE_CN.sub("", line, count=1))
        if m:
            found = m.group(0).replace("中华人民共和国", "")
    return found


def find_doc_number(text: str, year: str = "") -> str:
    """The document's own 文号 from its header, never one it cites."""
    head = head_of(text)
    lines = text_lines(head)[:60]
    for line in lines:
        if len(line) <= 24:
            own = normalize_doc_number(line)
            if own and DOCNUM.fullmatch(line.replace(" ", "").replace("\u3000", "")) is not None:
                return own
            m = _DOCNUM_BARE.match(line)
            if m and year and m.group(2) == year:
                return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    for line in lines:
        if len(line) <= 24 and normalize_doc_number(line):
            return normalize_doc_number(line)
    cut = len(head)
    first_item = re.search(r"(?m)^[ \t\u3000]*(?:一、|第一条|第一章)", head)
    if first_item:
        cut = first_item.start()
    for m in DOCNUM.finditer(head, 0, cut):
        before = head[max(0, m.start() - 40) : m.start()]
        if re.search(r"[（(]$", before) or _CITE_BEFORE.search(before):
            continue
        return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    return ""
