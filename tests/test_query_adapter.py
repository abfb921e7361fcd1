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


def test_shipped_adapter_moves_a_real_query_vector():
    """The shipped file loads, is for the default embedder, and turns a real query's vector by a small angle."""
    if not QUERY_ADAPTER.exists():
        pytest.skip("no adapter shipped (it did not help: README, Query adapter)")
    from kb.index.embedder import make_embedder

    adapter = load_adapter(QUERY_ADAPTER)
    embedder = make_embedder(Settings().embedder)
    assert adapter.model == embedder.name
    q = embedder.encode_queries(["公司把我辞退了，能拿几个月工资的补偿？"])[0]
    moved = adapter.apply(q)
    assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5
    assert 0.5 < float(q @ moved) < 0.9999
