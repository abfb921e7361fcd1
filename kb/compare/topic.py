"""Topic comparison: per document in scope its clause on the topic (or a silent row), in hierarchy order, each
city row related to its own province's figure (照搬 细化 加码 放宽 缺失 新增)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kb.compare.relations import figure_delta, label, relate
from kb.compare.relevance import TOPIC_THRESHOLD, TopicMatcher, blend, idf_sample, topic_figures
from kb.compare.sources import Source
from kb.compare.tables import clause_path
from kb.errors import KBError
from kb.places import Place, hierarchy_order, in_region, is_ancestor, place_of, province_ranks
from kb.models import Clause, Comparison, ComparisonRow, DocumentMeta, IndicatorBrief

@dataclass
class _Pick:
    doc: DocumentMeta
    place: Place
    clause: Clause | None
    score: float
    figures: list[IndicatorBrief]


def _in_scope(docs: Sequence[DocumentMeta], region: str | None, doc_ids: Sequence[str]) -> list[DocumentMeta]:
    wanted = set(doc_ids)
    unknown = wanted - {d.id for d in docs}
    if unknown:
        raise KBError(f"unknown document id(s) {', '.join(sorted(unknown))}: list them with `kb docs`")
    out = [d for d in docs if not wanted or d.id in wanted]
    if region:
        out = [d for d in out if in_region(place_of(d.region, d.province, d.level), region)]
    return out


def _best_clause(
    source: Source,
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
    scores = [blend(lx, dn) for lx, dn in zip(lexical, dense, strict=True)]
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
    source = Source(kb)
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


def _rows(picks: list[_Pick], source: Source) -> list[ComparisonRow]:
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
        path=clause_path(pick.clause),
        text=pick.clause.display_text or pick.clause.text,
        score=round(pick.score, 4),
        indicators=pick.figures,
        relation=relation,
        label=label(relation),
        delta=delta,
        reference_doc=ref_doc,
    )
