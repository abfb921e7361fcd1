"""The app's worker processes (kb.app.workers): the same answers as in the server's process, the new index after a
swap, a killed worker replaced, no worker left behind when the app's process is killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.app.backend import Backend
from kb.cli import main
from kb.models import Filters

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ELDERLY = "henan_province_laonianren_quanyi_baozhang_tiaoli_2018.md"
APPLIANCES = "shandong_province_2025_jiadian_yijiuhuanxin_shishi_fangan.pdf"


@pytest.fixture(scope="module")
def pooled(built_index):
    backend = Backend(built_index[0], workers=2)
    yield backend
    backend.close()


@pytest.mark.parametrize("question", ["新建小区配建标准", "护理员补贴多少", "哪些任务由市民政局牵头"])
def test_workers_answer_as_the_server_process_does(built_index, pooled, question):
    here = Backend(built_index[0])
    a, b = here.ask(question, Filters()), pooled.ask(question, Filters())
    assert a.model_dump() == b.model_dump()
    assert b.items, question


def test_workers_compare_and_matrix_as_the_server_process_does(built_index, pooled):
    here = Backend(built_index[0])
    topic = "新建居住区养老服务设施配建标准"
    assert here.compare(topic, None, ()).model_dump() == pooled.compare(topic, None, ()).model_dump()
    docs = [d.id for d in here.documents()][:3]
    matrix = pooled.matrix(docs)
    assert matrix.model_dump() == here.matrix(docs).model_dump()
    assert matrix.tasks


def test_workers_answer_from_the_swapped_in_index(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(CORPUS / ELDERLY, src / ELDERLY)
    index = tmp_path / "idx"
    assert main(["ingest", str(src), "--index", str(index), "--no-ocr"]) == 0
    backend = Backend(index, workers=1)
    try:
        question = "家电以旧换新补贴标准"
        before = {item.document.id for item in backend.ask(question, Filters()).items}
        shutil.copy(CORPUS / APPLIANCES, src / APPLIANCES)
        assert main(["ingest", str(src), "--index", str(index), "--no-ocr"]) == 0
        backend.reload()  # what the app does after an upload's build swapped the index in
        answer = backend.ask(question, Filters())
        new = {item.document.id: item.document.source for item in answer.items}.keys() - before
        assert new and all("jiadian" in item.document.source for item in answer.items if item.document.id in new)
    finally:
        backend.close()


def test_a_killed_worker_is_replaced(built_index):
    backend = Backend(built_index[0], workers=1)
    try:
        assert backend.ask("养老服务", Filters()).items
        (pid,) = list(backend.pool._pool._processes)  # noqa: SLF001 - the test kills the real process
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        assert backend.ask("养老服务", Filters()).items  # the pool was started again and the call retried
        assert pid not in backend.pool._pool._processes  # noqa: SLF001
    finally:
        backend.close()


def test_workers_end_when_the_app_process_is_killed(built_index, tmp_path):
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from kb.app.workers import QueryPool\n"
        "from kb.config import settings_from_env\n"
        f"pool = QueryPool(Path({str(built_index[0])!r}), settings_from_env(), 2)\n"
        "pool.warm()\n"
        "print(' '.join(str(p) for p in pool._pool._processes), flush=True)\n"
        "time.sleep(600)\n"
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        pids = [int(p) for p in app.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
    finally:
        app.kill()
        app.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False
