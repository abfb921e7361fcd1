"""The app's (kb.app) pure helpers: escaping, highlighting, upload staging, downloads (fast: no server, no model)."""

from __future__ import annotations

import os
from pathlib import Path

import gradio as gr
import pytest

from kb.app import checks, downloads, layout, render, server, uploads
from kb.errors import ConfigError, IngestError
from kb.models import (
    AlignedPair,
    Alignment,
    Answer,
    AnswerItem,
    Citation,
    Clause,
    Comparison,
    ComparisonRow,
    DocumentMeta,
    FigureDelta,
    Indicator,
    IndicatorBrief,
)

# Real clause text from corpus/003 (周政办〔2024〕13号), task 6.
ZHOUKOU_6 = ("6.落实新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施的规定。对分期开发的新建居住区项目,"
             "配建的养老服务设施应安排在首期;确实无法安排在首期的项目,要求在规划地块建设总量完工50%之前同步建设完成。"
             "(责任单位:市自然资源和规划局、市住房城乡建设局)")
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> ${alert(2)} {{constructor}}'


def _doc(**kw: object) -> DocumentMeta:
    base = dict(id="003_ac2c417f64737111", source="003.txt", title="周口市人民政府办公室关于印发周口市养老服务体系建设实施方案的通知",
                doc_number="周政办〔2024〕13号", date="2024-04-02", region="周口市", province="河南省", level="city",
                doc_type="通知", coverage=0.97, clauses=120)
    base.update(kw)
    return DocumentMeta(**base)


def _clause(text: str = ZHOUKOU_6, **kw: object) -> Clause:
    base = dict(id="003_ac2c417f64737111:0031", doc_id="003_ac2c417f64737111", seq=31, number="6.",
                path=["二、重点任务", "（一）加强养老服务设施建设"], text=text, start=0, end=len(text))
    base.update(kw)
    return Clause(**base)


