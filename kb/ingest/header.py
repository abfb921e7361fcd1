"""The header of a document: its non-empty lines and the lines above the body (title, history, 文号, date)."""

from __future__ import annotations

import re


# The first line of a body: everything above it is the header (title, history lines, 文号, date).
_BODY_START = re.compile(r"^(?:第[一二三四五六七八九十百千零〇\d]+[编章节条]|一、|序言|目录)")
_HEAD_LIMIT = 3000
SENTENCE_PUNCT = re.compile(r"[。，,；;：:！？]")
CHROME = re.compile(r"发布时间|来源|访问量|字体|打印|分享|浏览|索引号|当前位置|首页")


def text_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped of spaces and markdown #."""
    return [ln.strip(" \t\u3000\u00a0#") for ln in text.splitlines() if ln.strip(" \t\u3000\u00a0")]


def head_of(text: str) -> str:
    """The first characters of ``text``, where a header can be."""
    return text[:_HEAD_LIMIT]


def header_lines(text: str) -> list[str]:
    """The lines above the body: up to the first 第X编/章/节/条, 一、, 序言 or 目录 line, within the head."""
    out = []
    lines = text_lines(head_of(text))
    for line in lines[:40]:
        if _BODY_START.match(line):
            return out
        out.append(line)
    return out if len(text) <= _HEAD_LIMIT and len(lines) <= 40 else []  # a stub: the header alone
