"""How well a clause addresses a topic: IDF-weighted share of the topic's terms, sentence by sentence, blended
with the embedding cosine when there is one; and which of the clause's figures are about the topic.

Relevance is an absolute score, so a document where nothing passes ``TOPIC_THRESHOLD`` is reported silent
instead of showing its least bad clause. Pure functions and a small dataclass.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.compare.relations import brief
from kb.models import Clause, Indicator, IndicatorBrief
from kb.vocabulary import TOPIC_STOP_WORDS, TOPIC_SYNONYMS, TOPIC_WORDS, jieba_tokenizer, topic_variants

TOPIC_THRESHOLD = 0.70  # relevance a clause needs to count as addressing the topic (middle of the 0.66-0.74 plateau on tests/gold)
FIGURE_KEEP = 0.95  # a figure is shown when its sentence is this close to the best sentence's relevance
IDF_SAMPLE = 5000

_PUNCT = re.compile(r"^[\W_]+$")
_DIGIT = re.compile(r"\d|[一二三四五六七八九十]+(?:平方米|张|个|名|%)|百分之|千分之")
SENTENCE_WEIGHT = 0.75
FIGURE_BONUS = 0.03  # the best sentence carries a figure
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


# --------------------------------------------------------------------------- topic relevance (pure)


def _jieba() -> Any:
    """The comparison's jieba: its topic words and every word of its synonym groups, added at a high frequency."""
    words = {w for group in TOPIC_SYNONYMS for w in group} | set(TOPIC_WORDS)
    return jieba_tokenizer(sorted(w for w in words if len(w) > 1), 300000)


def topic_terms(topic: str) -> list[str]:
    """The content words of a topic (jieba with policy words; stop words and single characters dropped)."""
    from kb.ingest.clean import to_simplified

    try:
        topic = to_simplified(topic)
    except Exception:  # noqa: BLE001 - a stub or missing OpenCC: keep the topic as typed
        pass
    words = []
    for word in _jieba().lcut(topic.strip()):
        word = word.strip()
        if len(word) < 2 or word in TOPIC_STOP_WORDS or _PUNCT.match(word):
            continue
        if word not in words:
            words.append(word)
    return words


@dataclass
class TopicMatcher:
    """Scores texts by the IDF-weighted share of a topic's terms they contain (0..1)."""

    topic: str
    terms: list[str]
    weights: dict[str, float]
    _variants: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, topic: str, corpus: Iterable[str]) -> TopicMatcher:
        """Terms of ``topic`` weighted by their rarity among ``corpus`` texts (the clauses in scope)."""
        terms = topic_terms(topic)
        var = {t: topic_variants(t) for t in terms}
        texts = list(corpus)
        n = len(texts)
        weights = {}
        for term in terms:
            df = sum(1 for text in texts if any(v in text for v in var[term]))
            weights[term] = math.log((n + 1) / (df + 1)) + 1.0
        return cls(topic=topic, terms=terms, weights=weights, _variants=var)

    def matched(self, text: str) -> list[str]:
        return [t for t in self.terms if any(v in text for v in self._variants[t])]

    def coverage(self, text: str, context: str = "") -> float:
        """Weighted share of the topic's terms present in ``text`` or in ``context`` (what the text stands under,
        e.g. the document title), provided the text has a term of its own (half credit lost the gold's 家电 rows)."""
        total = sum(self.weights.values())
        if not total or not text:
            return 0.0
        own = set(self.matched(text))
        if not own:
            return 0.0  # the context alone never makes a text relevant
        borrowed = set(self.matched(context)) - own if context else set()
        return sum(self.weights[t] for t in own | borrowed) / total

    def score(self, text: str, context: str = "") -> float:
        """Relevance of a clause: mostly its best sentence's coverage (terms close together), some whole-clause.

        Terms in ``context`` (the document title: 济南市2025年家电以旧换新补贴实施细则 → 第二条 补贴标准) count as
        present in every sentence. A figure in the best sentence adds a small bonus: comparisons are about
        standards and targets (any of the best sentences carrying one).
        """
        if not text:
            return 0.0
        covered = [(self.coverage(text[s:e], context), s, e) for s, e in sentences(text)]
        best = max(cov for cov, _, _ in covered)
        whole = self.coverage(text, context)
        figure = any(cov == best and _DIGIT.search(text[s:e]) for cov, s, e in covered)
        bonus = FIGURE_BONUS if best > 0 and figure else 0.0
        return SENTENCE_WEIGHT * best + (1 - SENTENCE_WEIGHT) * whole + bonus


def idf_sample(texts: Sequence[str], size: int = IDF_SAMPLE) -> Sequence[str]:
    """The texts topic-term weights are estimated on: all of them up to ``size``, else every n-th (deterministic)."""
    if len(texts) <= size:
        return texts
    step = len(texts) / size
    return [texts[int(i * step)] for i in range(size)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of a clause (split at 。；！？ and line breaks)."""
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() - start > 1:
            out.append((start, m.end()))
        start = m.end()
    if len(text) - start > 0:
        out.append((start, len(text)))
    return out or [(0, len(text))]


# --------------------------------------------------------------------------- figures of a clause (pure)


def topic_figures(
    clause: Clause, indicators: Sequence[Indicator], matcher: TopicMatcher | None, context: str = ""
) -> list[IndicatorBrief]:
    """The clause's current figures about the topic, most relevant first.

    Figures the extractor marked replaced (由30提高到50: the 30) are dropped; a figure's relevance is its
    sentence's topic score, and figures well below the best sentence are left out (the 已建成 20 in a clause
    whose 新建 sentence carries the 30, for a 新建 topic).
    """
    text = clause.text
    inds = [i for i in indicators if not i.replaced]
    spans = sentences(text) if clause.kind == "text" else [(0, len(text))]
    def relevance(start: int, end: int) -> float:
        return 1.0 if matcher is None else matcher.coverage(text[start:end], context)

    best = max(relevance(s, e) for s, e in spans)
    keep: list[tuple[float, int, Indicator]] = []
    for n, ind in enumerate(inds):
        if ind.value is None:
            continue
        start, end = next(((s, e) for s, e in spans if s <= ind.start < e), (0, len(text)))
        rel = relevance(start, end)
        if rel >= best * FIGURE_KEEP:
            keep.append((rel, n, ind))
    keep.sort(key=lambda t: (-t[0], t[1]))
    return [brief(i) for _, _, i in keep]


DENSE_FLOOR = 0.84
DENSE_CEIL = 0.92
LEXICAL_WEIGHT = 0.7


def blend(lexical: float, dense: float | None) -> float:
    """Relevance from the term share and (when present) the embedding cosine.

    mE5 cosines of a topic and a passage sit between about 0.82 (unrelated) and 0.93 (on the point):
    rescaled to 0..1 and averaged with the term share, a clause needs both to pass the threshold.
    """
    if dense is None:
        return lexical
    scaled = min(1.0, max(0.0, (dense - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR)))
    return LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * scaled