# ----------------------------------------------------------------------------- escaping and highlighting


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (ZHOUKOU_6[:40], [(ZHOUKOU_6.index("不低于"), ZHOUKOU_6.index("标准"))],
         '6.落实新建城镇居住区按照每百户<mark class="kb-fig">不低于30平方米</mark>标准配建'),
        ("a<b>c", [(1, 4)], 'a<mark class="kb-fig">&lt;b&gt;</mark>c'),
        ("不低于30平方米", [(3, 5), (4, 8)], '不低于<mark class="kb-fig">30平方米</mark>'),  # overlaps merged
        ("每百户20", [(-1, 2), (3, 99), (4, 4)], "每百户20"),  # bad spans dropped
    ],
)
def test_ui_highlight_marks_spans_and_escapes(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    assert render.highlight(text, spans).startswith(expected)


def test_ui_answer_card_escapes_every_document_text() -> None:
    doc = _doc(title=EVIL, doc_number='"><b>x</b>')
    clause = _clause(text=EVIL, id='d:0001"onmouseover="alert(3)', path=[EVIL])
    item = AnswerItem(document=doc, clauses=[clause], citations=[Citation(title=EVIL, text=EVIL)], why=EVIL,
                      indicators=[Indicator(clause_id=clause.id, value=30, unit="<i>", start=0, end=8)])
    page = render.render_answer(Answer(question="q", items=[item]))
    assert "<script" not in page and "<img" not in page and "<b>x" not in page and "<i>" not in page
    assert "&lt;script&gt;" in page and "onerror=alert(1)&gt;" in page
    assert 'data-clause="d:0001&quot;onmouseover=&quot;alert(3)"' in page


def test_ui_answer_card_shows_figures_citation_why_and_ocr() -> None:
    clause = _clause(ocr_confidence=0.9712, page=3)
    start = ZHOUKOU_6.index("每百户")
    ind = Indicator(clause_id=clause.id, subject="新建城镇居住区配建养老服务设施", value=30, unit="平方米", comparator=">=",
                    basis="每百户", raw="每百户不低于30平方米", start=start, end=start + 11)
    cite = Citation(title=_doc().title, doc_number="周政办〔2024〕13号", date="2024-04-02", path="二（一）6",
                    text="《周口市人民政府办公室关于印发周口市养老服务体系建设实施方案的通知》（周政办〔2024〕13号）二（一）6")
    item = AnswerItem(document=_doc(), clauses=[clause], indicators=[ind], citations=[cite], why="关键词第2 · 语义第1")
    page = render.render_item(1, item)
    assert '<mark class="kb-fig">每百户不低于30平方米</mark>' in page
    assert "OCR，置信度0.97" in page and "第3页" in page
    assert f'data-cite="{cite.text}"' in page and "复制引用" in page
    assert "匹配依据：关键词第2 · 语义第1" in page
    assert '<span class="kb-chip">每百户≥30平方米</span>' in page  # kb.export.format_figure, as in the matrix
    assert '<div class="kb-path">二、重点任务 › （一）加强养老服务设施建设 <span' in page  # "6." starts the text
    assert render.where(_clause(text="落实……")) == "二、重点任务 › （一）加强养老服务设施建设 › 6."


def test_ui_nothing_found_shows_message() -> None:
    page = render.render_answer(Answer(question="量子纠缠", found=False, message="没有找到<相关>条款"))
    assert "没有找到&lt;相关&gt;条款" in page and "kb-card" not in page


def test_ui_compare_table_badges_escaped_text_and_delta() -> None:
    comp = Comparison(topic="新建居住区养老服务设施配建标准", rows=[
        ComparisonRow(doc_id="004", title="河南省实施意见", region="河南省", level="province", clause_id="004:1",
                      text="新建居民住宅区按照每百户不低于30平方米的标准配套建设养老服务设施",
                      indicators=[IndicatorBrief(value=30, unit="平方米", comparator=">=", basis="每百户")]),
        ComparisonRow(doc_id="001", title="焦作市", region="焦作市", level="city", clause_id="001:9", relation="stricter",
                      label="加码", text=EVIL,
                      delta=FigureDelta(unit="平方米", basis="每百户", value=50, reference=30, difference=20, percent=66.7,
                                        relation="stricter")),
        ComparisonRow(doc_id="002", title="浙江省", region="浙江省", level="province", relation="silent"),
    ])
    page = render.compare_html(comp)
    assert page.index("河南省实施意见") < page.index("焦作市")
    assert "kb-badge-stricter\">加码" in page and "kb-badge-silent\">缺失" in page and "无相关条款" in page
    assert "50 对 30 平方米（每百户）：+20，+66.7%" in page  # kb.compare.delta_text, as in the download
    assert "<td>每百户 ≥ 30平方米</td>" in page  # kb.compare.figure_text
    assert page.count('kb-badge-ref">基准') == 1  # the province row is the reference
    assert "<script" not in page and "<img" not in page


def test_ui_alignment_diff_is_escaped() -> None:
    al = Alignment(doc_a="a", doc_b="b", pairs=[AlignedPair(a_clause_id="a:1", b_clause_ids=["b:1"], a_text="每百户30",
                   b_text="每百户50", relation="stricter", label="加码",
                   diff=[("=", "每百户"), ("-", "30<"), ("+", "50<img src=x onerror=alert(1)>")])])
    page = render.alignment_html(al, {"a": "河南省", "b": "焦作市"})
    assert "<del>30&lt;</del><ins>50&lt;img src=x onerror=alert(1)&gt;</ins>" in page
    assert "<img" not in page


def test_ui_clause_tree_nests_children_under_parents() -> None:
    parent = _clause(text="二、重点任务", id="d:0001", seq=1, number="二、", path=[])
    child = _clause(id="d:0002", seq=2, parent_id="d:0001", text=EVIL)
    page = render.clause_tree_html(_doc(clauses=2), [parent, child])
    assert page.index("二、重点任务") < page.index("&lt;script&gt;")
    assert page.count("<ul") == 2 and "<script" not in page


# ----------------------------------------------------------------------------- uploads


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd", "passwd"),
        ("<script>.pdf", "script"),
        ("..\\..\\windows\\win.ini", "win"),
        ("周口市养老服务体系建设实施方案（2024）.docx", "周口市养老服务体系建设实施方案_2024"),
        ("003_ac2c417f64737111.txt", "003_ac2c417f64737111"),
        ("....", "upload"),
        ("周口市民政局通知.2024.v2.txt", "周口市民政局通知.2024.v2"),  # inner dots kept, as `kb ingest` does
        ("..hidden.txt", "hidden"),
        ("a" * 300 + ".txt", "a" * 200),
        ("养" * 100 + ".txt", "养" * 66),  # 200 bytes of UTF-8
        ("shandong_province_2025_shouji_pingban_shoubiao_gouxin_butie_shishi_xize.pdf",
         "shandong_province_2025_shouji_pingban_shoubiao_gouxin_butie_shishi_xize"),  # same id as `kb ingest`
    ],
)
def test_ui_safe_stem(name: str, stem: str) -> None:
    from kb.pipeline import doc_id_for

    assert uploads.safe_stem(name) == stem
    if len(name.encode("utf-8")) <= 200 and not name.startswith("."):  # an upload gets the command line's id
        assert doc_id_for(Path(uploads.safe_stem(name) + Path(name).suffix)) == doc_id_for(Path(name.replace("\\", "/")))


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "<script>.txt", "../x/../../../evil.md", "/abs/path.html"])
def test_ui_stage_upload_stays_in_its_folder(tmp_path: Path, name: str) -> None:
    src = tmp_path / "src.bin"
    src.write_text(ZHOUKOU_6, encoding="utf-8")
    dest_dir = tmp_path / "index" / "uploads"
    path, reason = uploads.stage_upload(src, name, dest_dir, 1 << 20)
    assert reason == "" and path is not None
    assert path.resolve().parent == dest_dir.resolve()
    assert path.read_text(encoding="utf-8") == ZHOUKOU_6
    assert set(path.name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


@pytest.mark.parametrize(
    ("name", "size", "needle"),
    [("virus.exe", 10, "不支持的文件类型"), ("noext", 10, "无扩展名"), ("big.pdf", 3 << 20, "文件太大"), ("empty.txt", 0, "空的")],
)
def test_ui_stage_upload_refuses(tmp_path: Path, name: str, size: int, needle: str) -> None:
    src = tmp_path / "src.bin"
    src.write_bytes(b"x" * size)
    path, reason = uploads.stage_upload(src, name, tmp_path / "up", 2 << 20)
    assert path is None and needle in reason
    assert not (tmp_path / "up").exists() or not any((tmp_path / "up").iterdir())


# ----------------------------------------------------------------------------- messages, auth


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("no index at /tmp/pytest-1/index/default: build it first", "no index at default: build it first"),
        ("x.pdf: could not be read (OSError: /home/u/.kb/uploads/x.pdf)", "x.pdf: could not be read (OSError: x.pdf)"),
        ("boom\nTraceback (most recent call last):\n  File \"/srv/kb/x.py\"", "boom"),
    ],
)
def test_ui_scrub_hides_paths_and_tracebacks(message: str, expected: str) -> None:
    assert checks.scrub(message) == expected


def test_ui_friendly_turns_errors_into_short_messages() -> None:
    def broken() -> None:
        raise RuntimeError("secret /srv/kb/indexes/default/kb.sqlite")

    def kb_error() -> None:
        raise IngestError("/srv/kb/uploads/a.pdf: file too large: split it")

    with pytest.raises(gr.Error) as e:
        checks.friendly(broken)()
    assert "secret" not in str(e.value) and "/srv" not in str(e.value)
    with pytest.raises(gr.Error) as e:
        checks.friendly(kb_error)()
    # issue 14: the library's English message becomes a Chinese sentence (what is wrong, what to do), titled in
    # Chinese, and a wrong input is not logged as a traceback
    assert e.value.message == "“a.pdf”太大：请拆分成几个较小的文件后再上传。"
    assert e.value.title == "操作未完成" and e.value.print_exception is False


@pytest.mark.parametrize(("auth", "expected"), [(None, None), ("", None), ("staff:pa:ss", ("staff", "pa:ss"))])
def test_ui_parse_auth(auth: str | None, expected: tuple[str, str] | None) -> None:
    assert checks.parse_auth(auth) == expected


# Labels as doc_choices writes them for corpus/ documents (title（region 文号）, doc id).
CHOICES = [
    ("关于促进养老托育服务健康发展的实施意见（河南省 豫政办〔2021〕23号）", "002_a"),
    ("周口市人民政府办公室关于印发2024年周口市养老服务体系建设工作方案的通知（周口市 周政办〔2024〕13号）", "003_b"),
    ("焦作市人民政府办公室关于印发焦作市养老服务体系建设实施方案的通知（焦作市）", "004_c"),
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("003_b", "003_b"),  # picked from the list: the id itself
        ("关于促进养老托育服务健康发展", "002_a"),  # part of a title, typed
        (" 周政办〔2024〕13号 ", "003_b"),  # a 文号
        (CHOICES[2][0], "004_c"),  # the whole label
        ("人民政府办公室关于印发", None),  # two documents: ambiguous
        ("浙江省", None),  # no document
        ("", None),
    ],
)
def test_ui_resolve_doc_from_typed_text(typed: str, expected: str | None) -> None:
    assert checks.resolve_doc(typed, CHOICES) == expected


@pytest.mark.parametrize("auth", ["staff", ":pw", "staff:"])
def test_ui_parse_auth_refuses_malformed(auth: str) -> None:
    with pytest.raises(ConfigError):
        checks.parse_auth(auth)


# ----------------------------------------------------------------------------- responsibility matrix


def _matrix():
    from kb.models import MatrixTask, ResponsibilityMatrix, UnitDuty

    task = MatrixTask(clause_id="003:0031", doc_id="003", number="6.", path="二、重点任务",
                      text="落实新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施的规定",
                      deadlines=["2024年底前 → 2024-12-31"], figures=["每百户≥30平方米"],
                      roles={"市自然资源和规划局": "lead", "市住房城乡建设局": "co", "<b>局</b>": "co"})
    duties = [UnitDuty(unit=u, clause_id="003:0031", number="6.", path="二、重点任务", text=task.text, role=r,
                       deadlines=task.deadlines) for u, r in task.roles.items()]
    return ResponsibilityMatrix(doc_ids=["003"], titles=["周口市"], doc_numbers=["周政办〔2024〕13号"],
                                units=list(task.roles), tasks=[task], duties=duties)


def test_ui_matrix_cells_and_unit_filter() -> None:
    m = _matrix()
    page = render.matrix_html(m, None)
    assert '<td class="kb-cell kb-role-lead">牵头</td>' in page and '<td class="kb-cell kb-role-co">配合</td>' in page
    assert "&lt;b&gt;局&lt;/b&gt;" in page and "<b>局" not in page
    one = render.matrix_html(m, "市住房城乡建设局")
    assert one.count("<th") == 6 and "市自然资源和规划局" not in one
    units = render.unit_task_html(m, None)
    assert units.count("<details") == 3 and "时限：2024年底前 → 2024-12-31" in units
    assert render.unit_task_html(m, "市自然资源和规划局").count("<details") == 1


def test_ui_serve_signature_matches_kb_serve() -> None:
    import inspect

    params = inspect.signature(server.serve).parameters
    assert list(params) == ["index_dir", "host", "port", "auth", "concurrency", "answer_cache", "workers"]
    assert params["host"].default == "127.0.0.1" and params["port"].default == 7860 and params["auth"].default is None
    from kb.config import ServeOptions

    defaults = ServeOptions()  # kb serve's defaults are serve()'s
    assert (params["concurrency"].default, params["answer_cache"].default, params["workers"].default) == (
        defaults.concurrency, defaults.answer_cache, defaults.workers)


def test_ui_build_app_loads_nothing(tmp_path: Path) -> None:
    """Building the page opens no index (a missing one is only reported on the first request)."""
    demo = layout.build_app(tmp_path / "no-index-yet")
    assert isinstance(demo, gr.Blocks)
    assert not (tmp_path / "no-index-yet").exists()


def test_ui_download_folders_expire(tmp_path: Path) -> None:
    import os
    import time

    first = downloads.out_dir(tmp_path)
    (first / "责任矩阵.xlsx").write_bytes(b"x")
    old = time.time() - downloads.DOWNLOAD_MAX_AGE - 10
    os.utime(first, (old, old))
    second = downloads.out_dir(tmp_path, now=time.time())  # a sweep now (else at most once a minute)
    assert not first.exists() and second.exists() and second.parent == tmp_path


@pytest.mark.parametrize("preset, expected", [(None, "1000"), ("5", "5")])
def test_app_keeps_gradio_queue_analytics_cheap(preset: str | None, expected: str) -> None:
    """Gradio summarises its queue's past events in pandas after every event unless told otherwise (9 % of the
    server's CPU under 50 users); kb.app sets a cheaper default, and an operator's own setting wins."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("GRADIO_ANALYTICS_")}
    if preset is not None:
        env["GRADIO_ANALYTICS_CACHE_FREQUENCY"] = preset
    code = ("import os, kb.app, gradio.queueing as q; import gradio as gr; "
            "queue = q.Queue(False, 1, 1.0, None, gr.Blocks()); "
            "print(queue.ANAYLTICS_CACHE_FREQUENCY, queue.ANALYTICS_MAX_EVENTS)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [expected, "1000"]
