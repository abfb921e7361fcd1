"""Builds started from the app (upload, replace, re-parse, delete) run in a child process at low CPU priority.

A build reads, cleans, segments and extracts in Python and embeds with the model on every core: in the serving
process it held the GIL and the model session that answer questions, and 50 users' p95 rose from 0.8 to 1.1–1.4 s
while one file was indexed. In a spawned child at ``nice`` +10 the questions keep the CPU first; the child loads
its own model (about a second) and swaps the new index in as any build does, then the app reopens it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.errors import KBError

if TYPE_CHECKING:
    from kb.config import Settings
    from kb.models import BuildReport

log = logging.getLogger("policy_kb.ui")

NICENESS = 10  # added to the child's niceness: the serving process keeps its priority


def call_aside(fn: Callable[..., Any], *args: Any, on_event: Callable[[str, Any], None] | None = None,
               **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a spawned child process at lower priority; returns its result.

    ``fn`` must be importable (a module-level function) and its arguments and result picklable. With ``on_event``
    the child calls ``fn(..., emit=emit)``; every ``emit(kind, value)`` reaches ``on_event(kind, value)`` here, in
    order, while the child runs.

    Raises:
        KBError: the child's own KBError (re-raised as it was), or the child ended without an answer.
        Exception: any other exception of ``fn``, re-raised here.
    """
    ctx = multiprocessing.get_context("spawn")  # never fork a process that runs server and model threads
    events = ctx.Queue()
    child = ctx.Process(target=_child, args=(fn, args, kwargs, events, on_event is not None), daemon=True,
                        name=f"kb-aside-{getattr(fn, '__name__', 'build')}")
    child.start()
    try:
        while True:
            try:
                kind, value = events.get(timeout=0.5)
            except queue.Empty:
                if not child.is_alive():
                    try:  # the child may have put its answer just before it ended
                        kind, value = events.get(timeout=2)
                    except queue.Empty:
                        raise KBError(f"入库进程意外退出（退出码 {child.exitcode}），索引未改动：请重试；"
                                      "如果一直出错，请联系管理员查看服务日志。") from None
                else:
                    continue
            if kind == "done":
                return value
            if kind == "error":
                raise value
            if on_event is not None:
                on_event(kind, value)
    finally:
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
        events.close()


def build_emitting(paths: Sequence[Path], index_dir: Path, settings: Settings,
                   emit: Callable[[str, Any], None]) -> BuildReport:
    """``kb.pipeline.build`` with its file results and progress lines sent as events (for ``call_aside``)."""
    from kb.pipeline import build

    return build(paths, index_dir, settings, on_file=lambda r: emit("file", r),
                 progress=lambda m: emit("progress", str(m)))


def _child(fn: Callable[..., Any], args: tuple, kwargs: dict, events: Any, emits: bool) -> None:
    _lower_priority()
    try:
        if emits:
            kwargs = {**kwargs, "emit": lambda kind, value: events.put((kind, value))}
        events.put(("done", fn(*args, **kwargs)))
    except BaseException as e:  # noqa: BLE001 - every failure goes back to the app, which explains it
        events.put(("error", _picklable(e)))
    finally:
        events.close()
        events.join_thread()


def _lower_priority() -> None:
    """Run on idle CPU only where the system offers it (Linux SCHED_IDLE: the threads the model starts later
    inherit it), and at ``nice`` +NICENESS in any case."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # not Linux, or not allowed: niceness alone
        pass
    try:
        os.nice(NICENESS)
    except OSError:  # not allowed here: run at the same priority
        pass


def _picklable(e: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(e))
        return e
    except Exception:  # an exception whose arguments do not pickle: its message survives
        return KBError(str(e)) if isinstance(e, KBError) else RuntimeError(f"{type(e).__name__}: {e}")
