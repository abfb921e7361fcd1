"""A built index opened for search: clause rows, bm25s, FAISS and the (lazily loaded) query embedder."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import Settings, query_adapter_file
from kb.index.adapter import QueryAdapter, load_adapter
from kb.index.embedder import Embedder, make_embedder
from kb.index.fuse import FEEDBACK_BETA
from kb.index.lexical import top_rows
from kb.index.manifest import CONTEXT_FAISS, CONTEXT_ROWS, PASSAGES, ROWS, check_manifest, read_manifest
from kb.index.query import PreparedQuery
from kb.index.tokenizer import PolicyTokenizer

EXPANSION_WEIGHT = 0.5  # synonyms count half as much as the query's own words
# A query word's thesaurus wordings (PreparedQuery.thesaurus) add THESAURUS_WEIGHT x the best of their BM25 scores:
# chosen by leave-one-query-set-out over the five query sets (scripts/bench_archive_search.py --expansions, --loso)
THESAURUS_WEIGHT = 0.5
# Clauses longer than this are embedded as several windows of whole sentences (a clause's dense score is its
# best window's): one vector for a 900-character 专栏 blurs every item in it.
WINDOW = 200
# The context retriever embeds each document as fixed windows of CONTEXT characters (CONTEXT_OVERLAP shared with
# the next); a clause scores as the best window it lies in. A window holds the article's opening sentence with its
# list items, or an item with its neighbours: the topic a short clause alone does not state ("（一）挤占和挪用养老
# 服务设施用房" is about a fine only with "违反本条例规定…处…罚款" before it). Same sizes as the usual RAG chunks.
CONTEXT = 500
CONTEXT_OVERLAP = 100
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?\n])")


@dataclass(frozen=True)
class Retrieval:
    """Each retriever's best clause rows for one query, as (row, score) best first."""

    bm25: list[tuple[int, float]]
    dense: list[tuple[int, float]]
    # clause rows by the best context window they lie in (same-window ties in dense order, then document order)
    context: list[tuple[int, float]] = field(default_factory=list)
    # share of the query's (idf-weighted) words found in the best BM25 clause: 1.0 = a keyword query the
    # corpus speaks to directly, low = a paraphrase in other words (fusion leans on the dense ranks then)
    lexical_confidence: float = 0.0
    # the dense query vector and the text it embeds (compare reuses it instead of embedding the topic again)
    query_vector: np.ndarray | None = None
    vector_text: str = ""


def lap(timings: dict[str, float] | None, stage: str, since: float) -> float:
    """Add the milliseconds since ``since`` to ``timings[stage]`` (when timings are asked for); returns now."""
    now = time.perf_counter()
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + (now - since) * 1000
    return now


class ClauseVectors:
    """Per-clause unit vectors (mean of the clause's window vectors), in clause row order; built on first use."""

    def __init__(self, index: ClauseIndex) -> None:
        self._index = index
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    @property
    def kind(self) -> str:
        return self._index.passages.kind

    def vectors(self) -> np.ndarray:
        if self._matrix is None:
            with self._lock:
                if self._matrix is None:
                    self._matrix = self._index.clause_vectors(np.arange(self._index.size))
        return self._matrix


def context_windows(length: int, size: int = CONTEXT, overlap: int = CONTEXT_OVERLAP) -> list[tuple[int, int]]:
    """(start, end) of fixed windows over a text of ``length`` characters: ``size`` long, each sharing ``overlap``
    with the next, the last one ending at the text's end (a text shorter than ``size`` is one window)."""
    if length <= 0:
        return []
    starts = range(0, max(length - overlap, 1), size - overlap)
    return [(start, min(start + size, length)) for start in starts]


