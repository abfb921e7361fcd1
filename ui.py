"""政策知识库 Policy KB: the Gradio web app staff use every day.

Tabs: 问答 (answers with citations), 条款对比 (province vs cities, document vs document),
责任矩阵 (tasks x units), 指标库 (every figure), 文档库 (documents, upload, clause tree).

The app only calls kb's functions (search, compare, export, pipeline, store) and renders their results;
every document text is escaped before it becomes HTML. Nothing heavy happens at import: ``build_app``
builds the Blocks, the knowledge base is opened on first use (``serve`` warms it in the background) and
shared by every user.

Run: ``python ui.py [--index DIR] [--host 127.0.0.1] [--port 7860] [--auth USER:PASSWORD]`` or ``kb serve``.
"""

from __future__ import annotations

import argparse
import functools
import html
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no calls home

import gradio as gr  # noqa: E402

from kb.config import DEFAULT_INDEX, Settings, settings_from_env  # noqa: E402
from kb.errors import ConfigError, KBError  # noqa: E402
from kb.models import (  # noqa: E402
    Alignment,
    Answer,
    AnswerItem,
    Clause,
    Comparison,
    DocumentMeta,
    FileResult,
    Filters,
    Indicator,
)

log = logging.getLogger("policy_kb.ui")

APP_TITLE = "政策知识库"
UPLOAD_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg")
ALL = "全部"
MAX_CARDS = 12  # answer cards (one per document) shown for a question
LEVELS = {"national": "国家", "province": "省级", "city": "市级", "county": "县级"}
ROLES = {"lead": "牵头", "co": "配合"}
STATUS_LABELS = {"ok": "已入库", "unchanged": "未变化", "failed": "失败", "skipped": "跳过"}
EXAMPLE_QUESTIONS = [
    "新建小区配建标准",
    "护理员补贴多少",
    "老人吃饭难怎么解决",
    "护理型床位占比要达到多少",
    "哪些任务由市民政局牵头",
]
UNIT_WORDS = {"平方米", "%", "张", "个", "户", "人次", "万张", "亿元", "元", "年", "日", "家", "人", "‰"}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ABS_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s\\/:'\"，。；]+){2,}")
_STEM_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")  # the characters kb.pipeline.doc_id_for keeps


# =========================================================================== small pure helpers


def esc(value: object) -> str:
    """HTML-escape any value (quotes too: safe inside attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def scrub(message: str) -> str:
    """A message fit for users: absolute paths reduced to their last part, tracebacks cut."""
    message = message.split("Traceback (most recent call last)")[0]
    return _ABS_PATH.sub(lambda m: re.split(r"[\\/]", m.group(0))[-1], message).strip()


def safe_stem(name: str, max_bytes: int = 200) -> str:
    """A file stem safe as a document id and file name: letters, digits, CJK, '_', '-' and inner '.' only.

    ``../../etc/passwd`` -> ``passwd``; ``<script>.pdf`` -> ``script``. Cut to ``max_bytes`` of UTF-8 (file
    systems allow 255), so that a file ingested from the command line and uploaded later gets the same id.
    """
    stem = Path(str(name).replace("\\", "/")).stem
    stem = _STEM_UNSAFE.sub("_", stem).strip("_.-")
    while len(stem.encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    return stem.strip("_.-") or "upload"


def level_name(level: str) -> str:
    return LEVELS.get(level or "", level or "")


def relation_label(relation: str, label: str = "") -> str:
    """The badge of a compared clause: kb.relations' label (照搬 加码 …); the reference row is 基准."""
    from kb.relations import LABELS

    return label or (LABELS.get(relation, relation) if relation else "基准")


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def shown_text(clause: Clause) -> str:
    """The clause's original characters when they line up with the indexed text, else the text."""
    if clause.display_text and len(clause.display_text) == len(clause.text):
        return clause.display_text
    return clause.text


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escaped ``text`` with ``<mark>`` around each (start, end) span (overlaps merged, bad spans dropped)."""
    merged: list[list[int]] = []
    for s, e in sorted((s, e) for s, e in spans if 0 <= s < e <= len(text)):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(esc(text[pos:s]))
        out.append(f'<mark class="kb-fig">{esc(text[s:e])}</mark>')
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def where(clause: Clause) -> str:
    """The heading line above a shown clause: its path, without its own number when the text starts with it."""
    parts = [p for p in clause.path if p]
    if clause.number and not shown_text(clause).lstrip().startswith(clause.number):
        parts.append(clause.number)
    return " › ".join(parts)


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); None or '' -> None."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth / KB_AUTH must look like USER:PASSWORD (both non-empty)")
    return user, password


def check_date(value: str | None, label: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _DATE.match(value):
        raise gr.Error(f"{label}请按 2024-01-31 的格式填写")
    return value


def pick(value: str | None) -> str | None:
    """A dropdown value, with 全部 / empty meaning no filter."""
    return None if not value or value == ALL else value


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any failure into a short Chinese message (no traceback, no server path) for the user."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except KBError as e:
            log.warning("%s: %s", fn.__name__, e)
            raise gr.Error(f"操作未完成：{scrub(str(e))}") from None
        except Exception:
            log.exception("%s failed", fn.__name__)
            raise gr.Error("出错了，请稍后重试；如果一直出错，请联系管理员查看服务日志。") from None

    return wrapper


# =========================================================================== shared heavy objects


class Backend:
    """The knowledge base and store of one index, opened once and shared by every session.

    After an upload the pipeline swaps the index folder; ``reload`` then opens the new one.
    Builds are serialised by ``build_lock`` (two builds at once would each swap in their own copy).
    """

    def __init__(self, index_dir: Path, settings: Settings | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.settings = settings or settings_from_env()
        self.build_lock = threading.Lock()
        self._lock = threading.Lock()
        self._kb: Any = None

    # --- opening

    @property
    def kb(self) -> Any:
        with self._lock:
            if self._kb is None:
                from kb.search import KnowledgeBase

                self._kb = KnowledgeBase.open(self.index_dir)
            return self._kb

    @property
    def store(self) -> Any:
        """The open knowledge base's store (one SQLite connection for both)."""
        return self.kb.store

    def reload(self) -> None:
        """Open the (swapped-in) index again; requests in flight keep the old objects until they finish."""
        from kb.search import KnowledgeBase

        fresh = KnowledgeBase.open(self.index_dir)
        with self._lock:
            self._kb = fresh

    def warm(self) -> None:
        """Load the model and indexes now (one tiny query) so the first user does not wait."""
        try:
            self.kb.search("养老", k=1)
        except Exception:  # warming is best effort; the first request will report the real error
            log.exception("warming the knowledge base failed")

    # --- reads

    def documents(self) -> list[DocumentMeta]:
        return self.kb.documents()

    def document_meta(self, doc_id: str) -> DocumentMeta | None:
        return self.kb.document_meta(doc_id)

    def clause(self, clause_id: str) -> Clause | None:
        return self.kb.clause(clause_id)

    def ask(self, question: str, filters: Filters) -> Answer:
        """KnowledgeBase.ask, up to MAX_CARDS documents."""
        return self.kb.ask(question, filters=filters, max_documents=MAX_CARDS)

    def context(self, clause_id: str) -> list[Clause]:
        """Ancestors (outermost first), two clauses before, the clause, two after (KnowledgeBase.context)."""
        return list(self.kb.context(clause_id, before=2, after=2))

    def build_settings(self) -> Settings:
        """The settings the open index was built with (an upload must not change the model)."""
        return self.kb.settings

    def clauses(self, doc_id: str) -> list[Clause]:
        return self.kb.clauses(doc_id)

    def indicators(self, doc_id: str | None = None) -> list[Indicator]:
        return list(self.store.indicators(doc_id))


