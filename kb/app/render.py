"""HTML of every panel: answer cards, clause context, comparison and alignment tables, clause trees, matrix.

Pure functions of kb.models values; every document text goes through ``esc`` before it becomes HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kb.models import Alignment, Answer, AnswerItem, Clause, Comparison, DocumentMeta

if TYPE_CHECKING:
    from kb.app.backend import Backend

LEVELS = {"national": "国家", "province": "省级", "city": "市级", "county": "县级"}


def esc(value: object) -> str:
    """HTML-escape any value (quotes too: safe inside attributes)."""
    return html.escape("" if value is None else str(value), quote=True)



def level_name(level: str) -> str:
    return LEVELS.get(level or "", level or "")


def relation_label(relation: str, label: str = "") -> str:
    """The badge of a compared clause: kb.compare.relations' label (照搬 加码 …); the reference row is 基准."""
    from kb.compare.relations import LABELS

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


def highlight(text: str, spans: Iterable[tuple[int, int]], sentence: tuple[int, int] | None = None,
              words: Iterable[tuple[int, int]] = ()) -> str:
    """Escaped ``text`` with ``<mark class="kb-fig">`` around each figure span, the answering ``sentence`` in
    ``<span class="kb-hit">`` and the question's ``words`` in ``<b class="kb-q">`` (bad spans dropped)."""
    flags = [0] * len(text)
    for bit, ranges in ((1, [sentence] if sentence else []), (2, spans), (4, words)):
        for s, e in ranges:
            if 0 <= s < e <= len(text):
                for i in range(s, e):
                    flags[i] |= bit
    out, pos = [], 0
    while pos < len(text):
        end = pos
        while end < len(text) and flags[end] == flags[pos]:
            end += 1
        piece, f = esc(text[pos:end]), flags[pos]
        if f & 4:
            piece = f'<b class="kb-q">{piece}</b>'
        if f & 2:
            piece = f'<mark class="kb-fig">{piece}</mark>'
        if f & 1:
            piece = f'<span class="kb-hit">{piece}</span>'
        out.append(piece)
        pos = end
    return "".join(out)


def where(clause: Clause) -> str:
    """The heading line above a shown clause: its path, without its own number when the text starts with it."""
    parts = [p for p in clause.path if p]
    if clause.number and not shown_text(clause).lstrip().startswith(clause.number):
        parts.append(clause.number)
    return " › ".join(parts)


def render_answer(answer: Answer) -> str:
    """The summary table of asked figures, then one card per document, best answer first; the documents that
    are related but do not state what was asked come last under their own heading."""
    if not answer.found or not answer.items:
        msg = answer.message or "没有找到与问题相关的条款。可以换个说法，或放宽筛选条件。"
        return f'<div class="kb-empty">{esc(msg)}</div>'
    direct = sum(1 for i in answer.items if i.direct)
    head = (f'<div class="kb-summary">共 {len(answer.items)} 份文件有相关条款，其中 {direct} 份直接回答了问题'
            "（按回答程度排序；点击条款查看上下文）</div>")
    parts = [head, summary_html(answer)]
    for n, item in enumerate(answer.items, 1):
        if not item.direct and (n == 1 or answer.items[n - 2].direct):
            parts.append('<div class="kb-related">以下文件与问题相关，但没有写明所问的数额或单位：</div>')
        parts.append(render_item(n, item, answer.terms))
    return "".join(parts)


def summary_html(answer: Answer) -> str:
    """地区 | 文件 | 标准/数额 | 条款: the asked figures of the answering sentences, one row per clause."""
    if not answer.summary:
        return ""
    from kb.export import format_figure

    rows = []
    for r in answer.summary:
        figures = "；".join(dict.fromkeys(format_figure(i) for i in r.indicators))
        doc = esc(r.title) + (f'<br><small>{esc(r.doc_number)}</small>' if r.doc_number else "")
        rows.append(f'<tr data-clause="{esc(r.clause_id)}"><td>{esc(r.region)}<br><small>{esc(level_name(r.level))}'
                    f'</small></td><td>{doc}</td><td class="kb-sum-fig">{esc(figures)}</td><td>{esc(r.path)}</td></tr>')
    return ('<table class="kb-table kb-sumtable"><tr><th>地区</th><th>文件</th><th>标准/数额</th><th>条款</th></tr>'
            + "".join(rows) + "</table>")


