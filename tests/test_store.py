"""SQLite store: round-trips of the contract models, replacement, vectors, thread safety."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from kb.errors import IndexMissingError
from kb.models import Clause, Deadline, Document, Indicator, Records, Responsibility
from kb.store import Store, text_key

DOC = Document(id="d1", source="d1.txt", title="关于印发实施方案的通知", doc_number="周政办〔2024〕13号",
               text="1.按照人均用地不少于0.2平方米的标准规划。", sha256="abc", region="周口市", province="河南省",
               level="city")
CLAUSE = Clause(id="d1:0000", doc_id="d1", seq=0, number="1.", path=["一、总体要求"],
                text="1.按照人均用地不少于0.2平方米的标准规划。", start=0, end=22)
RECORDS = Records(
    indicators=[Indicator(id="d1:0000:i0", clause_id="d1:0000", subject="养老服务设施用地", value=0.2, unit="平方米",
                          comparator=">=", basis="人均", raw="人均用地不少于0.2平方米")],
    responsibilities=[Responsibility(clause_id="d1:0000", unit="市民政局", role="lead")],
    deadlines=[Deadline(clause_id="d1:0000", raw="2024年底前", kind="absolute", date="2024-12-31")],
)


def test_store_open_missing_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="kb ingest"):
        Store.open(tmp_path / "none")


def test_store_round_trip_and_replace(tmp_path: Path) -> None:
    store = Store.open(tmp_path, create=True)
    store.put_document(DOC, [CLAUSE], RECORDS)
    assert store.document("d1") == DOC
    assert store.clauses("d1") == [CLAUSE]
    assert store.clause("d1:0000") == CLAUSE
    assert store.indicators("d1") == RECORDS.indicators
    assert store.responsibilities() == RECORDS.responsibilities
    assert store.deadlines() == RECORDS.deadlines
    (meta,) = store.documents()
    assert (meta.doc_number, meta.clauses) == ("周政办〔2024〕13号", 1)
    h1 = store.corpus_hash()
    store.put_document(DOC.model_copy(update={"sha256": "def"}), [], Records())
    assert store.clauses("d1") == [] and store.indicators() == []
    assert store.corpus_hash() != h1
    store.delete_document("d1")
    assert store.documents() == []


def test_store_vectors_round_trip_and_prune(tmp_path: Path) -> None:
    store = Store.open(tmp_path, create=True)
    store.put_document(DOC, [CLAUSE], Records())
    vec = np.arange(8, dtype=np.float32) / 10
    store.put_vectors("m", {text_key(CLAUSE.text): vec, "stale": vec})
    got = store.get_vectors("m", [text_key(CLAUSE.text), "missing"])
    assert list(got) == [text_key(CLAUSE.text)]
    np.testing.assert_array_equal(got[text_key(CLAUSE.text)], vec)
    assert store.prune_vectors("m", keep={text_key(CLAUSE.text)}) == 1
    assert store.prune_vectors("m", keep={text_key(CLAUSE.text)}) == 0


def test_store_shared_between_threads(tmp_path: Path) -> None:
    store = Store.open(tmp_path, create=True)
    store.put_document(DOC, [CLAUSE], RECORDS)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(50):
                assert store.clause("d1:0000") == CLAUSE
        except BaseException as e:  # noqa: BLE001 - collected for the assert below
            errors.append(e)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_store_reads_keep_their_file_after_a_swap(tmp_path: Path) -> None:
    """Reads use read-only connections opened with the store: they see each committed write, never create a
    file, and keep reading the store's own file when the index folder is swapped for a newer one (the app
    answers from the old index until it reopens)."""
    live, fresh = tmp_path / "live", tmp_path / "fresh"
    store = Store.open(live, create=True)
    assert store.doc_ids() == set()
    store.put_document(DOC, [CLAUSE], RECORDS)
    assert store.doc_ids() == {"d1"} and store.indicators("d1") == RECORDS.indicators  # the commit is seen
    Store.open(fresh, create=True).close()  # a newer, empty index built beside it
    live.rename(tmp_path / "old")
    fresh.rename(live)
    assert store.doc_ids() == {"d1"} and store.clause("d1:0000") == CLAUSE
    assert Store.open(live).doc_ids() == set()
    store.close()
