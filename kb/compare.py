"""Compare clauses side by side: a topic across documents, or one document against another.

``compare_topic(kb, topic)`` gives, for each document in scope, the clause that best addresses the topic (or an
explicit silent row when no clause passes the relevance threshold), ordered by the administrative hierarchy, each
city row related to its own province's figure (照搬 细化 加码 放宽 缺失 新增).
``align_documents(kb, doc_a, doc_b)`` aligns every clause of A with its counterpart(s) in B by a global assignment.

Relevance of a clause to a topic is the IDF-weighted share of the topic's terms (with policy synonyms) the clause
contains, blended with the embedding similarity when the search index offers vectors. It is an absolute score, so
a document where nothing passes ``TOPIC_THRESHOLD`` is reported silent instead of showing its least bad clause.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.errors import KBError
from kb.hierarchy import Place, hierarchy_order, in_region, is_ancestor, place_of, province_ranks
from kb.models import (
    AlignedPair,
    Alignment,
    Clause,
    Comparison,
    ComparisonRow,
    DocumentMeta,
    Indicator,
    IndicatorBrief,
)
from kb.relations import assign, brief, char_diff, figure_delta, label, relate

TOPIC_THRESHOLD = 0.70  # relevance a clause needs to count as addressing the topic (middle of the 0.66-0.74 plateau on tests/gold)
FIGURE_KEEP = 0.95  # a figure is shown when its sentence is this close to the best sentence's relevance
ALIGN_THRESHOLD = 0.6  # clause similarity for a one-to-one pair in document alignment (tuned on tests/gold)
ALIGN_EXTRA = 0.65  # similarity for a further B clause to join an already paired A clause
MIN_ALIGN_CHARS = 8  # clauses shorter than this (bare headings) are not aligned
MERGE_PART = 0.25  # bigram cosine an unpaired A clause needs with one sentence of a taken B clause to share it
MERGE_MARGIN = 2.5  # … and how many times closer than the B clause's partner is to that sentence
# Topic comparison scores only the clauses search ranks best for the topic (BM25 and dense, each this many per
# document in scope, at least MIN_CANDIDATES), and weighs topic terms on at most IDF_SAMPLE clauses: its cost no
# longer grows with every clause in scope.
CANDIDATES_PER_DOC = 10
MIN_CANDIDATES = 100
IDF_SAMPLE = 5000

# Words that mean the same thing in policy text; a topic term matches a clause containing any of its group.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("居住区", "住宅区", "住宅小区", "居民住宅区", "居民区", "生活区", "小区"),
    ("配建", "配套建设", "配置", "配套", "建设"),
    ("配备", "配置", "配有", "配建"),
    ("养老服务设施", "养老服务用房", "居家养老服务用房", "养老设施", "养老服务场所", "养老服务用房"),
    ("已建成", "既有", "已建"),
    ("新建", "新建设"),
    ("社会工作者", "社会工作人才", "社工人才"),
    ("福利彩票公益金", "彩票公益金", "福彩公益金"),
    ("彩票公益金", "福利彩票公益金", "福彩公益金"),
    ("比例", "占比", "比重", "%", "百分之"),
    ("占比", "比例", "比重", "%", "百分之"),
    ("护理型床位", "护理床位"),
    ("用地", "土地"),
    ("老年人", "老人", "长者"),
    ("助餐", "老年食堂", "长者食堂", "老年餐桌", "配餐", "送餐"),
    ("认知障碍", "失智", "老年痴呆"),
    ("床位", "张床"),
    ("移交", "交付"),
)
_EXTRA_WORDS = (
    "养老服务设施", "养老服务用房", "居家养老服务用房", "居住区", "住宅区", "住宅小区", "居民住宅区", "配建",
    "配套建设", "已建成", "护理型床位", "彩票公益金", "福利彩票公益金", "社会工作者", "养老机构", "特困人员",
    "认知障碍", "助餐", "适老化改造", "家庭养老床位", "高龄津贴", "养老服务", "公益金",
)
_STOP = frozenset(
    "的 了 和 与 及 或 等 在 对 为 以 是 有 由 将 把 被 于 按 按照 其 中 之 各 个 并 要 应 应当 可 可以 关于 "
    "有关 相关 工作 方面 情况 如何 怎么 什么 哪些 多少 是否 规定 要求 政策 用于".split()
)
_PUNCT = re.compile(r"^[\W_]+$")
_DIGIT = re.compile(r"\d|[一二三四五六七八九十]+(?:平方米|张|个|名|%)|百分之|千分之")
SENTENCE_WEIGHT = 0.75
FIGURE_BONUS = 0.03  # the best sentence carries a figure
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")

_TOKENIZER_LOCK = threading.Lock()
_TOKENIZER: Any = None


# --------------------------------------------------------------------------- topic relevance (pure)


def _jieba() -> Any:
    global _TOKENIZER
    with _TOKENIZER_LOCK:
        if _TOKENIZER is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            for word in {w for group in SYNONYMS for w in group} | set(_EXTRA_WORDS):
                if len(word) > 1:
                    tok.add_word(word, freq=300000)
            _TOKENIZER = tok
    return _TOKENIZER


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
        if len(word) < 2 or word in _STOP or _PUNCT.match(word):
            continue
        if word not in words:
            words.append(word)
    return words


def variants(term: str) -> tuple[str, ...]:
    """The term and every synonym it has in ``SYNONYMS``."""
    out = [term]
    for group in SYNONYMS:
        if group[0] == term or (term in group and term != "%"):
            out.extend(w for w in group if w not in out)
    return tuple(out)


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
        var = {t: variants(t) for t in terms}
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


# --------------------------------------------------------------------------- access to the knowledge base


class _Source:
    """What compare needs from a ``KnowledgeBase`` (or a bare ``Store``): documents, clauses, figures, vectors."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        store = getattr(kb, "store", None) or (kb if hasattr(kb, "documents") and hasattr(kb, "indicators") else None)
        if store is None:
            raise KBError("compare needs a KnowledgeBase or a Store: open one with KnowledgeBase.open(index_dir)")
        self.store = store
        self._docs: list[DocumentMeta] | None = None
        self._indicators: dict[str, dict[str, list[Indicator]]] = {}

    def documents(self) -> list[DocumentMeta]:
        if self._docs is None:
            self._docs = list(self.store.documents())
        return self._docs

    def document(self, doc_id: str) -> DocumentMeta:
        for doc in self.documents():
            if doc.id == doc_id:
                return doc
        known = ", ".join(d.id for d in self.documents()[:8])
        raise KBError(f"no document {doc_id!r} in the index: pick one of `kb docs` ({known}…)")

    def clauses(self, doc_id: str) -> list[Clause]:
        return list(self.kb.clauses(doc_id))  # a KnowledgeBase holds them in memory; a Store reads them

    def candidates(self, topic: str, docs: Sequence[DocumentMeta]) -> dict[str, list[Clause]] | None:
        """The clauses of ``docs`` the search index ranks best for ``topic``, by document in document order.

        One retrieval over the whole scope (BM25 and dense, ``max(MIN_CANDIDATES, CANDIDATES_PER_DOC ×
        documents)`` each, ``KnowledgeBase.retrieve``): compare then scores only these, not every clause.
        None for a bare store (no search index): the caller scores every clause.
        """
        retrieve = getattr(self.kb, "retrieve", None)
        clause_of = getattr(self.kb, "clause", None)
        if not callable(retrieve) or not callable(clause_of):
            return None
        from kb.models import Filters

        scope = [d.id for d in docs]
        filters = None if set(scope) == {d.id for d in self.documents()} else Filters(doc_ids=scope)
        ranked = retrieve(topic, max(MIN_CANDIDATES, CANDIDATES_PER_DOC * len(scope)), filters)
        found: dict[str, dict[str, Clause]] = {d: {} for d in scope}
        for ids in ranked.rankings.values():
            for cid in ids:
                clause = clause_of(cid)
                if clause is not None and clause.doc_id in found and clause.text.strip():
                    found[clause.doc_id][cid] = clause
        return {d: sorted(cs.values(), key=lambda c: c.seq) for d, cs in found.items()}

    def indicators(self, doc_id: str) -> dict[str, list[Indicator]]:
        """The document's indicators by clause id (the extraction records, else a light parse of the text)."""
        if doc_id not in self._indicators:
            by_clause: dict[str, list[Indicator]] = {}
            for ind in self.store.indicators(doc_id):
                by_clause.setdefault(ind.clause_id, []).append(ind)
            self._indicators[doc_id] = by_clause or _parse_figures(self.clauses(doc_id))
        return self._indicators[doc_id]

    # ---- embeddings (optional: used when the knowledge base has a search index)

    def query_vector(self, text: str) -> Any:
        """The unit query embedding (``KnowledgeBase.embed_query``), or None for a bare store or a failed model."""
        fn = getattr(self.kb, "embed_query", None)
        if not callable(fn):
            return None
        try:
            return fn(text)
        except Exception:  # noqa: BLE001 - embeddings are an optional boost; lexical relevance still works
            return None

    def clause_vectors(self, clauses: Sequence[Clause]) -> Any:
        """Unit clause embeddings (``KnowledgeBase.clause_vectors``, rows in ``clauses`` order), or None."""
        fn = getattr(self.kb, "clause_vectors", None)
        if not callable(fn) or not clauses:
            return None
        try:
            return fn([c.id for c in clauses])
        except KBError:  # a clause the search index does not hold (index older than the store): lexical only
            return None


