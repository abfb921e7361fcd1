"""Markdown -> plain text, one block per line (``|`` tables as TABLE blocks), and its title line as a hint."""

from __future__ import annotations

import re

from kb.ingest.textfile import SPACES, table_lines
from kb.models import DocHints

_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
# The title line of a markdown file: the first level-1 heading ("# 中华人民共和国民法典").
_MD_TITLE_LINE = re.compile(r"^[ ]{0,3}#[ \t]+(.+?)[ \t#]*$", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def markdown_hints(text: str) -> DocHints:
    """The title from a markdown file's title line: its first level-1 heading, in the first lines."""
    m = _MD_TITLE_LINE.search("\n".join(text.split("\n", 20)[:20]))
    return DocHints(title=SPACES.sub(" ", m.group(1)).strip()) if m else DocHints()


def markdown_to_text(text: str) -> str:
    """Strip markdown syntax, keeping one block per line; ``|`` tables become TABLE blocks."""
    text = _MD_COMMENT.sub("", text)
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            out.extend(table_lines(rows))
            rows.clear()

    for line in text.split("\n"):
        if _MD_TABLE_ROW.match(line):
            if not _MD_TABLE_RULE.match(line):
                rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush()
        line = _MD_HEADING.sub("", line)
        line = _MD_QUOTE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPH.sub(r"\2", line)
        out.append(line)
    flush()
    return "\n".join(out)