# =========================================================================== 问答


def render_answer(answer: Answer) -> str:
    if not answer.found or not answer.items:
        msg = answer.message or "没有找到与问题相关的条款。可以换个说法，或放宽筛选条件。"
        return f'<div class="kb-empty">{esc(msg)}</div>'
    cards = [render_item(i, item) for i, item in enumerate(answer.items, 1)]
    head = f'<div class="kb-summary">共 {len(answer.items)} 份文件有相关条款（点击条款查看上下文）</div>'
    return head + "".join(cards)


def render_item(n: int, item: AnswerItem) -> str:
    """One answer card: document header, clause(s) with figures marked, citation + copy button, why line."""
    doc = item.document
    meta = " · ".join(esc(x) for x in (doc.doc_number, doc.date, doc.region, level_name(doc.level)) if x)
    parts = [
        f'<div class="kb-card" data-doc="{esc(doc.id)}">',
        f'<div class="kb-card-head"><span class="kb-n">{n}</span> <b class="kb-title">{esc(doc.title or doc.id)}</b>'
        f'<span class="kb-meta">{meta}</span></div>',
    ]
    from kb.export import format_figure

    for clause, cite in zip(item.clauses, item.citations, strict=True):  # KnowledgeBase.citation: one each
        spans = [(i.start, i.end) for i in item.indicators if i.clause_id == clause.id]
        prov = []
        if clause.page:
            prov.append(f"第{clause.page}页")
        if clause.ocr_confidence is not None:
            prov.append(f"OCR，置信度{clause.ocr_confidence:.2f}")
        cite_text = cite.text
        parts.append(
            f'<div class="kb-clause" data-clause="{esc(clause.id)}" title="点击查看上下文">'
            f'<div class="kb-path">{esc(where(clause))}'
            + (f' <span class="kb-prov">{esc("；".join(prov))}</span>' if prov else "")
            + f'</div><div class="kb-text">{highlight(shown_text(clause), spans)}</div></div>'
            f'<div class="kb-cite"><span class="kb-cite-text">{esc(cite_text)}</span>'
            f'<button class="kb-copy" type="button" data-cite="{esc(cite_text)}">复制引用</button></div>'
        )
    figures = [i for i in item.indicators if i.clause_id in {c.id for c in item.clauses}]
    if figures:
        chips = "".join(f'<span class="kb-chip">{esc(format_figure(i))}</span>' for i in figures[:8])
        parts.append(f'<div class="kb-figs">指标：{chips}</div>')
    if item.why:
        parts.append(f'<div class="kb-why">匹配依据：{esc(item.why)}</div>')
    parts.append("</div>")
    return "".join(parts)


def context_html(backend: Backend, clause_id: str) -> str:
    """The clause in its document: title, parent headings, then the neighbouring clauses with it marked."""
    clause_id = (clause_id or "").strip()
    target = backend.clause(clause_id) if clause_id else None
    if target is None:
        return '<div class="kb-empty">找不到这个条款，索引可能刚更新过，请重新提问。</div>'
    around = backend.context(clause_id)
    ancestors: set[str] = set()
    by_id = {c.id: c for c in around}
    parent = by_id.get(target.parent_id or "")
    while parent is not None and parent.id not in ancestors:
        ancestors.add(parent.id)
        parent = by_id.get(parent.parent_id or "")
    doc = backend.document_meta(target.doc_id)
    out = [f'<div class="kb-context"><div class="kb-ctx-title">{esc(doc.title if doc else target.doc_id)}</div>']
    if doc:
        meta = " · ".join(x for x in (doc.doc_number, doc.date) if x)
        out.append(f'<div class="kb-meta">{esc(meta)}</div>')
    for c in around:
        if c.id in ancestors:
            out.append(f'<div class="kb-ctx-parent">{esc(c.number)} {esc(c.heading or shown_text(c)[:60])}</div>')
        else:
            cls = "kb-ctx-target" if c.id == target.id else "kb-ctx-near"
            out.append(f'<div class="{cls}"><span class="kb-path">{esc(where(c))}</span> {esc(shown_text(c))}</div>')
    out.append("</div>")
    return "".join(out)


# =========================================================================== 条款对比


