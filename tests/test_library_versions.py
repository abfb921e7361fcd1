"""Library management, part two (issue 14): replace a document with a new version (same id, old clauses, records
and vectors gone, corrections kept unless dropped, logged) and re-parse documents from their originals; a failed
replacement leaves the index as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kb.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SMALL = "001_4b3757ccbb240fc5.txt"  # 焦作 第192号提案的答复
OTHER = "004_1d889c251517f314.txt"
NEW_VERSION = "shandong_dezhou_city_yanglao_fuwu_tiaoli_2019.md"  # stands in for a new version of SMALL


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("versions")
    src = folder / "src"
    src.mkdir()
    for name in (SMALL, OTHER):
        shutil.copy(CORPUS / name, src / name)
    assert main(["ingest", str(src), "--index", str(folder / "idx"), "--no-ocr"]) == 0
    return folder / "idx"


@pytest.fixture()
def index(built, tmp_path) -> Path:
    """A fresh copy of the built index for each test (its originals stay where they were ingested from)."""
    shutil.copytree(built, tmp_path / "idx")
    return tmp_path / "idx"


def _open(index: Path):
    from kb.store import Store

    return Store.open(index)


def test_replace_keeps_id_and_corrections_drops_old_clauses(index, capsys):
    from kb.index import make_embedder
    from kb.search import KnowledgeBase

    doc_id = SMALL.removesuffix(".txt")
    store = _open(index)
    old_texts = {c.text for c in store.clauses(doc_id)}
    old_vectors = len(store._rows("SELECT key FROM vectors"))
    store.close()
    assert main(["edit", doc_id, "--title", "更正后的标题", "--index", str(index), "--user", "张三"]) == 0
    assert main(["replace", doc_id, str(CORPUS / NEW_VERSION), "--index", str(index), "--user", "李四"]) == 0
    out = capsys.readouterr().out
    assert f"已替换  {doc_id}（{NEW_VERSION}）" in out

    store = _open(index)
    doc = store.document(doc_id)
    assert doc.title == "更正后的标题" and doc.source == f"{doc_id}.md"  # the correction survives the new version
    new_clauses = store.clauses(doc_id)
    assert new_clauses and not old_texts & {c.text for c in new_clauses}
    assert any("德州" in c.text or "养老" in c.text for c in new_clauses)
    assert {r.clause_id.rsplit(":", 1)[0] for r in store.responsibilities(doc_id)} <= {doc_id}
    assert (index / "uploads" / f"{doc_id}.md").read_bytes() == (CORPUS / NEW_VERSION).read_bytes()
    entry = store.audit(doc_id)[-1]
    assert entry["action"] == "replace" and entry["user"] == "李四" and entry["detail"]["new_source"] == NEW_VERSION
    model = make_embedder().name
    assert len(store._rows("SELECT key FROM vectors WHERE model = ?", (model,))) != old_vectors
    store.close()
    kb = KnowledgeBase.open(index)  # the search index holds the new clauses, not the old ones
    hit_ids = {h.clause_id for h in kb.search("德州市养老服务条例", k=10)}
    assert any(h.startswith(doc_id + ":") for h in hit_ids)
    assert not list(index.parent.glob(".idx.*"))  # no building copy left behind


def test_replace_can_drop_corrections_and_says_so_in_json(index, capsys):
    doc_id = SMALL.removesuffix(".txt")
    assert main(["edit", doc_id, "--title", "更正后的标题", "--index", str(index)]) == 0
    capsys.readouterr()
    assert main(["replace", doc_id, str(CORPUS / NEW_VERSION), "--drop-corrections", "--json",
                 "--index", str(index)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "ok" and result["doc_id"] == doc_id and result["clauses"] > 10
    store = _open(index)
    assert store.document(doc_id).title != "更正后的标题"
    assert store.audit(doc_id)[-1]["detail"]["corrections"] == "dropped"
    store.close()


def test_failed_replacement_leaves_the_index_as_it_was(index, tmp_path, capsys):
    doc_id = SMALL.removesuffix(".txt")
    before = _open(index).clauses(doc_id)
    bad = tmp_path / "新版本.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    assert main(["replace", doc_id, str(bad), "--index", str(index)]) == 1
    err = capsys.readouterr().err
    assert "PDF" in err and "Pdfminer" not in err and "Traceback" not in err
    assert _open(index).clauses(doc_id) == before
    assert not list(index.parent.glob(".idx.*"))
    assert main(["replace", "nope", str(CORPUS / NEW_VERSION), "--index", str(index)]) == 1
    assert "找不到这个文件" in capsys.readouterr().err


def test_reparse_restores_what_the_pipeline_reads(index, capsys):
    """A stale version (as an older parser left it: clauses missing) is parsed again from the original."""
    from kb.models import Records

    doc_id = OTHER.removesuffix(".txt")
    store = _open(index)
    doc, clauses = store.document(doc_id), store.clauses(doc_id)
    store.put_document(doc, clauses[:3], Records())
    store.close()
    assert main(["reparse", doc_id, "--index", str(index), "--user", "王五"]) == 0
    assert "已重新解析" in capsys.readouterr().out
    store = _open(index)
    assert [c.text for c in store.clauses(doc_id)] == [c.text for c in clauses]
    assert store.responsibilities(doc_id) or store.indicators(doc_id)
    assert store.audit(doc_id)[-1]["action"] == "reparse"
    store.close()


def test_reparse_all_reports_a_lost_original_in_chinese(index, capsys):
    from kb.pipeline import ORIGINAL_KEY

    store = _open(index)
    store.set_kv(ORIGINAL_KEY + OTHER.removesuffix(".txt"), str(index / "moved-away.txt"))  # the source was moved
    store.close()
    assert main(["reparse", "--all", "--index", str(index)]) == 1
    out = capsys.readouterr().out
    assert "已重新解析  " + SMALL.removesuffix(".txt") in out
    assert "原文件已不在原处" in out and "not found" not in out
    assert main(["reparse", "--index", str(index)]) == 1
    assert "--all" in capsys.readouterr().err


def test_a_reingest_records_where_an_unchanged_original_lies(index):
    """An index built before originals were recorded learns them from the next `kb ingest` of the same files."""
    from kb.pipeline import ORIGINAL_KEY

    store = _open(index)
    doc_id = OTHER.removesuffix(".txt")
    source = Path(store.get_kv(ORIGINAL_KEY + doc_id))
    store.set_kv(ORIGINAL_KEY + doc_id, str(index / "not-recorded.txt"))
    store.close()
    assert main(["ingest", str(source), "--index", str(index), "--no-ocr"]) == 0  # unchanged: not parsed again
    store = _open(index)
    assert store.get_kv(ORIGINAL_KEY + doc_id) == str(source.resolve())
    store.close()
