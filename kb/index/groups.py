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
from collections.abc import Callable, Sequence

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


def group_near_duplicates(texts: Sequence[str], threshold: float = GROUP_JACCARD,
                          limit: int | None = None) -> list[list[int]]:
    """Groups of positions into ``texts`` (ranked best first): each group starts with its best-ranked member and
    lists the later near-duplicates of that member; groups in the order of their first member. ``threshold`` > 1
    turns grouping off (every text its own group). With ``limit``, grouping stops where a ``limit`` + 1st group
    would start: the texts after it could only add copies to groups, so they are not read (a search for 10 hits
    reads its candidates up to the 11th distinct one, not all of them)."""
    sets: dict[int, frozenset[str]] = {}

    def shingles_of(i: int) -> frozenset[str]:
        if i not in sets:
            sets[i] = shingles(texts[i])
        return sets[i]

    return _group(shingles_of, len(texts), threshold, limit)


def group_shingles(sets: Sequence[frozenset[str]], threshold: float = GROUP_JACCARD,
                   limit: int | None = None) -> list[list[int]]:
    """``group_near_duplicates`` over the texts' shingle sets (computed once when grouping is tried many times)."""
    return _group(sets.__getitem__, len(sets), threshold, limit)


def _group(shingles_of: Callable[[int], frozenset[str]], n: int, threshold: float,
           limit: int | None) -> list[list[int]]:
    groups: list[list[int]] = []
    for i in range(n):
        s = shingles_of(i)
        for group in groups:
            lead = shingles_of(group[0])
            # Jaccard <= min size / max size: most pairs are ruled out without intersecting the sets
            if threshold > 1.0 or min(len(lead), len(s)) < threshold * max(len(lead), len(s)):
                continue
            if jaccard(lead, s) >= threshold:
                group.append(i)
                break
        else:
            if limit is not None and len(groups) >= limit:
                break
            groups.append([i])
    return groups
