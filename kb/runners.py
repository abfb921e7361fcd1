"""Where a build's work runs: worker processes on this machine (``LocalRunner``) or a Ray cluster (``RayRunner``).

Both give ``kb.pipeline.build`` the same three things: ``parse`` (one file -> its document, clauses and records, as a
future), ``vector_jobs`` (where embedding jobs run) and ``refresh_options`` (the same for the final index refresh).
The pipeline consumes results in file order and forms embedding jobs the same way whatever the runner, so both
write the same index.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import Settings
from kb.errors import ConfigError


def done_future(value: Any) -> Future[Any]:
    """A future that already holds ``value``."""
    future: Future[Any] = Future()
    future.set_result(value)
    return future


def _on_job(progress: Callable[[str], None] | None) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, waiting: progress(f"embedded {done} new texts")


def _die_with_parent() -> None:
    """In a worker process: be killed when the build process dies, even by kill -9 (Linux; elsewhere a no-op).
    Without it a killed build leaves its parsing workers running."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _Runner:
    """What both runners share: the settings and the embedder they name (lent by the caller, else made on first use
    and owned by the runner for the build; a Ray driver only reads its name and size, its workers embed)."""

    settings: Settings
    _embedder: Any = None

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            from kb.index.embedder import make_embedder

            self._embedder = make_embedder(self.settings.embedder)
        return self._embedder


class LocalRunner(_Runner):
    """Parsing in ``workers`` spawned processes (0: in this one, with the runner's OCR engine; a worker process
    gives each file its own), embedding in this process while they parse."""

    def __init__(self, settings: Settings, *, workers: int = 0, embed: bool = True, embedder: Any = None) -> None:
        from kb.ingest.ocr import OcrEngine

        self.settings = settings
        self._embedder = embedder
        self.ocr_engine = OcrEngine()
        self.workers = workers
        self._pool = None
        if workers > 0:
            # spawn, not fork: this process may already run onnxruntime/OpenMP threads, which fork does not copy
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_die_with_parent)
        self.ahead = 2 * workers + 2 if workers > 0 else 0  # files parsed ahead of the one being stored

    def __enter__(self) -> LocalRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def parse(self, path: Path, settings: Settings, cache_dir: Path | None, data: bytes) -> Future[Any]:
        from kb.pipeline import parse_file

        if self._pool is None:
            return done_future(parse_file(path, settings, cache_dir, data, self.ocr_engine))
        return self._pool.submit(parse_file, path, settings, cache_dir, data)

    def vector_jobs(self, store: Any, progress: Callable[[str], None] | None) -> Any:
        from kb.index.vectors import VectorJobs, local_submit

        return VectorJobs(store, self.embedder.name, local_submit(self.embedder), on_job=_on_job(progress))

    def refresh_options(self) -> dict[str, Any]:
        return {"embedder": self.embedder}


def embed_texts(spec: str, texts: list[str]) -> np.ndarray:
    """One embedding job on a Ray worker: the model named by ``spec`` (loaded once per worker process)."""
    return _worker_model(spec).encode_passages(texts)


@functools.lru_cache(maxsize=2)
def _worker_model(spec: str) -> Any:
    """The model of a Ray worker process. A task has no object to own it, so the worker process keeps it between the
    jobs it runs; only Ray workers call this (a build's own process uses its runner's embedder)."""
    from kb.index.embedder import make_embedder

    return make_embedder(spec)


class RayRunner(_Runner):
    """Parsing and embedding as Ray tasks, one CPU each.

    Args:
        address: "local" starts a Ray cluster on this machine (``workers`` CPUs, default all); "auto" joins the
            cluster this machine belongs to; "ray://host:port" joins a remote one through Ray Client.
        settings: build settings (the embedder each worker loads).
        workers: CPUs of a local cluster (ignored when joining).

    The ``kb`` package travels with the job (``runtime_env.py_modules``): a node needs Python with Policy KB's
    dependencies installed (``pip install policy-kb``, or ``bash scripts/setup.sh``), not this checkout. File bytes
    are sent from this machine, so nodes need no shared file system.
    """

    def __init__(self, address: str, settings: Settings, *, workers: int | None = None, embed: bool = True,
                 embedder: Any = None) -> None:
        try:
            import ray
        except ImportError as e:
            raise ConfigError("`--ray` needs Ray: `pip install 'ray==2.60.0'` (scripts/setup.sh --test installs it)") from e
        import kb

        self._ray = ray
        self.settings = settings
        self._embedder = embedder
        runtime_env = {"py_modules": [str(Path(kb.__file__).resolve().parent)],
                       "env_vars": {"OMP_WAIT_POLICY": "PASSIVE"}}
        self._started = not ray.is_initialized()
        if self._started:
            if address == "local":
                ray.init(num_cpus=workers or os.cpu_count(), include_dashboard=False, runtime_env=runtime_env,
                         object_store_memory=256 * 1024 * 1024, log_to_driver=False)
            else:
                ray.init(address=address, runtime_env=runtime_env, log_to_driver=False)
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.ahead = 2 * self.cpus + 2
        from kb.pipeline import parse_file

        self._parse = ray.remote(num_cpus=1)(parse_file)
        self._embed = ray.remote(num_cpus=1)(embed_texts)

    def __enter__(self) -> RayRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._started:
            self._ray.shutdown()

    def parse(self, path: Path, settings: Settings, cache_dir: Path | None, data: bytes) -> Future[Any]:
        return self._parse.remote(Path(path), settings, None, data).future()

    def _submit(self, texts: list[str]) -> Future[np.ndarray]:
        return self._embed.remote(self.settings.embedder, texts).future()

    def vector_jobs(self, store: Any, progress: Callable[[str], None] | None) -> Any:
        from kb.index.vectors import VectorJobs

        return VectorJobs(store, self.embedder.name, self._submit, in_flight=self.cpus, on_job=_on_job(progress))

    def refresh_options(self) -> dict[str, Any]:
        return {"embedder": self.embedder, "submit": self._submit, "in_flight": self.cpus}
