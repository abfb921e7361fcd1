"""KnowledgeBase.embed_query / clause_vectors (what compare uses instead of the index internals), on a tiny index
built from real clause texts with a deterministic embedder (no model: fast)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from kb.config import Settings
from kb.errors import KBError
from kb.index import refresh
from kb.index.clause_index import passage_windows
from kb.models import Clause, Document, Records
from kb.search import KnowledgeBase
from kb.store import Store


class HashEmbedder:
    """Bag-of-characters vectors; queries get a distinct (un-normalised) scale so normalisation is tested."""

    name = "test:hash"
    dim = 64

    def _vec(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for ch in t:
                out[i, int(hashlib.md5(ch.encode()).hexdigest(), 16) % self.dim] += 1
        return out

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        out = self._vec(texts)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return 3.0 * self._vec(texts)


# Real clauses: two short articles (山东省 / 德州市 条例) and the long 第三十二条 of 山东省条例 (several windows).
SHORT = [
    "第十一条 新建城镇居住区按照每一百户不低于二十平方米的标准配套建设社区养老服务设施。",
    "第十一条 新建城镇住宅区应当根据规划要求和建设标准，按照每百户不低于二十平方米的标准配套建设养老服务设施，"
    "与住宅建设项目同步规划、同步建设、同步验收、同步交付使用。",
]
LONG = (
    "第三十二条 公办养老机构应当在满足特困人员集中供养需求的前提下，优先保障经济困难的失能、高龄、计划生育特殊家庭"
    "等老年人的服务需求。公办养老机构可以委托社会力量运营，实行公建民营。公建民营养老机构应当保持公益属性，"
    "签订合同时应当明确服务对象、服务内容、收费标准、运营期限和双方的权利义务。县级以上人民政府民政部门应当对"
    "公建民营养老机构的运营情况进行监督检查，定期组织评估。评估不合格的，应当依法解除合同。"
    "公办养老机构入住老年人的服务收费项目和标准，由县级以上人民政府价格主管部门会同民政部门根据服务成本、"
    "财政补贴等情况确定，并向社会公开。公建民营养老机构的收费标准，按照合同约定执行。"
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    index_dir: Path = tmp_path_factory.mktemp("vectors")
    store = Store.open(index_dir, create=True)
    texts = [SHORT[0], LONG, SHORT[1]]
    clauses = [Clause(id=f"d:{i:04d}", doc_id="d", seq=i, text=t) for i, t in enumerate(texts)]
    store.put_document(Document(id="d", source="d.txt", sha256="x", text="\n".join(texts)), clauses, Records())
    refresh(index_dir, store, Settings(), embedder=HashEmbedder())
    return KnowledgeBase.open(index_dir, Settings(), embedder=HashEmbedder())


def test_long_clause_is_stored_as_several_windows(kb) -> None:
    assert len(passage_windows(LONG)) >= 2
    assert len(kb.index.passage_clause) == 2 + len(passage_windows(LONG))


def test_clause_vectors_one_unit_row_per_clause_in_the_order_asked(kb) -> None:
    ids = ["d:0002", "d:0001", "d:0000", "d:0001"]
    got = kb.clause_vectors(ids)
    assert got.shape == (4, HashEmbedder.dim)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert np.allclose(got[1], got[3])
    # the long clause: the normalised mean of its window vectors, as the index's own per-clause matrix has it
    windows = HashEmbedder().encode_passages(passage_windows(LONG))
    mean = windows.sum(axis=0) / np.linalg.norm(windows.sum(axis=0))
    assert np.allclose(got[1], mean, atol=1e-5)
    assert np.allclose(got, kb.index.dense.vectors()[[2, 1, 0, 1]], atol=1e-5)
    # short clauses: their single stored vector
    assert np.allclose(got[2], HashEmbedder().encode_passages([SHORT[0]])[0], atol=1e-5)


def test_clause_vectors_empty_and_unknown(kb) -> None:
    assert kb.clause_vectors([]).shape[0] == 0
    with pytest.raises(KBError, match="d:0099.*kb ingest"):
        kb.clause_vectors(["d:0000", "d:0099"])


def test_embed_query_is_unit_length_and_simplified(kb) -> None:
    vec = kb.embed_query("新建居住區配建")  # 繁体 folded as search does
    assert vec.shape == (HashEmbedder.dim,) and abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5
    assert np.allclose(vec, kb.embed_query("新建居住区配建"))
    sims = kb.clause_vectors(["d:0000", "d:0001"]) @ kb.embed_query("新建城镇居住区每一百户二十平方米")
    assert sims[0] > sims[1]  # the short article shares more of its characters than the long one