def render_item(n: int, item: AnswerItem, terms: Sequence[str] = ()) -> str:
    """One answer card: document header with its level as a label, clause(s) with the answering sentence, the
    question's words and figures marked, citation + copy button, and the match ranks (shown on request)."""
    from kb.answers import word_spans
    from kb.export import format_figure

    doc = item.document
    meta = " · ".join(esc(x) for x in (doc.doc_number, doc.date, doc.region) if x)
    level = level_name(doc.level)
    badge = f'<span class="kb-level kb-level-{esc(doc.level or "none")}">{esc(level)}</span> ' if level else ""
    cls = "kb-card" if item.direct else "kb-card kb-card-related"
    parts = [
        f'<div class="{cls}" data-doc="{esc(doc.id)}">',
        f'<div class="kb-card-head"><span class="kb-n">{n}</span> {badge}<b class="kb-title">{esc(doc.title or doc.id)}</b>'
        f'<span class="kb-meta">{meta}</span></div>',
    ]
    sentences = {p.clause_id: (p.start, p.end) for p in item.passages}
    for clause, cite in zip(item.clauses, item.citations, strict=True):  # KnowledgeBase.citation: one each
        spans = [(i.start, i.end) for i in item.indicators if i.clause_id == clause.id]
        prov = []
        if clause.page:
            prov.append(f"第{clause.page}页")
        if clause.ocr_confidence is not None:
            prov.append(f"OCR，置信度{clause.ocr_confidence:.2f}")
        text = shown_text(clause)
        sentence = sentences.get(clause.id)
        if sentence and sentence[1] - sentence[0] >= len(text.strip()) - 2:
            sentence = None  # a one-sentence clause: nothing to single out
        marked = highlight(text, spans, sentence, word_spans(text, terms))
        parts.append(
            f'<div class="kb-clause" data-clause="{esc(clause.id)}" title="点击查看上下文">'
            f'<div class="kb-path">{esc(where(clause))}'
            + (f' <span class="kb-prov">{esc("；".join(prov))}</span>' if prov else "")
            + f'</div><div class="kb-text">{marked}</div></div>'
            f'<div class="kb-cite"><span class="kb-cite-text">{esc(cite.text)}</span>'
            f'<button class="kb-copy" type="button" data-cite="{esc(cite.text)}">复制引用</button></div>'
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


DOC_HEADER = ["标题", "文号", "日期", "地区", "省份", "层级", "类型", "条款数", "覆盖率", "来源文件"]  # no internal ids


def document_rows(docs: Sequence[DocumentMeta]) -> list[list[object]]:
    return [
        [d.title, d.doc_number, d.date, d.region, d.province, level_name(d.level), d.doc_type, d.clauses,
         f"{d.coverage:.0%}", d.source]
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


def matrix_html(matrix: Any, unit: str | None) -> str:
    """Tasks x units with 牵头/配合 cells (kb.export.build_matrix), optionally one unit's column only."""
    from kb.export import cell_label, doc_label

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
        body.append(f"<tr><td>{n}</td>" + (f"<td>{esc(doc_label(matrix, t.doc_id))}</td>" if multi else "")
                    + f'<td class="kb-path">{esc(" › ".join(x for x in (t.path, t.number) if x))}</td><td>{esc(t.text)}</td>'
                    f'<td>{esc("；".join(t.deadlines))}</td><td>{esc("；".join(t.figures))}</td>{cells}</tr>')
    return f'<div class="kb-scroll"><table class="kb-table kb-matrix">{head}{"".join(body)}</table></div>'


def unit_task_html(matrix: Any, unit: str | None) -> str:
    """Per unit: its tasks with role and deadlines (the list a bureau prints); roles as in the table (cell_label)."""
    from kb.export import cell_label

    task_of = {t.clause_id: t for t in matrix.tasks}
    out = []
    for u in [unit] if unit else matrix.units:
        mine = [d for d in matrix.duties if d.unit == u]
        if not mine:
            continue
        items = "".join(
            f'<li><b>{esc(cell_label(task_of[d.clause_id], d.unit))}</b> <span class="kb-path">{esc(" › ".join(x for x in (d.path, d.number) if x))}</span> '
            f"{esc(d.text)}" + (f' <i>（时限：{esc("；".join(d.deadlines))}）</i>' if d.deadlines else "")
            + (' <small>（全文统一要求）</small>' if d.inherited else "") + "</li>"
            for d in mine
        )
        out.append(f'<details class="kb-unit" {"open" if unit else ""}><summary>{esc(u)}（{len(mine)} 项）</summary>'
                   f"<ol>{items}</ol></details>")
    return "".join(out) or '<div class="kb-empty">没有任务。</div>'