def compare_html(comp: Comparison) -> str:
    """Side-by-side table: province then its cities, relation badges, figures and their differences."""
    if not comp.rows:
        return '<div class="kb-empty">没有可对比的文件。</div>'
    head = ('<tr><th class="kb-c-doc">文件</th><th class="kb-c-level">地区</th><th class="kb-c-text">条款</th>'
            '<th class="kb-c-fig">指标</th><th class="kb-c-rel">关系</th><th class="kb-c-fig">差异</th></tr>')
    from kb.compare import delta_text, figure_text

    rows = []
    for r in comp.rows:
        label = relation_label(r.relation, r.label)
        figs = "<br>".join(esc(figure_text(i)) for i in r.indicators)
        delta = esc(delta_text(r))
        text = esc(r.text) if r.clause_id else '<span class="kb-silent">无相关条款</span>'
        doc = f"<b>{esc(r.title or r.doc_id)}</b><br><small>{esc(' '.join(x for x in (r.doc_number, r.date) if x))}</small>"
        rows.append(
            f'<tr class="kb-rel-{esc(r.relation or "ref")}"><td>{doc}</td><td class="kb-c-level">{esc(r.region)}<br>'
            f'{esc(level_name(r.level))}</td><td><div class="kb-path">{esc(r.path)}</div>{text}</td><td>{figs}</td>'
            f'<td class="kb-c-rel"><span class="kb-badge kb-badge-{esc(r.relation or "ref")}">{esc(label)}</span></td>'
            f'<td>{delta}</td></tr>'
        )
    return f'<table class="kb-table kb-compare">{head}{"".join(rows)}</table>'


def diff_html(ops: Sequence[tuple[str, str]]) -> str:
    """Character diff ops ('=', '-', '+') as escaped HTML with <del>/<ins>."""
    out = []
    for op, text in ops:
        if op == "-":
            out.append(f"<del>{esc(text)}</del>")
        elif op == "+":
            out.append(f"<ins>{esc(text)}</ins>")
        else:
            out.append(esc(text))
    return "".join(out)


def alignment_html(al: Alignment, titles: dict[str, str]) -> str:
    if not al.pairs:
        return '<div class="kb-empty">两份文件没有可对齐的条款。</div>'
    head = (f'<tr><th class="kb-c-side">{esc(titles.get(al.doc_a, al.doc_a))}</th>'
            f'<th class="kb-c-side">{esc(titles.get(al.doc_b, al.doc_b))}</th>'
            '<th class="kb-c-rel">关系</th><th class="kb-c-side">差异（<del>删去</del> <ins>新增</ins>）</th></tr>')
    rows = []
    for p in al.pairs:
        label = relation_label(p.relation, p.label)
        a = f'<div class="kb-path">{esc(p.a_path)}</div>{esc(p.a_text)}' if p.a_clause_id else '<span class="kb-silent">—</span>'
        b = f'<div class="kb-path">{esc(p.b_path)}</div>{esc(p.b_text)}' if p.b_clause_ids else '<span class="kb-silent">—</span>'
        rows.append(f'<tr><td>{a}</td><td>{b}</td><td class="kb-c-rel"><span class="kb-badge kb-badge-{esc(p.relation)}">{esc(label)}</span></td>'
                    f'<td class="kb-diff">{diff_html(p.diff)}</td></tr>')
    return f'<table class="kb-table kb-align">{head}{"".join(rows)}</table>'


# =========================================================================== tables and files


DOWNLOAD_MAX_AGE = 3600  # seconds a generated spreadsheet is kept (Gradio keeps its own copy for the page)


def out_dir(root: Path | None = None, now: float | None = None) -> Path:
    """A fresh folder for one download under the system temp dir; folders older than an hour are removed."""
    root = root or Path(tempfile.gettempdir()) / "policy-kb-downloads"
    root.mkdir(parents=True, exist_ok=True)
    now = time.time() if now is None else now
    for old in root.iterdir():
        try:
            if old.is_dir() and now - old.stat().st_mtime > DOWNLOAD_MAX_AGE:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:  # another request removed it first
            continue
    return Path(tempfile.mkdtemp(dir=root))


INDICATOR_HEADER = ["指标", "数值", "上限", "单位", "比较", "基数", "年份", "原文", "文件", "条款"]


def indicator_rows(backend: Backend, doc_id: str | None, keyword: str, unit: str | None) -> list[list[object]]:
    docs = {d.id: d for d in backend.documents()}
    keyword = (keyword or "").strip()
    rows = []
    for i in backend.indicators(doc_id):
        if unit and i.unit != unit:
            continue
        if keyword and keyword not in i.subject and keyword not in i.raw:
            continue
        doc = docs.get(i.clause_id.rsplit(":", 1)[0])
        rows.append([
            i.subject, i.ratio or format_number(i.value), format_number(i.value_max), i.unit,
            {">=": "不低于", "<=": "不超过", ">": "超过", "<": "低于", "=": "等于"}.get(i.comparator, i.comparator),
            i.basis, i.year or "", i.raw, doc.title if doc else i.clause_id.rsplit(":", 1)[0], i.clause_id,
        ])
    return rows


DOC_HEADER = ["标题", "文号", "日期", "地区", "省份", "层级", "类型", "条款数", "覆盖率", "编号", "来源文件"]
DOC_ID_COLUMN = DOC_HEADER.index("编号")


def document_rows(docs: Sequence[DocumentMeta]) -> list[list[object]]:
    return [
        [d.title, d.doc_number, d.date, d.region, d.province, level_name(d.level), d.doc_type, d.clauses,
         f"{d.coverage:.0%}", d.id, d.source]
        for d in docs
    ]


def doc_choices(docs: Sequence[DocumentMeta]) -> list[tuple[str, str]]:
    """Dropdown choices: (label shown, doc id)."""
    out = []
    for d in docs:
        tag = " ".join(x for x in (d.region, d.doc_number) if x)
        out.append((f"{d.title or d.id}" + (f"（{tag}）" if tag else ""), d.id))
    return out