def _parse_figures(clauses: Sequence[Clause]) -> dict[str, list[Indicator]]:
    """The extractor's figures of each clause, for an index built without the extraction records."""
    from kb.extract.numbers import clause_indicators

    out: dict[str, list[Indicator]] = {}
    for clause in clauses:
        found = clause_indicators(clause)  # a clause it cannot parse has none
        if found:
            out[clause.id] = found
    return out


# --------------------------------------------------------------------------- topic comparison


@dataclass
class _Pick:
    doc: DocumentMeta
    place: Place
    clause: Clause | None
    score: float
    figures: list[IndicatorBrief]


def _path(clause: Clause) -> str:
    try:
        from kb.ingest.segment import citation

        return citation(clause.path, clause.number)
    except Exception:  # noqa: BLE001 - a display nicety only
        return " ".join([*clause.path, clause.number]).strip()


def _in_scope(docs: Sequence[DocumentMeta], region: str | None, doc_ids: Sequence[str]) -> list[DocumentMeta]:
    wanted = set(doc_ids)
    unknown = wanted - {d.id for d in docs}
    if unknown:
        raise KBError(f"unknown document id(s) {', '.join(sorted(unknown))}: list them with `kb docs`")
    out = [d for d in docs if not wanted or d.id in wanted]
    if region:
        out = [d for d in out if in_region(place_of(d.region, d.province, d.level), region)]
    return out


