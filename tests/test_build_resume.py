"""Whole-archive builds: killed with SIGKILL mid-build, the next run resumes without re-embedding what was kept;
two builds of one index at once are refused; the live index serves searches while a build runs."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.config import Settings
from kb.errors import IngestError
from kb.index import vector_keys
from kb.pipeline import _workspace, build
from kb.store import Store
from tests.conftest import CORPUS, ROOT

FILES = ["000_f4a8eb3875f75941.txt", "001_4b3757ccbb240fc5.txt", "zhejiang_shaoxing_city_jujia_yanglao_fuwu_tiaoli_2021.md",
         "shandong_qingdao_city_yanglao_fuwu_cujin_tiaoli_2018.md"]
SETTINGS = Settings(ocr=False)
# the CLI in a child process, with small embedding jobs so that several are committed before the kill
CHILD = ("import sys, kb.index.vectors as v; v.JOB_TEXTS = 16; from kb.cli import main; "
         "sys.exit(main(['ingest', '--no-ocr', '--workers', '0', '--index', sys.argv[1], sys.argv[2]]))")


def _vectors(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_build_resumes_after_sigkill_without_re_embedding(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, folder / name)
    index_dir = tmp_path / "idx"
    building = tmp_path / ".idx.building" / "kb.sqlite"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(index_dir), str(folder)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _vectors(building) < 48 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "the build finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert not index_dir.exists()  # nothing was swapped in
    kept = _vectors(building)
    assert kept >= 48
    report = build([folder], index_dir, SETTINGS)
    assert not building.parent.exists()
    store = Store.open(index_dir)
    needed = vector_keys(store, SETTINGS)
    assert report.embedded == len(needed) - kept  # everything kept before the kill was reused
    assert {Path(r.path).name for r in report.files if r.status == "unchanged"}  # documents stored before the kill
    assert all(r.status in ("ok", "unchanged") for r in report.files)
    fresh = build([folder], tmp_path / "fresh", SETTINGS)
    assert [c.model_dump() for c in Store.open(tmp_path / "fresh").clauses()] == [c.model_dump() for c in store.clauses()]
    assert fresh.clauses == report.clauses


def test_build_second_concurrent_build_is_refused(tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    work, lock = _workspace(index_dir)
    try:
        with pytest.raises(IngestError, match="another `kb ingest`"):
            build([CORPUS / FILES[0]], index_dir, SETTINGS, refresh_index=False)
    finally:
        os.close(lock)
    assert work.exists()  # the running build's copy is left alone
