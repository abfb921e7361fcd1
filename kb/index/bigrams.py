"""Character bigrams as a second lexical channel: BM25 over every pair of adjacent characters of a clause.

jieba splits some wordings unlike the clause does (护理员 vs 养老护理员补贴, 临终 vs 安宁疗护 aside, 出租门面 vs
门面房): bigrams match any shared two-character stretch regardless of segmentation. Pure tokenisation here; the
index is a ``kb.index.lexical.LexicalIndex`` over these tokens.
"""

from __future__ import annotations

import re

from kb.index.tokenizer import fold_width

_NOT_WORD = re.compile(r"[\W_]+")


def bigrams(text: str) -> list[str]:
    """Adjacent character pairs of ``text`` (width-folded, lower case) within runs of word characters
    (punctuation and whitespace break a run; a run of one character is kept as itself)."""
    out: list[str] = []
    for run in _NOT_WORD.split(fold_width(text).lower()):
        if len(run) == 1:
            out.append(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out
