"""Guardrails for conventions: CI runs the README's test command; imports go one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

KB = ROOT / "kb"
# module prefix -> prefixes it must not import
FORBIDDEN = {
    "kb.models": ("kb.", "jieba", "numpy", "faiss", "gradio", "torch"),
    "kb.errors": ("kb.", "pydantic"),
    "kb.places": ("kb.", "pydantic", "numpy"),
    "kb.ingest": ("kb.index", "kb.extract", "kb.store", "kb.pipeline", "kb.search", "kb.cli", "gradio"),
    "kb.extract": ("kb.ingest", "kb.index", "kb.store", "kb.pipeline", "kb.search", "kb.cli", "gradio"),
    "kb.index": ("kb.ingest.readers", "kb.extract", "kb.pipeline", "kb.search", "kb.cli", "gradio"),
    "kb.store": ("kb.ingest", "kb.extract", "kb.index", "kb.pipeline", "kb.search", "kb.cli", "gradio"),
    "kb.pipeline": ("kb.cli", "gradio"),
    "kb.search": ("kb.cli", "gradio", "kb.pipeline"),
    "kb.compare": ("kb.cli", "gradio"),
    "kb.export": ("kb.cli", "gradio"),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_repo_imports_go_one_way() -> None:
    problems = []
    for path in KB.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for prefix, banned in FORBIDDEN.items():
            if module == prefix or module.startswith(prefix + "."):
                for name in _imports(path):
                    if any(name == b.rstrip(".") or name.startswith(b if b.endswith(".") else b + ".")
                           or name == b for b in banned) and not name.startswith(prefix):
                        problems.append(f"{module} imports {name}")
    assert not problems, problems


def test_repo_gradio_only_in_the_app() -> None:
    users = [p for p in KB.rglob("*.py") if "gradio" in _imports(p) and p.parent.name != "app"]
    assert not users, users


def test_repo_ci_runs_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    assert len(blocks) >= 2
    test_command = blocks[1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/kb ingest corpus/" in blocks[0] and "ui.py" in blocks[0]


def test_repo_gitignore_keeps_built_artefacts_out() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    assert ".venv/" in ignored and "indexes/" in ignored


def test_repo_every_setting_is_documented() -> None:
    from kb.config import Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    env = {"embedder": "KB_EMBEDDER", "context_vectors": "KB_CONTEXT_VECTORS", "max_file_mb": "KB_MAX_FILE_MB", "ocr": "KB_OCR"}
    assert set(Settings.model_fields) == set(env)
    for name in env.values():
        assert name in readme, name


def test_repo_every_command_is_documented() -> None:
    from kb.cli import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"`kb {name}" in readme, name
