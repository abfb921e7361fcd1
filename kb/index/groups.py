"""Near-duplicate grouping of ranked clauses (pure): one result per wording, the copies listed beside it.

Among thousands of documents the same article recurs: a city's 条例 copies its province's, every province's 条例
has the same 配建 article, two versions of a law share most of their articles. Five copies in the top 5 hide the
next distinct answer. Two clauses are near-duplicates when the character SHINGLE-grams of their texts (numbering,
punctuation and whitespace removed) overlap by at least GROUP_JACCARD (Jaccard); grouping is greedy in rank order:
each clause joins the first earlier group whose leading clause it duplicates, so a group shows its best-ranked
member and the others follow it as "also in". Measured on real copies: the unchanged articles of 烈士褒扬条例's 2019
and 2024 versions share 0.6-0.8 of their 3-grams, reworded articles on one topic 0.2-0.5 (tests/test_search_ranking.py).
0.6 was chosen over 0.4 and 0.8 by scripts/tune_search.py: counting a hit by its group, 0.4 scored higher, but
counting the shown clause only it cost the archive dev set R@5 (0.68 -> 0.66), and 0.6 cost nothing either way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SHINGLE = 3
GROUP_JACCARD = 0.6
# a clause's leading number (第十二条, 一、, （三）, 3.) says where it sits, not what it says
_NUMBER = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇\d]+[条章节款项]|[一二三四五六七八九十]+[、.．]|"
                     r"[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")
_NOT_WORD = re.compile(r"[\W_]+")


def shingles(text: str, n: int = SHINGLE) -> frozenset[str]:
    """The set of character ``n``-grams of ``text`` without its leading number, punctuation and whitespace (a text
    shorter than ``n`` is its own single shingle)."""
    body = _NOT_WORD.sub("", _NUMBER.sub("", text, count=1))
    if len(body) <= n:
        return frozenset([body]) if body else frozenset()
    return frozenset(body[i : i + n] for i in range(len(body) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0.0 for two empty sets)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def group_near_duplicates(texts: Sequence[str], threshold: float = GROUP_JACCARD) -> list[list[int]]:
    """Groups of positions into ``texts`` (ranked best first): each group starts with its best-ranked member and
    lists the later near-duplicates of that member; groups in the order of their first member. ``threshold`` > 1
    turns grouping off (every text its own group)."""
    return group_shingles([shingles(t) for t in texts], threshold)


def group_shingles(sets: Sequence[frozenset[str]], threshold: float = GROUP_JACCARD) -> list[list[int]]:
    """``group_near_duplicates`` over the texts' shingle sets (computed once when grouping is tried many times)."""
    groups: list[list[int]] = []
    for i, s in enumerate(sets):
        for group in groups:
            if threshold <= 1.0 and jaccard(sets[group[0]], s) >= threshold:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups
