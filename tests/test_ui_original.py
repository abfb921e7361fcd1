"""查看原文 (issue 14): a PDF clause's page with the clause boxed, a text clause's span marked in its document's text
(escaped), originals found only where they belong; replace / re-parse are for editors; the optional answer cache."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import gradio as gr
import pytest

from kb.app.backend import Backend
from kb.app.handlers import Handlers
from kb.models import Clause, DocumentMeta

JINAN_PDF = "shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize"
ZHOUKOU = "003_ac2c417f64737111"


@pytest.fixture(scope="module")
def handlers(built_index) -> Handlers:
    return Handlers(Backend(built_index[0]))


def test_pdf_clause_shows_its_page_with_the_clause_boxed(handlers):
    from PIL import Image

    clause = next(c for c in handlers.backend.clauses(JINAN_PDF) if c.page and c.page > 1 and "补贴标准" in c.text)
    out = handlers.original(clause.id)
    assert f"第 {clause.page} 页" in out and "未能在页面上自动框出" not in out
    png = base64.b64decode(out.split("base64,", 1)[1].split('"', 1)[0])
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width > 800 and image.height > 1100  # an A4 page at 1.5x
    reds = sum(1 for x in range(0, image.width, 3) for y in range(0, image.height, 3)
               if image.getpixel((x, y))[0] > 150 and image.getpixel((x, y))[1] < 80)
    assert reds > 50  # the red box around the clause


def test_text_clause_is_marked_in_its_document_text(handlers):
    clause = next(c for c in handlers.backend.clauses(ZHOUKOU) if "每百户不低于30平方米" in c.text)
    out = handlers.original(clause.id)
    marked = out.split('<mark class="kb-orig-mark" id="kb-orig-mark">', 1)[1].split("</mark>", 1)[0]
    assert "每百户不低于30平方米" in marked and len(marked) == len(clause.text)
    assert "<img" not in out


def test_text_window_escapes_the_document():
    from kb.app.original import text_window_html

    text = '前文<script>alert(1)</script>。一、巡访点位<img src=x onerror=alert(2)>不少于7个。后文'
    start = text.index("一、")
    clause = Clause(id="x:0001", doc_id="x", seq=1, text=text[start:], start=start, end=len(text))
    out = text_window_html(text, clause)
    assert "<script>" not in out and "<img" not in out and "&lt;img src=x" in out


def test_original_never_leaves_the_uploads_folder(tmp_path):
    from kb.library import original_path
    from kb.store import Store

    index = tmp_path / "idx"
    Store.open(index, create=True).close()
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    doc = DocumentMeta(id="secret", source="../secret.txt")
    assert original_path(index, doc) is None  # "../" in a stored source name is not followed
    (index / "uploads").mkdir()
    (index / "uploads" / "secret.txt").write_text("y", encoding="utf-8")
    assert original_path(index, doc) == index / "uploads" / "secret.txt"
    assert handlers_empty() == '<div class="kb-empty">先点击一条条款，再点“查看原文”。</div>'


def handlers_empty() -> str:
    return Handlers(Backend(Path("/nonexistent"))).original("")


def test_readers_may_not_replace_or_reparse():
    from kb.app.checks import parse_logins

    h = Handlers(Backend(Path("/nonexistent"), logins=parse_logins("editor=ann:pw1,reader=bob:pw2")))
    request = type("R", (), {"username": "bob"})()
    with pytest.raises(gr.Error, match="只读账号"):
        h.do_replace("x", "a.txt", True, request)
    with pytest.raises(gr.Error, match="只读账号"):
        h.do_reparse("x", request)


def test_answer_cache_keeps_answers_until_the_index_is_reopened(built_index):
    from kb.models import Filters

    backend = Backend(built_index[0], answer_cache=2)
    first = backend.ask("护理员补贴多少", Filters())
    assert backend.ask("护理员补贴多少", Filters()) is first
    assert backend.ask("护理员补贴多少", Filters(region="焦作市")) is not first  # filters are part of the key
    backend.ask("医养结合", Filters())
    assert backend.ask("护理员补贴多少", Filters()) is not first  # the oldest went (2 kept)
    again = backend.ask("护理员补贴多少", Filters())
    backend.reload()
    assert backend.ask("护理员补贴多少", Filters()) is not again
    assert Backend(built_index[0]).answer_cache == 0  # off unless asked for
