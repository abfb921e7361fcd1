"""What each button does: the app's event handlers over one Backend, every one wrapped by ``friendly``."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from kb.app.aside import call_aside
from kb.app.backend import Backend
from kb.app.checks import ALL, check_date, friendly, pick, resolve_doc, role_of, user_error
from kb.app.downloads import (
    INDICATOR_HEADER,
    alignment_files,
    comparison_files,
    indicator_files,
    indicator_rows,
    matrix_files,
)
from kb.app.render import (
    alignment_html,
    clause_tree_html,
    compare_html,
    context_html,
    doc_choices,
    document_rows,
    esc,
    matrix_html,
    render_answer,
    shown_text,
    unit_task_html,
    where,
)
from kb.app.uploads import QUEUED, ingest_uploads
from kb.models import Alignment, Answer, Comparison, Filters, ResponsibilityMatrix

MAX_QUESTION = 500  # characters of a question used for search (longer ones are cut, and the user is told)
AUDIT_HEADER = ["时间", "操作人", "操作", "内容"]
_ACTIONS = {"edit": "更正", "remove": "删除", "replace": "替换为新版本", "reparse": "重新解析"}
_FIELDS = {"title": "标题", "doc_number": "文号", "issuer": "发文机关", "date": "日期", "source": "来源文件",
           "new_source": "新文件", "corrections": "此前的更正"}
_VALUES = {"kept": "保留", "dropped": "不保留"}
TREE_HINT = "点击下方任一条款可选中它，再用它做对比。"


def _no_files() -> Any:
    """A new table hides the previous table's exported files."""
    return gr.update(value=None, visible=False)


def _shown(files: list[str]) -> Any:
    return gr.update(value=files, visible=True)


