"""Uploads: type and size checks, safe generated names under <index>/uploads/, build and reload, result rows."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kb.app.aside import build_emitting, call_aside
from kb.app.backend import Backend
from kb.app.checks import scrub
from kb.messages import explain, progress_line
from kb.models import FileResult

UPLOAD_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg")
STATUS_LABELS = {"ok": "已入库", "unchanged": "未变化", "failed": "失败", "skipped": "跳过"}


def safe_stem(name: str, max_bytes: int = 200) -> str:
    """A file stem safe as a document id and file name: ``kb.pipeline.doc_id_for``'s characters, no outer '_.-'.

    ``../../etc/passwd`` -> ``passwd``; ``<script>.pdf`` -> ``script``. Cut to ``max_bytes`` of UTF-8 (file
    systems allow 255), so that a file ingested from the command line and uploaded later gets the same id.
    """
    from kb.pipeline import doc_id_for  # the pipeline loads the ingest stages: not at app start

    path = Path(str(name).replace("\\", "/"))
    stem = doc_id_for(path).strip("_.-")
    if stem == "doc" and "doc" not in path.stem:
        stem = ""  # doc_id_for's own fallback for a name with no usable character: an upload says "upload"
    while len(stem.encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    return stem.strip("_.-") or "upload"


def uploads_dir(index_dir: Path) -> Path:
    """Uploaded originals live inside the index folder, so every build (which copies the folder) keeps them."""
    return Path(index_dir) / "uploads"


def upload_problem(src: Path, original_name: str, max_bytes: int) -> str:
    """Why an upload is refused (type, size, empty), in Chinese; "" when it may go in."""
    suffix = Path(original_name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 {' '.join(UPLOAD_SUFFIXES)}"
    size = src.stat().st_size
    if size > max_bytes:
        return f"文件太大（{size / 1048576:.1f} MB），上限 {max_bytes // 1048576} MB"
    return "文件是空的" if size == 0 else ""


def check_upload(src: Path, original_name: str, max_bytes: int) -> str:
    """The upload's safe file name (``safe_stem`` + its suffix), or a user error saying why it is refused."""
    from kb.app.checks import user_error

    if problem := upload_problem(src, original_name, max_bytes):
        raise user_error(problem)
    return f"{safe_stem(original_name)}{Path(original_name).suffix.lower()}"


def stage_upload(src: Path, original_name: str, dest_dir: Path, max_bytes: int) -> tuple[Path | None, str]:
    """Copy one upload under ``dest_dir`` with a generated safe name; (path, "") or (None, reason)."""
    if problem := upload_problem(src, original_name, max_bytes):
        return None, problem
    suffix = Path(original_name).suffix.lower()
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{safe_stem(original_name)}{'.html' if suffix == '.htm' else suffix}"
    shutil.copyfile(src, dest)
    return dest, ""


def result_row(name: str, r: FileResult | None, reason: str = "") -> list[object]:
    if r is None:
        return [name, "失败", "", "", "", reason]
    cov = f"{r.coverage:.0%}" if r.coverage is not None else ""
    reason = explain(scrub(r.reason)) if r.status in ("failed", "skipped") else _note(r.reason)
    return [name, STATUS_LABELS.get(r.status, r.status), r.doc_id or "", r.clauses or "", cov, reason]


def _note(reason: str) -> str:
    """A warning on a file that went in (low coverage, OCR), in Chinese."""
    if not reason or not re.search(r"[A-Za-z]{3,}", reason):
        return reason
    return "已入库，部分内容可能未识别，请核对原文。"


RESULT_HEADER = ["文件", "结果", "文档编号", "条款数", "覆盖率", "说明"]


QUEUED, PARSED = "排队中", "已解析，正在建立索引"



def ingest_uploads(
    backend: Backend, files: Sequence[str], progress: Callable[[float, str], None] | None = None,
    on_row: Callable[[int, list[object]], None] | None = None,
) -> list[list[object]]:
    """Stage, build and reopen: one result row per uploaded file (original name, never a server path).

    ``on_row(n, row)`` is told each file's row as soon as it is known (refused at staging, then parsed), before
    the search index is rebuilt and the final rows are returned."""
    notify = progress or (lambda frac, msg: None)
    rows: list[list[object] | None] = []
    staged: list[tuple[int, Path]] = []
    max_bytes = backend.settings.max_file_mb * 1024 * 1024
    with backend.build_lock:
        dest_dir = uploads_dir(backend.index_dir)
        names = []
        for f in files:
            name = Path(f).name
            names.append(name)
            path, reason = stage_upload(Path(f), name, dest_dir, max_bytes)
            if path is None:
                rows.append(result_row(name, None, reason))
                if on_row:
                    on_row(len(rows) - 1, rows[-1])
            else:
                rows.append(None)
                staged.append((len(rows) - 1, path))
        if staged:
            done = [0]
            index_of = {p.resolve(): i for i, p in staged}

            def on_file(r: FileResult) -> None:
                done[0] += 1
                i = index_of.get(Path(r.path).resolve())
                if on_row and i is not None:
                    row = result_row(names[i], r)
                    on_row(i, [row[0], PARSED if r.status == "ok" else row[1], *row[2:]])
                notify(done[0] / (len(staged) + 1), f"已处理 {done[0]}/{len(staged)}：{Path(r.path).name}")

            def on_progress(msg: str) -> None:
                notify(min(done[0] / (len(staged) + 1) + 0.01, 0.99), progress_line(str(msg)))

            def on_event(kind: str, value: Any) -> None:
                (on_file if kind == "file" else on_progress)(value)

            notify(0.0, "开始入库…")
            report = call_aside(build_emitting, [p for _, p in staged], backend.index_dir, backend.build_settings(),
                                on_event=on_event)
            notify(0.97, "正在重新打开索引…")
            backend.reload()
            by_path = {Path(r.path).resolve(): r for r in report.files}
            for i, p in staged:
                r = by_path.get(p.resolve())
                rows[i] = result_row(names[i], r)
                if r is None or r.status in ("failed", "skipped"):
                    p.unlink(missing_ok=True)  # keep only what is in the index
    return [r for r in rows if r is not None]
