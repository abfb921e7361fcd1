"""How well a clause addresses a topic: IDF-weighted share of the topic's terms, sentence by sentence, blended
with the embedding cosine when there is one; and which of the clause's figures are about the topic.

Relevance is an absolute score, so a document where nothing passes ``TOPIC_THRESHOLD`` is reported silent
instead of showing its least bad clause. Pure functions and a small dataclass.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
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
SEPARATOR = "\x00"  # joins texts for one search per variant (no text or variant holds it)


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
    _contexts: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)  # context -> its terms
    _total: float = field(init=False, repr=False)
    _one_pass: bool = field(init=False, repr=False)  # no variant holds a sentence end (see _sentence_terms)

    def __post_init__(self) -> None:
        self._total = sum(self.weights.values())
        forms = [v for t in self.terms for v in self._variants.get(t, (t,))]
        self._one_pass = all(v and not _SENTENCE_END.search(v) for v in forms)

    @classmethod
    def build(cls, topic: str, corpus: Iterable[str]) -> TopicMatcher:
        """Terms of ``topic`` weighted by their rarity among ``corpus`` texts (the clauses in scope)."""
        terms = topic_terms(topic)
        var = {t: topic_variants(t) for t in terms}
        texts = list(corpus)
        n = len(texts)
        holding = _texts_holding(texts, var)
        weights = {term: math.log((n + 1) / (len(holding[term]) + 1)) + 1.0 for term in terms}
        return cls(topic=topic, terms=terms, weights=weights, _variants=var)

    def matched(self, text: str) -> list[str]:
        return [t for t in self.terms if any(v in text for v in self._variants[t])]

    def _share(self, own: Collection[str], context: str) -> float:
        """The weighted share of the terms in ``own`` or in ``context`` (0 when ``own`` is empty)."""
        total = self._total
        if not total or not own:
            return 0.0  # the context alone never makes a text relevant
        borrowed = self._context_terms(context)
        return sum(self.weights[t] for t in self.terms if t in own or t in borrowed) / total

    def _context_terms(self, context: str) -> frozenset[str]:
        if not context:
            return frozenset()
        if context not in self._contexts:  # the same document title for every clause of a document
            self._contexts[context] = frozenset(self.matched(context))
        return self._contexts[context]

    def coverage(self, text: str, context: str = "") -> float:
        """Weighted share of the topic's terms present in ``text`` or in ``context`` (what the text stands under,
        e.g. the document title), provided the text has a term of its own (half credit lost the gold's 家电 rows)."""
        if not text:
            return 0.0
        return self._share(self.matched(text), context)

    def score(self, text: str, context: str = "") -> float:
        """Relevance of a clause: mostly its best sentence's coverage (terms close together), some whole-clause.

        Terms in ``context`` (the document title: 济南市2025年家电以旧换新补贴实施细则 → 第二条 补贴标准) count as
        present in every sentence. A figure in the best sentence adds a small bonus: comparisons are about
        standards and targets (any of the best sentences carrying one).
        """
        if not text:
            return 0.0
        spans = sentences(text)
        per_sentence, in_text = self._sentence_terms(text, spans)
        covered = [(self._share(own, context), s, e) for own, (s, e) in zip(per_sentence, spans)]
        best = max(cov for cov, _, _ in covered)
        whole = self._share(in_text, context)
        figure = any(cov == best and _DIGIT.search(text[s:e]) for cov, s, e in covered)
        bonus = FIGURE_BONUS if best > 0 and figure else 0.0
        return SENTENCE_WEIGHT * best + (1 - SENTENCE_WEIGHT) * whole + bonus

    def _sentence_terms(self, text: str, spans: list[tuple[int, int]]) -> tuple[list[set[str]], set[str]]:
        """The terms each sentence holds and those the whole text holds, from one pass per variant over the text
        (was: every variant searched in every sentence and in the text, 60% of a comparison's scoring). The same
        sets: a variant holds no sentence end, so each of its occurrences lies inside one sentence, and the
        sentences cover the text but for lone sentence ends."""
        if not self._one_pass:  # never for the vocabulary's words; kept exact
            return [set(self.matched(text[s:e])) for s, e in spans], set(self.matched(text))
        starts = [s for s, _ in spans]
        out: list[set[str]] = [set() for _ in spans]
        for term in self.terms:
            for variant in self._variants[term]:
                at = text.find(variant)
                while at >= 0:
                    i = bisect_right(starts, at) - 1
                    if at + len(variant) <= spans[i][1]:
                        out[i].add(term)
                    at = text.find(variant, at + 1)
        return out, set().union(*out)


def _texts_holding(texts: Sequence[str], variants: dict[str, tuple[str, ...]]) -> dict[str, set[int]]:
    """For each term, the indexes of the texts holding one of its variants: one search per variant over the texts
    joined by a character no variant holds (was: every variant looked for in every text)."""
    joined = SEPARATOR.join(texts)
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    out: dict[str, set[int]] = {}
    for term, forms in variants.items():
        found: set[int] = set()
        for variant in forms:
            if not variant or SEPARATOR in variant:
                found |= {i for i, t in enumerate(texts) if variant in t}
                continue
            at = joined.find(variant)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                found.add(i)
                at = joined.find(variant, starts[i + 1] if i + 1 < len(starts) else len(joined))
        out[term] = found
    return out


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