def context_spans(text: str, clauses: Sequence[Any], first_row: int) -> list[tuple[str, int, int]]:
    """The context windows of one document's ``text`` as (window text, first clause row, end clause row): the
    rows (``first_row`` + position in ``clauses``, which are in document order) of the clauses each overlaps.
    Windows that overlap no clause (a title block, say) are left out."""
    return [(text[start:end], first, last) for start, end, first, last, _ in context_overlaps(text, clauses, first_row)]


def context_overlaps(
    text: str, clauses: Sequence[Any], first_row: int
) -> list[tuple[int, int, int, int, list[int]]]:
    """Like ``context_spans`` but as (window start, window end, first row, end row, characters of each of those
    rows' clauses inside the window): what pooling clause vectors into a window vector weighs them by."""
    out = []
    for start, end in context_windows(len(text)):
        inside = [(first_row + i, min(c.end, end) - max(c.start, start)) for i, c in enumerate(clauses)
                  if c.start < end and c.end > start]
        if inside:
            out.append((start, end, inside[0][0], inside[-1][0] + 1, [n for _, n in inside]))
    return out


def pooled_context_vectors(clause_vectors: np.ndarray, windows: Sequence[tuple[int, int, list[int]]]) -> np.ndarray:
    """One unit vector per context window: the mean of its clauses' vectors weighted by how many of each clause's
    characters lie in the window (mE5 pools its tokens by mean, so this approximates embedding the window's text
    without running the model again: the context retriever then costs no model time).

    Args:
        clause_vectors: one unit vector per clause row.
        windows: (first row, end row, characters of each row in the window) per window.
    """
    out = np.zeros((len(windows), clause_vectors.shape[1] if clause_vectors.ndim == 2 else 0), dtype=np.float32)
    for w, (first, end, weights) in enumerate(windows):
        out[w] = np.asarray(weights, dtype=np.float32) @ clause_vectors[first:end]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)


def clause_mean_vectors(passage_vectors: np.ndarray, passage_clause: np.ndarray, n: int) -> np.ndarray:
    """Per-clause unit vectors: the normalised mean of each clause's window vectors (rows of ``passage_clause``)."""
    dim = passage_vectors.shape[1] if passage_vectors.ndim == 2 else 0
    out = np.zeros((n, dim), dtype=np.float32)
    np.add.at(out, np.asarray(passage_clause, dtype=np.int64), passage_vectors)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def passage_windows(text: str, size: int = WINDOW) -> list[str]:
    """``text`` itself when short, else consecutive windows of whole sentences of at most ``size`` characters
    (a longer sentence is cut); the windows cover the text in order without overlap."""
    text = text.strip()
    if len(text) <= size:
        return [text]
    windows: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(text) if s.strip()):
        while len(sentence) > size:
            if current:
                windows.append(current)
                current = ""
            windows.append(sentence[:size])
            sentence = sentence[size:]
        if len(current) + len(sentence) > size:
            windows.append(current)
            current = ""
        current += sentence
    if current.strip():
        windows.append(current)
    return [w.strip() for w in windows if w.strip()]


def passage_texts(clause: Any) -> list[str]:
    """What is embedded for a clause: its text, in windows when long (vector cache key: each window's sha1)."""
    return passage_windows(clause.text)


def lexical_text(clause: Any) -> str:
    """What BM25 indexes for a clause: its heading (when the text does not start with it) and its text."""
    heading = getattr(clause, "heading", "") or ""
    if heading and heading not in clause.text[: len(heading) + 8]:
        return f"{heading} {clause.text}"
    return clause.text


