"""KnowledgeBase: hybrid clause search and extractive, cited answers over one index folder.

One instance is meant to be shared by every thread of the app: the index structures are read-only,
the embedder serialises its own calls, and lazy loading happens under a lock.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kb.config import Settings, settings_from_env
from kb.index import ClauseIndex
from kb.index.fuse import ranks_of
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
    Indicator,
)
from kb.places import province_first
from kb.store import Store

CANDIDATES = 100  # per retriever, before fusion (kb.index.fuse holds the fusion weights)
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
NOTHING = "没有找到相关条款：换个说法，或放宽筛选条件再试。(nothing relevant: try other words or fewer filters)"


class KnowledgeBase:
    """Search, answers and document access over one index folder."""

    def __init__(self, index_dir: Path, store: Store, index: ClauseIndex, settings: Settings) -> None:
        self.index_dir = Path(index_dir)
        self.store = store
        self.index = index
        self.settings = settings
        self._docs = {d.id: d for d in store.documents()}
        self._clauses = {c.id: c for c in store.clauses()}
        self._doc_clauses: dict[str, list[str]] = {}
        for c in self._clauses.values():
            self._doc_clauses.setdefault(c.doc_id, []).append(c.id)
        first_child: dict[str, str] = {}
        for c in sorted(self._clauses.values(), key=lambda c: (c.doc_id, c.seq)):
            if c.parent_id:
                first_child.setdefault(c.parent_id, c.id)
        # a section title (第四节 医养结合服务) -> its first clause, which answers in its stead
        self._heading_child = {
            cid: child for cid, child in first_child.items() if cid in self._clauses and is_heading(self._clauses[cid].text)
        }
        self._indicators: dict[str, list[Indicator]] | None = None
        self.retriever = Retriever(index, list(self._docs.values()), self._clauses)
        self._lock = threading.Lock()

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
        return [self._clauses[c] for c in self._doc_clauses.get(doc_id, [])]

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
        ids = self._doc_clauses.get(clause.doc_id, [])
        i = ids.index(clause_id)
        near = [self._clauses[c] for c in ids[max(0, i - before) : i + after + 1]]
        seen = {p.id for p in parents}
        return parents + [c for c in near if c.id not in seen]

    def indicators(self, clause_id: str) -> list[Indicator]:
        if self._indicators is None:
            with self._lock:
                if self._indicators is None:
                    by_clause: dict[str, list[Indicator]] = {}
                    for ind in self.store.indicators():
                        by_clause.setdefault(ind.clause_id, []).append(ind)
                    self._indicators = by_clause
        return self._indicators.get(clause_id, [])

    # ------------------------------------------------------------------ vectors (comparisons)

    def embed_query(self, text: str) -> np.ndarray:
        """The unit-length query embedding of ``text`` (simplified as search does), by the index's embedder."""
        vec = np.asarray(self.index.embed_query(simplify(text)), dtype=np.float32).reshape(-1)
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

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The ``k`` best clauses for ``query`` by fused BM25 + dense ranks, each with its per-retriever ranks."""
        ranked = self._rank(query, filters, CANDIDATES)
        ranks = ranks_of(ranked.rankings)
        return [self._hit(cid, score, ranks[cid]) for cid, score in ranked.fused(k)]

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

    def _rank(self, query: str, filters: Filters | None, n: int, want_signals: bool = False) -> Ranked:
        """``Retriever.rank`` of the simplified, prepared query."""
        return self.retriever.rank(prepare(simplify(query), self.index.tokenizer), filters, n, want_signals)

    # ------------------------------------------------------------------ answers

    def ask(self, question: str, filters: Filters | None = None, max_documents: int = MAX_DOCUMENTS) -> Answer:
        """Per document that answers, its best clause(s) with figures and a citation; or found=False.

        Extractive only: every text returned is a stored clause. A document answers when its best clause
        passes the relevance gate and either ranks near the best answer (``DOC_SCORE_RATIO`` of its fused
        score) or holds most of the question's words itself, synonyms counted (``MIN_TERM_SHARE``): a long
        clause that says it in other words ranks low by BM25 and its diluted embedding, yet answers. At most
        ``max_documents`` documents, the best-scored, shown province before its cities.
        """
        ranked = self._rank(question, filters, CANDIDATES, want_signals=True)
        rankings, signals = ranked.rankings, ranked.signals
        fused = ranked.fused(2 * CANDIDATES)
        if not fused or not on_topic(ranked):
            return Answer(question=question, found=False, message=NOTHING)
        ranks = ranks_of(rankings)
        best_score = fused[0][1]
        # per document: (clause shown, its score, the clause that matched: a section title's first clause is
        # shown in its stead, the title's own signals decide)
        per_doc: dict[str, list[tuple[str, float, str]]] = {}
        for matched, score in fused:
            cid = self._heading_child.get(matched, matched)
            picked = per_doc.setdefault(self._clauses[cid].doc_id, [])
            if any(cid == c for c, _, _ in picked):
                continue
            if len(picked) < 2 and (not picked or score >= 0.85 * picked[0][1]):
                picked.append((cid, score, matched))
        items = []
        for doc_id, picked in per_doc.items():
            _, top_score, top_id = picked[0]
            if not self._relevant(top_id, signals, rankings):
                continue
            share = signals.get(top_id, {}).get("share", 0.0)
            if top_score < DOC_SCORE_RATIO * best_score and share < MIN_TERM_SHARE:
                continue
            clauses = [self._clauses[c] for c, _, _ in picked]
            items.append(
                AnswerItem(
                    document=self._docs[doc_id],
                    clauses=clauses,
                    indicators=[i for c in clauses for i in self.indicators(c.id)],
                    citations=[self.citation(c) for c in clauses],
                    score=round(top_score, 6),
                    why=why_line(ranks[top_id]),
                )
            )
        items = order_items(sorted(items, key=lambda i: -i.score)[:max_documents])
        return Answer(question=question, items=items, found=bool(items), message="" if items else NOTHING)

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
    names = {"bm25": "关键词", "dense": "语义", "context": "上下文", "docnum": "文号"}
    return " · ".join(f"{names.get(k, k)}第{v}" for k, v in sorted(ranks.items(), key=lambda kv: kv[1]))


def order_items(items: Sequence[AnswerItem]) -> list[AnswerItem]:
    """National first, then each province's group (province document before its cities), groups by best score."""
    order = province_first([(it.document.level, it.document.province, it.document.region, it.score) for it in items])
    return [items[n] for n in order]
