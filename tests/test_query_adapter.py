"""The query-side adapter (kb.index.adapter): file format, the map itself, and where ClauseIndex applies it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.config import QUERY_ADAPTER, Settings, query_adapter_file
from kb.errors import ConfigError
from kb.index import ClauseIndex
from kb.index.adapter import QueryAdapter, load_adapter


class FixedEmbedder:
    """Returns one fixed unit query vector (the adapter's input), whatever the text."""

    name = "fixed-test-embedder"
    dim = 4

    def encode_queries(self, texts):
        return np.tile(np.asarray([[0.6, 0.8, 0.0, 0.0]], dtype=np.float32), (len(texts), 1))

    encode_passages = encode_queries


def _adapter(tmp_path: Path, model: str) -> Path:
    # rank 1: q A = q[0]; (q A) B adds q[0] to the third coordinate
    a = np.asarray([[1.0], [0.0], [0.0], [0.0]], dtype=np.float32)
    b = np.asarray([[0.0, 0.0, 1.0, 0.0]], dtype=np.float32)
    path = tmp_path / "adapter.npz"
    np.savez(path, a=a, b=b, model=model)
    return path


def _index(tmp_path: Path) -> ClauseIndex:
    return ClauseIndex(tmp_path, {}, [], [], None, None, Settings(), FixedEmbedder())


def test_adapter_maps_and_normalises(tmp_path):
    adapter = load_adapter(_adapter(tmp_path, FixedEmbedder.name))
    out = adapter.apply(np.asarray([0.6, 0.8, 0.0, 0.0], dtype=np.float32))
    expected = np.asarray([0.6, 0.8, 0.6, 0.0]) / np.linalg.norm([0.6, 0.8, 0.6, 0.0])
    assert out.shape == (4,) and np.allclose(out, expected, atol=1e-6)
    batch = adapter.apply(np.asarray([[0.6, 0.8, 0, 0], [0, 0, 0, 1.0]], dtype=np.float32))
    assert np.allclose(batch[0], expected, atol=1e-6) and np.allclose(batch[1], [0, 0, 0, 1.0])  # q A = 0: unchanged


def test_clause_index_applies_the_adapter_only_for_its_model(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_QUERY_ADAPTER", str(_adapter(tmp_path, FixedEmbedder.name)))
    assert np.allclose(_index(tmp_path).embed_query("退休"), [0.6 / 1.166, 0.8 / 1.166, 0.6 / 1.166, 0], atol=1e-3)
    monkeypatch.setenv("KB_QUERY_ADAPTER", str(_adapter(tmp_path, "another-model")))
    assert np.allclose(_index(tmp_path).embed_query("退休"), [0.6, 0.8, 0.0, 0.0])
    monkeypatch.setenv("KB_QUERY_ADAPTER", "0")
    assert _index(tmp_path).query_adapter is None


def test_adapter_setting(monkeypatch, tmp_path):
    monkeypatch.delenv("KB_QUERY_ADAPTER", raising=False)
    assert query_adapter_file() is None  # off by default
    monkeypatch.setenv("KB_QUERY_ADAPTER", "on")
    assert query_adapter_file() == QUERY_ADAPTER
    with pytest.raises(ConfigError, match="not found"):
        load_adapter(tmp_path / "missing.npz")


# real clauses of the archive: 劳动合同法 第四十七条 (the answer), 第四十九条 (same law), and an article of 城市基础设施
# 特许经营 rules (another topic)
ANSWER = ("第四十七条 经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。六个月以上不满一年的，"
          "按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。")
SAME_LAW = "第四十九条 国家采取措施，建立健全劳动者社会保险关系跨地区转移接续制度。"
OTHER = ("第三十五条 特许经营期限内，有关行政主管部门应当按照各自职责对特许经营项目进行检查、评估、审计，对特许经营者违反法律、"
         "法规、规章规定的行为予以纠正并依法处理。")


def test_shipped_adapter_moves_a_real_query_vector():
    """The shipped file is for the default embedder; on a real everyday question it keeps the answering article first
    and takes away the component every e5 vector shares (raw cosines to any clause are all 0.85-0.92)."""
    from kb.index.embedder import make_embedder

    adapter = load_adapter(QUERY_ADAPTER)
    embedder = make_embedder(Settings().embedder)
    assert adapter.model == embedder.name
    q = embedder.encode_queries(["公司把我辞退了，我在这干了三年半，按规定能拿几个月工资的补偿？"])[0]
    moved = adapter.apply(q)
    expected = q + (q @ adapter.a) @ adapter.b
    assert np.allclose(moved, expected / np.linalg.norm(expected), atol=1e-5)
    passages = embedder.encode_passages([ANSWER, SAME_LAW, OTHER])
    raw, adapted = passages @ q, passages @ moved
    assert raw.argmax() == 0 and adapted.argmax() == 0
    assert raw.min() > 0.8 and adapted[2] < 0.5