def _blend(lexical: float, dense: float | None) -> float:
    """Relevance from the term share and (when present) the embedding cosine.

    mE5 cosines of a topic and a passage sit between about 0.82 (unrelated) and 0.93 (on the point):
    rescaled to 0..1 and averaged with the term share, a clause needs both to pass the threshold.
    """
    if dense is None:
        return lexical
    scaled = min(1.0, max(0.0, (dense - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR)))
    return LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * scaled


DENSE_FLOOR = 0.84
DENSE_CEIL = 0.92
LEXICAL_WEIGHT = 0.7


def _best_clause(
    source: _Source,
    doc: DocumentMeta,
    matcher: TopicMatcher,
    qvec: Any,
    clauses: list[Clause],
    threshold: float,
) -> tuple[Clause | None, float]:
    if not clauses:
        return None, 0.0
    lexical = [matcher.score(c.text, doc.title) for c in clauses]
    dense: list[float | None] = [None] * len(clauses)
    if qvec is not None:
        vecs = source.clause_vectors(clauses)
        if vecs is not None:
            dense = [float(x) for x in vecs @ qvec]
    scores = [_blend(lx, dn) for lx, dn in zip(lexical, dense, strict=True)]
    best = max(range(len(clauses)), key=lambda i: (round(scores[i], 6), -i))
    if scores[best] < threshold:
        return None, scores[best]
    return clauses[best], scores[best]


