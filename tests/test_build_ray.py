"""`kb ingest --ray local` writes the index the one-process path writes: same clauses, records, vectors and
search results (a local Ray cluster with two worker processes, on a few real corpus documents)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.config import Settings
from kb.pipeline import build
from kb.search import KnowledgeBase
from kb.store import Store
from tests.conftest import CORPUS

ray = pytest.importorskip("ray")

FILES = [CORPUS / "001_4b3757ccbb240fc5.txt", CORPUS / "henan_province_laonianren_quanyi_baozhang_tiaoli_2018.md",
         CORPUS / "zhejiang_shaoxing_city_jujia_yanglao_fuwu_tiaoli_2021.md"]
QUERIES = ["高龄津贴发放标准", "养老服务设施配建", "老年人助餐服务", "居家养老服务补贴"]
SETTINGS = Settings(ocr=False)


def _dump(index_dir: Path) -> dict:
    store = Store.open(index_dir)
    out = {
        "documents": [d.model_dump() for d in store.documents()],
        "clauses": [c.model_dump() for c in store.clauses()],
        "records": [[r.model_dump() for r in kind()] for kind in (store.indicators, store.responsibilities,
                                                                  store.deadlines)],
    }
    store.close()
    return out


def test_build_ray_local_writes_the_same_index(tmp_path: Path) -> None:
    plain = build(FILES, tmp_path / "plain", SETTINGS, workers=0)
    distributed = build(FILES, tmp_path / "ray", SETTINGS, workers=2, ray_address="local")
    assert not ray.is_initialized()  # the local cluster it started is shut down
    assert [(Path(r.path).name, r.status, r.clauses) for r in distributed.files] == [
        (Path(r.path).name, r.status, r.clauses) for r in plain.files]
    assert distributed.embedded == plain.embedded > 0
    assert _dump(tmp_path / "ray") == _dump(tmp_path / "plain")
    a, b = KnowledgeBase.open(tmp_path / "plain", SETTINGS), KnowledgeBase.open(tmp_path / "ray", SETTINGS)
    for passages in ("passages", "context"):
        va, vb = getattr(a.index, passages).vectors(), getattr(b.index, passages).vectors()
        assert va.shape == vb.shape and np.allclose(va, vb, atol=1e-6)
    for q in QUERIES:
        assert [h.clause_id for h in a.search(q, k=10)] == [h.clause_id for h in b.search(q, k=10)], q
