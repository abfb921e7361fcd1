"""The CLI contract other scripts rely on: kb ingest / docs / export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kb.cli import main
from tests.conftest import CORPUS, ROOT


def test_cli_help_imports_nothing_heavy() -> None:
    code = (
        "import sys; from kb.cli import build_parser; build_parser();"
        "heavy = [m for m in ('torch', 'faiss', 'gradio', 'rapidocr', 'sentence_transformers') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_export_json_contract(built_index, capsys) -> None:
    index_dir, _ = built_index
    assert main(["export", "--format", "json", "--index", str(index_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"documents", "clauses", "indicators", "responsibilities", "deadlines"}
    for doc in data["documents"]:
        for field in ("id", "source", "title", "issuer", "doc_number", "date", "region", "province", "level", "doc_type"):
            assert field in doc
    for clause in data["clauses"][:50]:
        assert {"id", "doc_id", "number", "path", "text"} <= set(clause)
        assert isinstance(clause["path"], list)
    sources = {d["source"] for d in data["documents"]}
    assert "003_ac2c417f64737111.txt" in sources
    assert "養" not in "".join(c["text"] for c in data["clauses"])  # simplified text


def test_cli_docs_json(built_index, capsys) -> None:
    index_dir, _ = built_index
    assert main(["docs", "--json", "--index", str(index_dir)]) == 0
    docs = json.loads(capsys.readouterr().out)
    zhoukou = next(d for d in docs if d["id"] == "003_ac2c417f64737111")
    assert zhoukou["doc_number"] == "周政办〔2024〕13号"
    assert zhoukou["clauses"] > 55


def test_cli_ingest_exit_codes_and_lines(tmp_path: Path, capsys) -> None:
    good = CORPUS / "001_4b3757ccbb240fc5.txt"
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    index = str(tmp_path / "idx")
    assert main(["ingest", str(good), str(bad), "--index", index, "--no-ocr"]) == 1
    out = capsys.readouterr().out
    assert "已入库" in out and good.name in out
    assert "失败" in out and "empty.txt" in out and "空文件" in out
    assert main(["ingest", str(good), "--index", index, "--no-ocr"]) == 0
    assert "未变化" in capsys.readouterr().out


def test_cli_missing_index_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["docs", "--index", str(tmp_path / "nope")]) == 1
    assert "kb ingest" in capsys.readouterr().err
