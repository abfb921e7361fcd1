"""Retrieval: from a prepared query and filters to each retriever's ranked clause ids (before fusion).

``Retriever.rank`` is the one way in: the filters become index rows (documents' region, level, type, dates), a
文号 in the query narrows to that document (and ranks the clauses quoting it), then BM25, dense and context
rank the rows, a feedback dense search follows the first fused pass, and every candidate gets the share of the query's words it holds (the coverage term of
``kb.index.fuse``). ``Ranked.fused`` fuses them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import time

from kb.index.clause_index import ClauseIndex, lap
from kb.index.fuse import FEEDBACK_DEPTH, FEEDBACK_WEIGHT, fuse
from kb.index.query import PreparedQuery, normalise_doc_number, same_doc_number
from kb.index.tokenizer import fold_width
from kb.models import Clause, DocumentMeta, Filters
from kb.places import names_region, same_name


@dataclass(frozen=True)
class Ranked:
    """Each retriever's ranked clause ids for one query, and how directly the query's words occur."""

    rankings: dict[str, list[str]]
    lexical_confidence: float = 0.0
    signals: dict[str, dict[str, float]] = field(default_factory=dict)  # clause id -> cosine / term share
    coverage: dict[str, float] = field(default_factory=dict)  # candidate clause id -> share of the query's words
    answers: dict[str, float] = field(default_factory=dict)  # candidate clause id -> 1.0: states what is asked
    query_vector: Any = None  # the dense retriever's query vector (None: none computed) ...
    vector_text: str = ""  # ... and the text it embeds

    def fused(self, k: int) -> list[tuple[str, float]]:
        return fuse(self.rankings, self.lexical_confidence, self.coverage, answers=self.answers)[:k]

    def restricted(self, keep: Callable[[str], bool], n: int, confidence: float | None = None) -> Ranked:
        """The ranking as if only the clauses ``keep`` accepts were indexed: each retriever's list without the
        others, cut to ``n``; signals, coverage and answers of the dropped ones left out (``confidence``: the
        lexical confidence recomputed for the kept clauses, else unchanged). Exact for each retriever's order when
        its list was fetched deep enough to hold ``n`` kept clauses (BM25's idf stays that of the whole index)."""
        rankings = {name: [c for c in ids if keep(c)][:n] for name, ids in self.rankings.items()}
        kept = {c for ids in rankings.values() for c in ids}
        return Ranked(rankings, self.lexical_confidence if confidence is None else confidence,
                      {c: s for c, s in self.signals.items() if c in kept},
                      {c: s for c, s in self.coverage.items() if c in kept},
                      {c: s for c, s in self.answers.items() if c in kept})


def passes(doc: DocumentMeta, f: Filters) -> bool:
    """Whether a document passes the filters (region or its province by name, level, type, ids, dates)."""
    if f.region and not names_region(f.region, doc.region, doc.province):
        return False
    if f.province and not same_name(f.province, doc.province):
        return False
    if f.level and doc.level != f.level:
        return False
    if f.doc_type and f.doc_type not in doc.doc_type:
        return False
    if f.doc_ids and doc.id not in f.doc_ids:
        return False
    if f.date_from and (not doc.date or doc.date < f.date_from):
        return False
    if f.date_to and (not doc.date or doc.date > f.date_to):
        return False
    return True


def document_rows(doc_ids: np.ndarray) -> dict[str, np.ndarray]:
    """Document id -> its index rows, ascending. Rows come in runs per document (refresh writes them so): the runs
    are found in numpy, not by a Python loop over every row (0.3 s at 100k clauses)."""
    doc_ids = np.asarray(doc_ids, dtype=object)
    if len(doc_ids) == 0:
        return {}
    starts = np.flatnonzero(np.concatenate([[True], doc_ids[1:] != doc_ids[:-1]]))
    ends = np.append(starts[1:], len(doc_ids))
    runs: dict[str, list[np.ndarray]] = {}
    for start, end in zip(starts.tolist(), ends.tolist()):
        runs.setdefault(str(doc_ids[start]), []).append(np.arange(start, end, dtype=np.int64))
    return {d: parts[0] if len(parts) == 1 else np.concatenate(parts) for d, parts in runs.items()}


class Retriever:
    """Ranked clause ids over one ``ClauseIndex``, with the documents' metadata for filters and 文号."""

    def __init__(self, index: ClauseIndex, documents: Sequence[DocumentMeta], clauses: Mapping[str, Clause]) -> None:
        self.index = index
        self._docs = list(documents)
        self._clauses = clauses
        self._doc_rows = document_rows(index.doc_ids)
        self._numbers = {normalise_doc_number(d.doc_number): d.id for d in self._docs if d.doc_number}

    def allowed_rows(self, filters: Filters | None) -> np.ndarray | None:
        """Index rows of the documents passing ``filters``; None when nothing is filtered."""
        if filters is None or filters == Filters():
            return None
        keep = [d for d in self._docs if passes(d, filters)]
        rows = [self._doc_rows[d.id] for d in keep if d.id in self._doc_rows]
        return np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)

    def rank(
        self, prepared: PreparedQuery, filters: Filters | None, n: int, want_signals: bool = False,
        timings: dict[str, float] | None = None,
    ) -> Ranked:
        """Ranked ids per retriever (``n`` each); with ``want_signals`` also, per candidate clause, its dense cosine
        and the share of the query's (idf-weighted) words it contains. ``timings``: see ``ClauseIndex.retrieve``
        (plus fusion: the candidates' word coverage)."""
        rows = self.allowed_rows(filters)
        rankings: dict[str, list[str]] = {}
        ids = self.index.clause_ids
        docnum = self._docnum(prepared)
        if docnum:
            doc_rows = np.concatenate([self._doc_rows[d] for d in docnum if d in self._doc_rows])
            rows = doc_rows if rows is None else np.intersect1d(rows, doc_rows)
            if prepared.only_doc_number:  # the document itself, in order
                rankings["docnum"] = [ids[r] for r in rows[:n]]
                return Ranked(rankings, 1.0)
            # the clauses that quote the 文号 itself (the header line); the key marks the query as on-topic
            numbers = self._numbers_of(docnum)
            rankings["docnum"] = [
                ids[r] for r in rows if any(num in fold_width(self._clauses[ids[r]].text) for num in numbers)
            ][:n]
        got = self.index.retrieve(prepared, n, rows, timings)
        t = time.perf_counter()
        rankings["bm25"] = [ids[r] for r, _ in got.bm25]
        rankings["dense"] = [ids[r] for r, _ in got.dense]
        if got.context:
            rankings["context"] = [ids[r] for r, _ in got.context]
        candidates = list(dict.fromkeys([r for r, _ in got.bm25] + [r for r, _ in got.dense]))
        shares = self.index.term_share(prepared.tokens, candidates, prepared.alternatives)
        coverage = {ids[r]: share for r, share in zip(candidates, shares)}
        t = lap(timings, "fusion", t)
        if FEEDBACK_WEIGHT and got.query_vector is not None and got.dense:
            # the dense search again, moved toward the first pass's best fused clauses (kb.index.fuse)
            first = fuse(rankings, got.lexical_confidence, coverage)[:FEEDBACK_DEPTH]
            feedback = self.index.feedback_top(got.query_vector, [self.index.row_of[c] for c, _ in first], n, rows)
            rankings["feedback"] = [ids[r] for r, _ in feedback]
            new = [r for r, _ in feedback if ids[r] not in coverage]
            coverage.update(zip([ids[r] for r in new], self.index.term_share(prepared.tokens, new, prepared.alternatives)))
            lap(timings, "feedback", t)
        vector = {"query_vector": got.query_vector, "vector_text": got.vector_text}
        if not want_signals:
            return Ranked(rankings, got.lexical_confidence, coverage=coverage, **vector)
        signals: dict[str, dict[str, float]] = {ids[r]: {"cosine": sc} for r, sc in got.dense}
        for cid, share in coverage.items():
            signals.setdefault(cid, {})["share"] = share
        return Ranked(rankings, got.lexical_confidence, signals, coverage, **vector)

    def _numbers_of(self, doc_ids: list[str]) -> list[str]:
        return [n for n, d in self._numbers.items() if d in doc_ids]

    def _docnum(self, prepared: PreparedQuery) -> list[str]:
        return [doc for known, doc in self._numbers.items() if any(same_doc_number(n, known) for n in prepared.doc_numbers)]
