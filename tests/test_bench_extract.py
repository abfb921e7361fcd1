"""The extraction bench as a regression test: the seeds' gold and blind slice a stay at (or above) what they reach.

Runs scripts/bench_extract.py's scoring in-process: every gold document is ingested with the real pipeline stages
(the blind slice's sources are committed under tests/data/archive/). Slice b is held out and never run here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SLICE_A = ROOT / "tests" / "gold" / "extract" / "blind" / "a"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_extract", ROOT / "scripts" / "bench_extract.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module._load_kb(None)
    return module


@pytest.fixture(scope="module")
def scores(bench):
    return bench.run([SLICE_A])


def test_seeds_gold_does_not_drop(bench, scores):
    f = bench.figures(scores["seeds"])
    assert not scores["seeds"].unresolved
    for key in ("indicator_p", "indicator_r", "unit_f1", "responsibility_f1", "deadline_f1", "lead_right"):
        assert f[key] >= 0.999, (key, f[key])


def test_blind_slice_a_holds(bench, scores):
    score = scores["blind a"]
    assert len(score.docs) == len(list(SLICE_A.glob("*.json"))) and not score.unresolved
    f = bench.figures(score)
    floors = {"indicator_f1": 0.99, "unit_f1": 0.98, "responsibility_f1": 0.975, "lead_right": 0.92,
              "deadlines_right": 0.99}
    for key, floor in floors.items():
        assert f[key] >= floor, (key, f[key])


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(2, "万亿元", (2e12, "元")), (1, "万元", (1e4, "元")), (1500, "万", (1.5e7, "")), (50, "％", (50.0, "%")),
     (100, "万吨", (1e6, "吨"))],
)
def test_numbers_compare_after_scaling(bench, value, unit, expected):
    assert bench.scaled(value, unit) == expected


def test_quotes_resolve_across_width_and_whitespace(bench):
    from kb.models import Clause

    clauses = [Clause(id="d:0000", doc_id="d", seq=0, text="（一）总体要求"),
               Clause(id="d:0001", doc_id="d", seq=1, number="（二）", text="（二）到2020年，全省 养老床位达到 50%")]
    assert bench.resolve_quote("养老床位达到50％", "（二）", clauses) == "d:0001"
    assert bench.resolve_quote("不存在的引文", "", clauses) is None