class Handlers:
    """The handlers of one page; gradio calls the bound methods (their names are the event names)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @friendly
    def choices(self) -> tuple[Any, ...]:
        backend = self.backend
        docs = backend.documents()
        regions = sorted({d.region for d in docs if d.region})
        types = sorted({d.doc_type for d in docs if d.doc_type})
        provinces = sorted({d.province for d in docs if d.province})
        units = sorted({i.unit for i in backend.indicators() if i.unit})
        dc = doc_choices(docs)
        tasks: dict[str, set[str]] = {}
        for r in backend.store.responsibilities():
            tasks.setdefault(r.clause_id.rsplit(":", 1)[0], set()).add(r.clause_id)
        busiest = sorted(tasks, key=lambda d: -len(tasks[d]))[:1]  # default: the plan with the most tasks
        return (
            gr.update(choices=[ALL, *regions]), gr.update(choices=[ALL, *types]),
            gr.update(choices=[ALL, *provinces]), gr.update(choices=dc), gr.update(choices=dc), gr.update(choices=dc),
            gr.update(choices=dc, value=busiest),
            gr.update(choices=[(ALL, ALL), *dc]), gr.update(choices=[ALL, *units]), gr.update(choices=dc),
            document_rows(docs),
        )

    @friendly
    def do_ask(self, question: str, region: str, level: str, doc_type: str, date_from: str,
               date_to: str) -> tuple[str, str]:
        question = (question or "").strip()
        if not question:
            raise user_error("请输入问题，例如：新建小区配建标准")
        if len(question) > MAX_QUESTION:
            gr.Warning(f"问题有 {len(question)} 字，超过 {MAX_QUESTION} 字：只用前 {MAX_QUESTION} 字查询。", title="问题已截短")
            question = question[:MAX_QUESTION]
        filters = Filters(region=pick(region), level=pick(level), doc_type=pick(doc_type),
                          date_from=check_date(date_from, "起始日期"), date_to=check_date(date_to, "截止日期"))
        answer: Answer = self.backend.ask(question, filters)
        cites = [cite.text for item in (answer.items if answer.found else []) if item.direct for cite in item.citations]
        return render_answer(answer), "\n".join(cites)

    @friendly
    def context(self, clause_id: str) -> str:
        return context_html(self.backend, clause_id)

    def on_card(self, evt: gr.EventData) -> tuple[str, str]:
        clause_id = str((getattr(evt, "_data", None) or {}).get("clause_id", ""))
        return self.context(clause_id), clause_id

    def on_tree_clause(self, evt: gr.EventData) -> tuple[str, str]:
        clause_id = str((getattr(evt, "_data", None) or {}).get("clause_id", ""))
        c = self.backend.clause(clause_id) if clause_id else None
        if c is None:
            return TREE_HINT, ""
        return f"已选中：{esc(where(c) or c.number)} {esc(shown_text(c)[:60])}", clause_id

    @friendly
    def clause_to_compare(self, clause_id: str) -> tuple[Any, str]:
        c = self.backend.clause(clause_id) if clause_id else None
        if c is None:
            raise user_error("请先点击一条条款（问答的答案或文档库的条款结构）")
        return gr.Tabs(selected="compare"), (c.heading or shown_text(c))[:80]

    @friendly
    def do_compare(self, topic: str, province: str, doc_ids: list[str] | None) -> tuple[str, Comparison, Any]:
        """The comparison table; the comparison itself is kept (per page) for 下载, the old files cleared."""
        topic = (topic or "").strip()
        if not topic:
            raise user_error("请输入对比主题，例如：新建居住区养老服务设施配建标准")
        known = {d.id for d in self.backend.documents()}
        doc_ids = [d for d in doc_ids or () if d in known]
        comp = self.backend.compare(topic, pick(province), tuple(doc_ids))
        return compare_html(comp), comp, _no_files()

    def titles(self) -> dict[str, str]:
        return {d.id: d.title or d.id for d in self.backend.documents()}

    # Spreadsheets are written when a person asks for them (下载), not with every table: writing the XLSX took
    # more time than building a matrix, and most tables are only read on the page.

    @friendly
    def compare_download(self, comp: Comparison | None) -> Any:
        if comp is None:
            raise user_error("请先点击“对比”生成对比表")
        return _shown(comparison_files(comp, self.titles()))

    @friendly
    def align_download(self, al: Alignment | None) -> Any:
        if al is None:
            raise user_error("请先点击“逐条对齐”")
        return _shown(alignment_files(al, self.titles()))

    @friendly
    def matrix_download(self, matrix: ResponsibilityMatrix | None) -> Any:
        if matrix is None:
            raise user_error("请先点击“生成矩阵”")
        return _shown(matrix_files(matrix))

    @friendly
    def indicator_download(self, rows: list[list[object]] | None) -> Any:
        if rows is None:
            raise user_error("请先点击“筛选”")
        return _shown(indicator_files(rows))

    @friendly
    def do_align(self, a: str, b: str, matched_only: bool = False) -> tuple[str, Alignment, Any]:
        if not a or not b:
            raise user_error("请选择两份文件")
        choices = doc_choices(self.backend.documents())
        typed = (a, b)
        a, b = resolve_doc(a, choices), resolve_doc(b, choices)
        if a is None or b is None:
            missing = typed[0] if a is None else typed[1]
            raise user_error(f"“{missing[:40]}”不对应唯一的文件：请从列表中选择，或输入更完整的标题、文号")
        if a == b:
            raise user_error("请选择两份不同的文件")
        from kb.compare import align_documents

        al = align_documents(self.backend.kb, a, b)
        shown = al.model_copy(update={"pairs": [p for p in al.pairs if p.a_clause_id and p.b_clause_ids]}) if matched_only else al
        return alignment_html(shown, self.titles()), al, _no_files()

    @friendly
    def do_matrix(self, doc_ids: list[str] | None, unit: str) -> tuple[str, str, Any, ResponsibilityMatrix, Any]:
        if not doc_ids:
            raise user_error("请至少选择一份文件")
        known = {d.id for d in self.backend.documents()}
        matrix = self.backend.matrix([d for d in doc_ids if d in known])
        unit = pick(unit) if pick(unit) in matrix.units else None
        return (matrix_html(matrix, unit), unit_task_html(matrix, unit),
                gr.update(choices=[ALL, *matrix.units], value=unit or ALL), matrix, _no_files())

    @friendly
    def do_indicators(self, doc_id: str, unit: str, keyword: str) -> tuple[Any, list[list[object]], Any]:
        rows = indicator_rows(self.backend, pick(doc_id), keyword, pick(unit))
        import pandas as pd

        return pd.DataFrame(rows, columns=INDICATOR_HEADER), rows, _no_files()

    @friendly
    def do_tree(self, doc_id: str) -> str:
        doc = self.backend.document_meta(doc_id) if doc_id else None
        return clause_tree_html(doc, self.backend.clauses(doc_id) if doc else [])

    @friendly
    def doc_fields(self, doc_id: str) -> tuple[str, str, str, str, list[list[str]]]:
        doc = self.backend.document_meta(doc_id) if doc_id else None
        if doc is None:
            return "", "", "", "", []
        return doc.title, doc.doc_number, doc.issuer, doc.date, self.audit_rows(doc_id)

    def audit_rows(self, doc_id: str | None = None) -> list[list[str]]:
        rows = []
        for e in self.backend.store.audit(doc_id):
            detail = "；".join(f"{_FIELDS.get(k, k)}：{_VALUES.get(v, v)}" for k, v in e["detail"].items())
            rows.append([e["at"].replace("T", " ")[:19], e["user"], _ACTIONS.get(e["action"], e["action"]), detail])
        return rows[::-1]

    @friendly
    def do_edit(self, doc_id: str, title: str, doc_number: str, issuer: str, date: str,
                request: gr.Request = None) -> tuple[str, list[list[str]]]:  # type: ignore[assignment]
        """Correct a document's title / 文号 / issuer / date (only the fields that changed)."""
        self.require_editor(request)
        doc = self.backend.document_meta(doc_id) if doc_id else None
        if doc is None:
            raise user_error("请先在上方选择一份文件")
        new = {"title": title, "doc_number": doc_number, "issuer": issuer, "date": date}
        changes = {k: (v or "").strip() for k, v in new.items() if (v or "").strip() != (getattr(doc, k) or "")}
        if not changes:
            raise user_error("没有改动：请先修改标题、文号、发文机关或日期")
        from kb.library import edit_document

        # a build in progress (an upload, a re-parse) copies the store aside and swaps it in: an edit written
        # meanwhile would be lost with the old copy or collide with the swap, so it waits its turn
        with self.backend.build_lock:
            edit_document(self.backend.index_dir, doc_id, changes, self.user_name(request))
            self.backend.reload()
        names = "、".join(_FIELDS[k] for k in changes)
        return f'<div class="kb-ok">已保存：{esc(names)}（重新入库后仍保留）</div>', self.audit_rows(doc_id)

    @friendly
    def do_remove(self, doc_id: str, request: gr.Request = None) -> tuple[str, str]:  # type: ignore[assignment]
        self.require_editor(request)
        doc = self.backend.document_meta(doc_id) if doc_id else None
        if doc is None:
            raise user_error("请先在上方选择一份文件")
        from kb.library import remove_documents

        with self.backend.build_lock:
            call_aside(remove_documents, self.backend.index_dir, [doc_id], self.backend.build_settings(),
                       self.user_name(request))
            self.backend.reload()
        return f'<div class="kb-ok">已删除：{esc(doc.title)}</div>', '<div class="kb-empty">请选择一份文件。</div>'

    @friendly
    def do_replace(self, doc_id: str, new_file: Any, keep_corrections: bool = True,
                   request: gr.Request = None) -> tuple[str, list[list[str]], str]:  # type: ignore[assignment]
        """Replace the chosen document with an uploaded new version (same id; corrections kept if asked)."""
        from kb.app.uploads import check_upload
        from kb.library import replace_document

        self.require_editor(request)
        doc = self.backend.document_meta(doc_id) if doc_id else None
        if doc is None:
            raise user_error("请先在上方选择一份文件")
        if not new_file:
            raise user_error("请先选择新版本文件")
        path = Path(new_file if isinstance(new_file, str) else getattr(new_file, "name", str(new_file)))
        name = check_upload(path, path.name, self.backend.settings.max_file_mb * 1024 * 1024)
        with self.backend.build_lock:
            r = call_aside(replace_document, self.backend.index_dir, doc_id, path, self.backend.build_settings(),
                           self.user_name(request), keep_corrections=bool(keep_corrections), name=name)
            self.backend.reload()
        return (f'<div class="kb-ok">已替换为新版本：{esc(name)}（{r.clauses} 条）</div>', self.audit_rows(doc_id),
                self.do_tree(doc_id))

    @friendly
    def do_reparse(self, doc_id: str, request: gr.Request = None) -> tuple[str, list[list[str]], str]:  # type: ignore[assignment]
        """Parse the chosen document again from its original (after a parser upgrade)."""
        from kb.library import reparse_documents
        from kb.messages import explain

        self.require_editor(request)
        if not doc_id or self.backend.document_meta(doc_id) is None:
            raise user_error("请先在上方选择一份文件")
        with self.backend.build_lock:
            r = call_aside(reparse_documents, self.backend.index_dir, [doc_id], self.backend.build_settings(),
                           self.user_name(request))[0]
            self.backend.reload()
        if r.status != "ok":
            raise user_error(explain(r.reason))
        return f'<div class="kb-ok">已重新解析（{r.clauses} 条）</div>', self.audit_rows(doc_id), self.do_tree(doc_id)

    @friendly
    def original(self, clause_id: str) -> str:
        from kb.app.original import original_html

        return original_html(self.backend, (clause_id or "").strip())

    @staticmethod
    def user_name(request: gr.Request | None) -> str:
        return getattr(request, "username", None) or "网页用户"

    def on_doc_row(self, evt: gr.SelectData) -> tuple[Any, str]:
        """A row of the documents table (the rows are backend.documents() in order; the table shows no ids)."""
        docs = self.backend.documents()
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        doc_id = docs[row].id if isinstance(row, int) and 0 <= row < len(docs) else ""
        return gr.update(value=doc_id), self.do_tree(doc_id)

    def require_editor(self, request: gr.Request | None) -> None:
        """Uploads, edits and deletions are for editors (``--auth editor=USER:PASSWORD``)."""
        if role_of(self.backend.logins, getattr(request, "username", None)) != "editor":
            raise user_error("您是只读账号：可以提问和导出，上传、修改、删除文件请联系编辑账号。", title="没有权限")

    @friendly
    def do_upload(self, files: list[str] | None, request: gr.Request = None,  # type: ignore[assignment]
                  progress: gr.Progress = gr.Progress()) -> Iterator[list[list[object]]]:  # noqa: B008
        """The upload queue: every file's row at once (排队中), each updated when it is parsed, the final rows once
        the index is rebuilt."""
        self.require_editor(request)
        if not files:
            raise user_error("请先选择要上传的文件")
        paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in files]
        table: list[list[object]] = [[Path(p).name, QUEUED, "", "", "", ""] for p in paths]
        yield [list(r) for r in table]
        events: queue.Queue[tuple[str, Any]] = queue.Queue()

        def work() -> None:
            try:
                rows = ingest_uploads(self.backend, paths, lambda frac, msg: progress(frac, desc=msg),
                                      on_row=lambda n, row: events.put(("row", (n, row))))
                events.put(("done", rows))
            except BaseException as e:  # noqa: BLE001 - handed to the handler's thread, which reports it
                events.put(("error", e))

        threading.Thread(target=work, name="kb-upload", daemon=True).start()
        while True:
            kind, value = events.get()
            if kind == "row":
                table[value[0]] = value[1]
                yield [list(r) for r in table]
            elif kind == "done":
                yield value
                return
            else:
                raise value