def clause_tree_html(doc: DocumentMeta | None, clauses: Sequence[Clause]) -> str:
    """A document as nested clauses (parents open, children indented)."""
    if doc is None:
        return '<div class="kb-empty">请选择一份文件。</div>'
    children: dict[str | None, list[Clause]] = {}
    ids = {c.id for c in clauses}
    for c in clauses:
        children.setdefault(c.parent_id if c.parent_id in ids else None, []).append(c)

    def render(parent: str | None, depth: int) -> str:
        items = []
        for c in children.get(parent, []):
            prov = f' <span class="kb-prov">OCR，置信度{c.ocr_confidence:.2f}</span>' if c.ocr_confidence is not None else ""
            text = shown_text(c)
            label = "" if text.startswith(c.number) else f'<span class="kb-num">{esc(c.number)}</span> '
            body = f'<span class="kb-item">{label}{esc(text)}{prov}</span>'
            sub = render(c.id, depth + 1) if depth < 12 else ""
            if sub:
                items.append(f'<li data-clause="{esc(c.id)}"><details open><summary>{body}</summary>{sub}</details></li>')
            else:
                items.append(f'<li data-clause="{esc(c.id)}">{body}</li>')
        return f'<ul class="kb-tree">{"".join(items)}</ul>' if items else ""

    meta = " · ".join(esc(x) for x in (doc.doc_number, doc.date, doc.region, level_name(doc.level), doc.doc_type) if x)
    return (f'<div class="kb-doc"><div class="kb-ctx-title">{esc(doc.title or doc.id)}</div><div class="kb-meta">{meta}'
            f' · {doc.clauses} 条 · 覆盖率 {doc.coverage:.0%}</div>{render(None, 0)}</div>')


# =========================================================================== 责任矩阵


def matrix_html(matrix: Any, unit: str | None) -> str:
    """Tasks x units with 牵头/配合 cells (kb.export.build_matrix), optionally one unit's column only."""
    from kb.export import cell_label

    if not matrix.tasks:
        return '<div class="kb-empty">所选文件没有识别出责任单位。</div>'
    cols = [unit] if unit else list(matrix.units)
    rows = [t for t in matrix.tasks if not unit or unit in t.roles]
    multi = len(matrix.doc_ids) > 1
    head = ("<tr><th>#</th>" + ('<th class="kb-c-doc">文件</th>' if multi else "")
            + '<th class="kb-c-path">条款</th><th class="kb-c-task">任务</th><th class="kb-c-fig">时限</th>'
            '<th class="kb-c-fig">关键指标</th>' + "".join(f'<th class="kb-c-unit">{esc(u)}</th>' for u in cols) + "</tr>")
    body = []
    for n, t in enumerate(rows, 1):
        cells = "".join(f'<td class="kb-cell kb-role-{esc(t.roles.get(u, ""))}">{esc(cell_label(t, u))}</td>' for u in cols)
        body.append(f"<tr><td>{n}</td>" + (f"<td>{esc(t.doc_id)}</td>" if multi else "")
                    + f'<td class="kb-path">{esc(" › ".join(x for x in (t.path, t.number) if x))}</td><td>{esc(t.text)}</td>'
                    f'<td>{esc("；".join(t.deadlines))}</td><td>{esc("；".join(t.figures))}</td>{cells}</tr>')
    return f'<div class="kb-scroll"><table class="kb-table kb-matrix">{head}{"".join(body)}</table></div>'


def unit_task_html(matrix: Any, unit: str | None) -> str:
    """Per unit: its tasks with role and deadlines (the list a bureau prints)."""
    out = []
    for u in [unit] if unit else matrix.units:
        mine = [d for d in matrix.duties if d.unit == u]
        if not mine:
            continue
        items = "".join(
            f'<li><b>{esc(ROLES.get(d.role, d.role))}</b> <span class="kb-path">{esc(" › ".join(x for x in (d.path, d.number) if x))}</span> '
            f"{esc(d.text)}" + (f' <i>（时限：{esc("；".join(d.deadlines))}）</i>' if d.deadlines else "")
            + (' <small>（全文统一要求）</small>' if d.inherited else "") + "</li>"
            for d in mine
        )
        out.append(f'<details class="kb-unit" {"open" if unit else ""}><summary>{esc(u)}（{len(mine)} 项）</summary>'
                   f"<ol>{items}</ol></details>")
    return "".join(out) or '<div class="kb-empty">没有任务。</div>'


# =========================================================================== 文档库: uploads


def uploads_dir(index_dir: Path) -> Path:
    """Uploaded originals live inside the index folder, so every build (which copies the folder) keeps them."""
    return Path(index_dir) / "uploads"


