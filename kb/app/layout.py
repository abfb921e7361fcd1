"""The page: five tabs of components (one function each) and the events that join them to the handlers."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from kb.app.assets import APP_TITLE, CARD_JS, EXAMPLE_QUESTIONS, INTRO, SHOW_WHY_JS, TREE_JS
from kb.app.backend import Backend
from kb.app.checks import ALL
from kb.app.downloads import INDICATOR_HEADER
from kb.app.handlers import AUDIT_HEADER, TREE_HINT, Handlers
from kb.app.render import DOC_HEADER, LEVELS
from kb.app.uploads import RESULT_HEADER, UPLOAD_SUFFIXES


def build_app(index_dir: Path, backend: Backend | None = None) -> gr.Blocks:
    """The Blocks of the app over one index (nothing is loaded until the first request)."""
    backend = backend or Backend(Path(index_dir))
    c = SimpleNamespace()  # the components, by name, for the events
    with gr.Blocks(title=APP_TITLE, analytics_enabled=False, delete_cache=(1800, 3600)) as demo:
        gr.Markdown(f"## {APP_TITLE}\n{INTRO}")
        with gr.Tabs() as c.tabs:
            _ask_tab(c)
            _compare_tab(c)
            _matrix_tab(c)
            _indicator_tab(c)
            _docs_tab(c, backend.settings.max_file_mb)
        _wire(demo, Handlers(backend), c)
    return demo


def _ask_tab(c: SimpleNamespace) -> None:
    with gr.Tab("问答", id="ask", elem_id="tab-ask"):
        with gr.Row():
            c.question = gr.Textbox(label="问题", placeholder="例如：新建小区配建标准", scale=5, elem_id="kb-question")
            c.ask_btn = gr.Button("提问", variant="primary", scale=1, elem_id="kb-ask")
        gr.Examples(EXAMPLE_QUESTIONS, inputs=c.question, label="示例问题")
        with gr.Accordion("筛选条件", open=False):
            with gr.Row():
                c.region = gr.Dropdown([ALL], value=ALL, label="地区", allow_custom_value=True)
                c.level = gr.Dropdown([(ALL, ALL), *[(v, k) for k, v in LEVELS.items()]], value=ALL, label="层级")
                c.doc_type = gr.Dropdown([ALL], value=ALL, label="文件类型", allow_custom_value=True)
                # a calendar picker; typed dates are still checked (the picker's text field accepts anything)
                c.date_from = gr.DateTime(label="起始日期", include_time=False, type="string", elem_id="kb-date-from")
                c.date_to = gr.DateTime(label="截止日期", include_time=False, type="string", elem_id="kb-date-to")
        with gr.Row():
            with gr.Column(scale=3):
                c.show_why = gr.Checkbox(label="显示匹配依据", value=False, elem_id="kb-show-why", container=False)
                c.cards = gr.HTML('<div class="kb-empty">请输入问题或点击示例。</div>', elem_id="kb-answer",
                                  js_on_load=CARD_JS)
                c.cites = gr.Textbox(label="全部引用（可复制粘贴）", lines=3, buttons=["copy"], interactive=False,
                                     elem_id="kb-cites")
            with gr.Column(scale=2, elem_id="kb-ctx-col"):
                gr.Markdown("**条款上下文**（点击左侧条款）")
                c.ctx = gr.HTML('<div class="kb-empty">点击答案中的条款，在这里查看它在原文中的位置。</div>',
                                elem_id="kb-context", js_on_load=None)
                c.picked = gr.State("")
                with gr.Row():
                    c.to_compare = gr.Button("用此条款做对比", size="sm", elem_id="kb-to-compare")
                    c.to_original = gr.Button("查看原文", size="sm", elem_id="kb-to-original")
                c.original = gr.HTML("", elem_id="kb-original", js_on_load=None)


def _compare_tab(c: SimpleNamespace) -> None:
    with gr.Tab("条款对比", id="compare", elem_id="tab-compare"):
        with gr.Row():
            c.topic = gr.Textbox(label="对比主题", placeholder="例如：新建居住区养老服务设施配建标准", scale=4,
                                 elem_id="kb-topic")
            c.province = gr.Dropdown([ALL], value=ALL, label="省份范围", scale=1, allow_custom_value=True)
            c.cmp_docs = gr.Dropdown([], multiselect=True, label="限定文件（可不选）", scale=2, allow_custom_value=True)
            c.cmp_btn = gr.Button("对比", variant="primary", scale=1, elem_id="kb-compare-btn")
        c.cmp_out = gr.HTML(elem_id="kb-compare", js_on_load=None)
        c.cmp_state = gr.State(None)  # the comparison shown, written as XLSX / CSV only when 导出 is clicked
        c.cmp_dl = gr.Button(EXPORT, size="sm", elem_id="kb-compare-dl")
        c.cmp_files = _files("对比表", "kb-compare-files")
        gr.Markdown("**文件逐条对齐**：左为基准文件（如省级方案），右为对照文件（如市级方案）")
        with gr.Row():
            c.doc_a = gr.Dropdown([], label="基准文件", allow_custom_value=True, elem_id="kb-doc-a")
            c.doc_b = gr.Dropdown([], label="对照文件", allow_custom_value=True, elem_id="kb-doc-b")
            c.matched_only = gr.Checkbox(label="只看两边都有的条款", value=True, scale=0)
            c.align_btn = gr.Button("逐条对齐", scale=0, elem_id="kb-align-btn")
        c.align_out = gr.HTML(elem_id="kb-align", js_on_load=None)
        c.align_state = gr.State(None)
        c.align_dl = gr.Button(EXPORT, size="sm", elem_id="kb-align-dl")
        c.align_files = _files("对齐表", "kb-align-files")


def _matrix_tab(c: SimpleNamespace) -> None:
    with gr.Tab("责任矩阵", id="matrix", elem_id="tab-matrix"):
        with gr.Row():
            c.mx_docs = gr.Dropdown([], multiselect=True, label="选择文件", scale=4, allow_custom_value=True)
            c.mx_unit = gr.Dropdown([ALL], value=ALL, label="按单位筛选", scale=2, allow_custom_value=True)
            c.mx_btn = gr.Button("生成矩阵", variant="primary", scale=1, elem_id="kb-matrix-btn")
        c.mx_state = gr.State(None)
        with gr.Row():
            c.mx_dl = gr.Button(EXPORT, size="sm", scale=0, elem_id="kb-matrix-dl")
        c.mx_files = _files("责任矩阵", "kb-matrix-files")
        c.mx_out = gr.HTML(elem_id="kb-matrix", js_on_load=None)
        gr.Markdown("**各单位任务清单**")
        c.mx_units = gr.HTML(elem_id="kb-units", js_on_load=None)


def _indicator_tab(c: SimpleNamespace) -> None:
    with gr.Tab("指标库", id="indicators", elem_id="tab-indicators") as c.ind_tab:
        with gr.Row():
            c.ind_doc = gr.Dropdown([(ALL, ALL)], value=ALL, label="文件", scale=3, allow_custom_value=True)
            c.ind_unit = gr.Dropdown([ALL], value=ALL, label="计量单位", scale=1, allow_custom_value=True)
            c.ind_kw = gr.Textbox(label="关键词", placeholder="如：床位、养老服务设施", scale=2)
            c.ind_btn = gr.Button("筛选", variant="primary", scale=1)
        c.ind_table = gr.Dataframe(headers=INDICATOR_HEADER, interactive=False, wrap=True, show_search="filter",
                                   elem_id="kb-indicators")
        c.ind_state = gr.State(None)
        c.ind_dl = gr.Button(EXPORT, size="sm", elem_id="kb-indicators-dl")
        c.ind_files = _files("指标", "kb-indicator-files")


EXPORT = "导出 XLSX / CSV"


def _files(what: str, elem_id: str) -> gr.File:
    """Where the exported spreadsheets appear (hidden until 导出 is clicked)."""
    return gr.File(label=f"下载{what}（点击文件名）", file_count="multiple", interactive=False, visible=False,
                   elem_id=elem_id)


def _docs_tab(c: SimpleNamespace, max_file_mb: int) -> None:
    with gr.Tab("文档库", id="docs", elem_id="tab-docs"):
        c.docs_table = gr.Dataframe(headers=DOC_HEADER, interactive=False, wrap=True, column_widths=["32%"],
                                    label="已入库文件（点击一行查看条款结构）", elem_id="kb-docs")
        with gr.Row():
            with gr.Column(scale=2):
                c.up_files = gr.File(label=f"上传文件（{' '.join(UPLOAD_SUFFIXES)}，单个不超过 {max_file_mb} MB）",
                                     file_count="multiple", elem_id="kb-upload")  # types checked per file
                c.up_btn = gr.Button("入库", variant="primary", elem_id="kb-upload-btn")
            with gr.Column(scale=3):
                c.up_result = gr.Dataframe(headers=RESULT_HEADER, interactive=False, wrap=True,
                                           label="上传队列：每个文件的进度和结果",
                                           elem_id="kb-upload-result")
        with gr.Row():
            c.tree_doc = gr.Dropdown([], label="查看文件的条款结构", scale=4, elem_id="kb-tree-doc", allow_custom_value=True)
            c.tree_btn = gr.Button("查看", scale=1, elem_id="kb-tree-btn")
        with gr.Row():
            c.tree_picked_md = gr.HTML(TREE_HINT, elem_id="kb-tree-picked", js_on_load=None)
            c.tree_to_compare = gr.Button("用此条款做对比", size="sm", scale=0, elem_id="kb-tree-to-compare")
            c.tree_to_original = gr.Button("查看原文", size="sm", scale=0, elem_id="kb-tree-to-original")
        c.tree_picked = gr.State("")
        c.tree_original = gr.HTML("", elem_id="kb-tree-original", js_on_load=None)
        with gr.Accordion("更正、替换、重新解析或删除所选文件（编辑账号）", open=False, elem_id="kb-manage"):
            with gr.Row():
                c.fix_title = gr.Textbox(label="标题", scale=4, elem_id="kb-fix-title")
                c.fix_number = gr.Textbox(label="文号", scale=2, elem_id="kb-fix-number")
                c.fix_issuer = gr.Textbox(label="发文机关", scale=2, elem_id="kb-fix-issuer")
                c.fix_date = gr.Textbox(label="日期", placeholder="2024-01-31", scale=1, elem_id="kb-fix-date")
            with gr.Row():
                c.fix_btn = gr.Button("保存更正", variant="primary", scale=0, elem_id="kb-fix-btn")
                c.reparse_btn = gr.Button("重新解析", scale=0, elem_id="kb-reparse-btn")
                c.rm_btn = gr.Button("删除此文件", variant="stop", scale=0, elem_id="kb-rm-btn")
                c.manage_msg = gr.HTML("", elem_id="kb-manage-msg")
            with gr.Row():
                c.rep_file = gr.File(label="新版本文件（替换所选文件，编号不变）", file_count="single", scale=3,
                                     elem_id="kb-replace-file")
                with gr.Column(scale=1):
                    c.rep_keep = gr.Checkbox(label="保留此前对标题、文号等的更正", value=True, elem_id="kb-replace-keep")
                    c.rep_btn = gr.Button("替换为新版本", variant="primary", elem_id="kb-replace-btn")
            c.audit = gr.Dataframe(headers=AUDIT_HEADER, interactive=False, wrap=True, label="修改记录",
                                   elem_id="kb-audit")
        c.tree_out = gr.HTML(elem_id="kb-tree", js_on_load=TREE_JS)


def _wire(demo: gr.Blocks, h: Handlers, c: SimpleNamespace) -> None:
    """Events: named ones (api_name) are the app's API, the others are private."""
    choice_outputs = [c.region, c.doc_type, c.province, c.cmp_docs, c.doc_a, c.doc_b, c.mx_docs, c.ind_doc,
                      c.ind_unit, c.tree_doc, c.docs_table]
    demo.load(h.choices, outputs=choice_outputs, api_name="choices")
    ask_inputs = [c.question, c.region, c.level, c.doc_type, c.date_from, c.date_to]
    c.ask_btn.click(h.do_ask, ask_inputs, [c.cards, c.cites], api_name="ask")
    c.question.submit(h.do_ask, ask_inputs, [c.cards, c.cites], api_visibility="private")
    c.show_why.change(None, c.show_why, None, js=SHOW_WHY_JS)
    c.cards.click(h.on_card, None, [c.ctx, c.picked], api_visibility="private")
    gr.api(h.context, api_name="context")
    c.to_compare.click(h.clause_to_compare, c.picked, [c.tabs, c.topic], api_visibility="private")
    compare_io = ([c.topic, c.province, c.cmp_docs], [c.cmp_out, c.cmp_state, c.cmp_files])
    c.cmp_btn.click(h.do_compare, *compare_io, api_name="compare")
    c.topic.submit(h.do_compare, *compare_io, api_visibility="private")
    c.cmp_dl.click(h.compare_download, c.cmp_state, c.cmp_files, api_name="compare_download")
    c.align_btn.click(h.do_align, [c.doc_a, c.doc_b, c.matched_only], [c.align_out, c.align_state, c.align_files],
                      api_name="align")
    c.align_dl.click(h.align_download, c.align_state, c.align_files, api_name="align_download")
    matrix_io = ([c.mx_docs, c.mx_unit], [c.mx_out, c.mx_units, c.mx_unit, c.mx_state, c.mx_files])
    c.mx_btn.click(h.do_matrix, *matrix_io, api_name="matrix")
    c.mx_unit.input(h.do_matrix, *matrix_io, api_visibility="private")
    c.mx_dl.click(h.matrix_download, c.mx_state, c.mx_files, api_name="matrix_download")
    indicator_io = ([c.ind_doc, c.ind_unit, c.ind_kw], [c.ind_table, c.ind_state, c.ind_files])
    c.ind_btn.click(h.do_indicators, *indicator_io, api_name="indicators")
    c.ind_tab.select(h.do_indicators, *indicator_io, api_visibility="private")
    c.ind_dl.click(h.indicator_download, c.ind_state, c.ind_files, api_name="indicators_download")
    c.tree_btn.click(h.do_tree, c.tree_doc, c.tree_out, api_name="tree")
    manage_fields = [c.fix_title, c.fix_number, c.fix_issuer, c.fix_date, c.audit]
    c.tree_doc.change(h.doc_fields, c.tree_doc, manage_fields, api_visibility="private")
    c.fix_btn.click(h.do_edit, [c.tree_doc, c.fix_title, c.fix_number, c.fix_issuer, c.fix_date],
                    [c.manage_msg, c.audit], api_name="edit", concurrency_id="build", concurrency_limit=1
                    ).then(h.choices, None, choice_outputs, api_visibility="private")
    c.rm_btn.click(h.do_remove, c.tree_doc, [c.manage_msg, c.tree_out], api_name="remove", concurrency_id="build",
                   concurrency_limit=1, js="(d) => confirm('确定删除这份文件吗？删除后需重新上传才能恢复。') ? d : null"
                   ).then(h.choices, None, choice_outputs, api_visibility="private")
    c.to_original.click(h.original, c.picked, c.original, api_name="original")
    c.tree_to_original.click(h.original, c.tree_picked, c.tree_original, api_visibility="private")
    version_out = [c.manage_msg, c.audit, c.tree_out]
    c.rep_btn.click(h.do_replace, [c.tree_doc, c.rep_file, c.rep_keep], version_out, api_name="replace",
                    concurrency_id="build", concurrency_limit=1).then(h.choices, None, choice_outputs,
                                                                      api_visibility="private")
    c.reparse_btn.click(h.do_reparse, c.tree_doc, version_out, api_name="reparse", concurrency_id="build",
                        concurrency_limit=1).then(h.choices, None, choice_outputs, api_visibility="private")
    c.tree_doc.input(h.do_tree, c.tree_doc, c.tree_out, api_visibility="private")
    c.docs_table.select(h.on_doc_row, None, [c.tree_doc, c.tree_out], api_visibility="private")
    c.tree_out.click(h.on_tree_clause, None, [c.tree_picked_md, c.tree_picked], api_visibility="private")
    c.tree_to_compare.click(h.clause_to_compare, c.tree_picked, [c.tabs, c.topic], api_visibility="private")
    c.up_btn.click(h.do_upload, c.up_files, c.up_result, api_name="upload", concurrency_limit=1,
                   concurrency_id="build").then(h.choices, None, choice_outputs, api_visibility="private")
