"""KnowledgeBase: hybrid clause search and extractive, cited answers over one index folder.

One instance is meant to be shared by every thread of the app: the index structures are read-only,
the embedder is thread-safe (the ONNX one runs queries concurrently, the others serialise their own calls), and
lazy loading happens under a lock.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any
from pathlib import Path

import numpy as np

from kb.clause_cache import ClauseCache
from kb.config import Settings, settings_from_env
from kb.index import ClauseIndex
from kb.index.clause_index import lap
from kb.index.fuse import ranks_of
from kb.index.groups import GROUP_JACCARD, group_near_duplicates
from kb.index.query import prepare, simplify
from kb.index.retrieval import Ranked, Retriever
from kb.models import (
    Answer,
    AnswerItem,
    Citation,
    Clause,
    Document,
    DocumentMeta,
    Filters,
    Hit,
    HitRef,
    Indicator,
    Passage,
    Responsibility,
    SummaryRow,
)
from kb.store import Store

CANDIDATES = 100  # per retriever, before fusion (kb.index.fuse holds the fusion weights)
GROUP_POOL = 5  # search groups near-duplicates among the best GROUP_POOL x k fused clauses (kb.index.groups)
# Relevance gate for answers, calibrated on 62 real questions and 15 off-topic ones (scripts/bench_search.py
# --calibrate): e5 cosines of off-topic Chinese questions with their nearest clause reached 0.865, real ones
# started at 0.872. A question passes when its nearest clause reaches QUERY_COSINE, or CLAUSE_COSINE with most
# of its (idf-weighted, unknown words counted) words in one clause; each document's clause then needs
# CLAUSE_COSINE or that word share.
QUERY_COSINE = 0.87
CLAUSE_COSINE = 0.85
MIN_TERM_SHARE = 0.75
DOC_SCORE_RATIO = 0.5  # a document whose best clause scores under half the best answer's needs MIN_TERM_SHARE
MAX_DOCUMENTS = 12  # documents per answer (the app shows as many cards)
CANDIDATES_PER_DOC = 4  # clauses of one document read for an answering sentence
NOTHING = "没有找到相关条款：换个说法，或放宽筛选条件再试。"
EMPTY_QUESTION = "问题是空的：请输入要查的内容，例如“新建小区配建标准”。"


class KnowledgeBase:
    """Search, answers and document access over one index folder."""

    def __init__(self, index_dir: Path, store: Store, index: ClauseIndex, settings: Settings) -> None:
        self.index_dir = Path(index_dir)
        self.store = store
        self.index = index
        self.settings = settings
        self._docs = {d.id: d for d in store.documents()}
        # clauses and records are read from the store when a search needs them (kb.clause_cache)
        self._clauses = ClauseCache(store, index.doc_of, is_heading)
        self._units_list: list[str] | None = None
        self.retriever = Retriever(index, list(self._docs.values()), self._clauses)

    @classmethod
    def open(cls, index_dir: Path, settings: Settings | None = None, *, embedder: object = None) -> KnowledgeBase:
        """Open an index folder built by ``kb ingest``; the embedder loads on the first query.

        Raises:
            IndexMissingError: nothing built there.
            IndexMismatchError: built with another model or settings.
        """
        settings = settings or settings_from_env()
        store = Store.open(Path(index_dir))
        index = ClauseIndex.open(Path(index_dir), settings, embedder=embedder)  # type: ignore[arg-type]
        return cls(index_dir, store, index, settings)

    # ------------------------------------------------------------------ documents and clauses

    def documents(self) -> list[DocumentMeta]:
        return list(self._docs.values())

    def document_meta(self, doc_id: str) -> DocumentMeta | None:
        return self._docs.get(doc_id)

    def document(self, doc_id: str) -> Document | None:
        return self.store.document(doc_id)

    def clause(self, clause_id: str) -> Clause | None:
        return self._clauses.get(clause_id)

    def clauses(self, doc_id: str) -> list[Clause]:
        return list(self._clauses.of_document(doc_id)) if doc_id in self._docs else []

    def context(self, clause_id: str, before: int = 1, after: int = 1) -> list[Clause]:
        """The clause's ancestors (outermost first), then ``before`` preceding clauses, itself and ``after`` next."""
        clause = self._clauses.get(clause_id)
        if clause is None:
            return []
        parents: list[Clause] = []
        parent = self._clauses.get(clause.parent_id or "")
        while parent is not None and len(parents) < 10:
            parents.insert(0, parent)
            parent = self._clauses.get(parent.parent_id or "")
        ids = [c.id for c in self._clauses.of_document(clause.doc_id)]
        i = ids.index(clause_id)
        near = self._clauses.of_document(clause.doc_id)[max(0, i - before) : i + after + 1]
        seen = {p.id for p in parents}
        return parents + [c for c in near if c.id not in seen]

    def indicators(self, clause_id: str) -> list[Indicator]:
        return self._clauses.indicators(clause_id)

    def document_indicators(self, doc_id: str) -> dict[str, list[Indicator]]:
        """The document's indicators by clause id, parsed once per open index (comparisons ask for every document)."""
        return self._clauses.document_indicators(doc_id)

    # ------------------------------------------------------------------ vectors (comparisons)

    def embed_query(self, text: str, ranked: Ranked | None = None) -> np.ndarray:
        """The unit-length query embedding of ``text`` (simplified as search does), by the index's embedder;
        ``ranked``: a retrieval whose dense query vector is reused when it embedded the same text."""
        text = simplify(text)
        reuse = ranked is not None and ranked.query_vector is not None and ranked.vector_text == text
        vec = np.asarray(ranked.query_vector if reuse else self.index.embed_query(text),  # type: ignore[union-attr]
                         dtype=np.float32).reshape(-1)
        return vec / max(float(np.linalg.norm(vec)), 1e-12)

    def clause_vectors(self, clause_ids: Sequence[str]) -> np.ndarray:
        """One unit vector per clause, rows in ``clause_ids`` order: the normalised mean of the clause's
        passage-window vectors (a long clause is embedded as several windows, see ``kb.index.passage_windows``).

        Raises:
            KBError: a clause id the search index does not hold (rebuild the index with ``kb ingest``).
        """
        from kb.errors import KBError

        rows = [self.index.row_of.get(cid) for cid in clause_ids]
        missing = [cid for cid, row in zip(clause_ids, rows) if row is None]
        if missing:
            raise KBError(
                f"clause {missing[0]} is not in the search index {self.index_dir} "
                f"({len(missing)} missing): rebuild it with `kb ingest`"
            )
        return self.index.clause_vectors(rows)  # type: ignore[arg-type]

    def citation(self, clause: Clause) -> Citation:
        """Title, 文号, date and clause path (三（一）6) of a clause, with a paste-able line."""
        from kb.ingest.segment import citation as clause_path

        doc = self._docs.get(clause.doc_id)
        title = doc.title if doc else clause.doc_id
        path = clause_path(clause.path, clause.number)
        bits = [b for b in ((doc.doc_number if doc else ""), (doc.date if doc else "")) if b]
        line = f"《{title}》" + (f"（{'，'.join(bits)}）" if bits else "") + (f" {path}" if path else "")
        return Citation(
            title=title, doc_number=doc.doc_number if doc else "", date=doc.date if doc else "", path=path, text=line
        )

    # ------------------------------------------------------------------ search

    def allowed_rows(self, filters: Filters | None) -> np.ndarray | None:
        """Index rows of the documents passing ``filters``; None when nothing is filtered."""
        return self.retriever.allowed_rows(filters)

    def search(self, query: str, k: int = 10, filters: Filters | None = None, group: float = GROUP_JACCARD,
               timings: dict[str, float] | None = None) -> list[Hit]:
        """The ``k`` best clauses for ``query`` by fused BM25 + dense ranks (a clause stating what the question
        asks for lifted, see ``with_answers``), each with its per-retriever ranks. Near-identical clauses (other
        documents' copies, ``kb.index.groups``; ``group`` = the Jaccard threshold, > 1 turns grouping off) are
        one hit: the best-ranked copy, the others in its ``also``.

        ``timings``, when given, receives each stage's milliseconds (embed, bm25, dense, context, answers, fusion,
        assembly).
        """
        ranked = self._rank(query, filters, CANDIDATES, timings=timings)
        t = time.perf_counter()
        ranked = self.with_answers(query, ranked)
        t = lap(timings, "answers", t)
        return self.hits(ranked, k, group, timings=timings, started=t)

    def hits(self, ranked: Ranked, k: int = 10, group: float = GROUP_JACCARD,
             timings: dict[str, float] | None = None, started: float | None = None) -> list[Hit]:
        """The ``k`` best groups of near-identical clauses of a fused ranking, as hits (see ``search``)."""
        t = time.perf_counter() if started is None else started
        ranks = ranks_of(ranked.rankings)
        fused = ranked.fused(GROUP_POOL * k)
        t = lap(timings, "fusion", t)
        self._clauses.many(cid for cid, _ in fused)  # one read for every candidate
        groups = group_near_duplicates([self._clauses[cid].text for cid, _ in fused], group, limit=k)
        hits = []
        for members in groups:
            (cid, score), copies = fused[members[0]], [fused[m][0] for m in members[1:]]
            also = [HitRef(clause_id=c, doc_id=self._clauses[c].doc_id) for c in copies]
            hits.append(self._hit(cid, score, ranks[cid]).model_copy(update={"also": also}))
        lap(timings, "assembly", t)
        return hits

    def with_answers(self, question: str, ranked: Ranked) -> Ranked:
        """``ranked`` with, for every candidate, whether it states what the question asks for beyond its topic
        (``kb.answers.answer_fit``: a figure of the asked kind, a ruling, a duty); unchanged when it asks nothing."""
        from dataclasses import replace

        from kb.answers import answer_fit, intent_of

        intent = intent_of(simplify(question))
        if not (intent.quantity or intent.permission or intent.duty):
            return ranked
        ids = list(dict.fromkeys(cid for ids in ranked.rankings.values() for cid in ids))
        self._clauses.many(ids)  # one read for every candidate
        fits = {cid: answer_fit(intent, self._clauses[cid].text, self.indicators(cid), self.responsibilities(cid))
                for cid in ids}
        return replace(ranked, answers={cid: f for cid, f in fits.items() if f})

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> Ranked:
        """Each retriever's own ranked clause ids, before fusion (for benchmarks and explanations)."""
        return self._rank(query, filters, k)

    def _hit(self, clause_id: str, score: float, ranks: dict[str, int]) -> Hit:
        clause = self._clauses[clause_id]
        return Hit(
            clause_id=clause_id,
            doc_id=clause.doc_id,
            text=clause.display_text or clause.text,
            score=round(float(score), 6),
            ranks=ranks,
            clause=clause,
            document=self._docs.get(clause.doc_id),
        )

    def _rank(self, query: str, filters: Filters | None, n: int, want_signals: bool = False,
              timings: dict[str, float] | None = None) -> Ranked:
        """``Retriever.rank`` of the simplified, prepared query (preparing it counts as BM25's time)."""
        t = time.perf_counter()
        prepared = prepare(simplify(query), self.index.tokenizer)
        lap(timings, "bm25", t)
        return self.retriever.rank(prepared, filters, n, want_signals, timings)

    # ------------------------------------------------------------------ answers

    def ask(self, question: str, filters: Filters | None = None, max_documents: int = MAX_DOCUMENTS) -> Answer:
        """Per document that answers, the clause(s) that say it, with figures and a citation; or found=False.

        Extractive only: every text returned is a stored clause. A document is considered when its best clause
        passes the relevance gate and either ranks near the best answer (``DOC_SCORE_RATIO`` of its fused
        score) or holds most of the question's words itself, synonyms counted (``MIN_TERM_SHARE``). Of its
        candidate clauses only those that answer are cited (kb.answers: a sentence holding the question's topic
        words and, for 标准/多少 questions, stating a figure; for a named unit, a task of that unit). A document
        none of whose clauses answers is kept after the others with its best clause, marked ``direct=False``.
        Documents are ranked by how well they answer (direct first, then the answering sentence's word share,
        then the fused score), at most ``max_documents``; the summary lists the asked figures.
        """
        from kb.answers import intent_of

        question = question.strip()
        if not question:
            return Answer(question=question, found=False, message=EMPTY_QUESTION)
        ranked = self._rank(question, filters, CANDIDATES, want_signals=True)
        rankings, signals = ranked.rankings, ranked.signals
        fused = ranked.fused(2 * CANDIDATES)
        if not fused or not on_topic(ranked):
            return Answer(question=question, found=False, message=NOTHING)
        ranks = ranks_of(rankings)
        best_score = fused[0][1]
        # per document: its candidate clauses (clause shown, its score, the clause that matched: a section
        # title's first clause is shown in its stead, the title's own signals decide)
        per_doc: dict[str, list[tuple[str, float, str]]] = {}
        self._clauses.many(cid for cid, _ in fused)  # one read for every candidate
        for matched, score in fused:
            cid = self._clauses.shown(matched)
            picked = per_doc.setdefault(self.index.doc_of(cid) or self._clauses[cid].doc_id, [])
            if any(cid == c for c, _, _ in picked):
                continue
            if len(picked) < CANDIDATES_PER_DOC and (not picked or score >= 0.5 * picked[0][1]):
                picked.append((cid, score, matched))
        docs = {}
        for doc_id, picked in per_doc.items():
            _, top_score, top_id = picked[0]
            if not self._relevant(top_id, signals, rankings):
                continue
            share = signals.get(top_id, {}).get("share", 0.0)
            if top_score < DOC_SCORE_RATIO * best_score and share < MIN_TERM_SHARE:
                continue
            docs[doc_id] = picked
        if not docs:
            return Answer(question=question, found=False, message=NOTHING)
        terms = self._terms(question)
        intent = intent_of(question, self._units())
        readings = self._read(docs, terms, intent)
        if not any(r.answers for rs in readings.values() for r in rs):
            intent = type(intent)()  # nothing states the asked figure or unit: answer by topic words alone
            readings = self._read(docs, terms, intent)
        items = [self._item(doc_id, docs[doc_id], readings[doc_id], intent, ranks) for doc_id in docs]
        items = sorted(items, key=_answer_rank)[:max_documents]
        summary = self._summary(items) if intent.quantity else []
        return Answer(question=question, items=items, found=bool(items), message="" if items else NOTHING,
                      terms=terms.words(), summary=summary)

    def _read(self, docs: dict[str, list[tuple[str, float, str]]], terms: Any, intent: Any) -> dict[str, list[Any]]:
        from kb.answers import read_clause

        return {
            doc_id: [read_clause(cid, self._clauses[cid].text, self.indicators(cid), self.responsibilities(cid),
                                 terms, intent) for cid, _, _ in picked]
            for doc_id, picked in docs.items()
        }

    def _item(self, doc_id: str, picked: list[tuple[str, float, str]], readings: list[Any], intent: Any,
              ranks: dict[str, dict[str, int]]) -> AnswerItem:
        """The cited clauses of one document: those that answer (at most two, the asked unit's lead tasks and
        the best sentences first), else its best clause alone, marked indirect."""
        scored = list(zip(picked, readings, strict=True))
        answering = [(p, r) for p, r in scored if r.answers]
        asked = bool(intent.units or intent.quantity)
        if asked and answering:
            answering.sort(key=lambda pr: (not pr[1].lead, -round(pr[1].share, 2), -pr[0][1]))
            chosen = answering[:2]
        else:  # the best clause (it passed the relevance gate), then one more only if it holds the question too
            top_share = scored[0][1].share
            chosen = [scored[0], *[pr for pr in answering[:2] if pr[0][0] != picked[0][0] and pr[1].share >= top_share]][:2]
        clauses = [self._clauses[p[0]] for p, _ in chosen]
        top = picked[0]
        return AnswerItem(
            document=self._docs[doc_id],
            clauses=clauses,
            indicators=[i for c in clauses for i in self.indicators(c.id)],
            citations=[self.citation(c) for c in clauses],
            score=round(top[1], 6),
            why=why_line(ranks[top[2]]),
            direct=bool(answering) or not asked,
            passages=[Passage(clause_id=r.clause_id, start=r.start, end=r.end) for _, r in chosen],
            share=round(max(r.share for _, r in chosen), 3),
        )

    def _summary(self, items: Sequence[AnswerItem]) -> list[SummaryRow]:
        """One row per cited clause whose answering sentence states figures (the records of that sentence)."""
        rows = []
        for item in items:
            if not item.direct:
                continue
            for clause, cite, passage in zip(item.clauses, item.citations, item.passages, strict=True):
                figures = [i for i in self.indicators(clause.id) if passage.start <= i.start < passage.end]
                if figures:
                    doc = item.document
                    rows.append(SummaryRow(doc_id=doc.id, region=doc.region, level=doc.level, title=doc.title,
                                           doc_number=doc.doc_number, clause_id=clause.id, path=cite.path,
                                           indicators=figures))
        return rows

    def _terms(self, question: str) -> Any:
        """The question's topic words weighted as term_share weighs them (the asked 标准/多少 left out)."""
        from kb.answers import Terms, topic_tokens

        prepared = prepare(simplify(question), self.index.tokenizer)
        tokens = topic_tokens(prepared.tokens) or list(prepared.tokens)
        lexical = self.index.lexical
        weights = lexical.presence(tokens, [0])[0] if lexical is not None and tokens else np.ones(len(tokens))
        known = float(weights.max(initial=0.0)) or 1.0
        return Terms({t: float(w) if w > 0 else known for t, w in zip(tokens, weights)},
                     {t: a for t, a in prepared.alternatives.items() if t in tokens})

    def responsibilities(self, clause_id: str) -> list[Responsibility]:
        return self._clauses.responsibilities(clause_id)

    def _units(self) -> list[str]:
        if self._units_list is None:
            self._units_list = self.store.responsibility_units()
        return self._units_list

    def _relevant(self, clause_id: str, signals: dict[str, dict[str, float]], rankings: dict[str, list[str]]) -> bool:
        if "docnum" in rankings:
            return True
        sig = signals.get(clause_id, {})
        return sig.get("cosine", 0.0) >= CLAUSE_COSINE or sig.get("share", 0.0) >= MIN_TERM_SHARE