class ClauseIndex:
    """Read-only search structures of one index folder; safe to share between threads."""

    def __init__(
        self,
        index_dir: Path,
        manifest: dict[str, Any],
        clause_ids: list[str],
        doc_ids: list[str],
        lexical: Any,
        dense: Any,
        settings: Settings,
        embedder: Embedder | None = None,
        passage_clause: np.ndarray | None = None,
        context: Any = None,
        context_rows: np.ndarray | None = None,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.manifest = manifest
        self.clause_ids = clause_ids
        self.row_of = {cid: i for i, cid in enumerate(clause_ids)}
        one: dict[str, str] = {}  # one string object per document, not per row (~70 MB at 1M clauses)
        self.doc_ids = np.asarray([one.setdefault(d, d) for d in doc_ids], dtype=object)
        self.lexical = lexical
        self.passages = dense  # FAISS over the passage windows
        self.dense = ClauseVectors(self)  # one vector per clause row (what comparisons use)
        # dense row -> clause row (several dense rows per long clause, in clause order)
        self.passage_clause = (
            np.arange(len(clause_ids), dtype=np.int64) if passage_clause is None else np.asarray(passage_clause)
        )
        self.context = context  # FAISS over the documents' context windows (None: no context retriever)
        # context window -> [first, end) clause rows it overlaps
        self.context_rows = np.zeros((0, 2), dtype=np.int64) if context_rows is None else np.asarray(context_rows)
        self.settings = settings
        self.tokenizer = PolicyTokenizer()
        self._embedder = embedder
        self._adapter: QueryAdapter | None | bool = False  # False: not read yet
        self._lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: Path, settings: Settings, embedder: Embedder | None = None) -> ClauseIndex:
        """Load an index folder written by ``kb.index.refresh``.

        Raises:
            IndexMissingError: no manifest in the folder.
            IndexMismatchError: built with another model, settings or tokenizer.
        """
        from kb.index.dense import DenseIndex
        from kb.index.lexical import LexicalIndex

        index_dir = Path(index_dir)
        manifest = read_manifest(index_dir)
        check_manifest(manifest, settings, PolicyTokenizer().signature, index_dir)
        rows = json.loads((index_dir / ROWS).read_text(encoding="utf-8"))
        n = len(rows["clause_ids"])
        lexical = LexicalIndex.load(index_dir, n) if n else None
        dense = DenseIndex.load(index_dir)
        passage_clause = np.load(index_dir / PASSAGES)
        context = DenseIndex.load(index_dir, CONTEXT_FAISS)
        return cls(index_dir, manifest, rows["clause_ids"], rows["doc_ids"], lexical, dense, settings, embedder,
                   passage_clause, context, np.load(index_dir / CONTEXT_ROWS))

    @property
    def size(self) -> int:
        return len(self.clause_ids)

    def doc_of(self, clause_id: str) -> str | None:
        """The document id of a clause in the index (None: not in it)."""
        row = self.row_of.get(clause_id)
        return None if row is None else str(self.doc_ids[row])

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = make_embedder(self.settings.embedder)
        return self._embedder

    def embed_query(self, text: str) -> np.ndarray:
        """The query's unit vector, through the query adapter when one is set for this embedder."""
        vector = self.embedder.encode_queries([text])[0]
        adapter = self.query_adapter
        return vector if adapter is None or adapter.model != self.embedder.name else adapter.apply(vector)

    @property
    def query_adapter(self) -> QueryAdapter | None:
        """The adapter KB_QUERY_ADAPTER names (``kb.config.query_adapter_file``), read once; None: off."""
        if self._adapter is False:
            path = query_adapter_file()
            self._adapter = None if path is None else load_adapter(path)
        return self._adapter  # type: ignore[return-value]

    @query_adapter.setter
    def query_adapter(self, adapter: QueryAdapter | None) -> None:
        self._adapter = adapter

    def clause_vectors(self, rows: Sequence[int]) -> np.ndarray:
        """One unit vector per clause row, in ``rows`` order: the normalised mean of the clause's passage-window
        vectors (a long clause is embedded as several windows, see ``passage_windows``)."""
        owner = self.passage_clause  # dense row -> clause row, non-decreasing (refresh writes in order)
        starts = np.searchsorted(owner, rows, side="left")
        ends = np.searchsorted(owner, rows, side="right")
        wanted = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)] or [np.zeros(0, np.int64)])
        windows = self.passages.reconstruct(wanted)
        out = np.zeros((len(rows), windows.shape[1] if windows.ndim == 2 else 0), dtype=np.float32)
        np.add.at(out, np.repeat(np.arange(len(rows)), ends - starts), windows)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def lexical_scores(self, tokens: list[str]) -> np.ndarray:
        if self.lexical is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return self.lexical.scores(tokens)

    def thesaurus_scores(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """Per row, the sum over ``groups`` of the best BM25 score of any wording in the group (one group stands
        for one query word: a clause saying two of its wordings does not count it twice)."""
        total = np.zeros(self.size, dtype=np.float32)
        if self.lexical is None:
            return total
        for group in groups:
            rows, best = self.lexical.best_scores(group)
            total[rows] += best
        return total

    def dense_top(self, vector: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``k`` clause rows whose best window is most similar to ``vector``, only among ``rows`` if given."""
        if self.size == 0:
            return []
        passages = None
        if rows is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[rows] = True
            passages = np.nonzero(mask[self.passage_clause])[0]
        # long clauses own several windows: ask for a quarter more windows than clauses, so that one search
        # usually yields k distinct clauses (the first k clauses in score order do not depend on how many were
        # fetched; asking for exactly k windows needed a second, three times larger search for most queries)
        fetch = k + (k + 3) // 4
        while True:
            found = self.passages.search(vector, fetch, passages)
            out: dict[int, float] = {}
            for p, score in found:
                out.setdefault(int(self.passage_clause[p]), score)
            if len(out) >= k or len(found) < fetch:
                return list(out.items())[:k]
            fetch *= 3

    def feedback_top(self, vector: np.ndarray, best: Sequence[int], k: int, rows: np.ndarray | None = None,
                     beta: float = FEEDBACK_BETA) -> list[tuple[int, float]]:
        """Pseudo-relevance feedback: the ``k`` clause rows nearest normalise(q + ``beta`` x the mean vector of
        ``best``) for the unit query vector q (``best``: the first pass's best clause rows), within ``rows``."""
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        if len(best):
            q = q + beta * self.clause_vectors(list(best)).mean(axis=0)
            q = q / max(float(np.linalg.norm(q)), 1e-12)
        return self.dense_top(q.reshape(1, -1), k, rows)

    def retrieve(
        self, query: PreparedQuery, n: int, rows: np.ndarray | None = None, timings: dict[str, float] | None = None
    ) -> Retrieval:
        """BM25 (query words + synonyms at ``EXPANSION_WEIGHT``) and dense top-``n`` rows, within ``rows`` if given;
        each stage's milliseconds added to ``timings`` (bm25, embed, dense, context) when given."""
        if rows is not None and len(rows) == 0:
            return Retrieval([], [])
        t = time.perf_counter()
        mask = None
        if rows is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[rows] = True
        lex = self.lexical_scores(query.tokens)
        if query.expansion:
            lex = lex + EXPANSION_WEIGHT * self.lexical_scores(query.expansion)
        lex = lex + THESAURUS_WEIGHT * self.thesaurus_scores(query.thesaurus)
        bm25 = top_rows(lex, n, mask)
        confidence = self.term_share(query.tokens, [bm25[0][0]], query.alternatives)[0] if bm25 else 0.0
        t = lap(timings, "bm25", t)
        vector = self.embed_query(query.text)
        t = lap(timings, "embed", t)
        dense = self.dense_top(vector, n, rows)
        t = lap(timings, "dense", t)
        context = self.context_top(vector, n, mask, [r for r, _ in dense])
        lap(timings, "context", t)
        return Retrieval(bm25=bm25, dense=dense, context=context, lexical_confidence=confidence,
                         query_vector=vector, vector_text=query.text)

    def context_top(
        self, vector: np.ndarray, n: int, mask: np.ndarray | None = None, dense_order: Sequence[int] = ()
    ) -> list[tuple[int, float]]:
        """Up to ``n`` clause rows by the best context window they lie in (score = that window's cosine); the
        clauses of one window in ``dense_order`` first, then in document order; only rows in ``mask`` if given."""
        if self.context is None or self.context.size == 0:
            return []
        windows = None
        if mask is not None:
            allowed = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])  # allowed rows before each row
            windows = np.nonzero(allowed[self.context_rows[:, 1]] > allowed[self.context_rows[:, 0]])[0]
            if len(windows) == 0:
                return []
        fetch = max(8, n // 3)
        while True:
            found = self.context.search(vector, fetch, windows)
            out = self._window_members(found, mask, dense_order)
            if len(out) >= n or len(found) < fetch:
                return out[:n]
            fetch *= 3

    def _window_members(
        self, found: list[tuple[int, float]], mask: np.ndarray | None, dense_order: Sequence[int]
    ) -> list[tuple[int, float]]:
        """The clause rows of the ``found`` windows (best first), each once with its best window's score: a
        window's rows in ``dense_order`` first, then in document order (in numpy: a Python loop over every
        member row cost about 4 ms a query)."""
        if not found:
            return []
        ids = np.fromiter((w for w, _ in found), dtype=np.int64, count=len(found))
        scores = [s for _, s in found]
        spans = self.context_rows[ids]
        counts = spans[:, 1] - spans[:, 0]
        win = np.repeat(np.arange(len(ids)), counts)
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rows = np.repeat(spans[:, 0] - offsets, counts) + np.arange(int(counts.sum()), dtype=np.int64)
        if mask is not None:
            keep = mask[rows]
            win, rows = win[keep], rows[keep]
        dense = np.asarray(dense_order, dtype=np.int64)
        rank = np.full(len(rows), len(dense), dtype=np.int64)
        if len(dense) and len(rows):
            by_row = np.argsort(dense, kind="stable")
            pos = np.minimum(np.searchsorted(dense[by_row], rows), len(dense) - 1)
            hit = dense[by_row][pos] == rows
            rank[hit] = by_row[pos[hit]]
        order = np.lexsort((rows, rank, win))
        rows, win = rows[order], win[order]
        first = np.sort(np.unique(rows, return_index=True)[1])
        return [(int(r), scores[w]) for r, w in zip(rows[first], win[first])]

    def term_share(
        self, tokens: list[str], rows: list[int], alternatives: Mapping[str, Sequence[Sequence[str]]] | None = None
    ) -> list[float]:
        """For each row, the share of the query tokens' weight (their best BM25 score anywhere) it contains.

        A token also counts as contained when the row holds every token of one of its ``alternatives``
        (curated synonyms: 小区 is there when 居住区 is); a token no clause has weighs like its synonyms.
        """
        if self.lexical is None or not tokens or not rows:
            return [0.0] * len(rows)
        unique = list(dict.fromkeys(tokens))
        alternatives = {t: a for t, a in (alternatives or {}).items() if t in unique and a}
        alt_tokens = list(dict.fromkeys(t for alts in alternatives.values() for alt in alts for t in alt))
        weights, present = self.lexical.presence(unique + alt_tokens, rows)
        at = {t: i for i, t in enumerate(unique + alt_tokens)}
        weights, alt_weights, present = weights[: len(unique)].copy(), weights, present.copy()
        for i, token in enumerate(unique):
            for alt in alternatives.get(token, ()):
                present[i] = np.maximum(present[i], np.min([present[at[t]] for t in alt], axis=0))
                if weights[i] == 0:
                    weights[i] = max(float(alt_weights[at[t]]) for t in alt)
        present = present[: len(unique)]
        # a word no clause has (量子, 显卡) weighs like the query's rarest known word: a query made of such
        # words must not look fully matched because its one common word (费用) is
        weights = np.where(weights > 0, weights, weights.max(initial=0.0) or 1.0)
        total = float(weights.sum())
        return (weights @ present / total).tolist() if total > 0 else [0.0] * len(rows)
