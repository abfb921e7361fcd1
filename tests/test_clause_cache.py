"""kb.clause_cache: what KnowledgeBase reads from the store when a search needs it equals what the store holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kb.clause_cache import ClauseCache, Lru
from kb.index.lexical import top_rows
from kb.index.retrieval import document_rows
from kb.search import KnowledgeBase, is_heading


def test_clause_cache_lru_keeps_the_most_recent() -> None:
    lru: Lru[str, int] = Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # a is now the most recent
    lru.put("c", 3)
    assert lru.get("b") is None and lru.get("a") == 1 and lru.get("c") == 3
    assert lru.get_or("d", lambda: 4) == 4 and lru.get("a") is None


def test_clause_cache_reads_what_the_store_holds(store) -> None:
    clauses = store.clauses()
    cache = ClauseCache(store, lambda cid: None, is_heading)
    some = [clauses[0].id, clauses[len(clauses) // 2].id, clauses[-1].id, "no-such-clause"]
    got = cache.many(some)
    assert set(got) == set(some[:3]) and all(got[c] == store.clause(c) for c in some[:3])
    assert cache.get("no-such-clause") is None and "no-such-clause" not in cache
    doc_id = clauses[0].doc_id
    assert cache.of_document(doc_id) == store.clauses(doc_id)
    for ind in store.indicators()[:20]:
        assert ind in cache.indicators(ind.clause_id)
    for duty in store.responsibilities()[:20]:
        assert duty in cache.responsibilities(duty.clause_id)
    assert cache.indicators("no-such-clause") == []


def test_clause_cache_shows_a_section_title_by_its_first_clause(store) -> None:
    clauses = store.clauses()
    children: dict[str, list] = {}
    for c in clauses:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c)
    titles = [c for c in clauses if c.id in children and is_heading(c.text)]
    assert titles, "corpus/ has section titles (第四节 …, （一）设施建设。)"
    cache = ClauseCache(store, lambda cid: None, is_heading)
    for title in titles:
        assert cache.shown(title.id) == min(children[title.id], key=lambda c: c.seq).id
    sentence = next(c for c in clauses if c.id in children and not is_heading(c.text))
    assert cache.shown(sentence.id) == sentence.id


def test_clause_cache_knowledge_base_reads_no_clause_at_open(built_index) -> None:
    kb = KnowledgeBase.open(Path(built_index[0]))
    assert kb._clauses._clauses.get(kb.index.clause_ids[0]) is None  # nothing parsed yet
    hits = kb.search("老年人助餐服务", k=3)
    assert hits and all(kb.clause(h.clause_id) == kb.store.clause(h.clause_id) for h in hits)
    doc = hits[0].doc_id
    assert [c.id for c in kb.clauses(doc)] == [c.id for c in kb.store.clauses(doc)]


def test_index_document_rows_and_bm25_top_rows() -> None:
    ids = np.asarray(["a", "a", "b", "c", "c", "a"], dtype=object)
    assert {d: r.tolist() for d, r in document_rows(ids).items()} == {"a": [0, 1, 5], "b": [2], "c": [3, 4]}
    scores = np.asarray([0.0, 2.0, 1.0, 2.0, 3.0, 1.0, 0.5], dtype=np.float32)
    assert top_rows(scores, 3) == [(4, 3.0), (1, 2.0), (3, 2.0)]
    assert top_rows(scores, 4) == [(4, 3.0), (1, 2.0), (3, 2.0), (2, 1.0)]  # tie at the cut: the lower row
    mask = np.asarray([True, False, True, True, False, True, True])
    assert top_rows(scores, 10, mask) == [(3, 2.0), (2, 1.0), (5, 1.0), (6, 0.5)]
