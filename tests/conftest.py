"""Shared fixtures: the real corpus, built once per test session into a temporary index."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory):
    """(index_dir, BuildReport) for corpus/ built once per session with the real stages and model."""
    from kb.pipeline import build

    index_dir = tmp_path_factory.mktemp("index") / "default"
    report = build([CORPUS], index_dir)
    return index_dir, report


@pytest.fixture(scope="session")
def store(built_index):
    from kb.store import Store

    return Store.open(built_index[0])