def compare_topic(
    kb: Any,
    topic: str,
    region: str | None = None,
    doc_ids: Sequence[str] = (),
    *,
    threshold: float = TOPIC_THRESHOLD,
) -> Comparison:
    """One row per document in scope: its clause on ``topic`` (or silent), ordered by the hierarchy.

    Args:
        kb: a ``kb.search.KnowledgeBase`` (or a ``kb.store.Store``: lexical relevance only).
        topic: what to compare, e.g. "新建居住区养老服务设施配建标准".
        region: keep documents of this region and the regions under it (河南省 keeps 周口市).
        doc_ids: keep only these documents.
        threshold: relevance a clause needs; documents with no clause above it are silent rows.

    Returns:
        A ``Comparison``: matched rows in hierarchy order (national, each province then its cities and
        counties), then silent rows; city rows carry their relation to their province's clause.
    """
    topic = topic.strip()
    if not topic:
        raise KBError("empty topic: say what to compare, e.g. `kb compare 新建居住区养老服务设施配建标准`")
    source = _Source(kb)
    docs = _in_scope(source.documents(), region, doc_ids)
    clauses_of = {d.id: [c for c in source.clauses(d.id) if c.text.strip()] for d in docs}
    matcher = TopicMatcher.build(topic, idf_sample([c.text for cs in clauses_of.values() for c in cs]))
    candidates = source.candidates(topic, docs) if matcher.terms else None
    if candidates is not None:
        clauses_of = candidates
    qvec = source.query_vector(topic) if matcher.terms else None
    picks: list[_Pick] = []
    for doc in docs:
        place = place_of(doc.region, doc.province, doc.level)
        clause, score = (None, 0.0)
        if matcher.terms:
            clause, score = _best_clause(source, doc, matcher, qvec, clauses_of[doc.id], threshold)
        figures: list[IndicatorBrief] = []
        if clause is not None:
            figures = topic_figures(clause, source.indicators(doc.id).get(clause.id, []), matcher, doc.title)
        picks.append(_Pick(doc, place, clause, score, figures))
    return Comparison(topic=topic, rows=_rows(picks, source))


def _reference(pick: _Pick, picks: Sequence[_Pick]) -> tuple[_Pick | None, bool]:
    """The clause a city (county) row is related to: its province's (city's, else province's) best one.

    Returns ``(reference, has_parent_doc)``; the reference is None when every parent document is silent.
    """
    if pick.place.level not in ("city", "county"):
        return None, False
    parents = [p for p in picks if p is not pick and is_ancestor(p.place, pick.place) and p.place.level != "national"]
    if not parents:
        return None, False
    nearest = max(p.place.level == "city" for p in parents)
    parents = [p for p in parents if (p.place.level == "city") == nearest] if nearest else parents
    speaking = [p for p in parents if p.clause is not None]
    if not speaking:
        return None, True
    key = pick.figures[0] if pick.figures else None

    def rank(p: _Pick) -> tuple[int, float, str]:
        comparable = key is not None and any(figure_delta(key, f) is not None for f in p.figures)
        return (int(comparable), p.score, p.doc.date)

    return max(speaking, key=rank), True


def _rows(picks: list[_Pick], source: _Source) -> list[ComparisonRow]:
    # provinces in the order their documents were ingested
    province_rank = province_ranks(place_of(d.region, d.province, d.level) for d in source.documents())
    rows: list[ComparisonRow] = []
    matched = sorted((p for p in picks if p.clause is not None), key=lambda p: -p.score)
    silent = [p for p in picks if p.clause is None]
    for group in (matched, silent):
        order = hierarchy_order([p.place for p in group], province_rank)
        for i in order:
            rows.append(_row(group[i], picks))
    return rows


