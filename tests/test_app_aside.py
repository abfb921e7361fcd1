"""Builds started from the app run aside (kb.app.aside): another process, on idle CPU, its events and errors back."""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import pytest

from kb.app.aside import NICENESS, call_aside
from kb.errors import IngestError, KBError


def where_and_how() -> tuple[int, int, int]:
    """The child's pid, scheduling policy and niceness."""
    return os.getpid(), os.sched_getscheduler(0), os.nice(0)


def counting(n: int, emit: Callable[[str, Any], None]) -> int:
    for i in range(n):
        emit("progress", i)
    return n * 10


def failing() -> None:
    raise IngestError("文件损坏：请换一个文件")


def dying() -> None:
    os._exit(3)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
def test_the_build_runs_in_another_process_on_idle_cpu():
    pid, policy, niceness = call_aside(where_and_how)
    assert pid != os.getpid()
    assert policy == os.SCHED_IDLE
    assert niceness >= os.nice(0) + NICENESS or niceness == 19


def test_events_arrive_in_order_and_the_result_comes_back():
    seen: list[tuple[str, Any]] = []
    assert call_aside(counting, 4, on_event=lambda kind, value: seen.append((kind, value))) == 40
    assert seen == [("progress", 0), ("progress", 1), ("progress", 2), ("progress", 3)]


def test_the_childs_error_is_raised_here_as_it_was():
    with pytest.raises(IngestError, match="文件损坏"):
        call_aside(failing)


def test_a_child_that_dies_is_explained_in_chinese():
    with pytest.raises(KBError, match="入库进程意外退出（退出码 3）"):
        call_aside(dying)