def stage_upload(src: Path, original_name: str, dest_dir: Path, max_bytes: int) -> tuple[Path | None, str]:
    """Copy one upload under ``dest_dir`` with a generated safe name; (path, "") or (None, reason)."""
    suffix = Path(original_name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return None, f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 {' '.join(UPLOAD_SUFFIXES)}"
    size = src.stat().st_size
    if size > max_bytes:
        return None, f"文件太大（{size / 1048576:.1f} MB），上限 {max_bytes // 1048576} MB"
    if size == 0:
        return None, "文件是空的"
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{safe_stem(original_name)}{'.html' if suffix == '.htm' else suffix}"
    shutil.copyfile(src, dest)
    return dest, ""


def result_row(name: str, r: FileResult | None, reason: str = "") -> list[object]:
    if r is None:
        return [name, "失败", "", "", "", reason]
    cov = f"{r.coverage:.0%}" if r.coverage is not None else ""
    return [name, STATUS_LABELS.get(r.status, r.status), r.doc_id or "", r.clauses or "", cov, scrub(r.reason)]


RESULT_HEADER = ["文件", "结果", "文档编号", "条款数", "覆盖率", "说明"]


def ingest_uploads(
    backend: Backend, files: Sequence[str], progress: Callable[[float, str], None] | None = None
) -> list[list[object]]:
    """Stage, build and reopen: one result row per uploaded file (original name, never a server path)."""
    from kb.pipeline import build

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
            else:
                rows.append(None)
                staged.append((len(rows) - 1, path))
        if staged:
            done = [0]

            def on_file(r: FileResult) -> None:
                done[0] += 1
                notify(done[0] / (len(staged) + 1), f"已处理 {done[0]}/{len(staged)}：{Path(r.path).name}")

            def on_progress(msg: str) -> None:
                notify(min(done[0] / (len(staged) + 1) + 0.01, 0.99), scrub(str(msg))[:80])

            notify(0.0, "开始入库…")
            report = build([p for _, p in staged], backend.index_dir, backend.build_settings(),
                           on_file=on_file, progress=on_progress)
            notify(0.97, "正在重新打开索引…")
            backend.reload()
            by_path = {Path(r.path).resolve(): r for r in report.files}
            for i, p in staged:
                r = by_path.get(p.resolve())
                rows[i] = result_row(names[i], r)
                if r is None or r.status in ("failed", "skipped"):
                    p.unlink(missing_ok=True)  # keep only what is in the index
    return [r for r in rows if r is not None]


# =========================================================================== the page

CSS = """
.kb-card{border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;margin:10px 0;background:#fff}
.kb-card-head{margin-bottom:6px}.kb-n{display:inline-block;background:#b42318;color:#fff;border-radius:10px;padding:0 7px;font-size:12px}
.kb-meta{color:#57606a;font-size:13px;margin-left:8px}.kb-clause{cursor:pointer;padding:6px 8px;border-left:3px solid #b42318;background:#fbfbfb;margin:6px 0}
.kb-clause:hover{background:#fff4f2}.kb-path{color:#0550ae;font-size:13px}.kb-prov{color:#9a6700;font-size:12px;margin-left:6px}
.kb-text{white-space:pre-wrap;line-height:1.7}mark.kb-fig{background:#ffe58f;padding:0 2px;border-radius:3px;font-weight:600}
.kb-cite{font-size:13px;color:#24292f;background:#f6f8fa;padding:4px 8px;border-radius:4px;display:flex;gap:8px;align-items:center}
.kb-cite-text{flex:1}.kb-copy{border:1px solid #d0d7de;border-radius:4px;padding:1px 8px;background:#fff;cursor:pointer;font-size:12px;white-space:nowrap}
.kb-why{color:#57606a;font-size:12px;margin-top:4px}.kb-figs{font-size:13px;margin-top:4px}
.kb-chip{display:inline-block;background:#fff8c5;border:1px solid #eac54f;border-radius:10px;padding:0 7px;margin:1px 3px}
.kb-empty{color:#57606a;padding:16px}.kb-summary{color:#57606a;font-size:13px}
.kb-context{border:1px solid #d0d7de;border-radius:8px;padding:10px}.kb-ctx-title{font-weight:700;margin-bottom:6px}
.kb-ctx-parent{color:#0550ae;font-weight:600}.kb-ctx-near{color:#57606a;margin:4px 0;white-space:pre-wrap}
.kb-ctx-target{background:#fff4f2;border-left:3px solid #b42318;padding:4px 6px;margin:4px 0;white-space:pre-wrap}
.kb-table{border-collapse:collapse;width:100%;font-size:13px}.kb-table th,.kb-table td{border:1px solid #d0d7de;padding:5px 7px;vertical-align:top}
.kb-table th{background:#f6f8fa;position:sticky;top:0}.kb-scroll{overflow:auto;max-height:640px}
.kb-badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;color:#fff;background:#57606a;white-space:nowrap}
.kb-badge-same{background:#1a7f37}.kb-badge-refined{background:#0969da}.kb-badge-stricter{background:#cf222e}
.kb-badge-looser{background:#bf8700}.kb-badge-silent{background:#8c959f}.kb-badge-new{background:#8250df}.kb-badge-ref{background:#24292f}
.kb-silent{color:#8c959f}.kb-diff del{background:#ffebe9;color:#82071e}.kb-diff ins{background:#dafbe1;color:#116329;text-decoration:none}
.kb-role-lead{background:#ffebe9;font-weight:700;text-align:center}.kb-role-co{background:#ddf4ff;text-align:center}
.kb-c-doc{min-width:12em}.kb-c-level,.kb-c-rel,.kb-cell{white-space:nowrap}.kb-c-text{min-width:28em}
.kb-c-fig{min-width:8em}.kb-c-side{min-width:18em;width:31%}.kb-c-path{min-width:8em}.kb-c-task{min-width:26em}
.kb-matrix{width:auto}.kb-matrix th.kb-c-unit{writing-mode:vertical-rl;text-orientation:upright;min-width:2.4em;max-height:14em;vertical-align:bottom}
#kb-ctx-col{position:sticky;top:8px;align-self:flex-start}
.kb-tree{list-style:none;padding-left:18px;line-height:1.7}.kb-tree li{cursor:pointer}
.kb-tree li.kb-picked>.kb-item,.kb-tree li.kb-picked>details>summary>.kb-item{background:#ffe58f}.kb-num{color:#0550ae;font-weight:600}
"""

# Runs once per card panel: clicking a clause asks the server for its context; the copy button copies the citation.
CARD_JS = """
element.addEventListener('click', (e) => {
  const copy = e.target.closest('.kb-copy');
  if (copy) {
    e.stopPropagation();
    const text = copy.getAttribute('data-cite') || '';
    const done = () => { copy.textContent = '已复制'; setTimeout(() => { copy.textContent = '复制引用'; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, done); }
    else { const t = document.createElement('textarea'); t.value = text; document.body.appendChild(t); t.select();
           try { document.execCommand('copy'); } catch (err) {} t.remove(); done(); }
    return;
  }
  const card = e.target.closest('[data-clause]');
  if (card) trigger('click', {clause_id: card.getAttribute('data-clause')});
});
"""

# The clause tree: clicking a clause selects it (for "用此条款做对比").
TREE_JS = """
element.addEventListener('click', (e) => {
  if (e.target.closest('summary') && e.offsetX < 16) return;  // the disclosure triangle only folds
  const item = e.target.closest('[data-clause]');
  if (!item) return;
  element.querySelectorAll('.kb-picked').forEach((x) => x.classList.remove('kb-picked'));
  item.classList.add('kb-picked');
  trigger('click', {clause_id: item.getAttribute('data-clause')});
});
"""

INTRO = "输入问题，得到各文件的原文条款、指标和可直接粘贴的引用。所有内容均来自已入库文件原文。"


def build_app(index_dir: Path, backend: Backend | None = None) -> gr.Blocks:
    """The Blocks of the app over one index (nothing is loaded until the first request)."""
    backend = backend or Backend(Path(index_dir))

    # ------------------------------------------------------------------ handlers (all wrapped by friendly)

    @friendly
    def choices() -> tuple[Any, ...]:
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
    def do_ask(question: str, region: str, level: str, doc_type: str, date_from: str, date_to: str) -> tuple[str, str]:
        question = (question or "").strip()
        if not question:
            raise gr.Error("请输入问题，例如：新建小区配建标准")
        if len(question) > 500:
            raise gr.Error("问题太长了，请控制在 500 字以内")
        filters = Filters(region=pick(region), level=pick(level), doc_type=pick(doc_type),
                          date_from=check_date(date_from, "起始日期"), date_to=check_date(date_to, "截止日期"))
        answer: Answer = backend.ask(question, filters)
        cites = [cite.text for item in (answer.items if answer.found else []) for cite in item.citations]
        return render_answer(answer), "\n".join(cites)

    @friendly
    def context(clause_id: str) -> str:
        return context_html(backend, clause_id)

    def on_card(evt: gr.EventData) -> tuple[str, str]:
        clause_id = str((getattr(evt, "_data", None) or {}).get("clause_id", ""))
        return context(clause_id), clause_id

    def on_tree_clause(evt: gr.EventData) -> tuple[str, str]:
        clause_id = str((getattr(evt, "_data", None) or {}).get("clause_id", ""))
        c = backend.clause(clause_id) if clause_id else None
        if c is None:
            return "点击下方任一条款可选中它，再用它做对比。", ""
        return f"已选中：{esc(where(c) or c.number)} {esc(shown_text(c)[:60])}", clause_id

    @friendly
    def clause_to_compare(clause_id: str) -> tuple[Any, str]:
        c = backend.clause(clause_id) if clause_id else None
        if c is None:
            raise gr.Error("请先点击一条条款（问答的答案或文档库的条款结构）")
        return gr.Tabs(selected="compare"), (c.heading or shown_text(c))[:80]

    @friendly
    def do_compare(topic: str, province: str, doc_ids: list[str] | None) -> tuple[str, list[str]]:
        topic = (topic or "").strip()
        if not topic:
            raise gr.Error("请输入对比主题，例如：新建居住区养老服务设施配建标准")
        from kb.compare import compare_topic

        known = {d.id for d in backend.documents()}
        doc_ids = [d for d in doc_ids or () if d in known]
        comp = compare_topic(backend.kb, topic, region=pick(province), doc_ids=tuple(doc_ids))
        titles = {d.id: d.title or d.id for d in backend.documents()}
        return compare_html(comp), comparison_files(comp, titles)

    @friendly
    def do_align(a: str, b: str, matched_only: bool = False) -> tuple[str, list[str]]:
        if not a or not b:
            raise gr.Error("请选择两份文件")
        if a == b:
            raise gr.Error("请选择两份不同的文件")
        known = {d.id for d in backend.documents()}
        if a not in known or b not in known:
            raise gr.Error("找不到所选文件，请刷新页面后重新选择")
        from kb.compare import align_documents

        al = align_documents(backend.kb, a, b)
        titles = {d.id: d.title or d.id for d in backend.documents()}
        shown = al.model_copy(update={"pairs": [p for p in al.pairs if p.a_clause_id and p.b_clause_ids]}) if matched_only else al
        return alignment_html(shown, titles), alignment_files(al, titles)

    @friendly
    def do_matrix(doc_ids: list[str] | None, unit: str) -> tuple[str, str, Any, list[str]]:
        if not doc_ids:
            raise gr.Error("请至少选择一份文件")
        from kb.export import build_matrix

        known = {d.id for d in backend.documents()}
        matrix = build_matrix(backend.store, [d for d in doc_ids if d in known])
        unit = pick(unit) if pick(unit) in matrix.units else None
        return (matrix_html(matrix, unit), unit_task_html(matrix, unit),
                gr.update(choices=[ALL, *matrix.units], value=unit or ALL), matrix_files(matrix))

    @friendly
    def do_indicators(doc_id: str, unit: str, keyword: str) -> tuple[Any, list[str]]:
        rows = indicator_rows(backend, pick(doc_id), keyword, pick(unit))
        import pandas as pd

        return pd.DataFrame(rows, columns=INDICATOR_HEADER), indicator_files(rows)

    @friendly
    def do_tree(doc_id: str) -> str:
        doc = backend.document_meta(doc_id) if doc_id else None
        return clause_tree_html(doc, backend.clauses(doc_id) if doc else [])

    def on_doc_row(evt: gr.SelectData) -> tuple[Any, str]:
        row = evt.row_value or []
        doc_id = str(row[DOC_ID_COLUMN]) if len(row) > DOC_ID_COLUMN else ""
        return gr.update(value=doc_id), do_tree(doc_id)

    @friendly
    def do_upload(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> list[list[object]]:  # noqa: B008
        if not files:
            raise gr.Error("请先选择要上传的文件")
        paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in files]
        return ingest_uploads(backend, paths, lambda frac, msg: progress(frac, desc=msg))

    # ------------------------------------------------------------------ layout

    with gr.Blocks(title=APP_TITLE, analytics_enabled=False, delete_cache=(1800, 3600)) as demo:
        gr.Markdown(f"## {APP_TITLE}\n{INTRO}")
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="ask", elem_id="tab-ask"):
                with gr.Row():
                    question = gr.Textbox(label="问题", placeholder="例如：新建小区配建标准", scale=5, elem_id="kb-question",
                                          max_length=500)
                    ask_btn = gr.Button("提问", variant="primary", scale=1, elem_id="kb-ask")
                gr.Examples(EXAMPLE_QUESTIONS, inputs=question, label="示例问题")
                with gr.Accordion("筛选条件", open=False):
                    with gr.Row():
                        region = gr.Dropdown([ALL], value=ALL, label="地区", allow_custom_value=True)
                        level = gr.Dropdown([(ALL, ALL), *[(v, k) for k, v in LEVELS.items()]], value=ALL, label="层级")
                        doc_type = gr.Dropdown([ALL], value=ALL, label="文件类型", allow_custom_value=True)
                        # a calendar picker; typed dates are still checked (the picker's text field accepts anything)
                        date_from = gr.DateTime(label="起始日期", include_time=False, type="string", elem_id="kb-date-from")
                        date_to = gr.DateTime(label="截止日期", include_time=False, type="string", elem_id="kb-date-to")
                with gr.Row():
                    with gr.Column(scale=3):
                        cards = gr.HTML('<div class="kb-empty">请输入问题或点击示例。</div>', elem_id="kb-answer",
                                        js_on_load=CARD_JS)
                        cites = gr.Textbox(label="全部引用（可复制粘贴）", lines=3, buttons=["copy"], interactive=False,
                                           elem_id="kb-cites")
                    with gr.Column(scale=2, elem_id="kb-ctx-col"):
                        gr.Markdown("**条款上下文**（点击左侧条款）")
                        ctx = gr.HTML('<div class="kb-empty">点击答案中的条款，在这里查看它在原文中的位置。</div>',
                                      elem_id="kb-context", js_on_load=None)
                        picked = gr.State("")
                        to_compare = gr.Button("用此条款做对比", size="sm", elem_id="kb-to-compare")
            with gr.Tab("条款对比", id="compare", elem_id="tab-compare"):
                with gr.Row():
                    topic = gr.Textbox(label="对比主题", placeholder="例如：新建居住区养老服务设施配建标准", scale=4,
                                       elem_id="kb-topic")
                    province = gr.Dropdown([ALL], value=ALL, label="省份范围", scale=1, allow_custom_value=True)
                    cmp_docs = gr.Dropdown([], multiselect=True, label="限定文件（可不选）", scale=2, allow_custom_value=True)
                    cmp_btn = gr.Button("对比", variant="primary", scale=1, elem_id="kb-compare-btn")
                cmp_out = gr.HTML(elem_id="kb-compare", js_on_load=None)
                cmp_files = gr.File(label="下载对比表（XLSX / CSV）", file_count="multiple", interactive=False,
                                    elem_id="kb-compare-files")
                gr.Markdown("**文件逐条对齐**：左为基准文件（如省级方案），右为对照文件（如市级方案）")
                with gr.Row():
                    doc_a = gr.Dropdown([], label="基准文件", allow_custom_value=True, elem_id="kb-doc-a")
                    doc_b = gr.Dropdown([], label="对照文件", allow_custom_value=True, elem_id="kb-doc-b")
                    matched_only = gr.Checkbox(label="只看两边都有的条款", value=True, scale=0)
                    align_btn = gr.Button("逐条对齐", scale=0, elem_id="kb-align-btn")
                align_out = gr.HTML(elem_id="kb-align", js_on_load=None)
                align_files = gr.File(label="下载对齐表（XLSX / CSV）", file_count="multiple", interactive=False)
            with gr.Tab("责任矩阵", id="matrix", elem_id="tab-matrix"):
                with gr.Row():
                    mx_docs = gr.Dropdown([], multiselect=True, label="选择文件", scale=4, allow_custom_value=True)
                    mx_unit = gr.Dropdown([ALL], value=ALL, label="按单位筛选", scale=2, allow_custom_value=True)
                    mx_btn = gr.Button("生成矩阵", variant="primary", scale=1, elem_id="kb-matrix-btn")
                mx_files = gr.File(label="下载责任矩阵（XLSX / CSV）", file_count="multiple", interactive=False,
                                   elem_id="kb-matrix-files")
                mx_out = gr.HTML(elem_id="kb-matrix", js_on_load=None)
                gr.Markdown("**各单位任务清单**")
                mx_units = gr.HTML(elem_id="kb-units", js_on_load=None)
            with gr.Tab("指标库", id="indicators", elem_id="tab-indicators") as ind_tab:
                with gr.Row():
                    ind_doc = gr.Dropdown([(ALL, ALL)], value=ALL, label="文件", scale=3, allow_custom_value=True)
                    ind_unit = gr.Dropdown([ALL], value=ALL, label="单位", scale=1, allow_custom_value=True)
                    ind_kw = gr.Textbox(label="关键词", placeholder="如：床位、养老服务设施", scale=2)
                    ind_btn = gr.Button("筛选", variant="primary", scale=1)
                ind_table = gr.Dataframe(headers=INDICATOR_HEADER, interactive=False, wrap=True, show_search="filter",
                                         elem_id="kb-indicators")
                ind_files = gr.File(label="下载指标（XLSX / CSV）", file_count="multiple", interactive=False)
            with gr.Tab("文档库", id="docs", elem_id="tab-docs"):
                docs_table = gr.Dataframe(headers=DOC_HEADER, interactive=False, wrap=True, column_widths=["32%"],
                                          label="已入库文件（点击一行查看条款结构）", elem_id="kb-docs")
                with gr.Row():
                    with gr.Column(scale=2):
                        up_files = gr.File(label=f"上传文件（{' '.join(UPLOAD_SUFFIXES)}，单个不超过 "
                                                 f"{backend.settings.max_file_mb} MB）",
                                           file_count="multiple", elem_id="kb-upload")  # types checked per file
                        up_btn = gr.Button("入库", variant="primary", elem_id="kb-upload-btn")
                    with gr.Column(scale=3):
                        up_result = gr.Dataframe(headers=RESULT_HEADER, interactive=False, wrap=True, label="入库结果",
                                                 elem_id="kb-upload-result")
                with gr.Row():
                    tree_doc = gr.Dropdown([], label="查看文件的条款结构", scale=4, elem_id="kb-tree-doc", allow_custom_value=True)
                    tree_btn = gr.Button("查看", scale=1, elem_id="kb-tree-btn")
                with gr.Row():
                    tree_picked_md = gr.HTML("点击下方任一条款可选中它，再用它做对比。", elem_id="kb-tree-picked",
                                             js_on_load=None)
                    tree_to_compare = gr.Button("用此条款做对比", size="sm", scale=0, elem_id="kb-tree-to-compare")
                tree_picked = gr.State("")
                tree_out = gr.HTML(elem_id="kb-tree", js_on_load=TREE_JS)

        # ------------------------------------------------------------------ events
        choice_outputs = [region, doc_type, province, cmp_docs, doc_a, doc_b, mx_docs, ind_doc, ind_unit, tree_doc,
                          docs_table]
        demo.load(choices, outputs=choice_outputs, api_name="choices")
        ask_inputs = [question, region, level, doc_type, date_from, date_to]
        ask_btn.click(do_ask, ask_inputs, [cards, cites], api_name="ask")
        question.submit(do_ask, ask_inputs, [cards, cites], api_visibility="private")
        cards.click(on_card, None, [ctx, picked], api_visibility="private")
        gr.api(context, api_name="context")
        to_compare.click(clause_to_compare, picked, [tabs, topic], api_visibility="private")
        cmp_btn.click(do_compare, [topic, province, cmp_docs], [cmp_out, cmp_files], api_name="compare")
        topic.submit(do_compare, [topic, province, cmp_docs], [cmp_out, cmp_files], api_visibility="private")
        align_btn.click(do_align, [doc_a, doc_b, matched_only], [align_out, align_files], api_name="align")
        mx_btn.click(do_matrix, [mx_docs, mx_unit], [mx_out, mx_units, mx_unit, mx_files], api_name="matrix")
        mx_unit.input(do_matrix, [mx_docs, mx_unit], [mx_out, mx_units, mx_unit, mx_files], api_visibility="private")
        ind_btn.click(do_indicators, [ind_doc, ind_unit, ind_kw], [ind_table, ind_files], api_name="indicators")
        ind_tab.select(do_indicators, [ind_doc, ind_unit, ind_kw], [ind_table, ind_files], api_visibility="private")
        tree_btn.click(do_tree, tree_doc, tree_out, api_name="tree")
        tree_doc.input(do_tree, tree_doc, tree_out, api_visibility="private")
        docs_table.select(on_doc_row, None, [tree_doc, tree_out], api_visibility="private")
        tree_out.click(on_tree_clause, None, [tree_picked_md, tree_picked], api_visibility="private")
        tree_to_compare.click(clause_to_compare, tree_picked, [tabs, topic], api_visibility="private")
        up_btn.click(do_upload, up_files, up_result, api_name="upload", concurrency_limit=1,
                     concurrency_id="build").then(choices, None, choice_outputs, api_visibility="private")
    return demo