def _row(pick: _Pick, picks: Sequence[_Pick]) -> ComparisonRow:
    doc = pick.doc
    base = {
        "doc_id": doc.id,
        "title": doc.title,
        "doc_number": doc.doc_number,
        "date": doc.date,
        "region": doc.region,
        "province": doc.province,
        "level": doc.level or pick.place.level,
    }
    if pick.clause is None:
        return ComparisonRow(**base, relation="silent", label=label("silent"), score=round(pick.score, 4))
    relation, delta, ref_doc = "", None, None
    reference, has_parent = _reference(pick, picks)
    if reference is not None and reference.clause is not None:
        relation, delta = relate(pick.figures, reference.figures, pick.clause.text, reference.clause.text)
        ref_doc = reference.doc.id
    elif has_parent:
        relation = "new"
    return ComparisonRow(
        **base,
        clause_id=pick.clause.id,
        path=_path(pick.clause),
        text=pick.clause.display_text or pick.clause.text,
        score=round(pick.score, 4),
        indicators=pick.figures,
        relation=relation,
        label=label(relation),
        delta=delta,
        reference_doc=ref_doc,
    )


# --------------------------------------------------------------------------- document alignment

_BIGRAM_SKIP = re.compile(r"[\s\W\d_]")
_SPACE = re.compile(r"\s")


def _bigrams(text: str) -> dict[str, int]:
    chars = _BIGRAM_SKIP.sub("", text)
    out: dict[str, int] = {}
    for i in range(len(chars) - 1):
        gram = chars[i : i + 2]
        out[gram] = out.get(gram, 0) + 1
    return out


def lexical_similarity_matrix(
    a_texts: Sequence[str], b_texts: Sequence[str], background: Sequence[str] = ()
) -> Any:
    """Cosine of IDF-weighted character-bigram vectors between every A text and every B text.

    The IDF counts the A and B texts and ``background`` (e.g. the whole documents when comparing pieces).
    """
    import numpy as np

    grams_a = [_bigrams(t) for t in a_texts]
    grams_b = [_bigrams(t) for t in b_texts]
    grams_bg = [_bigrams(t) for t in background]
    df: dict[str, int] = {}
    for grams in (*grams_a, *grams_b, *grams_bg):
        for g in grams:
            df[g] = df.get(g, 0) + 1
    n = len(grams_a) + len(grams_b) + len(grams_bg)
    vocab = {g: i for i, g in enumerate(df)}
    idf = np.array([math.log((n + 1) / (df[g] + 1)) + 1 for g in vocab], dtype=np.float32)

    def matrix(all_grams: list[dict[str, int]]) -> Any:
        m = np.zeros((len(all_grams), len(vocab)), dtype=np.float32)
        for r, grams in enumerate(all_grams):
            for g, c in grams.items():
                m[r, vocab[g]] = (1 + math.log(c)) * idf[vocab[g]]
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return m / norms

    if not vocab:
        return np.zeros((len(a_texts), len(b_texts)), dtype=np.float32)
    return matrix(grams_a) @ matrix(grams_b).T


def _alignable(clauses: Sequence[Clause]) -> list[Clause]:
    return [c for c in clauses if len(_SPACE.sub("", c.text)) >= MIN_ALIGN_CHARS]


def similarity_matrix(source: _Source | None, a: Sequence[Clause], b: Sequence[Clause]) -> Any:
    """Clause similarity: character-bigram cosine, averaged with the embedding cosine when available."""
    lexical = lexical_similarity_matrix([c.text for c in a], [c.text for c in b])
    if source is None:
        return lexical
    va, vb = source.clause_vectors(a), source.clause_vectors(b)
    if va is None or vb is None:
        return lexical
    import numpy as np

    dense = np.clip((va @ vb.T - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR), 0.0, 1.0)
    return 0.5 * lexical + 0.5 * dense


def _figures_all(clause: Clause, indicators: Sequence[Indicator]) -> list[IndicatorBrief]:
    return topic_figures(clause, indicators, None)


_PART_END = re.compile(r"(?<=[。；;！？!?\n])")