_SENTENCE_MARK = re.compile(r"[。；;！？!?：:，,]")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")


def is_heading(text: str) -> bool:
    """Whether a clause's text is only a title (第四节 医养结合服务, （一）设施建设。): short, no sentence in it, not
    an article (第二十八条 …), and a full stop only after a few characters."""
    text = text.strip()
    body = text[:-1] if text.endswith("。") else text
    if len(body) > 40 or _SENTENCE_MARK.search(body) or _ARTICLE.match(body):
        return False
    return not text.endswith("。") or len(body) <= 15


def on_topic(ranked: Ranked) -> bool:
    """Whether anything in the corpus answers the question at all (see QUERY_COSINE)."""
    if "docnum" in ranked.rankings:
        return True
    cosine = max((s.get("cosine", 0.0) for s in ranked.signals.values()), default=0.0)
    share = max((s.get("share", 0.0) for s in ranked.signals.values()), default=0.0)
    return cosine >= QUERY_COSINE or (cosine >= CLAUSE_COSINE and share >= MIN_TERM_SHARE)


def why_line(ranks: dict[str, int]) -> str:
    """'语义第1 · 关键词第2': each retriever's rank of a clause, best first."""
    names = {"bm25": "关键词", "dense": "语义", "context": "上下文", "docnum": "文号", "feedback": "反馈"}
    return " · ".join(f"{names.get(k, k)}第{v}" for k, v in sorted(ranks.items(), key=lambda kv: kv[1]))


def _answer_rank(item: AnswerItem) -> tuple[bool, float, float]:
    """Documents that state what was asked first, then by how much of the question their answer holds, then score
    (the level is a label on the card, not the order)."""
    return (not item.direct, -round(item.share, 1), -item.score)
