"""Library management (issue 14): kb edit corrections survive a re-ingest and are logged; kb rm removes a document
from the store and the search index; readers may not upload, edit or delete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SMALL = "001_4b3757ccbb240fc5.txt"  # 焦作 第192号提案的答复: 16 clauses
OTHER = "000_f4a8eb3875f75941.txt"


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("lib")
    src = folder / "src"
    src.mkdir()
    for name in (SMALL, OTHER):
        shutil.copy(CORPUS / name, src / name)
    index = folder / "idx"
    assert main(["ingest", str(src), "--index", str(index), "--no-ocr"]) == 0
    return src, index


def test_edit_is_kept_across_reingest_and_logged(small_index, capsys):
    from kb.store import Store

    src, index = small_index
    doc_id = SMALL.removesuffix(".txt")
    assert main(["edit", doc_id, "--title", "焦作市关于第192号提案的答复", "--issuer", "焦作市民政局",
                 "--index", str(index), "--user", "张三"]) == 0
    assert "已更正" in capsys.readouterr().out
    with (src / SMALL).open("a", encoding="utf-8") as f:  # a new version of the same file: re-parsed
        f.write("\n附：本答复已抄送市政府办公室。\n")
    assert main(["ingest", str(src / SMALL), "--index", str(index), "--no-ocr"]) == 0
    store = Store.open(index)
    doc = next(d for d in store.documents() if d.id == doc_id)
    assert (doc.title, doc.issuer) == ("焦作市关于第192号提案的答复", "焦作市民政局")
    log = store.audit(doc_id)
    assert log[-1]["user"] == "张三" and log[-1]["action"] == "edit" and log[-1]["at"].startswith("20")
    store.close()


def test_edit_refuses_bad_input_in_chinese(small_index, capsys):
    _, index = small_index
    assert main(["edit", "nope", "--title", "x", "--index", str(index)]) == 1
    assert main(["edit", SMALL.removesuffix(".txt"), "--date", "2023/1/10", "--index", str(index)]) == 1
    err = capsys.readouterr().err
    assert "找不到这个文件" in err and "日期格式不对" in err


def test_rm_removes_from_store_and_search(small_index, capsys):
    from kb.search import KnowledgeBase
    from kb.store import Store

    _, index = small_index
    doc_id = OTHER.removesuffix(".txt")
    assert main(["rm", doc_id, "--index", str(index), "--user", "李四"]) == 0
    assert "已删除" in capsys.readouterr().out
    kb = KnowledgeBase.open(index)
    assert doc_id not in {d.id for d in kb.documents()}
    assert all(h.doc_id != doc_id for h in kb.search("养老护理员岗位补贴", k=20))
    log = Store.open(index).audit(doc_id)
    assert log[-1]["action"] == "remove" and log[-1]["user"] == "李四"


@pytest.mark.parametrize("auth, user, role", [
    ("", None, "editor"), ("staff:pw", "staff", "editor"),
    ("editor=ann:pw1,reader=bob:pw:2", "bob", "reader"), ("editor=ann:pw1,reader=bob:pw:2", "ann", "editor"),
    ("editor=ann:pw1", "stranger", "reader"),
])
def test_roles_from_auth(auth, user, role):
    from kb.app.checks import parse_logins, role_of

    assert role_of(parse_logins(auth), user) == role


def test_readers_may_not_upload():
    import gradio as gr

    from kb.app.backend import Backend
    from kb.app.checks import parse_logins
    from kb.app.handlers import Handlers

    h = Handlers(Backend(Path("/nonexistent"), logins=parse_logins("editor=ann:pw1,reader=bob:pw2")))
    request = type("R", (), {"username": "bob"})()
    with pytest.raises(gr.Error, match="只读账号"):
        next(h.do_upload(["a.txt"], request))


def test_upload_queue_shows_each_file_then_its_result(tmp_path):
    """The upload handler yields every file as 排队中 first, then each file's row as it is parsed, then the result."""
    from kb.app.backend import Backend
    from kb.app.handlers import Handlers

    index = tmp_path / "idx"
    assert main(["ingest", str(CORPUS / SMALL), "--index", str(index), "--no-ocr"]) == 0
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ" + b"\0" * 100)
    good = tmp_path / "周口通知.txt"
    good.write_text("关于开展助餐点巡查的通知\n一、每个社区设置助餐点不少于1个。\n二、补贴标准为每餐3元。\n", encoding="utf-8")
    steps = list(Handlers(Backend(index)).do_upload([str(bad), str(good)], None, progress=lambda *a, **k: None))
    assert [r[1] for r in steps[0]] == ["排队中", "排队中"]
    assert any(r[1] == "已解析，正在建立索引" for step in steps[1:-1] for r in step)
    final = steps[-1]
    assert final[0][1] == "失败" and "不支持" in final[0][5]
    assert final[1][0] == "周口通知.txt" and final[1][1] == "已入库"