def merged_links(a_texts: Sequence[str], b_texts: Sequence[str], similarity: Any,
                 pairs: dict[int, list[int]]) -> dict[int, list[int]]:
    """B clauses that merge an unpaired A clause with the A clause they were paired with (many-to-one).

    A city 条例 often folds two provincial articles into one (山东 第七条 宣传 and 第八条 表彰 → 德州 第九条).
    An A clause left without a counterpart joins its most similar B clause when that clause is taken, similar
    enough (``ALIGN_THRESHOLD``), and has a sentence that A clause owns: lexically close to it (``MERGE_PART``)
    and at least ``MERGE_MARGIN`` times closer than to the B clause's partner, while the partner owns another.
    """
    import numpy as np

    owner = {j: i for i, js in pairs.items() for j in js}
    sim = np.asarray(similarity, dtype=float)
    out: dict[int, list[int]] = {}
    if sim.ndim != 2 or sim.size == 0:
        return out
    for i in range(len(a_texts)):
        j = int(np.argmax(sim[i]))
        if i in pairs or j not in owner or sim[i, j] < ALIGN_THRESHOLD:
            continue
        parts = [p for p in _PART_END.split(b_texts[j]) if len(_SPACE.sub("", p)) >= MIN_ALIGN_CHARS]
        if len(parts) < 2:
            continue
        lex = lexical_similarity_matrix([a_texts[i], a_texts[owner[j]]], parts, background=b_texts)
        mine = any(x >= MERGE_PART and x >= MERGE_MARGIN * y for x, y in zip(lex[0], lex[1]))
        theirs = any(y > x for x, y in zip(lex[0], lex[1]))
        if mine and theirs:
            out[i] = [j]
    return out


def align_clauses(
    a: Sequence[Clause],
    b: Sequence[Clause],
    similarity: Any,
    figures_a: dict[str, list[IndicatorBrief]] | None = None,
    figures_b: dict[str, list[IndicatorBrief]] | None = None,
    *,
    threshold: float = ALIGN_THRESHOLD,
    extra_threshold: float = ALIGN_EXTRA,
) -> list[AlignedPair]:
    """Pairs for every A clause (with its B clauses or none), unmatched B clauses as 新增 in B's order."""
    figures_a = figures_a or {}
    figures_b = figures_b or {}
    pairs_idx, unmatched = assign(similarity, threshold, extra_threshold)
    pairs_idx.update(merged_links([c.text for c in a], [c.text for c in b], similarity, pairs_idx))
    out: list[tuple[tuple[int, int], AlignedPair]] = []
    for i, ca in enumerate(a):
        bs = [b[j] for j in pairs_idx.get(i, [])]
        if not bs:
            out.append(((i, 0), _pair(ca, [], 0.0, [], [], "silent")))
            continue
        score = max(float(similarity[i][j]) for j in pairs_idx[i])
        fb = [f for c in bs for f in figures_b.get(c.id, [])]
        relation, _ = relate(fb, figures_a.get(ca.id, []), "".join(c.text for c in bs), ca.text)
        out.append(((i, 0), _pair(ca, bs, score, fb, figures_a.get(ca.id, []), relation)))
    # an unmatched B clause goes right after the A clause paired with the B clause before it
    b_owner = {j: i for i, js in pairs_idx.items() for j in js}
    for j in unmatched:
        prev = [b_owner[k] for k in range(j) if k in b_owner]
        anchor = prev[-1] if prev else -1
        out.append(((anchor, 1 + j), _pair(None, [b[j]], 0.0, [], [], "new")))
    out.sort(key=lambda t: t[0])
    return [p for _, p in out]


def _pair(
    a: Clause | None,
    bs: Sequence[Clause],
    score: float,
    fb: Sequence[IndicatorBrief],
    fa: Sequence[IndicatorBrief],
    relation: str,
) -> AlignedPair:
    a_text = a.text if a is not None else ""
    b_text = "\n".join(c.text for c in bs)
    return AlignedPair(
        a_clause_id=a.id if a is not None else None,
        b_clause_ids=[c.id for c in bs],
        a_text=a_text,
        b_text=b_text,
        a_path=_path(a) if a is not None else "",
        b_path="；".join(_path(c) for c in bs),
        score=round(score, 4),
        relation=relation,
        label=label(relation),
        diff=char_diff(a_text, b_text) if a is not None and bs else [],
    )


