"""bench_extract.py with a regulation's clauses read by the statutory-subject reading alone (kb.extract.statutory),
without the holder grammar: how much of the statutory holders the generic reading finds by itself.

Usage: .venv/bin/python scripts/bench_statutory_alone.py [bench_extract.py arguments]
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kb.extract as extract  # noqa: E402
from kb.extract.statutory import statutory_subjects  # noqa: E402

extract.regulation_duties = statutory_subjects
sys.argv = ["bench_extract.py", *sys.argv[1:]]
runpy.run_path(str(ROOT / "scripts" / "bench_extract.py"), run_name="__main__")