# =========================================================================== downloads


def comparison_files(comp: Comparison, titles: dict[str, str]) -> list[str]:
    """XLSX + CSV of a topic comparison (kb.compare's table and writer)."""
    from kb.compare import comparison_table, write_table

    folder = out_dir()
    header, rows = comparison_table(comp, titles)
    title = f"条款对比：{comp.topic}"
    return [str(write_table(folder / f"条款对比.{fmt}", title, header, rows, fmt)) for fmt in ("xlsx", "csv")]


def alignment_files(al: Alignment, titles: dict[str, str]) -> list[str]:
    from kb.compare import alignment_table, write_table

    folder = out_dir()
    header, rows = alignment_table(al)
    title = f"逐条对齐：A {titles.get(al.doc_a, al.doc_a)} / B {titles.get(al.doc_b, al.doc_b)}"
    return [str(write_table(folder / f"逐条对齐.{fmt}", title, header, rows, fmt)) for fmt in ("xlsx", "csv")]


def matrix_files(matrix: Any) -> list[str]:
    """责任矩阵.xlsx (two sheets) and its CSVs (kb.export.write_matrix)."""
    from kb.export import write_matrix

    folder = out_dir()
    return [str(p) for fmt in ("xlsx", "csv") for p in write_matrix(matrix, folder / f"责任矩阵.{fmt}", fmt)]