def align_documents(kb: Any, doc_a: str, doc_b: str) -> Alignment:
    """Align every clause of ``doc_a`` (the reference, e.g. the province's) with its counterparts in ``doc_b``.

    A global assignment on clause similarity (not greedy first-come) pairs clauses one to one; B clauses
    left over join the A clause they resemble most when similar enough (one-to-many); the rest are 新增.
    Each pair is labelled (照搬 细化 加码 放宽 …) and carries a character diff.
    """
    source = _Source(kb)
    source.document(doc_a)
    source.document(doc_b)
    a = _alignable(source.clauses(doc_a))
    b = _alignable(source.clauses(doc_b))
    sim = similarity_matrix(source, a, b)
    ind_a, ind_b = source.indicators(doc_a), source.indicators(doc_b)
    figures_a = {c.id: _figures_all(c, ind_a.get(c.id, [])) for c in a}
    figures_b = {c.id: _figures_all(c, ind_b.get(c.id, [])) for c in b}
    return Alignment(doc_a=doc_a, doc_b=doc_b, pairs=align_clauses(a, b, sim, figures_a, figures_b))


# --------------------------------------------------------------------------- tables and export

COMPARISON_HEADER = ["地区", "层级", "文件", "文号", "日期", "条款", "原文", "指标", "关系", "差异", "参照文件"]
ALIGNMENT_HEADER = ["A 条款", "A 原文", "B 条款", "B 原文", "关系", "相似度", "差异（[-删去-] {+新增+}）"]
_LEVEL_NAMES = {"national": "国家", "province": "省级", "city": "市级", "county": "县级"}
_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}


def figure_text(fig: IndicatorBrief) -> str:
    """一个指标 as staff read it: "每百户 ≥ 30 平方米"."""
    value = "" if fig.value is None else f"{fig.value:g}"
    if fig.value_max is not None:
        value += f"–{fig.value_max:g}"
    parts = [fig.basis, _SIGNS.get(fig.comparator, fig.comparator), f"{value}{fig.unit}"]
    return " ".join(p for p in parts if p)


def delta_text(row: ComparisonRow) -> str:
    """"50 对 30 平方米（每百户）：+20，+66.7%" for a row with a figure delta."""
    d = row.delta
    if d is None:
        return ""
    basis = f"（{d.basis}）" if d.basis else ""
    pct = f"，{d.percent:+g}%" if d.percent is not None else ""
    return f"{d.value:g} 对 {d.reference:g} {d.unit}{basis}：{d.difference:+g}{pct}"


def comparison_table(comp: Comparison, titles: dict[str, str] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a topic comparison for a spreadsheet."""
    titles = titles or {}
    rows = []
    for r in comp.rows:
        relation = r.label or ("参照" if r.clause_id else "")
        rows.append([
            r.region, _LEVEL_NAMES.get(r.level, r.level), r.title or r.doc_id, r.doc_number, r.date, r.path,
            r.text if r.clause_id else "无相关条款", "；".join(figure_text(f) for f in r.indicators), relation,
            delta_text(r), titles.get(r.reference_doc or "", r.reference_doc or ""),
        ])
    return COMPARISON_HEADER, rows


def diff_text(ops: Sequence[tuple[str, str]]) -> str:
    """A character diff as plain text: [-removed-] {+added+}."""
    out = []
    for op, text in ops:
        out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)


def alignment_table(al: Alignment) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a document alignment for a spreadsheet."""
    rows = [
        [p.a_path, p.a_text, p.b_path, p.b_text, p.label, round(p.score, 3) if p.b_clause_ids and p.a_clause_id else "",
         diff_text(p.diff)]
        for p in al.pairs
    ]
    return ALIGNMENT_HEADER, rows


def write_table(path: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> Any:
    """Write a comparison or alignment table with the shared spreadsheet conventions (``kb.export.export_table``):
    XLSX with a title row, frozen header and first column, wrapped text, fitted widths; CSV in UTF-8 with BOM;
    formula-like cells neutralised in both. Returns the path written."""
    from kb.export import export_table

    return export_table(path, header, rows, fmt, title=title, sheet="对比")
