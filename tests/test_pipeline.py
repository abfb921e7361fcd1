"""The pipeline end to end: bad input is reported by name and loses nothing; builds are swapped in atomically."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from kb.config import Settings
from kb.pipeline import build, collect_files, doc_id_for
from kb.store import Store
from tests.conftest import CORPUS, SHARED

SEED_003 = CORPUS / "003_ac2c417f64737111.txt"
SEED_001 = CORPUS / "001_4b3757ccbb240fc5.txt"
SCANNED = CORPUS / "shandong_province_2025_shouji_pingban_shoubiao_gouxin_butie_shishi_xize.pdf"
FAST = Settings(ocr=False)


def _build(paths, index_dir, settings=FAST):
    return build(paths, index_dir, settings, refresh_index=False)


def test_pipeline_collect_files_skips_readme_and_sources(tmp_path: Path) -> None:
    for name in ("README.md", "SOURCES.md", "a.txt", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in collect_files([tmp_path])] == ["a.txt"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("003_ac2c417f64737111.txt", "003_ac2c417f64737111"), ("a b/../c.pdf", "c"), ("济南 公告.docx", "济南_公告")],
)
def test_pipeline_doc_id_for(name: str, expected: str) -> None:
    assert doc_id_for(Path(name)) == expected


def _bad_files(folder: Path) -> dict[str, Path]:
    """One file for every kind of bad input the issue names."""
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "corrupt_pdf": folder / "corrupt.pdf",
        "fake_docx": folder / "fake.docx",
        "not_zip_docx": folder / "notzip.docx",
        "unsupported": folder / "table.xls",
        "huge": folder / "huge.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["corrupt_pdf"].write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%garbage" + b"\x00" * 100)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word document")
    files["fake_docx"].write_bytes(buf.getvalue())
    files["not_zip_docx"].write_bytes(b"just some text pretending to be a docx")
    files["unsupported"].write_bytes(b"\xd0\xcf\x11\xe0")
    with open(files["huge"], "wb") as f:
        f.write("养老服务。\n".encode() * (51 * 1024 * 1024 // 16 + 1))
    return files


def test_pipeline_bad_input_reported_by_name_and_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = _bad_files(folder)
    shutil.copy(SEED_001, folder / SEED_001.name)
    index_dir = tmp_path / "idx"
    report = _build([folder], index_dir)
    by_name = {Path(r.path).name: r for r in report.files}
    assert by_name[SEED_001.name].status == "ok"
    assert by_name[SEED_001.name].clauses > 5
    for key, path in bad.items():
        r = by_name[path.name]
        assert r.status == "failed", (key, r)
        assert path.name in r.reason, (key, r.reason)
        assert "\n" not in r.reason
        assert "Traceback" not in r.reason
    assert "too large" in by_name["huge.txt"].reason
    assert "unsupported" in by_name["table.xls"].reason
    assert Store.open(index_dir).doc_ids() == {doc_id_for(SEED_001)}


def test_pipeline_scanned_pdf_without_ocr_is_skipped_with_reason(tmp_path: Path) -> None:
    report = _build([SCANNED], tmp_path / "idx")
    (r,) = report.files
    assert r.status == "skipped"
    assert "no text layer: scanned document, OCR needed" in r.reason
    assert SCANNED.name in r.reason


def _dump(db: Path) -> list[str]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_pipeline_reingest_unchanged_changes_nothing(tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    first = _build([SEED_003], index_dir)
    assert first.files[0].status == "ok"
    db = _dump(index_dir / "kb.sqlite")
    second = _build([SEED_003], index_dir)
    assert second.files[0].status == "unchanged"
    assert _dump(index_dir / "kb.sqlite") == db  # every row and schema; SQLite's header change counter may move


def test_pipeline_changed_file_replaces_old_version(tmp_path: Path) -> None:
    src = tmp_path / "plan.txt"
    src.write_text(SEED_001.read_text(encoding="utf-8"), encoding="utf-8")
    index_dir = tmp_path / "idx"
    _build([src], index_dir)
    src.write_text("关于养老服务的通知\n一、总体要求\n新建居住区按每百户不低于30平方米配建养老服务设施。\n", encoding="utf-8")
    report = _build([src], index_dir)
    assert report.files[0].status == "ok"
    store = Store.open(index_dir)
    assert store.doc_ids() == {"plan"}
    texts = " ".join(c.text for c in store.clauses("plan"))
    assert "每百户不低于30平方米" in texts
    assert "岳益民" not in texts


def test_pipeline_failed_build_leaves_previous_index_intact(tmp_path: Path, monkeypatch) -> None:
    index_dir = tmp_path / "idx"
    _build([SEED_001], index_dir)
    before = {p.name: p.read_bytes() for p in index_dir.iterdir() if p.is_file()}

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kb.pipeline._refresh", boom)
    with pytest.raises(RuntimeError):
        build([SEED_003], index_dir, FAST)
    after = {p.name: p.read_bytes() for p in index_dir.iterdir() if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["idx"]  # no half-built folder left behind


def test_pipeline_corpus_end_to_end(built_index) -> None:
    index_dir, report = built_index
    statuses = {Path(r.path).name: r.status for r in report.files}
    assert all(s == "ok" for s in statuses.values()), [r for r in report.files if r.status != "ok"]
    assert report.documents == len(statuses) >= 17
    store = Store.open(index_dir)
    for doc in store.documents():
        assert doc.clauses > 0, doc.id
        full = store.document(doc.id)
        for c in store.clauses(doc.id):
            assert full.text[c.start : c.end] == c.text, c.id
    assert SHARED.exists()


def test_pipeline_new_code_version_reprocesses_unchanged_files(tmp_path: Path, monkeypatch) -> None:
    index_dir = tmp_path / "idx"
    _build([SEED_001], index_dir)
    monkeypatch.setattr("kb.pipeline.pipeline_version", lambda: "new-version")
    report = _build([SEED_001], index_dir)
    assert report.files[0].status == "ok"
    assert Store.open(index_dir).document(doc_id_for(SEED_001)).pipeline == "new-version"


def test_pipeline_same_name_in_two_folders_is_not_silently_merged(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED_001, tmp_path / folder / "plan.txt")
    (tmp_path / "b" / "plan.txt").write_text("关于养老服务的通知\n一、总体要求\n加强养老服务。\n", encoding="utf-8")
    report = _build([tmp_path / "a", tmp_path / "b"], tmp_path / "idx")
    assert [r.status for r in report.files] == ["ok", "failed"]
    assert "rename" in report.files[1].reason
    assert "岳益民" in " ".join(c.text for c in Store.open(tmp_path / "idx").clauses("plan"))


def test_pipeline_length_changing_simplification_keeps_table_spans_aligned(tmp_path: Path, monkeypatch) -> None:
    """When 繁->简 changes the text's length, table rows still index the text the clauses come from."""
    from kb.ingest import clean

    real = clean.to_simplified
    monkeypatch.setattr(clean, "to_simplified", lambda t: real(t).replace("养老", "养老服务"))
    src = CORPUS / "003_ac2c417f64737111.txt"
    from kb.pipeline import ingest_file

    document, clauses = ingest_file(src, FAST)
    rows = [c for c in clauses if c.kind == "table"]
    assert rows
    for c in clauses:
        assert document.text[c.start : c.end] == c.text
    assert any("商水县" in c.text for c in rows)
    for c in rows:  # each row clause is exactly its own row: every cell in it, starting at a line start
        assert all(cell in c.text for cell in c.table.cells if cell), (c.text, c.table.cells)
        assert c.start == 0 or document.text[c.start - 1] == "\n", c.text