def indicator_files(rows: list[list[object]]) -> list[str]:
    from kb.export import Sheet, write_csv, write_xlsx

    folder = out_dir()
    sheet = Sheet(name="指标库", header=INDICATOR_HEADER, rows=rows, title="指标库", max_widths={0: 40, 7: 40, 8: 40})
    return [str(write_xlsx(folder / "指标库.xlsx", [sheet])), str(write_csv(folder / "指标库.csv", INDICATOR_HEADER, rows))]


# =========================================================================== start


def serve(index_dir: Path, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> None:
    """Start the app (blocking): queue for concurrent users, optional login, uploads capped by size."""
    credentials = parse_auth(auth)
    backend = Backend(Path(index_dir))
    demo = build_app(Path(index_dir), backend)
    threading.Thread(target=backend.warm, name="kb-warm", daemon=True).start()
    demo.queue(default_concurrency_limit=4)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=credentials,
        auth_message="政策知识库：请登录" if credentials else None,
        max_file_size=f"{backend.settings.max_file_mb}mb",
        show_error=False,
        footer_links=[],
        css=CSS,
        theme=gr.themes.Soft(),
        ssr_mode=False,
        mcp_server=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=f"{APP_TITLE} web app")
    parser.add_argument("--index", default=os.environ.get("KB_INDEX", str(DEFAULT_INDEX)), help="index folder")
    parser.add_argument("--host", default=os.environ.get("KB_HOST", "127.0.0.1"),
                        help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("KB_PORT", "7860")))
    parser.add_argument("--auth", default=os.environ.get("KB_AUTH"), metavar="USER:PASSWORD",
                        help="require a login (or set KB_AUTH)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        serve(Path(args.index), args.host, args.port, args.auth)
    except KBError as e:
        print(f"错误 error: {e}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
